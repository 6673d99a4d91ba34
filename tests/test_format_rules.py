"""The format rules NK101 (a code that cannot be read) and NK102 (a code that needed repair): which reading each
unreadable code gets, which of their suggestions are safe (only those `nomenklatur fix` applies), and where
Excel numbers are no defect. Real workbooks, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from workbooks import write_xlsx

OPTIONS = ("--tahun", "2021", "--tingkat", "kabkota")
NAME = "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa"


def _format_findings(cli, path: Path) -> dict[str, tuple[str, str, str | None, bool | None]]:
    """cell -> (rule, message, replacement, safe) of the NK10x findings of one check."""
    done = cli("check", str(path), *OPTIONS, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    found = {}
    for f in json.loads(done.stdout)["findings"]:
        if f["rule"].startswith("NK10"):
            s = f["suggestion"] or {}
            found[f["cell"]] = (f["rule"], f["message"], s.get("replacement"), s.get("safe"))
    return found


def test_unreadable_codes_get_their_own_reading_and_no_safe_fix(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [
        ("Kode", "Uraian"),
        ("2.13.02.2.01", ""),
        ("2.13.AB.2.01.01", ""),      # letters that stand for no digit
        ("2.13.OO.2.01.01", ""),      # letters for digits, but 00 is still no segment
        ("2.13.02.2.O1.02", ""),      # the letter O where 0 belongs
        ("2.13.2.2.1.1", ""),         # zeros missing: a repair
    ]})
    found = _format_findings(cli, path)
    assert found["A3"] == ("NK101", ("kode '2.13.AB.2.01.01' tidak dapat dibaca: \"2.13.AB.2.01.01\" bukan kode yang "
                           "sah."), None, False)
    assert found["A4"] == ("NK101", ("kode '2.13.OO.2.01.01' tidak dapat dibaca: \"2.13.OO.2.01.01\" bukan kode yang "
                           "sah."), None, False)
    assert found["A5"] == ("NK101", "kode '2.13.02.2.O1.02' tidak dapat dibaca: huruf O di tempat angka 0",
                           "2.13.02.2.01.02", False)
    assert found["A6"] == ("NK102", ("kode '2.13.2.2.1.1' perlu dirapikan (nol di depan ditambahkan); seharusnya "
                           "2.13.02.2.01.01"), "2.13.02.2.01.01", True)
    assert set(found) == {"A3", "A4", "A5", "A6"}


def test_an_ambiguous_code_names_both_readings_and_no_fix(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [
        ("Kode Bidang", "Kode Program", "Uraian"),
        ("2.13", "2.13.02", ""),
        ("2.1", None, ""),
    ]})
    assert _format_findings(cli, path) == {
        "A3": ("NK101", "kode '2.1' bermakna ganda: bisa 2.01, 2.10", None, False)}


def test_fix_applies_the_repair_and_leaves_a_lookalike_for_people(tmp_path: Path, cli) -> None:
    source = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [
        ("Kode", "Uraian"),
        ("2.13.02.2.01", ""),
        ("2.13.02.2.O1.02", ""),
        ("2.13.2.2.1.1", ""),
    ]})
    out = tmp_path / "rapi.xlsx"
    done = cli("fix", str(source), *OPTIONS, "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Renja!A4: '2.13.2.2.1.1' -> '2.13.02.2.01.01'  (NK102)"
    column = [c.value for c in openpyxl.load_workbook(out)["Renja"]["A"]]
    assert column == ["Kode", "2.13.02.2.01", "2.13.02.2.O1.02", "2.13.02.2.01.01"]


def test_excel_numbers_in_the_level_columns_of_a_cascade_are_no_repair(tmp_path: Path, cli) -> None:
    # one code column per level, each level's code repeated down the rows (as SIPD exports): the urusan and
    # bidang columns hold numbers, which is how Excel keeps them, not a defect of the file
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [
        ("Kode Urusan", "Kode Bidang", "Kode Program", "Kode Kegiatan", "Kode Sub Kegiatan", "Nama", "Pagu"),
        (2, 2.13, "2.13.02", "2.13.02.2.01", "2.13.02.2.01.01", NAME, 1000),
        (2, 2.13, "2.13.02", "2.13.02.2.01", "2.13.2.2.1.2", "Fasilitasi Tata Wilayah Desa", 1000),
    ]})
    assert _format_findings(cli, path) == {
        "E3": ("NK102", ("kode '2.13.2.2.1.2' perlu dirapikan (nol di depan ditambahkan); seharusnya "
               "2.13.02.2.01.02"), "2.13.02.2.01.02", True)}
