"""Delimited text: encoding and delimiter detected, every value a string, one "sheet" named after the file.

Encoding: a BOM decides (UTF-8, UTF-16); UTF-16 without BOM is recognised by its NUL pattern; otherwise
UTF-8 if the whole file decodes as UTF-8, else cp1252 (Windows Excel's "CSV" in Indonesia), else
latin-1. Delimiter: `csv.Sniffer` among `,` `;` tab `|` on the first 4 KiB (its regular expressions take
quadratic time, a minute on 64 KiB of `,"`), checked against (and replaced by, when it fails) the
candidate that splits most of the first 64 KiB's lines into the same number of fields.
Row numbers are record numbers (a quoted value spanning lines is one row), as a spreadsheet shows them.
A physical line longer than 32 x `max_cell_chars` is refused before the csv module splits it (a
megabyte of commas would otherwise become a million fields in memory).
"""

from __future__ import annotations

import codecs
import csv
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

from .container import utf16_without_bom
from .errors import WorkbookError
from .model import ReadLimits, Row, cell_ref

DELIMITERS = ",;\t|"
SAMPLE_CHARS = 65536
SNIFF_CHARS = 4096
LINE_FACTOR = 32  # the longest physical line, in units of max_cell_chars


class CsvReader:
    """The single sheet of a delimited text file."""

    def __init__(self, path: Path, limits: ReadLimits) -> None:
        self.path, self.limits = path, limits
        self.encoding = detect_encoding(path)
        try:
            with open(path, encoding=self.encoding, newline="") as handle:
                sample = handle.read(SAMPLE_CHARS)
        except (OSError, UnicodeError) as exc:
            raise WorkbookError("corrupt", path, f"{type(exc).__name__}: {exc}") from None
        self.delimiter = sniff_delimiter(sample, complete=len(sample) < SAMPLE_CHARS)
        self.sheets = [(path.stem or path.name, True)]

    def merged_ranges(self, index: int) -> list[tuple[int, int, int, int]]:
        return []

    def iter_rows(self, index: int) -> Iterator[Row]:
        name = self.sheets[0][0]
        max_columns, max_chars = self.limits.max_columns, self.limits.max_cell_chars
        if csv.field_size_limit() <= max_chars:
            csv.field_size_limit(max_chars + 1)
        number = 0
        try:
            with open(self.path, encoding=self.encoding, newline="") as handle:
                lines = self._lines(handle, lambda: number + 1)
                for number, record in enumerate(csv.reader(lines, delimiter=self.delimiter), start=1):
                    values = [v or None for v in record]
                    while values and values[-1] is None:
                        values.pop()
                    if len(values) > max_columns:
                        raise WorkbookError("too_many_columns", self.path, f"{len(values)} fields", sheet=name,
                                            column=len(values), limit=max_columns, key="max_columns")
                    for col, value in enumerate(values, start=1):
                        if value is not None and len(value) > max_chars:
                            ref = cell_ref(number, col)
                            raise WorkbookError("cell_too_large", self.path, f"cell {ref}", sheet=name,
                                                cell=ref, limit=max_chars, key="max_cell_chars")
                    yield number, tuple(values)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                ref = f"baris/row {number + 1}"  # the csv module does not say which field
                raise WorkbookError("cell_too_large", self.path, str(exc), sheet=name, cell=ref,
                                    limit=max_chars, key="max_cell_chars") from None
            raise WorkbookError("corrupt", self.path, f"csv: {exc}", sheet=name) from None

    def _lines(self, handle, record: Callable[[], int]) -> Iterator[str]:
        """Physical lines, refusing one longer than `LINE_FACTOR` x `max_cell_chars` characters."""
        name, limits = self.sheets[0][0], self.limits
        longest = LINE_FACTOR * limits.max_cell_chars
        while line := handle.readline(longest + 1):
            if len(line) > longest:
                fields = line.count(self.delimiter) + 1
                if fields > limits.max_columns:
                    raise WorkbookError("too_many_columns", self.path, f"{fields}+ fields on one line", sheet=name,
                                        column=fields, limit=limits.max_columns, key="max_columns")
                ref = f"baris/row {record()}"
                raise WorkbookError("cell_too_large", self.path, f"line over {longest} characters", sheet=name,
                                    cell=ref, limit=limits.max_cell_chars, key="max_cell_chars")
            yield line

    def close(self) -> None:
        pass


def detect_encoding(path: Path) -> str:
    """The text encoding of the file (see the module docstring for the order of guesses)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
            if head.startswith(codecs.BOM_UTF8):
                return "utf-8-sig"
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            bomless = utf16_without_bom(head)
            if bomless:
                return bomless
            for encoding in ("utf-8", "cp1252"):
                handle.seek(0)
                if _decodes(handle, encoding):
                    return encoding
    except OSError as exc:
        raise WorkbookError("corrupt", path, str(exc)) from None
    return "latin-1"


def _decodes(handle, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        while chunk := handle.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(sample: str, complete: bool = False) -> str:
    """The delimiter among `DELIMITERS`: Sniffer's answer if it is consistent, else the most consistent."""
    if not complete and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    scores = {d: _consistency(sample, d) for d in DELIMITERS}
    head = sample[:SNIFF_CHARS]
    if len(sample) > SNIFF_CHARS and "\n" in head:
        head = head[: head.rfind("\n")]
    try:
        sniffed = csv.Sniffer().sniff(head, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    best = max(DELIMITERS, key=lambda d: scores[d])
    if sniffed in scores and scores[sniffed] >= scores[best]:
        return sniffed
    return best if scores[best] > (0, 0) else ","


def _consistency(sample: str, delimiter: str) -> tuple[int, int]:
    """(lines sharing the most common field count, that count) when it is above 1; else (0, 0)."""
    try:
        counts = Counter(len(r) for r in csv.reader(sample.splitlines()[:200], delimiter=delimiter) if r)
    except csv.Error:
        return (0, 0)
    if not counts:
        return (0, 0)
    width, lines = max(counts.items(), key=lambda item: (item[1], item[0]))
    return (lines, width) if width > 1 else (0, 0)
