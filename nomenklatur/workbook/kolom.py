"""What each column of a sheet holds, decided by its values; the header's words are only hints.

Decision order (after `header.py` has matched each column's label against rules/headers.yaml):

1. The values under the header (up to 40 rows) are read one by one as program-family codes (and how deep),
   account codes, kode organisasi, kode wilayah, code parts (`01`, `2.01`, `1.0`), amounts, text, or a
   code notation the grammar cannot read (SIMDA prints such as `0.00 . 2-17.3-30.3-31.01.0.0 . 1.2.02.1`).
2. A column whose label names a place, a source of funds, an office or a sub unit keeps that meaning; its
   values only say whether it holds codes or names (`kode_wilayah` or `lokasi`, `kode_sumber_dana` or
   `sumber_dana`, `kode_opd` or `opd`, `kode_sub_unit` or `sub_unit`).
3. A column labelled as a code of any kind ("Kode", "Kode Program", "Kode Rekening"), a column without a
   label right of one, and any column whose values are almost all dotted program codes, is what its values
   are: program codes (mixed with account and office rows or not: a "Kode Rekening" column of program codes
   is a program code column), account codes, office codes, code parts, or an unreadable notation. A name
   column whose cells start with a program code ("2.13.01 PROGRAM PENUNJANG") is a program code column too.
4. The notation follows from the program code columns: one column = `full` codes; several = `cascade` (each
   column one level, the deepest filled one is the row's code); only parts = `split` over columns (a group
   of columns under one label is parts when most of it is); none, but account codes = `akun`.
5. Names: in a cascade each level's own name column ("Nama Program", or the text column right of its code)
   names that level; the generic name column names the deepest code of the row. With one code column, a
   level's name column stands for the generic one, and a column of texts right of the code is the name
   column whatever its header. Where a row's program code has its own name column and the sheet has account
   codes, the generic name column describes the account (`uraian_akun`).
6. Other fields are the best-matching label among the columns whose values fit (an amount column holds
   numbers, a name column text); an unlabeled column of "100 %" / "0.02 unit" right of the indicator is the
   target.
7. Rows carrying an account code are account lines (`akun_lines`) when most coded rows carry one: the
   program codes on them then say which sub kegiatan the line belongs to (SIPD flat exports). Otherwise an
   account code is a side note of its program row (a Renja row with its one rekening).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Sequence

from nomenklatur import kode

from .model import CellError

Row = tuple[int, tuple]

PROGRAM_LEVELS = ("kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub_kegiatan")
LEVEL_NAME = {"kode_urusan": "nama_urusan", "kode_bidang": "nama_bidang", "kode_program": "nama_program",
              "kode_kegiatan": "nama_kegiatan", "kode_sub_kegiatan": "nama_sub_kegiatan"}
NAME_FIELDS = ("nama", *LEVEL_NAME.values())
DEPTH_FIELD = {1: "kode_urusan", 2: "kode_bidang", 3: "kode_program", 5: "kode_kegiatan", 6: "kode_sub_kegiatan"}
CODE_HINTS = ("kode", *PROGRAM_LEVELS, "kode_akun")
_PLACE_HINTS = {"lokasi": ("kode_wilayah", "lokasi"), "kode_wilayah": ("kode_wilayah", "lokasi"),
                "sumber_dana": ("kode_sumber_dana", "sumber_dana"),
                "kode_sumber_dana": ("kode_sumber_dana", "sumber_dana"),
                "opd": ("kode_opd", "opd"), "kode_opd": ("kode_opd", "opd"),
                "sub_unit": ("kode_sub_unit", "sub_unit"), "kode_sub_unit": ("kode_sub_unit", "sub_unit")}
_TEXT_FIELDS = ("nama", *LEVEL_NAME.values(), "uraian_akun", "lokasi", "sumber_dana", "opd", "sub_unit",
                "indikator", "keterangan", "satuan")
_AMOUNT_FIELDS = ("pagu",)

# Notations seen in real files that are not Permendagri 90 codes: (name, pattern of a cell).
NOTATIONS = (
    ("SIMDA", re.compile(r"\d{1,2}\.\d{1,2}\s*\.\s+[\d\-.]+\s+\.\s*[\d.]+")),
)
_AMOUNT_TEXT = re.compile(r"(rp\.?\s*)?-?\s*(\d{1,3}(\.\d{3})+(,\d+)?|\d{1,3}(,\d{3})+(\.\d+)?|\d+,\d{1,2})(\s*,-)?",
                          re.IGNORECASE)
_CODEISH = re.compile(r"\w[\w\s.,/-]*[.\-/_][\w\s.,/-]*\w")
_SEGMENTS = re.compile(r"['\u2018\u2019\s+=]*([0-9A-Za-z]{1,5}(?:\s*[.,]\s*[0-9A-Za-z]{1,5}){1,5})\s*")
# The widths of each segment of a program code and of an account code (either era)
_WIDTHS = (((1,), (2,), (2,), (1,), (2,), (2, 4)), ((1,), (1,), (2,), (2,), (2, 3), (3, 4, 5)))
_DIGITS = re.compile(r"\d{1,4}")
_WORD = re.compile(r"[^\W\d_]{2}")
_TOTAL = re.compile(r"(grand\s+)?(total|jumlah)\b", re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+([.,]\d+)?")
_DOTTED = re.compile(r"\d+(\.\d+){2,}")
_WITH_UNIT = re.compile(r"[-+]?\d[\d.,]*\s*(%|[^\W\d_].*)", re.DOTALL)


# -- what one value is ------------------------------------------------------------------------------------

def notation_of(text: str) -> str | None:
    """The name of a known non-P90 code notation a cell is written in, or None."""
    for name, pattern in NOTATIONS:
        if pattern.fullmatch(text.strip()):
            return name
    return None


def p90_shaped(text: str) -> bool:
    """Whether a text that is no code has the shape of a Permendagri 90 program or account code, segment by
    segment, so that it is a code with a slip in it (`2.13.AB.2.01.01`, `2.13.04.2.O1.02`), not another notation
    (SIMDA's `1.01.01.01.001`)."""
    match = _SEGMENTS.fullmatch(text)
    if match is None or not match.group(1)[0] in "0123456789Xx":
        return False
    segments = re.split(r"\s*[.,]\s*", match.group(1))
    return any(all(len(s) in widths for s, widths in zip(segments, family)) for family in _WIDTHS)


def classify(value: object) -> tuple[str, int]:
    """(class, depth) of a cell value: program (depth = segments), shallow (a 1-3 segment code that reads as
    program and account alike), akun, organisasi, wilayah, part, amount, text, unread, other; ("", 0) empty."""
    if value is None or isinstance(value, CellError):
        return "", 0  # an error cell (#REF!) says nothing about what its column holds
    if isinstance(value, bool) or isinstance(value, (date, datetime, time, timedelta)):
        return "other", 0
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float) and not math.isfinite(value):
            return "other", 0
        if 0 <= value < 100 and round(value, 2) == value:
            if value == int(value):
                return "part", 0
            try:  # 1.01: a bidang Excel stored as a number, or the "2.01" part of a split code
                return "program", len(kode.parse(value, "program").segments)
            except kode.KodeError:
                return "part", 0
        return "amount", 0
    text = str(value).strip()
    if not text or _TOTAL.match(text):
        return "", 0  # a TOTAL row's label is not what the column holds
    if text[0].isdigit() and _AMOUNT_TEXT.fullmatch(text):
        return "amount", 0
    if len(text) >= 2 and _DIGITS.fullmatch(text):
        return "part", 0  # "13", "02", "0001": a piece of a split code (a province code only where the label says)
    joined = kode.office_prefix(text)
    if joined is not None and classify(joined[1])[0] == "program":
        return classify(joined[1])  # SIPD's `kode organisasi_kode sub kegiatan`
    readings: dict[str, kode.Kode] = {}
    for family in ("organisasi", "program", "akun", "wilayah"):
        try:
            readings[family] = kode.parse(text[:kode.MAX_LENGTH], family)
        except kode.KodeError:
            continue
        if family == "organisasi":
            return "organisasi", 8
    program, akun = readings.get("program"), readings.get("akun")
    if program is not None and akun is not None:
        if len(program.repairs) < len(akun.repairs):
            akun = None
        elif len(akun.repairs) < len(program.repairs):
            program = None
        else:
            return "shallow", len(program.segments)
    if program is not None:
        return "program", len(program.segments)
    if akun is not None:
        return "akun", len(akun.segments)
    if "wilayah" in readings:
        return "wilayah", len(readings["wilayah"].segments)
    if _DIGITS.fullmatch(text):
        return "part", 0
    if p90_shaped(text):
        return "program", text.count(".") + 1  # a code with a slip in it is still a code of the column
    if _NUMBER.fullmatch(text):
        return "amount", 0
    if notation_of(text):
        return "unread", 0
    if _WORD.search(text):
        return "text", 0
    if _CODEISH.fullmatch(text):
        return "unread", 0
    return "other", 0


@dataclass
class Profile:
    """How many values of a column are of each class, and how deep its program codes go."""

    filled: int = 0
    classes: Counter = field(default_factory=Counter)
    depths: Counter = field(default_factory=Counter)
    akun_depths: Counter = field(default_factory=Counter)  # of codes that read as accounts only (4+ segments)
    text_chars: int = 0
    dotted: int = 0
    with_unit: int = 0
    text_codes: int = 0  # program codes written as text (not numbers)
    notation: str | None = None
    example: str | None = None

    def share(self, *names: str) -> float:
        return sum(self.classes[n] for n in names) / self.filled if self.filled else 0.0

    @property
    def mean_text(self) -> float:
        return self.text_chars / self.classes["text"] if self.classes["text"] else 0.0


def profile(values: Sequence[object], cache: dict) -> Profile:
    """The profile of a column's values (each distinct value classified once)."""
    p = Profile()
    for value in values:
        key = value if value.__class__ is str else (value.__class__, value)
        found = cache.get(key)
        if found is None:
            found = cache[key] = classify(value)
        cls, depth = found
        if not cls:
            continue
        p.filled += 1
        p.classes[cls] += 1
        if cls in ("program", "shallow"):
            p.depths[depth] += 1
            p.text_codes += value.__class__ is str and cls == "program"
        elif cls == "akun":
            p.akun_depths[depth] += 1
        elif cls == "text":
            p.text_chars += len(str(value).strip())
        elif cls == "unread":
            text = str(value).strip()
            p.notation = p.notation or notation_of(text)
            p.example = p.example or text
        if isinstance(value, str):
            p.dotted += _DOTTED.fullmatch(value.strip()) is not None
            p.with_unit += _WITH_UNIT.fullmatch(value.replace("\xa0", " ").strip()) is not None
    return p


# -- the sheet's columns ----------------------------------------------------------------------------------

@dataclass
class Typing:
    """The outcome: field -> columns, and how the program code of a row is read."""

    columns: dict[str, tuple[int, ...]]
    notation: str                       # full | cascade | split | akun | none
    cascade: tuple[int, ...] = ()       # program code columns, shallow to deep (cascade; one column when full)
    names: dict[int, int] = field(default_factory=dict)  # program code column -> its own name column
    akun_lines: bool = False
    akun_tree: bool = False             # account codes at two or more depths: the sheet lists the chart's own lines
    side: tuple[int, ...] = ()          # columns repeating the sub kegiatan's code beside paket rows
    unread: dict[int, str] = field(default_factory=dict)  # column -> notation it is written in ("" unknown)
    examples: dict[int, str] = field(default_factory=dict)  # column -> an unreadable value


def type_columns(labels: dict[int, tuple[str, ...]], hits: dict[int, tuple[str, float, float]],
                 data: list[Row]) -> Typing:
    """Decide what every column holds (see the module docstring for the order of decisions)."""
    width = max([*labels, *(len(values) for _, values in data)], default=0)
    cache: dict = {}
    profiles = {col: profile(_column(data, col), cache) for col in range(1, width + 1)}
    hint = {col: hit[0] for col, hit in hits.items()}
    kind: dict[int, str] = {}
    for col in range(1, width + 1):
        found = _kind(profiles[col], hint.get(col), _after_code(col, hint, labels))
        if found:
            kind[col] = found
    _parts_by_group(kind, labels, hint, profiles)
    program = [c for c in sorted(kind) if kind[c] == "program"]
    parts = [c for c in sorted(kind) if kind[c] == "part"]
    if not program and not parts and "unread" not in kind.values():
        believed = [c for c in sorted(kind) if kind[c] in ("kode", *PROGRAM_LEVELS)] \
            or [c for c in sorted(hint) if hint[c] in ("kode", *PROGRAM_LEVELS) and c not in kind
                and _says_code(labels.get(c, ()))]
        if believed:  # the header names a code column and no column holds codes: the header is believed
            kind[believed[0]] = "program"
            program = [believed[0]]
    columns: dict[str, tuple[int, ...]] = {}
    typing = Typing(columns, "none")
    if program:
        program.sort(key=lambda c: (_depth(profiles[c]), c))
        typing.side = _side_columns(program, profiles)
        program = [c for c in program if c not in typing.side]
        typing.cascade = tuple(program)
        typing.notation = "cascade" if len(program) > 1 else "full"
        _program_fields(columns, program, profiles, hint)
    elif parts:
        typing.notation = "split"
        _split_fields(columns, parts, hint)
    for col, k in kind.items():
        if k == "unread":
            typing.unread[col] = profiles[col].notation or ""
            typing.examples[col] = profiles[col].example or ""
            columns.setdefault("kode", (col,))
        elif k not in ("program", "part", "kode", *PROGRAM_LEVELS):
            _put(columns, k, col, hits)
    used = {c for cols in columns.values() for c in cols}
    if typing.notation == "none" and typing.unread:
        typing.cascade, typing.notation = tuple(sorted(typing.unread)), "full"  # read, to count what is not read
    _other_fields(columns, hits, profiles, used)
    _names(typing, hint, profiles, kind)
    if typing.notation == "none" and "kode_akun" in columns:
        typing.notation = "akun"
    typing.akun_lines = _akun_lines(typing, data, cache)
    typing.akun_tree = any(len(profiles[c].akun_depths) >= 2 for c in (*columns.get("kode_akun", ()), *typing.cascade))
    _uraian_is_the_account(typing, hint)
    _target_by_values(columns, profiles, labels)
    if typing.notation == "full" and not typing.cascade and "kode" in columns:
        typing.cascade = columns["kode"][:1]
    typing.columns = dict(sorted(columns.items(), key=lambda item: item[1]))
    return typing


def _column(data: list[Row], col: int) -> list[object]:
    return [values[col - 1] for _, values in data if len(values) >= col and values[col - 1] is not None]


def _after_code(col: int, hint: dict[int, str], labels: dict) -> bool:
    """Whether an unlabeled column stands right of a code column (one label over several columns)."""
    left = col - 1
    while left >= 1 and not labels.get(left):
        left -= 1
    return left >= 1 and not labels.get(col) and hint.get(left) in CODE_HINTS


def _kind(p: Profile, hint: str | None, after_code: bool) -> str | None:
    """What one column holds (a field name, "program", "part", "unread"), or None to leave it to its label."""
    if hint in _PLACE_HINTS:
        code_field, name_field = _PLACE_HINTS[hint]
        if not p.filled:
            return hint
        if code_field == "kode_wilayah":
            return code_field if p.share("wilayah") >= 0.5 or (hint == code_field and p.share("text") < 0.5) \
                else name_field
        if code_field == "kode_sumber_dana":
            return code_field if p.dotted / p.filled >= 0.8 or p.share("part") >= 0.8 else name_field
        return code_field if p.share("organisasi") >= 0.5 or (hint == code_field and not p.classes["text"]) \
            else name_field
    if not p.filled:
        return hint if hint in CODE_HINTS else None
    coded = p.share("program", "shallow", "akun", "organisasi")
    if hint in CODE_HINTS or after_code:
        if p.share("unread") >= 0.5:
            return "unread"
        if coded >= 0.6:
            if p.classes["program"] and p.share("program") >= 0.1:
                return "program"
            if p.classes["shallow"] and not p.classes["akun"] and not p.classes["organisasi"]:
                return "shallow"  # 1, 2, 3: an urusan column, a piece of a split code, or top-level accounts
            if p.classes["akun"] + p.classes["shallow"] >= p.classes["organisasi"]:
                return "kode_akun"
            return "kode_opd"
        if p.share("part", "shallow") >= 0.6:
            return "part"
        return None if after_code or p.share("text") >= 0.8 else hint
    if hint in NAME_FIELDS or hint is None:  # only text: a column of 1.02, 3.25 values is no code column
        if p.text_codes >= 0.8 * p.filled and sum(n for d, n in p.depths.items() if d >= 2) >= 0.8 * p.filled:
            return "program"  # codes with their names glued on, or a code column with a stray label
    return None


def _parts_by_group(kind: dict[int, str], labels: dict, hint: dict[int, str], profiles: dict[int, Profile]) -> None:
    """A code split over a group of columns (one merged label, or the level labels side by side): when most of
    the group is parts, all of it is (`2.01` in the kegiatan column of a split code reads as a bidang alone)."""
    pieces = ("program", "part", "shallow")
    for col in sorted(profiles):  # a column of pieces between two others ("Tingkat" between kegiatan's parts)
        if col not in kind and kind.get(col - 1) in pieces and kind.get(col + 1) in pieces \
                and profiles[col].filled and profiles[col].share("part", "shallow") >= 0.8:
            kind[col] = "part"
    groups: list[list[int]] = []
    for col in sorted(kind):
        if kind[col] not in pieces:
            continue
        last = groups[-1] if groups else None
        together = last and last[-1] == col - 1 and (
            labels.get(col) == labels.get(last[-1]) or not labels.get(col) or kind[col] == "part"
            or (hint.get(col) in PROGRAM_LEVELS and hint.get(last[-1]) in PROGRAM_LEVELS))
        if together:
            last.append(col)  # type: ignore[union-attr]
        else:
            groups.append([col])
    for group in groups:
        if len(group) < 2:
            continue
        parts = sum(1 for c in group if kind[c] in ("part", "shallow"))
        shallow = sum(1 for c in group if kind[c] == "program" and _depth(profiles[c]) <= 2)
        if parts and parts + shallow == len(group) and parts * 2 >= len(group):
            for c in group:
                kind[c] = "part"
    for col, k in kind.items():  # not a piece of a split code: what its label says, or an urusan column
        if k == "shallow":
            kind[col] = "kode_akun" if hint.get(col) == "kode_akun" else "program"


def _side_columns(program: list[int], profiles: dict[int, Profile]) -> tuple[int, ...]:
    """Columns that only repeat, beside a code column holding every level, the code of one of its levels (the
    sub kegiatan's code beside its paket rows): a reference, not a level of a cascade."""
    tree = [c for c in program if len(profiles[c].depths) >= 3]
    if not tree:
        return ()
    levels = set().union(*(profiles[c].depths for c in tree))
    return tuple(c for c in program if c not in tree and len(profiles[c].depths) == 1
                 and next(iter(profiles[c].depths)) in levels)


def _says_code(label: tuple[str, ...]) -> bool:
    """Whether a column's label calls it a code ("Kode Sub Kegiatan"), not just a level ("Sub Kegiatan")."""
    words = " ".join(label).casefold().replace("_", " ").replace(".", " ").split()
    return any(w in ("kode", "kd", "kodefikasi", "nomor") for w in words)


def _depth(p: Profile) -> float:
    """The typical depth of a program code column: its most common number of segments."""
    return max(p.depths.items(), key=lambda item: (item[1], -item[0]))[0] if p.depths else 0


def _program_fields(columns: dict, program: list[int], profiles: dict[int, Profile], hint: dict[int, str]) -> None:
    """Program code columns under field names: the one column, or the deepest cascade column when it holds
    several levels, is `kode`; a cascade column of one level takes that level's name (else its label's)."""
    if len(program) == 1:
        columns["kode"] = (program[0],)
        return
    for col in reversed(program):
        depths = profiles[col].depths
        names = [DEPTH_FIELD.get(max(depths)) if len(depths) == 1 else None, hint.get(col)]
        if col == program[-1]:
            names.insert(1, "kode")
        name = next((n for n in names if n and n not in columns and n in ("kode", *PROGRAM_LEVELS)), None)
        if name is not None:
            columns[name] = (col,)


def _split_fields(columns: dict, parts: list[int], hint: dict[int, str]) -> None:
    """Parts of a split code: under their level labels when each has one, else all under `kode`."""
    levels = [hint.get(c) for c in parts]
    if all(h in PROGRAM_LEVELS for h in levels) and len(set(levels)) == len(levels):
        for col, name in zip(parts, levels):
            columns[name] = (col,)  # type: ignore[index]
    else:
        columns["kode"] = tuple(parts)


def _put(columns: dict, name: str, col: int, hits: dict) -> None:
    """Map a field to a column unless a better-labelled column already holds it."""
    have = columns.get(name)
    if have is None:
        columns[name] = (col,)
        return
    old, new = hits.get(have[0]), hits.get(col)
    if new and (not old or (-new[1], -new[2]) < (-old[1], -old[2])):
        columns[name] = (col,)


def _other_fields(columns: dict, hits: dict, profiles: dict[int, Profile], used: set[int]) -> None:
    """The remaining fields: per field, the best label among the columns whose values fit it."""
    by_field: dict[str, list[int]] = {}
    for col, (name, _, _) in hits.items():
        if col in used or name in columns or name in CODE_HINTS or name in _PLACE_HINTS:
            continue
        p = profiles.get(col)
        if p is not None and p.filled:
            if name in _AMOUNT_FIELDS and p.share("amount", "part") < 0.5:
                continue
            if name in NAME_FIELDS and p.share("amount", "part") >= 0.8:
                continue
        by_field.setdefault(name, []).append(col)
    for name, cols in by_field.items():
        cols.sort(key=lambda c: (-hits[c][1], -hits[c][2], c))
        columns[name] = (cols[0],)


def _names(typing: Typing, hint: dict[int, str], profiles: dict[int, Profile], kind: dict[int, str]) -> None:
    """Each program code column's own name column (its level's "Nama ..." column, or the text column right of
    it), and the row's name column."""
    columns = typing.columns
    level_names = {name: columns.pop(name)[0] for name in LEVEL_NAME.values() if name in columns}
    used = {c for cols in columns.values() for c in cols} | set(level_names.values())
    for col in typing.cascade:
        depth = max(profiles[col].depths) if profiles[col].depths else 0
        levels = {LEVEL_NAME.get(hint.get(col, ""), ""), LEVEL_NAME.get(DEPTH_FIELD.get(depth, ""), "")}
        own = next((c for name, c in level_names.items() if name in levels), None)
        if own is None and len(profiles[col].depths) == 1 and col + 1 not in used and col + 1 not in kind \
                and _texty(profiles.get(col + 1)):
            own = col + 1
        if own is not None:
            typing.names[col] = own
            used.add(own)
    if "nama" in columns:
        return
    deepest = typing.cascade[-1] if typing.cascade else None
    unpaired = {n: c for n, c in level_names.items() if c not in typing.names.values()}
    if deepest in typing.names:
        columns["nama"] = (typing.names[deepest],)
    elif unpaired:
        order = [LEVEL_NAME[f] for f in reversed(PROGRAM_LEVELS)]
        columns["nama"] = (next(unpaired[n] for n in order if n in unpaired),)
    elif typing.notation in ("full", "split", "cascade"):
        code = max(typing.cascade or columns.get("kode") or (0,))
        for col in sorted(profiles):
            if col > code and col not in used and col not in kind and _texty(profiles[col]):
                columns["nama"] = (col,)
                break


def _texty(p: Profile | None) -> bool:
    return p is not None and p.filled > 0 and p.share("text") >= 0.6 and p.mean_text >= 12


def _akun_lines(typing: Typing, data: list[Row], cache: dict) -> bool:
    """Whether rows carrying an account code are account lines (most coded rows carry one)."""
    akun = typing.columns.get("kode_akun")
    if akun is None or not typing.cascade:
        return False
    coded = with_account = 0
    for _, values in data:
        has_program = any(len(values) >= c and cache.get(_key(values[c - 1]), ("",))[0] in ("program", "shallow")
                          for c in typing.cascade)
        if not has_program:
            continue
        coded += 1
        a = akun[0]
        with_account += len(values) >= a and cache.get(_key(values[a - 1]), ("",))[0] in ("akun", "shallow")
    return coded > 0 and with_account / coded >= 0.6


def _key(value: object) -> object:
    return value if value.__class__ is str else (value.__class__, value)


def _uraian_is_the_account(typing: Typing, hint: dict[int, str]) -> None:
    """The generic name column describes the account where rows are account lines whose program code has a name
    column of its own, or where the sheet has no program code at all (a rincian belanja)."""
    columns = typing.columns
    if "kode_akun" not in columns or "nama" not in columns or "uraian_akun" in columns:
        return
    name = columns["nama"][0]
    if typing.notation in ("akun", "none") or (typing.akun_lines and name not in typing.names.values()
                                              and typing.names):
        columns["uraian_akun"] = columns.pop("nama")


def _target_by_values(columns: dict, profiles: dict[int, Profile], labels: dict) -> None:
    """An unmapped column of "100 %", "0.02 unit" values, right of the indicator, is the target."""
    if "indikator" not in columns or "target" in columns:
        return
    used = {c for cols in columns.values() for c in cols}
    for col in sorted(labels):
        p = profiles.get(col)
        if col in used or col < columns["indikator"][0] or p is None:
            continue
        if p.filled >= 2 and p.with_unit / p.filled >= 0.6:
            columns["target"] = (col,)
            return
