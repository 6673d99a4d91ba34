"""CI formats (sarif, junit, github, gitlab) and the csv to-do list, on a sample and the test proposal."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REFERENCE, run_cli
from report_books import INJECTED, check, write_proposal

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SARIF_SCHEMA = REFERENCE.parent / "schemas" / "sarif-schema-2.1.0.json"


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
    assert len(run["results"]) == len(runs["paser"].findings)


def test_junit_has_one_case_per_finding_and_failures_for_errors_and_warnings(runs) -> None:
    run = runs["paser"]
    root = ET.fromstring(_render(run, "junit"))
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(run.findings)
    serious = sum(1 for f in run.findings if f.severity in ("error", "warning"))
    assert len(root.findall("testsuite/testcase/failure")) == serious == int(root.get("failures"))
    assert any(c.get("name") == "NK202 Sub Keg Renja_DPA!B16" for c in cases)


def test_junit_clean_file_is_one_passing_case(tmp_path: Path) -> None:
    clean = tmp_path / "kukar.xlsx"
    shutil.copy(SAMPLES / "kukar_rkpd_2021.xlsx", clean)
    root = ET.fromstring(_render(check(clean, tingkat=None), "junit"))
    assert root.get("tests") == "1" and root.get("failures") == "0" and not root.findall(".//failure")


def test_github_annotations_are_escaped(runs) -> None:
    from nomenklatur.reports.github import escape_data, escape_property

    lines = _render(runs["paser"], "github").splitlines()
    assert len(lines) == len(runs["paser"].findings)
    line = next(x for x in lines if "title=NK102 Sub Keg Renja_DPA!A15" in x)
    assert line.startswith("::warning file=") and ",line=15," in line and "\n" not in line and "%0A" in line
    assert escape_property("a:b,c%\r\n") == "a%3Ab%2Cc%25%0D%0A"
    assert escape_data("50%: a,b\nc") == "50%25: a,b%0Ac"


def test_gitlab_code_quality_issues(runs) -> None:
    issues = json.loads(_render(runs["paser"], "gitlab"))
    assert len(issues) == len(runs["paser"].findings)
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
    assert header[:3] == ["No", "Selesai", "Berkas"] and len(body) == len(runs["proposal"].findings)
    values = [dict(zip(header, row)) for row in body]
    injected = next(v for v in values if v["Sel"] == "B6")
    assert injected["Nilai tertulis"] == "'" + INJECTED
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in body for cell in row)
    assert next(v for v in values if v["Sel"] == "A3")["Perbaikan otomatis"] == "ya"


def test_a_text_format_goes_to_stdout(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    shown = run_cli("check", str(source), "--tahun", "2021", "--format", "gitlab")
    assert shown.returncode == 1 and json.loads(shown.stdout)


def test_a_text_format_goes_to_a_file(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    out = tmp_path / "laporan.sarif"
    written = run_cli("check", str(source), "--tahun", "2021", "--format", "sarif", "--output", str(out))
    assert written.returncode == 1 and written.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
