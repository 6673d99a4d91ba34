"""Reading an official list (csv, xlsx, xls, ods) into rows keyed by canonical column names."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

# Header variants of official lists -> the importer's column names.
_COLUMN_ALIASES = {
    "code": ("code", "kode", "kode_sub_kegiatan", "kode_rekening", "kode_akun", "kode_wilayah"),
    "name": ("name", "nama", "uraian", "nomenklatur", "nama_sub_kegiatan", "nama_rekening", "nama_wilayah"),
    "kind": ("level", "kind", "tingkatan"),
    "pemda": ("jenis_pemda", "pemda", "tingkat_pemda"),
    "keterangan": ("keterangan", "catatan"),
    "predecessor": ("kode_sub_kegiatan_sebelumnya", "kode_sebelumnya", "predecessor"),
}


class SourceError(ValueError):
    """An official list that cannot be imported; the message names the file and the place."""


def _canonical_header(text: object) -> str:
    raw = str(text or "").strip().casefold().replace(" ", "_").replace("-", "_")
    for column, aliases in _COLUMN_ALIASES.items():
        if raw in aliases:
            return column
    return raw


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_source(path: Path) -> list[dict[str, object]]:
    """All rows of an official list as dicts with canonical column names (code, name, kind, …).

    The header is the first row that has a code column; values are stripped text, except a code that a
    spreadsheet stored as a number, which is kept as the number for the code grammar to repair.
    """
    if not path.is_file():
        raise SourceError(f"{path}: berkas tidak ditemukan")
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            handle.seek(0)
            delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel in an Indonesian locale writes ;
            grid = [row for row in csv.reader(handle, delimiter=delimiter)]
    else:
        grid = _read_spreadsheet(path)
    for index, row in enumerate(grid):
        header = [_canonical_header(cell) for cell in row]
        if "code" in header:
            break
    else:
        raise SourceError(f"{path}: tidak ada baris judul dengan kolom 'code' atau 'kode'")
    rows = []
    for line in grid[index + 1:]:
        values = {h: (v if h == "code" and not isinstance(v, str) else _text(v)) for h, v in zip(header, line) if h}
        if values.get("code") not in (None, ""):
            rows.append(values)
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_spreadsheet(path: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several error types for unreadable files
        raise SourceError(f"{path}: tidak dapat dibaca sebagai lembar kerja ({exc})") from exc
