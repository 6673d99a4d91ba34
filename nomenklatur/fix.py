"""Applying safe fixes to a copy of a workbook: only suggestions marked safe, only where certain.

A finding's fix is applied when its suggestion is safe and has a replacement, it points at one cell,
and the cell still holds exactly the value the finding saw (a code split over several columns, a name
taken from the code cell, or a formula never match, so they are left alone). A code repair (NK102)
keeps a name glued to the code in the same cell: `'2.13.4.2.1.3 Nama` becomes `2.13.04.2.01.03 Nama`.
Two different fixes for one cell cancel each other out. Only xlsx/xlsm can be written (openpyxl keeps
formats and formulas); other formats can be shown with `--diff`. The input is never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl.cell.cell import MergedCell

from nomenklatur import kode
from nomenklatur.atomic import atomic_path
from nomenklatur.engine import FileResult
from nomenklatur.findings import Finding
from nomenklatur.reports.common import FORMULA_START, xml_safe
from nomenklatur.workbook import CellError, open_workbook
from nomenklatur.workbook.model import split_ref

WRITABLE = ("xlsx", "xlsm")
_GLUE = " \t:;|-\u2013\u2014\u00a0"


@dataclass(frozen=True)
class Change:
    """One cell to change: where, from what, to what, and the finding that asked for it."""

    sheet: str
    cell: str
    old: object
    new: str
    rule: str

    def describe(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.old!r} -> {self.new!r}"


@dataclass(frozen=True)
class Skipped:
    """A safe fix that was not applied, and why (in both languages)."""

    finding: Finding
    reason: dict[str, str]


@dataclass
class Plan:
    changes: list[Change]
    skipped: list[Skipped]
    format: str


def _same(cell_value: object, finding_value: object, rule: str) -> bool:
    if cell_value is None or isinstance(cell_value, CellError):
        return False
    if rule == "NK202" and isinstance(cell_value, str):
        return cell_value.strip() == str(finding_value)
    return str(cell_value) == str(finding_value)


def _code_with_name(current: object, replacement: str) -> str | None:
    """The repaired code, keeping a glued name and its separator; None when the cell is not that code."""
    try:
        parsed = kode.parse(current, "program")
    except kode.KodeError:
        return None
    if parsed.text != replacement:
        return None
    if not parsed.name:
        return replacement
    text = str(current).rstrip()
    start = text.rfind(parsed.name)
    if start < 0:
        return None
    while start > 0 and text[start - 1] in _GLUE:
        start -= 1
    return replacement + text[start:]


_REASONS = {
    "changed": {"id": "isi sel berbeda dari yang diperiksa (kode terpecah, nama dari sel kode, atau rumus)",
                "en": "the cell holds something else than what was checked (split code, name from the code cell, "
                      "or a formula)"},
    "conflict": {"id": "dua perbaikan berbeda untuk sel yang sama", "en": "two different fixes for the same cell"},
    "no_cell": {"id": "tidak menunjuk satu sel", "en": "does not point at one cell"},
}


def _current_values(path: str, cells: set[tuple[str, int, int]]) -> tuple[str, dict[tuple[str, int, int], object]]:
    """The file's format and the values of the given cells now; a formula or a merged-over cell reads None."""
    by_sheet: dict[str, dict[int, list[int]]] = {}
    for sheet, row, col in cells:
        by_sheet.setdefault(sheet, {}).setdefault(row, []).append(col)
    found: dict[tuple[str, int, int], object] = {}
    with open_workbook(path) as book:
        fmt = book.format
        if fmt not in WRITABLE:
            for sheet in book.sheets():
                rows = by_sheet.get(sheet.name, {})
                for number, values in sheet.rows if rows else ():
                    for col in rows.get(number, ()):
                        found[(sheet.name, number, col)] = values[col - 1] if col - 1 < len(values) else None
            return fmt, found
    import openpyxl

    with open(path, "rb") as handle:
        wb = openpyxl.load_workbook(handle)
    for sheet, row, col in cells:
        if sheet in wb.sheetnames:
            cell = wb[sheet].cell(row=row, column=col)
            found[(sheet, row, col)] = None if cell.data_type == "f" or isinstance(cell, MergedCell) else cell.value
    return fmt, found


def plan(result: FileResult) -> Plan:
    """The changes the safe fixes of one checked file make, checked against the cells as they are now."""
    wanted: dict[tuple[str, int, int], list[Finding]] = {}
    skipped: list[Skipped] = []
    for f in result.findings:
        if f.suggestion is None or not f.suggestion.safe or f.suggestion.replacement is None:
            continue
        loc = f.location
        if loc.sheet is None or not loc.cell:
            skipped.append(Skipped(f, _REASONS["no_cell"]))
            continue
        row, col = split_ref(loc.cell)
        wanted.setdefault((loc.sheet, row, col), []).append(f)
    fmt, current = _current_values(result.path, set(wanted))
    changes: list[Change] = []
    for where, found in sorted(wanted.items()):
        value = current.get(where)
        new_values = set()
        for f in found:
            new = None
            if _same(value, f.value, f.rule):
                new = _code_with_name(value, f.suggestion.replacement) if f.rule == "NK102" \
                    else f.suggestion.replacement
            if new is None:
                skipped.append(Skipped(f, _REASONS["changed"]))
            else:
                new_values.add(new)
        if len(new_values) > 1:
            skipped.extend(Skipped(f, _REASONS["conflict"]) for f in found)
        elif new_values and (new := new_values.pop()) != value:
            changes.append(Change(where[0], found[0].location.cell or "", value, new, found[0].rule))
    return Plan(changes, skipped, fmt)


def write_fixed(source: Path, changes: list[Change], output: Path) -> None:
    """Write a copy of `source` (xlsx/xlsm) with the planned changes applied, atomically (a temporary file,
    then a rename); macros are kept only when both files are .xlsm."""
    import openpyxl

    keep_vba = output.suffix.lower() == ".xlsm" and source.suffix.lower() == ".xlsm"
    with source.open("rb") as handle:
        wb = openpyxl.load_workbook(handle, rich_text=True, keep_vba=keep_vba)
    for change in changes:
        cell = wb[change.sheet][change.cell]
        cell.value = xml_safe(change.new)
        cell.data_type = "s"
        if change.new.startswith(FORMULA_START):
            cell.quotePrefix = True
    with atomic_path(output) as tmp:
        wb.save(tmp)
