"""The map stage: a sheet's data rows -> `Baris` records (code parsed, pagu read, OPD known), one at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal, InvalidOperation
from typing import Callable, Hashable, Iterator

from nomenklatur import kode
from nomenklatur.findings import Location
from nomenklatur.workbook import CellError, cell_ref, column_letter

SPLIT_FIELDS = ("kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub_kegiatan")
_TOTAL = re.compile(r"^\s*(grand\s+)?(total|jumlah)\b", re.IGNORECASE)
_RUPIAH = re.compile(r"^(rp\.?)?\s*(-)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(,-)?$", re.IGNORECASE)
_EN_NUMBER = re.compile(r"^(-)?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_INFINITE = (float("inf"), float("-inf"))
# Entries kept by each cache of repeated values (codes, names, places, rules' quiet keys): real files have a
# few thousand distinct values; a million-row file of unique ones must not grow memory without bound.
CACHE_LIMIT = 20_000


@dataclass
class SheetMap:
    """Which columns of one sheet hold which field, with their header texts."""

    file: str
    sheet: str
    columns: dict[str, tuple[int, ...]]
    labels: dict[int, str]
    _places: dict[str, tuple[str, str | None] | None] = field(default_factory=dict, repr=False, compare=False)

    def location(self, row: int, field: str) -> Location:
        """The cell of `field` on `row`; a name glued to its code lives in the code's cell."""
        place = self._places.get(field, False)
        if place is False:
            cols = self.columns.get(field) or (self.columns.get("kode") if field == "nama" else None)
            place = self._places[field] = (column_letter(cols[0]), self.labels.get(cols[0])) if cols else None
        if place is None:
            return Location(self.file, self.sheet, None, row)
        letter, header = place
        return Location(self.file, self.sheet, f"{letter}{row}", row, letter, header)

    def cell_location(self, row: int, col: int) -> Location:
        return Location(self.file, self.sheet, cell_ref(row, col), row, column_letter(col), self.labels.get(col))

    @cached_property
    def code_column(self) -> int | None:
        """The one column holding the code (when it is not split over several)."""
        return (self.columns.get("kode") or self.columns.get("kode_sub_kegiatan") or (None,))[0]

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
    kode_key: object = None  # the cell value(s) the code was read from, to remember outcomes per value
    total: bool = False
    parent: "Baris | None" = None
    child_sum: Decimal = Decimal(0)
    child_count: int = 0  # children that carry a pagu

    def loc(self, field: str) -> Location:
        return self.sheet.location(self.row, field)

    @property
    def key(self) -> tuple[str, str]:
        return (self.opd, self.kode.text if self.kode else str(self.kode_raw))


# What a memoised row rule's outcome depends on (see `Rule.memo`), within one sheet of one file.
MEMO_KEYS: dict[str, Callable[[Baris], Hashable]] = {
    "kode": lambda b: (b.kode_key, b.nama),  # the code cell(s) and the name
    "induk": lambda b: (b.kode_key, None if b.parent is None else b.parent.kode_key),  # code and parent's code
    "akun": lambda b: (b.akun_raw.__class__, b.akun_raw, b.akun_nama),  # the rekening code and name
}


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


def _cell(values: tuple[object, ...], col: int) -> object:
    return values[col - 1] if col - 1 < len(values) else None


Parsed = tuple[object, "kode.Kode | None", "kode.KodeError | None", bool, "str | None"]
_NO_CODE: Parsed = (None, None, None, False, None)


def code_key(sheet: SheetMap, values: tuple[object, ...]) -> object:
    """The cell value(s) a row's code is read from, typed (1, 1.0 and True are different cells)."""
    split_cols = sheet.split_columns
    if split_cols is not None:
        return tuple((v.__class__, v) for v in (_cell(values, c) for c in split_cols))
    col = sheet.code_column
    raw = values[col - 1] if col and col <= len(values) else None
    return raw if raw.__class__ is str else (raw.__class__, raw)


def _parse_code(sheet: SheetMap, values: tuple[object, ...]) -> Parsed:
    """(raw value, parsed code, error, came from split columns, glued name)."""
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
            return raw, None, exc.kept(), True, None
    col = sheet.code_column
    raw = _cell(values, col) if col else None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return _NO_CODE
    try:
        if isinstance(raw, str) and len(raw) > kode.MAX_LENGTH:
            return _parse_long(raw)
        parsed = kode.parse(raw, "program")
        return raw, parsed, None, False, parsed.name
    except kode.KodeError as exc:
        return raw, None, exc.kept(), False, None


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
    """Turn data rows into Baris records; rows without code or name (continuations) are skipped.

    The hot path of a check: what repeats from row to row (a code, an OPD cell) is read once per value."""
    cols = sheet.columns
    width = max((c for cs in cols.values() for c in cs), default=0)
    padding = (None,) * (width + 1)  # a row is padded with it: every mapped cell exists, the last is None
    name_i, pagu_i, lokasi_i, wilayah_i, akun_i, akun_name_i = (  # 0-based; -1 (None) for a missing column
        (cols.get(f) or (0,))[0] - 1 for f in ("nama", "pagu", "lokasi", "kode_wilayah", "kode_akun", "uraian_akun"))
    opd_cols = cols.get("kode_opd", ()) + cols.get("opd", ())
    opd_one = opd_cols[0] - 1 if len(opd_cols) == 1 else None
    opd_codes: dict[str, kode.Kode | None] = {}  # first word of an OPD cell -> its kode organisasi
    opds: dict[object, tuple[str, kode.Kode | None]] = {}  # OPD cell(s) -> (text, kode)
    codes: dict[object, Parsed] = {}  # code_key -> parsed
    sheet_split = sheet.split_columns is not None
    code_col = None if sheet_split or not sheet.code_column else sheet.code_column - 1  # 0-based, one column
    text_cols = max(cols.get("nama", (1,))[0], 6)  # where a TOTAL / JUMLAH label may stand
    for number, values in rows:
        first = values[0] if values else None
        if first.__class__ is str and first.strip():
            first_text = first
        else:
            first_text = ""
            for v in values[:text_cols]:
                if isinstance(v, str) and v.strip():
                    first_text = v
                    break
        if first_text and (first_text[0] in "TtJjGg" or first_text[0].isspace()) and _TOTAL.match(first_text):
            values = values + padding
            pagu, valid = parse_pagu(values[pagu_i])
            yield Baris(sheet, number, default_opd, None, None, None, sheet_split, first_text.strip(), None, pagu, valid,
                        None, None, None, None, None, total=True)
            continue
        values = values + padding
        if code_col is not None:
            key = values[code_col]
            if key.__class__ is not str:
                key = (key.__class__, key)
        else:
            key = code_key(sheet, values)
        parsed_code = codes.get(key)
        if parsed_code is None:
            if len(codes) >= CACHE_LIMIT:
                codes.clear()
            parsed_code = codes[key] = _parse_code(sheet, values)
        raw, parsed, error, split, glued = parsed_code
        nama = values[name_i]
        if nama is not None:
            nama = (nama if nama.__class__ is str else str(nama)).strip() or None
        if nama is None and glued:
            nama = glued
        akun_raw = values[akun_i]
        wilayah_raw = values[wilayah_i]
        if raw is None and nama is None and akun_raw in (None, "") and wilayah_raw in (None, ""):
            continue
        if opd_one is not None:
            cell = values[opd_one]
            opd_key: object = cell if cell.__class__ is str else (cell.__class__, cell)
        else:
            opd_key = tuple((v.__class__, v) for v in (values[c - 1] for c in opd_cols))
        opd = opds.get(opd_key)
        if opd is None:
            if len(opds) >= 10_000:
                opds.clear()
            cells = (values[opd_one],) if opd_one is not None else tuple(values[c - 1] for c in opd_cols)
            opd = opds[opd_key] = _opd(cells, opd_codes, default_opd, default_opd_kode)
        pagu_raw = values[pagu_i]
        pagu, valid = (Decimal(pagu_raw), True) if pagu_raw.__class__ is int else parse_pagu(pagu_raw)
        lokasi = values[lokasi_i]
        if lokasi is not None:
            lokasi = (lokasi if lokasi.__class__ is str else str(lokasi)).strip() or None
        akun_nama = values[akun_name_i]
        if akun_nama is not None:
            akun_nama = _text(akun_nama)
        yield Baris(sheet, number, opd[0], raw, parsed, error, split, nama, pagu_raw, pagu, valid,
                    lokasi, wilayah_raw, akun_raw, akun_nama, opd[1], key)


def _opd(cells: tuple[object, ...], opd_codes: dict[str, kode.Kode | None], default_opd: str,
         default_opd_kode: kode.Kode | None) -> tuple[str, kode.Kode | None]:
    """(OPD text, kode organisasi) of a row's OPD cells; the file's own when the cells are empty."""
    texts = [_text(v) for v in cells]
    opd_kode = default_opd_kode
    for v in texts:
        if v:
            opd_kode = _opd_code(opd_codes, v.split()[0]) or opd_kode
            break
    return " ".join(v for v in texts if v) or default_opd, opd_kode
