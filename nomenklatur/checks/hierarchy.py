"""Structure rules: a row under the wrong parent (NK301), the wrong government level (NK302), a bidang that
is not the OPD's own (NK303)."""

from __future__ import annotations

from nomenklatur import kode
from nomenklatur.baris import CACHE_LIMIT, PROGRAM_ROLES, Baris
from nomenklatur.checks.base import Context, Rule, register
from nomenklatur.checks.codes import LEVEL_DIGIT
from nomenklatur.teks import name_key

_LEVEL_NAME = {"1": ("provinsi", "province"), "2": ("kabupaten/kota", "regency/city")}


def _nk301(ctx: Context, b: Baris) -> None:
    """A row's code does not sit under the program or kegiatan row it is listed under.

    Lulus / passes: kegiatan `2.13.02.2.01` then sub kegiatan `2.13.02.2.01.01`
        | Kode            | Uraian |
        | 2.13.02.2.01    |        |
        | 2.13.02.2.01.01 |        |
    Lulus / passes: sub kegiatan `2.13.02.2.01.01` right under its program `2.13.02` (no kegiatan row)
        | Kode            | Uraian |
        | 2.13.02         |        |
        | 2.13.02.2.01.01 |        |
    Lulus / passes: program `2.13.03` ends the block of kegiatan `2.13.02.2.01`; `2.13.03.2.01` is under it
        | Kode         | Uraian |
        | 2.13.02      |        |
        | 2.13.02.2.01 |        |
        | 2.13.03      |        |
        | 2.13.03.2.01 |        |
    Gagal / fails:  kegiatan `2.13.02.2.01` then sub kegiatan `2.13.03.2.01.01`
        | Kode            | Uraian |
        | 2.13.02.2.01    |        |
        | 2.13.03.2.01.01 |        |
    Gagal / fails:  program `2.13.02` then kegiatan `2.13.03.2.01`
        | Kode         | Uraian |
        | 2.13.02      |        |
        | 2.13.03.2.01 |        |
    """
    parent = b.parent
    if b.kode is None or parent is None or parent.kode is None:
        return
    ancestors = {a.text for a in b.kode.ancestors()}
    if parent.kode.text in ancestors:
        return
    ctx.emit("NK301", "outside", b.place("kode"), value=b.kode.text, expected=_under(ctx, b, parent.kode),
             key=(b.opd, b.kode.text), parent=parent.kode.text, parent_row=parent.row,
             related=[parent.place("kode")], suggestion=("fix", None, False))


def _under(ctx: Context, b: Baris, parent: kode.Kode) -> str | None:
    """The code the row would have under its parent, when the list has that code with the row's name (only a
    one-level step: a sub kegiatan under its kegiatan); None when no single code is right."""
    code = b.kode
    if code is None or len(code.segments) != len(parent.segments) + 1 or not b.nama:
        return None
    moved = f"{parent.text}.{code.segments[-1]}"
    entry = ctx.table.get(moved, ctx.pemda)
    return moved if entry is not None and name_key(entry.name) == name_key(str(b.nama)) else None


NK301 = register(Rule(
    id="NK301", category="hierarchy", severity="error",
    title={"id": "Tidak di bawah induknya", "en": "Not under its parent"},
    messages={
        "outside": {"id": "kode {value} tidak berada di bawah {parent} (baris {parent_row}) yang menaunginya",
                    "en": "code {value} does not belong under {parent} (row {parent_row}) it is listed under"},
        "fix": {"id": "pindahkan baris ke bawah induk yang benar, atau perbaiki kodenya",
                "en": "move the row under its right parent, or correct the code"},
    },
    doc=_nk301.__doc__ or "", row=_nk301, memo="induk", roles=PROGRAM_ROLES,
))


def _nk302(ctx: Context, b: Baris) -> None:
    """A provincial kegiatan (level digit 1) in a kabupaten/kota file, or the reverse.

    Lulus / passes: `2.13.02.2.01.01` in a kabupaten/kota file
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    Lulus / passes: `2.13.02.1.01.01` in a provincial file
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat provinsi
        | Kode            | Uraian |
        | 2.13.02.1.01.01 |        |
    Lulus / passes: program `2.13.02`, which carries no level digit
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat provinsi
        | Kode    | Uraian |
        | 2.13.02 |        |
    Gagal / fails:  `2.13.02.1.01.01` in a kabupaten/kota file
        | Kode            | Uraian |
        | 2.13.02.1.01.01 |        |
    Gagal / fails:  kegiatan `2.13.02.1.01` in a kabupaten/kota file
        | Kode         | Uraian |
        | 2.13.02.1.01 |        |
    Gagal / fails:  `2.13.02.2.01.01` in a provincial file
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat provinsi
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    """
    code = b.kode
    if code is None or code.family != "program" or code.level is None:
        return
    expected = LEVEL_DIGIT[ctx.pemda]
    if code.level == expected or code.level not in _LEVEL_NAME:
        return
    found, found_en = _LEVEL_NAME[code.level]
    want, want_en = _LEVEL_NAME[expected]
    ctx.emit("NK302", "level", b.place("kode"), value=code.text, key=(b.opd, code.text),
             found=found, found_en=found_en, want=want, want_en=want_en, suggestion=("fix", None, False))


NK302 = register(Rule(
    id="NK302", category="level", severity="error",
    title={"id": "Tingkat pemerintahan keliru", "en": "Wrong government level"},
    messages={
        "level": {"id": "kode {value} adalah kegiatan tingkat {found}, padahal berkas ini berkas {want}",
                  "en": "code {value} is a {found_en} activity, but this is a {want_en} file"},
        "fix": {"id": "pakai kegiatan tingkat yang sesuai (digit ke-4 kode: 1 provinsi, 2 kabupaten/kota)",
                "en": "use an activity of the right level (4th segment: 1 province, 2 regency/city)"},
    },
    doc=_nk302.__doc__ or "", row=_nk302, memo="kode", roles=PROGRAM_ROLES,
))


_FACTS: dict[str, tuple] = {}  # a program-family code's text -> what NK303 needs of it (grammar only)


def _opd_bidangs(ctx: Context, organisasi: kode.Kode) -> tuple[str, ...]:
    """The bidang of an OPD from its kode organisasi (`2.13.0.00.0.00.01.0000` -> ("2.13",)); once per code."""
    cache = ctx.cache.get("NK303")
    if cache is None:
        cache = ctx.cache["NK303"] = {}
    own = cache.get(organisasi.text)
    if own is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        s = organisasi.segments
        own = cache[organisasi.text] = tuple(p for p in (f"{s[i]}.{s[i + 1]}" for i in (0, 2, 4)) if p != "0.00")
    return own


def _nk303(ctx: Context, b: Baris) -> None:
    """The bidang of a row is not one of the OPD's urusan; the supporting program `X.XX.01` must carry the
    OPD's own bidang (the first of an office of several). The OPD's bidang come from its kode organisasi, or
    else from the bidang of its other programs in the same file (then only the supporting program is judged).
    Said once per office and program, not on each of its rows.

    Lulus / passes: DPMPD (`2.13.0.00.0.00.01.0000`) with `2.13.01.2.01.01` and `2.13.02.2.01.01`
        | Kode OPD               | Perangkat Daerah | Kode            | Uraian |
        | 2.13.0.00.0.00.01.0000 | Dinas PMD        | 2.13.01.2.01.01 |        |
        | 2.13.0.00.0.00.01.0000 | Dinas PMD        | 2.13.02.2.01.01 |        |
    Lulus / passes: an office of two bidang (`2.13.2.12.0.00.01.0000`) with a program of its second, `2.12.02.2.01.01`
        | Kode OPD               | Perangkat Daerah | Kode            | Uraian |
        | 2.13.2.12.0.00.01.0000 | Dinas PMD dan KB | 2.12.02.2.01.01 |        |
    Lulus / passes: an office without kode organisasi whose programs are of two bidang, `2.13.02.2.01.01` and
                    `1.02.02.2.01.01`: its own bidang are not known
        | Perangkat Daerah | Kode            | Uraian |
        | Dinas PMD        | 2.13.02.2.01.01 |        |
        | Dinas PMD        | 1.02.02.2.01.01 |        |
    Gagal / fails:  DPMPD with `1.02.01.2.01.01` (supporting program of the health bidang)
        | Kode OPD               | Perangkat Daerah | Kode            | Uraian |
        | 2.13.0.00.0.00.01.0000 | Dinas PMD        | 1.02.01.2.01.01 |        |
    Gagal / fails:  DPMPD with `1.02.02.2.01.01` and `1.02.02.2.01.02`, two rows of a health program: said once
        | Kode OPD               | Perangkat Daerah | Kode            | Uraian |
        | 2.13.0.00.0.00.01.0000 | Dinas PMD        | 1.02.02.2.01.01 |        |
        | 2.13.0.00.0.00.01.0000 | Dinas PMD        | 1.02.02.2.01.02 |        |
    Gagal / fails:  an office of two bidang (`2.13.2.12.0.00.01.0000`) with the supporting program of its second,
                    `2.12.01.2.01.01`: it takes the first, 2.13.01
        | Kode OPD               | Perangkat Daerah | Kode            | Uraian |
        | 2.13.2.12.0.00.01.0000 | Dinas PMD dan KB | 2.12.01.2.01.01 |        |
    Gagal / fails:  an office without kode organisasi with `2.13.02.2.01.01` and the supporting program
                    `1.02.01.2.01.01` of another bidang
        | Perangkat Daerah | Kode            | Uraian |
        | Dinas PMD        | 2.13.02.2.01.01 |        |
        | Dinas PMD        | 1.02.01.2.01.01 |        |
    """
    code = b.kode
    if code is None:
        return
    facts = _FACTS.get(code.text)
    if facts is None:  # (bidang, whether the supporting program), or () where there is nothing to judge
        segments = code.segments
        facts = () if len(segments) < 3 or segments[0] == "X" else (segments[0] + "." + segments[1], segments[2] == "01")
        if len(_FACTS) >= CACHE_LIMIT:
            _FACTS.clear()
        _FACTS[code.text] = facts
    if not facts:
        return
    bidang, support = facts
    segments = code.segments
    if b.opd_kode is None:  # judged at the end, against the bidang of the OPD's other programs
        if not support:
            seen = ctx.state.get("NK303")
            if seen is None:
                seen = ctx.state["NK303"] = {}
            bidangs = seen.get(b.opd)
            if bidangs is None:
                bidangs = seen[b.opd] = set()
            bidangs.add(bidang)
        else:
            support = ctx.state.get("NK303_support")  # OPD -> [(code, sheet, row)], not whole rows
            if support is None:
                support = ctx.state["NK303_support"] = {}
            rows = support.get(b.opd)
            if rows is None:
                rows = support[b.opd] = []
            rows.append((code, b.sheet, b.row))
        return
    own = _opd_bidangs(ctx, b.opd_kode)
    if not own or (bidang in own and (not support or bidang == own[0])):
        return
    said = ctx.state.setdefault("NK303_said", set())  # once per office and program, not on each of its rows
    if (b.opd, b.opd_kode.text, ".".join(segments[:3])) in said:
        return
    said.add((b.opd, b.opd_kode.text, ".".join(segments[:3])))
    expected = _moved(ctx, code, bidang, own[0], support)
    if bidang in own:  # the supporting program under the office's second bidang: its own, but not the first
        ctx.emit("NK303", "support_first", b.place("kode"), value=code.text, expected=expected, key=(b.opd, code.text),
                 bidang=bidang, first=own[0], own=", ".join(own), suggestion=("fix_first", None, False))
        return
    ctx.emit("NK303", "foreign", b.place("kode"), value=code.text, expected=expected, key=(b.opd, code.text),
             bidang=bidang, first=own[0], own=", ".join(own),
             suggestion=("fix_first" if support and len(own) > 1 else "fix", None, False))


def _moved(ctx: Context, code: kode.Kode, bidang: str, own: str, support: bool) -> str | None:
    """The code a supporting program's row takes under the office's own bidang, when the list has it; None for
    other programs (no single right code: the row may belong to another office)."""
    if not support:
        return None
    moved = own + code.text[len(bidang):]
    return moved if ctx.table.has(moved, ctx.pemda) else None


def _nk303_finish(ctx: Context) -> None:
    """Without a kode organisasi: the supporting program must use a bidang of the OPD's own programs."""
    seen: dict[str, set[str]] = ctx.state.get("NK303", {})
    support: dict[str, list] = ctx.state.get("NK303_support", {})
    for opd, rows in support.items():
        own = seen.get(opd)
        for code, sheet, row in rows:
            bidang = ".".join(code.segments[:2])
            if own and bidang not in own:
                expected = _moved(ctx, code, bidang, next(iter(own)), True) if len(own) == 1 else None
                ctx.emit("NK303", "support", sheet.place(row, "kode"), value=code.text,
                         expected=expected, key=(opd, code.text), bidang=bidang,
                         own=", ".join(sorted(own)), suggestion=("fix", None, False))


NK303 = register(Rule(
    id="NK303", category="hierarchy", severity="warning",
    title={"id": "Bidang bukan urusan OPD", "en": "Bidang not the OPD's own"},
    messages={
        "foreign": {"id": "bidang {bidang} pada kode {value} bukan urusan perangkat daerah ini ({own})",
                    "en": "bidang {bidang} of code {value} is not an affair of this office ({own})"},
        "support": {"id": "program penunjang {value} memakai bidang {bidang}, padahal program perangkat daerah "
                          "ini ada di bidang {own}",
                    "en": "supporting program {value} uses bidang {bidang}, but this office's programs are in "
                          "bidang {own}"},
        "support_first": {"id": "program penunjang {value} memakai bidang {bidang}, padahal program penunjang "
                                "perangkat daerah ini memakai bidang pertamanya, {first} (bidangnya: {own})",
                          "en": "supporting program {value} uses bidang {bidang}, but this office's supporting "
                                "program takes its first bidang, {first} (its bidang: {own})"},
        "fix": {"id": "program penunjang (X.XX.01) memakai bidang perangkat daerah sendiri: {own}",
                "en": "the supporting program (X.XX.01) takes the office's own bidang: {own}"},
        "fix_first": {"id": "program penunjang (X.XX.01) memakai bidang pertama perangkat daerah: {first}",
                      "en": "the supporting program (X.XX.01) takes the office's first bidang: {first}"},
    },
    doc=_nk303.__doc__ or "", row=_nk303, finish=_nk303_finish, roles=PROGRAM_ROLES,
))
