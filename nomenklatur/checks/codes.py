"""Code rules: unknown codes (NK201), names that do not match their code (NK202), outdated codes (NK203)."""

from __future__ import annotations

from dataclasses import dataclass

from nomenklatur.baris import CACHE_LIMIT, PROGRAM_ROLES, Baris
from nomenklatur.checks.base import Context, Rule, register
from nomenklatur.tables import Entry
from nomenklatur.tables.padanan import counterparts
from nomenklatur.teks import name_key, search_text

OTHER_LEVEL = {"provinsi": "kabkota", "kabkota": "provinsi"}
LEVEL_DIGIT = {"provinsi": "1", "kabkota": "2"}


@dataclass(frozen=True)
class Resolution:
    """What a code is in the file's table: found, found only at the other level, from another version, or
    unknown. For another version's code: the versions that hold it, its counterparts in the file's table
    (successors of an older code, predecessors of a newer one), whether a crosswalk says it was removed, and
    whether its versions are newer than the file's table."""

    status: str  # found | other_level | outdated | unknown
    entry: Entry | None = None
    versions: tuple[str, ...] = ()
    counterparts: tuple[str, ...] = ()
    removed: bool = False
    newer: bool = False


def resolve(ctx: Context, code: str) -> Resolution:
    """Resolve a program-family code once per table version and level (the answer depends on the catalog
    alone, so it is kept on it: codes repeat on many rows, and across the files of a run)."""
    cache = ctx.cache.get("resolve")
    if cache is None:
        cache = ctx.cache["resolve"] = ctx.catalog.derived.setdefault(f"resolve {ctx.table.name} {ctx.pemda}", {})
    found = cache.get(code)
    if found is not None:
        return found
    table = ctx.table
    entry = table.find(code, ctx.pemda)
    if entry is not None:
        result = Resolution("found", entry)
    elif (other := table.find(code, OTHER_LEVEL[ctx.pemda])) is not None:
        result = Resolution("other_level", other)
    else:
        others = ctx.cache.get("other versions")
        if others is None:
            others = ctx.cache["other versions"] = [ctx.catalog.table(n) for n in ctx.catalog.names("nomenklatur")
                                                    if n != table.name]
        other_level = OTHER_LEVEL[ctx.pemda]
        holding = [t for t in others if t.has(code, ctx.pemda) or t.has(code, other_level)]
        if holding:
            codes, removed = counterparts(ctx.catalog, code, ctx.pemda, table)
            newer = min(_year(t) for t in holding) > _year(table)
            result = Resolution("outdated", versions=tuple(t.name for t in holding), counterparts=codes,
                                removed=removed and not codes, newer=newer)
        else:
            result = Resolution("unknown")
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[code] = result
    return result


def _year(table) -> int:
    """The (last) fiscal year of a list; the 2019 annex, which names none, counts as 2019."""
    return max(table.meta.fiscal_years, default=2019)


def suggest_by_name(ctx: Context, nama: str | None, kind: str, code: str) -> Entry | None:
    """The entry of the file's table whose official name best matches a row's name (score >= 85). Of the
    entries with exactly that name (a sub kegiatan repeated under several kegiatan), the one nearest the row's
    code: most leading segments in common, the first in the list on a tie."""
    if not nama:
        return None
    exact = [e for e in ctx.table.by_name(nama, ctx.pemda) if e.kind == kind]
    if exact:
        return max(exact, key=lambda e: _segments_shared(_instance(e, code), code))
    cache = ctx.cache.get("suggest")  # the fuzzy search (tens of microseconds) once per name and kind, as resolve
    if cache is None:
        cache = ctx.cache["suggest"] = ctx.catalog.derived.setdefault(f"suggest {ctx.table.name} {ctx.pemda}", {})
    if (nama, kind) in cache:
        return cache[nama, kind]
    from nomenklatur.lookup import search_names

    matches = search_names(ctx.table, nama, ctx.pemda, limit=1, kinds=(kind,))
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    found = cache[nama, kind] = matches[0][1] if matches and matches[0][0] >= 85 else None
    return found


def _segments_shared(a: str, b: str) -> int:
    """How many leading segments two codes have in common."""
    shared = 0
    for x, y in zip(a.split("."), b.split(".")):
        if x != y:
            break
        shared += 1
    return shared


def _instance(entry: Entry, code: str) -> str:
    """The code as the OPD writes it: a generic X.XX entry takes the row's own bidang."""
    if entry.code.startswith("X.XX") and not code.startswith("X"):
        return ".".join(code.split(".")[:2]) + entry.code[4:]
    return entry.code


def _nk201(ctx: Context, b: Baris) -> None:
    """A code that follows the grammar but is not in the table of the fiscal year and level, nor in another
    version of it, nor at the other level (those are NK203 and NK302). Any level: urusan, bidang, program,
    kegiatan or sub kegiatan.

    Lulus / passes: `2.13.02.2.01.01` in a kabupaten/kota file of FY2021
        | Kode            | Uraian                                                            |
        | 2.13.02.2.01.01 | Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa |
    Lulus / passes: `2.13.02.2.01.0001` in FY2024, where sub kegiatan have four digits
        $ nomenklatur check usulan.xlsx --tahun 2024 --tingkat kabkota
        | Kode              | Uraian                                                            |
        | 2.13.02.2.01.0001 | Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa |
    Lulus / passes: `2.13.02.1.01.01`, a provincial code in a kabupaten/kota file: known, at the other level (NK302)
        | Kode            | Uraian |
        | 2.13.02.1.01.01 |        |
    Lulus / passes: `2.13.02.2.01.0001` in FY2021: known, from another version (NK203)
        | Kode              | Uraian |
        | 2.13.02.2.01.0001 |        |
    Gagal / fails:  `2.13.02.2.01.09` (no such sub kegiatan); the row's name points to the likely code
        | Kode            | Uraian                       |
        | 2.13.02.2.01.09 | Fasilitasi Tata Wilayah Desa |
    Gagal / fails:  `2.13.99`, no such program
        | Kode    | Uraian |
        | 2.13.99 |        |
    Gagal / fails:  `2.13.02.2.99`, no such kegiatan
        | Kode         | Uraian |
        | 2.13.02.2.99 |        |
    Gagal / fails:  `2.99`, no such bidang
        | Kode | Uraian |
        | 2.99 |        |
    Gagal / fails:  `2.13.02.2.01.0099` in FY2024
        $ nomenklatur check usulan.xlsx --tahun 2024 --tingkat kabkota
        | Kode              | Uraian |
        | 2.13.02.2.01.0099 |        |
    """
    if b.kode is None or b.kode.family != "program":
        return
    res = resolve(ctx, b.kode.text)
    if res.status != "unknown":
        return
    guess = suggest_by_name(ctx, b.nama, b.kode.kind, b.kode.text)
    key = (b.opd, b.kode.text)
    if guess is not None:
        code = _instance(guess, b.kode.text)
        ctx.emit("NK201", "unknown", b.place("kode"), value=b.kode.text, expected=code, key=key,
                 table=ctx.table_label["id"], table_en=ctx.table_label["en"], suggestion=("fix_name", code, False),
                 name=guess.name, **ctx.list_params())
    else:
        ctx.emit("NK201", "unknown", b.place("kode"), value=b.kode.text, key=key, table=ctx.table_label["id"],
                 table_en=ctx.table_label["en"], suggestion=("fix_lookup", None, False), **ctx.list_params())


NK201 = register(Rule(
    id="NK201", category="unknown-code", severity="error",
    title={"id": "Kode tidak ada dalam daftar", "en": "Code not in the list"},
    messages={
        "unknown": {"id": "kode {value} tidak ada dalam daftar {table}{note}",
                    "en": "code {value} is not in the list {table_en}{note_en}"},
        "fix_name": {"id": "menurut namanya, kode yang dimaksud mungkin {expected} ({name})",
                     "en": "by its name, the intended code may be {expected} ({name})"},
        "fix_lookup": {"id": "cari kode yang benar dengan: nomenklatur lookup \"nama kegiatan\"",
                       "en": "find the right code with: nomenklatur lookup \"activity name\""},
    },
    doc=_nk201.__doc__ or "", row=_nk201, memo="kode", roles=PROGRAM_ROLES,
))


def _nk202(ctx: Context, b: Baris) -> None:
    """The name does not match the code's official name (case, spacing and punctuation do not count, nor the
    level word an urusan, bidang or program name begins with). A name that is the start of the official one
    is "cut short"; the name of another code says which code it belongs to.

    Lulus / passes: `2.13.02` "Program Penataan Desa" (only case differs)
        | Kode    | Uraian                |
        | 2.13.02 | Program Penataan Desa |
    Lulus / passes: `2.13.02` "Penataan Desa", `2.13` "Pemberdayaan Masyarakat dan Desa": without their level words
        | Kode    | Uraian                           |
        | 2.13    | Pemberdayaan Masyarakat dan Desa |
        | 2.13.02 | Penataan Desa                    |
    Lulus / passes: `2.13.02.2.01.01` without its commas
        | Kode            | Uraian                                                         |
        | 2.13.02.2.01.01 | Pembentukan Penghapusan Penggabungan dan Perubahan Status Desa |
    Lulus / passes: `2.13.02.2.01.01` without a name (NK404)
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    Gagal / fails:  `2.13.02` "Program Pembinaan Desa"
        | Kode    | Uraian                 |
        | 2.13.02 | Program Pembinaan Desa |
    Gagal / fails:  `2.13.02.2.01.01` with its name cut short
        | Kode            | Uraian                                                |
        | 2.13.02.2.01.01 | Pembentukan, Penghapusan, Penggabungan, dan Perubahan |
    Gagal / fails:  `2.13.02.2.01.02` with the name of 2.13.02.2.01.01
        | Kode            | Uraian                                                            |
        | 2.13.02.2.01.02 | Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa |
    """
    if b.kode is None or not b.nama or b.kode.family != "program":
        return
    if b.kode.segments[-1] in ("X", "XX"):
        return  # X and X.XX name no affair: their list names are placeholders ("URUSAN X.XX")
    res = resolve(ctx, b.kode.text)
    entry = res.entry
    if res.status != "found" or entry is None or not entry.name or _same_name(ctx, entry.name, b.nama, b.kode.kind):
        return
    key = (b.opd, b.kode.text)
    params = ctx.list_params()
    owners = [e for e in ctx.table.by_name(b.nama, ctx.pemda) if e.kind == b.kode.kind and e.code != entry.code]
    if owners:
        owner = _instance(owners[0], b.kode.text)
        ctx.emit("NK202", "mismatch_owner", b.place("nama"), value=b.nama, expected=entry.name, key=key,
                 code=b.kode.text, owner=owner, suggestion=("fix_owner", None, False), **params)
        return
    given, official = name_key(b.nama), name_key(entry.name)
    if len(given) >= 40 and official.startswith(given):
        ctx.emit("NK202", "truncated", b.place("nama"), value=b.nama, expected=entry.name, key=key, code=b.kode.text,
                 suggestion=("fix", entry.name, True), **params)
        return
    from rapidfuzz import fuzz

    similar = fuzz.token_sort_ratio(search_text(b.nama), search_text(entry.name)) >= 80
    ctx.emit("NK202", "mismatch", b.place("nama"), value=b.nama, expected=entry.name, key=key, code=b.kode.text,
             suggestion=("fix", entry.name, similar), **params)


# Words an urusan, bidang or program name may be written with or without ("URUSAN PEMERINTAHAN BIDANG
# PENDIDIKAN" is "Pendidikan" in many documents), as name keys, the longest first.
_LEADING = tuple(name_key(w) for w in ("urusan pemerintahan bidang", "urusan pemerintahan", "bidang urusan",
                                       "urusan", "bidang", "program"))


def _bare(key: str) -> str:
    """A name key without the level word it begins with."""
    for word in _LEADING:
        if key.startswith(word) and len(key) > len(word):
            return key[len(word):]
    return key


def _same_name(ctx: Context, official: str, given: str, kind: str = "") -> bool:
    """Whether two names are equal up to case, spacing and punctuation (and, for urusan, bidang and program,
    the level word they begin with); cached per pair, as rows repeat."""
    if official == given:
        return True
    cache = ctx.cache.setdefault("NK202", {})
    same = cache.get((official, given))
    if same is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        a, b = name_key(official), name_key(given)
        same = a == b or (kind in ("urusan", "bidang", "program") and _bare(a) == _bare(b))
        cache[official, given] = same
    return same


NK202 = register(Rule(
    id="NK202", category="name-mismatch", severity="error",
    title={"id": "Nama tidak sesuai kode", "en": "Name does not match its code"},
    messages={
        "mismatch": {"id": "nama untuk kode {code} tidak sesuai nomenklatur: tertulis {value!r}{note}",
                     "en": "the name of code {code} does not match the nomenclature: found {value!r}{note_en}"},
        "truncated": {"id": "nama untuk kode {code} terpotong: tertulis {value!r}{note}",
                      "en": "the name of code {code} is cut short: found {value!r}{note_en}"},
        "mismatch_owner": {"id": "nama {value!r} bukan nama kode {code}; nama itu milik kode {owner}{note}",
                           "en": "{value!r} is not the name of code {code}; that name belongs to code {owner}{note_en}"},
        "fix": {"id": "nama resmi: {expected}", "en": "official name: {expected}"},
        "fix_owner": {"id": "ganti kodenya menjadi {owner}, atau namanya menjadi {expected}",
                      "en": "change the code to {owner}, or the name to {expected}"},
    },
    doc=_nk202.__doc__ or "", row=_nk202, memo="kode", roles=PROGRAM_ROLES,
))


def _nk203(ctx: Context, b: Baris) -> None:
    """The code exists only in another version of the list (older or newer): name what stands for it in the
    file's list, found through the crosswalks both ways (an older code's successor, a newer code's
    predecessor), else by the row's name. "Removed without successor" only where a crosswalk says so. In a
    file of another year than its list (NK007), or of no known year, once per code and as information.

    Lulus / passes: `2.13.02.2.01.01` in FY2021
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    Lulus / passes: `2.13.02.2.01.09`, in no version at all (NK201)
        | Kode            | Uraian |
        | 2.13.02.2.01.09 |        |
    Gagal / fails:  `2.13.02.2.01.07` of Permendagri 90/2019, removed without successor by Kepmendagri
                    050-3708/2020, in an FY2021 file
        | Kode            | Uraian |
        | 2.13.02.2.01.07 |        |
    Gagal / fails:  `2.13.02.2.01.0001` (FY2024) in an FY2021 file: its FY2021 code is 2.13.02.2.01.01
        | Kode              | Uraian |
        | 2.13.02.2.01.0001 |        |
    Gagal / fails:  `2.13.02.2.01.01` (FY2021) in an FY2024 file: its FY2024 code is 2.13.02.2.01.0001
        $ nomenklatur check usulan.xlsx --tahun 2024 --tingkat kabkota
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    Gagal / fails:  `2.13.02.2.01.0001` on three rows of a file titled for 2024 but checked as FY2021 (NK007):
                    said once, as information
        | RENJA TAHUN 2024  |        |        |
        | Kode              | Uraian | Lokasi |
        | 2.13.02.2.01.0001 |        | Desa A |
        | 2.13.02.2.01.0001 |        | Desa B |
        | 2.13.02.2.01.0001 |        | Desa C |
    """
    if b.kode is None or b.kode.family != "program":
        return
    res = resolve(ctx, b.kode.text)
    if res.status != "outdated":
        return
    key = (b.opd, b.kode.text)
    params = ctx.list_params()
    if ctx.tahun_doubt is not None:  # the file is of another year than its list: once a code, for information
        said = ctx.state.setdefault("NK203_said", set())
        if b.kode.text in said:
            return
        said.add(b.kode.text)
        key, params["at_most"] = ("", b.kode.text), "info"
    labels = ctx.labels(res.versions)
    params.update(value=b.kode.text, key=key, versions=labels["id"], versions_en=labels["en"],
                  table=ctx.table_label["id"], table_en=ctx.table_label["en"])
    variant = "newer" if res.newer else "outdated"
    if res.counterparts:
        codes = ", ".join(res.counterparts)
        single = res.counterparts[0] if len(res.counterparts) == 1 else None
        ctx.emit("NK203", variant, b.place("kode"), expected=single, codes=codes,
                 suggestion=("fix_predecessor" if res.newer else "fix_successor", single, False), **params)
    elif res.removed:
        ctx.emit("NK203", variant, b.place("kode"), suggestion=("fix_removed", None, False), **params)
    else:
        guess = suggest_by_name(ctx, b.nama, b.kode.kind, b.kode.text)
        if guess is not None:
            code = _instance(guess, b.kode.text)
            ctx.emit("NK203", variant, b.place("kode"), expected=code, codes=code, name=guess.name,
                     suggestion=("fix_by_name", code, False), **params)
        else:
            ctx.emit("NK203", variant, b.place("kode"), suggestion=("fix_unknown", None, False), **params)


NK203 = register(Rule(
    id="NK203", category="outdated-code", severity="warning",
    title={"id": "Kode dari versi lain", "en": "Code from another version"},
    messages={
        "outdated": {"id": "kode {value} tidak berlaku menurut {table}; kode ini dari daftar yang lebih lama: "
                           "{versions}{note}",
                     "en": "code {value} is not valid under {table_en}; it is from an older list: {versions_en}"
                           "{note_en}"},
        "newer": {"id": "kode {value} belum ada menurut {table}; kode ini dari daftar yang lebih baru: {versions}"
                        "{note}",
                  "en": "code {value} does not exist yet under {table_en}; it is from a newer list: {versions_en}"
                        "{note_en}"},
        "fix_successor": {"id": "penggantinya menurut {table}: {codes}", "en": "its successor under {table_en}: {codes}"},
        "fix_predecessor": {"id": "kode yang sepadan menurut {table}: {codes}",
                            "en": "the matching code under {table_en}: {codes}"},
        "fix_by_name": {"id": "menurut namanya, kode yang sepadan mungkin {codes} ({name})",
                        "en": "by its name, the matching code may be {codes} ({name})"},
        "fix_removed": {"id": "kode ini dihapus tanpa pengganti; pilih sub kegiatan lain yang berlaku",
                        "en": "this code was removed without successor; choose another valid code"},
        "fix_unknown": {"id": "padanannya tidak tercatat; cari kode yang berlaku dengan: nomenklatur lookup \"nama\"",
                        "en": "no counterpart is recorded; find a valid code with: nomenklatur lookup \"name\""},
    },
    doc=_nk203.__doc__ or "", row=_nk203, memo="kode", roles=PROGRAM_ROLES,
))
