"""`nomenklatur check` on real workbooks, through the real CLI: every rule, exit codes, JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from workbooks import RENJA_HEADER, RENJA_HEADER_WILAYAH, findings, write_xlsx

PENATAAN = "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa"
TATA_WILAYAH = "Fasilitasi Tata Wilayah Desa"
DESA_PASER = "64.01.01.2009"
APOTEK = ("Fasilitasi Pemenuhan Komitmen Izin Apotek, Toko Obat, Toko Alat Kesehatan, dan Optikal, Usaha Mikro Obat "
          "Tradisional (UMOT)")  # 1.02.04.2.01.03


def _check(cli, path: Path, *args: str):
    return cli("check", str(path), "--tahun", "2021", "--format", "json", *args)


def test_a_clean_flat_proposal_passes(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "bersih.xlsx", {"Renja": [
        RENJA_HEADER_WILAYAH,
        ("2.13.02.2.01.01", PENATAAN, 150_000_000, "Desa Samuranggau", DESA_PASER),
        ("2.13.02.2.01.02", TATA_WILAYAH.upper(), "1.250.000", "Desa Busui", "64.01.01.2010"),
        ("2.13.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah", None, "Kab. Paser", "64.01"),
    ]})
    result = _check(cli, path, "--tingkat", "kabkota", "--wilayah", "64.01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert findings(result) == []


def test_an_unknown_code_s_name_is_searched_once_per_name_and_level(tmp_path: Path, cli) -> None:
    """The fuzzy search for the code a name points to is kept per name and level: two unknown sub kegiatan of one
    name get the same suggestion, an unknown program of that name its own (as it gets checked alone)."""
    name = TATA_WILAYAH + " Baru"
    both = write_xlsx(tmp_path / "dua.xlsx", {"Renja": [
        RENJA_HEADER, ("2.13.02.2.01.98", name, 1000), ("2.13.02.2.01.99", name, 1000), ("2.13.99", name, 1000)]})
    alone = write_xlsx(tmp_path / "program.xlsx", {"Renja": [RENJA_HEADER, ("2.13.99", name, 1000)]})
    expected = {}
    for path in (both, alone):
        for f in json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]:
            if f["rule"] == "NK201":
                expected[path.name, f["cell"]] = f["expected"]
    assert expected[("dua.xlsx", "A2")] == expected[("dua.xlsx", "A3")] == "2.13.02.2.01.02", expected
    assert expected[("dua.xlsx", "A4")] == expected[("program.xlsx", "A2")] != "2.13.02.2.01.02", expected


def test_every_row_rule_on_a_flat_proposal(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [
        RENJA_HEADER_WILAYAH,
        ("2.13.AB.2.01.01", PENATAAN, 1000, "Desa A", DESA_PASER),                       # 2 NK101
        ("'2.13.02.2.01.01", PENATAAN, 1000, "Desa A", DESA_PASER),                      # 3 NK102
        ("2.13.02.2.01.99", TATA_WILAYAH + " Baru", 1000, "Desa A", DESA_PASER),          # 4 NK201
        ("2.13.02.2.01.02", "Program Pembinaan Lembaga Adat", 1000, "Desa A", DESA_PASER),  # 5 NK202
        ("1.05.02.2.01.06", "Kegiatan lama", 1000, "Desa A", DESA_PASER),                  # 6 NK203
        ("2.13.02.1.01.01", "Identifikasi dan Inventarisasi Kesatuan Masyarakat Hukum Adat", 1000, "Desa A", DESA_PASER),  # 7 NK302
        ("2.13.03.2.01.01", "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota", "satu juta", "Desa A", DESA_PASER),  # 8 NK401
        ("2.13.02.2.01.02", TATA_WILAYAH, -5, "Desa A", DESA_PASER),                       # 9 NK401, NK403
        ("1.02.02.2.01.01", "Pembangunan Rumah Sakit beserta Sarana dan Prasarana Pendukungnya", 1000, None, "64.01"),  # 10 NK404
        ("2.13.03.2.01.02", None, 1000, "Kel. Tanah Grogot", "64.01.04.1001"),             # 11 NK404 nama, NK601 kelurahan
        ("1.02.02.2.01.02", None, 1000, "x", "64.72.01.1001"),                             # 12 NK404, NK601 outside
    ]})
    result = _check(cli, path, "--tingkat", "kabkota", "--wilayah", "64.01")
    assert result.returncode == 1
    got = findings(result)
    assert got == sorted([
        ("NK101", "A2"), ("NK102", "A3"), ("NK201", "A4"), ("NK202", "B5"), ("NK203", "A6"), ("NK302", "A7"),
        ("NK401", "C8"), ("NK401", "C9"), ("NK403", "A9"), ("NK404", "D10"), ("NK404", "B11"), ("NK601", "E11"),
        ("NK404", "B12"), ("NK601", "E12"),
    ]), got
    data = {(f["rule"], f["cell"]): f for f in json.loads(result.stdout)["findings"]}
    assert data[("NK102", "A3")]["suggestion"] == {"text": "ganti dengan 2.13.02.2.01.01",
                                                   "replacement": "2.13.02.2.01.01", "safe": True}
    assert data[("NK201", "A4")]["suggestion"]["replacement"] == "2.13.02.2.01.02"
    assert data[("NK202", "B5")]["expected"] == TATA_WILAYAH
    assert data[("NK403", "A9")]["related"][0]["cell"] == "A5"
    assert "kelurahan" in data[("NK601", "E11")]["message"]
    assert "di luar wilayah" in data[("NK601", "E12")]["message"]
    assert data[("NK302", "A7")]["row"] == 7 and data[("NK302", "A7")]["sheet"] == "Renja"


def test_a_place_repeated_on_many_rows_is_judged_on_each(tmp_path: Path, cli) -> None:
    """NK601 remembers places it has read; a kelurahan stays a finding on every desa row, wherever it came first."""
    kelurahan, health = "64.01.04.1001", ("1.02.02.2.01.01", "Pembangunan Rumah Sakit beserta Sarana dan Prasarana Pendukungnya")
    path = write_xlsx(tmp_path / "ulang.xlsx", {"Renja": [
        RENJA_HEADER_WILAYAH,
        (*health, 1000, "Kel. Tanah Grogot", kelurahan),                                  # 2 not a desa sub kegiatan
        ("2.13.02.2.01.01", PENATAAN, 1000, "Kel. Tanah Grogot", kelurahan),              # 3 NK601 kelurahan
        ("2.13.02.2.01.02", TATA_WILAYAH, 1000, "Desa Samuranggau", DESA_PASER),          # 4
        ("2.13.03.2.01.01", "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota", 1000, "Desa Samuranggau",
         DESA_PASER),                                                                     # 5
        ("1.02.02.2.01.02", "Pengembangan Rumah Sakit", 1000, "Kel. Tanah Grogot", kelurahan),  # 6
        ("2.13.03.2.01.02", "Fasilitasi Penataan Kewenangan Desa", 1000, "Kel. Tanah Grogot", kelurahan),  # 7 NK601
        ("2.13.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 1000, "Kab. Banjar", "63.03"),  # 8 NK601
        ("2.13.01.2.01.02", "Koordinasi dan Penyusunan Dokumen RKA-SKPD", 1000, "Kab. Banjar", "63.03"),  # 9 NK601
    ]})
    result = _check(cli, path, "--tingkat", "kabkota", "--wilayah", "64.01")
    got = [(rule, cell) for rule, cell in findings(result) if rule == "NK601"]
    assert got == [("NK601", "E3"), ("NK601", "E7"), ("NK601", "E8"), ("NK601", "E9")], result.stdout


def test_names_differing_only_in_case_spacing_punctuation_are_not_findings(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "nama.xlsx", {"Renja": [
        RENJA_HEADER,
        ("2.13.02.2.01.01", "pembentukan penghapusan  penggabungan dan perubahan status desa.", 1, "x", None),
    ]})
    assert findings(_check(cli, path, "--tingkat", "kabkota")) == []


def test_a_name_belonging_to_another_code_says_so(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "tukar.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.01", TATA_WILAYAH, 1, "x", None)]})
    finding = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"][0]
    assert finding["rule"] == "NK202" and "2.13.02.2.01.02" in finding["message"]
    assert finding["suggestion"]["safe"] is False


def test_hierarchy_totals_and_split_columns(tmp_path: Path, cli) -> None:
    header = [("RENCANA KERJA PERANGKAT DAERAH",), ("Kabupaten Paser",), ("Tahun 2021",),
              ("Kode", None, None, None, None, "Program/Kegiatan/Sub Kegiatan", "Pagu Indikatif", "Lokasi")]
    rows = [
        (2.0, 13.0, 2.0, None, None, "PROGRAM PENATAAN DESA", 350),
        (2.0, 13.0, 2.0, "2.01", None, "Penyelenggaraan Penataan Desa", 350),                          # NK402
        (2.0, 13.0, 2.0, "2.01", 1.0, PENATAAN, 100, "Desa Samuranggau"),
        (2.0, 13.0, 2.0, "2.01", 2.0, TATA_WILAYAH, 200, "Desa Busui"),
        (2.0, 13.0, 3.0, None, None, "PROGRAM PENINGKATAN KERJASAMA DESA", 50),
        (2.0, 13.0, 3.0, "2.01", None, "Fasilitasi Kerja Sama Antar Kota", 50),
        (2.0, 13.0, 3.0, "2.01", 1.0, "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota", 50, "Kab. Paser"),
        ("TOTAL", None, None, None, None, None, 400),
    ]
    path = write_xlsx(tmp_path / "rkpd.xlsx", {"RKPD": header + rows})
    result = _check(cli, path)
    data = json.loads(result.stdout)
    assert data["files"][0]["level"] == "kabkota" and data["files"][0]["region"] == "64.01"
    assert findings(result) == [("NK202", "F10"), ("NK402", "G6")], result.stdout
    total = next(f for f in data["findings"] if f["rule"] == "NK402")
    assert total["value"] == 350 and total["expected"] == 300


def test_a_row_outside_its_parent_kegiatan(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "induk.xlsx", {"Renja": [
        ("Kode", "Uraian", "Pagu"),
        ("2.13.02.2.01", "Penyelenggaraan Penataan Desa", None),
        ("2.13.02.2.01.01", PENATAAN, None),
        ("2.13.03.2.01.01", "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota", None),
    ]})
    result = _check(cli, path, "--tingkat", "kabkota")
    assert findings(result) == [("NK301", "A4")]
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["related"][0]["cell"] == "A2"


def test_supporting_program_must_carry_the_opd_bidang(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "opd.xlsx", {"Renja": [
        ("Kode SKPD", "Kode Sub Kegiatan", "Nama Sub Kegiatan"),
        ("2.13.0.00.0.00.01.0000", "2.13.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah"),
        ("2.13.0.00.0.00.01.0000", "1.02.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah"),
        ("2.13.0.00.0.00.01.0000", "1.02.02.2.01.01", "Pembangunan Rumah Sakit beserta Sarana dan Prasarana Pendukungnya"),
    ]})
    assert findings(_check(cli, path, "--tingkat", "kabkota")) == [("NK303", "B3"), ("NK303", "B4")]


def test_sheets_per_opd_supporting_program_bidang(tmp_path: Path, cli) -> None:
    header = ("Kode", "Nama")
    path = write_xlsx(tmp_path / "per-opd.xlsx", {
        "DPMD": [header, ("2.13.02.2.01.01", PENATAAN), ("1.02.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah")],
        "Dinkes": [header, ("1.02.02.2.01.01", "Pembangunan Rumah Sakit beserta Sarana dan Prasarana Pendukungnya"),
                   ("1.02.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah")],
    })
    result = _check(cli, path, "--tingkat", "kabkota")
    data = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["sheet"], f["cell"]) for f in data] == [("NK303", "DPMD", "A3")]


def test_accounts(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "rka.xlsx", {"RKA": [
        ("Kode Rekening", "Uraian Rekening", "Jumlah"),
        ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", 100),
        ("5.1.02.01.01.9999", "Belanja Entah", 100),
        ("5.4.02.03.01.0001", "Belanja Pegawai", 100),
        ("5.1.02.01.04.002", "Belanja Makanan dan Minuman Rapat", 100),
        ("5.1.02.01.01.024", "Belanja Barang Pakai Habis Penanggulangan Bencana", 100),
    ]})
    result = _check(cli, path, "--tingkat", "kabkota")
    assert findings(result) == [("NK501", "A3"), ("NK501", "A5"), ("NK501", "A6"), ("NK501", "B4")], result.stdout
    by_cell = {f["cell"]: f for f in json.loads(result.stdout)["findings"]}
    # a 3-digit code of the 2019 chart maps by name, not by padding: .024 is not .0024 (ATK)
    assert by_cell["A5"]["expected"] == "5.1.02.01.01.0052"
    assert by_cell["A6"]["expected"] is None


def test_account_names_under_a_bare_uraian_are_compared_where_the_sheet_lists_the_chart(tmp_path: Path,
                                                                                          cli) -> None:
    """An APBD lampiran or RAK lists the chart's own lines (5.1.02, 5.1.02.01, ...): its "Uraian" is the
    account's name, compared as a warning. Sub rincian objek alone under "Uraian" are free text (a rincian)."""
    tree = [("Kode Rekening", "Uraian", "Jumlah"), ("5.1.02", "Belanja Barang dan Jasa", 300),
            ("5.1.02.01", "Belanja Barang", 300), ("5.1.02.01.01", "Belanja Barang Pakai Habis", 300),
            ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", 100),
            ("5.1.02.01.01.0025", "Belanja Makanan dan Minuman Jamuan Tamu", 200)]
    result = _check(cli, write_xlsx(tmp_path / "lampiran.xlsx", {"Lampiran III": tree}), "--tingkat", "kabkota")
    data = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["severity"], f["cell"], f["expected"]) for f in data] == [
        ("NK501", "warning", "B6", "Belanja Alat/Bahan untuk Kegiatan Kantor- Kertas dan Cover")]
    rincian = [("Kode Rekening", "Uraian", "Jumlah"), ("5.1.02.01.01.0024", "ATK rapat koordinasi desa", 100),
               ("5.1.02.01.01.0025", "Kertas HVS A4", 200)]
    assert findings(_check(cli, write_xlsx(tmp_path / "rincian.xlsx", {"Rincian": rincian}), "--tingkat",
                           "kabkota")) == []
    rak = [("Kode Rekening", "Uraian", "Anggaran"), ("2.13.02.2.01.01", PENATAAN, 300),
           ("5", "UNSUR PENUNJANG URUSAN PEMERINTAHAN", 300), *tree[1:]]  # "5": urusan 5 or BELANJA DAERAH
    result = _check(cli, write_xlsx(tmp_path / "rak.xlsx", {"RAK": rak}), "--tingkat", "kabkota")
    assert findings(result) == [("NK501", "B8")], result.stdout  # one code column for sub kegiatan and accounts


def test_account_names_of_revenue_are_not_judged_by_an_older_chart(tmp_path: Path, cli) -> None:
    """FY2025 has no full chart of its own; UU 1/2022 renamed the regional taxes, so the FY2021 chart cannot judge
    "Pajak Alat Berat" at 4.1.01.17. A belanja name is still compared, with the reason it is only a warning."""
    path = write_xlsx(tmp_path / "apbd.xlsx", {"Lampiran": [
        ("Kode Rekening", "Uraian", "Jumlah"), ("4.1.01", "Pajak Daerah", 100), ("4.1.01.17", "Pajak Alat Berat", 100),
        ("5.1.02.01", "Belanja Barang", 100), ("5.1.02.01.01", "Belanja Barang Pakai Habis", 100),
        ("5.1.02.01.01.0024", "Belanja Makanan dan Minuman Jamuan Tamu", 100)]})
    result = cli("check", str(path), "--tahun", "2025", "--tingkat", "kabkota", "--format", "json")
    data = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["severity"], f["cell"]) for f in data] == [("NK501", "warning", "B6")]
    assert "bagan TA 2025 yang tersedia hanya rekening yang teramati dipakai" in data[0]["message"]


def test_code_and_name_in_one_cell(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "gabung.xlsx", {"Renja": [
        ("Kode Nomenklatur", "Pagu"),
        (f"2.13.02.2.01.01 {PENATAAN}", 100),
        ("2.13.02.2.01.02 Fasilitasi Tata Wilayah Kota", 100),
    ]})
    assert findings(_check(cli, path, "--tingkat", "kabkota")) == [("NK202", "A3")]


def test_fiscal_year_2024_flags_two_digit_codes_with_successors(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "lama.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.01", PENATAAN, 1, "x", None)]})
    result = cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota", "--format", "json")
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["rule"] == "NK203" and finding["suggestion"]["replacement"] == "2.13.02.2.01.0001"
    # every older list that holds the code is named, whichever way its name sorts against the file's list
    assert "Kepmendagri 050-3708/2020 (TA 2021), Permendagri 90/2019" in finding["message"], finding["message"]
    assert "dari daftar yang lebih lama" in finding["message"] and finding["suggestion"]["text"].startswith("penggantinya")
    assert finding["suggestion"]["safe"] is False  # a successor is checked by a person before it is typed


def _import_list(source: Path, cli, sub_kegiatan: tuple[str, str | None], table: str, year: str, borrowed: str,
                 *options: str) -> None:
    """A one-sub-kegiatan kabupaten/kota list of `year` (kegiatan 2.13.02.2.01 and the (code, name) given)
    imported as `table`, its province codes borrowed from the shipped list `borrowed`."""
    wb = openpyxl.Workbook()
    for row in (("Kode", "Nomenklatur"), ("2", "URUSAN PEMERINTAHAN WAJIB"), ("2.13", "BIDANG PMD"),
                ("2.13.02", "PROGRAM PENATAAN DESA"), ("2.13.02.2.01", "Penyelenggaraan Penataan Desa"), sub_kegiatan):
        wb.active.append(row)
    wb.save(source)
    done = cli("tables", "import", str(source), "--name", table, "--years", year, "--tingkat", "kabkota", *options,
               "--pinjam", f"provinsi={borrowed}")
    assert done.returncode == 0, done.stderr


def _import_2024_list(source: Path, cli, name: str | None, table: str, *options: str) -> None:
    """A one-sub-kegiatan FY2024 kabupaten/kota list (2.13.02.2.01.0001 named `name`) imported as `table`."""
    _import_list(source, cli, ("2.13.02.2.01.0001", name), table, "2024", "fy2024", *options)


def test_nk203_a_code_of_a_list_of_the_same_year_is_not_from_a_newer_list(tmp_path: Path, cli) -> None:
    """A list imported for FY2024 beside the shipped one: a code only the shipped FY2024 list (and later ones)
    holds is no code "of a newer list" in a file checked against the imported one."""
    _import_2024_list(tmp_path / "perubahan-2024.xlsx", cli, PENATAAN, "fy2024-ubah", "--regulasi",
                      "Perubahan contoh/2024")
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.0002", TATA_WILAYAH, 1, "x", None)]})
    result = cli("check", str(path), "--tahun", "2024", "--tabel", "fy2024-ubah", "--tingkat", "kabkota", "--format", "json")
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["rule"] == "NK203" and "Kepmendagri 900.1.15.5-1317/2023 (TA 2024)" in finding["message"], finding
    assert "lebih baru" not in finding["message"] and "belum ada" not in finding["message"], finding["message"]


def test_nk404_a_row_without_code_is_told_the_code_its_name_names(tmp_path: Path, cli) -> None:
    """The code to type when one code has the row's official name; the codes listed, none to type, when two do."""
    path = write_xlsx(tmp_path / "tanpa-kode.xlsx", {"Renja": [
        ("Kode", "Uraian", "Pagu", "Lokasi"), (None, "PROGRAM PENATAAN DESA", 100, None),
        ("2.13.02.2.01.01", PENATAAN, 100, "Desa A"), (None, "Pembinaan Kelembagaan dan Manajemen Sekolah", 100, None)]})
    found = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]
    assert [(f["rule"], f["cell"], f.get("expected"), f["suggestion"]["text"], f["suggestion"]["safe"]) for f in found] == [
        ("NK404", "A2", "2.13.02", "isi kodenya (2.13.02)", False),
        ("NK404", "A4", None, "isi kodenya (1.01.02.2.01.28, 1.01.02.2.02.41)", False)], found


def test_nk404_asks_no_lokasi_of_a_kegiatan_s_paket(tmp_path: Path, cli) -> None:
    """A paket under a kegiatan's code (the code repeated with another name) is no sub kegiatan: no lokasi asked."""
    path = write_xlsx(tmp_path / "paket.xlsx", {"Renja": [
        RENJA_HEADER, ("2.13.02.2.01", "Penyelenggaraan Penataan Desa", 100, "Desa A", None),
        ("2.13.02.2.01", "Belanja paket pekerjaan jalan", 100, None, None),
        ("2.13.02.2.01.01", PENATAAN, 100, "Desa A", None)]})
    assert findings(_check(cli, path, "--tingkat", "kabkota")) == []


def test_nk202_a_row_without_a_name_is_only_told_its_name_is_missing(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "tanpa-nama.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.01", None, 1, "x", None)]})
    assert findings(_check(cli, path, "--tingkat", "kabkota")) == [("NK404", "B2")]


def test_nk403_repeats_under_an_office_code_are_the_office_s(tmp_path: Path, cli) -> None:
    """Sub kegiatan repeated under an office row with its kode organisasi: told for that office (the CSV's OPD)."""
    penataan = ("2.13.02.2.01.0001", PENATAAN)
    path = write_xlsx(tmp_path / "ulang.xlsx", {"Renja": [
        ("Kode", "Uraian", "Pagu", "Lokasi"), ("2.13.0.00.0.00.01.0000", "Dinas Pemberdayaan Masyarakat dan Desa", 300),
        (*penataan, 100, "Desa A"), (*penataan, 100, "Desa B"), (*penataan, 100, "Desa A")]})
    result = cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota", "--format", "csv")
    rows = [line.split(";") for line in result.stdout.lstrip("\ufeff").splitlines()[1:]]
    assert [(r[4], r[6], r[7], r[8]) for r in rows] == [
        ("A4", "Dinas Pemberdayaan Masyarakat dan Desa", "NK403", "peringatan"),
        ("A5", "Dinas Pemberdayaan Masyarakat dan Desa", "NK403", "galat")], result.stdout + result.stderr
    found = json.loads(cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota", "--format", "json").stdout)["findings"]
    assert [(f["cell"], f["message"].rsplit(" (", 1)[1], [r["cell"] for r in f["related"]], f["suggestion"]["safe"])
            for f in found] == [("A4", "baris 3, 4, 5)", ["A3", "A5"], False), ("A5", "Renja baris 3)", ["A3"], False)]


def test_nk403_a_repeat_on_another_sheet_names_the_sheet_of_the_first(tmp_path: Path, cli) -> None:
    row = ("Dinas PMD", "2.13.02.2.01.01", PENATAAN, 100, "Desa A")
    header = ("Perangkat Daerah", "Kode", "Uraian", "Pagu", "Lokasi")
    path = write_xlsx(tmp_path / "dua.xlsx", {"Renja": [header, row], "Lampiran": [header, row]})
    found = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]
    assert [(f["rule"], f["sheet"], f["cell"]) for f in found] == [("NK403", "Lampiran", "B2")], found
    assert found[0]["message"].endswith("(Renja baris 2)"), found[0]["message"]


def test_nk404_asks_no_lokasi_of_a_flat_export_s_account_lines(tmp_path: Path, cli) -> None:
    """A SIPD export with one row per rekening: the sub kegiatan each line repeats is no row of its own."""
    path = write_xlsx(tmp_path / "rekening.xlsx", {"Renja": [
        ("Kode", "Uraian", "Kode Rekening", "Uraian Rekening", "Pagu", "Lokasi"),
        ("2.13.02.2.01.01", PENATAAN, "5.1.02.01.01.0024", None, 100, None),
        ("2.13.02.2.01.01", PENATAAN, "5.1.02.01.01.0026", None, 100, None)]})
    assert findings(_check(cli, path, "--tingkat", "kabkota")) == []


def test_nk404_a_kode_lokasi_typed_as_a_number_is_filled_in(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "angka.xlsx", {"Renja": [
        RENJA_HEADER_WILAYAH, ("2.13.02.2.01.01", PENATAAN, 100, "Kab. Paser", 64.01)]})
    result = _check(cli, path, "--tingkat", "kabkota")
    assert result.returncode == 0 and findings(result) == [], result.stdout + result.stderr


def test_nk202_judges_no_name_against_a_list_that_gives_none(tmp_path: Path, cli) -> None:
    """An imported list whose sub kegiatan has no name: the row's name has nothing to differ from."""
    _import_2024_list(tmp_path / "daftar-2024.xlsx", cli, None, "fy2024-tanpa-nama")
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.0001", TATA_WILAYAH, 1, "x", None)]})
    result = cli("check", str(path), "--tahun", "2024", "--tabel", "fy2024-tanpa-nama", "--tingkat", "kabkota",
                 "--format", "json")
    assert result.returncode == 0 and findings(result) == [], result.stdout + result.stderr


def test_nk201_an_unknown_kegiatan_is_never_guessed_a_sub_kegiatan(tmp_path: Path, cli) -> None:
    """A kegiatan code not in the list, written with a sub kegiatan's exact name: no sub kegiatan code to type."""
    path = write_xlsx(tmp_path / "kegiatan.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.09", TATA_WILAYAH, 1, "x", None)]})
    found = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]
    assert [f["rule"] for f in found] == ["NK201"], found
    guess = found[0]["suggestion"]["replacement"]
    assert guess is None or len(guess.split(".")) == 5, guess


def test_nk201_a_code_is_guessed_from_a_name_scoring_85_and_not_from_one_scoring_less(tmp_path: Path, cli) -> None:
    """The name suggestion's edge: WRatio exactly 85 against "Fasilitasi Pembangunan Kawasan Perdesaan"
    (2.13.03.2.01.03; 6 of 40 letters typed wrong) gives the code, 84.8 against "Fasilitasi Penamaan dan Kode
    Desa" (2.13.02.2.01.04) does not."""
    path = write_xlsx(tmp_path / "nama.xlsx", {"Renja": [
        RENJA_HEADER, ("2.13.03.2.01.99", "Fasvlitavz Pembanguqan Kavasan Perdexaan", 1, "x", None),
        ("2.13.02.2.01.99", "Fayilotasi Penamaan Dat Koduxdesa", 1, "x", None)]})
    found = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]
    assert [(f["rule"], f["cell"], f["suggestion"]["replacement"]) for f in found] == [
        ("NK201", "A2", "2.13.03.2.01.03"), ("NK201", "A3", None)], found


def test_nk201_a_name_of_several_kegiatan_s_sub_kegiatan_is_guessed_under_the_row_s_kegiatan(tmp_path: Path,
                                                                                           cli) -> None:
    """"Pembangunan Unit Sekolah Baru (USB)" is sub kegiatan 01 of kegiatan 1.01.02.2.01 and of 1.01.02.2.02:
    an unknown code's row is pointed to the one under its own kegiatan."""
    path = write_xlsx(tmp_path / "usb.xlsx", {"Renja": [
        RENJA_HEADER, ("1.01.02.2.02.99", "Pembangunan Unit Sekolah Baru (USB)", 1, "x", None),
        ("1.01.02.2.01.99", "Pembangunan Unit Sekolah Baru (USB)", 1, "y", None)]})
    found = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]
    assert [(f["rule"], f["suggestion"]["replacement"]) for f in found] == [
        ("NK201", "1.01.02.2.02.01"), ("NK201", "1.01.02.2.01.01")], found
    # leading segments only: FY2024's 1.01.02.2.04.0044 shares "2.04.0044" with the row but only "1.01" in front,
    # as all four do; the first of the list is taken
    path = write_xlsx(tmp_path / "usb2024.xlsx", {"Renja": [
        RENJA_HEADER, ("1.01.03.2.04.0044", "Pembangunan Unit Sekolah Baru (USB)", 1, "x", None)]})
    found = json.loads(cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota", "--format", "json").stdout)
    assert [(f["rule"], f["suggestion"]["replacement"]) for f in found["findings"]] == [
        ("NK201", "1.01.02.2.01.0001")], found


def test_rows_with_an_empty_office_column_belong_to_the_office_heading_above_them(tmp_path: Path, cli) -> None:
    """An office column left empty under office heading rows: each row is the office of the heading above it, so
    one sub kegiatan under two offices is no duplicate (NK403), and the first office's bidang is judged (NK303)."""
    path = write_xlsx(tmp_path / "opd.xlsx", {"Renja": [
        ("Perangkat Daerah", "Kode", "Uraian", "Pagu", "Lokasi"),
        (None, "1.01.2.22.0.00.01.0000", "Dinas Pendidikan", None, None),
        (None, "2.13.02.2.01.01", PENATAAN, 100, "Desa A"),
        (None, "2.13.0.00.0.00.01.0000", "Dinas PMD", None, None),
        (None, "2.13.02.2.01.01", PENATAAN, 100, "Desa A")]})
    assert findings(_check(cli, path, "--tingkat", "kabkota")) == [("NK303", "B3")]


def test_nk401_and_nk404_in_a_csv_an_empty_kode_lokasi_and_half_a_rupiah_below_zero(tmp_path: Path, cli) -> None:
    path = tmp_path / "usulan.csv"
    path.write_text("Kode Sub Kegiatan,Nama Sub Kegiatan,Pagu,Lokasi,Kode Lokasi\n"
                    f'2.13.02.2.01.01,"{PENATAAN}",100,Desa A,\n'
                    f"2.13.02.2.01.02,{TATA_WILAYAH},-0.5,Desa A,{DESA_PASER}\n", encoding="utf-8")
    found = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]
    assert [(f["rule"], f["cell"], f["message"]) for f in found] == [
        ("NK404", "E2", "kode lokasi untuk 2.13.02.2.01.01 kosong"), ("NK401", "C3", "pagu -0,50 bernilai negatif")], found


def test_nk401_each_row_s_pagu_has_its_own_fingerprint(tmp_path: Path, cli) -> None:
    """The same bad pagu on two sub kegiatan: two findings a suppression can tell apart (code in the key)."""
    path = write_xlsx(tmp_path / "sidik.xlsx", {"Renja": [
        RENJA_HEADER, ("2.13.02.2.01.01", PENATAAN, "satu juta", "Desa A", None),
        ("2.13.02.2.01.02", TATA_WILAYAH, "satu juta", "Desa A", None),
        ("2.13.02.2.01.03", "Fasilitasi Penataan Kewenangan Desa", 100, "Desa A", None),
        ("2.13.02.2.01.04", "Fasilitasi Penamaan dan Kode Desa", 100, "Desa A", None),
        ("2.13.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 100, "Desa A", None)]})
    found = [f for f in json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"] if f["rule"] == "NK401"]
    assert len(found) == 2 and found[0]["fingerprint"] != found[1]["fingerprint"], found


def test_nk401_and_nk404_say_what_is_wrong_and_what_to_write(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "nilai.xlsx", {"Renja": [
        RENJA_HEADER_WILAYAH, ("2.13.02.2.01.01", PENATAAN, 1250000, "Desa A", DESA_PASER),
        ("2.13.02.2.01.02", TATA_WILAYAH, "satu juta", "Desa A", DESA_PASER),
        ("2.13.02.2.01.03", "Fasilitasi Penataan Kewenangan Desa", -5000000.5, "Desa A", DESA_PASER),
        ("2.13.02.2.01.04", None, 1, None, None)]})
    found = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]
    assert [(f["rule"], f["cell"], f["message"], f["value"], f["suggestion"]["text"]) for f in found] == [
        ("NK401", "C3", "pagu 'satu juta' bukan angka", "satu juta", "isi pagu dengan angka rupiah tanpa huruf, mis. 1250000"),
        ("NK401", "C4", "pagu -5.000.000,50 bernilai negatif", -5000000.5,
         "pagu tidak boleh negatif: isi dengan nilai rupiah nol atau lebih"),
        ("NK404", "B5", "nama untuk 2.13.02.2.01.04 kosong", None, "isi nama"),
        ("NK404", "D5", "lokasi untuk 2.13.02.2.01.04 kosong", None, "isi lokasi"),
        ("NK404", "E5", "kode lokasi untuk 2.13.02.2.01.04 kosong", None, "isi kode lokasi")], found
    assert not any(f["suggestion"]["safe"] for f in found)


def test_nk203_a_newer_code_without_predecessor_is_not_called_removed(tmp_path: Path, cli) -> None:
    """A FY2024 sub kegiatan no crosswalk links to FY2021 (new in 2024): no "removed", its name points the way
    (without a name: no way); a code a crosswalk removed without successor is told removed. None of these fixes
    is safe to apply unseen."""
    path = write_xlsx(tmp_path / "baru.xlsx", {"Renja": [
        RENJA_HEADER, ("1.01.02.2.01.0036", "Pengembangan konten digital untuk pendidikan", 1, "x", None),
        ("2.13.02.2.01.07", None, 1, "x", None), ("1.01.02.2.01.0036", None, 2, "y", None)]})
    found = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]
    assert [(f["rule"], f["cell"]) for f in found] == [("NK203", "A2"), ("NK203", "A3"), ("NK404", "B3"),
                                                       ("NK203", "A4"), ("NK403", "A4"), ("NK404", "B4")], found
    assert "belum ada" in found[0]["message"] and found[0]["suggestion"]["text"].startswith("menurut namanya"), found
    assert found[1]["suggestion"]["text"].startswith("kode ini dihapus tanpa pengganti"), found[1]
    assert found[3]["suggestion"]["replacement"] is None and "dihapus" not in found[3]["suggestion"]["text"], found[3]
    assert [f["suggestion"]["safe"] for f in found if f["rule"] == "NK203"] == [False, False, False], found
    assert "dari daftar yang lebih baru" in found[0]["message"] and "dari daftar yang lebih lama" in found[1]["message"]


@pytest.mark.parametrize("year, said", [("2019", "lebih lama"), ("2018", "lebih baru")])
def test_nk203_the_2019_annex_counts_as_a_list_of_2019(tmp_path: Path, cli, year: str, said: str) -> None:
    """Permendagri 90/2019 names no fiscal year and counts as 2019: its code is from no newer list than a list
    imported for 2019, and from a newer one than a list for 2018."""
    _import_list(tmp_path / f"daftar-{year}.xlsx", cli, ("2.13.02.2.01.01", PENATAAN), f"ta{year}", year, "fy2021")
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.07", None, 1, "x", None)]})
    result = cli("check", str(path), "--tabel", f"ta{year}", "--tingkat", "kabkota", "--format", "json")
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "NK203"]
    assert len(found) == 1 and "Permendagri 90/2019" in found[0]["message"], result.stdout
    assert f"dari daftar yang {said}" in found[0]["message"], found[0]["message"]


def test_nk202_a_name_of_another_level_names_no_owner(tmp_path: Path, cli) -> None:
    """A kegiatan written with a sub kegiatan's name, and a sub kegiatan with a kegiatan's: the name is wrong,
    but no other code of the row's level owns it."""
    path = write_xlsx(tmp_path / "tingkat.xlsx", {"Renja": [
        RENJA_HEADER, ("2.13.02.2.01", TATA_WILAYAH, 1, "x", None),
        ("2.13.02.2.01.01", "Penyelenggaraan Penataan Desa", 1, "x", None)]})
    found = [f for f in json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"] if f["rule"] == "NK202"]
    assert [f["suggestion"]["replacement"] for f in found] == ["Penyelenggaraan Penataan Desa", PENATAAN], found
    assert not any("milik kode" in f["message"] for f in found), found


def test_nk202_a_safe_fix_only_for_a_name_cut_short_or_close_to_the_official_one(tmp_path: Path, cli) -> None:
    """A name cut short is safely replaced by the official one, as is a name at least 80 % alike (token sort
    ratio); 79 % is not alike enough."""
    path = write_xlsx(tmp_path / "mirip.xlsx", {"Renja": [
        RENJA_HEADER, ("2.13.02.2.01.01", "Pembentukan, Penghapusan, Penggabungan, dan Perubahan", 1, "x", None),
        ("2.13.02.2.01.02", "Fasilitasi Tata ilayah Desa", 1, "x", None)],  # 80.0
        "Lampiran": [RENJA_HEADER, ("2.13.02.2.01.02", "Fasilitasi Tata Wisa", 1, "y", None)],  # 79.2
        "Mirip": [RENJA_HEADER, ("2.13.02.2.01.02", "Fasilitasi Tata Wilayah Des", 1, "y", None)]})  # above 90
    found = [f for f in json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"] if f["rule"] == "NK202"]
    assert sorted((f["sheet"], f["cell"], f["suggestion"]["replacement"], f["suggestion"]["safe"]) for f in found) == [
        ("Lampiran", "B2", TATA_WILAYAH, False), ("Mirip", "B2", TATA_WILAYAH, True), ("Renja", "B2", PENATAAN, True),
        ("Renja", "B3", TATA_WILAYAH, True)], found
    assert ["terpotong" in f["message"] for f in sorted(found, key=lambda f: (f["sheet"], f["cell"]))] == [
        False, False, True, False]


def test_nk202_a_name_cut_short_from_40_letters_on(tmp_path: Path, cli) -> None:
    """A name that begins the official one is "cut short" from 40 letters and digits of its key on; at 39 it is
    merely another name. A program name without its level word is compared as it is, not as a sort order."""
    path = write_xlsx(tmp_path / "potong.xlsx", {
        "Empat puluh": [RENJA_HEADER, ("2.13.02.2.01.01", "Pembentukan, Penghapusan, Penggabungan, dan Per", 1, "x", None)],
        "Tiga sembilan": [RENJA_HEADER, ("2.13.02.2.01.01", "Pembentukan, Penghapusan, Penggabungan, dan Pe", 1, "x", None)],
        "Program": [RENJA_HEADER, ("2.13.02", "Program Pengembangan Desa", None, None, None)]})
    found = {f["sheet"]: f for f in json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]
             if f["rule"] == "NK202"}
    assert sorted(found) == ["Empat puluh", "Program", "Tiga sembilan"], found
    assert "terpotong" in found["Empat puluh"]["message"] and "terpotong" not in found["Tiga sembilan"]["message"]


def test_nk202_judges_no_name_of_a_code_of_the_other_level(tmp_path: Path, cli) -> None:
    """A provincial code in a kabupaten/kota file is NK302's, whatever its name."""
    path = write_xlsx(tmp_path / "provinsi.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.1.01.01", TATA_WILAYAH, 1, "x", None)]})
    assert [rule for rule, _ in findings(_check(cli, path, "--tingkat", "kabkota"))] == ["NK302"]


def test_nk202_a_name_two_codes_own_names_the_first_of_the_list(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "dua.xlsx", {"Renja": [
        RENJA_HEADER, ("1.01.02.2.01.01", "Pembinaan Kelembagaan dan Manajemen Sekolah", 1, "x", None)]})
    found = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]
    assert [(f["rule"], f["message"].rsplit(" ", 1)[1]) for f in found] == [("NK202", "1.01.02.2.01.28")], found


def test_nk202_the_name_of_a_later_code_names_that_code(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "tukar.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.01", TATA_WILAYAH, 1, "x", None),
                                                          ("2.13.02.2.01.02", PENATAAN, 1, "x", None)]})
    found = [f for f in json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"] if f["rule"] == "NK202"]
    assert [(f["cell"], f["message"].rsplit(" ", 1)[1]) for f in found] == [
        ("B2", "2.13.02.2.01.02"), ("B3", "2.13.02.2.01.01")], found


def test_nk202_judges_the_name_of_a_supporting_program(tmp_path: Path, cli) -> None:
    """X.XX.01 names an affair by its last segment, not its first: its name is judged."""
    path = write_xlsx(tmp_path / "penunjang.xlsx", {"Renja": [RENJA_HEADER, ("X.XX.01", "Program Pembinaan Desa", 1, "x",
                                                                             None)]})
    found = findings(_check(cli, path, "--tingkat", "kabkota"))
    assert found == [("NK202", "B2")], found


def test_nk201_guesses_a_code_of_the_row_s_level_by_a_name_close_enough(tmp_path: Path, cli) -> None:
    """Unknown sub kegiatan codes: a mistyped official name points to its code; a name that resembles no official
    one well (best score under 85) guesses nothing; a kegiatan's name guesses a sub kegiatan, never the kegiatan;
    a supporting sub kegiatan's name (X.XX) is told with the row's own urusan and bidang. Never a safe fix."""
    path = write_xlsx(tmp_path / "tebak.xlsx", {"Renja": [
        RENJA_HEADER, ("2.13.02.2.01.08", "Fasilitasi Tata Wilayh Desaa", 1, "x", None),
        ("2.13.02.2.01.09", "Kopi", 1, "x", None), ("2.13.02.2.01.19", "Penyelenggaraan Penataan Desa", 1, "x", None),
        ("2.13.01.2.01.99", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 1, "x", None),
        ("2.13.02.2.01.39", APOTEK, 1, "x", None)]})
    found = {f["cell"]: f for f in json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)["findings"]}
    assert sorted((f["rule"], cell) for cell, f in found.items()) == [("NK201", f"A{n}") for n in range(2, 7)]
    assert found["A2"]["suggestion"]["replacement"] == "2.13.02.2.01.02" and found["A2"]["suggestion"]["safe"] is False
    assert found["A5"]["suggestion"]["replacement"] == "2.13.01.2.01.01"  # the generic X.XX.01 with the row's bidang
    assert found["A6"]["suggestion"]["replacement"] == "1.02.04.2.01.03"  # another bidang's code stays its own
    assert found["A3"]["suggestion"]["replacement"] is None and "nomenklatur lookup" in found["A3"]["suggestion"]["text"]
    assert found["A3"]["suggestion"]["safe"] is False
    assert len(found["A4"]["suggestion"]["replacement"].split(".")) == 6, found["A4"]


def test_exit_codes_and_unreadable_files(tmp_path: Path, cli) -> None:
    good = write_xlsx(tmp_path / "baik.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.01", PENATAAN, 1, "x", None)]})
    assert cli("check", str(good), "--tahun", "2021", "--tingkat", "kabkota").returncode == 0
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    bad = write_xlsx(tmp_path / "salah.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.99", "x", 1, "x", None)]})
    result = cli("check", str(broken), str(bad), "--tahun", "2021", "--tingkat", "kabkota", "--format", "json")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert [f["rule"] for f in data["findings"]] == ["NK201", "NK001"] or \
        sorted(f["rule"] for f in data["findings"]) == ["NK001", "NK201"]
    unreadable = next(f for f in data["findings"] if f["rule"] == "NK001")
    assert unreadable["file"] == str(broken) and unreadable["category"] == "file"
    assert cli("check", str(bad), "--tahun", "2021", "--tingkat", "kabkota", "--ignore", "NK2").returncode == 0
    warn = write_xlsx(tmp_path / "warn.xlsx", {"Renja": [RENJA_HEADER, ("'2.13.02.2.01.01", PENATAAN, 1, "x", None)]})
    assert cli("check", str(warn), "--tahun", "2021", "--tingkat", "kabkota").returncode == 0
    assert cli("check", str(warn), "--tahun", "2021", "--tingkat", "kabkota", "--fail-on", "warning").returncode == 1


def test_json_shape(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "bentuk.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.99", PENATAAN, 1, "x", None)]})
    data = json.loads(_check(cli, path, "--tingkat", "kabkota").stdout)
    assert set(data) >= {"tool", "tables", "files", "summary", "findings"}
    assert data["tool"]["name"] == "nomenklatur" and data["tables"] == {"version": "fy2021", "fiscal_year": 2021, "note": None}
    assert set(data["files"][0]) >= {"path", "sha256", "level", "region", "rows_checked"}
    assert data["files"][0]["rows_checked"] == 1 and len(data["files"][0]["sha256"]) == 64
    assert data["summary"] == {"error": 1, "warning": 0, "info": 0}
    finding = data["findings"][0]
    assert set(finding) >= {"rule", "category", "severity", "message", "file", "sheet", "cell", "row", "column",
                            "value", "expected", "suggestion", "related", "fingerprint"}
    assert (finding["file"], finding["sheet"], finding["cell"], finding["row"], finding["column"]) == \
        (str(path), "Renja", "A2", 2, "A")


def test_fingerprints_survive_inserted_rows(tmp_path: Path, cli) -> None:
    rows = [RENJA_HEADER, ("2.13.02.2.01.99", PENATAAN, 1, "x", None)]
    first = write_xlsx(tmp_path / "a.xlsx", {"Renja": rows})
    second = write_xlsx(tmp_path / "b.xlsx", {"Renja": [rows[0], ("2.13.02.2.01.01", PENATAAN, 1, "x", None), rows[1]]})
    one = json.loads(_check(cli, first, "--tingkat", "kabkota").stdout)["findings"][0]
    two = json.loads(_check(cli, second, "--tingkat", "kabkota").stdout)["findings"][0]
    assert one["row"] != two["row"] and one["fingerprint"] == two["fingerprint"]


def test_a_remembered_fingerprint_is_the_one_of_that_very_value() -> None:
    """Fingerprints are remembered per rule, key and value as written: equal values written otherwise (-1000 and
    -1000.0, Decimal 5 and 5.0) keep their own, and a memory emptied when full changes no answer."""
    import hashlib
    from decimal import Decimal

    from nomenklatur import findings

    key = ("Dinas PMD", "2.13.02.2.01.01")
    values = [-1000, -1000.0, "-1000", Decimal("5"), Decimal("5.0"), True, 1, None, ""]
    expected = [hashlib.sha256("\x1f".join(("NK401", *key, "" if v is None else str(v))).encode()).hexdigest()[:20]
                for v in values]
    assert len(set(expected)) == 7  # "-1000" is written as -1000 is; None as ""
    for _ in range(2):  # computed, then remembered
        assert [findings.fingerprint_of("NK401", key, v) for v in values] == expected
    for n in range(findings.FINGERPRINTS_KEPT + 5):
        findings.fingerprint_of("NK401", key, n)
    assert [findings.fingerprint_of("NK401", key, v) for v in values] == expected
    assert findings.fingerprint_of("NK402", key, -1000) != expected[0]


def test_text_output_language_and_statistics(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "teks.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.99", PENATAAN, 1, "x", None)]})
    text = cli("check", str(path), "--tahun", "2021", "--tingkat", "kabkota", "--statistics")
    assert f"{path}:Renja!A2: NK201 [galat] kode 2.13.02.2.01.99 tidak ada dalam daftar Kepmendagri 050-3708/2020 (TA 2021)" in text.stdout
    assert "1  NK201" in text.stdout and "Ringkasan: 1 berkas, 1 galat" in text.stdout
    english = cli("check", str(path), "--tahun", "2021", "--tingkat", "kabkota", "--lang", "en")
    assert "is not in the list Kepmendagri 050-3708/2020 (FY2021)" in english.stdout and "Summary: 1 file, 1 error," in english.stdout


def test_a_long_text_report_on_screen_equals_the_one_written_to_a_file(tmp_path: Path, cli) -> None:
    """The screen report is written a few thousand lines at a time; it is the same text as the file."""
    rows = [RENJA_HEADER] + [(f"2.13.AB.2.01.{i % 99 + 1:02d}", f"{PENATAAN} {i}", i, "x", None) for i in range(2100)]
    path = write_xlsx(tmp_path / "panjang.xlsx", {"Renja": rows})
    for extra in ((), ("--statistics", "--lang", "en")):
        args = ("check", str(path), "--tahun", "2021", "--tingkat", "kabkota", *extra)
        screen = cli(*args)
        written = tmp_path / f"laporan{len(extra)}.txt"
        assert cli(*args, "--output", str(written)).returncode == screen.returncode == 1
        assert screen.stdout == written.read_text(encoding="utf-8")
        assert screen.stdout.count("NK101") >= 2100 and screen.stdout.endswith(" info\n")


def test_user_config_regrades_and_validates(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "cfg.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.99", PENATAAN, 1, "x", None)]})
    (tmp_path / ".nomenklatur.yaml").write_text("tahun: 2021\ntingkat: kabkota\nrules:\n  NK201: {severity: warning}\n")
    result = cli("check", str(path), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0 and json.loads(result.stdout)["findings"][0]["severity"] == "warning"
    (tmp_path / ".nomenklatur.yaml").write_text("tahun: 2021\nrulez: {}\n")
    result = cli("check", str(path), cwd=tmp_path)
    assert result.returncode == 2 and "rulez" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / ".nomenklatur.yaml").write_text("tahun: 2021\nrules:\n  NK999: {severity: off}\n")
    result = cli("check", str(path), cwd=tmp_path)
    assert result.returncode == 2 and "NK999" in result.stderr
    (tmp_path / ".nomenklatur.yaml").write_text("tahun: !!python/object/apply:os.system ['echo hacked']\n")
    result = cli("check", str(path), cwd=tmp_path)
    assert result.returncode == 2 and "hacked" not in result.stdout and "Traceback" not in result.stderr
    (tmp_path / ".nomenklatur.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text("[tool.nomenklatur]\ntahun = 2021\ntingkat = 'kabkota'\nignore = ['NK201']\n")
    assert cli("check", str(path), cwd=tmp_path).returncode == 0


def test_header_aliases_from_the_config(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "alias.xlsx", {"Renja": [("Nomor Kegiatan Kami", "Nama"), ("2.13.02.2.01.99", "x")]})
    (tmp_path / ".nomenklatur.yaml").write_text("headers:\n  kode: ['nomor kegiatan kami']\n")
    result = cli("check", str(path), "--tahun", "2021", "--tingkat", "kabkota", "--format", "json", cwd=tmp_path)
    assert findings(result) == [("NK201", "A2")]


def test_a_sheet_without_any_code_table(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "kosong.xlsx", {"Catatan": [("halo",), (1, 2, 3)]})
    result = _check(cli, path, "--tingkat", "kabkota")
    assert result.returncode == 1 and findings(result) == [("NK002", None)]


def test_csv_proposal(tmp_path: Path, cli) -> None:
    path = tmp_path / "usulan.csv"
    path.write_bytes("Kode Sub Kegiatan;Nama Sub Kegiatan;Pagu\n2.13.02.2.01.01;Pembentukan, Penghapusan, "
                     "Penggabungan, dan Perubahan Status Desa;1.000.000\n2.13.02.2.01.99;Fasilitasi Tata Wilayah Desa;5\n"
                     .encode("cp1252"))
    assert findings(_check(cli, path, "--tingkat", "kabkota")) == [("NK201", "A3")]


def test_rule_documentation(cli) -> None:
    listing = cli("rule")
    assert listing.returncode == 0 and "NK201" in listing.stdout and "NK601" in listing.stdout
    doc = cli("rule", "NK202")
    assert "Lulus" in doc.stdout and "Gagal" in doc.stdout
    assert cli("rule", "NK999").returncode == 2


def test_the_real_sipd_export_has_no_error(reference: Path, cli) -> None:
    result = cli("check", str(reference / "samples-real" / "morowali_rkpd_perubahan_2021.xls"), "--tahun", "2021",
                 "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["error"] == 0, data["findings"][:3]
    assert data["files"][0]["rows_checked"] > 150 and data["files"][0]["level"] == "kabkota"


@pytest.mark.parametrize("year", ["2021", "2024"])
def test_a_folder_of_files(tmp_path: Path, cli, year: str) -> None:
    """Every file of the folder is checked as the year asked, and each finding names the file it is in: a.xlsx is
    clean, b.xlsx has an unknown code on row 3 (its name is the official name of 2.13.02.2.01.02 / .0002). In
    FY2024 the two-digit sub kegiatan codes of both files are FY2021 codes with a four-digit successor."""
    folder = tmp_path / "kiriman"
    folder.mkdir()
    write_xlsx(folder / "a.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.01", PENATAAN, 1, "x", None)]})
    write_xlsx(folder / "b.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.01", PENATAAN, 1, "x", None),
                                             ("2.13.02.2.01.99", TATA_WILAYAH, 1, "x", None)]})
    result = cli("check", str(folder), "--tahun", year, "--tingkat", "kabkota", "--format", "json", "--jobs", "2")
    data = json.loads(result.stdout)
    assert [(Path(f["path"]).name, f["rows_checked"], f["fiscal_year"]) for f in data["files"]] == [
        ("a.xlsx", 1, int(year)), ("b.xlsx", 2, int(year))]
    got = sorted((Path(f["file"]).name, f["rule"], f["cell"], f["severity"], f["expected"]) for f in data["findings"])
    if year == "2021":
        assert got == [("b.xlsx", "NK201", "A3", "error", "2.13.02.2.01.02")]
    else:
        assert got == [("a.xlsx", "NK203", "A2", "warning", "2.13.02.2.01.0001"),
                       ("b.xlsx", "NK201", "A3", "error", "2.13.02.2.01.0002"),
                       ("b.xlsx", "NK203", "A2", "warning", "2.13.02.2.01.0001")]
    assert result.returncode == 1


def test_unknown_program_and_kegiatan_codes_are_errors_as_sub_kegiatan_codes_are(tmp_path: Path, cli) -> None:
    """NK201 judges every level of the program codes, not only sub kegiatan: 2.13.99 and 2.13.02.2.99 are in no
    list (the program, kegiatan and sub kegiatan above them are official and named so)."""
    path = write_xlsx(tmp_path / "tingkat.xlsx", {"Renja": [
        ("Kode", "Uraian", "Pagu", "Lokasi"),
        ("2.13.02", "Program Penataan Desa", None, None),
        ("2.13.02.2.01", "Penyelenggaraan Penataan Desa", None, None),
        ("2.13.02.2.01.01", PENATAAN, 2000, "Desa A"),
        ("2.13.02.2.99", "Kegiatan Entah Apa", None, None),
        ("2.13.99", "Program Entah Apa", None, None),
    ]})
    result = _check(cli, path, "--tingkat", "kabkota")
    data = json.loads(result.stdout)
    assert data["files"][0]["roles"] == {"program": 2, "kegiatan": 2, "sub_kegiatan": 1}
    assert [(f["rule"], f["cell"], f["severity"], f["value"]) for f in data["findings"]] == [
        ("NK201", "A5", "error", "2.13.02.2.99"), ("NK201", "A6", "error", "2.13.99")]
    assert result.returncode == 1


def test_level_only_inferred_from_codes_is_said(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "tanpa-judul.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.1.01.01", "x", 1, "x")]})
    data = json.loads(cli("check", str(path), "--tahun", "2021", "--format", "json").stdout)
    assert data["files"][0]["level"] == "provinsi" and data["files"][0]["level_source"] == "kode"
    inferred = [f for f in data["findings"] if f["rule"] == "NK003"]
    assert len(inferred) == 1 and inferred[0]["severity"] == "info" and "disimpulkan" in inferred[0]["message"]
    stated = json.loads(cli("check", str(path), "--tahun", "2021", "--tingkat", "provinsi", "--format", "json").stdout)
    assert not [f for f in stated["findings"] if f["rule"] == "NK003"]


def test_rules_documentation_is_up_to_date(cli) -> None:
    """docs/rules.md is generated from the rules' docstrings; regenerate with `nomenklatur rule --markdown`."""
    docs = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
    generated = cli("rule", "--markdown").stdout
    assert generated == docs.read_text(encoding="utf-8")
    assert all(f"## {rule}" in generated for rule in ("NK101", "NK201", "NK402", "NK601", "NK701", "NK803"))


def test_accounts_below_what_the_chart_knows_are_not_called_unknown(tmp_path: Path, cli) -> None:
    """FY2021 pendapatan transfers are known to objek level (4.2.02.02) only: deeper codes are not judged."""
    path = write_xlsx(tmp_path / "pendapatan.xlsx", {"Pendapatan": [
        ("Kode Rekening", "Uraian Rekening", "Jumlah"),
        ("4.2.02.02.01.0001", "Bantuan Keuangan Umum dari Pemerintah Daerah Provinsi", 100),
        ("4.9.99.99.99.9999", "Tidak ada", 100),
    ]})
    assert findings(_check(cli, path, "--tingkat", "kabkota")) == [("NK501", "A3")]


def test_every_rule_has_a_plain_explanation_in_both_languages() -> None:
    from nomenklatur.checks import REGISTRY
    from nomenklatur.checks.docs import explain

    for rule_id in REGISTRY:
        assert len(explain(rule_id, "id")) > 40 and len(explain(rule_id, "en")) > 40, rule_id


@pytest.mark.parametrize("code", ["2.00.02.2.01.01", "2.13.00.2.01.01", "2.13.02.2.00.01", "2.13.02.2.01.00",
                                  "2.13.02.2.01.0000", "2.13.00"])
def test_a_segment_of_zeros_is_an_unreadable_code_not_an_unknown_one(tmp_path: Path, cli, code: str) -> None:
    """No bidang, program, kegiatan or sub kegiatan is numbered 00 (or 0000): such a code breaks the grammar
    (NK101), it is not a well-formed code missing from the list (NK201)."""
    path = write_xlsx(tmp_path / "nol.xlsx", {"Renja": [RENJA_HEADER, (code, TATA_WILAYAH, 1000, "Desa A")]})
    result = _check(cli, path, "--tingkat", "kabkota")
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["severity"], finding["cell"]) == ("NK101", "error", "A2"), finding
    assert f"kode {code!r} tidak dapat dibaca" in finding["message"] and result.returncode == 1


def test_a_total_row_first_is_a_total_and_the_rows_below_it_are_still_checked(tmp_path: Path, cli) -> None:
    """A JUMLAH row before any code row (here equal to the rows below it) is a total, not a code or a finding, and
    the rows below it are checked as usual: the unknown code on row 4 is found."""
    path = write_xlsx(tmp_path / "total.xlsx", {"Renja": [RENJA_HEADER, ("JUMLAH", None, 7, None),
                                                         ("2.13.02.2.01.01", PENATAAN, 5, "x"),
                                                         ("2.13.02.2.01.99", TATA_WILAYAH, 2, "x")]})
    result = _check(cli, path, "--tingkat", "kabkota")
    assert "Traceback" not in result.stderr, result.stderr
    data = json.loads(result.stdout)
    assert data["files"][0]["roles"] == {"jumlah": 1, "sub_kegiatan": 2}
    assert [(f["rule"], f["cell"]) for f in data["findings"]] == [("NK201", "A4")]
    assert result.returncode == 1


def test_files_checked_together_get_the_findings_they_get_alone() -> None:
    """A province file and kabupaten/kota files in one run share what is derived from the tables (how a code
    resolves, kept on the catalog per version and level): each file's findings equal those of a run of its own
    against a fresh catalog, in either order."""
    from nomenklatur.engine import CheckOptions, check_paths
    from nomenklatur.tables import Catalog
    from nomenklatur.tables.store import SHIPPED_DIR

    samples = Path(__file__).resolve().parents[1] / "samples"
    paths = [str(samples / n) for n in ("kaltim_dpmpd_2021.xlsx", "kubar_renja_2021.xlsx", "paser_renja_2021.xlsx")]
    from nomenklatur.config import effective_rules, load_profile, load_user_config
    severities, params = effective_rules(load_profile("default"), load_user_config(None), [], [])
    options = CheckOptions(tahun=2021, severities=severities, params=params)

    def dicts(run) -> dict[str, list]:
        return {r.path: [f.to_dict("id") for f in r.findings] for r in run.files}

    alone: dict[str, list] = {}
    for path in paths:
        alone |= dicts(check_paths([path], options, Catalog((SHIPPED_DIR,))))
    shared = Catalog((SHIPPED_DIR,))
    assert dicts(check_paths(paths, options, shared)) == alone
    assert dicts(check_paths(paths[::-1], options, shared)) == alone
    assert sum(map(len, alone.values())) > 0 and {r.level for r in check_paths(paths, options, shared).files} \
        == {"provinsi", "kabkota"}


def test_a_check_leaves_no_reference_cycles_and_restores_the_collector(tmp_path: Path) -> None:
    """The collector is paused while a file is checked; that is only safe while a check makes no reference
    cycles: a code error kept with its row must not keep the traceback (and frames) it was raised with."""
    import gc

    from nomenklatur.config import effective_rules, load_profile, load_user_config
    from nomenklatur.engine import CheckOptions, check_file

    paths = [write_xlsx(tmp_path / f"flat{n}.xlsx", {"Renja": [RENJA_HEADER_WILAYAH, (code, "Nama", 100, "Desa", lokasi)]})
             for n, (code, lokasi) in enumerate([("1.06.AB.2.14.02", "64.02.03.2001"), ("abc", "64.02.x.2001"),
                                                 ("2.13.02.2.01.01", "64.02.x.2001")])]
    paths.append(write_xlsx(tmp_path / "split.xlsx", {"RKPD": [
        ("Kode", None, None, None, None, "Program/Kegiatan/Sub Kegiatan", "Pagu Indikatif", "Lokasi")] + [
        (2.0, part, 2.0, "2.01", 1.0, "Nama", 100, "Desa") for part in (13.0, "x", 99.0, "1.2.3")]}))
    severities, params = effective_rules(load_profile("default"), load_user_config(None), [], [])
    options = CheckOptions(tahun=2021, severities=severities, params=params)
    for path in paths:
        gc.collect()
        result = check_file(str(path), options)
        assert {f.rule for f in result.findings} & {"NK101", "NK102", "NK601"}
        assert gc.isenabled()
        assert gc.collect() == 0, path.name
    gc.disable()
    try:
        check_file(str(paths[0]), options)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_check_keeps_joins_the_oldest_generation_without_a_collection(tmp_path: Path) -> None:
    """When the collector is switched on again after a check, the objects the check made and kept are moved to
    the oldest generation (no young collection walks them all to find nothing); a heap the caller froze stays
    frozen, with the check's objects left to the young generation as usual."""
    import gc

    from nomenklatur.engine import check_file, options_for

    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": [RENJA_HEADER_WILAYAH] + [
        (f"2.13.02.2.01.0{n % 9 + 1}", f"Nama {n}", 100, "Desa", "64.02.03.2001") for n in range(3000)]})
    options = options_for(tahun=2021)
    runs: list[int] = []
    seen = lambda phase, info: runs.append(info["generation"]) if phase == "start" else None  # noqa: E731
    gc.collect()
    gc.callbacks.append(seen)
    try:
        kept = check_file(str(path), options)
        young = gc.get_count()[0]
    finally:
        gc.callbacks.remove(seen)
    assert len(kept.findings) > 0 and runs == [] and young < 100, (runs, young)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        check_file(str(path), options)
        assert gc.get_freeze_count() == frozen and gc.isenabled()
    finally:
        gc.unfreeze()


def test_a_failure_of_nomenklatur_on_one_file_is_a_finding_of_that_file(tmp_path: Path) -> None:
    """A bug that raises while one file is checked becomes NK002 for that file (with --debug it is raised); the
    other files of the run are still checked."""
    from nomenklatur.checks.base import REGISTRY, Rule, register
    from nomenklatur.config import effective_rules, load_profile, load_user_config
    from nomenklatur.engine import CheckOptions, check_paths

    def explode(ctx, b) -> None:
        if b.kode is not None and b.kode.text.endswith(".99"):
            raise ZeroDivisionError("a bug")

    register(Rule(id="NK999", category="format", severity="error", title={"id": "x", "en": "x"}, messages={},
                  doc="", row=explode))
    try:
        bad = write_xlsx(tmp_path / "bad.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.99", PENATAAN, 1, "x")]})
        good = write_xlsx(tmp_path / "good.xlsx", {"Renja": [RENJA_HEADER, ("2.13.02.2.01.01", PENATAAN, 1, "x")]})
        severities, params = effective_rules(load_profile("default"), load_user_config(None), [], [])
        options = CheckOptions(tahun=2021, severities={**severities, "NK999": "error"}, params=params,
                               tingkat="kabkota")
        run = check_paths([str(bad), str(good)], options)
        assert [(f.rule, f.severity) for f in run.files[0].findings] == [("NK002", "error")]
        assert "ZeroDivisionError: a bug" in run.files[0].findings[0].text("id")
        assert run.files[1].findings == [] and run.exit_code() == 1
        with pytest.raises(ZeroDivisionError):
            check_paths([str(bad)], CheckOptions(**{**options.__dict__, "debug": True}))
    finally:
        del REGISTRY["NK999"]
