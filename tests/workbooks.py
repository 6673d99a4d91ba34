"""Writing small real workbooks for tests (openpyxl), and reading `check --format json` results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Sequence

import openpyxl

Row = Sequence[object]


def write_xlsx(path: Path, sheets: dict[str, Iterable[Row]]) -> Path:
    """A workbook with one sheet per entry, rows written from row 1."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def findings(result) -> list[tuple[str, str | None]]:
    """(rule, cell) of every finding of a `check --format json` run, sorted."""
    data = json.loads(result.stdout)
    return sorted((f["rule"], f["cell"]) for f in data["findings"])


RENJA_HEADER = ("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu", "Lokasi")
RENJA_HEADER_WILAYAH = RENJA_HEADER + ("Kode Lokasi",)


def write_many_rows(path: Path, rows: int) -> Path:
    """A big one-sheet renja (code, name, pagu) written in openpyxl's write-only mode: a check of seconds."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Renja")
    sheet.append(["Kode", "Uraian", "Pagu"])
    for n in range(rows):
        sheet.append([f"2.13.02.2.01.0{n % 7 + 1}", "Sub kegiatan", 1000])
    book.save(path)
    return path
