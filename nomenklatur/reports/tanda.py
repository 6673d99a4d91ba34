"""Marking one sheet of a package: its XML streamed with the flagged cells' formats swapped for their clones
with a severity's fill (cells that do not exist yet are inserted in column order), and the notes (comments and
their VML shapes) written beside it. Only the rows that hold a flagged cell are looked into; every other byte
of the sheet passes through unchanged. A merged area's flags go on its top-left cell.

`scan` reads a sheet once before it is written: its root tag, whether its tab is selected, and the part after
`</sheetData>` (merged cells, the legacy drawing), which expat parses whole (no DOCTYPE)."""

from __future__ import annotations

import functools
import heapq
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nomenklatur.findings import SEVERITY_RANK
from nomenklatur.reports.common import words, xml_safe
from nomenklatur.reports.gaya import Styles
from nomenklatur.reports.paket import MAIN, REL, PaketError, esc, prefix_of, root_tag
from nomenklatur.reports.zipstream import Spool
from nomenklatur.temuan import Packed, said, said_suggestion
from nomenklatur.workbook.model import column_letter, column_number, split_ref
from nomenklatur.workbook import WorkbookError
from nomenklatur.workbook.xmlsafe import feed, local, new_parser

COMMENT_LIMIT = 30_000
NOTE_MARK = "--- nomenklatur ---"
AUTHOR = "nomenklatur"
MAX_HEAD = 1 << 22
NOTES_MADE = 4096  # notes kept for findings that repeat them
NOTES_BATCH = 1024  # notes written to their parts at a time
TALL = 10_000  # merged areas higher than this are looked up one by one instead of by row
# worksheet children that come after <legacyDrawing> (CT_Worksheet), and mc:AlternateContent (controls, objects)
_AFTER_LEGACY = {"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                 "tableParts", "extLst", "AlternateContent"}
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_ROW = re.compile(rb"<row\b([^>]*)>")
_CELL = re.compile(rb"<c\b([^>]*)>")
_R = re.compile(rb'\br="([A-Z]*)(\d+)"')
_S = re.compile(rb'\ss="(\d+)"')
_TAB = re.compile(rb'\stabSelected="(?:1|true)"')
_SHEET_VIEW = re.compile(rb"<sheetView\b[^>]*>")
_COL = re.compile(rb"<col\b([^>]*)>")
_SPANS = re.compile(rb'\sspans="[^"]*"')  # a hint of a row's columns, dropped where a cell is added
_CUSTOM = re.compile(rb'\bcustomFormat="(?:1|true)"')
_ATTR = re.compile(rb'\b(min|max|style)="(\d+)"')


@dataclass
class Scan:
    """What is read of a sheet before it is written."""

    root: bytes = b""
    tab_selected: bool = False
    tail: bytes = b""
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    legacy: str | None = None  # the r:id of its <legacyDrawing>
    legacy_at: int = -1  # where in `tail` a new <legacyDrawing> goes


def scan(chunks: Iterator[bytes], whole: bool) -> Scan:
    """A sheet's root tag and tab selection, and (when `whole`) its tail after </sheetData> parsed."""
    found = Scan()
    data, at = _head(chunks)
    root = re.search(rb"<([A-Za-z_][\w.-]*:)?worksheet\b[^>]*>", data, 0)
    if root is None or root.group(1) or root.start() > at:
        raise PaketError("prefixed or missing <worksheet>")
    found.root = root.group(0)
    found.tab_selected = any(_TAB.search(view.group(0)) for view in _SHEET_VIEW.finditer(data, 0, at))
    if not whole:
        return found
    opened = data.index(b">", at) + 1
    if data[opened - 2:opened] == b"/>":
        tail = data[opened:]
    else:
        data = data[opened:]
        while (end := data.find(b"</sheetData>")) == -1:
            more = next(chunks, None)
            if more is None:
                raise PaketError("</sheetData> missing")
            data = data[-11:] + more
        tail = data[end + 12:]
    found.tail = tail + b"".join(chunks)
    _parse_tail(found)
    return found


def _head(chunks: Iterator[bytes]) -> tuple[bytes, int]:
    """The sheet's bytes up to and including its <sheetData> start tag, and where that tag starts."""
    data = b""
    for chunk in chunks:
        data += chunk
        at = data.find(b"<sheetData")
        if at != -1 and data.find(b">", at) != -1:
            return data, at
        if len(data) > MAX_HEAD:
            raise PaketError("no <sheetData> in the sheet's first 4 MiB")
    raise PaketError("no <sheetData>")


def _parse_tail(found: Scan) -> None:
    """Merged cells, the legacy drawing and where a new one goes, from the tail parsed under the root tag."""
    parser = new_parser()
    depth = [0]
    offset = len(found.root)

    def start(name: str, attrs: dict[str, str]) -> None:
        depth[0] += 1
        tag = local(name)
        if depth[0] == 2 and found.legacy_at == -1 and tag in _AFTER_LEGACY:
            found.legacy_at = parser.CurrentByteIndex - offset
        if tag == "legacyDrawing" and depth[0] == 2:
            found.legacy = attrs.get(f"{REL} id")
        elif tag == "mergeCell" and name.startswith(MAIN):
            first, _, last = attrs.get("ref", "").partition(":")
            try:
                (r1, c1), (r2, c2) = split_ref(first), split_ref(last or first)
            except ValueError:
                return
            found.merges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))

    def end(_name: str) -> None:
        depth[0] -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        feed(parser, found.root + found.tail, True, Path("sheet"), "after </sheetData>")
    except WorkbookError as exc:
        raise PaketError(f"sheet tail: {exc}") from None
    if found.legacy_at == -1:
        found.legacy_at = found.tail.rfind(b"</worksheet>")


class Merges:
    """The top-left cell of the merged area a cell is in."""

    def __init__(self, areas: list[tuple[int, int, int, int]]) -> None:
        self.by_row: dict[int, list[tuple[int, int, int]]] = {}
        self.tall: list[tuple[int, int, int, int]] = []
        self.height = 1
        for r1, c1, r2, c2 in areas:
            self.height = max(self.height, r2 - r1 + 1)
            if r2 - r1 >= TALL:
                self.tall.append((r1, c1, r2, c2))
                continue
            for row in range(r1, r2 + 1):
                self.by_row.setdefault(row, []).append((c1, c2, r1))

    def anchor(self, row: int, col: int) -> tuple[int, int]:
        for c1, c2, r1 in self.by_row.get(row, ()):
            if c1 <= col <= c2:
                return r1, c1
        for r1, c1, r2, c2 in self.tall:
            if r1 <= row <= r2 and c1 <= col <= c2:
                return r1, c1
        return row, col


Mark = tuple[int, int, list[Packed]]  # row, column, the findings on that cell


def marks(findings: Iterable[Packed], merges: Merges) -> Iterator[Mark]:
    """The flagged cells in sheet order, findings on one cell (or one merged area) together; `findings` come by
    row, as reports order them (within a row by column letters: "AA" before "B")."""
    if merges.height == 1:
        for _, cells in _unmerged_rows(findings):
            yield from cells
        return
    heap: list[tuple[int, int, int, Packed]] = []
    seq = 0
    for f in findings:
        row, col = _cell_of(f[4])
        if row is None:
            continue
        anchor = merges.anchor(row, col)
        heapq.heappush(heap, (anchor[0], anchor[1], seq, f))
        seq += 1
        yield from _pop(heap, row - merges.height)
    yield from _pop(heap, None)


def marked_rows(findings: Iterable[Packed], merges: Merges) -> Iterator[tuple[int, list[Mark]]]:
    """`marks` a row at a time, as `edit` takes them; a row out of order (findings not by row) cannot be placed
    and is left out."""
    return _unmerged_rows(findings) if merges.height == 1 else _by_row(marks(findings, merges))


def _unmerged_rows(findings: Iterable[Packed]) -> Iterator[tuple[int, list[Mark]]]:
    """`marked_rows` of a sheet without merged cells: its findings grouped by row as they come (by row), a row's
    put in column order."""
    current = done = 0
    held: list[tuple[int, Packed]] = []
    for f in findings:
        row, col = _cell_of(f[4])
        if row is None or row <= done:
            continue
        if row != current:
            if held:
                yield current, _in_row(current, held)
                done, held = current, []
                if row <= done:
                    continue
            current = row
        held.append((col, f))
    if held:
        yield current, _in_row(current, held)


def _cell_of(place: tuple) -> tuple[int, int] | tuple[None, None]:
    """(row, column number) of a packed location's cell; (None, None) where it names none. A cell with its row
    and column letter known (as the checks make them: the letter and row of the cell) is not parsed again."""
    if place[3] is not None and place[4] and place[2]:
        return place[3], _column(place[4])
    found = _REF.fullmatch(place[2] or "")
    return (int(found.group(2)), _column(found.group(1))) if found else (None, None)


def _in_row(row: int, held: list[tuple[int, Packed]]) -> list[Mark]:
    if len(held) == 1:
        return [(row, held[0][0], [held[0][1]])]
    held.sort(key=lambda item: item[0])  # stable: one cell's findings stay in report order
    return [(row, col, [f for _, f in group]) for col, group in itertools.groupby(held, key=lambda item: item[0])]


def _pop(heap: list[tuple[int, int, int, Packed]], below: int | None) -> Iterator[Mark]:
    while heap and (below is None or heap[0][0] <= below):
        row, col, _, f = heapq.heappop(heap)
        found = [f]
        while heap and heap[0][0] == row and heap[0][1] == col:
            found.append(heapq.heappop(heap)[3])
        yield row, col, found


def note_text(found: list[Packed], lang: str) -> str:
    """The note of a flagged cell: each finding's rule, severity, message and suggestion."""
    return _note_of([(f[0], f[2], said(f[3], lang), said_suggestion(f, lang)) for f in found], lang)


def _note_of(texts: list[tuple[str, str, str | None, str | None]], lang: str) -> str:
    """`note_text` of findings as (rule, severity, message, suggestion) texts."""
    w = words(lang)
    notes = []
    for rule, severity, message, suggestion in texts:
        note = f"[{rule} {w[severity]}] {message}"
        if suggestion:
            note += f"\n{w['suggestion']}: {suggestion}"
        notes.append(note)
    return xml_safe("\n\n".join(notes))[:COMMENT_LIMIT]


_VML_NS = {"v": "urn:schemas-microsoft-com:vml", "o": "urn:schemas-microsoft-com:office:office",
           "x": "urn:schemas-microsoft-com:office:excel"}
_LAYOUT = '<{o}:shapelayout {v}:ext="edit"><{o}:idmap {v}:ext="edit" data="1"/></{o}:shapelayout>'
_TYPE = ('<{v}:shapetype id="_x0000_t202" coordsize="21600,21600" {o}:spt="202" path="m,l,21600r21600,l21600,xe">'
         '<{v}:stroke joinstyle="miter"/><{v}:path gradientshapeok="t" {o}:connecttype="rect"/></{v}:shapetype>')
_SHAPE = ('<{v}:shape id="_x0000_s{n}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;'
          'margin-top:1.5pt;width:360px;height:{h}px;z-index:1;visibility:hidden" fillcolor="#ffffe1" '
          '{o}:insetmode="auto"><{v}:fill color2="#ffffe1"/><{v}:shadow color="black" obscured="t"/>'
          '<{v}:path {o}:connecttype="none"/><{v}:textbox style="mso-direction-alt:auto"><div style="text-align:left">'
          '</div></{v}:textbox><{x}:ClientData ObjectType="Note"><{x}:MoveWithCells/><{x}:SizeWithCells/>'
          '<{x}:AutoFill>False</{x}:AutoFill><{x}:Row>{row}</{x}:Row><{x}:Column>{col}</{x}:Column>'
          '</{x}:ClientData></{v}:shape>')
_UNSAFE = re.compile('[&<>"]')  # what esc changes
_COMMENT = re.compile(r'<comment\b[^>]*?\bref="([^"]*)"[^>]*?(?:/>|>.*?</comment>)', re.DOTALL)


class Notes:
    """A sheet's comments part and VML drawing: the user's own comments kept (a flagged cell's own note first,
    then nomenklatur's), nomenklatur's added."""

    def __init__(self, comments: str | None, vml: bytes | None) -> None:
        self.comments, self.vml = Spool(), Spool()
        self._users: dict[str, re.Match[str]] = {}
        self._order: list[re.Match[str]] = []
        self._made: dict[str, tuple[bytes, int]] = {}  # note -> the end of its <comment>, its shape's height
        self._comments: list[bytes] = []  # notes added and not yet written (`_flush`)
        self._shapes: list[bytes] = []
        if comments is None:
            head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{MAIN}"><authors>'
                    f'<author>{AUTHOR}</author></authors><commentList>')
            self._author, self._tail = 0, "</commentList></comments>"
        else:
            head, self._tail = self._merge_into(comments)
        self.comments.write(head.encode("utf-8"))
        self._start_vml(vml)

    def _merge_into(self, text: str) -> tuple[str, str]:
        root_tag(text, "comments")
        listed = re.search(r"<commentList\b[^>]*>", text)
        closed = text.rfind("</commentList>")
        authors = re.search(r"<authors\b[^>]*(?:/>|>.*?</authors>)", text, re.DOTALL)
        if listed is None or listed.group(0).endswith("/>") or closed == -1 or authors is None:
            raise PaketError("comments part without <authors> or <commentList>")
        self._author = len(re.findall(r"<author\b", authors.group(0)[1:]))
        self._order = list(_COMMENT.finditer(text, listed.end(), closed))
        for match in self._order:
            self._users.setdefault(match.group(1), match)
        ours = f"<author>{AUTHOR}</author>"
        block = authors.group(0)
        block = block[:-2] + f">{ours}</authors>" if block.endswith("/>") else block[:-len("</authors>")] + ours + \
            "</authors>"
        head = text[:authors.start()] + block + text[authors.end():listed.end()]
        return head, text[closed:]

    def _start_vml(self, vml: bytes | None) -> None:
        self._prefixes(vml)
        shape = _SHAPE.replace("%", "%%").format(n="%d", h="%d", row="%d", col="%d", **self._p)
        self._shape = shape.encode()

    def _prefixes(self, vml: bytes | None) -> None:
        if vml is None:
            self._p = {"v": "v", "o": "o", "x": "x"}
            declared = " ".join(f'xmlns:{p}="{ns}"' for p, ns in _VML_NS.items())
            self.vml.write(f"<xml {declared}>{_LAYOUT.format(**self._p)}{_TYPE.format(**self._p)}".encode())
            self._vml_tail, self._next = b"</xml>", 1025
            return
        root = re.search(rb"<xml\b[^>]*>", vml)
        end = vml.rfind(b"</xml>")
        if root is None or end == -1:
            raise PaketError("VML drawing without <xml> root")
        tag = root.group(0).decode("latin-1")
        prefixes = {key: prefix_of(tag, ns) for key, ns in _VML_NS.items()}
        if None in prefixes.values():
            raise PaketError("VML drawing without the vml, office and excel prefixes on its root")
        self._p = {key: str(prefix) for key, prefix in prefixes.items()}
        self.vml.write(vml[:end])
        if b'id="_x0000_t202"' not in vml:
            self.vml.write(_TYPE.format(**self._p).encode())
        self._next = max((int(n) for n in re.findall(rb"_x0000_s(\d+)", vml)), default=1024) + 1
        self._vml_tail = vml[end:]

    def add(self, ref: str, row: int, col: int, text: str) -> None:
        """nomenklatur's note on a cell, after the user's own if the cell has one."""
        user = self._users.pop(ref, None)
        if user is not None:
            self._comments.append(_merged(user.group(0), text).encode("utf-8"))
            return
        made = self._made.get(text)
        if made is None:  # a note repeated on many cells is escaped and measured once
            if len(self._made) >= NOTES_MADE:
                self._made.clear()
            safe = esc(text) if _UNSAFE.search(text) else text
            lines = text.count("\n") + len(text) // 50
            made = self._made[text] = (f'" authorId="{self._author}" shapeId="0"><text><t xml:space="preserve">{safe}'
                                       '</t></text></comment>').encode(), min(600, 40 + 16 * lines)
        self._comments.append(b'<comment ref="' + ref.encode() + made[0])
        self._shapes.append(self._shape % (self._next, made[1], row - 1, col - 1))
        self._next += 1
        if len(self._shapes) >= NOTES_BATCH:
            self._flush()

    def _flush(self) -> None:
        """The notes added so far into their parts, a batch at a time (one write each, not two a note)."""
        self.comments.write(b"".join(self._comments))
        self.vml.write(b"".join(self._shapes))
        self._comments.clear()
        self._shapes.clear()

    def close(self) -> None:
        """The user's other comments, as they were, and the parts' ends."""
        self._flush()
        if self._users:
            self.comments.write("".join(m.group(0) for m in self._order if self._users.get(m.group(1)) is m)
                                .encode("utf-8"))
        self.comments.write(self._tail.encode("utf-8"))
        self.vml.write(self._vml_tail)
        self.comments.close()
        self.vml.close()


def _merged(comment: str, ours: str) -> str:
    """A user's comment element with nomenklatur's text added as a last run."""
    run = f'<r><t xml:space="preserve">\n\n{NOTE_MARK}\n{esc(ours)}</t></r>'
    at = min((i for i in (comment.find("<rPh"), comment.find("<phoneticPr"), comment.rfind("</text>")) if i != -1),
             default=-1)
    if at == -1:
        raise PaketError("a comment without <text>")
    return comment[:at] + run + comment[at:]


def edit(chunks: Iterator[bytes], found: Scan, rows: Iterator[tuple[int, list[Mark]]], styles: Styles,
         notes: Notes | None, lang: str, legacy: str | None) -> Iterator[bytes]:
    """The sheet's XML (`chunks`, read again after `scan`) with each flagged cell's format swapped for its
    severity's clone, missing cells inserted, and a <legacyDrawing> pointing at `legacy` if it had none; each
    flagged cell's note goes to `notes`."""
    data, at = _head(chunks)
    opened = data.index(b">", at) + 1
    head = data[:at]
    if found.tab_selected:
        head = _SHEET_VIEW.sub(lambda m: _TAB.sub(b"", m.group(0)), head)
    rows = _Rows(rows, styles, notes, lang, _col_styles(head))
    yield head
    if data[opened - 2:opened] == b"/>":
        yield b"<sheetData>" + rows.rest() + b"</sheetData>"
        rest = data[opened:]
    else:
        yield data[at:opened]
        buf = data[opened:]
        while (end := buf.find(b"</sheetData>")) == -1:
            cut = buf.rfind(b"<row")
            if cut > 0:
                yield rows.region(buf[:cut])
                buf = buf[cut:]
            more = next(chunks, None)
            if more is None:
                raise PaketError("</sheetData> missing")
            buf += more
        yield rows.region(buf[:end]) + rows.rest() + b"</sheetData>"
        rest = buf[end + len(b"</sheetData>"):]
    if legacy is None or found.legacy is not None:
        yield rest
        yield from chunks
        return
    for _ in chunks:  # the tail was read by `scan`; a <legacyDrawing> goes in where the schema wants it
        pass
    prefix = prefix_of(found.root.decode("utf-8", "replace"), REL)
    rel = f'{prefix}:id="{legacy}"' if prefix else f'xmlns:r="{REL}" r:id="{legacy}"'
    yield found.tail[:found.legacy_at] + f"<legacyDrawing {rel}/>".encode() + found.tail[found.legacy_at:]


def _col_styles(head: bytes) -> list[tuple[int, int, int]]:
    """(first, last column, style) of the <col> elements that give a style."""
    found = []
    for col in _COL.finditer(head):
        attrs = {k: int(v) for k, v in _ATTR.findall(col.group(1))}
        if attrs.get(b"style") and b"min" in attrs:
            found.append((attrs[b"min"], attrs.get(b"max", attrs[b"min"]), attrs[b"style"]))
    return found


class _Rows:
    """The rows of sheetData, a region of whole rows at a time, with the flagged cells changed."""

    def __init__(self, rows: Iterator[tuple[int, list[Mark]]], styles: Styles, notes: Notes | None, lang: str,
                 cols: list[tuple[int, int, int]]) -> None:
        self.rows = rows
        self.pending = next(self.rows, None)
        self.styles, self.notes, self.lang, self.cols = styles, notes, lang, cols
        self.last = 0  # the number of the last row passed (rows without r="" count on from it)
        self.inserted = False  # whether a cell was added to the row being changed
        self._notes_made: dict[tuple[str, str, str, str | None], str] = {}
        self._swapped: dict[tuple[bytes, str], bytes] = {}  # (attributes after r="", severity) -> as swapped

    def region(self, data: bytes) -> bytes:
        """A stretch of whole rows with the flagged ones changed: each found by its number where rows carry
        r="" first (as Excel writes them), else by walking the rows."""
        if self.pending is None:
            return data
        last = _ROW.match(data, max(data.rfind(b"<row"), 0))
        number = _R.search(last.group(1)) if last else None
        if number is None:
            return self._walk(data, 0, [])
        final = int(number.group(2))
        out: list[bytes] = []
        pos = 0
        while self.pending is not None and self.pending[0] <= final:
            number, cells = self.pending
            at = data.find(b'<row r="%d"' % number, pos)
            if at == -1:  # r="" not first, or no such row: walk from here
                return self._walk(data, pos, out)
            self.last = number
            end = data.index(b">", at) + 1
            if len(cells) == 1:  # one flagged cell, found by its reference as Excel and most writers put it first
                close = data.find(b"</row>", end)  # (an empty row's "/>" gives the next row's: the cell is not there)
                ref = b'<c r="%s%d"' % (_letter_bytes(cells[0][1]), number)
                cell = data.find(ref, end, close)
                if cell != -1 and close != -1:  # its start tag swapped after the reference, the rest passed on
                    self.pending = next(self.rows, None)
                    cell += len(ref)
                    tag_end = data.index(b">", cell) + 1
                    out += (data[pos:cell], self._swap_rest(data[cell:tag_end], cells[0]))
                    pos = tag_end
                    continue
            pos = self._changed(data, pos, at, end, out)
        self.last = final
        out.append(data[pos:])
        return b"".join(out)

    def _walk(self, data: bytes, pos: int, out: list[bytes]) -> bytes:
        """`region` row by row from `pos`: rows without r="" counted, missing rows inserted."""
        for row in _ROW.finditer(data, pos):
            found = _R.search(row.group(1))
            self.last = int(found.group(2)) if found else self.last + 1
            while self.pending is not None and self.pending[0] < self.last:
                out += (data[pos:row.start()], self._new_row(*self.pending))
                pos = row.start()
                self.pending = next(self.rows, None)
            if self.pending is None:
                break
            if self.pending[0] == self.last:
                pos = self._changed(data, pos, row.start(), row.end(), out)
        out.append(data[pos:])
        return b"".join(out)

    def _changed(self, data: bytes, pos: int, start: int, end: int, out: list[bytes]) -> int:
        """The flagged row whose start tag is data[start:end] (after what is still unwritten from `pos`) into
        `out`; where the rest continues."""
        tag = data[start:end]
        style = _row_style(tag)
        cells = self.pending[1]  # type: ignore[index]
        self.pending = next(self.rows, None)
        if tag.endswith(b"/>"):
            out += (data[pos:start], _SPANS.sub(b"", tag[:-2]).rstrip() + b">", self._cells(b"", self.last, cells, style),
                    b"</row>")
            return end
        close = data.find(b"</row>", end)
        if close == -1:
            raise PaketError(f"row {self.last} not closed")
        self.inserted = False
        changed = self._cells(data[end:close], self.last, cells, style)
        out += (data[pos:start], _SPANS.sub(b"", tag) if self.inserted else tag, changed)
        return close

    def rest(self) -> bytes:
        """New rows for the flagged cells below the sheet's last row."""
        out = []
        while self.pending is not None:
            out.append(self._new_row(*self.pending))
            self.pending = next(self.rows, None)
        return b"".join(out)

    def _new_row(self, number: int, cells: list[Mark]) -> bytes:
        return b'<row r="%d">' % number + self._cells(b"", number, cells, None) + b"</row>"

    def _cells(self, content: bytes, number: int, cells: list[Mark], row_style: int | None) -> bytes:
        if len(cells) == 1:  # the usual case, found by its reference as Excel and most writers put it first
            ref = b'<c r="%s%d"' % (_letter_bytes(cells[0][1]), number)
            at = content.find(ref)
            if at != -1:
                at += len(ref)
                end = content.find(b">", at) + 1
                return content[:at] + self._swap_rest(content[at:end], cells[0]) + content[end:]
        out, pos, col, i = [], 0, 0, 0
        for cell in _CELL.finditer(content):
            if i == len(cells):
                break
            found = _R.search(cell.group(1))
            col = column_number(found.group(1).decode()) if found and found.group(1) else col + 1
            while i < len(cells) and cells[i][1] < col:
                out += (content[pos:cell.start()], self._new_cell(cells[i], row_style))
                pos = cell.start()
                i += 1
            if i < len(cells) and cells[i][1] == col:
                out += (content[pos:cell.start()], self._swap(cell.group(0), cells[i]))
                pos = cell.end()
                i += 1
        out.append(content[pos:])
        out += [self._new_cell(cell, row_style) for cell in cells[i:]]
        return b"".join(out)

    def _swap(self, tag: bytes, cell: Mark) -> bytes:
        """A cell's start tag with its format swapped for the flagged clone."""
        return self._restyled(tag, self._noted(cell))

    def _swap_rest(self, rest: bytes, cell: Mark) -> bytes:
        """`_swap` of a start tag's attributes after its r="": the same attributes and severity give the same
        text on many rows, made once (the note is still added for each cell)."""
        key = (rest, self._noted(cell))
        swapped = self._swapped.get(key)
        if swapped is None:
            if len(self._swapped) >= NOTES_MADE:
                self._swapped.clear()
            swapped = self._swapped[key] = self._restyled(rest, key[1])
        return swapped

    def _restyled(self, tag: bytes, severity: str) -> bytes:
        """A start tag (or its end) with its s="" moved to the end and set to the flagged clone of its format."""
        style = _S.search(tag)
        if style is not None:
            tag = tag[:style.start()] + tag[style.end():]
        cut = len(tag) - (2 if tag.endswith(b"/>") else 1)
        flagged = self.styles.flagged(int(style.group(1)) if style else 0, severity)
        return tag[:cut].rstrip() + b' s="%d"' % flagged + tag[cut:]

    def _noted(self, cell: Mark) -> str:
        """The cell's note added; its worst severity."""
        row, col, found = cell
        if self.notes is not None:
            self.notes.add(f"{_letter(col)}{row}", row, col, self._note(found))
        return found[0][2] if len(found) == 1 else max(found, key=lambda f: SEVERITY_RANK[f[2]])[2]

    def _note(self, found: list[Packed]) -> str:
        """`note_text`, made once for a finding that repeats the one of another cell."""
        if len(found) > 1:
            return note_text(found, self.lang)
        f = found[0]
        key = (f[0], f[2], said(f[3], self.lang), None if f[7] is None else said(f[7][0], self.lang))
        text = self._notes_made.get(key)
        if text is None:  # made from the texts just filled in, not filled in again
            if len(self._notes_made) >= NOTES_MADE:
                self._notes_made.clear()
            text = self._notes_made[key] = _note_of([key], self.lang)
        return text

    def _new_cell(self, cell: Mark, row_style: int | None) -> bytes:
        self.inserted = True
        row, col, _ = cell
        style = row_style if row_style is not None else next((s for a, b, s in self.cols if a <= col <= b), 0)
        return b'<c r="%s%d" s="%d"/>' % (_letter_bytes(col), row, self.styles.flagged(style, self._noted(cell)))


@functools.lru_cache(maxsize=1024)
def _letter(col: int) -> str:
    return column_letter(col)


@functools.lru_cache(maxsize=1024)
def _letter_bytes(col: int) -> bytes:
    return column_letter(col).encode()


@functools.lru_cache(maxsize=1024)
def _column(letters: str) -> int:
    return column_number(letters)


def _row_style(attrs: bytes) -> int | None:
    """A row's own format, which its new cells take (when customFormat is on)."""
    if b"customFormat" not in attrs or _CUSTOM.search(attrs) is None:
        return None
    found = _S.search(attrs)
    return int(found.group(1)) if found else None


def _by_row(cells: Iterator[Mark]) -> Iterator[tuple[int, list[Mark]]]:
    """The marks a row at a time; a row out of order (findings not by row) cannot be placed and is left out."""
    row, group, done = 0, [], 0
    for cell in cells:
        if group and cell[0] != row:
            yield row, group
            group, done = [], row
        if cell[0] <= done:
            continue
        row = cell[0]
        group.append(cell)
    if group:
        yield row, group
