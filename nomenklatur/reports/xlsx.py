"""The annotated workbook: a copy of the checked workbook with every flagged cell filled by severity and
carrying a comment (message and suggestion), and a first sheet "Koreksi" with a summary by rule and by
OPD, a chart of findings per OPD, and the list of findings whose cell links jump to the cell.

- xlsx/xlsm: the original file is loaded with openpyxl (formulas, number formats, styles, column widths,
  merged cells, sheet order kept) and only fills and comments are added; the input is never written.
  Macros are not carried over (the copy is .xlsx), and images and charts of the original are dropped by
  openpyxl.
- xls, ods, csv (and an xlsx openpyxl cannot load): openpyxl cannot open these, so the copy is a new
  workbook holding the values as read by nomenklatur, at the same rows and columns, without the
  original's formatting or formulas; the Koreksi sheet says so.

Text from the workbook never becomes a live formula: strings are written as text (with Excel's quote
prefix when they begin with `=`, `+`, `-`, `@`).
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from nomenklatur.checks import REGISTRY
from nomenklatur.engine import TOOL, FileResult, RunResult, role_counts
from nomenklatur.findings import SEVERITY_RANK, Finding
from nomenklatur.laporan_sendiri import KOREKSI_SHEET, KOREKSI_TITLES
from nomenklatur.reports.common import (FORMULA_START, SEVERITY_ORDER, OpdNames, ReportError, by_opd, by_rule, opd_names,
                                        opd_of, shown, value_shown, words, xml_safe)
from nomenklatur.workbook import CellError, WorkbookError, open_workbook

FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
SHEET_NAME = KOREKSI_SHEET
# widths in characters: 181 in all, so that the list printed one page wide on A4 landscape stays at about 80 %
LIST_COLUMNS = (("no", 5), ("rule", 8), ("severity", 11), ("sheet", 12), ("cell", 7), ("opd", 16),
                ("message", 44), ("value", 18), ("expected", 18), ("suggestion", 32), ("safe", 10))
LINE_HEIGHT = 15.0  # points per line of wrapped text at the default 11 pt font
MAX_ROW_HEIGHT = 409.0  # the tallest row Excel allows, in points
COMMENT_LIMIT = 30_000
_BAD_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})
_TEXT = {
    "id": {"title": KOREKSI_TITLES["id"], "per_rule": "Temuan per aturan", "per_opd": "Temuan per OPD",
           "list": "Daftar temuan (klik sel untuk melompat ke tempatnya)", "chart": "Temuan per OPD",
           "values_copy": "Catatan: berkas asli bukan xlsx, jadi lembar-lembar berikut berisi nilai yang dibaca "
                          "nomenklatur pada baris dan kolom yang sama, tanpa format dan rumus aslinya.",
           "unreadable": "Berkas tidak dapat dibaca, jadi tidak ada salinan lembarnya.",
           "checked": "baris diperiksa", "table": "daftar", "year": "TA", "made": "dibuat oleh",
           "none": "Tidak ada temuan."},
    "en": {"title": KOREKSI_TITLES["en"], "per_rule": "Findings per rule", "per_opd": "Findings per OPD",
           "list": "Findings (click a cell to jump to it)", "chart": "Findings per OPD",
           "values_copy": "Note: the original file is not xlsx, so the sheets that follow hold the values "
                          "nomenklatur read, at the same rows and columns, without the original formatting "
                          "and formulas.",
           "unreadable": "The file could not be read, so none of its sheets are copied.",
           "checked": "rows checked", "table": "list", "year": "FY", "made": "made by", "none": "No findings."},
}


def put(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    """Write a value; text stays text (never a formula) and loses characters XML cannot carry."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, CellError):
        value = str(value)
    if isinstance(value, str):
        text = xml_safe(value)[:32_767]
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\), unique within the workbook."""
    base = (name.translate(_BAD_TITLE).strip("'") or "Lembar")[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _load(result: FileResult) -> tuple[Workbook, dict[str, str], bool]:
    """The copy to annotate, the original sheet names -> sheet titles in it, and whether it is a values copy."""
    if not result.readable:
        wb = Workbook()
        wb.remove(wb.active)
        return wb, {}, False
    try:
        with open_workbook(result.path) as book:
            fmt = book.format
            if fmt in ("xlsx", "xlsm"):
                try:
                    with open(result.path, "rb") as handle:
                        wb = openpyxl.load_workbook(handle, rich_text=True)
                    return wb, {ws.title: ws.title for ws in wb.worksheets}, False
                except Exception:  # openpyxl refuses some files our reader reads: fall back to the values
                    pass
            return _values_copy(book)
    except WorkbookError as exc:
        raise ReportError(f"{result.path}: tidak dapat disalin: {exc.message('id')}",
                          f"{result.path}: cannot be copied: {exc.message('en')}") from None


def _values_copy(book) -> tuple[Workbook, dict[str, str], bool]:
    wb = Workbook()
    wb.remove(wb.active)
    titles: dict[str, str] = {}
    taken: set[str] = {SHEET_NAME.lower()}
    for sheet in book.sheets():
        ws = wb.create_sheet(sheet_title(sheet.name, taken))
        titles[sheet.name] = ws.title
        widths: dict[int, int] = defaultdict(int)
        for number, values in sheet.rows:
            for col, value in enumerate(values, 1):
                if value is None or value == "":
                    continue
                put(ws, number, col, value)
                widths[col] = max(widths[col], min(len(str(value)), 60))
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = max(8, width + 2)
        if not sheet.visible:
            ws.sheet_state = "hidden"
    if not wb.worksheets:
        wb.create_sheet("Lembar")
    return wb, titles, True


def _anchor(ws: Worksheet, ref: str):
    """The cell a comment can go on: a merged area's top-left cell stands for the whole area."""
    cell = ws[ref]
    if isinstance(cell, MergedCell):
        for area in ws.merged_cells.ranges:
            if ref in area:
                return ws.cell(row=area.min_row, column=area.min_col)
    return cell


def _annotate(wb: Workbook, titles: dict[str, str], findings: list[Finding], lang: str) -> None:
    w = words(lang)
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        loc = f.location
        if loc.sheet in titles and loc.cell:
            by_cell[(titles[loc.sheet], loc.cell)].append(f)
    for (title, ref), found in by_cell.items():
        cell = _anchor(wb[title], ref)
        worst = max(found, key=lambda f: SEVERITY_RANK[f.severity]).severity
        cell.fill = PatternFill("solid", fgColor=FILL[worst])
        notes = []
        for f in found:
            note = f"[{f.rule} {w[f.severity]}] {f.text(lang)}"
            if f.suggestion_text(lang):
                note += f"\n{w['suggestion']}: {f.suggestion_text(lang)}"
            notes.append(note)
        text = "\n\n".join(notes)
        if cell.comment is not None and cell.comment.text:
            text = f"{cell.comment.text}\n\n--- nomenklatur ---\n{text}"
        comment = Comment(xml_safe(text)[:COMMENT_LIMIT], "nomenklatur")
        comment.width, comment.height = 360, min(600, 40 + 16 * text.count("\n") + 16 * (len(text) // 50))
        cell.comment = comment


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes when wrapped in a column `width` characters wide (Excel's width unit, the
    width of a "0"): words go on a line while they fit, a word longer than a line is cut. An estimate, on the
    generous side (a character is counted as wide as a "0", a line holds one less than the width), as openpyxl
    cannot measure text and Excel does not grow rows when a file written by another program is opened."""
    room = max(1, int(width) - 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= room:
                used = need
                continue
            if used:
                lines += 1
            lines += (len(word) - 1) // room
            used = len(word) - room * ((len(word) - 1) // room)
    return max(1, lines)


def fit_row(ws: Worksheet, row: int, texts: dict[int, str], widths: dict[int, float]) -> None:
    """Make a row of wrapped cells tall enough for its longest text (cols -> text, cols -> width)."""
    lines = max((wrapped_lines(text, widths[col]) for col, text in texts.items() if text), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)


def _print_layout(ws: Worksheet, header: int, last_row: int, last_col: int) -> None:
    """A4 landscape, one page wide and as many high as needed, narrow margins, the list's header row on every
    page, page numbers below; the print area is the sheet's columns A to the list's last (the chart beside
    them is for the screen)."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: any number of pages high
    ws.page_margins = PageMargins(left=0.25, right=0.25, top=0.5, bottom=0.5, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header}:{header}"
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.oddFooter.center.text = "&P / &N"


def _link(title: str, ref: str) -> str:
    return "'" + title.replace("'", "''") + "'!" + ref


def _summary(ws: Worksheet, findings: list[Finding], lang: str, top: int, names: OpdNames) -> int:
    """The per-rule and per-OPD tables, and the chart beside them; returns the first free row below the tables."""
    w, t = words(lang), _TEXT["en" if lang == "en" else "id"]
    bold = Font(bold=True)
    head = PatternFill("solid", fgColor="D9D9D9")
    put(ws, top, 2, t["per_rule"]).font = bold
    for col, key in ((2, "rule"), (3, "count"), (4, "title")):
        cell = put(ws, top + 1, col, w[key])
        cell.font, cell.fill = bold, head
    rules = by_rule(findings)
    for i, (rule_id, count) in enumerate(rules, top + 2):
        put(ws, i, 2, rule_id)
        put(ws, i, 3, count)
        title = put(ws, i, 4, REGISTRY[rule_id].title.get(lang) or REGISTRY[rule_id].title["id"])
        title.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=i, start_column=4, end_row=i, end_column=6)  # D:F, left of the per-OPD table
        fit_row(ws, i, {4: title.value}, {4: sum(ws.column_dimensions[c].width for c in "DEF")})
    put(ws, top, 7, t["per_opd"]).font = bold
    for col, key in ((7, "opd"), (8, "error"), (9, "warning"), (10, "info"), (11, "total")):
        cell = put(ws, top + 1, col, w[key])
        cell.font, cell.fill = bold, head
    opds = by_opd(findings, names)
    for i, (opd, counts) in enumerate(opds, top + 2):
        put(ws, i, 7, opd or w["none_opd"])
        for col, severity in enumerate(SEVERITY_ORDER, 8):
            put(ws, i, col, counts[severity])
        put(ws, i, 11, sum(counts.values()))
    if opds:
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
        chart.title = t["chart"]
        chart.y_axis.title = w["count"]
        data = Reference(ws, min_col=8, max_col=10, min_row=top + 1, max_row=top + 1 + len(opds))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=7, min_row=top + 2, max_row=top + 1 + len(opds)))
        for series, severity in zip(chart.series, SEVERITY_ORDER):
            series.graphicalProperties.solidFill = {"error": "C00000", "warning": "FFC000", "info": "5B9BD5"}[severity]
        chart.height, chart.width = max(6.0, 1.2 + 0.7 * len(opds)), 18.0
        ws.add_chart(chart, f"M{top}")  # right of the list's columns (A-K), so it never covers a finding
    return top + max(len(rules), len(opds), 1) + 3


def _koreksi(wb: Workbook, result: FileResult, run: RunResult, titles: dict[str, str], values_copy: bool,
             lang: str) -> None:
    w, t = words(lang), _TEXT["en" if lang == "en" else "id"]
    taken = {s.lower() for s in wb.sheetnames}
    ws = wb.create_sheet(sheet_title(SHEET_NAME, taken), 0)
    findings = run.findings
    put(ws, 1, 1, t["title"]).font = Font(bold=True, size=14)
    facts = [result.path, f"{t['year']} {result.tahun or run.tahun}"]
    if result.table:
        facts.append(f"{t['table']} {result.regulation['en' if lang == 'en' else 'id'] if result.regulation else result.table}")
    facts.append(f"{result.rows_checked} {t['checked']}: {role_counts(result.roles, lang)}")
    summary = run.summary()
    notes = ["; ".join(facts),
             f"{summary['error']} {w['error']}, {summary['warning']} {w['warning']}, {summary['info']} "
             f"{w['info']} — {t['made']} {TOOL['name']} {TOOL['version']}"]
    if values_copy:
        notes.append(t["values_copy"])
    if not result.readable:
        notes.append(t["unreadable"])
    widths = {col: width for col, (_, width) in enumerate(LIST_COLUMNS, 1)}
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    last_col = get_column_letter(len(LIST_COLUMNS))
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, note in enumerate(notes, 2):  # a long path or note wraps within the printed width
        cell = put(ws, row, 1, note)
        cell.alignment = wrap
        if row > 3:
            cell.font = Font(italic=True)
        ws.merge_cells(f"A{row}:{last_col}{row}")
        fit_row(ws, row, {1: note}, {1: sum(widths.values())})
    names = opd_names(run.files)
    row = _summary(ws, findings, lang, len(notes) + 3, names)
    put(ws, row, 1, t["list"]).font = Font(bold=True)
    header = row + 1
    line = Side(style="thin", color="BFBFBF")
    border = Border(left=line, right=line, top=line, bottom=line)
    for col, (key, _) in enumerate(LIST_COLUMNS, 1):
        cell = put(ws, header, col, w[key])
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="D9D9D9")
        cell.alignment, cell.border = wrap, border
    fit_row(ws, header, {col: w[key] for col, (key, _) in enumerate(LIST_COLUMNS, 1)}, widths)
    for number, f in enumerate(findings, 1):
        r = header + number
        loc = f.location
        values = [number, f.rule, w[f.severity], shown(loc.sheet), shown(loc.cell), opd_of(f, names), f.text(lang),
                  value_shown(f, f.value, lang), value_shown(f, f.expected, lang), shown(f.suggestion_text(lang)),
                  w["yes"] if f.suggestion and f.suggestion.safe and f.suggestion.replacement else ""]
        for col, value in enumerate(values, 1):
            cell = put(ws, r, col, value)
            cell.alignment, cell.border = wrap, border
        fit_row(ws, r, {col: str(value) for col, value in enumerate(values, 1)}, widths)
        ws.cell(row=r, column=3).fill = PatternFill("solid", fgColor=FILL[f.severity])
        title = titles.get(loc.sheet or "")
        if title and (loc.cell or loc.row):
            ref = loc.cell or f"A{loc.row}"
            target = put(ws, r, 5, ref)
            target.hyperlink = Hyperlink(ref=target.coordinate, location=_link(title, ref), display=ref)
            target.font = Font(color="0563C1", underline="single")
    if findings:
        ws.auto_filter.ref = f"A{header}:{get_column_letter(len(LIST_COLUMNS))}{header + len(findings)}"
    else:
        put(ws, header + 1, 1, t["none"])
    _print_layout(ws, header, max(ws.max_row, header + 1), len(LIST_COLUMNS))
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    wb.active = 0


def annotated_workbook(run: RunResult, lang: str = "id") -> Workbook:
    """The annotated copy of the run's one file (a run over several files cannot make one copy)."""
    if len(run.files) != 1:
        raise ReportError("format xlsx membuat salinan satu berkas: periksa satu berkas saja, atau pakai "
                          "--format html/csv untuk beberapa berkas",
                          "the xlsx format copies one file: check a single file, or use --format html/csv "
                          "for several files")
    result = run.files[0]
    wb, titles, values_copy = _load(result)
    _annotate(wb, titles, run.findings, lang)
    _koreksi(wb, result, run, titles, values_copy, lang)
    return wb


def render(run: RunResult, lang: str = "id") -> bytes:
    out = io.BytesIO()
    annotated_workbook(run, lang).save(out)
    return out.getvalue()
