"""nomenklatur's own reports, told apart from proposals: the annotated copy (a first sheet "Koreksi" titled
"Koreksi nomenklatur") and the csv task list (its header row). Checked as a proposal, a report's own
messages and values would come back as findings."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from nomenklatur.reports.common import WORDS
from nomenklatur.workbook import ReadLimits, WorkbookError, open_workbook

KOREKSI_SHEET = "Koreksi"
KOREKSI_TITLES = {"id": "Koreksi nomenklatur", "en": "Nomenclature corrections"}  # cell A1 of that sheet
CSV_COLUMNS = ("no", "done", "file", "sheet", "cell", "row", "opd", "rule", "severity", "message", "value",
               "expected", "suggestion", "safe", "fingerprint")
CSV_DELIMITER = ";"
_CSV_HEADS = {CSV_DELIMITER.join(words[k] for k in CSV_COLUMNS) for words in WORDS.values()}


def is_koreksi_sheet(name: str, first_row: tuple[object, ...] | None) -> bool:
    """A sheet the annotated copy added: named "Koreksi…" with the report's title in A1."""
    return (name.lower().startswith(KOREKSI_SHEET.lower()) and bool(first_row)
            and str(first_row[0]).strip() in KOREKSI_TITLES.values())


_FIRST_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def _first_sheet_is_koreksi(path: Path) -> bool:
    """Whether the workbook's first sheet is named "Koreksi…", from the start of xl/workbook.xml alone."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as part:
            head = part.read(65536)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError):  # not a zip, no workbook part, encrypted
        return False
    match = _FIRST_SHEET.search(head)
    return bool(match) and html.unescape(match.group(1).decode("utf-8", "replace")).lower().startswith(
        KOREKSI_SHEET.lower())


def own_report(path: str | Path, limits: ReadLimits = ReadLimits()) -> bool:
    """Whether a file is one of nomenklatur's reports: a csv task list, or an annotated copy (its first sheet
    is the Koreksi sheet). Only the first line or row is read; a file that cannot be read is not one."""
    path = Path(path)
    if not path.is_file():  # a pipe or device is never read here (it might never end)
        return False
    if path.suffix.lower() == ".csv":
        try:
            with path.open("r", encoding="utf-8-sig", errors="replace") as stream:
                return stream.readline(4096).rstrip("\r\n") in _CSV_HEADS
        except OSError:
            return False
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not _first_sheet_is_koreksi(path):
        return False  # the annotated copy is always xlsx; a large proposal is not opened twice to find that out
    try:
        with open_workbook(path, limits) as workbook:
            sheet = next(workbook.sheets(), None)
            if sheet is None or not sheet.name.lower().startswith(KOREKSI_SHEET.lower()):
                return False
            first = next(iter(sheet.rows), None)
            return is_koreksi_sheet(sheet.name, first[1] if first else None)
    except (WorkbookError, OSError):
        return False
