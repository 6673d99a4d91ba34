"""The map stage: a sheet's data rows -> `Baris` records, each with its role, one at a time.

Every physical row gets one role (counted per sheet in `SheetMap.counts`):

    urusan, bidang, program, kegiatan, sub_kegiatan   a row of that program-family code
    opd          an office heading: a kode organisasi row, or a new office in the office column
    akun         an account line (its own code, or a flat export's line under a sub kegiatan)
    paket        a paket / rincian line: free text under a sub kegiatan, or its code repeated with another name
    jumlah       a TOTAL / JUMLAH row
    tak_terbaca  a code cell the grammar cannot read
    judul        a heading with text but no code, above the coded rows
    catatan      a signature, date or footnote row (after the total, or "NIP", "Kepala Dinas" ...)
    lanjutan     a row without code or name that continues the one above (indicators, targets)
    kosong       nothing in the columns that matter

In a cascade (one code column per level, each repeated down the rows, as SIPD exports), a level whose code
changes on a row that belongs deeper is yielded too, as a `virtual` row of that level at that row: so every
code and name is judged where it first appears (again only when it changes, `ulang` when already judged on
the sheet), and the hierarchy is the one the rows state. Roles without anything to judge (judul, catatan,
lanjutan, kosong, opd) are counted, not yielded.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Callable, Hashable, Iterator, NamedTuple

from nomenklatur import kode
from nomenklatur.findings import Location, Place
from nomenklatur.teks import name_key
from nomenklatur.workbook import CellError, cell_ref, column_letter

SPLIT_FIELDS = ("kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub_kegiatan")
PROGRAM_ROLES = frozenset(("urusan", "bidang", "program", "kegiatan", "sub_kegiatan"))
ROLES = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan", "opd", "akun", "paket", "jumlah",
         "tak_terbaca", "judul", "catatan", "lanjutan", "kosong")
CODE_ROLES = frozenset((*PROGRAM_ROLES, "opd", "akun", "tak_terbaca"))  # rows whose code cells were read
CHECKED_ROLES = frozenset((*CODE_ROLES, "paket", "jumlah"))  # rows the rules looked at
_TOTAL = re.compile(r"^\s*(grand\s+)?(total|jumlah)\b", re.IGNORECASE)
_FOOTER = re.compile(r"\b(nip\.?\s*:?\s*\d|nip\b|kepala\b|pengguna anggaran|kuasa pengguna|mengetahui|menyetujui|"
                     r"disetujui|bupati\b|wali ?kota\b|gubernur\b|sekretaris daerah|pejabat pelaksana|bendahara\b|"
                     r"keterangan\s*:|catatan\s*:|sumber\s*:)", re.IGNORECASE)
_DATED = re.compile(r",\s*\d{1,2}\s+(januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|"
                    r"november|desember)\s+\d{4}", re.IGNORECASE)
_ACCOUNT_WORDS = ("belanja", "pendapatan", "pembiayaan", "penerimaan", "pengeluaran", "aset", "kewajiban",
                  "ekuitas", "beban", "surplus", "defisit", "transfer")
_RUPIAH = re.compile(r"^(rp\.?)?\s*(-)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(,-)?$", re.IGNORECASE)
_EN_NUMBER = re.compile(r"^(-)?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_THOUSANDS = re.compile(r"-?[1-9]\d{0,2}(?:\.\d{3})+")  # "1.000", "-25.500": dots between thousands, not decimals
_NOTHING = re.compile(r"(rp\.?\s*)?[-\u2013\u2014]", re.IGNORECASE)  # "-", "Rp -": how accounting sheets write nothing
_INFINITE = (float("inf"), float("-inf"))
_DIGIT = re.compile(r"\d")
# Entries kept by each cache of repeated values (codes, names, places, rules' quiet keys): real files have a
# few thousand distinct values; a million-row file of unique ones must not grow memory without bound.
CACHE_LIMIT = 20_000


@dataclass
class SheetMap:
    """Which columns of one sheet hold which field, how its program code is read, and how many rows of each
    role it had."""

    file: str
    sheet: str
    columns: dict[str, tuple[int, ...]]
    labels: dict[int, str]
    notation: str = "full"
    cascade: tuple[int, ...] = ()
    names: dict[int, int] = field(default_factory=dict)
    akun_lines: bool = False
    akun_tree: bool = False  # account codes at two or more depths: its account names are the chart's own
    sub_digits: int | None = None  # the width of the year's sub kegiatan codes, for one stored as a number
    counts: Counter = field(default_factory=Counter, compare=False)
    _places: dict[str, tuple[str, str | None] | None] = field(default_factory=dict, repr=False, compare=False)

    def place(self, row: int, field: str) -> Place:
        """The cell of `field` on `row`, as a finding holds it; a name glued to its code lives in the code's cell,
        an account code in a sheet's one code column."""
        place = self._places.get(field, False)
        if place is False:
            cols = self.columns.get(field) or (self.columns.get("kode") if field in ("nama", "kode_akun") else None)
            if cols is None and field == "kode" and self.cascade:
                cols = (self.cascade[-1],)
            place = self._places[field] = (column_letter(cols[0]), self.labels.get(cols[0])) if cols else None
        if place is None:
            return (self.file, self.sheet, None, row, None, None)
        letter, header = place
        return (self.file, self.sheet, f"{letter}{row}", row, letter, header)

    def location(self, row: int, field: str) -> Location:
        return Location(*self.place(row, field))

    def cell_place(self, row: int, col: int) -> Place:
        return (self.file, self.sheet, cell_ref(row, col), row, column_letter(col), self.labels.get(col))

    @cached_property
    def code_column(self) -> int | None:
        """The one column holding the code (when it is not split over several)."""
        if self.cascade:
            return self.cascade[-1]
        return (self.columns.get("kode") or self.columns.get("kode_sub_kegiatan") or (None,))[0]

    @cached_property
    def split_columns(self) -> tuple[int, ...] | None:
        """The columns a code is split over (urusan | bidang | ...), or None when one column holds it."""
        if self.notation != "split":
            return None
        cols = self.columns
        if "kode" in cols and len(cols["kode"]) > 1:
            return cols["kode"]
        return tuple(c for f in SPLIT_FIELDS for c in cols.get(f, ()))


@dataclass(slots=True, eq=False)
class Baris:
    """One data row of a proposal (or, `virtual`, one level of a cascade row), mapped to its fields."""

    sheet: SheetMap
    row: int
    role: str
    opd: str
    kode_raw: object = None
    kode: kode.Kode | None = None
    kode_error: kode.KodeError | None = None
    split: bool = False
    nama: str | None = None
    pagu_raw: object = None
    pagu: Decimal | None = None
    pagu_valid: bool = True
    lokasi: str | None = None
    wilayah_raw: object = None
    akun_raw: object = None
    akun_nama: str | None = None
    opd_kode: kode.Kode | None = None
    kode_key: object = None  # the cell value(s) the code was read from, to remember outcomes per value
    kode_col: int | None = None
    nama_col: int | None = None
    akun_col: int | None = None
    grain: tuple = ()  # what sets repeated rows of one sub kegiatan apart: sub unit, sumber dana, account
    unit: object = None  # the sub unit cells (a puskesmas of the health office), where the sheet names them
    dana_raw: object = None  # the kode sumber dana cell
    virtual: bool = False
    ulang: bool = False  # a virtual row whose code and name were judged before on this sheet
    total: bool = False
    parent: "Baris | None" = None
    child_sum: Decimal = Decimal(0)
    child_count: int = 0  # children that carry a pagu
    child_gap: Decimal = Decimal(0)  # how far the children's reported wrong totals are from their own rows' sums
    child_unknown: bool = False  # a row below whose code or pagu could not be read: the total cannot be verified
    child_akun: bool = False  # the children are account lines

    def place(self, field: str) -> Place:
        """The cell of one of the row's fields, as a finding holds it (`Location(*place)` makes it one)."""
        if field == "kode" and self.kode_col is not None:
            return self.sheet.cell_place(self.row, self.kode_col)
        if field == "nama":
            if self.nama_col is not None:
                return self.sheet.cell_place(self.row, self.nama_col)
            if self.kode_col is not None and (self.virtual or "nama" not in self.sheet.columns):  # glued to the code
                return self.sheet.cell_place(self.row, self.kode_col)
        if field == "kode_akun" and self.akun_col is not None:
            return self.sheet.cell_place(self.row, self.akun_col)
        if field == "uraian_akun" and "uraian_akun" not in self.sheet.columns:
            return self.sheet.place(self.row, "nama")
        return self.sheet.place(self.row, field)

    @property
    def key(self) -> tuple[str, str]:
        return (self.opd, self.kode.text if self.kode else str(self.kode_raw))


# What a memoised row rule's outcome depends on (see `Rule.memo`), within one sheet of one file.
MEMO_KEYS: dict[str, Callable[[Baris], Hashable]] = {
    "kode": lambda b: (b.kode_key, b.nama),  # the code cell(s) and the name (a cascade's columns hold other levels)
    "induk": lambda b: (b.kode_key, None if b.parent is None else b.parent.kode_key),  # code and parent's code
    "akun": lambda b: (b.akun_raw.__class__, b.akun_raw, b.akun_nama),  # the rekening code and name
    "dana": lambda b: (b.dana_raw.__class__, b.dana_raw),  # the sumber dana code
}


def parse_pagu(value: object) -> tuple[Decimal | None, bool]:
    """An amount as written by people: numbers, `1.250.000`, `1.000` (a thousand rupiah), `Rp 1.250.000,50`,
    `1,250,000`, `12.5`.

    Returns (amount, valid); empty (or a dash, "Rp -") is (None, True), unreadable text is (None, False).
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
    if not text or _NOTHING.fullmatch(text):
        return None, True
    if _THOUSANDS.fullmatch(text):  # before Decimal, which reads "1.000" as one
        return Decimal(text.replace(".", "")), True
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
    text = (value if value.__class__ is str else str(value)).strip()
    return text or None


# -- reading one code cell --------------------------------------------------------------------------------

class Reading(NamedTuple):
    """What a code cell holds. `kind`: "" empty, program, akun, organisasi, both (a 1-3 segment code that
    reads as program and account alike: `other` is the account reading), error (a code the grammar cannot
    read), text (words, not a code)."""

    kind: str
    kode: kode.Kode | None = None
    error: kode.KodeError | None = None
    name: str | None = None
    org: kode.Kode | None = None  # an office code written before the program code (SIPD joins)
    other: kode.Kode | None = None


_EMPTY = Reading("")


def _attempt(value: object, family: str) -> kode.Kode | kode.KodeError:
    try:
        if isinstance(value, str) and len(value) > kode.MAX_LENGTH:
            return _parse_long(value, family)
        return kode.parse(value, family)
    except kode.KodeError as exc:
        return exc.kept()


def _parse_long(raw: str, family: str) -> kode.Kode:
    """A code glued to a name longer than the grammar reads: parse the head, keep the whole name."""
    parsed = kode.parse(raw[:kode.MAX_LENGTH], family)
    if not parsed.name:
        raise kode.KodeError("too_long", raw)
    start = raw.find(parsed.name[:20])
    name = raw[start:].strip() if start >= 0 else parsed.name
    return kode.Kode(parsed.text, parsed.family, parsed.kind, parsed.segments, parsed.repairs, name)


def read_code(value: object, akun: bool = True) -> Reading:
    """Read a code cell of a program code column: a program code (with its name glued on, or after the office
    code), an account code or a kode organisasi when the column mixes them (`akun`), or why it is none."""
    if value is None:
        return _EMPTY
    if value.__class__ is str:
        if not value.strip():
            return _EMPTY
        joined = kode.office_prefix(value) if len(value) >= 24 else None  # an office code alone is 22 characters
        if joined is not None:
            org = _attempt(joined[0], "organisasi")
            rest = read_code(joined[1], akun)
            if org.__class__ is kode.Kode and rest.kind == "program":
                return rest._replace(org=org)
    program = _attempt(value, "program")
    if program.__class__ is kode.Kode and (len(program.segments) >= 4 or not akun):  # type: ignore[union-attr]
        return Reading("program", program, None, program.name)  # type: ignore[union-attr]
    if value.__class__ is str and value.count(".") >= 7:  # eight segments: a kode organisasi, maybe with its name
        organisasi = _attempt(value, "organisasi")
        if organisasi.__class__ is kode.Kode:
            return Reading("organisasi", organisasi, None, organisasi.name)  # type: ignore[union-attr]
    account = _attempt(value, "akun") if akun else None
    if program.__class__ is kode.Kode and account.__class__ is kode.Kode:
        if len(program.repairs) < len(account.repairs):  # type: ignore[union-attr]
            return Reading("program", program, None, program.name)  # type: ignore[union-attr]
        if len(account.repairs) < len(program.repairs):  # type: ignore[union-attr]
            return Reading("akun", account, None, account.name)  # type: ignore[union-attr]
        return Reading("both", program, None, program.name, None, account)  # type: ignore[union-attr,arg-type]
    if program.__class__ is kode.Kode:
        return Reading("program", program, None, program.name)  # type: ignore[union-attr]
    if account.__class__ is kode.Kode:
        return Reading("akun", account, None, account.name)  # type: ignore[union-attr]
    if isinstance(value, str) and value.strip().lstrip("'\u2018\u2019").strip()[:1].isalpha() \
            and not value.strip()[:2].upper() in ("X.", "X ") and value.strip().upper() != "X":
        return Reading("text", name=value.strip())
    return Reading("error", error=program)  # type: ignore[arg-type]


def _account_hint(name: str | None) -> bool | None:
    """Whether a row's name says it is an account (True), a program-family row (False), or nothing."""
    if not name:
        return None
    word = name.lstrip().split(" ", 1)[0].casefold()
    if word in _ACCOUNT_WORDS:
        return True
    if word in ("urusan", "program", "bidang"):
        return False
    return None


# -- rows -------------------------------------------------------------------------------------------------

def _split_reading(sheet: SheetMap, values: tuple[object, ...], org: kode.Kode | None) -> tuple[object, Reading]:
    """(shown value, reading) of a code split over columns; without urusan and bidang parts, the office's
    own first urusan and bidang (from its kode organisasi) complete it. A sub kegiatan stored as a number (5.0)
    takes the width of the year's codes (`SheetMap.sub_digits`); parts written as text in another grouping
    ("2.13" | "04" | "2.01" | "0005") are read as the code they spell. `values` is padded to the sheet's width."""
    parts = [values[c - 1] for c in sheet.split_columns or ()]
    shown = [p for p in parts if p is not None and p != ""]
    if not shown:
        return None, _EMPTY
    raw = " | ".join(str(p) for p in shown)
    last = shown[-1]
    numeric = isinstance(last, (int, float)) and not isinstance(last, bool) and len(shown) == len(parts)  # no gap
    if len(parts) in (3, 4) and org is not None and not any(f in sheet.columns for f in SPLIT_FIELDS[:2]):
        parts = [org.segments[0], org.segments[1], *parts]
    try:
        return raw, Reading("program", kode.compose(parts, sub_digits=sheet.sub_digits if numeric else None))
    except kode.KodeError as exc:
        error = exc.kept()
    except ValueError:  # not 5 or 6 parts
        error = kode.KodeError("invalid", raw, family="program")
    if all(p is not None and p != "" for p in parts[:len(shown)]) and all(isinstance(p, str) for p in shown):
        try:  # the parts spell the code when joined: "2.13" | "04" | "2.01" | "0005"
            return raw, Reading("program", kode.parse(".".join(p.strip() for p in shown), "program"))
        except kode.KodeError:
            pass
    return raw, Reading("error", error=error)


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


def map_rows(sheet: SheetMap, rows: Iterator[tuple[int, tuple[object, ...]]], default_opd: str,
             default_opd_kode: kode.Kode | None = None) -> Iterator[Baris]:
    """Turn data rows into Baris records with their roles (see the module docstring); every row is counted in
    `sheet.counts`. The hot path of a check: what repeats from row to row is read once per value."""
    cols = sheet.columns
    names = sheet.names
    width = max((c for cs in cols.values() for c in cs), default=0)
    width = max(width, *sheet.cascade, *names.values(), 0)
    padding = (None,) * (width + 1)
    name_i, pagu_i, lokasi_i, wilayah_i, akun_i, akun_name_i = (  # 0-based; -1 (None) for a missing column
        (cols.get(f) or (0,))[0] - 1 for f in ("nama", "pagu", "lokasi", "kode_wilayah", "kode_akun", "uraian_akun"))
    akun_col = akun_i + 1 if akun_i >= 0 else None
    opd_cols = cols.get("kode_opd", ()) + cols.get("opd", ())
    opd_one = opd_cols[0] - 1 if len(opd_cols) == 1 else None
    grain_cols = tuple(c - 1 for f in ("kode_sub_unit", "sub_unit", "kode_sumber_dana", "sumber_dana", "kode_akun")
                       for c in cols.get(f, ()))
    unit_cols = tuple(c - 1 for f in ("kode_sub_unit", "sub_unit") for c in cols.get(f, ()))
    dana_i = (cols.get("kode_sumber_dana") or (0,))[0] - 1  # -1: the padding's None
    opd_codes: dict[str, kode.Kode | None] = {}
    opds: dict[object, tuple[str, kode.Kode | None]] = {}
    # code column -> cell value -> (column, value, reading): a code repeats on many rows
    readings: dict[int, dict[object, tuple[int, object, Reading]]] = {col: {} for col in sheet.cascade}
    split = sheet.notation == "split"
    cascade = sheet.cascade if not split else ()
    code_cols = cascade or sheet.split_columns or ()
    deepest = cascade[-1] if cascade else None
    single = len(cascade) == 1
    # code column -> its own name column (0-based) when that is not the row's name column: a name changing there
    # on a row that repeats the code is judged again
    own_name = {col: names[col] - 1 for col in cascade if col in names and not (single and names[col] - 1 == name_i)}
    tally = dict.fromkeys(ROLES, 0)  # rows per role, added to sheet.counts at the end
    text_cols = max(name_i + 1, 6)  # where a TOTAL / JUMLAH label may stand
    prev: dict[int, object] = {}  # code column -> the value (and own name) on the last row that had one
    first_name: str | None = None  # one code column: the name on the first row of its current code
    judged: set[tuple] = set()  # (column, value, name) of virtual rows judged on this sheet
    prev_opd: object = None
    opd_heading: object = _UNSET  # the heading `opd` was looked up with
    heading: tuple[str, kode.Kode | None] | None = None  # an office heading row's (name, kode organisasi)
    last_role = ""
    after_total = False
    try:
        for number, values in rows:
            first = values[0] if values else None
            if first.__class__ is str and first.strip():
                first_text = first
            else:
                first_text = ""
                for v in values[:text_cols]:
                    if v.__class__ is str and v.strip():
                        first_text = v
                        break
            values = values + padding
            if first_text and (first_text[0] in "TtJjGg" or first_text[0].isspace()) and _TOTAL.match(first_text) \
                    and not any(values[c - 1] not in (None, "") and values[c - 1] != first_text for c in code_cols):
                pagu, valid = parse_pagu(values[pagu_i])
                tally["jumlah"] += 1
                after_total, last_role = True, "jumlah"
                yield Baris(sheet, number, "jumlah", heading[0] if heading else default_opd, nama=first_text.strip(),
                            pagu_raw=values[pagu_i], pagu=pagu, pagu_valid=valid, split=split, total=True)
                continue
            # -- the office ------------------------------------------------------------------------------------
            new_opd = False
            if opd_cols:
                if opd_one is not None:
                    cell = values[opd_one]
                    opd_key: object = cell if cell.__class__ is str else (cell.__class__, cell)
                else:
                    opd_key = tuple(values[c - 1] for c in opd_cols)
                if opd_key != prev_opd or heading is not opd_heading:  # else the office of the row above
                    opd = opds.get((opd_key, heading))  # empty office cells are the office of the heading above
                    if opd is None:
                        if len(opds) >= 10_000:
                            opds.clear()
                        cells = tuple(values[c - 1] for c in opd_cols)
                        opd = opds[opd_key, heading] = _opd(cells, opd_codes, heading[0] if heading else default_opd,
                                                            heading[1] if heading else default_opd_kode)
                    opd_heading = heading
                if opd_key != prev_opd:
                    new_opd = prev_opd is not None and any(values[c - 1] not in (None, "") for c in opd_cols)
                    prev_opd = opd_key
            else:
                opd = heading or (default_opd, default_opd_kode)
            # -- the codes -------------------------------------------------------------------------------------
            nama = values[name_i]
            if nama is not None:
                nama = (nama if nama.__class__ is str else str(nama)).strip() or None
            akun_raw = values[akun_i]
            if akun_raw.__class__ is str and not _DIGIT.search(akun_raw):
                akun_raw = None  # "Kertas HVS" in the account column: a rincian line's text, not a code
            row_akun_col = akun_col if akun_raw is not None else None
            # the deepest program code of the row, the shallower ones of a cascade, an unreadable code, an office
            top = program = error = org = None  # type: ignore[assignment]
            if split:
                raw, reading = _split_reading(sheet, values, opd[1])
                if reading.kind == "program":
                    top = (code_cols[0], raw, reading, _key(raw), reading.kode.kind, "program", None)
                elif reading.kind == "error":
                    error = (code_cols[0], raw, reading)
            else:
                for col in cascade:
                    raw = values[col - 1]
                    if raw is None:
                        continue
                    cells = readings[col]
                    cell = cells.get(raw if raw.__class__ is str else (raw.__class__, raw))
                    if cell is None:
                        if len(cells) >= CACHE_LIMIT:
                            cells.clear()
                        # a shallower level of a cascade is never an account
                        key = raw if raw.__class__ is str else (raw.__class__, raw)
                        reading = read_code(raw, col == deepest)
                        # (column, value, reading, its key, program kind, reading kind, office): read per row
                        # from the tuple, not from the reading's attributes
                        cell = cells[key] = (col, raw, reading, key, reading.kode.kind if reading.kode else "",
                                             reading.kind, reading.org)
                    kind = cell[5]
                    if kind == "program":
                        if top is not None:
                            if program is None:
                                program = []
                            program.append(top)
                        top, org = cell, cell[6] or org
                        continue
                    reading = cell[2]
                    if kind == "":
                        continue
                    if kind == "both":
                        hint = _account_hint(nama)
                        as_account = hint if hint is not None else last_role in ("sub_kegiatan", "akun", "paket")
                        if not as_account:
                            if top is not None:
                                program = [*(program or ()), top]
                            top = (col, raw, reading._replace(kind="program"), cell[3], reading.kode.kind, "program", None)
                            continue
                        reading, kind = reading._replace(kind="akun", kode=reading.other), "akun"
                    if kind == "akun" and akun_raw is None:
                        akun_raw, row_akun_col = raw, col
                    elif kind == "organisasi":
                        org = reading.kode
                        if reading.name or nama:
                            heading = (reading.name or nama or "", reading.kode)
                    elif kind == "error" and error is None:
                        error = (col, raw, reading)
            # -- the role --------------------------------------------------------------------------------------
            if top is not None:
                if program is not None:
                    for col, raw, reading, *_ in program:  # shallower levels of a cascade, where code or name change
                        seen: object = (raw, values[own_name[col]]) if col in own_name else raw
                        if seen != prev.get(col):
                            yield _virtual(sheet, number, col, raw, reading, values, opd, judged)
                            prev[col] = seen
                col, raw, reading, kode_key, kind, _, _ = top
                seen = (raw, values[own_name[col]]) if own_name and col in own_name else raw
                repeat = seen == prev.get(col)
                if akun_raw is not None and (sheet.akun_lines or repeat):
                    if not repeat:
                        yield _virtual(sheet, number, col, raw, reading, values, opd, judged)
                    role = "akun"
                elif not repeat:
                    role = kind
                    first_name = nama
                elif new_opd:
                    role = "opd"  # the office column changes on a row that repeats the last code: an office heading
                elif single and nama and first_name and nama != first_name and \
                        name_key(nama) != name_key(first_name):  # the same text (mostly) needs no keys
                    role = "paket"
                else:
                    role = kind
                prev[col] = seen
            elif error is not None:
                role = "tak_terbaca"
            elif akun_raw is not None:
                role = "akun"
            elif org is not None:
                role = "opd"
            elif nama or first_text:
                text = nama or first_text
                if after_total or _FOOTER.search(text) or _DATED.search(text):
                    role = "catatan"
                elif last_role in ("sub_kegiatan", "kegiatan", "akun", "paket"):
                    role = "paket"
                else:
                    role = "judul"
            elif any(v not in (None, "") for v in values):
                role = "lanjutan"
            else:
                role = "kosong"
            tally[role] += 1
            if role in _UNYIELDED:
                if role == "opd":
                    last_role = role
                continue
            after_total, last_role = False, role  # a row after the total (a code, its repeat): the table goes on
            pagu_raw = values[pagu_i]
            pagu, valid = (Decimal(pagu_raw), True) if pagu_raw.__class__ is int else parse_pagu(pagu_raw)
            lokasi = values[lokasi_i]
            if lokasi is not None:
                lokasi = (lokasi if lokasi.__class__ is str else str(lokasi)).strip() or None
            wilayah = values[wilayah_i]
            if wilayah.__class__ is str and (not wilayah or wilayah.isspace()):
                wilayah = None  # a kode lokasi cell of spaces is an empty one (NK404 may ask for it), no code
            akun_nama = values[akun_name_i]
            if akun_nama is not None:
                akun_nama = _text(akun_nama)
            elif akun_name_i < 0 and role == "akun" and top is None:
                akun_nama = nama  # an account line of a tree: the row's name is the account's
            opd_kode = org if org is not None else opd[1]
            kode_error = nama_col = None
            grain: tuple = ()
            if top is not None:
                parsed = reading.kode
                if own_name and col in own_name:
                    nama_col = names[col]
                    if nama_col - 1 != name_i:
                        nama = _text(values[nama_col - 1])
                elif nama is None and reading.name:
                    nama = reading.name
                if grain_cols:
                    grain = tuple(values[c] for c in grain_cols)
                    if row_akun_col != akun_col:
                        grain += (akun_raw,)
                elif akun_raw is not None:
                    grain = (akun_raw,)
            elif role == "tak_terbaca":
                col, raw, reading = error  # type: ignore[misc]
                parsed, kode_error, kode_key = None, reading.error, _key(raw)
            else:
                col = raw = parsed = kode_key = None
            yield Baris(sheet, number, role, opd[0], raw, parsed, kode_error, split, nama, pagu_raw, pagu, valid,
                        lokasi, wilayah, akun_raw, akun_nama, opd_kode, kode_key, col, nama_col,
                        row_akun_col, grain, tuple(values[c] for c in unit_cols) if unit_cols else None,
                        values[dana_i])
    finally:
        sheet.counts.update({role: n for role, n in tally.items() if n})


_UNSET = object()
_UNYIELDED = frozenset(("catatan", "lanjutan", "kosong", "opd"))


def _key(raw: object) -> object:
    return raw if raw.__class__ is str else (raw.__class__, raw)


def _virtual(sheet: SheetMap, number: int, col: int, raw: object, reading: Reading, values: tuple[object, ...],
             opd: tuple[str, kode.Kode | None], judged: set[tuple]) -> Baris:
    """One level of a cascade row, yielded where its code changes (so judged where it first appears)."""
    name_col = sheet.names.get(col)
    nama = _text(values[name_col - 1]) if name_col else reading.name  # its own name column, or glued to the code
    seen = (col, _key(raw), nama)
    ulang = seen in judged
    if not ulang:
        if len(judged) >= CACHE_LIMIT:
            judged.clear()
        judged.add(seen)
    opd_kode = reading.org or opd[1]
    return Baris(sheet, number, reading.kode.kind, opd[0], kode_raw=raw, kode=reading.kode,  # type: ignore[union-attr]
                 nama=nama, opd_kode=opd_kode, kode_key=_key(raw), kode_col=col, nama_col=name_col,
                 virtual=True, ulang=ulang)
