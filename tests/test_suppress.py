"""Suppression markers in the workbook (NK004 when unused) and baselines keyed on fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from conftest import run_cli
from report_books import check, write_proposal


def _plain_run(path: Path):
    """The run without markers applied."""
    from nomenklatur.config import UserConfig, effective_rules, load_profile
    from nomenklatur.engine import CheckOptions, check_paths

    severities, params = effective_rules(load_profile("default"), UserConfig(), [], [])
    return check_paths([str(path)], CheckOptions(2021, severities, params, tingkat="kabkota")), severities


def _places(run) -> set[tuple[str, str | None]]:
    return {(f.rule, f.location.cell) for f in run.findings}


@pytest.mark.parametrize("text, rules", [
    ("nomenklatur: abaikan NK202", ("NK202",)),
    ("Disetujui. Nomenklatur : IGNORE nk202, NK203 dan NK301", ("NK202", "NK203", "NK301")),
    ("nomenklatur:abaikan NK 404", ("NK404",)),
    ("lihat nomenklatur 2021", ()),
    ("nomenklatur: abaikan semuanya", ()),
])
def test_marker_rules(text: str, rules: tuple[str, ...]) -> None:
    from nomenklatur.suppress import marker_rules

    assert marker_rules(text) == rules


def test_markers_in_a_column_and_in_a_cell_note_suppress_their_row(tmp_path: Path) -> None:
    from nomenklatur.suppress import apply_markers

    source = write_proposal(tmp_path / "usulan.xlsx")
    run, severities = _plain_run(source)
    before = _places(run)
    assert {("NK202", "B8"), ("NK202", "B10")} <= before
    after = _places(apply_markers(run, severities))
    assert after == (before - {("NK202", "B8"), ("NK202", "B10")}) | {("NK004", "E9")}


def test_unused_marker_is_reported_only_when_its_rule_ran(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    found = {f.rule: f for f in check(source).findings}
    unused = found["NK004"]
    assert unused.severity == "info" and (unused.location.sheet, unused.location.cell) == ("Renja", "E9")
    assert "NK201" in unused.text("id") and "NK201" in unused.text("en")
    quiet = run_cli("check", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--ignore", "NK201",
                    "--format", "json")
    assert "NK004" not in {f["rule"] for f in json.loads(quiet.stdout)["findings"]}


def test_marker_naming_an_unknown_rule_is_reported(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    wb = openpyxl.load_workbook(source)
    wb["Renja"]["E2"] = "nomenklatur: abaikan NK999"
    wb.save(source)
    unknown = [f for f in check(source).findings if f.rule == "NK004" and f.location.cell == "E2"]
    assert len(unknown) == 1 and "NK999" in unknown[0].text("id")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_markers_work_in_csv(tmp_path: Path, encoding: str) -> None:
    source = tmp_path / "usulan.csv"
    source.write_text("Kode Sub Kegiatan;Nama Sub Kegiatan;Pagu;Keterangan\n"
                      "2.13.02.2.01.01;Nama Lain Sekali;1000;Nomenklatur: abaikan NK202\n"
                      "2.13.02.2.01.02;Nama Lain Juga;1000;\n", encoding=encoding)
    assert _places(check(source)) == {("NK202", "B3")}


def test_file_without_markers_is_left_as_it_is(tmp_path: Path) -> None:
    from nomenklatur.suppress import apply_markers, find_markers

    source = tmp_path / "bersih.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Kode Sub Kegiatan", "Nama Sub Kegiatan"])
    wb.active.append(["2.13.02.2.01.01", "Nama Lain Sekali"])
    wb.save(source)
    assert find_markers(str(source)) == []
    run, severities = _plain_run(source)
    assert _places(apply_markers(run, severities)) == _places(_plain_run(source)[0])


def _args(source: Path, *more: str) -> list[str]:
    return ["check", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--format", "json", *more]


def test_baseline_survives_inserted_rows_and_reports_new_findings(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    base = tmp_path / "garis-dasar.json"
    written = run_cli(*_args(source, "--write-baseline", str(base)))
    assert written.returncode == 0 and json.loads(written.stdout)["findings"] == []
    recorded = json.loads(base.read_text(encoding="utf-8"))
    assert list(recorded["files"]) == ["usulan.xlsx"] and len(recorded["files"]["usulan.xlsx"]) == 5
    wb = openpyxl.load_workbook(source)
    ws = wb["Renja"]
    ws.insert_rows(2, amount=3)  # every known finding moves down three rows
    ws.append(["2.12.04.2.03.03", "Nama Yang Keliru Sekali", 1000, "Desa Kuaro"])  # a new mistake, row 14
    wb.save(source)
    again = run_cli(*_args(source, "--baseline", str(base)), cwd=tmp_path.parent)
    assert again.returncode == 1, again.stderr
    assert [(f["rule"], f["cell"]) for f in json.loads(again.stdout)["findings"]] == [("NK202", "B14")]


def test_baseline_drops_each_recorded_finding_once(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    base = tmp_path / "dasar.json"
    assert run_cli(*_args(source, "--write-baseline", str(base))).returncode == 0
    wb = openpyxl.load_workbook(source)
    wb["Renja"].append(["'2.13.2.2.1.2", "Fasilitasi Tata Wilayah Desa", 1000, "Desa Kuaro"])  # a second copy
    wb.save(source)
    again = run_cli(*_args(source, "--baseline", str(base)))
    rules = sorted(f["rule"] for f in json.loads(again.stdout)["findings"])
    assert rules == ["NK102", "NK403"]  # the copy's own repair, and the duplicate row


@pytest.mark.parametrize("content, words", [("{", "bukan JSON"), ('{"files": {}}', "--write-baseline")])
def test_a_broken_baseline_is_a_clear_error(tmp_path: Path, content: str, words: str) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    base = tmp_path / "dasar.json"
    base.write_text(content, encoding="utf-8")
    done = run_cli(*_args(source, "--baseline", str(base)))
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


def test_write_baseline_does_not_replace_a_file_without_force(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    base = tmp_path / "dasar.json"
    base.write_text("lama", encoding="utf-8")
    done = run_cli(*_args(source, "--write-baseline", str(base)))
    assert done.returncode == 2 and "--force" in done.stderr and base.read_text(encoding="utf-8") == "lama"
