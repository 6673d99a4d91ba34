"""Excel dates: which number formats show a date or a duration, and serial numbers to datetimes.

Written here (not imported from openpyxl) so that reading a workbook does not pay for importing openpyxl.
"""

from __future__ import annotations

import datetime as _dt
import re

WINDOWS_EPOCH = _dt.datetime(1899, 12, 30)
MAC_EPOCH = _dt.datetime(1904, 1, 1)
# Built-in number formats (ECMA-376 18.8.30) that are dates/times; 46 is an elapsed duration [h]:mm:ss.
BUILTIN_DATE_IDS = frozenset((14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47))
BUILTIN_ELAPSED_IDS = frozenset((46,))
_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKET = re.compile(r"\[[^\]]*\]")
_ELAPSED = re.compile(r"\[(h+|m+|s+)\]", re.IGNORECASE)
_DATE_LETTERS = re.compile(r"[dmyhs]", re.IGNORECASE)


def is_date_code(code: str) -> bool:
    """A custom format code that shows a date, a time or a duration (e.g. `dd/mm/yyyy`, `[h]:mm`)."""
    if _ELAPSED.search(code):
        return True
    section = code.split(";", 1)[0]
    bare = _BRACKET.sub("", _QUOTED.sub("", section))
    return bool(_DATE_LETTERS.search(bare)) and bare.strip().lower() != "general"


def is_elapsed_code(code: str) -> bool:
    """A format code that shows a duration rather than a moment (`[h]:mm:ss`)."""
    return bool(_ELAPSED.search(code))


def from_serial(number: float, date1904: bool, elapsed: bool) -> _dt.datetime | _dt.time | _dt.timedelta:
    """An Excel serial number as a datetime (a time of day below 1, a timedelta for durations).

    In the 1900 system Excel counts a 29 February 1900 that never was: serials below 61 are one day early.
    """
    if elapsed:
        return _dt.timedelta(days=number)
    if 0 <= number < 1:
        return (_dt.datetime.min + _dt.timedelta(days=number)).time()
    if date1904:
        return MAC_EPOCH + _dt.timedelta(days=number)
    if 0 < number < 61:
        number += 1
    return WINDOWS_EPOCH + _dt.timedelta(days=number)
