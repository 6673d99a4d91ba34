"""Every rule's documented examples run (issue 19): a passing example gives no finding of its rule, a failing
one exactly one. The examples live in the rules' documentation (`nomenklatur/checks/contoh.py` reads them, the
same way `nomenklatur rule` and docs/rules.md show them); each is written as a real workbook and checked with
the real CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from test_workbook_limits import build_ole2
from workbooks import write_xlsx

from nomenklatur.checks import REGISTRY
from nomenklatur.checks.contoh import Contoh, command_text, examples, sheet_lines
from nomenklatur.checks.docs import details, rules_markdown

SYNC = ("cross-file rule of `nomenklatur sync` (a province's file with its target list, its kabupaten/kota "
        "files): its examples are tests/test_sync.py's")

# Rules whose examples are no sheet checked by `nomenklatur check`, and why.
NOT_SHEETS = {
    "NK001": "a file that cannot be read is no sheet: FILES below",
    "NK005": "10,000 blank rows do not fit a documentation table: FILES below",
    "NK009": "a file whose content is not what its name says is no sheet: FILES below",
    **{rule: SYNC for rule in ("NK701", "NK702", "NK703", "NK704", "NK705", "NK706", "NK801", "NK802", "NK803")},
}

SHEET = "Renja"


def _documented(rule_id: str) -> list[Contoh]:
    return examples(REGISTRY[rule_id].doc)


CASES = [pytest.param(rule_id, example, id=f"{rule_id}-{'lulus' if example.passes else 'gagal'}-{n}")
         for rule_id in sorted(REGISTRY) for n, example in enumerate(_documented(rule_id), 1) if example.runnable]


def _findings(result, rule_id: str, exits: tuple[int, ...] = (0, 1)) -> list[dict]:
    assert result.returncode in exits, result.stderr
    return [f for f in json.loads(result.stdout)["findings"] if f["rule"] == rule_id]


@pytest.mark.parametrize("rule_id, example", CASES)
def test_a_documented_example_does_what_it_says(tmp_path: Path, cli, rule_id: str, example: Contoh) -> None:
    path = write_xlsx(tmp_path / example.file_name, {SHEET: example.sheet()})
    found = _findings(cli("check", str(path), *example.options, "--format", "json"), rule_id)
    shown = [(f["cell"], f["severity"], f["message"]) for f in found]
    if example.passes:
        assert found == [], f"{rule_id} passes {example.text!r}, but found: {shown}"
    else:
        assert len(found) == 1, f"{rule_id} fails {example.text!r} once, but found: {shown}"


def test_every_rule_that_judges_a_sheet_has_examples_both_ways_and_at_an_edge() -> None:
    for rule_id in sorted(REGISTRY):
        documented = _documented(rule_id)
        if rule_id in NOT_SHEETS:
            assert not any(e.runnable for e in documented), rule_id
            continue
        assert all(e.runnable for e in documented), (rule_id, [e.text for e in documented if not e.runnable])
        passing = [e for e in documented if e.passes]
        failing = [e for e in documented if not e.passes]
        assert passing and failing and len(documented) >= 3, (rule_id, "a pass, a fail and one at the edge")


def test_an_example_s_values_stand_in_its_sheet_or_its_command() -> None:
    for rule_id in sorted(REGISTRY):
        for example in _documented(rule_id):
            if not example.runnable:
                continue
            cells = {text for row in example.rows for c in row for text in (c.written, str(c.value))}
            command = command_text(example) or ""
            for value in example.values:
                assert value in cells or value in command, (rule_id, example.text, value)


def test_the_documentation_shows_every_example_s_sheet() -> None:
    markdown = rules_markdown()
    for rule_id in sorted(REGISTRY):
        english, bahasa = details(rule_id, "en"), details(rule_id, "id")
        assert "`" not in bahasa and "passes" not in bahasa and "fails" not in bahasa, rule_id
        for example in _documented(rule_id):
            for line in sheet_lines(example):
                assert line in english and line in bahasa, (rule_id, line)
            for row in example.rows:
                assert " | ".join(c.written for c in row) in markdown, (rule_id, row)


# -- the file-level rules whose examples are no sheet: each documented example as a file --------------------

def _readable(path: Path) -> Path:
    return write_xlsx(path / "usulan.xlsx", {SHEET: [("Kode", "Uraian"), ("2.13.02.2.01.01", None)]})


def _pdf(path: Path) -> Path:
    target = path / "usulan.xlsx"  # a PDF's binary marker line and compressed streams
    target.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 8)
    return target


def _far_row(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    for row in [("Kode", "Uraian", "Pagu"), *[(f"2.13.02.2.01.{n:02d}", None, n) for n in range(1, 500)]]:
        sheet.append(row)
    sheet.cell(row=1_000_000, column=1, value="2.13.02.2.01.01")
    workbook.save(path / "usulan.xlsx")
    return path / "usulan.xlsx"


def _table(path: Path) -> Path:
    rows = [("Kode", "Uraian", "Pagu"), *[(f"2.13.02.2.01.{n:02d}", None, n) for n in range(1, 500)]]
    return write_xlsx(path / "usulan.xlsx", {SHEET: rows})


def _csv_named_xlsx(path: Path) -> Path:
    target = path / "usulan.xlsx"
    target.write_text("Kode,Uraian\n2.13.02.2.01.01,\n", encoding="utf-8")
    return target


# rule -> {the documented example's words: the file it stands for}
FILES: dict[str, dict[str, Callable[[Path], Path]]] = {
    "NK001": {"a readable xlsx, xls, ods or csv file": _readable,
              "a password-protected workbook": lambda p: build_ole2(p / "rahasia.xlsx", "EncryptionInfo",
                                                                    "EncryptedPackage"),
              "a PDF renamed .xlsx": _pdf},
    "NK005": {"a table in rows 1-500, nothing below it": _table,
              "a table in rows 1-500 and one more row at row 1,000,000": _far_row},
    "NK009": {"`usulan.xlsx` holding an Excel workbook": _readable,
              "`usulan.xlsx` holding comma-separated text": _csv_named_xlsx},
}


def test_the_file_examples_are_the_documented_ones() -> None:
    for rule_id, files in FILES.items():
        assert {part.strip() for e in _documented(rule_id) for part in e.text.split(";")} == set(files), rule_id


@pytest.mark.parametrize("rule_id, words", [(r, w) for r, files in FILES.items() for w in files])
def test_a_documented_file_example_does_what_it_says(tmp_path: Path, cli, rule_id: str, words: str) -> None:
    (example,) = [e for e in _documented(rule_id) if words in [p.strip() for p in e.text.split(";")]]
    path = FILES[rule_id][words](tmp_path)
    result = cli("check", str(path), "--tahun", "2021", "--tingkat", "kabkota", "--format", "json")
    found = _findings(result, rule_id, (0, 1, 2))  # 2: a file could not be read (NK001)
    assert len(found) == (0 if example.passes else 1), (rule_id, words, found)


def test_nk303_s_example_of_a_second_bidang_is_told_as_the_words_say(tmp_path: Path, cli) -> None:
    """The supporting program under an office's second bidang: the finding names the first bidang it takes, and
    does not call the second bidang foreign to the office (it is listed as the office's own)."""
    (example,) = [e for e in _documented("NK303") if "`2.12.01.2.01.01`" in e.text]
    path = write_xlsx(tmp_path / example.file_name, {SHEET: example.sheet()})
    (found,) = _findings(cli("check", str(path), *example.options, "--format", "json"), "NK303")
    assert "bidang pertamanya, 2.13" in found["message"] and "bukan urusan" not in found["message"], found
    assert found["suggestion"]["text"].endswith("bidang pertama perangkat daerah: 2.13"), found
