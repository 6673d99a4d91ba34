"""Amounts as people write them (nomenklatur/baris.py `parse_pagu`), at every edge: empty, dashes, numbers of
each type, Indonesian and English separators, and what is no amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nomenklatur.baris import parse_pagu
from nomenklatur.workbook import CellError


@pytest.mark.parametrize("value, expected", [
    (None, (None, True)), ("", (None, True)), ("   ", (None, True)), ("-", (None, True)), ("Rp -", (None, True)),
    (" \u00a0", (None, True)),
    (True, (None, False)), (False, (None, False)), (CellError("#REF!"), (None, False)),
    (0, (Decimal(0), True)), (1_250_000, (Decimal(1_250_000), True)), (-5, (Decimal(-5), True)),
    (1.5, (Decimal("1.5"), True)), (0.1, (Decimal("0.1"), True)),  # the float's shortest text, not its binary
    (float("nan"), (None, False)), (float("inf"), (None, False)), (float("-inf"), (None, False)),
    (Decimal("7.25"), (Decimal("7.25"), True)),
    ("1250000", (Decimal(1_250_000), True)), ("1.250.000", (Decimal(1_250_000), True)),
    ("Rp 1.250.000,50", (Decimal("1250000.50"), True)), ("Rp. 1.250.000", (Decimal(1_250_000), True)),
    ("-1.250.000", (Decimal(-1_250_000), True)), ("1,250,000", (Decimal(1_250_000), True)),
    ("1,250,000.75", (Decimal("1250000.75"), True)), ("\u00a01.000\u00a0", (Decimal(1000), True)),
    ("1.000", (Decimal(1000), True)), ("-25.500", (Decimal(-25500), True)),  # a dot before three digits: thousands
    ("12.5", (Decimal("12.5"), True)), ("0.125", (Decimal("0.125"), True)), ("1.0000", (Decimal("1.0000"), True)),
    ("seribu", (None, False)), ("1.2.3.4", (None, False)),
])
def test_an_amount_as_written(value: object, expected: tuple[Decimal | None, bool]) -> None:
    found = parse_pagu(value)
    assert found == expected and type(found[0]) is type(expected[0]), found
