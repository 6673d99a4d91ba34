"""The code grammar: parse, normalize and format every code kind, and say what was repaired.

Four families of dotted codes (no table lookups here, pure grammar):

* ``program``: urusan ``2``, bidang ``2.13``, program ``2.13.02``, kegiatan ``2.13.02.2.01``
  (4th segment = government level digit 1-8), sub kegiatan ``2.13.02.2.01.01`` (era "2") or
  ``2.13.02.2.01.0001`` (era "4"); the generic supporting program is written ``X.XX.01...``.
* ``akun`` (rekening): ``5``, ``5.1``, ``5.1.02``, ``5.1.02.01``, ``5.1.02.01.01``, sub rincian objek
  ``5.1.02.01.01.024`` (era "3", the 2019 chart) or ``5.1.02.01.01.0024`` (era "4", FY2021-2025); from FY2026
  SIPD-RI writes rincian objek with 3 digits and sub rincian objek with 5 (``5.1.02.01.001.00024``, era "5"),
  which `akun_4digit` narrows to the 4-digit form.
* ``organisasi``: ``1.03.0.00.0.00.01.0000`` (urusan, bidang, two further urusan/bidang pairs, unit, sub unit).
* ``wilayah``: ``64``, ``64.02``, ``64.02.03``, ``64.02.03.2001`` (1xxx kelurahan, 2xxx desa, 3xxx desa adat).

What people and Excel do to codes is repaired and reported by stable ids (see `REPAIRS`); a value that
can be read in more than one way raises `KodeError` with reason "ambiguous" rather than guessing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "FAMILIES", "KINDS", "REPAIRS", "Kode", "KodeError",
    "akun_4digit", "compose", "office_prefix", "describe_repairs", "normalize", "parse",
]

FAMILIES = ("program", "akun", "organisasi", "wilayah")
KINDS: dict[str, tuple[str, ...]] = {
    "program": ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan"),
    "akun": ("akun", "kelompok", "jenis", "objek", "rincian_objek", "sub_rincian_objek"),
    "organisasi": ("organisasi",),
    "wilayah": ("provinsi", "kabkota", "kecamatan", "desa", "kelurahan"),
}
_FAMILY_OF_KIND = {kind: family for family, kinds in KINDS.items() for kind in kinds}
MAX_LENGTH = 200

REPAIRS: dict[str, dict[str, str]] = {
    "whitespace": {"id": "spasi dibuang", "en": "spaces removed"},
    "nbsp": {"id": "spasi tak-putus (non-breaking space) dibuang", "en": "non-breaking spaces removed"},
    "invisible": {"id": "karakter tak terlihat dibuang", "en": "invisible characters removed"},
    "apostrophe": {"id": "tanda petik awalan teks Excel dibuang", "en": "Excel text-prefix apostrophe removed"},
    "separator": {"id": "pemisah diganti titik", "en": "separators replaced by dots"},
    "trailing_dot": {"id": "titik di akhir dibuang", "en": "trailing dot removed"},
    "glued_name": {"id": "nama dipisahkan dari kode", "en": "name split off the code"},
    "uppercase_x": {"id": "huruf x diganti X", "en": "x replaced by X"},
    "padding": {"id": "nol di depan ditambahkan", "en": "leading zeros added"},
    "excel_number": {"id": "angka Excel dibaca sebagai kode", "en": "Excel number read as a code"},
}

_ERRORS: dict[str, dict[str, str]] = {
    "empty": {"id": "Kode kosong.", "en": "The code is empty."},
    "invalid": {"id": "{shown} bukan {what} yang sah.", "en": "{shown} is not a valid {what}."},
    "ambiguous": {"id": "{shown} dapat dibaca sebagai {options}; tulis kode lengkapnya agar tidak keliru.",
                  "en": "{shown} could mean {options}; write the full code to remove the doubt."},
    "ambiguous_kind": {"id": "{shown} dapat berupa {options}; sebutkan jenis kode pada kolom ini.",
                       "en": "{shown} could be {options}; say which kind of code this column holds."},
    "too_long": {"id": "Isi sel terlalu panjang untuk sebuah kode (lebih dari {limit} karakter).",
                 "en": "The cell is too long to be a code (more than {limit} characters)."},
}
_EXAMPLE_TEXT = {"id": " Contoh bentuk yang benar: {example}.", "en": " A correct example: {example}."}
_OR = {"id": " atau ", "en": " or "}

_KIND_LABEL = {
    "urusan": ("kode urusan", "urusan code"),
    "bidang": ("kode bidang urusan", "bidang code"),
    "program": ("kode program", "program code"),
    "kegiatan": ("kode kegiatan", "kegiatan code"),
    "sub_kegiatan": ("kode sub kegiatan", "sub kegiatan code"),
    "akun": ("kode akun", "akun code"),
    "kelompok": ("kode kelompok akun", "kelompok code"),
    "jenis": ("kode jenis akun", "jenis code"),
    "objek": ("kode objek akun", "objek code"),
    "rincian_objek": ("kode rincian objek", "rincian objek code"),
    "sub_rincian_objek": ("kode sub rincian objek", "sub rincian objek code"),
    "organisasi": ("kode organisasi", "organisation code"),
    "provinsi": ("kode provinsi", "province code"),
    "kabkota": ("kode kabupaten/kota", "kabupaten/kota code"),
    "kecamatan": ("kode kecamatan", "kecamatan code"),
    "desa": ("kode desa", "desa code"),
    "kelurahan": ("kode kelurahan", "kelurahan code"),
}
_FAMILY_LABEL = {
    None: ("kode", "code"),
    "program": ("kode urusan/program/kegiatan", "urusan/program/kegiatan code"),
    "akun": ("kode rekening", "account (rekening) code"),
    "organisasi": ("kode organisasi", "organisation code"),
    "wilayah": ("kode wilayah", "region (wilayah) code"),
}
_FAMILY_EXAMPLE = {"program": "2.13.02.2.01.0001", "akun": "5.1.02.01.01.0024",
                   "organisasi": "1.03.0.00.0.00.01.0000", "wilayah": "64.02.03.2001"}
_KIND_EXAMPLE = {
    "urusan": "2", "bidang": "2.13", "program": "2.13.02", "kegiatan": "2.13.02.2.01",
    "sub_kegiatan": "2.13.02.2.01.0001", "akun": "5", "kelompok": "5.1", "jenis": "5.1.02",
    "objek": "5.1.02.01", "rincian_objek": "5.1.02.01.01", "sub_rincian_objek": "5.1.02.01.01.0024",
    "organisasi": "1.03.0.00.0.00.01.0000", "provinsi": "64", "kabkota": "64.02", "kecamatan": "64.02.03",
    "desa": "64.02.03.2001", "kelurahan": "64.72.01.1001",
}


def kind_label(kind: str, lang: str = "id") -> str:
    """How people name a kind of code: "kode sub kegiatan", "sub kegiatan code"."""
    label = _KIND_LABEL.get(kind)
    return kind if label is None else label[1 if lang == "en" else 0]


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "id"


def _shown(value: str) -> str:
    text = " ".join(value.split())
    return f'"{text[:57]}…"' if len(text) > 60 else f'"{text}"'


class KodeError(ValueError):
    """A value that is not a code, or whose repair would be a guess.

    `reason` is a stable id ("empty", "invalid", "ambiguous", "too_long"); `value` the input as text;
    `candidates` the canonical readings when ambiguous, `kinds` their kinds ("1" may be urusan or akun);
    `family`/`kind` what was asked for, if anything.
    """

    def __init__(self, reason: str, value: str, candidates: Sequence[str] = (),
                 family: str | None = None, kind: str | None = None, kinds: Sequence[str] = ()) -> None:
        self.reason = reason
        self.value = value
        self.candidates = tuple(candidates)
        self.family = family
        self.kind = kind
        self.kinds = tuple(kinds)
        super().__init__(self.message())

    def __reduce__(self):  # picklable across worker processes despite the custom signature
        return type(self), (self.reason, self.value, self.candidates, self.family, self.kind, self.kinds)

    def kept(self) -> "KodeError":
        """This error without its traceback and the exception it replaced, to be kept with a row: a caught
        error's traceback holds the frames that raised it in a reference cycle, which only the garbage
        collector frees."""
        self.__traceback__ = self.__context__ = None
        return self

    def message(self, lang: str = "id") -> str:
        """The error as one sentence for the user, in Bahasa Indonesia or English (``lang="en"``)."""
        lang = _lang(lang)
        i = 1 if lang == "en" else 0
        what = _KIND_LABEL[self.kind][i] if self.kind else _FAMILY_LABEL[self.family][i]
        key, words = self.reason, list(self.candidates)
        if len(words) == 1:                      # one text, several kinds ("1": urusan or akun)
            key, words = "ambiguous_kind", [_KIND_LABEL[k][i] for k in self.kinds]
        options = ", ".join(words[:-1]) + _OR[lang] + words[-1] if len(words) > 1 else "".join(words)
        text = _ERRORS[key][lang].format(
            shown=_shown(self.value), what=what, options=options, limit=MAX_LENGTH)
        example = _KIND_EXAMPLE.get(self.kind or "") or _FAMILY_EXAMPLE.get(self.family or "")
        if self.reason == "invalid" and example:
            text += _EXAMPLE_TEXT[lang].format(example=example)
        return text


# --- grammar -----------------------------------------------------------------------------------------

# How a raw segment came to be, which decides how it may be widened.
_TEXT, _NUM, _FRAC_NUM, _FRAC_TEXT = range(4)
# _TEXT: typed text, zeros added on the left are a "padding" repair.
# _NUM: a whole number from a numeric cell: Excel drops leading zeros, adding them is "excel_number".
# _FRAC_NUM: the decimals of a numeric cell (2.1): Excel dropped trailing zeros, "2.1" can only be 2.10.
# _FRAC_TEXT: the decimals of number-looking text ("2.1"): 2.01 or 2.10, which one is unknowable.


class _Seg:
    """One segment position: its canonical values and the widths it may be widened to."""

    __slots__ = ("pattern", "ok", "widths", "pad", "either")

    def __init__(self, pattern: str, widths: tuple[int, ...], *, pad: bool = True, either: bool = False):
        self.pattern = pattern
        self.ok = re.compile(pattern, re.ASCII).fullmatch
        self.widths = widths
        self.pad = pad          # may take zeros on the left
        self.either = either    # a short value fits every width equally (sub rincian objek: 3 or 4 digits)

    def fit(self, raw: str, mode: int, widths: tuple[int, ...] | None = None) -> list[tuple[str, str | None]]:
        """The canonical values `raw` can stand for, each with the repair it needs (None: as is)."""
        widths = widths or self.widths
        if len(raw) in widths:
            return [(raw, None)] if self.ok(raw) else []
        wider = [w for w in widths if w > len(raw)]
        if not wider or not raw.isdigit():
            return []
        out: list[tuple[str, str | None]] = []
        if self.pad and mode != _FRAC_NUM:
            for w in wider if self.either else wider[:1]:
                out.append((raw.zfill(w), "excel_number" if mode == _NUM else "padding"))
        if mode in (_FRAC_NUM, _FRAC_TEXT):
            out.append((raw.ljust(wider[0], "0"), "excel_number"))
        return [(v, r) for v, r in out if self.ok(v)]


def _chain(kinds: dict[int, str], *segs: _Seg) -> dict[int, tuple[str, tuple[_Seg, ...]]]:
    """Kinds by segment count, each with the first segments of the chain."""
    return {n: (kind, segs[:n]) for n, kind in kinds.items()}


_NZ2 = _Seg(r"(?!00)\d\d", (2,))
_GRAMMAR = {
    "program": _chain(
        {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"},
        _Seg(r"[1-9X]", (1,), pad=False),                  # urusan
        _Seg(r"(?!00)\d\d|XX", (2,)),                      # bidang
        _NZ2,                                              # program
        _Seg(r"[1-8]", (1,), pad=False),                   # government level
        _NZ2,                                              # kegiatan
        _Seg(r"(?!00)\d\d|(?!0000)\d{4}", (2, 4))),         # sub kegiatan, era 2 or 4
    "akun": _chain(
        dict(enumerate(KINDS["akun"], start=1)),
        _Seg(r"[1-9]", (1,), pad=False), _Seg(r"[1-9]", (1,), pad=False), _NZ2, _NZ2,
        _Seg(r"(?!00)\d\d|(?!000)\d{3}", (2, 3)),                                   # rincian objek, 2 or 3
        _Seg(r"(?!000)\d{3}|(?!0000)\d{4}|(?!00000)\d{5}", (3, 4, 5), either=True)),  # sub rincian objek, era 3, 4 or 5
    "organisasi": _chain(
        {8: "organisasi"},
        _Seg(r"[1-9]", (1,), pad=False), _NZ2,
        _Seg(r"\d", (1,), pad=False), _Seg(r"\d\d", (2,)),
        _Seg(r"\d", (1,), pad=False), _Seg(r"\d\d", (2,)),
        _NZ2, _Seg(r"\d{4}", (4,))),
    "wilayah": _chain(
        {1: "provinsi", 2: "kabkota", 3: "kecamatan", 4: "desa"},
        _Seg(r"[1-9]\d", (2,), pad=False), _NZ2, _NZ2, _Seg(r"[123]\d{3}", (4,), pad=False)),
}


def _valid(family: str, segs: Sequence[str]) -> bool:
    """Constraints across segments: X goes with XX; organisasi urusan/bidang pairs are 0.00 or both set."""
    if family == "program":
        return len(segs) < 2 or (segs[0] == "X") == (segs[1] == "XX")
    if family == "organisasi":
        return all((segs[i] == "0") == (segs[i + 1] == "00") for i in (2, 4))
    if family == "akun" and len(segs) == 6:  # the 2026 shape widens both: 3-digit rincian objek, 5-digit sub
        return (len(segs[4]) == 3) == (len(segs[5]) == 5)
    return True


def _kind_of(family: str, segs: Sequence[str]) -> str:
    kind = _GRAMMAR[family][len(segs)][0]
    return "kelurahan" if kind == "desa" and segs[3][0] == "1" else kind


def _fast_pattern(family: str) -> re.Pattern[str]:
    """One regex for every canonical form of a family, built from the segment grammar.

    Nested optional groups, e.g. ``U(?:\\.B(?:\\.P(?:\\.L\\.K(?:\\.S)?)?)?)?`` for the program family.
    """
    counts = sorted(_GRAMMAR[family])
    segs = _GRAMMAR[family][counts[-1]][1]
    pattern = ""
    for start, end in reversed(list(zip([0, *counts], counts))):
        part = r"\.".join(f"(?:{s.pattern})" for s in segs[start:end])
        pattern = part + pattern if start == 0 else rf"(?:\.{part}{pattern})?"
    return re.compile(pattern, re.ASCII)         # ASCII: "\d" must not match "２" or "٣"


_FAST = {family: _fast_pattern(family).fullmatch for family in FAMILIES}


# A reading: canonical segments plus the grammar repairs that produced them.
_Reading = tuple[tuple[str, ...], tuple[str, ...]]


def _readings(family: str, raws: Sequence[str], modes: Sequence[int],
              last_widths: tuple[int, ...] | None = None) -> list[_Reading]:
    """Every canonical reading of raw segments in one family (none: invalid; several: ambiguous)."""
    if len(raws) not in _GRAMMAR[family]:
        return []
    specs = _GRAMMAR[family][len(raws)][1]
    partial: list[tuple[list[str], list[str]]] = [([], [])]
    last = len(raws) - 1
    for i, (spec, raw, mode) in enumerate(zip(specs, raws, modes)):
        fits = spec.fit(raw, mode, last_widths if i == last else None)
        partial = [(segs + [v], reps + [r] if r and r not in reps else reps)
                   for segs, reps in partial for v, r in fits]
        if not partial:
            return []
    return [(tuple(segs), tuple(reps)) for segs, reps in partial if _valid(family, segs)]


# --- the value ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Kode:
    """A parsed code: canonical text, family, kind, segments, and what was repaired to get there."""

    text: str
    family: str
    kind: str
    segments: tuple[str, ...]
    repairs: tuple[str, ...] = ()
    name: str | None = None

    @property
    def level(self) -> str | None:
        """Government level digit of a kegiatan or sub kegiatan ("1" provinsi, "2" kabupaten/kota, ...)."""
        return self.segments[3] if self.kind in ("kegiatan", "sub_kegiatan") else None

    @property
    def era(self) -> str | None:
        """Format era: sub kegiatan "2" or "4" digits, sub rincian objek "3", "4" or "5" digits (a 3-digit
        rincian objek is era "5" too); else None."""
        if self.kind in ("sub_kegiatan", "sub_rincian_objek"):
            return str(len(self.segments[-1]))
        if self.kind == "rincian_objek" and len(self.segments[-1]) == 3:
            return "5"
        return None

    @property
    def parent(self) -> Kode | None:
        """The code one level up (a kegiatan's parent is its program); None at the top and for organisasi."""
        counts = list(_GRAMMAR[self.family])
        at = counts.index(len(self.segments))
        return _make(self.family, self.segments[:counts[at - 1]]) if at else None

    @property
    def generic(self) -> Kode:
        """Program family: the X.XX form when the program segment is "01" (the supporting program)."""
        segs = self.segments
        if self.family == "program" and len(segs) >= 3 and segs[2] == "01" and segs[0] != "X":
            return _make("program", ("X", "XX", *segs[2:]))
        return self

    def ancestors(self) -> tuple[Kode, ...]:
        """Every code above this one, root first (the code itself not included)."""
        out: list[Kode] = []
        up = self.parent
        while up is not None:
            out.append(up)
            up = up.parent
        return tuple(reversed(out))

    def __str__(self) -> str:
        return self.text


def _make(family: str, segs: tuple[str, ...], repairs: tuple[str, ...] = (), name: str | None = None) -> Kode:
    return Kode(".".join(segs), family, _kind_of(family, segs), segs, repairs, name)


# --- reading a cell ----------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"
                                    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad"))
_NBSP = "\u00a0\u202f\u2007"
_NBSP_TO_SPACE = str.maketrans(_NBSP, "   ")
_CELL = re.compile(r"(\s*)(['\u2018\u2019]?)(\s*)([0-9Xx]+(?:\s*[.,/-]+\s*[0-9Xx]+)*)(.*)", re.S)
_SEPARATOR = re.compile(r"\s*[.,/-]+\s*")
_GLUE = re.compile(r"[\s.,/:;|\-\u2013\u2014]*")
_NAME_GLUE = re.compile(r"[\s:;|\-\u2013\u2014]")     # a name is set off by a space, dash or colon
_TRAILING = re.compile(r"[\s.,/-]*")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(slots=True)
class _Cell:
    """A cell taken apart: raw segments, how each came to be, repairs so far, a glued name."""

    value: str
    raws: list[str]
    modes: list[int]
    repairs: list[str]
    name: str | None = None


def _ordinary_space(text: str) -> bool:
    return any(c.isspace() and c not in _NBSP for c in text)


def _text_cell(value: str) -> _Cell:
    """Clean typed text: invisible characters, spaces, apostrophe, separators, glued name, x."""
    if len(value) > MAX_LENGTH:
        raise KodeError("too_long", value[:MAX_LENGTH] + "…")
    repairs: list[str] = []
    a = value.translate(_INVISIBLE)
    if len(a) != len(value):
        repairs.append("invisible")
    b = a.translate(_NBSP_TO_SPACE)
    if not b.strip().lstrip("'\u2018\u2019").strip():
        raise KodeError("empty", value)
    m = _CELL.match(b)
    if m is None:
        raise KodeError("invalid", value)
    code, rest, rest_at = m.group(4), m.group(5), m.end(4)
    glue = _GLUE.match(rest)
    name = None
    if rest and glue.end() < len(rest):          # something after the code and its glue
        after = rest[glue.end():]
        if not after[0].isalpha() or _NAME_GLUE.search(glue.group()) is None:
            raise KodeError("invalid", value)   # "2.13.02 2020", "2.13.O2"
        name = after.rstrip()
        tail = a[rest_at + glue.end() + len(name):]
        glue_text = ""
    else:
        tail = a[rest_at:]
        glue_text = rest.strip()
        if _TRAILING.fullmatch(rest) is None:
            raise KodeError("invalid", value)
    cleaned = a[:m.start(2)] + a[m.end(2):m.end(3)] + a[m.start(4):rest_at] + tail
    if any(c in _NBSP for c in cleaned):
        repairs.append("nbsp")
    if _ordinary_space(cleaned):
        repairs.append("whitespace")
    if m.group(2):
        repairs.append("apostrophe")
    raws = _SEPARATOR.split(code)
    if any(s.strip() != "." for s in _SEPARATOR.findall(code)):
        repairs.append("separator")
    if glue_text:
        repairs.append("trailing_dot")
    if name is not None:
        repairs.append("glued_name")
    if "x" in code:
        repairs.append("uppercase_x")
        raws = [r.upper() for r in raws]
    modes = [_TEXT] * len(raws)
    if len(raws) == 2 and all(_DIGITS.fullmatch(r) for r in raws):
        modes[1] = _FRAC_TEXT                   # "2.1" may be a number that lost its trailing zero
    return _Cell(value, raws, modes, repairs, name)


def _number_text(value: int | float | Decimal) -> tuple[str, bool]:
    """The digits of a numeric cell (shortest repr for floats), and whether it was a float-like value."""
    if isinstance(value, float):
        if not math.isfinite(value) or value < 0:
            raise KodeError("invalid", repr(value))
        if value >= 1e200:
            raise KodeError("too_long", repr(value))
        return (str(int(value)) if value.is_integer() else repr(value)), True
    if isinstance(value, Decimal):
        if not value.is_finite() or value < 0:
            raise KodeError("invalid", str(value))
        exponent = value.as_tuple().exponent
        if value.adjusted() >= MAX_LENGTH or exponent < -MAX_LENGTH:
            raise KodeError("too_long", str(value))
        integral = value == value.to_integral_value()
        return (str(int(value)) if integral else format(value.normalize(), "f")), exponent < 0
    if value.bit_length() > 600:                # about 180 digits: never turn a huge int into text
        raise KodeError("too_long" if value > 0 else "invalid", f"{Decimal(value):.3e}")
    if value < 0:
        raise KodeError("invalid", str(value))
    return str(value), False


def _number_cell(value: int | float | Decimal, *, any_number_is_repair: bool) -> _Cell:
    """A numeric cell: the integer part, and the decimals whose trailing zeros Excel dropped."""
    text, float_like = _number_text(value)
    if len(text) > MAX_LENGTH:
        raise KodeError("too_long", text)
    raws = text.split(".")
    if len(raws) > 2 or not all(_DIGITS.fullmatch(r) for r in raws):
        raise KodeError("invalid", text)          # e.g. 1e-05
    repairs = ["excel_number"] if float_like or any_number_is_repair else []
    return _Cell(text, raws, [_NUM, _FRAC_NUM][:len(raws)], repairs)


def _cell(value: object, *, any_number_is_repair: bool = False) -> _Cell:
    if isinstance(value, str):
        return _text_cell(value)
    if value is None:
        raise KodeError("empty", "")
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise KodeError("invalid", str(value)[:MAX_LENGTH])
    return _number_cell(value, any_number_is_repair=any_number_is_repair)


# --- choosing a reading ------------------------------------------------------------------------------

_SCOPES: dict[tuple[str | None, str | None], tuple[str, ...]] = {
    (None, None): FAMILIES,
    **{(family, None): (family,) for family in FAMILIES},
    **{(scope, kind): (family,) for kind, family in _FAMILY_OF_KIND.items() for scope in (None, family)},
}


def _families(family: str | None, kind: str | None) -> tuple[str, ...]:
    """The families a value may belong to; ValueError for an unknown family or kind argument."""
    try:
        return _SCOPES[family, kind]
    except (KeyError, TypeError):
        raise ValueError(f"unknown family {family!r} or kind {kind!r}; families: {', '.join(FAMILIES)}, "
                         f"kinds: {', '.join(_FAMILY_OF_KIND)}") from None


def _choose(cell: _Cell, families: tuple[str, ...], family: str | None, kind: str | None,
            last_widths: tuple[int, ...] | None = None) -> Kode:
    """The one reading of a cleaned cell; a family that cannot decide counts as good as an exact one."""
    options: list[tuple[int, Kode]] = []        # (family cost, reading)
    best: set[str] = set()
    best_cost = None
    for fam in families:
        found = [_make(fam, segs, tuple(dict.fromkeys([*cell.repairs, *reps])), cell.name)
                 for segs, reps in _readings(fam, cell.raws, cell.modes, last_widths)]
        found = [k for k in found if kind is None or k.kind == kind]
        if not found:
            continue
        cost = 0 if len(found) > 1 else len(found[0].repairs) - len(cell.repairs)
        options.extend((cost, k) for k in found)
        if best_cost is None or cost < best_cost:
            best, best_cost = {fam}, cost
        elif cost == best_cost:
            best.add(fam)
    if not options:
        raise KodeError("invalid", cell.value, family=family, kind=kind)
    winners = [k for cost, k in options if k.family in best]
    if len(winners) == 1:
        return winners[0]
    ordered = [k for _, k in sorted(options, key=lambda o: o[0])]
    raise KodeError("ambiguous", cell.value, tuple(dict.fromkeys(k.text for k in ordered)), family, kind,
                    tuple(dict.fromkeys(k.kind for k in ordered)))


_CANONICAL: dict[tuple[str, ...], dict[str, Kode]] = {}   # families -> canonical text seen before -> its Kode
_CANONICAL_MAX = 25_000  # texts kept per families (a check reads two or three: program, wilayah, organisasi)


def _fast(text: str, families: tuple[str, ...], kind: str | None) -> Kode | None:
    """An already-canonical string that only one family can read: no cleaning, no search."""
    seen = _CANONICAL.get(families)
    if seen is None:
        seen = _CANONICAL[families] = {}
    k = seen.get(text)
    if k is None:
        found = None
        for fam in families:
            if _FAST[fam](text):
                if found is not None:
                    return None                 # "2": urusan or akun, let the full path say so
                found = fam
        if found is None or (len(families) > 1 and text.count(".") == 1):
            return None                         # "5.1" may also be a program number that lost a zero
        segs = tuple(text.split("."))
        if not _valid(found, segs):
            return None
        k = Kode(text, found, _kind_of(found, segs), segs)
        if len(seen) >= _CANONICAL_MAX:
            seen.clear()
        seen[text] = k
    return k if kind is None or k.kind == kind else None


def parse(value: object, family: str | None = None, *, kind: str | None = None) -> Kode:
    """Read a code from a cell value (str, int, float, Decimal); `family`/`kind` narrow what it may be.

    Raises `KodeError` (reason "empty", "invalid", "ambiguous" or "too_long") and nothing else for
    any value; a `ValueError` only for an unknown `family` or `kind` argument.

    >>> parse("'2.13.2.2.1.1 ").text, parse("'2.13.2.2.1.1 ").repairs
    ('2.13.02.2.01.01', ('whitespace', 'apostrophe', 'padding'))
    """
    families = _families(family, kind)
    if type(value) is str:
        k = _fast(value, families, kind)
        if k is not None:
            return k
    return _choose(_cell(value), families, family, kind)


def normalize(value: object, family: str | None = None) -> str:
    """The canonical text of a code: ``parse(value, family).text``."""
    return parse(value, family).text


_OFFICE_PREFIX = re.compile(r"\s*(\d\.\d\d\.\d\.\d\d\.\d\.\d\d\.\d\d\.\d{4})\s*[._:/\-]?\s*(?=[0-9Xx])(.+)", re.S)


def office_prefix(text: str) -> tuple[str, str] | None:
    """(kode organisasi, the rest) of a cell that writes an office code before another code, as SIPD joins them:
    `1.01.0.00.0.00.01.0000_1.01.01.2.01.01`, `1.01.0.00.0.00.01.0000 1.01.01.2.01.01`; None otherwise.

    >>> office_prefix("2.13.0.00.0.00.01.0000_2.13.02.2.01.0001")
    ('2.13.0.00.0.00.01.0000', '2.13.02.2.01.0001')
    """
    match = _OFFICE_PREFIX.match(text)
    return (match.group(1), match.group(2)) if match else None


def akun_4digit(k: Kode) -> str | None:
    """An account code in the 4-digit form of FY2021-2025: a 2026-shape code (`5.1.02.01.001.00024`) loses one
    leading zero of rincian objek and of sub rincian objek (`5.1.02.01.01.0024`); None where that digit is not a
    zero (rincian objek 100 and above have no 4-digit form). Other account codes are returned as they are.

    >>> akun_4digit(parse("5.1.02.01.001.00024", "akun"))
    '5.1.02.01.01.0024'
    """
    segs = k.segments
    if k.family != "akun" or len(segs) < 5 or len(segs[4]) != 3:
        return k.text
    if segs[4][0] != "0" or (len(segs) == 6 and segs[5][0] != "0"):
        return None
    return ".".join((*segs[:4], segs[4][1:], *(s[1:] for s in segs[5:])))


def describe_repairs(k: Kode, lang: str = "id") -> str:
    """What was repaired, for people: e.g. "spasi dibuang; nol di depan ditambahkan"."""
    lang = _lang(lang)
    return "; ".join(REPAIRS[r][lang] for r in k.repairs)


# --- codes split over columns ------------------------------------------------------------------------

def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.translate(_INVISIBLE).strip())


def _part_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            return _number_text(value)[0]
        except KodeError as exc:
            return exc.value
    return str(value)[:MAX_LENGTH]


def compose(parts: Sequence[object], family: str = "program", *, sub_digits: int | None = None) -> Kode:
    """A code split over columns, left to right, as Excel stores them.

    Program family: 5 parts (urusan, bidang, program, "L.KK" kegiatan, sub kegiatan) or 6 parts (level
    and kegiatan separately); a bidang part may repeat the urusan ("2.13"). Other families: one segment
    per part. Trailing empty parts end the code. `sub_digits` fixes the width of the last segment
    (program: 2 or 4; akun: 3 or 4); None lets the digits given decide.

    >>> compose([1.0, 1.0, 2.0, "2.01", 1.0]).text
    '1.01.02.2.01.01'
    """
    _families(family, None)
    _check_sub_digits(family, sub_digits)
    size = len(parts)
    if family == "program" and size not in (5, 6):
        raise ValueError("program codes split over columns need 5 or 6 parts")
    if not 0 < size <= max(_GRAMMAR[family]):
        raise ValueError(f"{family} codes split over columns need at most {max(_GRAMMAR[family])} parts")
    shown = " | ".join(_part_text(p) for p in parts)
    filled = [not _is_empty(p) for p in parts]
    count = filled.index(False) if False in filled else size
    if count == 0:
        raise KodeError("empty", shown, family=family)
    if any(filled[count:]):
        raise KodeError("invalid", shown, family=family)
    raws: list[str] = []
    modes: list[int] = []
    repairs: list[str] = []
    for column, part in enumerate(parts[:count]):
        try:
            cell = _cell(part, any_number_is_repair=True)
        except KodeError as exc:
            raise KodeError(exc.reason, shown, exc.candidates, family=family) from None
        if cell.name is not None:
            raise KodeError("invalid", shown, family=family)
        repairs.extend(r for r in cell.repairs if r not in repairs)
        wanted = 1
        if family == "program" and column == 1 and len(cell.raws) == 2:
            if cell.raws[0] != raws[0]:          # "2.13" in the bidang column must repeat the urusan
                raise KodeError("invalid", shown, family=family)
            cell.raws, cell.modes = cell.raws[1:], cell.modes[1:]
        elif family == "program" and column == 3 and size == 5:
            wanted = 2                           # kegiatan as level.kegiatan, "2.01"
        if len(cell.raws) != wanted:
            raise KodeError("invalid", shown, family=family)
        raws.extend(cell.raws)
        modes.extend(cell.modes)
    last_widths = (sub_digits,) if sub_digits is not None and len(raws) == max(_GRAMMAR[family]) else None
    cell = _Cell(shown, raws, modes, repairs)
    return _choose(cell, (family,), family, None, last_widths)


def _check_sub_digits(family: str, sub_digits: int | None) -> None:
    allowed = _GRAMMAR[family][max(_GRAMMAR[family])][1][-1].widths
    if sub_digits is not None and (len(allowed) < 2 or sub_digits not in allowed):
        raise ValueError(f"sub_digits must be one of {allowed} for family {family!r}")
