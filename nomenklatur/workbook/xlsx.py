"""Streaming xlsx/xlsm reader: the package's parts, and each sheet's XML read in one pass (`xlsx_sheet`), a few
rows in memory at a time.

Values come from the cached results Excel stored (`<v>`); a formula without a cached value reads as
empty, and nothing is ever evaluated. Dates are recognised from the cell's number format (styles.xml)
and the workbook's 1900/1904 epoch. The shared-string table is held in memory (it is one list of
strings, bounded by the uncompressed-size limit).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import Iterator

from .dates import BUILTIN_DATE_IDS, BUILTIN_ELAPSED_IDS, is_date_code, is_elapsed_code
from .errors import WorkbookError
from .model import ReadLimits, Row, split_ref
from .xlsx_sheet import SheetXml, scan_strings
from .xmlsafe import check_part_size, iter_member, local, parse_part

_DOC_REL = "/officeDocument"
# a <mergeCell> start tag (only a `ref` attribute in the schema); bounded so text cannot make it slow
_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]{0,32}:)?mergeCell\s[^<>]{0,256}?\bref="([A-Za-z]{1,3}\d+(?::[A-Za-z]{1,3}\d+)?)"')
MAX_MERGES = 100_000
MAX_STYLES = 200_000  # cell formats (Excel allows ~65,000); more are ignored


class XlsxReader:
    """Sheets of an opened xlsx/xlsm zip (already checked by `container`)."""

    def __init__(self, archive: zipfile.ZipFile, path: Path, limits: ReadLimits) -> None:
        self.archive, self.path, self.limits = archive, path, limits
        self._names = {name.lower(): name for name in archive.namelist()}
        workbook = self._target("", self._relations("_rels/.rels"), _DOC_REL) or "xl/workbook.xml"
        sheets, self.date1904 = self._read_workbook(workbook)
        if len(sheets) > limits.max_sheets:
            raise WorkbookError("too_many_parts", path, f"{len(sheets)} sheets", count=len(sheets),
                                limit=limits.max_sheets, what="sheets", key="max_sheets")
        relations = self._relations(posixpath.join(posixpath.dirname(workbook), "_rels",
                                                   posixpath.basename(workbook) + ".rels"))
        base = posixpath.dirname(workbook)
        # (name, visible) of worksheets only (chart and dialog sheets hold no cells), and their parts
        self.sheets: list[tuple[str, bool]] = []
        self._members: list[str] = []
        for name, rel_id, state in sheets:
            kind, target = relations.get(rel_id, ("", ""))
            if kind.endswith("/worksheet"):
                member = self._member(base, target)
                if member is None:
                    raise WorkbookError("corrupt", path, f"sheet part {target} missing", sheet=name)
                if member in self._members:  # Excel never shares a part; N sheets on one part amplify reading
                    raise WorkbookError("corrupt", path, f"sheet part {target} used twice", sheet=name)
                self.sheets.append((name, state == "visible"))
                self._members.append(member)
        self._strings_member = self._target(base, relations, "/sharedStrings")
        self._styles_member = self._target(base, relations, "/styles")
        self._strings: list[str] | None = None
        self._dates: dict[str, bool] | None = None

    # -- package structure -------------------------------------------------------------------------

    def _member(self, base: str, target: str) -> str | None:
        name = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        return self._names.get(name.lower())

    def _target(self, base: str, relations: dict[str, tuple[str, str]], kind: str) -> str | None:
        for rel_kind, target in relations.values():
            if rel_kind.endswith(kind):
                return self._member(base, target)
        return None

    def _relations(self, member: str) -> dict[str, tuple[str, str]]:
        real = self._names.get(member.lower())
        found: dict[str, tuple[str, str]] = {}
        if real is None:
            return found

        def start(name: str, attrs: dict[str, str]) -> None:
            if local(name) == "Relationship" and attrs.get("TargetMode") != "External":
                found[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))

        parse_part(self.archive, real, self.path, start, max_bytes=self.limits.max_part_bytes)
        return found

    def _read_workbook(self, member: str) -> tuple[list[tuple[str, str, str]], bool]:
        if member not in self.archive.NameToInfo:
            raise WorkbookError("corrupt", self.path, "workbook part missing")
        sheets: list[tuple[str, str, str]] = []
        flags = {"date1904": False}

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = local(name)
            if tag == "sheet":
                rel_id = next((v for k, v in attrs.items() if local(k) == "id" and k != "sheetId"), "")
                sheets.append((attrs.get("name", ""), rel_id, attrs.get("state", "visible")))
            elif tag == "workbookPr":
                flags["date1904"] = attrs.get("date1904", "0").lower() in ("1", "true")

        parse_part(self.archive, member, self.path, start, max_bytes=self.limits.max_part_bytes)
        return sheets, flags["date1904"]

    def strings(self) -> list[str]:
        """The shared-string table (rich-text runs joined, phonetic runs left out)."""
        if self._strings is None:
            self._strings = []
            member = self._strings_member
            if member:
                check_part_size(self.archive, member, self.path, self.limits.max_part_bytes)
                found = scan_strings(iter_member(self.archive, member, self.path), self.path, member)
                self._strings = found if found is not None else \
                    _read_strings(self.archive, member, self.path, self.limits.max_part_bytes)
        return self._strings

    def date_styles(self) -> dict[str, bool]:
        """Style index (as written in `s="…"`) -> True for durations, False for dates."""
        if self._dates is None:
            self._dates = {}
            if self._styles_member:
                self._dates = _read_date_styles(self.archive, self._styles_member, self.path,
                                                self.limits.max_part_bytes)
        return self._dates

    def close(self) -> None:
        self.archive.close()

    def sheet_bytes(self, index: int) -> int:
        """The uncompressed size of a sheet's XML."""
        return self.archive.getinfo(self._members[index]).file_size

    # -- cells ---------------------------------------------------------------------------------------

    def merged_ranges(self, index: int) -> list[tuple[int, int, int, int]]:
        """Merged ranges of a sheet, read by scanning its XML for `<mergeCell ref=…>` (first 100,000)."""
        member = self._members[index]
        found: list[tuple[int, int, int, int]] = []
        rest = b""
        for chunk in iter_member(self.archive, member, self.path):
            data = rest + chunk
            cut = data.rfind(b"<")
            if cut == -1 or len(data) - cut > 512:  # no <mergeCell …> tag can be cut there
                cut = len(data)
            for match in _MERGE.finditer(data, 0, cut):
                first, _, last = match.group(1).decode("ascii").partition(":")
                (r1, c1), (r2, c2) = split_ref(first), split_ref(last or first)
                found.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
            rest = data[cut:]
            if len(found) >= MAX_MERGES:
                break
        return found[:MAX_MERGES]

    def iter_rows(self, index: int) -> Iterator[Row]:
        """(row number, values) for every `<row>` of the sheet, blank ones as (n, ())."""
        name, member = self.sheets[index][0], self._members[index]
        sheet = SheetXml(iter_member(self.archive, member, self.path), self.path, member, name, self.strings(),
                         self.date_styles(), self.date1904, self.limits.max_columns, self.limits.max_cell_chars)
        return sheet.rows()


def _read_strings(archive: zipfile.ZipFile, member: str, path: Path, max_bytes: int) -> list[str]:
    strings: list[str] = []
    parts: list[str] = []
    tags: dict[str, str] = {}
    collecting, phonetic = False, 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal collecting, phonetic
        tag = tags.get(tag) or tags.setdefault(tag, local(tag))
        if tag == "si":
            parts.clear()
        elif tag == "t" and not phonetic:
            collecting = True
        elif tag == "rPh":
            phonetic += 1

    def end(tag: str) -> None:
        nonlocal collecting, phonetic
        tag = tags.get(tag) or tags.setdefault(tag, local(tag))
        if tag == "t":
            collecting = False
        elif tag == "si":
            strings.append(parts[0] if len(parts) == 1 else "".join(parts))
        elif tag == "rPh":
            phonetic -= 1

    def chars(data: str) -> None:
        if collecting:
            parts.append(data)

    parse_part(archive, member, path, start, end, chars, max_bytes)
    return strings


def _read_date_styles(archive: zipfile.ZipFile, member: str, path: Path, max_bytes: int) -> dict[str, bool]:
    formats: dict[int, str] = {}
    xf_formats: list[int] = []
    inside = [False]

    def start(tag: str, attrs: dict[str, str]) -> None:
        tag = local(tag)
        if tag == "numFmt" and len(formats) < MAX_STYLES:
            try:
                formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            except ValueError:
                pass
        elif tag == "cellXfs":
            inside[0] = True
        elif tag == "xf" and inside[0] and len(xf_formats) < MAX_STYLES:
            try:
                xf_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                xf_formats.append(0)

    def end(tag: str) -> None:
        if local(tag) == "cellXfs":
            inside[0] = False

    parse_part(archive, member, path, start, end, max_bytes=max_bytes)
    dates: dict[str, bool] = {}
    for index, fmt_id in enumerate(xf_formats):
        code = formats.get(fmt_id)
        if code is None and fmt_id in BUILTIN_DATE_IDS:
            dates[str(index)] = fmt_id in BUILTIN_ELAPSED_IDS
        elif code and is_date_code(code):
            dates[str(index)] = is_elapsed_code(code)
    return dates
