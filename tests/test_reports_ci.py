"""CI formats (sarif, junit, github, gitlab) and the csv to-do list, on a sample and the test proposal."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REFERENCE, run_cli
from report_books import EXPECTED, INJECTED, SEVERITY_WORDS, check, sample_expected, write_proposal

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SARIF_SCHEMA = REFERENCE.parent / "schemas" / "sarif-schema-2.1.0.json"
PASER = sample_expected("paser_renja_2021.xlsx")  # (rule, severity, sheet, cell) from samples/expected.yaml, by row


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Runs (in-process, markers applied) over the test proposal and over the Paser sample."""
    folder = tmp_path_factory.mktemp("ci")
    proposal = write_proposal(folder / "usulan.xlsx")
    paser = folder / "paser_renja_2021.xlsx"
    shutil.copy(SAMPLES / paser.name, paser)
    return {"proposal": check(proposal), "paser": check(paser, tingkat=None)}


def _render(run, name: str, lang: str = "id") -> str:
    from nomenklatur.reports import FORMATS

    return FORMATS[name](run, lang)


def test_sarif_is_valid_against_the_published_schema(runs) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip("../shared/schemas tidak tersedia")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator({"$ref": "#/definitions/Root", **schema})
    for run in runs.values():
        log = json.loads(_render(run, "sarif"))
        errors = sorted(validator.iter_errors(log), key=str)
        assert not errors, errors[0].message
    broken = json.loads(_render(runs["paser"], "sarif"))
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(validator.iter_errors(broken))  # the validation can fail


def test_sarif_names_the_file_row_sheet_and_cell(runs) -> None:
    log = json.loads(_render(runs["paser"], "sarif"))
    run = log["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "NK102")
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"].endswith("paser_renja_2021.xlsx")
    assert location["physicalLocation"]["region"]["startLine"] == 15
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "Sub Keg Renja_DPA!A15"
    assert result["message"]["text"].startswith("Sub Keg Renja_DPA!A15: ")
    rules = run["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == "NK102" and "help" in rules[result["ruleIndex"]]
    level = {"error": "error", "warning": "warning", "info": "note"}
    assert [(r["ruleId"], r["level"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"])
            for r in run["results"]] == [(rule, level[severity], f"{sheet}!{cell}") for rule, severity, sheet, cell in PASER]


def test_junit_has_one_case_per_finding_and_failures_for_errors_and_warnings(runs) -> None:
    root = ET.fromstring(_render(runs["paser"], "junit"))
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [f"{rule} {sheet}!{cell}" for rule, _, sheet, cell in PASER]
    assert [c.find("failure").get("type") for c in cases] == [f"{rule} {SEVERITY_WORDS[severity]}"
                                                              for rule, severity, _, _ in PASER]
    assert root.get("tests") == root.get("failures") == "11"  # every listed finding is an error or a warning


def test_junit_clean_file_is_one_passing_case(tmp_path: Path) -> None:
    clean = tmp_path / "kukar.xlsx"
    shutil.copy(SAMPLES / "kukar_rkpd_2021.xlsx", clean)
    root = ET.fromstring(_render(check(clean, tingkat=None), "junit"))
    assert root.get("tests") == "1" and root.get("failures") == "0" and not root.findall(".//failure")


def test_github_annotations_are_escaped(runs) -> None:
    from nomenklatur.reports.github import escape_data, escape_property

    lines = _render(runs["paser"], "github").splitlines()
    command = {"error": "error", "warning": "warning", "info": "notice"}
    assert [re.match(r"::(\w+) file=[^,]+,line=(\d+),title=(\S+ [^:]+)::", x).groups() for x in lines] == [
        (command[severity], cell.lstrip("ABCDEFGHIJK"), f"{rule} {sheet}!{cell}") for rule, severity, sheet, cell in PASER]
    line = next(x for x in lines if "title=NK102 Sub Keg Renja_DPA!A15" in x)
    assert line.startswith("::warning file=") and ",line=15," in line and "\n" not in line and "%0A" in line
    assert escape_property("a:b,c%\r\n") == "a%3Ab%2Cc%25%0D%0A"
    assert escape_data("50%: a,b\nc") == "50%25: a,b%0Ac"


def test_gitlab_code_quality_issues(runs) -> None:
    issues = json.loads(_render(runs["paser"], "gitlab"))
    grade = {"error": "major", "warning": "minor", "info": "info"}
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        (rule, grade[severity], int(cell.lstrip("ABCDEFGHIJK"))) for rule, severity, _, cell in PASER]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    nk102 = next(i for i in issues if i["check_name"] == "NK102")
    assert nk102["severity"] == "minor" and nk102["location"]["lines"]["begin"] == 15
    assert nk102["location"]["path"].endswith("paser_renja_2021.xlsx")
    assert {i["severity"] for i in issues} <= {"major", "minor", "info"}


def test_csv_todo_list_opens_in_excel_and_defuses_formulas(runs) -> None:
    text = _render(runs["proposal"], "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["No", "Selesai", "Berkas"]
    values = [dict(zip(header, row)) for row in body]
    assert [(v["No"], v["Aturan"], v["Tingkat"], v["Lembar"], v["Sel"], v["Perbaikan otomatis"]) for v in values] == [
        (str(n), rule, SEVERITY_WORDS[severity], sheet, cell, "ya" if fix else "")
        for n, (rule, severity, sheet, cell, fix) in enumerate(EXPECTED, start=1)]
    injected = next(v for v in values if v["Sel"] == "B6")
    assert injected["Nilai tertulis"] == "'" + INJECTED
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in body for cell in row)
    assert next(v for v in values if v["Sel"] == "A3")["Perbaikan otomatis"] == "ya"


def test_a_text_format_goes_to_stdout(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    shown = run_cli("check", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--format", "gitlab")
    assert shown.returncode == 1, shown.stderr
    grade = {"error": "major", "warning": "minor", "info": "info"}
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in json.loads(shown.stdout)] == [
        (rule, grade[severity], int(cell[1:])) for rule, severity, _, cell, _ in EXPECTED]


def test_a_text_format_goes_to_a_file(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    out = tmp_path / "laporan.sarif"
    written = run_cli("check", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--format", "sarif",
                      "--output", str(out))
    assert written.returncode == 1 and written.stdout == "", written.stderr
    log = json.loads(out.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert [(r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"])
            for r in log["runs"][0]["results"]] == [(rule, f"{sheet}!{cell}") for rule, _, sheet, cell, _ in EXPECTED]
