"""The identity block above a form's table: SIPD's RKA/DPA prints start with lines such as

    Program       :  2.13.04            PROGRAM ADMINISTRASI PEMERINTAHAN DESA
    Kegiatan      :  2.13.04.2.01       Pembinaan dan Pengawasan Penyelenggaraan ...
    Sub Kegiatan  :  2.13.04.2.01.0005 Fasilitasi Penataan Kewenangan Desa

and the table below lists only the sub kegiatan's accounts. Those coded lines are the rows of the form that
carry its program codes, so they are read as rows of their level (and judged like any other)."""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from nomenklatur.baris import Baris, SheetMap, map_rows, read_code

Row = tuple[int, Sequence[object]]

_LABEL = re.compile(r"^\s*(urusan(\s+pemerintahan)?|bidang(\s+urusan)?|program|kegiatan|sub[\s.-]*kegiatan)\s*"
                    r"(:\s*(?P<rest>.*))?$", re.IGNORECASE | re.DOTALL)


def block_rows(sheet: SheetMap, rows: Sequence[Row], first_header_row: int) -> Iterator[Baris]:
    """The coded lines of the identity block (rows above the table's header), each as a row of its level;
    every line read is counted in `sheet.counts`."""
    for number, values in rows:
        if number >= first_header_row:
            break
        where = _code_cell(values)
        if where is None:
            continue
        code_col, code, name_col = where
        columns = {"kode": (code_col,), **({"nama": (name_col,)} if name_col else {})}
        line = SheetMap(sheet.file, sheet.sheet, columns, {}, "full", (code_col,), sub_digits=sheet.sub_digits,
                        counts=sheet.counts)
        cells = list(values)
        cells[code_col - 1] = code  # "Sub Kegiatan : 2.13.04.2.01.0005 …" in one cell: the code and name
        yield from map_rows(line, iter([(number, tuple(cells))]), "")


def _code_cell(values: Sequence[object]) -> tuple[int, object, int | None] | None:
    """(code column, its code, name column or None when the name is in the code's cell) of a line
    "label : code name", the label, colon, code and name in cells of their own or together; None for any
    other line."""
    cells = [(col, v) for col, v in enumerate(values, start=1) if v is not None and str(v).strip()]
    for i, (col, value) in enumerate(cells):
        if not isinstance(value, str):
            continue
        match = _LABEL.match(value)
        if match is None:
            continue
        rest = (match.group("rest") or "").strip()
        if rest:
            return (col, rest, None) if _is_program_code(rest) else None
        after = [(c, v) for c, v in cells[i + 1:] if str(v).strip() != ":"]
        if not after or not _is_program_code(after[0][1]):
            return None
        code_col, code = after[0]
        glued = read_code(code, akun=False).name
        return code_col, code, None if glued or len(after) < 2 else after[1][0]
    return None


def _is_program_code(value: object) -> bool:
    return read_code(value, akun=False).kind == "program"
