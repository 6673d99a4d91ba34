"""The document's fiscal year: read from its title, file name and codes; a wrong --tahun is one finding for the
file, and codes of the other version name their counterparts in the year asked. Real files, real CLI."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from workbooks import write_xlsx

from nomenklatur.tables import default_catalog
from nomenklatur.tahun import Bukti, KodeTahun, conflict, evidence, from_file_name, from_title

PENATAAN_2024 = ("2.13.02.2.01.0001", "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa")
TATA_2024 = ("2.13.02.2.01.0002", "Fasilitasi Tata Wilayah Desa")
KEWENANGAN_2024 = ("2.13.02.2.01.0003", "Fasilitasi Penataan Kewenangan Desa")


def check(cli, path: Path, *args: str) -> tuple[int, dict]:
    result = cli("check", str(path), "--tingkat", "kabkota", "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def test_the_evidence_of_a_year_strongest_first() -> None:
    assert from_title(["Realisasi Tahun 2023", "RENCANA KERJA TAHUN ANGGARAN 2024"]) == (2024, "TAHUN ANGGARAN 2024")
    assert from_file_name("Renja DPMD 2024 final.xlsx") == 2024
    assert from_file_name("rpjmd_2021-2026.xlsx") is None and from_file_name("scan_20240117.xlsx") is None
    four = KodeTahun(Counter({4: 30, 2: 1}))
    found = evidence(["RKA TAHUN 2021"], "rka_2024.xlsx", four)
    assert [(b.sumber, b.dari, b.sampai) for b in found] == [("judul", 2021, 2021), ("kode", 2024, 2028)]
    assert conflict(2021, found) == found[1] and conflict(2024, found) == found[0]
    assert [(b.sumber, b.dari) for b in evidence([], "rka_2024.xlsx", KodeTahun(Counter()))] == [("nama berkas", 2024)]
    assert KodeTahun(Counter({4: 5, 2: 5})).bukti() is None  # codes of both shapes tell nothing
    assert KodeTahun(Counter({2: 2})).bukti() is None  # too few to tell
    assert KodeTahun(Counter(), akun_2026=40, akun_4=1).bukti() == Bukti("kode", "2026", 2026, 2028, 40)


def test_without_tahun_the_document_s_own_year_is_used_and_said(tmp_path: Path, cli) -> None:
    rows = [("RENCANA KERJA PERANGKAT DAERAH TAHUN ANGGARAN 2024",), ("Kode", "Uraian", "Pagu"),
            (*PENATAAN_2024, 100), (*TATA_2024, 200)]
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": rows})
    code, data = check(cli, path)
    assert code == 0 and (data["files"][0]["fiscal_year"], data["files"][0]["fiscal_year_source"]) == (2024, "judul")
    assert data["files"][0]["regulation"] == "Kepmendagri 900.1.15.5-1317/2023 (TA 2024)"
    assert [(f["rule"], f["severity"]) for f in data["findings"]] == [("NK008", "info")]
    assert "TAHUN ANGGARAN 2024" in data["findings"][0]["message"]


def test_a_wrong_tahun_is_one_finding_for_the_file(tmp_path: Path, cli) -> None:
    """A FY2024 document checked as FY2021: one error naming FY2024 and what to run; its codes are from a
    newer list (information, once per code), each naming its FY2021 code."""
    rows = [("Kode", "Uraian", "Pagu"), (*PENATAAN_2024, 100), (*TATA_2024, 200), (*KEWENANGAN_2024, 300)]
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": rows})
    code, data = check(cli, path, "--tahun", "2021")
    by_rule = Counter((f["rule"], f["severity"]) for f in data["findings"])
    assert code == 1 and by_rule == {("NK007", "error"): 1, ("NK203", "info"): 3}, data["findings"]
    mismatch = next(f for f in data["findings"] if f["rule"] == "NK007")
    assert "--tahun 2024" in mismatch["message"] and "3 kode sub kegiatan 4 digit" in mismatch["message"]
    expected = {f["cell"]: f["expected"] for f in data["findings"] if f["rule"] == "NK203"}
    assert expected == {"A2": "2.13.02.2.01.01", "A3": "2.13.02.2.01.02", "A4": "2.13.02.2.01.03"}
    titled = write_xlsx(tmp_path / "judul.xlsx", {"Renja": [("RENJA TAHUN 2024",), *rows]})
    code, data = check(cli, titled, "--tahun", "2025")
    assert [f["rule"] for f in data["findings"] if f["severity"] == "error"] == ["NK007"]
    assert "TA 2024 menurut judul 'TAHUN 2024'" in data["findings"][0]["message"]


@pytest.mark.parametrize("year", ["21", "1999", "2031"])
def test_a_year_without_a_list_is_a_usage_error(tmp_path: Path, cli, year: str) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [("Kode", "Uraian"), PENATAAN_2024]})
    result = cli("check", str(path), "--tahun", year)
    assert result.returncode == 2 and f"tahun anggaran {year} tidak dikenal" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_document_that_shows_no_year_is_checked_but_proves_nothing(tmp_path: Path, cli) -> None:
    """Accounts alone do not tell the year (the 4-digit chart served FY2021-2025): the newest full list is
    used, said in a warning, and what it cannot find is a warning, not an error."""
    rows = [("Kode Rekening", "Uraian Rekening", "Jumlah"),
            ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", 100),
            ("5.1.02.01.01.9999", "Belanja Entah", 100)]
    code, data = check(cli, write_xlsx(tmp_path / "rincian.xlsx", {"Rincian": rows}))
    assert data["files"][0]["fiscal_year_source"] == "bawaan"
    assert sorted((f["rule"], f["severity"]) for f in data["findings"]) == [("NK008", "warning"),
                                                                          ("NK501", "warning")]
    assert "tahun anggaran berkas tidak diketahui" in next(f for f in data["findings"]
                                                           if f["rule"] == "NK501")["message"]


def test_every_fy2024_code_with_a_fy2021_predecessor_names_it(tmp_path: Path, cli) -> None:
    """A workbook of every FY2024 program, kegiatan and sub kegiatan code that the crosswalk links to a FY2021
    code, checked as FY2021: each row names its FY2021 code(s)."""
    catalog = default_catalog()
    crosswalk, fy2024 = catalog.crosswalk("fy2021~fy2024"), catalog.table("fy2024")
    predecessors: dict[str, set[str]] = {}
    for entry in fy2024.entries("kabkota"):
        if entry.code.startswith("X") or catalog.table("fy2021").has(entry.code, "kabkota"):
            continue
        back = {link.from_code for link in crosswalk.back(entry.code, "kabkota")}
        if back:
            predecessors[entry.code] = back
    assert len(predecessors) > 1000
    codes = sorted(predecessors)
    rows = [("Kode", "Uraian"), *((code, fy2024.get(code, "kabkota").name) for code in codes)]
    code, data = check(cli, write_xlsx(tmp_path / "semua.xlsx", {"Renja": rows}), "--tahun", "2021")
    found = {f["value"]: f for f in data["findings"] if f["rule"] == "NK203"}
    said = {c: f["message"] + " " + ((f["suggestion"] or {}).get("text") or "") for c, f in found.items()}
    missing = [c for c in codes if c not in said or not any(p in said[c] for p in predecessors[c])]
    assert not missing, missing[:10]
    for code in codes:  # the code to type where there is one; with several, the message names them
        expected = found[code]["expected"]
        assert expected in predecessors[code] if len(predecessors[code]) == 1 else expected is None, found[code]


def test_fy2026_codes_observed_in_use_are_known_the_rest_are_warnings(tmp_path: Path, cli) -> None:
    """FY2026 has no machine-readable list: codes seen in SIPD-RI FY2026 documents are valid (a sub kegiatan
    replaced after FY2026, a PPPK Paruh Waktu account new in 2026, in its 2026 shape); a code in none of the
    lists is a warning that says the list is only observed."""
    rows = [("RENCANA ANGGARAN KAS TAHUN ANGGARAN 2026",), ("Kode Rekening", "Uraian", "Anggaran"),
            ("2.16.02.2.01.0015", "Kemitraan Komunikasi dengan Komunitas Informasi Masyarakat", 300),
            ("5.1.02.02.001.00086", "Belanja jasa Pegawai Pemerintah dengan Perjanjian Kerja (PPPK) Paruh Waktu "
                                    "pada jabatan tenaga teknis", 100),
            ("5.1.02.02.001.99999", "Belanja Entah", 200),
            ("2.16.02.2.01.0999", "Sub Kegiatan Entah", 50)]
    code, data = check(cli, write_xlsx(tmp_path / "rak.xlsx", {"RAK": rows}))
    assert data["files"][0]["table"] == "fy2026" and code == 0
    found = sorted((f["rule"], f["severity"], f["cell"]) for f in data["findings"] if f["rule"] != "NK008")
    assert found == [("NK201", "warning", "A6"), ("NK501", "warning", "A5")], data["findings"]
    unknown = next(f for f in data["findings"] if f["rule"] == "NK201")["message"]
    assert "kode teramati, TA 2026" in unknown and "hanya peringatan" in unknown


def test_a_year_inferred_from_the_shape_of_codes_proves_nothing(tmp_path: Path, cli) -> None:
    """An export without title or year in its name (a SIPD rekap) with 4-digit codes may be of FY2024, 2025 or
    2026: it is checked against FY2024's list, but a code that list lacks is a warning, not an error."""
    rows = [("Kode", "Uraian", "Pagu"), (*PENATAAN_2024, 100), (*TATA_2024, 200), (*KEWENANGAN_2024, 300),
            ("2.13.02.2.01.0999", "Sub Kegiatan Baru", 50)]
    code, data = check(cli, write_xlsx(tmp_path / "rekap.xlsx", {"Sheet1": rows}))
    assert (data["files"][0]["fiscal_year"], data["files"][0]["fiscal_year_source"]) == (2024, "kode")
    assert code == 0 and sorted((f["rule"], f["severity"]) for f in data["findings"]) == [("NK008", "info"),
                                                                                         ("NK201", "warning")]
    assert "hanya disimpulkan dari bentuk kodenya" in next(f for f in data["findings"] if f["rule"] == "NK201")["message"]


def test_codes_that_only_a_later_list_holds_point_to_that_year(tmp_path: Path, cli) -> None:
    """Among the years the code shape allows, the one whose list holds most of the codes: a sub kegiatan added
    in FY2025 (1.01.02.2.01.0054) makes an untitled export FY2025, not FY2024."""
    rows = [("Kode", "Uraian", "Pagu"), ("1.01.02.2.01.0054", "Penyediaan Biaya Personil Peserta Didik Sekolah Dasar", 1),
            (*PENATAAN_2024, 1), (*TATA_2024, 1)]
    code, data = check(cli, write_xlsx(tmp_path / "rekap.xlsx", {"Sheet1": rows}))
    assert (data["files"][0]["fiscal_year"], data["files"][0]["table"]) == (2025, "fy2025")
    assert [f["rule"] for f in data["findings"]] == ["NK008"] and "daftar TA 2025 memuat" in data["findings"][0]["message"]
