"""One worksheet's XML -> rows (and the shared-string table): a regular-expression scan of the common form,
expat for everything else.

Excel, LibreOffice, openpyxl, xlsxwriter and SIPD exports write `<sheetData>` the same compact way:
`<row r="5" …>`, then cells `<c r="A5" s="1" t="s"><v>12</v></c>` with their attributes in that order and
no whitespace between tags. One compiled regular expression reads that about twice as fast as expat calling
Python for every tag and text. The scan accepts only text that tiles exactly into such
tokens, which are well-formed by construction (no comments, CDATA or processing instructions; only the
predefined entities and character references). At the first stretch it cannot account for (other
attributes or their order, whitespace, rich text, invalid bytes, a cut-off file) it hands everything from
the start of that stretch to expat with the same cell and row handling, so the rows are the same either way
and every error is expat's. The prolog up to `<sheetData>` and the part after `</sheetData>` always go
through expat, which refuses any DOCTYPE. The shared-string table is scanned the same way while every `<si>`
is one plain `<t>`; at the first that is not (formatted text), expat reads the part from its start.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator

from .dates import from_serial
from .errors import WorkbookError
from .model import CellError, Row, cell_ref, column_number, tidy_datetime
from .xmlsafe import MAX_TOKEN, feed, guarded, new_parser

_DIGITS = "0123456789"
_IN_ORDER = [list(range(1, width + 1)) for width in range(65)]  # the columns of a full row of up to 64 cells
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>/]")  # the root element, and its prefix
MAX_TEXTS = 4096  # distinct in-cell texts kept to share one object per text; then the count starts over
MAX_HEAD = 1 << 20  # bytes before <sheetData> looked through for it; a longer prolog is read by expat alone
_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")

# Text is taken as `[^<]*` (the regular-expression engine's fastest loop) and each stretch is checked whole
# for what XML does not allow there: control characters, U+FFFE/U+FFFF, "]]>" (and "\r", which expat would
# turn into "\n"). A byte from `_RARE` is searched for in one C-level pass; only if one occurs are the exact
# checks run.
_RARE = bytes(range(9)) + b"\x0b\x0c\r" + bytes(range(0x0E, 0x20)) + b"]\xef"
_KEEP = bytes(b for b in range(256) if b not in _RARE)
_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f]|\xef\xbf[\xbe\xbf]|]]>")
_NAME = r"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?"
_REFERENCE = re.compile(r"(amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
STEP = 11  # `split` gives the text before a token, then its 10 groups
_SST = re.compile(rb"<sst(?:\s[^<>]*)?>")  # the shared-string table's root element (not prefixed)
_STRING_TOKENS = re.compile(r'<si><t(?: xml:space="[a-z]+")?>([^<]*)</t></si>|<si><t ?/></si>')


@lru_cache(maxsize=8)
def _tokens(prefix: str) -> re.Pattern[str]:
    """The scanner for sheets whose elements carry `prefix` ("" or e.g. "x:"): a cell (groups 1-7: column
    letters, style, type, formula text, `<v>` text, "" for an empty `<v/>`, inline `<t>` text), the end of a
    row (8), or the start of one (9: its number, 10: "/" when it is empty)."""
    p = re.escape(prefix)
    value = '"[^"<&]*"'
    cell = (f'<{p}c r="([A-Z]{{1,3}})[0-9]+"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?'
            f'(?: (?![rst]=){_NAME}={value})* ?'
            f'(?:/>|>(?:<{p}f(?: {_NAME}={value})* ?(?:/>|>([^<]*)</{p}f>))?'
            f'(?:<{p}v>([^<]*)</{p}v>|<{p}v ?/()>'
            f'|<{p}is><{p}t(?: xml:space="[a-z]+")?>([^<]*)</{p}t></{p}is>)?</{p}c>)')
    row_start = f'<{p}row(?: r="([0-9]+)")?(?: (?!r=){_NAME}={value})* ?(/?)>'
    return re.compile(f"{cell}|(</{p}row>)|{row_start}")


def _plain(data: bytes) -> bool:
    """No byte XML forbids in text (or that expat would change) in `data`, and no "]]>"."""
    return not data.translate(None, _KEEP) or not _CONTROL.search(data)


def _unescape(text: str) -> str | None:
    """Entities and character references replaced as expat does; None where expat would refuse the text (an
    unknown entity, a lone "&", a reference to a character XML does not allow)."""
    first, *pieces = text.split("&")
    out = [first]
    for piece in pieces:
        match = _REFERENCE.match(piece)
        if match is None:
            return None
        name = match.group(1)
        if name[0] == "#":
            code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
            if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
                    or 0x10000 <= code <= 0x10FFFF):
                return None
            out.append(chr(code))
        else:
            out.append(_NAMED[name])
        out.append(piece[match.end():])
    return "".join(out)


class SheetXml:
    """Reads the rows of one sheet part; `strings` and `dates` are the workbook's shared strings and date
    styles (style index -> is a duration)."""

    def __init__(self, chunks: Iterator[bytes], path: Path, member: str, name: str, strings: list[str],
                 dates: dict[str, bool], date1904: bool, max_columns: int, max_chars: int) -> None:
        self.chunks, self.path, self.member, self.name = chunks, path, member, name
        self.strings, self.dates, self.date1904 = strings, dates, date1904
        self.max_columns, self.max_chars = max_columns, max_chars
        self.columns: dict[str, int] = {}
        self.row = 0  # the last row number seen (a <row> without r="…" is the next one)
        self.scanned = 0  # rows read by the scan (the others came from expat)
        self.texts: dict[str, str] = {}  # texts written in cells, each kept once (at most MAX_TEXTS)

    def rows(self, scan: bool = True) -> Iterator[Row]:
        """(row number, values) for every `<row>` of the sheet, blank ones as (n, ()); `scan=False` reads every
        byte with expat (the reference the scan is tested against)."""
        first, prefix, start = b"", None, -1
        for chunk in self.chunks:  # up to `<sheetData>` (the root element names the prefix)
            first += chunk
            if prefix is None and (root := _ROOT.search(first)):
                prefix = root.group(1).decode("ascii") if root.group(1) else ""
            if prefix is not None:
                start = first.find(f"<{prefix}sheetData>".encode())
            if start != -1 or len(first) > MAX_HEAD:
                break
        prefix = prefix or ""
        declared = _ENCODING.match(first)
        if not scan or start == -1 or (declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
            yield from self._expat(first, self.chunks, prefix)
            return
        body = start + len(f"<{prefix}sheetData>")
        opened = _open_elements(first[:body], self.path, self.member, self.name)
        if opened != [f"{prefix}worksheet", f"{prefix}sheetData"]:
            yield from self._expat(first, self.chunks, prefix)  # not the plain prolog the scan's hand-over assumes
            return
        yield from self._scan(prefix, first[:body], first[body:])

    # -- the scan --------------------------------------------------------------------------------------

    def _scan(self, prefix: str, head: bytes, data: bytes) -> Iterator[Row]:
        """Rows of `<sheetData>` from its first byte (`data`, then the rest of the stream), a stretch of whole
        rows at a time. Expat takes over from the start of the first stretch the tokens do not cover, or that
        does not hold whole rows one after another (from the very start, `head` included, if no row was read)."""
        split = _tokens(prefix).split
        closing = f"</{prefix}sheetData>".encode()
        reopen = f"<{prefix}worksheet><{prefix}sheetData>".encode()
        max_chars, path, name, columns = self.max_chars, self.path, self.name, self.columns
        done: list[Row] = []
        cells: dict[int, object] = {}  # column -> value; at most max_columns entries
        put = self._putter(cells)
        chunks, started = self.chunks, False
        for buffer, cut, stop in _stretches(chunks, data, f"</{prefix}row>".encode(), closing):
            parts = _tiled(buffer[:cut], split, STEP) if cut != -1 else None
            row, open_row, whole = self.row, False, False
            if parts is not None:
                tokens = zip(*[iter(parts[1:])] * STEP)
                for letters, style, kind, formula, raw, blank, inline, closed, number, empty, _ in tokens:
                    if letters is not None:
                        if not open_row or (formula and "&" in formula and _unescape(formula) is None):
                            break
                        if raw is None:
                            raw = inline if inline is not None else blank
                            if raw is None:
                                continue
                        if "&" in raw:
                            raw = _unescape(raw)
                            if raw is None:
                                break
                        col = columns.get(letters) or columns.setdefault(letters, column_number(letters))
                        if len(raw) > max_chars:
                            raise _too_long(path, name, row, col, max_chars)
                        put(raw, kind, style, row, col)
                    elif closed is not None:
                        if not open_row:
                            break
                        open_row = False
                        done.append((row, _row_values(cells)))
                    elif open_row:
                        break
                    else:
                        row = int(number) if number is not None else row + 1
                        cells.clear()
                        if empty:
                            done.append((row, ()))
                        else:
                            open_row = True
                else:
                    whole = not open_row  # every token read, and rows one after another, each closed
            if not whole:
                yield from self._expat(reopen + buffer if started else head + buffer, chunks, prefix)
                return
            self.row, started = row, True
            self.scanned += len(done)
            yield from done
            done.clear()
            if stop != -1:  # the rest of the part must be well-formed, as reading it whole would require
                _parse_rest(reopen + buffer[stop:], chunks, self.path, self.member, self.name)

    # -- expat -----------------------------------------------------------------------------------------

    def _expat(self, start: bytes, chunks: Iterator[bytes], prefix: str) -> Iterator[Row]:
        """Rows from expat, fed `start` and then `chunks`: the whole part, or what the scan left after a
        synthetic `<worksheet><sheetData>`; row numbering continues from `self.row`."""
        path, name, member = self.path, self.name, self.member
        max_chars, columns = self.max_chars, self.columns
        parser = new_parser(namespaces=False)
        chunks = guarded(parser, chain((start,), chunks), path, member, name)
        first = next(chunks)
        C, V, T, ROW, RPH = (prefix + tag for tag in ("c", "v", "t", "row", "rPh"))
        done: list[Row] = []
        cells: dict[int, object] = {}  # column -> value; at most max_columns entries
        put = self._putter(cells)
        row, col, phonetic = self.row, 0, 0
        kind: str | None = None
        style: str | None = None
        text: str | None = None  # None: the cell has no <v>/<t> at all
        collecting = False

        def start_tag(tag: str, attrs: dict[str, str]) -> None:
            nonlocal row, col, kind, style, text, collecting, phonetic
            if tag == C:
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip(_DIGITS)
                    col = columns.get(letters) or columns.setdefault(letters, _column(letters, path, name))
                else:
                    col += 1
                kind = attrs.get("t")
                style = attrs.get("s")
                text = None
                collecting = False
            elif tag == V or (tag == T and not phonetic):
                collecting = True
                if text is None:
                    text = ""
            elif tag == ROW:
                ref = attrs.get("r")
                row = int(ref) if ref and ref.isdigit() else row + 1
                col = 0
                cells.clear()
            elif tag == RPH:
                phonetic += 1

        def end_tag(tag: str) -> None:
            nonlocal collecting, phonetic
            if tag == C:
                if text is None:
                    return
                put(text, kind, style, row, col)
            elif tag == V or tag == T:
                collecting = False
            elif tag == ROW:
                done.append((row, _row_values(cells)))
            elif tag == RPH:
                phonetic -= 1

        def chars(data: str) -> None:
            nonlocal text
            if collecting:
                text += data
                if len(text) > max_chars:  # refuse before a huge value is gathered in memory
                    raise _too_long(path, name, row, col, max_chars)

        parser.StartElementHandler, parser.EndElementHandler = start_tag, end_tag
        parser.CharacterDataHandler = chars
        feed(parser, first, False, path, member, name)
        for chunk in chunks:
            if done:
                yield from done
                done.clear()
            feed(parser, chunk, False, path, member, name)
        feed(parser, b"", True, path, member, name)
        yield from done

    # -- values ----------------------------------------------------------------------------------------

    def _putter(self, cells: dict[int, object]) -> Callable[[str, str | None, str | None, int, int], None]:
        """`put(text, type, style, row, column)`: the cell's value (from its text, `t` and `s` attributes) into
        `cells` unless it is empty, refusing a text over `max_chars` or a column past `max_columns`."""
        strings, dates, date1904, texts = self.strings, self.dates, self.date1904, self.texts
        path, name, max_chars, max_columns = self.path, self.name, self.max_chars, self.max_columns

        def put(raw: str, kind: str | None, style: str | None, row: int, col: int) -> None:
            if kind == "s":
                value = strings[int(raw)] or None
            elif (kind is None or kind == "n") and style not in dates:
                if not raw:
                    return
                if raw.isdigit() and len(raw) < 16:  # a whole number, exact as a double: most amounts
                    value = int(raw)
                else:
                    try:
                        number = float(raw)
                    except ValueError:
                        value = raw
                    else:
                        value = int(number) if number.is_integer() else number
            elif kind == "inlineStr" or kind == "str":  # text written in the cell, a formula's text result
                if not raw:
                    return
                value = texts.get(raw)  # one object per repeated text, as the shared strings are
                if value is None:
                    if len(texts) >= MAX_TEXTS:
                        texts.clear()
                    value = texts[raw] = raw
            else:
                value = _value(raw, kind, style, dates, date1904)
            if value is not None:
                if value.__class__ is str and len(value) > max_chars:
                    raise _too_long(path, name, row, col, max_chars)
                if col > max_columns:
                    raise _too_many_columns(path, name, col, max_columns)
                cells[col] = value

        return put


def scan_strings(chunks: Iterator[bytes], path: Path, member: str) -> list[str] | None:
    """The shared-string table of `sharedStrings.xml`, when every `<si>` is one plain `<t>` (text without
    formatting, as Excel writes most); None at the first one that is not (rich text, phonetic runs, another
    form), and for anything expat might see differently: the caller then reads the part with expat."""
    first, opening = b"", None
    for chunk in chunks:
        first += chunk
        opening = _SST.search(first)
        if opening or len(first) > MAX_HEAD:
            break
    if opening is None:
        return None
    head = first[:opening.end()]
    if _open_elements(head, path, member, None, namespaces=True) != ["sst"]:
        return None
    strings: list[str] = []
    for buffer, cut, stop in _stretches(chunks, first[opening.end():], b"</si>", b"</sst>"):
        parts = _tiled(buffer[:cut], _STRING_TOKENS.split, 2) if cut != -1 else None
        if parts is None:
            return None
        for text in parts[1::2]:
            if text is None:
                text = ""  # <t/>
            elif "&" in text:
                text = _unescape(text)
                if text is None:
                    return None
            strings.append(text)
        if stop != -1:  # the rest must be well-formed, read after the same root element
            _parse_rest(head + buffer[stop:], chunks, path, member, None, namespaces=True)
    return strings


def _stretches(chunks: Iterator[bytes], data: bytes, end: bytes, closing: bytes) -> Iterator[tuple[bytes, int, int]]:
    """(buffer, cut, stop) for each stretch of a part's body, starting with `data`, then `chunks`:
    `buffer[:cut]` holds whole elements ending in `end`; in the last stretch `stop` is where `closing` starts
    (and `cut` too), else -1. `cut` is -1 when no stretch can be cut: the part ends before `closing`, or one
    element runs over MAX_TOKEN bytes (the caller hands the buffer and the rest of `chunks` to expat)."""
    rest = data
    while True:
        chunk = next(chunks, None)
        buffer = rest + chunk if chunk else rest
        stop = buffer.find(closing)
        if stop != -1 or chunk is None:
            yield buffer, stop, stop
            return
        cut = buffer.rfind(end)
        if cut == -1:
            if len(buffer) <= MAX_TOKEN:
                rest = buffer
                continue
            yield buffer, -1, -1
            return
        cut += len(end)
        yield buffer, cut, -1
        rest = buffer[cut:]


def _tiled(region: bytes, split: Callable[[str], list], step: int) -> list | None:
    """`split` of the stretch, when its tokens tile it (the text between them is all empty) and it holds
    nothing XML forbids or expat would change; else None."""
    if not _plain(region):
        return None
    try:
        parts = split(region.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    return None if any(parts[::step]) else parts


def _parse_rest(start: bytes, chunks: Iterator[bytes], path: Path, member: str, sheet: str | None,
                namespaces: bool = False) -> None:
    """Parse `start` and the rest of `chunks` with expat, only to raise its error if they are not well-formed."""
    parser = new_parser(namespaces)
    feed(parser, start, False, path, member, sheet)
    for chunk in guarded(parser, chunks, path, member, sheet):
        feed(parser, chunk, False, path, member, sheet)
    feed(parser, b"", True, path, member, sheet)


def _open_elements(head: bytes, path: Path, member: str, sheet: str | None, namespaces: bool = False) -> list[str]:
    """The elements left open by a part's prolog `head`, by local name (expat checks the prolog: a DOCTYPE is
    refused here)."""
    parser, stack = new_parser(namespaces), []
    parser.StartElementHandler = lambda tag, _attrs: stack.append(tag[tag.rfind(" ") + 1:])
    parser.EndElementHandler = lambda _tag: stack.pop()
    feed(parser, head, False, path, member, sheet)
    return stack


def _row_values(cells: dict[int, object]) -> tuple[object, ...]:
    """A row's values by column (None where a column has no value), from column -> value."""
    if not cells:
        return ()
    width = max(cells)
    if width < len(_IN_ORDER) and list(cells) == _IN_ORDER[width]:  # columns 1..width filled, in order
        return tuple(cells.values())
    values: list[object] = [None] * width
    for c, value in cells.items():
        values[c - 1] = value
    return tuple(values)


def _column(letters: str, path: Path, sheet: str) -> int:
    if not letters or not letters.isalpha() or not letters.isupper() or len(letters) > 3:
        raise WorkbookError("corrupt", path, f"bad cell reference column {letters!r}", sheet=sheet)
    return column_number(letters)


def _too_long(path: Path, sheet: str, row: int, col: int, limit: int) -> WorkbookError:
    ref = cell_ref(max(row, 1), max(col, 1))
    return WorkbookError("cell_too_large", path, f"cell {ref}", sheet=sheet, cell=ref, limit=limit,
                         key="max_cell_chars")


def _too_many_columns(path: Path, sheet: str, col: int, limit: int) -> WorkbookError:
    return WorkbookError("too_many_columns", path, f"value in column {col}", sheet=sheet, column=col, limit=limit,
                         key="max_columns")


def _value(text: str, kind: str | None, style: str | None, dates: dict[str, bool], date1904: bool) -> object:
    """A cell's value from its text and type attribute (the kinds not handled inline)."""
    if kind is None or kind == "n":
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return text
        if style is not None and style in dates:
            try:
                moment = from_serial(number, date1904, dates[style])
            except (ValueError, OverflowError):
                return int(number) if number.is_integer() else number
            return tidy_datetime(moment) if isinstance(moment, _dt.datetime) else moment
        return int(number) if number.is_integer() else number
    if kind == "str" or kind == "inlineStr":
        return text or None
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "e":
        return CellError(text) if text else None
    if kind == "d":
        try:
            return tidy_datetime(_dt.datetime.fromisoformat(text))
        except ValueError:
            return text or None
    return text or None
