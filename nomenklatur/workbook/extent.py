"""The area each sheet of an .xls or .ods spans, found before python-calamine loads the file.

python-calamine 0.9 builds a dense range from a sheet's first to its last value (about 30-130 bytes
per cell), and for .xls does it for every sheet as soon as the file is opened. One value moved to
IV65536 of a 100 KB .xls makes that 16.7 million cells (1 GB); an .ods row with a value repeated a
million times (`table:number-rows-repeated`) does the same from a few hundred bytes. So the cell
records (.xls: BIFF records of the `Workbook` stream in the OLE2 container) or the table rows (.ods:
`content.xml`, through the DOCTYPE-refusing expat parser) are scanned first, and the caller compares
the spans with `ReadLimits.max_cells`.

A file this scan cannot follow gets no answer (None) and is left to python-calamine, which then reads
it or reports it corrupt.
"""

from __future__ import annotations

import mmap
import struct
import zipfile
from array import array
from pathlib import Path

from .xmlsafe import feed, guarded, iter_member, local, new_parser

Span = tuple[int, int]  # (rows, columns) from the first to the last value; (0, 0) for an empty sheet

# BIFF cell records that hold a value (BLANK and MULBLANK hold none and calamine keeps no cell for them)
_CELLS = {0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0203, 0x0204, 0x0205, 0x0206, 0x027E, 0x00FD,
          0x00D6, 0x0406, 0x00BD}
_MULRK, _BOF, _EOF, _BOUNDSHEET = 0x00BD, 0x0809, 0x000A, 0x0085
_END, _FREE = 0xFFFFFFFE, 0xFFFFFFFF


class _Box:
    """The bounding box of the values seen so far."""

    __slots__ = ("top", "bottom", "left", "right")

    def __init__(self) -> None:
        self.top = self.left = 1 << 62
        self.bottom = self.right = -1

    def add(self, top: int, bottom: int, left: int, right: int) -> None:
        self.top, self.bottom = min(self.top, top), max(self.bottom, bottom)
        self.left, self.right = min(self.left, left), max(self.right, right)

    def span(self) -> Span:
        return (0, 0) if self.bottom < 0 else (self.bottom - self.top + 1, self.right - self.left + 1)


def xls_spans(path: Path) -> list[tuple[str, Span]] | None:
    """(name, span) of each sheet in BOUNDSHEET order (as calamine lists them), or None."""
    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            stream = _ole2_stream(data, ("workbook", "book"))
    except (OSError, ValueError, IndexError, struct.error):
        return None
    if stream is None:
        return None
    return _biff_spans(stream)


def _ole2_stream(data: mmap.mmap, names: tuple[str, ...]) -> bytes | None:
    """The first stream of the compound file whose name (lower case) is in `names`."""
    if len(data) < 512 or data[:8] != bytes.fromhex("D0CF11E0A1B11AE1"):
        return None
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
        return None
    size = 1 << shift
    sectors = len(data) // size  # a bound on every chain's length
    fat_count, dir_start = struct.unpack_from("<II", data, 0x2C)
    cutoff, minifat_start, _minifat_count, difat_start, _difat_count = struct.unpack_from("<IIIII", data, 0x38)
    difat = list(struct.unpack_from("<109I", data, 0x4C))
    sector = difat_start
    for _ in range(sectors):
        if sector >= _END:
            break
        entries = struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size)
        difat.extend(entries[:-1])
        sector = entries[-1]
    fat = array("I")
    for sector in difat[:fat_count]:
        if sector < _END:
            fat.frombytes(data[(sector + 1) * size: (sector + 2) * size])

    def chain(start: int) -> list[int]:
        found: list[int] = []
        while start < _END:
            if start >= len(fat) or len(found) > sectors:
                raise ValueError("broken sector chain")
            found.append(start)
            start = fat[start]
        return found

    def read(start: int, length: int) -> bytes:
        return b"".join(data[(s + 1) * size: (s + 2) * size] for s in chain(start))[:length]

    directory = read(dir_start, sectors * size)
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset: offset + 128]
        name_len, kind = struct.unpack_from("<HB", entry, 64)
        name = entry[: max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace").lower()
        if kind != 2 or name not in names:
            continue
        start, length = struct.unpack_from("<IQ", entry, 116)
        if shift == 9:  # version 3 files: the high half of the size is undefined
            length &= 0xFFFFFFFF
        if length >= cutoff:
            return read(start, length)
        root_start = struct.unpack_from("<I", directory, 116)[0]
        ministream = read(root_start, sectors * size)
        minifat = array("I", read(minifat_start, sectors * size))
        mini, parts, sector = 1 << mini_shift, [], start
        while sector < _END and len(parts) * mini < length:
            if sector >= len(minifat):
                raise ValueError("broken mini sector chain")
            parts.append(ministream[sector * mini: (sector + 1) * mini])
            sector = minifat[sector]
        return b"".join(parts)[:length]
    return None


def _biff_spans(stream: bytes) -> list[tuple[str, Span]]:
    """Walk the BIFF records: BOUNDSHEET gives each sheet's name and BOF offset, cell records positions."""
    sheets: list[tuple[str, int]] = []
    boxes: dict[int, _Box] = {}
    open_boxes: list[_Box] = []  # substreams nest (a chart inside a sheet)
    biff8 = True
    unpack, end, pos = struct.unpack_from, len(stream) - 4, 0
    while pos <= end:
        kind, length = unpack("<HH", stream, pos)
        body = pos + 4
        if kind in _CELLS and open_boxes and length >= 4:
            row, col = unpack("<HH", stream, body)
            last = unpack("<H", stream, body + length - 2)[0] if kind == _MULRK and length >= 6 else col
            open_boxes[-1].add(row, row, col, max(col, last))
        elif kind == _BOF:
            if not boxes and length >= 2:
                biff8 = unpack("<H", stream, body)[0] >= 0x0600
            open_boxes.append(boxes.setdefault(pos, _Box()))
        elif kind == _EOF and open_boxes:
            open_boxes.pop()
        elif kind == _BOUNDSHEET and length >= 7:
            sheets.append((_sheet_name(stream[body + 6: body + length], biff8), unpack("<I", stream, body)[0]))
        pos = body + length
    return [(name, boxes[o].span() if o in boxes else (0, 0)) for name, o in sheets]


def _sheet_name(data: bytes, biff8: bool) -> str:
    """A BOUNDSHEET name: a length byte, then (BIFF8) a flags byte and Latin-1 or UTF-16 characters."""
    if not biff8:
        return data[1: 1 + data[0]].decode("cp1252", "replace")
    wide = len(data) > 1 and data[1] & 1
    return data[2: 2 + data[0] * (2 if wide else 1)].decode("utf-16-le" if wide else "latin-1", "replace")


def ods_spans(archive: zipfile.ZipFile, path: Path) -> dict[str, Span]:
    """The span of each table of an .ods (by name), from `content.xml` with its repeat attributes."""
    spans: dict[str, Span] = {}
    state = {"depth": 0, "row": 0, "col": 0, "row_repeat": 1, "col_repeat": 1, "valued": False,
             "in_cell": False}
    table = ["", _Box()]  # the current table's name and box

    def repeat(attrs: dict[str, str], key: str) -> int:
        try:
            return max(1, int(attrs.get(key, "1")))
        except ValueError:
            return 1

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "table":
            state["depth"] += 1
            if state["depth"] == 1:
                table[:] = [next((v for k, v in attrs.items() if local(k) == "name"), ""), _Box()]
                state["row"] = 0
        elif state["depth"] != 1:
            return
        elif tag == "table-row":
            state["row_repeat"] = repeat({local(k): v for k, v in attrs.items()}, "number-rows-repeated")
            state["col"] = 0
        elif tag in ("table-cell", "covered-table-cell"):
            plain = {local(k): v for k, v in attrs.items()}
            state["col_repeat"] = repeat(plain, "number-columns-repeated")
            state["valued"], state["in_cell"] = "value-type" in plain, True

    def end(name: str) -> None:
        tag = local(name)
        if tag == "table":
            if state["depth"] == 1:
                spans[table[0]] = table[1].span()
            state["depth"] -= 1
        elif state["depth"] != 1:
            return
        elif tag in ("table-cell", "covered-table-cell"):
            if state["valued"]:
                table[1].add(state["row"], state["row"] + state["row_repeat"] - 1,
                        state["col"], state["col"] + state["col_repeat"] - 1)
            state["col"] += state["col_repeat"]
            state["in_cell"] = False
        elif tag == "table-row":
            state["row"] += state["row_repeat"]

    def chars(data: str) -> None:
        if state["in_cell"] and data.strip():
            state["valued"] = True

    parser = new_parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, chars
    for chunk in guarded(parser, iter_member(archive, "content.xml", path), path, "content.xml"):
        feed(parser, chunk, False, path, "content.xml")
    feed(parser, b"", True, path, "content.xml")
    return spans
