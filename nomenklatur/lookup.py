"""Looking up a code (what it is in every version) or a name (ranked fuzzy matches)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from nomenklatur import kode
from nomenklatur.tables import Catalog, Entry, Table
from nomenklatur.teks import search_text

JENIS_OF_FAMILY = {"program": "nomenklatur", "akun": "akun", "wilayah": "wilayah"}


@dataclass
class Appearance:
    """A code as it stands in one table version at one level."""

    table: str
    pemda: str
    code: str
    name: str
    asal: str


@dataclass
class CodeReport:
    """Everything known of one code across the table versions."""

    code: str
    kind: str
    family: str
    level_digit: str | None
    repairs: tuple[str, ...]
    appearances: list[Appearance] = field(default_factory=list)
    parents: list[Entry] = field(default_factory=list)
    children: int = 0
    successors: list[tuple[str, str, str]] = field(default_factory=list)  # (crosswalk, to_code, relation)


def lookup_code(catalog: Catalog, parsed: kode.Kode, pemda: str | None = None) -> CodeReport:
    """Where a parsed code exists, its name in each version, its parents and children in the newest one."""
    jenis = JENIS_OF_FAMILY.get(parsed.family)
    report = CodeReport(parsed.text, parsed.kind, parsed.family, parsed.level, parsed.repairs)
    if jenis is None:
        return report
    newest: tuple[Table, str] | None = None
    for name in catalog.names(jenis):
        table = catalog.table(name)
        levels = [pemda] if pemda else (list(table.meta.levels) or [""])
        for level in levels:
            entry = table.find(parsed.text, level)
            if entry is not None:
                report.appearances.append(Appearance(name, level, entry.code, entry.name, entry.asal))
                newest = (table, level)
    if newest is not None:
        table, level = newest
        report.parents = [e for e in (table.find(a.text, level) for a in parsed.ancestors()) if e]
        report.children = len(table.children(parsed.text, level))
    for crosswalk_name in catalog.names("crosswalk"):
        for link in catalog.crosswalk(crosswalk_name).links(parsed.text, pemda or ""):
            report.successors.append((crosswalk_name, link.to_code, link.relation))
        if not pemda:
            for level in ("provinsi", "kabkota"):
                for link in catalog.crosswalk(crosswalk_name).links(parsed.text, level):
                    report.successors.append((crosswalk_name, link.to_code, link.relation))
    return report


@lru_cache(maxsize=16)
def _choices(table: Table, pemda: str | None, kinds: tuple[str, ...]) -> tuple[list[Entry], list[str]]:
    """The named entries of a level (and kinds), with their names prepared for search; once per table."""
    entries = [e for e in table.entries(pemda) if e.name and (not kinds or e.kind in kinds)]
    return entries, [search_text(e.name) for e in entries]


def search_names(table: Table, query: str, pemda: str | None = None, limit: int = 10,
                 kinds: tuple[str, ...] = ()) -> list[tuple[float, Entry]]:
    """Entries whose name best matches `query`, best first, with a 0-100 score."""
    from rapidfuzz import fuzz, process

    entries, texts = _choices(table, pemda, kinds)
    wanted = search_text(query)
    if not wanted:
        return []
    matches = process.extract(wanted, texts, scorer=fuzz.WRatio, processor=None, limit=limit, score_cutoff=50)
    return [(score, entries[i]) for _, score, i in matches]


def code_report_dict(report: CodeReport) -> dict[str, object]:
    return {
        "code": report.code, "kind": report.kind, "family": report.family, "level_digit": report.level_digit,
        "repairs": list(report.repairs),
        "versions": [vars(a) for a in report.appearances],
        "parents": [{"code": e.code, "kind": e.kind, "name": e.name} for e in report.parents],
        "children": report.children,
        "successors": [{"crosswalk": c, "to_code": t, "relation": r} for c, t, r in report.successors],
    }


_LEVEL = {"id": {"provinsi": "provinsi", "kabkota": "kabupaten/kota", "": "semua tingkat"},
          "en": {"provinsi": "province", "kabkota": "regency/city", "": "all levels"}}
_RELATION = {"id": {"same": "tetap", "renamed": "ganti nama", "moved": "pindah ke", "removed": "dihapus",
                    "successor": "diganti oleh", "unmatched": "tidak ada yang senama di"},
             "en": {"same": "unchanged", "renamed": "renamed", "moved": "moved to", "removed": "removed",
                    "successor": "succeeded by", "unmatched": "no code of the same name in"}}


def render_code_report(report: CodeReport, lang: str = "id") -> str:
    """A code report as lines a planner can read."""
    en = lang == "en"
    lines = [f"{report.code}  ({report.kind})"]
    if report.repairs:
        lines.append(("  repaired: " if en else "  diperbaiki: ") + kode.describe_repairs(
            kode.Kode(report.code, report.family, report.kind, tuple(report.code.split(".")), report.repairs), lang))
    if not report.appearances:
        lines.append("  not found in any table version" if en else "  tidak ada dalam versi tabel mana pun")
    for a in report.appearances:
        shown = f" = {a.code}" if a.code != report.code else ""
        lines.append(f"  {a.table:<12} {_LEVEL[lang][a.pemda]:<15} {a.name}{shown}")
    for parent in report.parents:
        lines.append(f"  {'parent' if en else 'induk'}: {parent.code} {parent.name}")
    if report.appearances:
        lines.append(f"  {'children' if en else 'jumlah turunan'}: {report.children}")
    for crosswalk, to_code, relation in report.successors:
        if relation != "same":
            lines.append(f"  {crosswalk}: {_RELATION[lang][relation]} {to_code}".rstrip())
    return "\n".join(lines)


def matches_dict(table: str, query: str, matches: list[tuple[float, Entry]], note: str) -> dict[str, object]:
    return {"table": table, "query": query, "note": note or None,
            "matches": [{"score": round(s, 1), "pemda": e.pemda, "code": e.code, "kind": e.kind, "name": e.name}
                        for s, e in matches]}


def render_matches(table: str, query: str, matches: list[tuple[float, Entry]], note: str, lang: str = "id") -> str:
    en = lang == "en"
    lines = [f"{'matches for' if en else 'hasil untuk'} {query!r} ({'table' if en else 'tabel'} {table})"]
    if note:
        lines.append(f"  {note}")
    if not matches:
        lines.append("  no match" if en else "  tidak ada yang cocok")
    for score, e in matches:
        lines.append(f"  {score:5.1f}  {e.code:<20} {_LEVEL[lang][e.pemda]:<15} {e.name}")
    return "\n".join(lines)
