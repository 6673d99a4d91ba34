"""Which fiscal year a document is for, read from the document itself: its title ("TAHUN ANGGARAN 2024",
"TA 2021", "Tahun 2026")."""

from __future__ import annotations

import re

_TITLE_YEAR = re.compile(r"\b(?:tahun(?:\s+anggaran)?|t\.?\s?a\.?)\s*:?\s*(20\d\d)\b", re.IGNORECASE)


def from_title(lines: list[str]) -> tuple[int, str] | None:
    """(year, the words it was read from) of the first title line that names a fiscal year, or None.

    >>> from_title(["RENCANA KERJA PERANGKAT DAERAH", "TAHUN ANGGARAN 2024"])
    (2024, 'TAHUN ANGGARAN 2024')
    """
    for line in lines:
        match = _TITLE_YEAR.search(line)
        if match:
            return int(match.group(1)), " ".join(match.group(0).split())
    return None
