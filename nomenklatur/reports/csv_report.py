"""A to-do list of corrections as CSV for Excel: UTF-8 with a byte-order mark, `;` between fields (the list
separator of Indonesian regional settings), one row per finding with an empty "Selesai" column to tick.

Text that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, so no cell turns into a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from nomenklatur.engine import RunResult
from nomenklatur.laporan_sendiri import CSV_COLUMNS, CSV_DELIMITER
from nomenklatur.reports.common import BATCH, defuse, opd_names, opd_of, shown, value_shown, words

BOM = "\ufeff"


def render(run: RunResult, lang: str = "id") -> str:
    return "".join(chunks(run, lang))


def chunks(run: RunResult, lang: str = "id") -> Iterator[str]:
    """The list's text, a few hundred rows at a time."""
    w = words(lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    out.write(BOM)
    writer.writerow([w[k] for k in CSV_COLUMNS])
    names = opd_names(run.files)
    for number, f in enumerate(run.findings, 1):
        loc = f.location
        cells = [loc.file, shown(loc.sheet), shown(loc.cell), shown(loc.row), opd_of(f, names), f.rule, w[f.severity],
                 f.text(lang), value_shown(f, f.value, lang), value_shown(f, f.expected, lang), shown(f.suggestion_text(lang)),
                 w["yes"] if f.suggestion and f.suggestion.safe and f.suggestion.replacement else "", f.fingerprint]
        writer.writerow([number, "", *(defuse(c) for c in cells)])
        if number % BATCH == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
