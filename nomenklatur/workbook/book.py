"""Opening a workbook of any supported format and handing out its sheets' rows within the limits."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Callable, Iterator, Protocol

from python_calamine import CalamineError

from . import overlap
from .calamine_reader import CalamineReader
from .container import identify
from .csv_reader import CsvReader
from .errors import WorkbookError
from .model import ReadLimits, Row, SheetRows
from .xlsx import XlsxReader
from .xmlsafe import ZIP_ERRORS

# What a reader's internals may raise on a malformed file; all of it means "corrupt".
_READ_ERRORS = (*ZIP_ERRORS, CalamineError, csv.Error, IndexError, OverflowError, TypeError, RecursionError)


class _Reader(Protocol):
    sheets: list[tuple[str, bool]]  # (name, visible)

    def iter_rows(self, index: int) -> Iterator[Row]: ...

    def merged_ranges(self, index: int) -> list[tuple[int, int, int, int]]: ...

    def close(self) -> None: ...


class Workbook:
    """An opened workbook: `format`, `sheet_names`, the rows of each sheet and its merged ranges; `digest`, the
    file's SHA-256 once a reading process (`overlap`) has read a sheet to its end, else None."""

    def __init__(self, path: Path, format: str, reader: _Reader, limits: ReadLimits,
                 overlap_from: int | None = None, on_wait: Callable[[], None] | None = None) -> None:
        self.path = path
        self.format = format
        self.limits = limits
        self._reader = reader
        self._overlap_from = overlap_from
        self._on_wait = on_wait
        self.sheet_names: list[str] = [sheet[0] for sheet in reader.sheets]
        self.digest: str | None = None
        self._digest_asked = False

    def sheets(self) -> Iterator[SheetRows]:
        """Every worksheet in workbook order (hidden ones too; see `SheetRows.visible`)."""
        for index in range(len(self.sheet_names)):
            yield self._sheet_rows(index)

    def sheet(self, name: str) -> SheetRows:
        """One worksheet by name."""
        return self._sheet_rows(self._index(name))

    def sheet_at(self, index: int) -> SheetRows:
        """One worksheet by its 0-based position."""
        return self._sheet_rows(index)

    def merged_ranges(self, sheet_name: str) -> list[tuple[int, int, int, int]]:
        """(first_row, first_col, last_row, last_col), 1-based; empty where the format cannot tell (csv, ods)."""
        index = self._index(sheet_name)
        return self._guard(lambda: self._reader.merged_ranges(index), sheet_name)

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _index(self, name: str) -> int:
        try:
            return self.sheet_names.index(name)
        except ValueError:
            raise KeyError(f"no sheet named {name!r} in {self.path}") from None

    def _sheet_rows(self, index: int) -> SheetRows:
        sheet = SheetRows(name=self.sheet_names[index], index=index, rows=iter(()),
                          visible=bool(self._reader.sheets[index][1]))
        start = self._overlap_from
        if start is not None and isinstance(self._reader, XlsxReader) and self._reader.sheet_bytes(index) >= start \
                and overlap.available():
            asked, self._digest_asked = self._digest_asked, True  # by the first reading process only
            sheet.rows = overlap.rows(self.path, self.limits, sheet, self._on_wait,
                                      None if asked else self._took_digest)
        else:
            sheet.rows = self._rows(index, sheet)
        return sheet

    def _took_digest(self, digest: str | None) -> None:
        self.digest = digest

    def _rows(self, index: int, sheet: SheetRows) -> Iterator[Row]:
        """Non-blank rows, stopping at a long blank run and refusing too many rows."""
        limits = self.limits
        blank_run, max_rows = limits.max_blank_run, limits.max_rows
        last = count = 0
        try:
            for number, values in self._reader.iter_rows(index):
                blanks = number - last - (1 if values else 0)  # consecutive blank rows up to here
                if blanks >= blank_run:
                    sheet.truncated = True
                    sheet.stopped_at = number if values else None
                    return
                if not values:
                    continue
                count += 1
                if count > max_rows:
                    raise WorkbookError("too_many_rows", self.path, f"more than {max_rows} rows",
                                        sheet=sheet.name, limit=max_rows, key="max_rows")
                last = number
                yield number, values
        except WorkbookError as exc:
            if exc.sheet is None:
                exc.sheet = sheet.name
            raise
        except _READ_ERRORS as exc:
            raise WorkbookError("corrupt", self.path, f"{type(exc).__name__}: {exc}", sheet=sheet.name) from None

    def _guard(self, call, sheet_name: str):
        try:
            return call()
        except WorkbookError as exc:
            if exc.sheet is None:
                exc.sheet = sheet_name
            raise
        except _READ_ERRORS as exc:
            raise WorkbookError("corrupt", self.path, f"{type(exc).__name__}: {exc}", sheet=sheet_name) from None


def open_workbook(path: str | Path, limits: ReadLimits = ReadLimits(), overlap_from: int | None = None,
                  on_wait: Callable[[], None] | None = None) -> Workbook:
    """Open a workbook after checking its container (magic bytes, zip sizes and ratio, encryption).

    `overlap_from`: read xlsx sheets whose XML has at least this many bytes in a second process while
    the caller works on the rows (`overlap.py`; `overlap.MIN_BYTES` is where it pays); `on_wait` is then
    called whenever the caller has used up the rows read so far and would wait for more. Raises
    `WorkbookError` for anything that cannot be read. Use as a context manager.
    """
    path = Path(path)
    fmt, archive = identify(path, limits)
    try:
        reader = _reader(path, fmt, archive, limits)
    except WorkbookError:
        if archive is not None:
            archive.close()
        raise
    except _READ_ERRORS as exc:
        if archive is not None:
            archive.close()
        raise WorkbookError("corrupt", path, f"{type(exc).__name__}: {exc}") from None
    return Workbook(path, fmt, reader, limits, overlap_from, on_wait)


def _reader(path: Path, fmt: str, archive: zipfile.ZipFile | None, limits: ReadLimits) -> _Reader:
    if archive is not None:  # xlsx, xlsm
        return XlsxReader(archive, path, limits)
    if fmt in ("xls", "ods"):
        return CalamineReader(path, limits, fmt)
    return CsvReader(path, limits)
