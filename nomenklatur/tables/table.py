"""One loaded table version, indexed for lookups by (pemda level, code) and by name."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Iterable, Iterator, NamedTuple

from nomenklatur.tables.meta import TableMeta
from nomenklatur.teks import name_key

GENERIC_PREFIX = "X.XX."
_LEVEL_CODE = re.compile(r'\n\["([^"\\\n]*", "[^"\\\n]*)"')  # a stored line's level and code


class Entry(NamedTuple):
    """One code of a table. `pemda` is "" for tables that are the same for every level (akun, wilayah)."""

    pemda: str
    code: str
    kind: str
    name: str
    asal: str
    keterangan: str


class CrosswalkLink(NamedTuple):
    """One link of a crosswalk: a code of the older table and what became of it in the newer one."""

    pemda: str
    from_code: str
    to_code: str
    relation: str  # same | renamed | moved | removed | successor | unmatched


def generic_code(code: str) -> str | None:
    """The generic form of a supporting-program code: `1.02.01.2.01.01` -> `X.XX.01.2.01.01`."""
    parts = code.split(".")
    if len(parts) >= 3 and parts[2] == "01" and parts[0] != "X":
        return GENERIC_PREFIX + ".".join(parts[2:])
    return None


def parent_code(code: str, jenis: str) -> str | None:
    """The parent code by structure (kegiatan `a.bb.cc.d.ee` sits under program `a.bb.cc`)."""
    parts = code.split(".")
    if len(parts) <= 1:
        return None
    if jenis == "nomenklatur" and len(parts) == 5:
        return ".".join(parts[:3])
    return ".".join(parts[:-1])


class Table:
    """A code table (nomenklatur, akun or wilayah) with lazy indexes.

    Built from decoded rows, or from the stored rows' text (`store.read_table_text`): then a code is
    looked up in the block of lines that starts with its first segment (found with two string searches,
    so no order is assumed: the block runs from the first such line to the last), a row is decoded when
    first used, and all rows only when every entry is asked for."""

    def __init__(self, meta: TableMeta, rows: list[list[str]] | None = None, text: str | None = None) -> None:
        self.meta = meta
        self._decoded = rows if text is None else None
        self._text = "\n" if text is None else text  # "\n" + one row a line + "\n"
        self._count: int | None = None
        self._by_key: dict[tuple[str, str], list[str]] | None = None
        self._blocks: dict[tuple[str, str], dict[str, list[str] | str]] = {}  # str: not decoded yet
        self._children: dict[tuple[str, str], list[Entry]] | None = None
        self._by_name: dict[str, dict[str, list[Entry]]] = {}  # pemda -> name key -> entries
        self._keys: set[str] | None = None  # see `_level_codes`

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def _rows(self) -> list[list[str]]:
        if self._decoded is None:
            self._decoded = json.loads("[" + self._text + "]")
            self._blocks = {}
        return self._decoded

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._text.count("\n") - 1 if self._decoded is None else len(self._decoded)
        return self._count

    def entries(self, pemda: str | None = None, kind: str | None = None) -> Iterator[Entry]:
        if self._decoded is None and kind is not None:  # e.g. the 34 provinces of the region table
            rows: Iterable[list[str]] = map(_decode, self._lines_of_kind(kind))
        else:
            rows = self._rows
        return (Entry(*r) for r in rows if (pemda is None or r[0] == pemda) and (kind is None or r[2] == kind))

    def _lines_of_kind(self, kind: str) -> list[str]:
        """The undecoded lines whose kind field is `kind`, found by searching the text for it."""
        text, needle, found, seen = self._text, f'", "{kind}", "', [], set()
        at = text.find(needle)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            if start not in seen:
                seen.add(start)
                line = text[start:end]
                if _line_fields(line)[2] == kind:
                    found.append(line)
            at = text.find(needle, end)
        return found

    def _block(self, pemda: str, head: str) -> dict[str, list[str] | str]:
        """The lines of this level from the first to the last one whose code starts with `head`, by code
        (keyed by plain strings: a loaded table adds no objects for the garbage collector to visit)."""
        block = self._blocks.get((pemda, head))
        if block is None:
            text, needle = self._text, f'\n["{pemda}", "{head}'
            first = text.find(needle)
            block = {}
            if first >= 0:
                last = text.rfind(needle)
                end = text.find("\n", last + 1)
                for line in text[first + 1:end].split("\n"):
                    level, code, _ = _line_fields(line)
                    if level == pemda:
                        block[code] = line
            self._blocks[pemda, head] = block
        return block

    def _row(self, pemda: str, code: str) -> list[str] | None:
        if self._decoded is not None:
            if self._by_key is None:
                self._by_key = {(r[0], r[1]): r for r in self._decoded}
            return self._by_key.get((pemda, code))
        block = self._block(pemda, code.split(".", 1)[0])
        row = block.get(code)
        if row.__class__ is str:
            row = block[code] = _decode(row)  # type: ignore[arg-type]
        return row  # type: ignore[return-value]

    def get(self, code: str, pemda: str = "") -> Entry | None:
        """The entry of exactly this code at this level, or None."""
        row = self._row(pemda, code)
        return None if row is None else Entry(*row)

    def find(self, code: str, pemda: str = "") -> Entry | None:
        """Like get, but an OPD's instance of the supporting program resolves to its generic entry."""
        row = self._row(pemda, code)
        if row is None and self.meta.jenis == "nomenklatur":
            generic = generic_code(code)
            if generic is not None:
                row = self._row(pemda, generic)
        return None if row is None else Entry(*row)

    def has(self, code: str, pemda: str = "") -> bool:
        """Whether `find` would find the code: a set of every row's level and code, read once without decoding
        the rows (asking an older version whether it knew a code costs one set lookup)."""
        if self._keys is None:
            self._keys = self._level_codes()
        if f'{pemda}", "{code}' in self._keys:
            return True
        generic = generic_code(code) if self.meta.jenis == "nomenklatur" else None
        return generic is not None and f'{pemda}", "{generic}' in self._keys

    def _level_codes(self) -> set[str]:
        """Every row's level and code as they stand in its stored line (`kabkota", "2.13.02`): one search of
        the text; lines the search does not read plainly (an escape) are read one by one."""
        if self._decoded is not None:
            return {f'{r[0]}", "{r[1]}' for r in self._decoded}
        keys = _LEVEL_CODE.findall(self._text)
        if len(keys) == len(self):
            return set(keys)
        return {'{}", "{}'.format(*_line_fields(line)[:2]) for line in self._text.strip("\n").split("\n") if line}

    def children(self, code: str, pemda: str = "") -> list[Entry]:
        if self._children is None:
            index: dict[tuple[str, str], list[Entry]] = defaultdict(list)
            for e in self.entries():
                parent = parent_code(e.code, self.meta.jenis)
                if parent is not None:
                    index[(e.pemda, parent)].append(e)
            self._children = dict(index)
        key = (pemda, code)
        if key not in self._children and self.meta.jenis == "nomenklatur":
            generic = generic_code(code)
            if generic is not None:
                key = (pemda, generic)
        return self._children.get(key, [])

    def by_name(self, name: str, pemda: str = "") -> list[Entry]:
        """Entries of a level whose official name equals `name` up to case, spacing and punctuation."""
        names = self._by_name.get(pemda)
        if names is None:  # indexed per level, when a level is first asked for
            index: dict[str, list[Entry]] = defaultdict(list)
            for e in self.entries(pemda):
                if e.name:
                    index[name_key(e.name)].append(e)
            names = self._by_name[pemda] = dict(index)
        return names.get(name_key(name), [])


def _decode(line: str) -> list[str]:
    """One stored row line (`["kabkota", "2.13.02", …],`) decoded; a line of plain strings (no escape) is
    split at its quotes, as JSON would read it, and anything else goes through `json`."""
    if line.endswith(","):
        line = line[:-1]
    if "\\" not in line:
        parts = line.split('"')
        if parts[0] == "[" and parts[-1] == "]" and all(p == ", " for p in parts[2:-1:2]):
            return parts[1::2]
    return json.loads(line)


def _line_fields(line: str) -> tuple[str, str, str]:
    """(pemda, code, kind) of a stored row line, read without decoding it (none holds a quote or escape)."""
    parts = line.split('"', 6)
    if len(parts) == 7 and "\\" not in parts[1] and "\\" not in parts[3] and "\\" not in parts[5]:
        return parts[1], parts[3], parts[5]
    row = _decode(line)
    return row[0], row[1], row[2]


class Crosswalk:
    """Links from the codes of an older table to those of a newer one."""

    def __init__(self, meta: TableMeta, rows: list[list[str]]) -> None:
        self.meta = meta
        self._from: dict[str, list[list[str]]] = defaultdict(list)  # "pemda code" -> its rows, made links when asked
        for r in rows:
            self._from[f"{r[0]} {r[1]}"].append(r)
        self._to: dict[str, list[list[str]]] | None = None

    @property
    def name(self) -> str:
        return self.meta.name

    def links(self, code: str, pemda: str = "") -> list[CrosswalkLink]:
        """What became of an older code in the newer table."""
        return [CrosswalkLink(*r) for r in self._from.get(f"{pemda} {code}", ())]

    def back(self, code: str, pemda: str = "") -> list[CrosswalkLink]:
        """The older codes a newer code came from (links read backwards; the index is built when first asked)."""
        if self._to is None:
            self._to = defaultdict(list)
            for rows in self._from.values():
                for r in rows:
                    if r[2]:
                        self._to[f"{r[0]} {r[2]}"].append(r)
        return [CrosswalkLink(*r) for r in self._to.get(f"{pemda} {code}", ())]

    def __len__(self) -> int:
        return sum(len(v) for v in self._from.values())
