"""Leaving known findings out of a run: markers written in the workbook, and a baseline file.

Markers. A cell on a row (for example in a "Catatan" or "Keterangan" column), or a cell note (comment)
on that row, containing `nomenklatur: abaikan NK202` (or `nomenklatur: ignore NK202, NK203`) suppresses
those rules' findings on that row. A marker that suppresses nothing, or names an unknown rule, is
reported as NK004 (info), so stale markers do not hide future mistakes. The cells are read again only
when the file holds the word "nomenklatur" at all (xlsx/ods: in the parts holding cell text; xls/csv: in
its bytes, one-byte or UTF-16), and cell notes are read (with openpyxl, xlsx/xlsm only) only when a
comments part holds it.

Baseline. `write_baseline` records the fingerprints of a run's findings per file; `apply_baseline` then
drops findings already recorded. Files are keyed by their path relative to the baseline file's folder
(so the run's working folder does not matter); a fingerprint is built from the rule, the OPD, the code
and the value, never the row, so inserted rows do not revive old findings. Each recorded fingerprint
drops at most as many findings as were recorded: a second copy of a known mistake is still reported.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from nomenklatur.checks import REGISTRY
from nomenklatur.checks.base import render
from nomenklatur.engine import RunResult
from nomenklatur.findings import Finding, Location, Suggestion
from nomenklatur.temuan import Temuan
from nomenklatur.workbook import WorkbookError, cell_ref, column_letter, open_workbook
from nomenklatur.workbook.model import split_ref

MARKER = re.compile(r"nomenklatur\s*:\s*(?:abaikan|ignore)\s+((?:NK\s*\d{3}[\s,;/&]*(?:dan\s+|and\s+)?)+)",
                    re.IGNORECASE)
_RULE = re.compile(r"NK\s*(\d{3})", re.IGNORECASE)
_WORD = b"nomenklatur"
_FORMS = (_WORD, "nomenklatur".encode("utf-16-le"), "nomenklatur".encode("utf-16-be"))
_CHUNK = 1 << 20
BASELINE_VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message says which and why."""

    def __init__(self, path: Path, problem_id: str, problem_en: str) -> None:
        super().__init__(f"{path}: {problem_id}")
        self.path, self.problem_id, self.problem_en = path, problem_id, problem_en

    def message(self, lang: str = "id") -> str:
        if lang == "en":
            return f"{self.path}: baseline cannot be used: {self.problem_en}"
        return f"{self.path}: berkas garis dasar tidak dapat dipakai: {self.problem_id}"


@dataclass(frozen=True)
class Marker:
    """`nomenklatur: abaikan …` found in a cell or a cell note: where, and which rules it names."""

    sheet: str
    row: int
    cell: str
    rules: tuple[str, ...]
    text: str


def marker_rules(text: str) -> tuple[str, ...]:
    """The rule ids a text's markers name ("" when it holds no marker)."""
    found: list[str] = []
    for match in MARKER.finditer(text):
        found.extend(f"NK{number}" for number in _RULE.findall(match.group(1)))
    return tuple(dict.fromkeys(found))


# -- finding markers --------------------------------------------------------------------------------


def _scan(stream, patterns: tuple[bytes, ...]) -> bool:
    """Whether a binary stream holds one of the (lower-case) patterns, read in chunks."""
    keep = max(len(p) for p in patterns)
    tail = b""
    while block := stream.read(_CHUNK):
        window = (tail + block).lower()
        if any(p in window for p in patterns):
            return True
        tail = block[-keep:]
    return False


def _mentions(path: str, fmt: str) -> tuple[bool, bool]:
    """(the word "nomenklatur" may be in the cells, it is in the cell notes) — a cheap look before reading.

    xlsx/xlsm/ods: their shared strings, sheets, content and comments parts; xls and csv: the raw bytes, in
    one-byte and UTF-16 forms.
    """
    if fmt not in ("xlsx", "xlsm", "ods"):
        with open(path, "rb") as handle:
            return _scan(handle, _FORMS), False
    in_cells = in_comments = False
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = info.filename.lower()
            comments = fmt != "ods" and "comments" in name
            if not name.endswith(".xml") or not (comments or "sharedstrings" in name or "worksheets/" in name
                                                 or name == "content.xml"):
                continue
            if (in_comments if comments else in_cells):
                continue
            with archive.open(info) as member:
                if _scan(member, (_WORD,)):
                    in_comments, in_cells = in_comments or comments, in_cells or not comments
    return in_cells, in_comments


def _cell_markers(path: str) -> list[Marker]:
    markers = []
    with open_workbook(path) as book:
        for sheet in book.sheets():
            for number, values in sheet.rows:
                for col, value in enumerate(values, 1):
                    if isinstance(value, str) and "nomenklatur" in value.lower():
                        rules = marker_rules(value)
                        if rules:
                            markers.append(Marker(sheet.name, number, cell_ref(number, col), rules, value.strip()))
    return markers


def _comment_markers(path: str) -> list[Marker]:
    import openpyxl

    markers = []
    with open(path, "rb") as handle:
        wb = openpyxl.load_workbook(handle)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None and cell.comment.text:
                    rules = marker_rules(cell.comment.text)
                    if rules:
                        markers.append(Marker(ws.title, cell.row, cell.coordinate, rules, cell.comment.text.strip()))
    return markers


def find_markers(path: str) -> list[Marker]:
    """Every suppression marker of a readable workbook, in cells and (xlsx/xlsm) in cell notes."""
    with open_workbook(path) as book:
        fmt = book.format
    in_cells, in_comments = _mentions(path, fmt)
    return (_cell_markers(path) if in_cells else []) + (_comment_markers(path) if in_comments else [])


# -- applying markers -------------------------------------------------------------------------------


def _unused(path: str, marker: Marker, rule_id: str, variant: str, severity: str) -> Finding:
    rule = REGISTRY["NK004"]
    params = {"rule": rule_id, "row": marker.row}
    row, col = split_ref(marker.cell)
    return Finding("NK004", rule.category, severity, render(rule.messages[variant], params),
                   Location(path, marker.sheet, marker.cell, row, column_letter(col)), value=marker.text,
                   suggestion=Suggestion(render(rule.messages["fix"], params)), key=("NK004", marker.sheet, rule_id))


def apply_markers(run: RunResult, severities: dict[str, str]) -> RunResult:
    """Drop findings suppressed by markers in their file; add NK004 for markers that suppress nothing.

    `severities` are the run's enabled rules: a marker for a rule that did not run is not judged.
    """
    for result in run.files:
        if not result.readable:
            continue
        try:
            markers = find_markers(result.path)
        except (WorkbookError, OSError, zipfile.BadZipFile):
            continue
        if not markers:
            continue
        wanted = {(m.sheet, m.row, r) for m in markers for r in m.rules}
        used: set[tuple[str, int, str]] = set()
        kept = Temuan()
        for f in result.findings:
            key = (f.location.sheet or "", f.location.row or 0, f.rule)
            if key in wanted:
                used.add(key)
            else:
                kept.append(f)
        if "NK004" in severities:
            for m in markers:
                for rule_id in m.rules:
                    if rule_id not in REGISTRY:
                        kept.append(_unused(result.path, m, rule_id, "unknown", severities["NK004"]))
                    elif rule_id in severities and (m.sheet, m.row, rule_id) not in used:
                        kept.append(_unused(result.path, m, rule_id, "unused", severities["NK004"]))
        result.findings = kept
    return run


# -- baselines --------------------------------------------------------------------------------------


def _file_key(path: str, baseline: Path) -> str:
    """A file's path relative to the baseline's folder, with forward slashes."""
    try:
        relative = os.path.relpath(Path(path).resolve(), baseline.resolve().parent)
    except ValueError:  # another drive on Windows
        relative = str(Path(path).resolve())
    return Path(relative).as_posix()


def baseline_dict(run: RunResult, baseline: Path) -> dict[str, object]:
    """The baseline of a run: per file, each finding's fingerprint (with rule, place and value to read)."""
    files: dict[str, list[dict[str, object]]] = {}
    for result in run.files:
        entries = [{"fingerprint": f.fingerprint, "rule": f.rule, "sheet": f.location.sheet, "cell": f.location.cell,
                    "value": None if f.value is None else str(f.value)} for f in result.findings]
        if entries:
            files.setdefault(_file_key(result.path, baseline), []).extend(entries)
    return {"nomenklatur_baseline": BASELINE_VERSION, "files": files}


def load_baseline(path: Path) -> dict[str, Counter[str]]:
    """A baseline file: per file key, how many times each fingerprint was recorded."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(path, f"tidak dapat dibaca ({exc.strerror})", f"cannot be read ({exc.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BaselineError(path, "bukan JSON", "not JSON") from None
    if not isinstance(data, dict) or data.get("nomenklatur_baseline") != BASELINE_VERSION \
            or not isinstance(data.get("files"), dict):
        raise BaselineError(path, "bukan garis dasar nomenklatur (buat dengan --write-baseline)",
                            "not a nomenklatur baseline (make one with --write-baseline)")
    counts: dict[str, Counter[str]] = {}
    for key, entries in data["files"].items():
        if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str)
                                                    for e in entries):
            raise BaselineError(path, f"isian berkas {key!r} rusak", f"the entry of file {key!r} is damaged")
        counts[key] = Counter(e["fingerprint"] for e in entries)
    return counts


def apply_baseline(run: RunResult, baseline: Path) -> int:
    """Drop the findings recorded in the baseline file; returns how many were dropped."""
    recorded = load_baseline(baseline)
    dropped = 0
    for result in run.files:
        left = Counter(recorded.get(_file_key(result.path, baseline), {}))
        kept = Temuan()
        for f in result.findings:
            if left[f.fingerprint] > 0:
                left[f.fingerprint] -= 1
                dropped += 1
            else:
                kept.append(f)
        result.findings = kept
    return dropped
