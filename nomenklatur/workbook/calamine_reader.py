"""xls and ods through python-calamine (the only reader for these formats here).

calamine loads a whole sheet into memory before the first row is handed out (python-calamine 0.9
has no lazy reader; for .xls every sheet as the file opens), so the area the sheets span is measured
first (`extent.py`) and refused above `ReadLimits.max_cells`. calamine returns cached formula results, and turns error
cells (#REF!, #DIV/0!) into empty strings, so in these two formats error cells read as empty.
"""

from __future__ import annotations

import datetime as _dt
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, PasswordError
from python_calamine import SheetTypeEnum, SheetVisibleEnum

from .errors import WorkbookError
from .extent import Span, ods_spans, xls_spans
from .model import ReadLimits, Row, cell_ref, tidy_datetime


class CalamineReader:
    """Sheets of an xls or ods file."""

    def __init__(self, path: Path, limits: ReadLimits, fmt: str) -> None:
        self.path, self.limits = path, limits
        if fmt == "ods":
            with zipfile.ZipFile(path) as archive:
                _check_spans(path, list(ods_spans(archive, path).items()), limits)
        else:
            _check_spans(path, xls_spans(path), limits)
        self._handle = open(path, "rb")  # from_path would pick the format by extension, not content
        try:
            with _calamine(path):
                self.book = CalamineWorkbook.from_filelike(self._handle)
                metadata = self.book.sheets_metadata
        except WorkbookError:
            self._handle.close()
            raise
        self.sheets = [(m.name, m.visible == SheetVisibleEnum.Visible) for m in metadata
                       if m.typ == SheetTypeEnum.WorkSheet]
        self._loaded: tuple[str, CalamineSheet] | None = None

    def _sheet(self, name: str) -> CalamineSheet:
        """The sheet, loaded once even when its merged ranges are asked for before its rows."""
        if self._loaded is None or self._loaded[0] != name:
            self._loaded = None
            with _calamine(self.path, name):
                self._loaded = (name, self.book.get_sheet_by_name(name))
        return self._loaded[1]

    def merged_ranges(self, index: int) -> list[tuple[int, int, int, int]]:
        """1-based merged ranges; calamine knows them for xls only (an empty list for ods)."""
        name = self.sheets[index][0]
        sheet = self._sheet(name)
        with _calamine(self.path, name):
            ranges = sheet.merged_cell_ranges or []
        return [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in ranges]

    def iter_rows(self, index: int) -> Iterator[Row]:
        """(row number, values) for every row; python-calamine 0.9 yields rows from the sheet's first
        row (row 1) but columns from the first used column, hence the column offset."""
        name = self.sheets[index][0]
        sheet = self._sheet(name)
        if sheet.start is None:
            return
        with _calamine(self.path, name):
            yield from self._rows(name, sheet, sheet.start[1])

    def _rows(self, name: str, sheet: CalamineSheet, offset: int) -> Iterator[Row]:
        max_columns, max_chars = self.limits.max_columns, self.limits.max_cell_chars
        padding = (None,) * offset
        for number, raw in enumerate(sheet.iter_rows(), start=1):
            values = [_tidy(v) for v in raw]
            while values and values[-1] is None:
                values.pop()
            if not values:
                yield number, ()
                continue
            width = offset + len(values)
            if width > max_columns:
                raise WorkbookError("too_many_columns", self.path, f"value in column {width}", sheet=name,
                                    column=width, limit=max_columns, key="max_columns")
            for col, value in enumerate(values, start=offset + 1):
                if value.__class__ is str and len(value) > max_chars:
                    ref = cell_ref(number, col)
                    raise WorkbookError("cell_too_large", self.path, f"cell {ref}", sheet=name, cell=ref,
                                        limit=max_chars, key="max_cell_chars")
            yield number, padding + tuple(values)
        self._loaded = None

    def close(self) -> None:
        self._loaded = None
        try:
            self.book.close()
        except CalamineError:  # already closed
            pass
        self._handle.close()


@contextmanager
def _calamine(path: Path, sheet: str | None = None) -> Iterator[None]:
    """What python-calamine raises, a Rust panic included (a BaseException), as a WorkbookError."""
    try:
        yield
    except PasswordError as exc:
        raise WorkbookError("encrypted", path, str(exc), sheet=sheet) from None
    except (CalamineError, OSError, ValueError) as exc:
        raise WorkbookError("corrupt", path, f"{type(exc).__name__}: {exc}", sheet=sheet) from None
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":  # pyo3's, not importable by name
            raise
        raise WorkbookError("corrupt", path, f"python-calamine panicked: {exc}", sheet=sheet) from None


def _check_spans(path: Path, spans: list[tuple[str, Span]] | None, limits: ReadLimits) -> None:
    """Refuse a workbook whose sheets span more cells in all than `max_cells`, or too many sheets."""
    if not spans:
        return
    if len(spans) > limits.max_sheets:
        raise WorkbookError("too_many_parts", path, f"{len(spans)} sheets", count=len(spans),
                            limit=limits.max_sheets, what="sheets", key="max_sheets")
    total = sum(rows * columns for _, (rows, columns) in spans)
    if total > limits.max_cells:
        name, (rows, columns) = max(spans, key=lambda item: item[1][0] * item[1][1])
        raise WorkbookError("too_many_cells", path, f"{total} cells", sheet=name, rows=rows, columns=columns,
                            cells=total, limit=limits.max_cells, key="max_cells")


def _tidy(value: object) -> object:
    if value == "" or value is None:
        return None
    if value.__class__ is float:
        return int(value) if value.is_integer() else value
    if value.__class__ is _dt.datetime:
        return tidy_datetime(value)
    return value
