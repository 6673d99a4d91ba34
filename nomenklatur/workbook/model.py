"""The records every reader produces: limits, located rows, error cells, A1 references."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterator

MIB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """Bounds that keep a hostile or broken file from exhausting time or memory."""

    max_file_bytes: int = 200 * MIB
    max_uncompressed_bytes: int = 1024 * MIB
    max_compression_ratio: float = 100  # per zip member, checked only for members > 1 MiB uncompressed
    max_rows: int = 2_000_000  # non-blank rows per sheet
    max_columns: int = 512  # the last column that holds a value
    max_cell_chars: int = 32_767  # Excel's own limit per cell
    max_blank_run: int = 10_000  # a sheet stops after this many consecutive blank rows
    max_part_bytes: int = 64 * MIB  # an xlsx part read whole (shared strings, styles, workbook), uncompressed
    max_cells: int = 2_000_000  # .xls/.ods (loaded whole): rows x columns spanned by values, all sheets
    max_sheets: int = 1_000  # worksheets per workbook (each costs a pass; a province has ~50 OPD sheets)


class CellError(str):
    """A spreadsheet error value (`#REF!`, `#DIV/0!`, `#N/A` …), kept apart from ordinary text."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"CellError({str(self)!r})"


Row = tuple[int, tuple[object, ...]]


@dataclass
class SheetRows:
    """One sheet's non-blank rows: (1-based row number, values with trailing empties trimmed).

    Values are raw: `str` (not stripped), `int`, `float`, `bool`, `datetime.date`/`datetime`/`time`/
    `timedelta`, `CellError`, or `None` for an empty cell. `truncated` becomes True when the rows
    stopped at `ReadLimits.max_blank_run` consecutive blank rows (only known after iterating), and
    `stopped_at` is then the number of the row holding values that was not read (None when reading
    stopped at a blank row).
    """

    name: str
    index: int
    rows: Iterator[Row]
    visible: bool = True
    truncated: bool = False
    stopped_at: int | None = None


def column_letter(col: int) -> str:
    """1-based column number to letters: 1 -> "A", 27 -> "AA"."""
    if col < 1:
        raise ValueError(f"column must be >= 1, got {col}")
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """1-based row and column to an A1 reference: (17, 4) -> "D17"."""
    if row < 1:
        raise ValueError(f"row must be >= 1, got {row}")
    return f"{column_letter(col)}{row}"


def column_number(letters: str) -> int:
    """Column letters to a 1-based number: "A" -> 1, "AA" -> 27 (upper case expected)."""
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def split_ref(ref: str) -> tuple[int, int]:
    """An A1 reference to 1-based (row, column): "D17" -> (17, 4)."""
    ref = ref.replace("$", "").upper()
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    letters = ref[: len(ref) - len(digits)]
    if not letters or not digits.isdigit():
        raise ValueError(f"not an A1 reference: {ref!r}")
    return int(digits), column_number(letters)


def tidy_number(value: float) -> int | float:
    """Spreadsheets store every number as a float; integral ones read as `int` so 1.0 and 1 agree."""
    return int(value) if value.is_integer() else value


def tidy_datetime(value: _dt.datetime) -> _dt.date | _dt.datetime:
    """A datetime at exactly midnight reads as a `date` (readers disagree on which one to give)."""
    if value.hour == value.minute == value.second == value.microsecond == 0 and value.tzinfo is None:
        return value.date()
    return value
