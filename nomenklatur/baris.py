"""The map stage: a sheet's data rows -> `Baris` records (code parsed, pagu read, OPD known), one at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal, InvalidOperation
from typing import Iterator

from nomenklatur import kode
from nomenklatur.findings import Location
from nomenklatur.workbook import CellError, cell_ref, column_letter

SPLIT_FIELDS = ("kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub_kegiatan")
_TOTAL = re.compile(r"^\s*(grand\s+)?(total|jumlah)\b", re.IGNORECASE)
_RUPIAH = re.compile(r"^(rp\.?)?\s*(-)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(,-)?$", re.IGNORECASE)
_EN_NUMBER = re.compile(r"^(-)?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_INFINITE = (float("inf"), float("-inf"))


@dataclass
class SheetMap:
    """Which columns of one sheet hold which field, with their header texts."""

    file: str
    sheet: str
    columns: dict[str, tuple[int, ...]]
    labels: dict[int, str]

    def location(self, row: int, field: str) -> Location:
        """The cell of `field` on `row`; a name glued to its code lives in the code's cell."""
        cols = self.columns.get(field) or (self.columns.get("kode") if field == "nama" else None)
        if not cols:
            return Location(self.file, self.sheet, None, row)
        col = cols[0]
        return Location(self.file, self.sheet, cell_ref(row, col), row, column_letter(col), self.labels.get(col))

    def cell_location(self, row: int, col: int) -> Location:
        return Location(self.file, self.sheet, cell_ref(row, col), row, column_letter(col), self.labels.get(col))

    @cached_property
    def split_columns(self) -> tuple[int, ...] | None:
        """The columns a code is split over (urusan | bidang | ...), or None when one column holds it."""
        cols = self.columns
        if "kode" in cols and len(cols["kode"]) > 1:
            return cols["kode"]
        if any(f in cols for f in SPLIT_FIELDS[:2]):
            return tuple(c for f in SPLIT_FIELDS for c in cols.get(f, ()))
        return None


@dataclass(slots=True, eq=False)
class Baris:
    """One data row of a proposal, mapped to its fields."""

    sheet: SheetMap
    row: int
    opd: str
    kode_raw: object
    kode: kode.Kode | None
    kode_error: kode.KodeError | None
    split: bool
    nama: str | None
    pagu_raw: object
    pagu: Decimal | None
    pagu_valid: bool
    lokasi: str | None
    wilayah_raw: object
    akun_raw: object
    akun_nama: str | None
    opd_kode: kode.Kode | None
    total: bool = False
    parent: "Baris | None" = None
    child_sum: Decimal = Decimal(0)
    child_count: int = 0  # children that carry a pagu

    def loc(self, field: str) -> Location:
        return self.sheet.location(self.row, field)

    @property
    def key(self) -> tuple[str, str]:
        return (self.opd, self.kode.text if self.kode else str(self.kode_raw))


def parse_pagu(value: object) -> tuple[Decimal | None, bool]:
    """An amount as written by people: numbers, `1.250.000`, `Rp 1.250.000,50`, `1,250,000`.

    Returns (amount, valid); empty is (None, True), unreadable text is (None, False).
    """
    if value is None or value == "":
        return None, True
    if isinstance(value, bool) or isinstance(value, CellError):
        return None, False
    if type(value) is int:
        return Decimal(value), True
    if isinstance(value, (int, float)):
        if value != value or value in _INFINITE:
            return None, False
        return Decimal(str(value)), True
    text = str(value).replace("\u00a0", " ").strip()
    if not text:
        return None, True
    try:
        return Decimal(text), True
    except InvalidOperation:
        pass
    match = _RUPIAH.match(text)
    if match:
        sign, whole, cents = match.group(2) or "", match.group(3).replace(".", ""), match.group(4) or "0"
        return Decimal(f"{sign}{whole}.{cents}"), True
    if _EN_NUMBER.match(text):
        return Decimal(text.replace(",", "")), True
    return None, False


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _first_text(values: tuple[object, ...], columns: int) -> str:
    """The first non-blank text among the first `columns` cells, or ""."""
    for v in values[:columns]:
        if isinstance(v, str) and v.strip():
            return v
    return ""


def _cell(values: tuple[object, ...], col: int) -> object:
    return values[col - 1] if col - 1 < len(values) else None


def _parse_code(sheet: SheetMap, values: tuple[object, ...]) -> tuple[object, kode.Kode | None, kode.KodeError | None, bool, str | None]:
    """(raw value, parsed code, error, came from split columns, glued name)."""
    cols = sheet.columns
    split_cols = sheet.split_columns
    if split_cols is not None:
        parts = [_cell(values, c) for c in split_cols]
        shown = [p for p in parts if p is not None and p != ""]
        if not shown:
            return None, None, None, True, None
        raw = " | ".join(str(p) for p in shown)
        try:
            return raw, kode.compose(parts), None, True, None
        except kode.KodeError as exc:
            return raw, None, exc, True, None
    col = (cols.get("kode") or cols.get("kode_sub_kegiatan") or (None,))[0]
    raw = _cell(values, col) if col else None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None, None, False, None
    try:
        if isinstance(raw, str) and len(raw) > kode.MAX_LENGTH:
            return _parse_long(raw)
        parsed = kode.parse(raw, "program")
        return raw, parsed, None, False, parsed.name
    except kode.KodeError as exc:
        return raw, None, exc, False, None


def _parse_long(raw: str) -> tuple[object, kode.Kode | None, kode.KodeError | None, bool, str | None]:
    """A code glued to a name longer than the grammar reads: parse the head, keep the whole name."""
    parsed = kode.parse(raw[:kode.MAX_LENGTH], "program")
    if not parsed.name:
        raise kode.KodeError("too_long", raw)
    start = raw.find(parsed.name[:20])
    return raw, parsed, None, False, raw[start:].strip() if start >= 0 else parsed.name


def _opd_code(cache: dict[str, kode.Kode | None], word: str) -> kode.Kode | None:
    """The kode organisasi a word reads as, or None; cached, as every row of an OPD repeats it."""
    if word not in cache:
        if len(cache) >= 10_000:
            cache.clear()
        try:
            cache[word] = kode.parse(word, "organisasi")
        except kode.KodeError:
            cache[word] = None
    return cache[word]


def map_rows(sheet: SheetMap, rows: Iterator[tuple[int, tuple[object, ...]]], default_opd: str,
             default_opd_kode: kode.Kode | None = None) -> Iterator[Baris]:
    """Turn data rows into Baris records; rows without code or name (continuations) are skipped."""
    cols = sheet.columns
    name_col = (cols.get("nama") or (None,))[0]
    pagu_col = (cols.get("pagu") or (None,))[0]
    lokasi_col = (cols.get("lokasi") or (None,))[0]
    wilayah_col = (cols.get("kode_wilayah") or (None,))[0]
    akun_col = (cols.get("kode_akun") or (None,))[0]
    akun_name_col = (cols.get("uraian_akun") or (None,))[0]
    opd_cols = cols.get("kode_opd", ()) + cols.get("opd", ())
    opd_codes: dict[str, kode.Kode | None] = {}  # first word of an OPD cell -> its kode organisasi
    text_cols = max(name_col or 1, 6)  # where a TOTAL / JUMLAH label may stand
    for number, values in rows:
        first_text = _first_text(values, text_cols)
        if _TOTAL.match(first_text):
            pagu, valid = parse_pagu(_cell(values, pagu_col) if pagu_col else None)
            yield Baris(sheet, number, default_opd, None, None, None, sheet.split_columns is not None, first_text.strip(), None, pagu, valid,
                        None, None, None, None, None, total=True)
            continue
        raw, parsed, error, split, glued = _parse_code(sheet, values)
        nama = _text(_cell(values, name_col)) if name_col else None
        if nama is None and glued:
            nama = glued
        akun_raw = _cell(values, akun_col) if akun_col else None
        wilayah_raw = _cell(values, wilayah_col) if wilayah_col else None
        if raw is None and nama is None and akun_raw in (None, "") and wilayah_raw in (None, ""):
            continue
        opd_values = [_text(_cell(values, c)) for c in opd_cols]
        opd_text = " ".join(v for v in opd_values if v) or default_opd
        opd_kode = default_opd_kode
        for v in opd_values:
            if v:
                opd_kode = _opd_code(opd_codes, v.split()[0]) or opd_kode
                break
        pagu_raw = _cell(values, pagu_col) if pagu_col else None
        pagu, valid = parse_pagu(pagu_raw)
        yield Baris(
            sheet, number, opd_text, raw, parsed, error, split, nama, pagu_raw, pagu, valid,
            _text(_cell(values, lokasi_col)) if lokasi_col else None,
            wilayah_raw,
            akun_raw,
            _text(_cell(values, akun_name_col)) if akun_name_col else None,
            opd_kode,
        )
