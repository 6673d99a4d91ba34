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
    """Entries whose name best matches `query`, best first, with a 0-100 score (the fuzzy score alone: the
    checks' name suggestions; `rank_names` ranks for a person searching)."""
    from rapidfuzz import fuzz, process

    entries, texts = _choices(table, pemda, kinds)
    wanted = search_text(query)
    if not wanted:
        return []
    matches = process.extract(wanted, texts, scorer=fuzz.WRatio, processor=None, limit=limit, score_cutoff=50)
    return [(score, entries[i]) for _, score, i in matches]


EXACT, WORDS, FUZZY = "exact", "words", "fuzzy"
MATCH_ORDER = (EXACT, WORDS, FUZZY)
# The words a list puts before a name to say its kind: "PROGRAM PENATAAN DESA" is the program Penataan Desa.
NAME_LABELS = ("program ", "urusan pemerintahan bidang ")


WORD_SIMILAR = 60  # below this (0-100) a name's word does not count as the query word mistyped
SCORE_CUTOFF = 40  # the least score of a merely similar name shown


@dataclass(frozen=True)
class NameMatch:
    """An entry found by name: how it matches (exact, words, fuzzy) and its score (0-100, see `rank_names`)."""

    score: float
    entry: Entry
    match: str


@dataclass(frozen=True)
class _Index:
    """The words of a level's names, for ranking: the distinct words, and per entry the ids of the words of the
    name and of the name without its kind label, and that name."""

    vocabulary: list[str]
    words: list[tuple[int, ...]]
    bare_words: list[tuple[int, ...]]
    bare: list[str]


@lru_cache(maxsize=16)
def _index(table: Table, pemda: str | None, kinds: tuple[str, ...]) -> _Index:
    _, texts = _choices(table, pemda, kinds)
    bare = [next((t[len(label):] for label in NAME_LABELS if t.startswith(label)), t) for t in texts]
    ids: dict[str, int] = {}
    words = [tuple(ids.setdefault(w, len(ids)) for w in t.split()) for t in texts]
    bare_words = [tuple(ids[w] for w in t.split()) for t in bare]
    return _Index(list(ids), words, bare_words, bare)


def _similar_words(word: str, vocabulary: list[str]) -> dict[int, float]:
    """The words of the vocabulary like `word` (0-1): the word itself or a word it begins scores 1, a word
    spelled a little differently (or beginning a little differently) less, falling fast: the similarity
    from WORD_SIMILAR to 100 counts as 0.2 to 1 (penatan/penataan 0.87, penataan/pengawasan 0.33);
    words under WORD_SIMILAR are left out."""
    from rapidfuzz import fuzz, process

    found: dict[int, float] = {}
    for candidates in (vocabulary, [w[:len(word)] for w in vocabulary]):
        for _, score, i in process.extract(word, candidates, scorer=fuzz.ratio, processor=None, limit=None,
                                           score_cutoff=WORD_SIMILAR):
            found[i] = max(found.get(i, 0.0), (score - 50) / 50)
    return found


def rank_names(table: Table, query: str, pemda: str | None = None, limit: int = 10,
               kinds: tuple[str, ...] = ()) -> list[NameMatch]:
    """Entries found by name, best first, in three groups:

    1. exact: the name is the query (case and punctuation aside, and a kind label such as "PROGRAM ");
    2. words: every query word begins a word of the name, in any order (the words together and in order
       first);
    3. fuzzy: the other names like the query (a word mistyped, a word missing), from a score of 40.

    Within a group the higher score first. The score (0-100) weighs how much of the query the name holds
    (80 %: each query word, by its length, as like as the name's most alike word is) and how much of the
    name the query stands for (20 %: the share, by length, of the name's words without its kind label that
    are those most alike words); an exact name scores 100."""
    wanted = search_text(query)
    if not wanted:
        return []
    entries, texts = _choices(table, pemda, kinds)
    index = _index(table, pemda, kinds)
    query_words = wanted.split()
    alike = [_similar_words(q, index.vocabulary) for q in query_words]
    touched = set().union(*alike)
    sizes = [len(q) for q in query_words]
    vocabulary = index.vocabulary
    ranked: list[tuple[tuple, NameMatch]] = []
    for i, text in enumerate(texts):
        ids = index.words[i]
        if touched.isdisjoint(ids):
            continue
        if text == wanted or index.bare[i] == wanted:
            ranked.append(((0, 0, 0.0, i), NameMatch(100.0, entries[i], EXACT)))
            continue
        chosen: dict[int, float] = {}  # the name's word each query word stands for, and how alike
        held = 0.0
        for size, a in zip(sizes, alike):
            w = max(ids, key=lambda w: a.get(w, 0.0))
            held += size * a.get(w, 0.0)
            chosen[w] = max(chosen.get(w, 0.0), a.get(w, 0.0))
        held /= sum(sizes)
        bare = index.bare_words[i] or ids
        stood = sum(len(vocabulary[w]) * chosen.get(w, 0.0) for w in set(bare)) / sum(len(vocabulary[w]) for w in bare)
        score = round(100 * (0.8 * held + 0.2 * stood), 1)
        names = [vocabulary[w] for w in ids]
        if all(any(n.startswith(q) for n in names) for q in query_words):
            n = len(query_words)
            phrase = any(all(names[j + k].startswith(q) for k, q in enumerate(query_words))
                         for j in range(len(names) - n + 1))
            ranked.append(((1, not phrase, -score, i), NameMatch(score, entries[i], WORDS)))
        elif score >= SCORE_CUTOFF:
            ranked.append(((2, 0, -score, i), NameMatch(score, entries[i], FUZZY)))
    ranked.sort(key=lambda item: item[0])
    return [m for _, m in ranked[:limit]]


def newest_table(catalog: Catalog, pemda: str | None = None, jenis: str = "nomenklatur") -> str:
    """The list of the latest fiscal year (of the level, when one is given); the later listed on a tie."""
    names = [n for n in catalog.names(jenis)
             if not pemda or not catalog.meta(n).levels or pemda in catalog.meta(n).levels] or catalog.names(jenis)
    return max(reversed(names), key=lambda n: max(catalog.meta(n).fiscal_years, default=0))


@dataclass
class NameSearch:
    """A search by name: the list searched (by name and regulation), why that list, and the matches."""

    table: str
    regulation: str
    query: str
    matches: list[NameMatch]
    note: str = ""  # what the choice of list needs said (a year without its own full list, ...)
    newest: bool = False  # neither a year nor a table was asked: the newest list was searched


def search_list(catalog: Catalog, query: str, table: str | None = None, choice=None, pemda: str | None = None,
                limit: int = 10, lang: str = "id") -> NameSearch:
    """Search a list by name: the table asked, else the one chosen for a year (a `Choice`), else the newest,
    saying so and how to choose another."""
    newest = not table and choice is None
    name = table or (choice.table if choice is not None else newest_table(catalog, pemda))
    found = catalog.table(name)
    note = choice.describe(lang) if choice is not None and not table else ""
    if newest:
        note = ("No --tahun or --tabel given: the newest list was searched. Choose another with --tahun YEAR "
                "(e.g. --tahun 2021) or --tabel NAME (the lists: nomenklatur tables)." if lang == "en" else
                "Tanpa --tahun atau --tabel: yang dicari daftar terbaru. Pilih daftar lain dengan --tahun TAHUN "
                "(mis. --tahun 2021) atau --tabel NAMA (daftarnya: nomenklatur tables).")
    return NameSearch(name, found.meta.label(lang), query, rank_names(found, query, pemda, limit), note, newest)


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


def level_label(pemda: str, lang: str = "id") -> str:
    """A table level as people say it (`kabkota` -> kabupaten/kota)."""
    return _LEVEL["en" if lang == "en" else "id"][pemda]


def render_code_report(report: CodeReport, lang: str = "id") -> str:
    """A code report as lines a planner can read: each version by its regulation, then what stands for the
    code where it does not exist."""
    en = lang == "en"
    lines = [f"{report.code}  ({kode.kind_label(report.kind, lang)})"]
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


_MATCH = {"id": {EXACT: "sama", WORDS: "semua kata", FUZZY: "mirip"},
          "en": {EXACT: "exact", WORDS: "all words", FUZZY: "similar"}}


def matches_dict(search: NameSearch) -> dict[str, object]:
    return {"table": search.table, "regulation": search.regulation, "query": search.query,
            "newest": search.newest, "note": search.note or None,
            "matches": [{"score": round(m.score, 1), "match": m.match, "pemda": m.entry.pemda, "code": m.entry.code,
                         "kind": m.entry.kind, "name": m.entry.name} for m in search.matches]}


def match_label(match: str, lang: str = "id") -> str:
    """How a name matched the words (the same name, every word, similar)."""
    return _MATCH["en" if lang == "en" else "id"][match]


def render_matches(search: NameSearch, lang: str = "id") -> str:
    """The matches as a labelled table under a line naming the list by its regulation."""
    en = lang == "en"
    lines = [(f"{'matches for' if en else 'hasil untuk'} {search.query!r} {'in' if en else 'di'} {search.regulation} "
              f"({'table' if en else 'tabel'} {search.table})")]
    if search.note:
        lines.append(f"  {search.note}")
    if not search.matches:
        lines.append("  no match" if en else "  tidak ada yang cocok")
        return "\n".join(lines)
    head = ("score", "match", "code", "level", "name") if en else ("skor", "cocok", "kode", "tingkat", "nama")
    lines.append(f"  {head[0]:>5}  {head[1]:<10} {head[2]:<20} {head[3]:<15} {head[4]}")
    for m in search.matches:
        e = m.entry
        lines.append(f"  {m.score:5.1f}  {_MATCH[lang][m.match]:<10} {e.code:<20} {_LEVEL[lang][e.pemda]:<15} {e.name}")
    lines.append("  " + ("order: the name itself, then names holding every word (word starts, any order), then "
                         "similar names; the score is the fuzzy similarity (0-100)" if en else
                         "urutan: nama yang sama, lalu nama yang memuat semua kata (awal kata, urutan bebas), lalu "
                         "nama yang mirip; skor = kemiripan (0-100)"))
    return "\n".join(lines)
