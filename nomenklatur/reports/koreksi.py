"""The Koreksi sheet of the annotated copy, written as SpreadsheetML: the file's facts, a summary by rule and by
OPD with a stacked bar chart per OPD beside it, and the list of findings whose cell links jump to the cell;
A4 landscape, one page wide, the list's header row on every page, an autofilter on the list.

Text goes in as inline strings (the workbook's shared strings stay untouched) and is never a formula; a text
that looks like one is also marked with Excel's quote prefix. The sheet is written a batch of rows at a time,
its hyperlinks kept in a temporary file until they are due after the rows."""

from __future__ import annotations

import functools
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from openpyxl.chart import BarChart, Reference
from openpyxl.xml.functions import tostring

from nomenklatur.checks import REGISTRY
from nomenklatur.engine import TOOL, FileResult, RunResult, role_counts
from nomenklatur.laporan_sendiri import KOREKSI_SHEET, KOREKSI_TITLES
from nomenklatur.reports.common import (FORMULA_START, SEVERITY_ORDER, OpdNames, opd_in, rule_value_shown, words,
                                        xml_safe)
from nomenklatur.reports.gaya import Styles
from nomenklatur.reports.paket import MAIN, REL, esc
from nomenklatur.temuan import Packed, said, said_suggestion
from nomenklatur.workbook.model import column_letter

SHEET_NAME = KOREKSI_SHEET
# widths in characters: 181 in all, so that the list printed one page wide on A4 landscape stays at about 80 %
LIST_COLUMNS = (("no", 5), ("rule", 8), ("severity", 11), ("sheet", 12), ("cell", 7), ("opd", 16),
                ("message", 44), ("value", 18), ("expected", 18), ("suggestion", 32), ("safe", 10))
WIDTHS = {col: width for col, (_, width) in enumerate(LIST_COLUMNS, 1)}
LINE_HEIGHT = 15.0  # points per line of wrapped text at the default 11 pt font
MAX_ROW_HEIGHT = 409.0  # the tallest row Excel allows, in points
BATCH = 500  # list rows per written piece
MADE = 4096  # rows (apart from their number and cell) kept for findings that repeat them
SERIES_COLOURS = {"error": "C00000", "warning": "FFC000", "info": "5B9BD5"}
EMU_PER_CM = 360_000
_ROOMS = tuple(max(1, int(width) - 1) for _, width in LIST_COLUMNS[1:])  # as wrapped_lines counts a line
_FROM_WORKBOOK = (2, 4, 6, 7)  # the list's sheet, OPD, value and expected columns (B is 0)
_UNSAFE = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')  # what esc and xml_safe change
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


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\), unique within the workbook (`taken`: lower case)."""
    base = (name.translate(_BAD_TITLE).strip("'") or "Lembar")[:31]
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


@functools.lru_cache(maxsize=4096)  # the list repeats its texts (one suggestion for a whole column of rows)
def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes when wrapped in a column `width` characters wide (Excel's width unit, the
    width of a "0"): words go on a line while they fit, a word longer than a line is cut. An estimate, on the
    generous side (a character is counted as wide as a "0", a line holds one less than the width), as nothing
    here can measure text and Excel does not grow rows when a file written by another program is opened."""
    room = max(1, int(width) - 1)
    if len(text) <= room and "\n" not in text:
        return 1
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


def row_height(texts: dict[int, str], widths: dict[int, float]) -> float | None:
    """The height (points) a row of wrapped cells needs for its longest text, None for one line."""
    lines = max((wrapped_lines(text, widths[col]) for col, text in texts.items() if text), default=1)
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines) if lines > 1 else None


def link(title: str, ref: str) -> str:
    return "'" + title.replace("'", "''") + "'!" + ref


@dataclass(frozen=True)
class Tally:
    """What the summary needs, counted in one pass over the findings."""

    count: int
    rules: list[tuple[str, int]]
    opds: list[tuple[str, dict[str, int]]]


class _Styles:
    """The cell formats the sheet uses, added to the workbook's styles."""

    def __init__(self, styles: Styles) -> None:
        bold = styles.add("fonts", '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>')
        title = styles.add("fonts", '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>')
        italic = styles.add("fonts", '<font><i/><sz val="11"/><name val="Calibri"/><family val="2"/></font>')
        blue = styles.add("fonts", '<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/>'
                                   '<family val="2"/></font>')
        plain = styles.add("fonts", '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>')
        grey = styles.add("fills", '<fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/>'
                                   '<bgColor indexed="64"/></patternFill></fill>')
        line = '<{0} style="thin"><color rgb="FFBFBFBF"/></{0}>'
        border = styles.add("borders", "<border>" + "".join(line.format(side) for side in
                                                              ("left", "right", "top", "bottom")) + "<diagonal/></border>")
        wrap = '<alignment vertical="top" wrapText="1"/>'

        def xf(font: int, fill: int = 0, edge: int = 0, align: str = "", extra: str = "") -> int:
            body = f">{align}</xf>" if align else "/>"
            return styles.add("cellXfs", f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="{edge}" xfId="0" '
                                         f'applyFont="1" applyFill="1" applyBorder="1"'
                                         f'{" applyAlignment=" + chr(34) + "1" + chr(34) if align else ""}{extra}{body}')

        self.plain, self.title, self.bold = xf(plain), xf(title), xf(bold)
        self.head = xf(bold, grey)
        self.wrap, self.note = xf(plain, align=wrap), xf(italic, align=wrap)
        self.list_head = xf(bold, grey, border, wrap)
        self.cell = xf(plain, 0, border, wrap)
        self.quoted = xf(plain, 0, border, wrap, ' quotePrefix="1"')
        self.link = xf(blue, 0, border, wrap)
        self.severity = {s: xf(plain, styles.fill(s), border, wrap) for s in SEVERITY_ORDER}


def _text(ref: str, style: int, value: object) -> str:
    """A cell holding `value` as written: a number as a number, anything else as an inline string."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    text = xml_safe(str(value))[:32_767]
    if not text:
        return f'<c r="{ref}" s="{style}"/>'
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{esc(text)}</t></is></c>'


def _row(number: int, cells: list[str], height: float | None = None) -> str:
    tall = f' ht="{height:g}" customHeight="1"' if height else ""
    return f'<row r="{number}"{tall}>{"".join(cells)}</row>'


class Koreksi:
    """The sheet and, when there are OPD rows, its chart, made in two steps: `add` each finding as the findings
    pass (its row of the list goes to a temporary file, without a row number, and it is counted per rule and
    per OPD), then `layout()`; after it, `sheet()` gives the XML in pieces, `names` the print titles and area
    (defined names local to the sheet), `drawing()` and `chart()` the chart's parts."""

    def __init__(self, run: RunResult, result: FileResult, title: str, titles: dict[str, str], values_copy: bool,
                 names: OpdNames, styles: Styles, lang: str) -> None:
        self.run, self.result, self.title, self.titles = run, result, title, titles
        self.values_copy, self.opd_names, self.lang = values_copy, names, lang
        self.s = _Styles(styles)
        self.w, self.t = words(lang), _TEXT["en" if lang == "en" else "id"]
        self.notes = self._notes()
        self.top = len(self.notes) + 3
        self.count = 0
        self._rules: Counter[str] = Counter()
        self._opds: dict[str, Counter[str]] = {}
        self._places: dict[str, str] = {}  # sheet name -> the escaped start of its links
        self._rows = tempfile.TemporaryFile()  # noqa: SIM115  (closed by sheet())
        self._links = tempfile.TemporaryFile()  # noqa: SIM115  (closed by sheet()); "number\tlocation\tcell" lines
        self._batch: list[str] = []
        self._made: dict[tuple, tuple[int, str, int, str]] = {}
        cell = self.s.cell
        self._styles = {sev: (cell, style) + (cell,) * 8 for sev, style in self.s.severity.items()}
        self._linked = {sev: styles[:3] + (self.s.link,) + styles[4:] for sev, styles in self._styles.items()}

    def add(self, t: Packed) -> None:
        """A finding (packed, as temuan.packed holds it: no Finding is made for it): counted, and its row of the
        list written."""
        self.count += 1
        place = t[4]
        opd = opd_in(t[1], t[10], place[0], place[1], self.opd_names)
        self._rules[t[0]] += 1
        counts = self._opds.get(opd)
        if counts is None:
            counts = self._opds[opd] = Counter()
        counts[t[2]] += 1
        self._batch.append(self._finding(self.count, t, opd))
        if len(self._batch) == BATCH:
            self._rows.write("".join(self._batch).encode("utf-8"))
            self._batch.clear()

    def layout(self) -> None:
        """Where everything goes, once every finding is added."""
        self._rows.write("".join(self._batch).encode("utf-8"))
        self._batch.clear()
        opds = [(opd, {s: c.get(s, 0) for s in SEVERITY_ORDER}) for opd, c in sorted(self._opds.items())]
        self.tally = Tally(self.count, sorted(self._rules.items()), opds)
        self.header = self.top + max(len(self.tally.rules), len(opds), 1) + 4
        self.last = self.header + max(self.count, 1)
        self.has_chart = bool(opds)
        self.names = [("_xlnm.Print_Titles", f"{link(self.title, '')}${self.header}:${self.header}"),
                      ("_xlnm.Print_Area", f"{link(self.title, '')}$A$1:${column_letter(len(LIST_COLUMNS))}${self.last}")]

    def made_elsewhere(self) -> dict[str, object]:
        """After `layout()` in a forked child (whose writes to the temporary files the parent shares): what the
        parent's `adopt` needs."""
        self._rows.flush()
        self._links.flush()
        return {key: getattr(self, key) for key in ("count", "tally", "header", "last", "has_chart", "names")}

    def adopt(self, made: dict[str, object]) -> None:
        """The list as a forked child made it (`made_elsewhere`)."""
        self.__dict__.update(made)

    def restart(self) -> None:
        """Empty the list's files again (a forked child that failed may have written part of them)."""
        for file in (self._rows, self._links):
            file.seek(0)
            file.truncate()

    def _notes(self) -> list[str]:
        result, run, w, t = self.result, self.run, self.w, self.t
        facts = [result.path, f"{t['year']} {result.tahun or run.tahun}"]
        if result.table:
            regulation = result.regulation["en" if self.lang == "en" else "id"] if result.regulation else result.table
            facts.append(f"{t['table']} {regulation}")
        facts.append(f"{result.rows_checked} {t['checked']}: {role_counts(result.roles, self.lang)}")
        summary = run.summary()
        notes = ["; ".join(facts),
                 (f"{summary['error']} {w['error']}, {summary['warning']} {w['warning']}, {summary['info']} "
                  f"{w['info']} — {t['made']} {TOOL['name']} {TOOL['version']}")]
        if self.values_copy:
            notes.append(t["values_copy"])
        if not result.readable:
            notes.append(t["unreadable"])
        return notes

    def sheet(self) -> Iterator[str | bytes]:
        """The sheet's XML (text, and the list's rows as UTF-8), a megabyte of the list at a time."""
        s = self.s
        cols = "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>' for c, w in WIDTHS.items())
        yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
               '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView tabSelected="1" '
               f'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>')
        merges = []
        rows = [_row(1, [_text("A1", s.title, self.t["title"])])]
        for number, note in enumerate(self.notes, 2):
            rows.append(_row(number, [_text(f"A{number}", s.wrap if number <= 3 else s.note, note)],
                             row_height({1: note}, {1: sum(WIDTHS.values())})))
            merges.append(f"A{number}:K{number}")
        summary, merged = self._summary()
        yield "".join(rows) + summary + self._list_head()
        merges += merged
        with self._rows as body, self._links as links:
            body.seek(0)
            while data := body.read(1 << 20):  # the list's rows follow the header row (a row without r="" does)
                yield data
            yield "</sheetData>"
            yield f'<autoFilter ref="A{self.header}:K{self.last}"/>' if self.count else ""
            yield f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + \
                "</mergeCells>"
            if links.seek(0, 2):  # anything written (by this process or a forked child)
                yield "<hyperlinks>"
                links.seek(0)
                yield from self._hyperlinks(links)
                yield "</hyperlinks>"
        yield ('<printOptions horizontalCentered="1"/><pageMargins left="0.25" right="0.25" top="0.5" bottom="0.5" '
               'header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" '
               'fitToHeight="0"/><headerFooter><oddFooter>&amp;C&amp;P / &amp;N</oddFooter></headerFooter>')
        yield ('<drawing r:id="rId1"/>' if self.has_chart else "") + "</worksheet>"

    def _hyperlinks(self, links: BinaryIO) -> Iterator[str]:
        """The list's cell links, now that the list's first row is known."""
        header = self.header
        batch = []
        for line in links:
            number, place, target = line.decode("utf-8").rstrip("\n").split("\t")
            batch.append(f'<hyperlink ref="E{header + int(number)}" location="{place}{target}" display="{target}"/>')
            if len(batch) == BATCH:
                yield "".join(batch)
                batch.clear()
        yield "".join(batch)

    def _summary(self) -> tuple[str, list[str]]:
        """The rows of the per-rule and per-OPD tables side by side, and their merged cells."""
        s, w, t, top = self.s, self.w, self.t, self.top
        rules, opds = self.tally.rules, self.tally.opds
        rows: dict[int, list[str]] = {top: [_text(f"B{top}", s.bold, t["per_rule"]),
                                            _text(f"G{top}", s.bold, t["per_opd"])],
                                      top + 1: [_text(f"{c}{top + 1}", s.head, w[k]) for c, k in
                                                (("B", "rule"), ("C", "count"), ("D", "title"), ("G", "opd"),
                                                 ("H", "error"), ("I", "warning"), ("J", "info"), ("K", "total"))]}
        heights: dict[int, float | None] = {}
        merges = []
        for i, (rule_id, count) in enumerate(rules, top + 2):
            title = REGISTRY[rule_id].title.get(self.lang) or REGISTRY[rule_id].title["id"]
            rows[i] = [_text(f"B{i}", s.plain, rule_id), _text(f"C{i}", s.plain, count), _text(f"D{i}", s.wrap, title)]
            merges.append(f"D{i}:F{i}")  # left of the per-OPD table
            heights[i] = row_height({4: title}, {4: WIDTHS[4] + WIDTHS[5] + WIDTHS[6]})
        for i, (opd, counts) in enumerate(opds, top + 2):
            cells = [_text(f"G{i}", s.plain, opd or w["none_opd"])]
            cells += [_text(f"{c}{i}", s.plain, counts[sev]) for c, sev in zip("HIJ", SEVERITY_ORDER)]
            rows.setdefault(i, []).extend(cells + [_text(f"K{i}", s.plain, sum(counts.values()))])
        heading = self.header - 1
        rows[heading] = [_text(f"A{heading}", s.bold, t["list"])]
        return "".join(_row(n, cells, heights.get(n)) for n, cells in sorted(rows.items())), merges

    def _list_head(self) -> str:
        """The list's header row (and "no findings" below it when there are none)."""
        s, header = self.s, self.header
        heads = {col: self.w[key] for col, (key, _) in enumerate(LIST_COLUMNS, 1)}
        row = _row(header, [_text(f"{column_letter(c)}{header}", s.list_head, text) for c, text in heads.items()],
                   row_height(heads, WIDTHS))
        return row if self.count else row + _row(header + 1, [_text(f"A{header + 1}", s.plain, self.t["none"])])

    def _finding(self, number: int, t: Packed, opd: str) -> str:
        """One row of the list, without row numbers (it follows the one before). Written for speed, as a million
        findings make a million rows: the row apart from its number and cell is made once for findings that
        agree in everything else (a column copied down gives the same message on every row)."""
        s, lang = self.s, self.lang
        _, sheet, cell, row = t[4][:4]
        suggestion = t[7]
        title = self.titles.get(sheet or "")
        linked = bool(title and (cell or row))
        cell = cell or (f"A{row}" if linked else "")
        if linked:
            place = self._places.get(title) or self._places.setdefault(title, esc(link(title, "")))
            self._links.write(f"{number}\t{place}\t{cell}\n".encode())
        value, expected = t[5], t[6]
        key = (t[0], t[2], sheet or "", opd, said(t[3], lang), type(value), value, type(expected), expected,
               said_suggestion(t, lang) or "", bool(suggestion and suggestion[2] and suggestion[1]), linked)
        try:
            made = self._made.get(key)
        except TypeError:  # a value that cannot be a key (none of the rules gives one today): made for itself
            made = self._parts(t[0], value, expected, key)
        if made is None:
            if len(self._made) >= MADE:
                self._made.clear()
            made = self._made[key] = self._parts(t[0], value, expected, key)
        lines, before, style, after = made
        if len(cell) > _ROOMS[3]:  # a cell's reference is one word: the lines wrapped_lines would count
            lines = max(lines, wrapped_lines(cell, _ROOMS[3] + 1) if " " in cell or "\n" in cell else
                        1 + (len(cell) - 1) // _ROOMS[3])
        tall = f' ht="{min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines):g}" customHeight="1"' if lines > 1 else ""
        if _UNSAFE.search(cell):
            cell = esc(xml_safe(cell))
        middle = f'<c s="{style}" t="inlineStr"><is><t xml:space="preserve">{cell}</t></is></c>' if cell else \
            f'<c s="{style}"/>'
        return f'<row{tall}><c s="{s.cell}"><v>{number}</v></c>{before}{middle}{after}</row>'

    def _parts(self, rule: str, value: Any, expected: Any, key: tuple) -> tuple[int, str, int, str]:
        """For a row's values apart from its cell (`key`, of a finding of `rule` with `value` and `expected`): the
        lines it wraps to, the cells before the cell column, the cell column's style, and the cells after it."""
        _, severity, sheet, opd, message, _, _, _, _, suggestion, safe, linked = key
        s, w, lang = self.s, self.w, self.lang
        values = (rule, w[severity], sheet, "", opd, message, rule_value_shown(rule, value, lang),
                  rule_value_shown(rule, expected, lang), suggestion, w["yes"] if safe else "")
        lines = 1
        for text, room in zip(values, _ROOMS):
            if len(text) > room or "\n" in text:
                lines = max(lines, wrapped_lines(text, room + 1))
        styles = (self._linked if linked else self._styles)[severity]
        for i in _FROM_WORKBOOK:  # a value that looks like a formula keeps Excel's quote prefix when edited
            if values[i].startswith(FORMULA_START):
                styles = styles[:i] + (s.quoted,) + styles[i + 1:]
        if _UNSAFE.search("".join(values)):
            values = tuple(esc(xml_safe(text)) for text in values)
        cells = [f'<c s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>' if text
                 else f'<c s="{style}"/>' for text, style in zip(values, styles)]
        return lines, "".join(cells[:3]), styles[3], "".join(cells[4:])

    def drawing(self) -> str:
        """The drawing part that holds the chart, right of the list's columns (A-K) at the summary's top."""
        height = max(6.0, 1.2 + 0.7 * len(self.tally.opds))
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://schemas.'
                'openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/'
                f'drawingml/2006/main"><xdr:oneCellAnchor><xdr:from><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff>'
                f'<xdr:row>{self.top - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext '
                f'cx="{int(18.0 * EMU_PER_CM)}" cy="{int(height * EMU_PER_CM)}"/><xdr:graphicFrame macro="">'
                '<xdr:nvGraphicFramePr><xdr:cNvPr id="1" name="Chart 1"/><xdr:cNvGraphicFramePr/>'
                '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
                '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http:'
                f'//schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="{REL}" r:id="rId1"/></a:graphicData>'
                '</a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>')

    def chart(self) -> bytes:
        """The stacked bar chart of findings per OPD, its data the per-OPD table."""
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
        chart.title = self.t["chart"]
        chart.y_axis.title = self.w["count"]
        top, n = self.top, len(self.tally.opds)
        sheet = link(self.title, "")
        chart.add_data(Reference(range_string=f"{sheet}$H${top + 1}:$J${top + 1 + n}"), titles_from_data=True)
        chart.set_categories(Reference(range_string=f"{sheet}$G${top + 2}:$G${top + 1 + n}"))
        for series, severity in zip(chart.series, SEVERITY_ORDER):
            series.graphicalProperties.solidFill = SERIES_COLOURS[severity]
        return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + tostring(chart._write())
