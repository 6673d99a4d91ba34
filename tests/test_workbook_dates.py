"""Dates, times and durations written by openpyxl come back as the same values through our xlsx reader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from nomenklatur.workbook import open_workbook
from nomenklatur.workbook.dates import from_serial, is_date_code, is_elapsed_code


def test_date_cells_round_trip(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    values = [dt.date(2024, 1, 1), dt.datetime(2021, 3, 4, 5, 6, 7), dt.time(13, 30), dt.date(1900, 2, 27),
              dt.date(1900, 3, 1), 1.5, "teks"]
    for value in values:
        ws.append([value])
    ws.append([dt.timedelta(hours=30)])
    ws["A8"].number_format = "[h]:mm:ss"
    ws.append([45000])
    ws["A9"].number_format = "dd/mm/yyyy"
    ws.append([45000])
    ws["A10"].number_format = '0.00" hari"'
    path = tmp_path / "tanggal.xlsx"
    wb.save(path)
    with open_workbook(path) as book:
        got = [values[0] for _, values in next(book.sheets()).rows]
    assert got == [*values, dt.timedelta(hours=30), dt.date(2023, 3, 15), 45000]


def test_format_codes() -> None:
    assert is_date_code("dd/mm/yyyy") and is_date_code("[$-421]d mmmm yyyy") and is_date_code("h:mm AM/PM")
    assert not is_date_code("General") and not is_date_code('#,##0" hari"') and not is_date_code("0.00")
    assert is_elapsed_code("[h]:mm:ss") and not is_elapsed_code("hh:mm")
    assert from_serial(1, date1904=True, elapsed=False) == dt.datetime(1904, 1, 2)
    assert from_serial(60, date1904=False, elapsed=False) == dt.datetime(1900, 3, 1)
