"""Crosswalks: what became of an older list's codes in a newer list."""

from __future__ import annotations

from pathlib import Path

from nomenklatur import __version__
from nomenklatur.tables.meta import Source, TableMeta
from nomenklatur.tables.sources import read_source, sha256_of
from nomenklatur.tables.table import Table

Link = tuple[str, str, str, str]


def from_crosscheck(path: Path, name: str, from_table: str, to_table: str, pemda: str) -> tuple[TableMeta, list[Link]]:
    """The 2019 -> FY2021 crosswalk from the per-code comparison file.

    A 2019 code that still exists is `same` or `renamed`; every FY2021 code carrying its 2019 name is a
    `moved` link; a code that is gone with no such successor is `removed`.
    """
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    carriers: dict[str, list[str]] = {}
    for row in rows:
        for old in filter(None, (c.strip() for c in row["same_name_2019_codes"].split(";"))):
            carriers.setdefault(old, []).append(row["code"])
    links: list[Link] = []
    for row in rows:
        if row["in_2019"] != "yes":
            continue
        code = row["code"]
        moved = [c for c in carriers.get(code, []) if c != code]
        if row["in_fy2021"] == "yes":
            links.append((pemda, code, code, "renamed" if row["status"] == "renamed" else "same"))
        elif not moved:
            links.append((pemda, code, "", "removed"))
        links.extend((pemda, code, new, "moved") for new in moved)
    meta = _meta(name, from_table, to_table, "Permendagri 90/2019 -> Kepmendagri 050-3708/2020",
                 (Source(path.name, sha256_of(path), len(rows), "crosscheck", "daftar"),), links)
    return meta, sorted(links)


def from_predecessors(path: Path, name: str, to_table: str) -> tuple[TableMeta, list[Link]]:
    """Successor links from a list's own `kode … sebelumnya` column (pemda from `jenis_pemda`)."""
    rows = read_source(path)
    words = {"PROV": "provinsi", "KABKOT": "kabkota"}
    links = sorted({(words.get(str(r.get("pemda")), ""), str(r["predecessor"]), str(r["code"]), "successor")
                    for r in rows if r.get("predecessor")})
    meta = _meta(name, None, to_table, f"kode pendahulu dalam {to_table}",
                 (Source(path.name, sha256_of(path), len(links), "pendahulu", "pendahulu"),), links)
    return meta, links


def by_names(old: Table, new: Table, name: str, pemda: str, kinds: tuple[str, ...]) -> tuple[TableMeta, list[Link]]:
    """Links across format eras by official name (never by padding alone): the same name under the same
    parent first, else the one code of that name in the whole new list; a code whose name is not found is
    `unmatched` (renamed or removed, the names cannot tell)."""
    links: list[Link] = []
    for entry in old.entries(pemda):
        if entry.kind not in kinds or not entry.name or entry.name.startswith("Dst"):
            continue
        same_name = [e for e in new.by_name(entry.name, pemda) if e.kind == entry.kind]
        parent = entry.code.rsplit(".", 1)[0]
        under_parent = [e for e in same_name if e.code.rsplit(".", 1)[0] == parent]
        chosen = under_parent or (same_name if len(same_name) == 1 else [])
        for e in chosen:
            links.append((pemda, entry.code, e.code, "same" if e.code == entry.code else "successor"))
        if not chosen and new.get(entry.code, pemda) is None:
            links.append((pemda, entry.code, "", "unmatched"))  # no name to follow: not proof it was removed
    meta = _meta(name, old.name, new.name, f"{old.meta.regulation} -> {new.meta.regulation} (menurut nama)",
                 (), links)
    return meta, sorted(links)


def _meta(name: str, from_table: str | None, to_table: str, regulation: str,
          sources: tuple[Source, ...], links: list[Link]) -> TableMeta:
    counts: dict[str, dict[str, int]] = {}
    for pemda, _, _, relation in links:
        level = counts.setdefault(pemda or "semua", {})
        level[relation] = level.get(relation, 0) + 1
    return TableMeta(name=name, jenis="crosswalk", title=f"Padanan kode {from_table or 'daftar sebelumnya'} -> {to_table}",
                     regulation=regulation, from_table=from_table, to_table=to_table, sources=sources,
                     counts=counts, built_with=f"nomenklatur {__version__} tables import")


