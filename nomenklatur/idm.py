"""Indeks Desa Membangun (IDM): the status thresholds of Permendesa PDTT 2/2016 and reading stated statuses.

Not the BPS/Bappenas Indeks Pembangunan Desa (0-100, three classes).
"""

from __future__ import annotations

from nomenklatur.teks import name_key

SOURCE = "Permendesa PDTT 2/2016"
# (upper bound inclusive, status), from the lowest
THRESHOLDS = ((0.4907, "sangat tertinggal"), (0.5989, "tertinggal"), (0.7072, "berkembang"), (0.8155, "maju"))
TOP = "mandiri"
STATUSES = ("sangat tertinggal", "tertinggal", "berkembang", "maju", "mandiri")
LOW = ("sangat tertinggal", "tertinggal")
_ALIASES = {"st": "sangat tertinggal", "sangattertinggal": "sangat tertinggal", "t": "tertinggal",
            "tertinggal": "tertinggal", "b": "berkembang", "berkembang": "berkembang", "m": "maju",
            "maju": "maju", "mandiri": "mandiri", "mdr": "mandiri"}


def status_of(value: float) -> str:
    """The IDM status of a value in 0-1."""
    for bound, status in THRESHOLDS:
        if value <= bound:
            return status
    return TOP


def parse_status(text: object) -> str | None:
    """A stated status ("Sangat Tertinggal", "ST", "TERTINGGAL") as one of STATUSES, or None."""
    if text is None:
        return None
    return _ALIASES.get(name_key(str(text)))


def parse_value(value: object) -> float | None:
    """An IDM value from a cell (number or text with a decimal comma), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
