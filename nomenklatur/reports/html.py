"""The HTML report: one self-contained page (inline CSS, no script, no external address) for people.

Per file: what was checked and a summary per OPD; then the findings grouped by rule with counts and
the rule's explanation, each finding shown in its spreadsheet context — the table's header labels and
the row's cells, read again from the workbook, with the flagged cell marked. At most `MAX_SHOWN`
findings per rule and file are drawn; the rest are counted (the csv and xlsx formats list them all).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from html import escape
from itertools import islice

from nomenklatur.checks import REGISTRY
from nomenklatur.checks.docs import details, explain
from nomenklatur.engine import TOOL, FileResult, RunResult, role_counts
from nomenklatur.findings import SEVERITY_RANK, Finding
from nomenklatur.reports.common import (SEVERITY_ORDER, SYNC_HEAD, OpdNames, by_opd, opd_names, place, shown,
                                        sync_cells, value_shown, words, xml_safe)
from nomenklatur.workbook import WorkbookError, column_letter, detect_layout, load_aliases, open_workbook
from nomenklatur.workbook.model import column_number

MAX_SHOWN = 200
MAX_COLUMNS = 30
MAX_CHARS = 80
LEAD = 3  # leading columns always drawn (code, name)
HEAD_ROWS = 70

_TEXT = {
    "id": {"title": "Laporan pemeriksaan nomenklatur", "year": "Tahun anggaran", "table": "daftar",
           "made": "dibuat oleh", "files": "Berkas yang diperiksa", "level": "tingkat", "region": "wilayah",
           "rows": "baris diperiksa", "per_opd": "Ringkasan per OPD", "per_rule": "Temuan per aturan",
           "none": "Tidak ada temuan: berkas ini sesuai nomenklatur.", "more": "{n} temuan lain tidak ditampilkan; "
           "lihat laporan --format xlsx atau csv untuk daftar lengkapnya.", "explain": "Penjelasan aturan",
           "findings": "temuan", "no_context": "(isi baris tidak dapat dibaca ulang)", "whole_file": "seluruh berkas",
           "levels": {"provinsi": "provinsi", "kabkota": "kabupaten/kota"}},
    "en": {"title": "Nomenclature check report", "year": "Fiscal year", "table": "list", "made": "made by",
           "files": "Files checked", "level": "level", "region": "region", "rows": "rows checked",
           "per_opd": "Summary per OPD", "per_rule": "Findings per rule",
           "none": "No findings: this file follows the nomenclature.", "more": "{n} more findings not shown; "
           "see --format xlsx or csv for the full list.", "explain": "About this rule", "findings": "findings",
           "no_context": "(the row could not be read again)", "whole_file": "whole file",
           "levels": {"provinsi": "province", "kabkota": "regency/city"}},
}

CSS = """
:root{--err:#c00000;--err-bg:#ffc7ce;--warn:#9c6500;--warn-bg:#ffeb9c;--info:#1f4e79;--info-bg:#ddebf7}
*{box-sizing:border-box}
body{font-family:"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;margin:0;color:#1a1a1a;background:#f4f5f7;line-height:1.45}
header.top{background:#1f3b5a;color:#fff;padding:18px 28px}
header.top h1{margin:0 0 4px;font-size:1.5rem}
main{padding:12px 28px 40px;max-width:1400px}
h2{font-size:1.25rem;margin:28px 0 8px;word-break:break-all}
h3{font-size:1.05rem;margin:18px 0 8px}
section.file{background:#fff;border:1px solid #d9dce1;border-radius:6px;padding:8px 20px 16px;margin:18px 0}
table.grid{border-collapse:collapse;margin:6px 0 12px;font-size:.9rem}
table.grid th,table.grid td{border:1px solid #d0d4da;padding:4px 8px;text-align:left}
table.grid th{background:#eef0f3}
table.grid td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:.8rem;font-weight:600}
.b-error{background:var(--err-bg);color:var(--err)}.b-warning{background:var(--warn-bg);color:var(--warn)}
.b-info{background:var(--info-bg);color:var(--info)}
.counts .badge{font-size:.95rem;padding:2px 10px;margin-right:6px}
.rule{border-top:1px solid #e3e6ea;padding-top:6px;margin-top:14px}
.rule h4{margin:6px 0;font-size:1rem}
details.explain{margin:4px 0 10px;font-size:.9rem;color:#333}
details.explain pre{white-space:pre-wrap;font-family:inherit;margin:6px 0 0;background:#f7f8fa;padding:8px;border-radius:4px}
.finding{margin:10px 0 14px;padding-left:10px;border-left:4px solid #ccc}
.finding.s-error{border-color:var(--err)}.finding.s-warning{border-color:#e0a800}.finding.s-info{border-color:#5b9bd5}
.finding p{margin:2px 0}
.where{font-family:Consolas,"DejaVu Sans Mono",monospace;font-size:.85rem;background:#eef0f3;padding:0 4px;border-radius:3px}
.sug{color:#1d5e2e}
.ctx{overflow-x:auto;max-width:100%}
table.sheet{border-collapse:collapse;font-size:.8rem;margin-top:4px}
table.sheet th,table.sheet td{border:1px solid #c8ccd2;padding:2px 6px;white-space:nowrap;max-width:16em;overflow:hidden;text-overflow:ellipsis}
table.sheet .gap{background:#f7f8fa;color:#888;text-align:center;padding:2px}
table.sheet thead th{background:#e8eaed;color:#555;font-weight:normal;text-align:center}
table.sheet th.rn{background:#e8eaed;color:#555;font-weight:normal;text-align:right}
table.sheet tr.hdr td{background:#f3f4f6;font-weight:600}
table.sheet td.flag{outline:2px solid var(--err);outline-offset:-2px;background:var(--err-bg);font-weight:600}
table.sheet td.flag.f-warning{outline-color:#e0a800;background:var(--warn-bg)}
table.sheet td.flag.f-info{outline-color:#5b9bd5;background:var(--info-bg)}
.more{font-style:italic;color:#555}
footer{color:#666;font-size:.8rem;padding:0 28px 20px}
"""


def _e(value: object) -> str:
    return escape(xml_safe(shown(value)), quote=True)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return shown(value)


def _context(result: FileResult, wanted: dict[str, set[int]]) -> dict[str, tuple[dict[int, str], dict[int, tuple]]]:
    """Per sheet: the header labels by column, and the wanted rows' values (read again from the workbook)."""
    found: dict[str, tuple[dict[int, str], dict[int, tuple]]] = {}
    if not wanted or not result.readable:
        return found
    aliases = load_aliases()
    try:
        with open_workbook(result.path) as book:
            for sheet in book.sheets():
                if sheet.name not in wanted:
                    continue
                rows = iter(sheet.rows)
                head = list(islice(rows, HEAD_ROWS))
                layout = detect_layout(head, aliases, lambda: book.merged_ranges(sheet.name)) if head else None
                need = wanted[sheet.name]
                values = {n: v for n, v in head if n in need}
                for number, row in rows:
                    if number in need:
                        values[number] = row
                found[sheet.name] = (layout.labels if layout else {}, values)
    except (WorkbookError, KeyError):
        return found
    return found


def _columns(width: int, flagged: int) -> list[int]:
    """Columns to draw (0 is a gap): all of them, or when the flagged cell is far right, the first three,
    a gap, and the flagged cell's neighbourhood — so the marked cell is always on screen."""
    if flagged <= LEAD + 3:
        return list(range(1, min(width, MAX_COLUMNS) + 1))
    start = flagged - 2  # at least one column after the leading ones is left out
    return [*range(1, LEAD + 1), 0, *range(start, min(width, start + MAX_COLUMNS - LEAD - 2) + 1)]


def _sheet_table(f: Finding, labels: dict[int, str], row: tuple) -> str:
    loc = f.location
    flagged = column_number(loc.column) if loc.column else 0
    width = max([len(row), flagged, *(c for c in labels if c <= len(row) + 3)] or [1])
    cols = _columns(width, flagged)
    out = ['<div class="ctx"><table class="sheet"><thead><tr><th></th>']
    out += [f"<th>{column_letter(c)}</th>" if c else '<th class="gap">…</th>' for c in cols]
    out.append("</tr></thead><tbody>")
    if labels:
        out.append('<tr class="hdr"><th class="rn"></th>')
        out += [f'<td title="{_e(labels.get(c))}">{_e(_cut(labels.get(c, "")))}</td>' if c else '<td class="gap"></td>'
                for c in cols]
        out.append("</tr>")
    out.append(f'<tr><th class="rn">{loc.row}</th>')
    for c in cols:
        if not c:
            out.append('<td class="gap">…</td>')
            continue
        text = _cell_text(row[c - 1]) if c - 1 < len(row) else ""
        mark = f' class="flag f-{f.severity}"' if c == flagged else ""
        out.append(f'<td{mark} title="{_e(text)}">{_e(_cut(text))}</td>')
    out.append("</tr></tbody></table></div>")
    return "".join(out)


def _cut(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 1] + "…"


def _finding(f: Finding, lang: str, context: dict) -> str:
    w = words(lang)
    where = place(f)
    out = [f'<div class="finding s-{f.severity}"><p><span class="badge b-{f.severity}">{_e(w[f.severity])}</span> ']
    if where:
        out.append(f'<span class="where">{_e(where)}</span> ')
    out.append(f"{_e(f.text(lang))}</p>")
    if f.expected is not None:
        out.append(f"<p>{_e(w['expected'])}: <strong>{_e(value_shown(f, f.expected, lang))}</strong></p>")
    if f.suggestion_text(lang):
        out.append(f'<p class="sug">{_e(w["suggestion"])}: {_e(f.suggestion_text(lang))}</p>')
    loc = f.location
    if loc.sheet is not None and loc.row:
        labels, rows = context.get(loc.sheet, ({}, {}))
        if loc.row in rows:
            out.append(_sheet_table(f, labels, rows[loc.row]))
        else:
            out.append(f'<p class="more">{_e(_TEXT[_lang(lang)]["no_context"])}</p>')
    out.append("</div>")
    return "".join(out)


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "id"


def _counts(findings: list[Finding], lang: str) -> str:
    w = words(lang)
    return "".join(f'<span class="badge b-{s}">{sum(1 for f in findings if f.severity == s)} {_e(w[s])}</span>'
                   for s in SEVERITY_ORDER)


def _opd_table(findings: list[Finding], lang: str, names: OpdNames) -> str:
    w = words(lang)
    out = ['<table class="grid"><thead><tr>', f"<th>{_e(w['opd'])}</th>"]
    out += [f"<th>{_e(w[s])}</th>" for s in SEVERITY_ORDER]
    out.append(f"<th>{_e(w['total'])}</th></tr></thead><tbody>")
    for opd, counts in by_opd(findings, names):
        out.append(f"<tr><td>{_e(opd or w['none_opd'])}</td>")
        out += [f'<td class="num">{counts[s]}</td>' for s in SEVERITY_ORDER]
        out.append(f'<td class="num">{sum(counts.values())}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _file(index: int, result: FileResult, lang: str) -> str:
    t = _TEXT[_lang(lang)]
    out = [f'<section class="file" id="file-{index}"><h2>{_e(result.path)}</h2>']
    facts = []
    if result.level:
        facts.append(f"{t['level']}: {t['levels'].get(result.level, result.level)}")
    if result.region:
        facts.append(f"{t['region']}: {result.region}")
    if result.tahun:
        facts.append(f"{t['year']}: {result.tahun}")
    if result.table:
        listed = result.regulation["en" if lang == "en" else "id"] if result.regulation else result.table
        facts.append(f"{t['table']}: {listed}")
    facts.append(f"{result.rows_checked} {t['rows']}: {role_counts(result.roles, lang)}")
    out.append(f"<p>{_e(' · '.join(facts))}</p>")
    if result.note:
        out.append(f"<p><em>{_e(result.note['en' if lang == 'en' else 'id'])}</em></p>")
    out.append(f'<p class="counts">{_counts(result.findings, lang)}</p>')
    if not result.findings:
        out.append(f"<p>{_e(t['none'])}</p></section>")
        return "".join(out)
    out.append(f"<h3>{_e(t['per_opd'])}</h3>{_opd_table(result.findings, lang, opd_names([result]))}")
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        groups[f.rule].append(f)
    order = sorted(groups, key=lambda r: (-max(SEVERITY_RANK[f.severity] for f in groups[r]), r))
    wanted: dict[str, set[int]] = defaultdict(set)
    for rule_id in order:
        for f in groups[rule_id][:MAX_SHOWN]:
            if f.location.sheet is not None and f.location.row:
                wanted[f.location.sheet].add(f.location.row)
    context = _context(result, wanted)
    out.append(f"<h3>{_e(t['per_rule'])}</h3>")
    for rule_id in order:
        found, rule = groups[rule_id], REGISTRY[rule_id]
        title = rule.title.get(lang) or rule.title["id"]
        out.append(f'<div class="rule" id="file-{index}-{rule_id}"><h4>{_e(rule_id)} · {_e(title)} · '
                   f"{len(found)} {_e(t['findings'])}</h4>")
        out.append(f'<p class="plain">{_e(explain(rule_id, lang))}</p>')
        out.append(f'<details class="explain"><summary>{_e(t["explain"])}</summary>'
                   f"<pre>{_e(details(rule_id, lang))}</pre></details>")
        out += [_finding(f, lang, context) for f in found[:MAX_SHOWN]]
        if len(found) > MAX_SHOWN:
            out.append(f'<p class="more">{_e(t["more"].format(n=len(found) - MAX_SHOWN))}</p>')
        out.append("</div>")
    out.append("</section>")
    return "".join(out)


def _sync_table(rows: list[dict], lang: str) -> str:
    """`nomenklatur sync`: the per kabupaten/kota summary, before the files."""
    title, head = SYNC_HEAD[_lang(lang)]
    out = [f'<h2>{_e(title)}</h2><table class="grid sync"><thead><tr>', *(f"<th>{_e(h)}</th>" for h in head),
           "</tr></thead><tbody>"]
    for name, *numbers in sync_cells(rows):
        out.append(f"<tr><td>{_e(name)}</td>" + "".join(f'<td class="num">{_e(v)}</td>' for v in numbers) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def body(run: RunResult, lang: str = "id") -> str:
    """The report's content without the page around it: counts, the sync summary (for `sync`), the files
    table, then each file's findings (also shown inside the web page of `nomenklatur serve`)."""
    t, w = _TEXT[_lang(lang)], words(lang)
    out = [f'<p class="counts">{_counts(run.findings, lang)}</p>']
    if run.sync is not None:
        out.append(_sync_table(run.sync, lang))
    out += [f"<h2>{_e(t['files'])}</h2>", '<table class="grid"><thead><tr>',
            f"<th>{_e(w['file'])}</th>", *(f"<th>{_e(w[s])}</th>" for s in SEVERITY_ORDER), "</tr></thead><tbody>"]
    for index, result in enumerate(run.files, 1):
        out.append(f'<tr><td><a href="#file-{index}">{_e(result.path)}</a></td>')
        out += [f'<td class="num">{sum(1 for f in result.findings if f.severity == s)}</td>' for s in SEVERITY_ORDER]
        out.append("</tr>")
    out.append("</tbody></table>")
    out += [_file(index, result, lang) for index, result in enumerate(run.files, 1)]
    return "\n".join(out)


def render(run: RunResult, lang: str = "id") -> str:
    t = _TEXT[_lang(lang)]
    head = ((f"{t['year']} {run.tahun} · " if run.tahun else "") + f"{t['made']} {TOOL['name']} {TOOL['version']}")
    return "\n".join([f'<!DOCTYPE html><html lang="{_lang(lang)}"><head><meta charset="utf-8">',
                      '<meta name="viewport" content="width=device-width, initial-scale=1">',
                      f"<title>{_e(t['title'])}</title><style>{CSS}</style></head><body>",
                      f'<header class="top"><h1>{_e(t["title"])}</h1><p>{_e(head)}</p></header><main>',
                      body(run, lang),
                      f"</main><footer>{_e(TOOL['name'])} {_e(TOOL['version'])}</footer></body></html>"])
