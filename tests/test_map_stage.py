"""The map stage on the layouts real governments write: what a column holds is decided by its values, every row
gets a role, each code notation is read, and nothing is passed in silence. Real files written through openpyxl,
checked through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workbooks import RENJA_HEADER, write_xlsx

URUSAN = "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR"
BIDANG = "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA"
PROGRAM = "PROGRAM PENATAAN DESA"
KEGIATAN = "Penyelenggaraan Penataan Desa"
PENATAAN = "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa"
TATA_WILAYAH = "Fasilitasi Tata Wilayah Desa"
KEWENANGAN = "Fasilitasi Penataan Kewenangan Desa"
ATK = ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor")
KERTAS = ("5.1.02.01.01.0025", "Belanja Alat/Bahan untuk Kegiatan Kantor- Kertas dan Cover")
DPMD = ("2.13.0.00.0.00.01.0000", "Dinas Pemberdayaan Masyarakat dan Desa")


def check(cli, path: Path, tahun: str = "2024", *args: str) -> tuple[int, dict]:
    result = cli("check", str(path), "--tahun", tahun, "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def rules(data: dict) -> list[tuple[str, str, str | None]]:
    return sorted((f["rule"], f["severity"], f["cell"]) for f in data["findings"])


def sipd_flat(rows: list[tuple]) -> list[tuple]:
    """A SIPD flat export: one code and one name column per level, one row per sub kegiatan x sumber dana x akun."""
    header = ("KODE URUSAN", "NAMA URUSAN", "KODE SKPD", "NAMA SKPD", "KODE SUB UNIT", "NAMA SUB UNIT",
              "KODE BIDANG URUSAN", "NAMA BIDANG URUSAN", "KODE PROGRAM", "NAMA PROGRAM", "KODE KEGIATAN",
              "NAMA KEGIATAN", "KODE SUB KEGIATAN", "NAMA SUB KEGIATAN", "KODE SUMBER DANA", "NAMA SUMBER DANA",
              "KODE REKENING", "NAMA REKENING", "PAGU")
    out = [header]
    for sub, name, dana, akun, pagu, *unit in rows:
        unit_code = unit[0] if unit else DPMD[0]
        out.append(("2", URUSAN, DPMD[0], DPMD[1], unit_code, "Sub unit", "2.13", BIDANG, "2.13.02", PROGRAM,
                    "2.13.02.2.01", KEGIATAN, sub, name, dana, "DAU", *akun, pagu))
    return out


def test_a_sipd_flat_export_repeats_its_sub_kegiatan_on_purpose(tmp_path: Path, cli) -> None:
    """One row per sub kegiatan x sumber dana x akun: every level's code and name judged once where it first
    appears, the rows are account lines, and no repeat is a duplicate."""
    path = write_xlsx(tmp_path / "rekap.xlsx", {"Sheet 1": sipd_flat([
        ("2.13.02.2.01.0001", PENATAAN, "1.1.01", ATK, 100),
        ("2.13.02.2.01.0001", PENATAAN, "1.1.01", KERTAS, 200),
        ("2.13.02.2.01.0001", PENATAAN, "1.1.02", ATK, 300),
        ("2.13.02.2.01.0002", "Fasilitasi Tata Wilayah", "1.1.01", ATK, 400),     # 5 a wrong name, on 2 rows
        ("2.13.02.2.01.0002", "Fasilitasi Tata Wilayah", "1.1.01", KERTAS, 500),
        ("2.13.02.2.01.0003", KEWENANGAN, None, (None, None), None),              # 7 no budget yet
    ])})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert rules(data) == [("NK202", "error", "N5")], data["findings"]
    assert code == 1
    assert data["files"][0]["roles"] == {"sub_kegiatan": 1, "akun": 5}
    assert data["files"][0]["rows_checked"] == 6


def test_cascading_code_columns_with_office_rows_and_text_amounts(tmp_path: Path, cli) -> None:
    """SIPD-RI rekap: bidang, office, program/kegiatan/sub kegiatan and akun each in a column of their own, repeated
    down the rows; two header rows; amounts written as Indonesian text."""
    org = "2.13.2.20.0.00.01.0000"
    rows = [("KAB. PASER",), ("REKAPITULASI BELANJA MENURUT URUSAN, ORGANISASI, PROGRAM, KEGIATAN",),
            ("TAHUN ANGGARAN 2024",), (),
            ("Kode", None, None, None, "Uraian Urusan, Organisasi, Program, Kegiatan, Sub Kegiatan", "Anggaran"),
            (None, None, None, None, None, "Operasi"),
            ("2", None, None, None, URUSAN, "1.000,00"),
            ("2.13", None, None, None, BIDANG, "1.000,00"),
            ("2.13", org, None, None, "Dinas Pemberdayaan Masyarakat dan Desa", "1.000,00"),
            ("2.13", org, "2.13.02", None, PROGRAM, "1.000,00"),
            ("2.13", org, "2.13.02.2.01", None, KEGIATAN, "1.000,00"),
            ("2.13", org, "2.13.02.2.01.0001", None, PENATAAN, "600,00"),
            ("2.13", org, "2.13.02.2.01.0001", "5.1.02", "Belanja Barang dan Jasa", "600,00"),
            ("2.13", org, "2.13.02.2.01.0001", ATK[0], ATK[1], "600,00"),
            ("2.13", org, "2.13.02.2.01.0002", None, "Fasilitasi Tata Wilayah Desa", "400,00"),
            ("2.13", org, "2.13.02.2.01.0002", ATK[0], ATK[1], "400,00"),
            (None, None, None, None, "Jumlah", "1.000,00")]
    path = write_xlsx(tmp_path / "rekap.xlsx", {"Sheet1": rows})
    code, data = check(cli, path)
    assert data["findings"] == [] and code == 0
    assert data["files"][0]["roles"] == {"urusan": 1, "bidang": 1, "program": 1, "kegiatan": 1, "sub_kegiatan": 2,
                                         "opd": 1, "akun": 3, "jumlah": 1}
    assert data["files"][0]["level"] == "kabkota" and data["files"][0]["region"] == "64.01"


def test_one_rekening_column_holding_every_kind_of_code(tmp_path: Path, cli) -> None:
    """RAK belanja: the header says "Kode Rekening", the column holds urusan, bidang, office, program, kegiatan,
    sub kegiatan and account rows, accounts in the 2026 shape; working sheets without codes are named, not
    checked."""
    rows = [("RENCANA ANGGARAN KAS SATUAN KERJA PERANGKAT DAERAH KAB. PASER TAHUN 2024",), (),
            ("Kode Rekening", "Uraian", "Anggaran Tahun Ini"),
            ("2", URUSAN, 300), ("2.13", BIDANG, 300), (DPMD[0], DPMD[1], 300), ("2.13.02", PROGRAM, 300),
            ("2.13.02.2.01", KEGIATAN, 300), ("2.13.02.2.01.0001", PENATAAN, 300),
            ("5", "BELANJA DAERAH", 300), ("5.1.02", "Belanja Barang dan Jasa", 300),
            ("5.1.02.01.001", "Belanja Barang Pakai Habis", 300),
            ("5.1.02.01.001.00024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", 300),
            ("2.13.02.2.01.0009", "Sub kegiatan yang tidak ada", 0),
            ("JUMLAH", None, 300)]
    path = write_xlsx(tmp_path / "rak.xlsx", {"RAK Belanja": rows, "Sheet1": [("", "Kegiatan", "Anggaran"),
                                                                             ("", "Relasi Media", 5)]})
    code, data = check(cli, path)
    assert rules(data) == [("NK201", "error", "A14")], data["findings"]
    roles = data["files"][0]["roles"]
    assert roles == {"urusan": 1, "bidang": 1, "program": 1, "kegiatan": 1, "sub_kegiatan": 2, "opd": 1,
                     "akun": 4, "jumlah": 1}, roles
    assert data["files"][0]["sheets_without_codes"] == ["Sheet1"]


def test_a_title_row_is_never_part_of_the_header(tmp_path: Path, cli) -> None:
    """A title containing "perangkat daerah" above the header does not label the columns below it, and its
    region is read."""
    rows = [("RENCANA KERJA PERANGKAT DAERAH TAHUN 2021",), ("KABUPATEN PASER",),
            ("No", "Kode Sub Kegiatan", "Sub Kegiatan", "Pagu"),
            (1, "2.13.02.2.01.01", PENATAAN, 100), (2, "2.13.02.2.01.02", "Fasilitasi Wilayah Desa", 100)]
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2021")
    assert rules(data) == [("NK202", "error", "C5")]   # the bare "Sub Kegiatan" over text is the name column
    assert (data["files"][0]["level"], data["files"][0]["region"]) == ("kabkota", "64.01")


def test_code_and_name_in_one_cell_on_every_level(tmp_path: Path, cli) -> None:
    rows = [("Kode dan Nomenklatur", "Pagu"),
            (f"2.13.02 {PROGRAM}", 300), (f"2.13.02.2.01 {KEGIATAN}", 300),
            (f"2.13.02.2.01.0001 {PENATAAN}", 300), (f"{ATK[0]} {ATK[1]}", 300),
            ("2.13.02.2.01.0002 Fasilitasi Tata Wilayah", 0)]
    path = write_xlsx(tmp_path / "gabung.xlsx", {"DPMD": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert rules(data) == [("NK202", "error", "A6")]
    assert data["files"][0]["roles"] == {"program": 1, "kegiatan": 1, "sub_kegiatan": 2, "akun": 1}


def test_codes_written_after_the_office_code(tmp_path: Path, cli) -> None:
    """SIPD joins the office's code and the sub kegiatan's (`kode organisasi_kode sub`), or writes them one after
    the other: the program code is read, and the office is known."""
    rows = [("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu"),
            (f"{DPMD[0]}_2.13.02.2.01.0001", PENATAAN, 100),
            (f"{DPMD[0]}.2.13.02.2.01.0002", TATA_WILAYAH, 100),
            (f"{DPMD[0]} 1.02.02.2.01.0001", "Pengembangan Rumah Sakit", 100)]
    path = write_xlsx(tmp_path / "gabung.xlsx", {"Pagu": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert [(f["rule"], f["cell"]) for f in data["findings"] if f["rule"] != "NK202"] == [("NK303", "A4")]
    assert data["files"][0]["roles"] == {"sub_kegiatan": 3}


def test_a_notation_that_is_not_permendagri_90_is_one_finding(tmp_path: Path, cli) -> None:
    """A SIMDA print converted from PDF: one NK006 naming the notation, its rows counted as not read; the
    signature block below the JUMLAH row is a note, not a code."""
    rows = [("PEMERINTAH KABUPATEN LABUHANBATU SELATAN",), ("KODE", "URAIAN", "ANGGARAN"),
            *[(f"2.17 . 2-17.3-30.3-31.01.0.0 . 1.2.0{n}", "Program", 100) for n in range(1, 8)],
            ("Jumlah", None, 700), ("Kotapinang, 4 Agustus 2022\nPENGGUNA ANGGARAN",), ("NIP. 196904231996031001",)]
    path = write_xlsx(tmp_path / "simda.xlsx", {"Table 1": rows})
    code, data = check(cli, path, "2022")
    assert rules(data) == [("NK006", "error", None)], data["findings"]
    assert code == 1 and "SIMDA" in data["findings"][0]["message"] and "7 baris" in data["findings"][0]["message"]
    assert data["files"][0]["roles"] == {"jumlah": 1, "tak_terbaca": 7, "catatan": 2}


def test_a_table_without_code_rows_is_said_and_fails(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "kosong.xlsx", {"Renja": [RENJA_HEADER]})
    code, data = check(cli, path, "2021")
    assert [f["rule"] for f in data["findings"]] == ["NK002", "NK003"] and code == 1
    assert "belum diperiksa" in data["findings"][0]["message"]


def test_a_sheet_of_numbers_says_which_headers_would_make_it_readable(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "angka.xlsx", {"Data": [(1, 2, 3), (4, 5, 6)]})
    code, data = check(cli, path, "2021")
    assert [f["rule"] for f in data["findings"]] == ["NK002"] and code == 1
    assert "'Data'" in data["findings"][0]["message"] and "Kode Sub Kegiatan" in data["findings"][0]["message"]


def test_paket_rows_under_a_sub_kegiatan_are_not_wrong_names_or_duplicates(tmp_path: Path, cli) -> None:
    """Procurement packages under their sub kegiatan, the sub kegiatan's code repeated beside them."""
    rows = [("Kode", "Uraian", "Pagu"),
            ("2.13.02.2.01.0001", PENATAAN, 300),
            ("2.13.02.2.01.0001", "Belanja jasa konsultan penataan batas desa", 200),
            ("2.13.02.2.01.0001", "Pengadaan peta desa skala 1:5000", 100),
            ("2.13.02.2.01.0002", TATA_WILAYAH, 50),
            (None, "Honor tim verifikasi", 50)]
    path = write_xlsx(tmp_path / "paket.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert data["findings"] == [] and code == 0
    assert data["files"][0]["roles"] == {"sub_kegiatan": 2, "paket": 3}


def test_repeats_identical_rows_are_errors_differing_rows_one_warning(tmp_path: Path, cli) -> None:
    rows = [("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu", "Lokasi"),
            ("2.13.02.2.01.0001", PENATAAN, 100, "Desa A"),          # 2
            ("2.13.02.2.01.0002", TATA_WILAYAH, 100, "Desa A"),      # 3
            ("2.13.02.2.01.0001", PENATAAN, 100, "Desa A"),          # 4 identical to 2: error
            ("2.13.02.2.01.0002", TATA_WILAYAH, 250, "Desa B"),      # 5 differs from 3
            ("2.13.02.2.01.0002", TATA_WILAYAH, 300, "Desa C")]      # 6 differs too: one warning for 3, 5, 6
    path = write_xlsx(tmp_path / "ganda.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert rules(data) == [("NK403", "error", "A4"), ("NK403", "warning", "A5")]
    warning = next(f for f in data["findings"] if f["severity"] == "warning")
    assert "3 kali" in warning["message"] and {r["cell"] for r in warning["related"]} == {"A3", "A6"}


def test_rows_of_a_sub_kegiatan_that_differ_only_in_sumber_dana_are_not_identical(tmp_path: Path, cli) -> None:
    """Same pagu and lokasi, another sumber dana: the rows differ (one warning), they are no identical copies
    (an error); rows equal in sumber dana too are."""
    rows = [("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Sumber Dana", "Pagu", "Lokasi"),
            ("2.13.02.2.01.0001", PENATAAN, "DAU", 100, "Desa A"),      # 2
            ("2.13.02.2.01.0001", PENATAAN, "PAD", 100, "Desa A"),      # 3 differs from 2 in sumber dana only
            ("2.13.02.2.01.0002", TATA_WILAYAH, "DAU", 100, "Desa A"),  # 4
            ("2.13.02.2.01.0002", TATA_WILAYAH, "DAU", 100, "Desa A")]  # 5 identical to 4
    path = write_xlsx(tmp_path / "dana.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert rules(data) == [("NK403", "error", "A5"), ("NK403", "warning", "A3")] and code == 1
    assert data["files"][0]["roles"] == {"sub_kegiatan": 4}


def test_the_same_sub_kegiatan_in_two_sub_units_is_no_repeat(tmp_path: Path, cli) -> None:
    """A SIPD pagu export: the health office plans a sub kegiatan once per puskesmas (sub unit)."""
    path = write_xlsx(tmp_path / "pagu.xlsx", {"Sheet 1": sipd_flat([
        ("2.13.02.2.01.0001", PENATAAN, None, (None, None), 100, "2.13.0.00.0.00.01.0001"),
        ("2.13.02.2.01.0001", PENATAAN, None, (None, None), 100, "2.13.0.00.0.00.01.0002"),
    ])})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert data["findings"] == [] and code == 0


def test_the_list_of_another_year_only_warns_and_says_so(tmp_path: Path, cli) -> None:
    """FY2028 has no list of its own: a code missing from the nearest list is a warning naming why."""
    rows = [("Kode", "Uraian", "Pagu"), ("2.13.02.2.01.0001", PENATAAN, 100), ("2.13.02.2.01.0999", "Baru", 100)]
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2028", "--tingkat", "kabkota")
    assert rules(data) == [("NK201", "warning", "A3")] and code == 0
    assert "bukan daftar resmi TA 2028" in data["findings"][0]["message"]


def test_an_office_name_of_a_province_makes_a_provincial_file(tmp_path: Path, cli) -> None:
    rows = [("kode_skpd", "nama_skpd", "kode_rekening", "uraian", "jumlah_rp"),
            ("7.01.01", "Sekretariat Daerah Aceh", "5.1.02.01.01.0024", "Alat Tulis Kantor", 100)]
    path = write_xlsx(tmp_path / "apba.xlsx", {"Lampiran": rows})
    code, data = check(cli, path, "2021")
    assert (data["files"][0]["level"], data["files"][0]["region"]) == ("provinsi", "11")
    assert data["files"][0]["roles"] == {"akun": 1} and data["findings"] == []


def test_text_report_shows_rows_by_role(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "paket.xlsx", {"Renja": [("Kode", "Uraian", "Pagu"),
                                                          ("2.13.02.2.01.0001", PENATAAN, 300),
                                                          (None, "Honor tim verifikasi", 300)]})
    result = cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota")
    assert "2 baris diperiksa: 1 sub kegiatan, 1 paket/rincian" in result.stdout.splitlines()[0]
    english = cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota", "--lang", "en")
    assert "2 rows checked: 1 sub kegiatan, 1 package/detail" in english.stdout.splitlines()[0]


def test_codes_of_another_shape_are_one_finding_slips_in_p90_codes_one_each(tmp_path: Path, cli) -> None:
    """Permendagri 13/2006 codes (`1.01.01.01.001`) are another notation: one NK006 for the sheet. Codes of the
    Permendagri 90 shape with a slip (`2.13.AB.2.01.0001`) are each their row's mistake (NK101)."""
    other = write_xlsx(tmp_path / "lama.xlsx", {"RKA": [("Kode", "Uraian", "Pagu"),
                                                        *[(f"1.01.01.01.00{n}", "Kegiatan", 1) for n in range(1, 7)]]})
    code, data = check(cli, other, "2021", "--tingkat", "kabkota")
    assert rules(data) == [("NK006", "error", None)] and "sebagian besar kode" in data["findings"][0]["message"]
    slips = write_xlsx(tmp_path / "salah.xlsx", {"RKA": [("Kode", "Uraian", "Pagu"),
                                                         *[(f"2.13.AB.2.01.000{n}", "Kegiatan", 1) for n in range(1, 7)]]})
    code, data = check(cli, slips, "2024", "--tingkat", "kabkota")
    assert rules(data) == [("NK101", "error", f"A{n}") for n in range(2, 8)]


def test_a_level_name_that_changes_on_a_later_row_of_a_flat_export_is_judged_there(tmp_path: Path, cli) -> None:
    rows = sipd_flat([("2.13.02.2.01.0001", PENATAAN, "1.1.01", ATK, 100),
                      ("2.13.02.2.01.0001", PENATAAN, "1.1.01", KERTAS, 100)])
    rows[2] = rows[2][:11] + ("Penyelenggaraan Penataan",) + rows[2][12:]   # the kegiatan name, row 3 only
    path = write_xlsx(tmp_path / "rekap.xlsx", {"Sheet 1": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert rules(data) == [("NK202", "error", "L3")]


def test_only_the_innermost_total_that_is_off_is_reported(tmp_path: Path, cli) -> None:
    """A program total off by 100: the program is reported; its bidang, right for its real rows, is not."""
    rows = [("Kode", "Uraian", "Pagu"), ("2.13", BIDANG, 300), ("2.13.02", PROGRAM, 400),
            ("2.13.02.2.01", KEGIATAN, 300), ("2.13.02.2.01.0001", PENATAAN, 100),
            ("2.13.02.2.01.0002", TATA_WILAYAH, 200)]
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert rules(data) == [("NK402", "error", "C3")]


def test_paket_rows_beside_a_column_repeating_the_sub_kegiatan_code(tmp_path: Path, cli) -> None:
    """The tree of codes in one column; a side column repeats the sub kegiatan's code on its paket rows."""
    rows = [("Kode", "Uraian", "Kode Sub Kegiatan", "Pagu"),
            ("2.13.02", PROGRAM, None, 300), ("2.13.02.2.01", KEGIATAN, None, 300),
            ("2.13.02.2.01.0001", PENATAAN, "2.13.02.2.01.0001", 300),
            (None, "Belanja jasa konsultan penataan batas desa", "2.13.02.2.01.0001", 200),
            (None, "Pengadaan peta desa", "2.13.02.2.01.0001", 100)]
    path = write_xlsx(tmp_path / "paket.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert data["findings"] == [] and code == 0
    assert data["files"][0]["roles"] == {"program": 1, "kegiatan": 1, "sub_kegiatan": 1, "paket": 2}


SUB_2024 = ("2.13", "02", "2.01", "0001")  # the FY2024 code 2.13.02.2.01.0001, split as offices split it


@pytest.mark.parametrize("header, parts", [
    (("Urusan", "Bidang", "Program", "Kegiatan", "Sub Kegiatan"), ("2", "13", "02", "2.01", "0001")),  # text
    (("Urusan", "Bidang", "Program", "Tingkat", "Kegiatan", "Sub Kegiatan"), ("2", "13", "02", "2", "01", "0001")),
    (("Urusan", "Bidang", "Program", "Tingkat", "Kegiatan", "Sub Kegiatan"), (2.0, 13.0, 2.0, 2.0, 1.0, 1.0)),
    (("Kode Bidang", "Kode Program", "Kode Kegiatan", "Kode Sub Kegiatan"), SUB_2024),  # "2.13" holds the urusan
    (("Urusan", "Bidang", "Program", "Kegiatan", "Sub Kegiatan"), (2.0, 13.0, 2.0, 2.01, 1.0)),  # 1.0 is 0001 in 2024
], ids=["text", "six-text", "six-numbers", "urusan-in-bidang", "numbers"])
def test_a_code_split_over_columns_in_the_ways_offices_split_it(tmp_path: Path, cli, header, parts) -> None:
    rows = [("RENCANA KERJA TAHUN 2024",), (*header, "Uraian", "Pagu"), (*parts, PENATAAN, 100),
            (*parts[:-1], None, KEGIATAN, 100)]
    path = write_xlsx(tmp_path / "split.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert data["findings"] == [] and data["files"][0]["roles"] == {"sub_kegiatan": 1, "kegiatan": 1}, data


def test_a_column_of_numbers_that_look_like_bidang_codes_is_no_code_column(tmp_path: Path, cli) -> None:
    rows = [("Kode", "Uraian", "Capaian", "Pagu"), ("2.13.02", PROGRAM, 2.13, 100), ("2.13.02.2.01", KEGIATAN, 1.02, 100),
            ("2.13.02.2.01.0001", PENATAAN, 3.25, 100)]
    path = write_xlsx(tmp_path / "capaian.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert data["findings"] == [] and data["files"][0]["roles"] == {"program": 1, "kegiatan": 1, "sub_kegiatan": 1}


def dpa_rincian(kegiatan: str, sub_kegiatan: tuple) -> list[tuple]:
    """A SIPD DPA-Rincian Belanja print: the identity block above a table of the sub kegiatan's accounts."""
    return [("DOKUMEN PELAKSANAAN ANGGARAN", None, None, None),
            ("Pemerintah Kabupaten Paser Tahun Anggaran 2024", None, None, None),
            ("Urusan Pemerintahan", ":", "2", URUSAN),
            ("Bidang Urusan", ":", "2.13", BIDANG),
            ("Program", ":", "2.13.02", PROGRAM),
            ("Capaian Program", ":", "Persentase desa 2.13 yang ditata", "100 %"),
            ("Kegiatan", ":", kegiatan, KEGIATAN),
            ("Organisasi", ":", *DPMD),
            ("Sub Kegiatan :", f"{sub_kegiatan[0]} {sub_kegiatan[1]}", None, None),
            ("Keluaran Sub Kegiatan", ":", "Jumlah desa", "10 desa"),
            ("Kode Rekening", "Uraian", "Koefisien", "Jumlah"),
            ("5.1.02", "Belanja Barang dan Jasa", None, 150),
            ("5.1.02.01", "Belanja Barang", None, 150),
            ("5.1.02.01.01", "Belanja Barang Pakai Habis", None, 150),
            (*ATK, None, 100), ("Kertas HVS", None, "10 rim", 100),
            (*KERTAS, None, 50), ("Map plastik", None, "50 buah", 50)]


def test_the_identity_block_of_a_dpa_print_is_checked(tmp_path: Path, cli) -> None:
    """The program, kegiatan and sub kegiatan of a DPA/RKA print are in the lines above its account table
    ("Kegiatan : 2.13.02.2.01 …"): they are read as rows of their level and judged; lines such as
    "Capaian Program" or "Keluaran Sub Kegiatan" are not."""
    clean = write_xlsx(tmp_path / "dpa.xlsx", {"DPA 2.2.1": dpa_rincian("2.13.02.2.01", ("2.13.02.2.01.0001",
                                                                                          PENATAAN))})
    code, data = check(cli, clean, "2024", "--tingkat", "kabkota")
    assert code == 0 and rules(data) == [], data["findings"]
    assert data["files"][0]["sheets"][0]["roles"] == {"urusan": 1, "bidang": 1, "program": 1, "kegiatan": 1,
                                                      "sub_kegiatan": 1, "akun": 5, "paket": 2}
    wrong = write_xlsx(tmp_path / "salah.xlsx", {"DPA 2.2.1": dpa_rincian("2.13.02.2.09", ("2.13.02.2.01.0001",
                                                                                           KEWENANGAN))})
    code, data = check(cli, wrong, "2024", "--tingkat", "kabkota")
    found = {(f["rule"], f["cell"]): f for f in data["findings"]}
    assert found["NK201", "C7"]["severity"] == "error"
    assert found["NK202", "B9"]["expected"] == PENATAAN


def test_a_header_below_a_long_identity_block_is_found(tmp_path: Path, cli) -> None:
    """A DPA print's identity block and notes can take 30-45 rows: the header is looked for in the first 100."""
    notes = [(f"Catatan {n}: pagu mengikuti Perkada penjabaran APBD", None, None, None) for n in range(1, 50)]
    rows = [*notes, ("Kode", "Uraian", "Lokasi", "Pagu"), ("2.13.02.2.01.0001", PENATAAN, "Desa Busui", 100)]
    code, data = check(cli, write_xlsx(tmp_path / "panjang.xlsx", {"DPA": rows}), "2024", "--tingkat", "kabkota")
    assert code == 0 and data["files"][0]["sheets"][0]["header_rows"] == [50], data
    far = write_xlsx(tmp_path / "jauh.xlsx", {"DPA": [*notes, *notes, *notes, *rows[-2:]]})
    code, data = check(cli, far, "2024", "--tingkat", "kabkota")
    assert code == 1 and rules(data) == [("NK002", "error", None)]
    assert "100 baris pertama" in data["findings"][0]["message"]


def test_a_sumber_dana_code_missing_from_the_year_s_sipd_master_is_a_warning_once(tmp_path: Path, cli) -> None:
    """FY2025 sumber dana codes are checked against SIPD-RI's FY2025 master, FY2026 against FY2026's (2026 shape):
    a code it lacks is one warning per code and sheet, saying when the shape is the other year's."""
    rows = [("2.13.02.2.01.0001", PENATAAN, "1.1.01", ATK, 100), ("2.13.02.2.01.0001", PENATAAN, "1.1.99", KERTAS, 50),
            ("2.13.02.2.01.0001", PENATAAN, "1.1.99", ATK, 50)]
    code, data = check(cli, write_xlsx(tmp_path / "rekap.xlsx", {"Sheet 1": sipd_flat(rows)}), "2025",
                       "--tingkat", "kabkota")
    assert rules(data) == [("NK502", "warning", "O3")], data["findings"]
    assert "Master sumber dana SIPD-RI (TA 2025)" in data["findings"][0]["message"]
    shaped = [("2.13.02.2.01.0001", PENATAAN, "2.2.01.08.002.00004", ATK, 100),
              ("2.13.02.2.01.0001", PENATAAN, "2.2.01.01.02.0004", KERTAS, 50)]
    code, data = check(cli, write_xlsx(tmp_path / "rekap26.xlsx", {"Sheet 1": sipd_flat(shaped)}), "2026",
                       "--tingkat", "kabkota")
    assert rules(data) == [("NK502", "warning", "O3")] and "bentuk 2026" in data["findings"][0]["message"]


@pytest.mark.parametrize("header_row", [25, 60, 100])
def test_a_header_on_row_25_60_or_100_is_found_and_the_rows_below_it_checked(tmp_path: Path, cli,
                                                                              header_row: int) -> None:
    """A print's title, identity block and notes can fill dozens of rows above the table: a header up to row 100
    is looked for, and the rows below it are checked (the unknown code two rows below the header is found)."""
    top = [("PEMERINTAH KABUPATEN PASER",), ("RENCANA KERJA PERANGKAT DAERAH TAHUN ANGGARAN 2021",)]
    top += [(f"Catatan {n}: usulan ini disusun bersama kecamatan",) for n in range(3, header_row)]
    rows = [*top, RENJA_HEADER, ("2.13.02.2.01.01", PENATAAN, 1000, "Desa A"),
            ("2.13.02.2.01.99", TATA_WILAYAH, 1000, "Desa B")]
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2021", "--tingkat", "kabkota")
    assert data["files"][0]["sheets"][0]["header_rows"] == [header_row]
    assert rules(data) == [("NK201", "error", f"A{header_row + 2}")] and code == 1


def test_a_header_below_row_100_is_not_looked_for_and_the_finding_says_so(tmp_path: Path, cli) -> None:
    top = [(f"Catatan {n}: usulan ini disusun bersama kecamatan",) for n in range(1, 101)]
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": [*top, RENJA_HEADER,
                                                         ("2.13.02.2.01.01", PENATAAN, 1000, "Desa A")]})
    code, data = check(cli, path, "2021", "--tingkat", "kabkota")
    assert rules(data) == [("NK002", "error", None)] and code == 1
    assert "judul kolom dicari di 100 baris" in data["findings"][0]["message"]


def test_a_split_code_without_urusan_columns_takes_the_offices_and_the_years_width(tmp_path: Path, cli) -> None:
    """Program | kegiatan | sub kegiatan columns under a kode SKPD column: the office's urusan and bidang complete the
    code, and a sub kegiatan stored as the number 1 is 0001 in FY2024 (not the old two-digit 01)."""
    rows = [("Kode SKPD", "Program", "Kegiatan", "Sub Kegiatan", "Uraian", "Pagu"),
            (DPMD[0], "02", "2.01", 1, PENATAAN, 100), (DPMD[0], "02", "2.01", 2.0, TATA_WILAYAH, 100)]
    path = write_xlsx(tmp_path / "split-opd.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert data["findings"] == [] and code == 0, data["findings"]
    assert data["files"][0]["roles"] == {"sub_kegiatan": 2}


def test_a_program_name_glued_to_its_code_in_a_cascade_column_is_judged_there(tmp_path: Path, cli) -> None:
    """Program | Kode Sub Kegiatan | Nama Sub Kegiatan, the program cell writing its code and name: the program's
    name is judged where it first appears, at its own cell (the name column is the sub kegiatan's)."""
    rows = [("RENJA 2024",), ("Program", "Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu"),
            (f"2.13.02 {PROGRAM}", "2.13.02.2.01.0001", PENATAAN, 100),
            (f"2.13.02 {PROGRAM}", "2.13.02.2.01.0002", TATA_WILAYAH, 100),
            ("2.13.03 PROGRAM PENATAAN KOTA", "2.13.03.2.01.0001",
             "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota", 100)]
    path = write_xlsx(tmp_path / "glued.xlsx", {"Renja": rows})
    code, data = check(cli, path, "2024", "--tingkat", "kabkota")
    assert [(r, c) for r, s, c in rules(data) if s == "error"] == [("NK202", "A5")], data["findings"]
    assert "PROGRAM PENINGKATAN KERJA SAMA DESA" in next(f["suggestion"]["text"] for f in data["findings"]
                                                         if f["cell"] == "A5" and f["rule"] == "NK202")
