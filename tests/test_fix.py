"""`nomenklatur fix`: a corrected copy with only the safe fixes, applied only where the cell is as checked."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import run_cli
from report_books import INJECTED, check, write_proposal

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cells(path: Path) -> dict[tuple[str, str], tuple]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): (c.value, c.number_format) for ws in wb.worksheets
            for row in ws.iter_rows() for c in row if c.value is not None}


def test_fix_writes_a_corrected_copy_of_the_sample(tmp_path: Path) -> None:
    source = tmp_path / "paser.xlsx"
    shutil.copy(SAMPLES / "paser_renja_2021.xlsx", source)
    before = _sha(source)
    out = tmp_path / "paser-baik.xlsx"
    done = run_cli("fix", str(source), "--tahun", "2021", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Sub Keg Renja_DPA!A15: '2.13.4.2.1.3' -> '2.13.04.2.01.03'  (NK102)",
        "Sub Keg Renja_DPA!B16: 'Fasilitasi Pengelolaan Keuangan dan Aset Desa' -> "
        "'Fasilitasi Pengelolaan Keuangan Desa'  (NK202)",
        "Sub Keg Renja_DPA!A22: '2,13,04,2,01,16' -> '2.13.04.2.01.16'  (NK102)",
        f"3 perubahan ditulis ke {out}",
    ]
    assert _sha(source) == before
    old, new = _cells(source), _cells(out)
    changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    assert changed == {("Sub Keg Renja_DPA", "A15"), ("Sub Keg Renja_DPA", "B16"), ("Sub Keg Renja_DPA", "A22")}
    assert new[("Sub Keg Renja_DPA", "A15")][0] == "2.13.04.2.01.03"


def test_diff_shows_the_changes_and_writes_nothing(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    done = run_cli("fix", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--diff", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Renja!A3: \"'2.13.2.2.1.2\" -> '2.13.02.2.01.02'  (NK102)",
        "Renja!B4: 'Fasilitasi Penataan Kewenangan Desa Adat' -> 'Fasilitasi Penataan Kewenangan Desa'  (NK202)",
        "2 perubahan (--diff: tidak ada berkas yang ditulis)",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["usulan.xlsx"]


def test_fix_keeps_everything_else_and_never_applies_unsafe_suggestions(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    out = tmp_path / "baik.xlsx"
    assert run_cli("fix", str(source), "--tahun", "2021", "--tingkat", "kabkota", "-o", str(out)).returncode == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["Renja"]
    assert ws["A5"].value == "2.13.02.2.01.99"  # NK201's guess by name is not certain
    assert ws["B6"].value == INJECTED and ws["B6"].data_type == "s"  # a name that is not close: not safe
    assert ws["C7"].value == "=C2*2" and ws["C2"].number_format == "#,##0"
    assert ws["B10"].comment.text.startswith("nomenklatur: ignore NK202")
    assert wb["Lampiran"]["B2"].value == "=SUM(Renja!C2:C10)" and wb.sheetnames == ["Renja", "Lampiran"]
    assert [f.rule for f in check(out).findings if f.rule in ("NK102", "NK202")] == ["NK202"]  # only B6 left


# 2.13.05.2.01.02 of the FY2021 kabupaten/kota list, 204 characters; a cell cut at 100 keeps less than half of it
LEMBAGA = ("Fasilitasi Penataan, Pemberdayaan dan Pendayagunaan Kelembagaan Lembaga Kemasyarakatan Desa/Kelurahan "
           "(RT, RW, PKK, Posyandu, LPM, dan Karang Taruna), Lembaga Adat Desa/Kelurahan dan Masyarakat Hukum Adat")


def test_a_name_cut_short_gets_the_official_name_as_a_safe_fix(tmp_path: Path) -> None:
    """A long name cut short by an export (the first 100 characters of the official name) is too unlike the whole
    name to be called close, yet it is certain: NK202 says it is cut short and `fix` writes the official name."""
    from workbooks import RENJA_HEADER, write_xlsx

    source = write_xlsx(tmp_path / "potong.xlsx", {"Renja": [RENJA_HEADER, ("2.13.05.2.01.02", LEMBAGA[:100], 1000,
                                                                           "Desa Long Ikis")]})
    (finding,) = [f.to_dict() for f in check(source).findings]
    assert (finding["rule"], finding["cell"], finding["severity"]) == ("NK202", "B2", "error")
    assert "terpotong" in finding["message"]
    assert finding["suggestion"]["replacement"] == LEMBAGA and finding["suggestion"]["safe"] is True
    out = tmp_path / "baik.xlsx"
    done = run_cli("fix", str(source), "--tahun", "2021", "--tingkat", "kabkota", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"Renja!B2: {LEMBAGA[:100]!r} -> {LEMBAGA!r}  (NK202)"
    assert openpyxl.load_workbook(out)["Renja"]["B2"].value == LEMBAGA
    assert check(out).findings == []


def test_code_repair_keeps_a_name_glued_to_the_code(tmp_path: Path) -> None:
    source = tmp_path / "kubar.xlsx"
    shutil.copy(SAMPLES / "kubar_renja_2021.xlsx", source)
    done = run_cli("fix", str(source), "--tahun", "2021", "--diff")
    assert done.returncode == 0, done.stderr
    assert ("DPMPD!A22: \"'2.13.04.2.01.06 Fasilitasi Penyelenggaraan Musyawarah Desa\" -> "
            "'2.13.04.2.01.06 Fasilitasi Penyelenggaraan Musyawarah Desa'  (NK102)") in done.stdout


def test_a_cell_that_changed_since_the_check_is_left_alone(tmp_path: Path) -> None:
    from nomenklatur.fix import plan

    source = write_proposal(tmp_path / "usulan.xlsx")
    result = check(source).files[0]
    wb = openpyxl.load_workbook(source)
    wb["Renja"]["B4"] = "Nama yang sudah diubah orang lain"
    wb.save(source)
    fixes = plan(result)
    assert [c.cell for c in fixes.changes] == ["A3"]
    assert [(s.finding.location.cell, s.finding.rule) for s in fixes.skipped] == [("B4", "NK202")]


def test_only_xlsx_can_be_written(tmp_path: Path) -> None:
    source = tmp_path / "usulan.csv"
    source.write_text("Kode Sub Kegiatan;Nama Sub Kegiatan;Pagu\n2.13.2.2.1.1;Pembentukan, Penghapusan, "
                      "Penggabungan, dan Perubahan Status Desa;1000\n", encoding="utf-8")
    refused = run_cli("fix", str(source), "--tahun", "2021", "--tingkat", "kabkota", "-o", str(tmp_path / "b.xlsx"))
    assert refused.returncode == 2 and "xlsx" in refused.stderr and not (tmp_path / "b.xlsx").exists()
    shown = run_cli("fix", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--diff")
    assert shown.returncode == 0 and "usulan!A2: '2.13.2.2.1.1' -> '2.13.02.2.01.01'  (NK102)" in shown.stdout


@pytest.mark.parametrize("target, words", [("usulan.xlsx", "masukan"), ("ada.xlsx", "--force"),
                                           ("hasil.xls", ".xlsx"), (None, "--output")])
def test_fix_refuses_unsafe_targets(tmp_path: Path, target: str | None, words: str) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    (tmp_path / "ada.xlsx").write_bytes(b"lama")
    before = _sha(source)
    args = ["fix", str(source), "--tahun", "2021"] + (["-o", str(tmp_path / target)] if target else [])
    done = run_cli(*args)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
    assert _sha(source) == before and (tmp_path / "ada.xlsx").read_bytes() == b"lama"
