"""Looking up a code (what it is in every version) or a name (ranked fuzzy matches)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from nomenklatur import kode
from nomenklatur.tables import Catalog, Entry, Table
from nomenklatur.tables.padanan import counterparts
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
    regulation: str = ""


@dataclass
class Counterpart:
    """What stands for the code in a version that does not hold it (crosswalks followed both ways)."""

    table: str
    pemda: str
    regulation: str
    codes: list[tuple[str, str]]  # (code, name)
    removed: bool


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
    counterparts: list[Counterpart] = field(default_factory=list)
    form_4digit: str | None = None  # an account in the 2026 shape: the 4-digit form it is looked up as

    @property
    def known(self) -> bool:
        return bool(self.appearances or any(c.codes for c in self.counterparts))


def lookup_code(catalog: Catalog, parsed: kode.Kode, pemda: str | None = None, lang: str = "id") -> CodeReport:
    """Where a parsed code exists, its name in each version (by the regulation), what stands for it in the
    versions that lack it, its parents and children in the newest one. An account in the 2026 shape is looked
    up in its 4-digit form."""
    jenis = JENIS_OF_FAMILY.get(parsed.family)
    report = CodeReport(parsed.text, parsed.kind, parsed.family, parsed.level, parsed.repairs)
    if jenis is None:
        return report
    text = parsed.text
    if parsed.family == "akun" and parsed.era == "5":
        report.form_4digit = text = kode.akun_4digit(parsed) or text
    newest: tuple[Table, str] | None = None
    missing: list[tuple[Table, str]] = []
    for name in catalog.names(jenis):
        table = catalog.table(name)
        levels = [pemda] if pemda else (list(table.meta.levels) or [""])
        for level in levels:
            entry = table.find(text, level)
            if entry is not None:
                report.appearances.append(Appearance(name, level, entry.code, entry.name, entry.asal,
                                                     table.meta.label(lang)))
                newest = (table, level)
            else:
                missing.append((table, level))
    if newest is not None:
        table, level = newest
        report.parents = [e for e in (table.find(a.text, level) for a in kode.parse(text, parsed.family).ancestors())
                          if e]
        report.children = len(table.children(text, level))
    held = {a.pemda for a in report.appearances}
    for table, level in missing:
        if held and level not in held:
            continue  # a code of the other level: its counterparts there say nothing
        codes, removed = counterparts(catalog, text, level, table)
        if codes or removed:
            entries = [(c, (table.find(c, level) or Entry(level, c, "", "", "", "")).name) for c in codes]
            report.counterparts.append(Counterpart(table.name, level, table.meta.label(lang), entries, removed))
    for crosswalk_name in catalog.names("crosswalk"):
        for level in ([pemda or ""] if pemda else ["", "provinsi", "kabkota"]):
            for link in catalog.crosswalk(crosswalk_name).links(text, level):
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
        "repairs": list(report.repairs), "known": report.known, "form_4digit": report.form_4digit,
        "versions": [vars(a) for a in report.appearances],
        "parents": [{"code": e.code, "kind": e.kind, "name": e.name} for e in report.parents],
        "children": report.children,
        "successors": [{"crosswalk": c, "to_code": t, "relation": r} for c, t, r in report.successors],
        "counterparts": [{"table": c.table, "pemda": c.pemda, "regulation": c.regulation, "removed": c.removed,
                          "codes": [{"code": code, "name": name} for code, name in c.codes]}
                         for c in report.counterparts],
    }


_LEVEL = {"id": {"provinsi": "provinsi", "kabkota": "kabupaten/kota", "": "semua tingkat"},
          "en": {"provinsi": "province", "kabkota": "regency/city", "": "all levels"}}
def render_code_report(report: CodeReport, lang: str = "id") -> str:
    """A code report as lines a planner can read: each version by its regulation, then what stands for the
    code where it does not exist."""
    en = lang == "en"
    lines = [f"{report.code}  ({report.kind})"]
    if report.repairs:
        lines.append(("  repaired: " if en else "  diperbaiki: ") + kode.describe_repairs(
            kode.Kode(report.code, report.family, report.kind, tuple(report.code.split(".")), report.repairs), lang))
    if report.form_4digit:
        lines.append(f"  {'4-digit form' if en else 'bentuk 4 digit'}: {report.form_4digit}")
    if not report.known:
        lines.append("  not found in any table version" if en else "  tidak ada dalam versi tabel mana pun")
    for a in report.appearances:
        shown = f" = {a.code}" if a.code != report.code and a.code != report.form_4digit else ""
        lines.append(f"  {a.regulation}  [{_LEVEL[lang][a.pemda]}]: {a.name}{shown}")
    grouped: dict[tuple, list[str]] = {}  # versions with the same counterpart are said on one line
    for c in report.counterparts:
        grouped.setdefault((c.pemda, tuple(c.codes), c.removed), []).append(c.regulation)
    for (pemda, codes, removed), regulations in grouped.items():
        where = f"{'; '.join(regulations)}  [{_LEVEL[lang][pemda]}]"
        if codes:
            found = "; ".join(f"{code} {name}".strip() for code, name in codes)
            lines.append(f"  {'counterpart in' if en else 'padanannya di'} {where}: {found}")
        else:
            lines.append(f"  {'removed without successor in' if en else 'dihapus tanpa pengganti di'} {where}")
    for parent in report.parents:
        lines.append(f"  {'parent' if en else 'induk'}: {parent.code} {parent.name}")
    if report.appearances:
        lines.append(f"  {'children' if en else 'jumlah turunan'}: {report.children}")
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
