"""One loaded table version, indexed for lookups by (pemda level, code) and by name."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator, NamedTuple

from nomenklatur.tables.meta import TableMeta
from nomenklatur.teks import name_key

GENERIC_PREFIX = "X.XX."


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
    relation: str  # same | renamed | moved | removed | successor


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
    """A code table (nomenklatur, akun or wilayah) with lazy indexes."""

    def __init__(self, meta: TableMeta, rows: list[list[str]]) -> None:
        self.meta = meta
        self._rows = rows  # Entry tuples are made on demand: a 91,000-row region table loads at once
        self._by_key: dict[tuple[str, str], list[str]] | None = None
        self._children: dict[tuple[str, str], list[Entry]] | None = None
        self._by_name: dict[tuple[str, str], list[Entry]] | None = None

    @property
    def name(self) -> str:
        return self.meta.name

    def __len__(self) -> int:
        return len(self._rows)

    def entries(self, pemda: str | None = None, kind: str | None = None) -> Iterator[Entry]:
        return (Entry(*r) for r in self._rows if (pemda is None or r[0] == pemda) and (kind is None or r[2] == kind))

    def _index(self) -> dict[tuple[str, str], list[str]]:
        if self._by_key is None:
            self._by_key = {(r[0], r[1]): r for r in self._rows}
        return self._by_key

    def get(self, code: str, pemda: str = "") -> Entry | None:
        """The entry of exactly this code at this level, or None."""
        row = self._index().get((pemda, code))
        return None if row is None else Entry(*row)

    def find(self, code: str, pemda: str = "") -> Entry | None:
        """Like get, but an OPD's instance of the supporting program resolves to its generic entry."""
        row = self._index().get((pemda, code))
        if row is None and self.meta.jenis == "nomenklatur":
            generic = generic_code(code)
            if generic is not None:
                row = self._index().get((pemda, generic))
        return None if row is None else Entry(*row)

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
        """Entries whose official name equals `name` up to case, spacing and punctuation."""
        if self._by_name is None:
            index: dict[tuple[str, str], list[Entry]] = defaultdict(list)
            for e in self.entries():
                if e.name:
                    index[(e.pemda, name_key(e.name))].append(e)
            self._by_name = dict(index)
        return self._by_name.get((pemda, name_key(name)), [])


class Crosswalk:
    """Links from the codes of an older table to those of a newer one."""

    def __init__(self, meta: TableMeta, rows: list[list[str]]) -> None:
        self.meta = meta
        self._from: dict[tuple[str, str], list[CrosswalkLink]] = defaultdict(list)
        for r in rows:
            link = CrosswalkLink(*r)
            self._from[(link.pemda, link.from_code)].append(link)

    @property
    def name(self) -> str:
        return self.meta.name

    def links(self, code: str, pemda: str = "") -> list[CrosswalkLink]:
        return self._from.get((pemda, code), [])

    def __len__(self) -> int:
        return sum(len(v) for v in self._from.values())
