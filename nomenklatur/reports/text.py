"""The default text report: `file:Sheet!D17: NK201 message`, grouped by file, then a summary line."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any, Iterator

from nomenklatur.engine import RunResult, role_counts
from nomenklatur.findings import short_place
from nomenklatur.reports.berdua import written
from nomenklatur.reports.common import SYNC_HEAD, sync_cells
from nomenklatur.temuan import said, said_suggestion

_WORDS = {
    "id": {"error": "galat", "warning": "peringatan", "info": "info", "suggest": "saran", "rows": "baris diperiksa",
           "table": "daftar", "fy": "TA ", "level": {"provinsi": "provinsi", "kabkota": "kabupaten/kota"}, "none": "tidak ada temuan",
           "total": "Ringkasan", "files": "berkas", "skipped": "lembar tanpa tabel kode (tidak diperiksa)"},
    "en": {"error": "error", "warning": "warning", "info": "info", "suggest": "suggestion", "rows": "rows checked",
           "table": "list", "fy": "FY", "level": {"provinsi": "province", "kabkota": "regency/city"}, "none": "no findings",
           "total": "Summary", "files": "files", "skipped": "sheets without a table of codes (not checked)"},
}


def render(run: RunResult, lang: str = "id", statistics: bool = False) -> str:
    return "\n".join(lines(run, lang, statistics))


def lines(run: RunResult, lang: str = "id", statistics: bool = False) -> Iterator[str]:
    """The report's lines as they come, a file's findings' lines a segment at a time (joined by newlines): the CLI
    writes them as they come, a run of 100,000 findings is never held as one text."""
    words = _WORDS["en" if lang == "en" else "id"]
    for result in run.files:
        head = f"== {result.path}"
        if result.level:
            listed = result.regulation["en" if lang == "en" else "id"] if result.regulation else result.table
            head += f" ({words['level'][result.level]}{', ' + result.region if result.region else ''}; " \
                    f"{words['fy']}{result.tahun}; {words['table']} {listed}; {result.rows_checked} {words['rows']}: " \
                    f"{role_counts(result.roles, lang)})"
        yield head
        if result.skipped_sheets:
            yield f"   {words['skipped']}: {', '.join(result.skipped_sheets)}"
        if result.note:
            yield f"   {result.note['en' if lang == 'en' else 'id']}"
        yield from written(result.findings, functools.partial(finding_lines, lang=lang), "\n")  # a segment a time
        if not result.findings:
            yield f"   {words['none']}"
    if run.sync is not None:
        yield from _sync_table(run.sync, lang)
    yield from _folder_table(run.folders(), lang)
    if statistics:
        counts = Counter((f.rule, f.severity) for f in run.findings)
        yield ""
        for (rule, severity), count in sorted(counts.items()):
            yield f"{count:6d}  {rule}  [{words[severity]}]"
    yield f"{words['total']}: {summary_counts(run, lang)}"


def finding_lines(t: tuple[Any, ...], lang: str = "id") -> str:
    """The line of a finding packed as `t` (temuan.packed: no Finding made), and its suggestion's below it."""
    words = _WORDS["en" if lang == "en" else "id"]
    line = f"{short_place(*t[4][:4])}: {t[0]} [{words[t[2]]}] {said(t[3], lang)}"
    suggestion = said_suggestion(t, lang)
    return f"{line}\n    {words['suggest']}: {suggestion}" if suggestion else line


def summary_counts(run: RunResult, lang: str = "id") -> str:
    """"1 berkas, 6 galat, 5 peringatan, 1 info"; "1 file, 6 errors, 5 warnings, 1 info"."""
    summary = run.summary()
    counts = [(len(run.files), "file"), *((summary[s], s) for s in ("error", "warning", "info"))]
    return ", ".join(counted(n, what, lang) for n, what in counts)


def counted(n: int, what: str, lang: str = "id") -> str:
    """"1 file", "5 errors", "1 info"; in Bahasa Indonesia a count leaves the word as it is ("5 galat")."""
    words = _WORDS["en" if lang == "en" else "id"]
    word = words["files"] if what == "file" else words[what]
    if lang == "en" and n == 1 and what == "file":
        word = "file"
    elif lang == "en" and n != 1 and what in ("error", "warning"):
        word += "s"
    return f"{n} {word}"


_FOLDER_HEAD = {"id": ("folder", "berkas", "galat", "peringatan", "info"),
                "en": ("folder", "files", "errors", "warnings", "info")}


def _folder_table(rows: list[dict[str, object]], lang: str) -> list[str]:
    """Findings per folder (a government's files in a collection) as an aligned table; nothing for one folder."""
    if not rows:
        return []
    head = _FOLDER_HEAD["en" if lang == "en" else "id"]
    body = [tuple(str(r[k]) for k in ("folder", "files", "error", "warning", "info")) for r in rows]
    widths = [max(len(v) for v in column) for column in zip(head, *body)]
    lines = ["", "Per folder:"]
    for row in (head, *body):
        lines.append("  " + "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(row, widths))))
    return lines


def _sync_table(rows: list[dict[str, object]], lang: str) -> list[str]:
    """The per kabupaten/kota summary of `nomenklatur sync` as an aligned table."""
    title, head = SYNC_HEAD["en" if lang == "en" else "id"]
    body = sync_cells(rows)
    widths = [max(len(str(x)) for x in column) for column in zip(head, *body)]
    lines = ["", title]
    for row in (head, *body):
        lines.append("  " + "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths))))
    return lines
