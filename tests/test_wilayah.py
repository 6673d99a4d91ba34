"""NK601 on a plan's kode lokasi: a place outside the file's region is an error; the province that holds a
kabupaten's file is wider than the file, not outside it (a warning that says so)."""

from __future__ import annotations

import json
from pathlib import Path

from workbooks import write_xlsx


def test_a_province_wide_location_in_a_kabupaten_file_is_wider_not_outside(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "kukar_2021.xlsx", {"Renja": [
        ("RENJA KABUPATEN KUTAI KARTANEGARA TAHUN 2021",), (), ("Kode", "Uraian", "Lokasi"),
        ("2.13.02.2.01.01", "Penyelenggaraan Penataan Desa", "64"),  # all of Kalimantan Timur
        ("2.13.02.2.01.02", "Fasilitasi Penataan Desa", "64.07"),  # Kutai Barat
        ("2.13.02.2.01.03", "Fasilitasi Penataan Desa", "64.02")]})  # the file's own region
    data = json.loads(cli("check", str(path), "--format", "json").stdout)
    found = {f["cell"]: f for f in data["findings"] if f["rule"] == "NK601"}
    assert sorted(found) == ["C4", "C5"]
    assert found["C4"]["severity"] == "warning" and "lebih luas dari wilayah berkas ini" in found["C4"]["message"]
    assert found["C5"]["severity"] == "error" and "berada di luar wilayah berkas ini" in found["C5"]["message"]


def test_each_row_of_a_city_file_gets_its_own_verdict_on_its_location(tmp_path: Path, cli) -> None:
    # the same kelurahan is no finding under a health sub kegiatan, and one on each village (2.13) sub kegiatan
    # that names it, whatever came first; a paket line under them is not judged; numbers are codes as well
    path = write_xlsx(tmp_path / "samarinda.xlsx", {"Renja": [
        ("Kode", "Uraian", "Lokasi", "Kode Lokasi"),
        ("1.02.02.2.01.01", "", "Rawa Makmur", "64.72.01.1001"),
        ("2.13.02.2.01.01", "", "Rawa Makmur", "64.72.01.1001"),
        ("2.13.02.2.01.02", "", "Rawa Makmur", "64.72.01.1001"),
        (None, "Pembangunan jalan lingkungan", "Rawa Makmur", "64.72.01.1001"),
        ("1.02.02.2.01.02", "", "Desa", "64.72.01.2999"),
        ("1.02.02.2.01.03", "", "Samarinda", 64.72),
        ("1.02.02.2.01.04", "", "Kukar", 64.02),
        ("1.02.02.2.01.05", "", "Kaltim", 64),
    ]})
    done = cli("check", str(path), "--tahun", "2021", "--tingkat", "kabkota", "--wilayah", "64.72", "--format", "json")
    assert done.returncode == 1, done.stderr
    found = {f["cell"]: f for f in json.loads(done.stdout)["findings"] if f["rule"] == "NK601"}
    kelurahan = "lokasi 64.72.01.1001 (Rawa Makmur) adalah kelurahan, padahal sub kegiatan ini untuk desa"
    assert {cell: (f["severity"], f["message"]) for cell, f in found.items()} == {
        "D3": ("error", kelurahan),
        "D4": ("error", kelurahan),
        "D6": ("error", ("kode wilayah 64.72.01.2999 tidak ada dalam daftar Permendagri 72/2019 jo. Kepmendagri "
                        "146.1-4717/2020 (TA 2021)")),
        "D8": ("error", ("lokasi 64.02 (KAB. KUTAI KARTANEGARA) berada di luar wilayah berkas ini "
                        "(64.72 KOTA SAMARINDA)")),
        "D9": ("warning", ("lokasi 64 (KALIMANTAN TIMUR) lebih luas dari wilayah berkas ini (64.72 KOTA SAMARINDA); "
                          "tulis kode wilayahnya sendiri atau yang lebih rinci")),
    }
    # the same place under two sub kegiatan: two findings, which a baseline tells apart (OPD, code, place)
    assert found["D3"]["fingerprint"] != found["D4"]["fingerprint"]


def test_a_row_without_a_kode_lokasi_is_no_finding_of_nk601(tmp_path: Path, cli) -> None:
    """An empty kode lokasi is not an unreadable region code: NK601 says nothing (NK404 says it is empty)."""
    path = write_xlsx(tmp_path / "kukar.xlsx", {"Renja": [
        ("Kode", "Uraian", "Pagu", "Lokasi", "Kode Lokasi"),
        ("2.13.02.2.01.01", "", 1, "Desa A", "64.02.03.2001"), ("2.13.02.2.01.02", "", 1, "Desa B", None)]})
    done = cli("check", str(path), "--tahun", "2021", "--tingkat", "kabkota", "--wilayah", "64.02", "--format", "json")
    found = [(f["rule"], f["cell"]) for f in json.loads(done.stdout)["findings"] if f["cell"] and f["cell"][0] == "E"]
    assert found == [("NK404", "E3")], done.stdout


def test_a_kode_lokasi_of_spaces_is_an_empty_cell_not_an_unreadable_code(tmp_path: Path, cli) -> None:
    """Spaces (or a non-breaking space) typed in a kode lokasi cell are no code: not NK601's "Kode kosong" error
    but what an empty cell gets, NK404's warning."""
    path = write_xlsx(tmp_path / "kukar.xlsx", {"Renja": [
        ("Kode", "Uraian", "Pagu", "Lokasi", "Kode Lokasi"),
        ("2.13.02.2.01.01", "", 1, "Desa A", "64.02.03.2001"), ("2.13.02.2.01.02", "", 2, "Desa B", "   "),
        ("2.13.02.2.01.03", "", 3, "Desa C", "\u00a0")]})
    done = cli("check", str(path), "--tahun", "2021", "--tingkat", "kabkota", "--wilayah", "64.02", "--format", "json")
    found = [(f["rule"], f["severity"], f["cell"]) for f in json.loads(done.stdout)["findings"]
             if f["cell"] and f["cell"][0] == "E"]
    assert found == [("NK404", "warning", "E3"), ("NK404", "warning", "E4")], done.stdout
