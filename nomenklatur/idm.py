"""Indeks Desa Membangun (IDM): the status thresholds of Permendesa PDTT 2/2016 and reading stated statuses.

Not the BPS/Bappenas Indeks Pembangunan Desa (0-100, three classes).
"""

from __future__ import annotations

import re

from nomenklatur.teks import name_key

SOURCE = "Permendesa PDTT 2/2016 (Indeks Desa Membangun)"
# (upper bound inclusive, status), from the lowest; IDM values are published with 4 decimals
THRESHOLDS = ((0.4907, "sangat tertinggal"), (0.5989, "tertinggal"), (0.7072, "berkembang"), (0.8155, "maju"))
TOP = "mandiri"
STATUSES = ("sangat tertinggal", "tertinggal", "berkembang", "maju", "mandiri")
LOW = ("sangat tertinggal", "tertinggal")
ENGLISH = {"sangat tertinggal": "very lagging", "tertinggal": "lagging", "berkembang": "developing",
           "maju": "advanced", "mandiri": "independent"}
_ALIASES = {"st": "sangat tertinggal", "sangattertinggal": "sangat tertinggal", "sgttertinggal": "sangat tertinggal",
            "t": "tertinggal", "tertinggal": "tertinggal", "b": "berkembang", "berkembang": "berkembang",
            "m": "maju", "maju": "maju", "mandiri": "mandiri", "mdr": "mandiri"}
_PREFIX = re.compile(r"^\s*(status\s+)?(desa\s+)?", re.IGNORECASE)


def status_of(value: float) -> str:
    """The IDM status of a value in 0-1, compared at the 4 decimals IDM is published with (so a value
    computed in a spreadsheet as 0.49070000000000005 is still sangat tertinggal)."""
    value = round(value, 4)
    for bound, status in THRESHOLDS:
        if value <= bound:
            return status
    return TOP


def parse_status(text: object) -> str | None:
    """A stated status ("Sangat Tertinggal", "ST", "Desa Tertinggal") as one of STATUSES, or None."""
    if text is None or isinstance(text, bool):
        return None
    return _ALIASES.get(name_key(_PREFIX.sub("", str(text))))


def parse_value(value: object) -> float | None:
    """An IDM value from a cell (number, or text with a decimal comma or point), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if value == value else None
    text = str(value).strip().replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    return float(text)
