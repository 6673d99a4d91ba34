"""Region rule: unknown kode wilayah, a kelurahan where a desa is required, a place outside the file's
region (NK601)."""

from __future__ import annotations

from nomenklatur import kode
from nomenklatur.baris import CACHE_LIMIT, Baris
from nomenklatur.checks.base import Context, Rule, register
from nomenklatur.findings import Place
from nomenklatur.tables import Entry


def _nk601(ctx: Context, b: Baris) -> None:
    """An unknown kode wilayah, a kelurahan where a desa is required (sub kegiatan of the bidang listed in
    the profile, default 2.13 Pemberdayaan Masyarakat dan Desa), or a location outside the file's region.

    Across files (`nomenklatur sync`), a target village must lie in the province and in the kabupaten/kota
    its row names; a village name that differs from the official name of its code is a warning (villages
    are matched by code: names drift between lists).

    Lulus / passes: `64.02.03.2001` in a Kutai Kartanegara file
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota --wilayah 64.02
        | Kode            | Uraian | Lokasi | Kode Lokasi   |
        | 2.13.02.2.01.01 |        | Desa A | 64.02.03.2001 |
    Lulus / passes: `64.02`, the kabupaten itself, in a Kutai Kartanegara file
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota --wilayah 64.02
        | Kode            | Uraian | Lokasi | Kode Lokasi |
        | 2.13.02.2.01.01 |        | Kukar  | 64.02       |
    Lulus / passes: `64.72.01.1001` (kelurahan) for a sub kegiatan of another bidang than 2.13
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota --wilayah 64.72
        | Kode            | Uraian | Lokasi      | Kode Lokasi   |
        | 1.02.02.2.01.01 |        | Rawa Makmur | 64.72.01.1001 |
    Gagal / fails:  `64.01.01.2009` (Paser) in a Kutai Kartanegara file
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota --wilayah 64.02
        | Kode            | Uraian | Lokasi      | Kode Lokasi   |
        | 2.13.02.2.01.01 |        | Samuranggau | 64.01.01.2009 |
    Gagal / fails:  `64.72.01.1001` (kelurahan) for 2.13
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota --wilayah 64.72
        | Kode            | Uraian | Lokasi      | Kode Lokasi   |
        | 2.13.02.2.01.01 |        | Rawa Makmur | 64.72.01.1001 |
    Gagal / fails:  `64.02.03.2999`, no such desa
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota --wilayah 64.02
        | Kode            | Uraian | Lokasi | Kode Lokasi   |
        | 2.13.02.2.01.01 |        | Desa A | 64.02.03.2999 |
    Gagal / fails:  `64-02-xx`, no kode wilayah at all
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota --wilayah 64.02
        | Kode            | Uraian | Lokasi | Kode Lokasi   |
        | 2.13.02.2.01.01 |        | Desa A | 64.02.03.2001 |
        | 2.13.02.2.01.02 |        | Desa B | 64-02-xx      |
    """
    raw = b.wilayah_raw
    if raw is None or raw == "":
        return
    state = ctx.state.get("NK601")
    if state is None:  # values read as a known place in the file's region: not a kelurahan / a kelurahan
        state = ctx.state["NK601"] = (set(), set(), tuple(ctx.param("NK601", "desa_bidang", ("2.13",))))
    quiet, kelurahan, desa_bidang = state
    key = raw if raw.__class__ is str else (raw.__class__, raw)
    if key in quiet or (key in kelurahan and (b.kode is None or not b.kode.text.startswith(desa_bidang))):
        return  # the common case
    code, entry, inside = _parse(ctx, raw)
    if entry is not None and inside:
        known = kelurahan if code.kind == "kelurahan" else quiet  # type: ignore[union-attr]
        if len(known) >= CACHE_LIMIT:
            known.clear()
        known.add(key)
        if known is quiet:
            return
    table = ctx.code_table("wilayah")
    if isinstance(code, kode.KodeError):
        ctx.emit("NK601", "invalid", _loc(b), value=str(raw), key=(b.opd, str(raw)), reason=code.message("id"),
                 reason_en=code.message("en"))
        return
    if entry is None:
        ctx.emit("NK601", "unknown", _loc(b), value=code.text, key=_key(b, code), table=table.meta.label(),
                 table_en=table.meta.label("en"))
        return
    if not inside:
        region = table.get(ctx.region)
        wider = bool(ctx.region) and ctx.region.startswith(code.text + ".")  # the province of a kabupaten's file
        ctx.emit("NK601", "wider" if wider else "outside", _loc(b), value=code.text, key=_key(b, code),
                 name=entry.name, region=f"{ctx.region} {region.name if region else ''}".strip(),
                 at_most="warning" if wider else None)
        return
    if code.kind == "kelurahan" and b.kode is not None and b.kode.text.startswith(desa_bidang):
        ctx.emit("NK601", "kelurahan", _loc(b), value=code.text, key=_key(b, code), name=entry.name)


def _parse(ctx: Context, raw: object) -> tuple[kode.Kode | kode.KodeError, Entry | None, bool]:
    """(the kode wilayah a cell reads as or why not, its entry, whether it lies in the file's region);
    cached per value, as places repeat on many rows."""
    cache = ctx.cache.get("NK601")
    if cache is None:
        cache = ctx.cache["NK601"] = {}
    key = raw if raw.__class__ is str else (raw.__class__, raw)
    found = cache.get(key)
    if found is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        try:
            code = kode.parse(raw, "wilayah")
        except kode.KodeError as exc:
            found = (exc.kept(), None, True)
        else:
            inside = not ctx.region or (code.text + ".").startswith(ctx.region + ".")
            found = (code, ctx.code_table("wilayah").get(code.text), inside)
        cache[key] = found
    return found


def _loc(b: Baris) -> Place:
    return b.sheet.place(b.row, "kode_wilayah")


def _key(b: Baris, code: kode.Kode) -> tuple[str, str, str]:
    return (b.opd, b.kode.text if b.kode else "", code.text)


NK601 = register(Rule(
    id="NK601", category="region", severity="error",
    title={"id": "Kode wilayah keliru", "en": "Wrong region code"},
    messages={
        "invalid": {"id": "kode wilayah {value!r} tidak dapat dibaca: {reason}",
                    "en": "region code {value!r} cannot be read: {reason_en}"},
        "unknown": {"id": "kode wilayah {value} tidak ada dalam daftar {table}",
                    "en": "region code {value} is not in the list {table_en}"},
        "outside": {"id": "lokasi {value} ({name}) berada di luar wilayah berkas ini ({region})",
                    "en": "location {value} ({name}) lies outside this file's region ({region})"},
        "wider": {"id": "lokasi {value} ({name}) lebih luas dari wilayah berkas ini ({region}); tulis kode "
                        "wilayahnya sendiri atau yang lebih rinci",
                  "en": "location {value} ({name}) is wider than this file's region ({region}); write its own "
                        "region code or a finer one"},
        "kelurahan": {"id": "lokasi {value} ({name}) adalah kelurahan, padahal sub kegiatan ini untuk desa",
                      "en": "location {value} ({name}) is a kelurahan, but this sub kegiatan is for villages (desa)"},
        "not_province": {"id": "desa sasaran {value} ({name}) tidak berada di provinsi {region}",
                         "en": "target village {value} ({name}) is not in province {region}"},
        "other_kabkota": {"id": "desa {code} ({name}) berada di {actual}, bukan di {region} seperti tertulis",
                          "en": "village {code} ({name}) lies in {actual}, not in {region} as written"},
        "not_desa": {"id": "desa sasaran {value} ({name}) adalah {kind}, bukan desa",
                     "en": "target village {value} ({name}) is a {kind}, not a desa"},
        "name": {"id": "nama desa {value!r} berbeda dari nama resminya untuk kode {code}: {expected}",
                 "en": "village name {value!r} differs from the official name of code {code}: {expected}"},
        "fix_name": {"id": "nama resmi: {expected}", "en": "official name: {expected}"},
    },
    doc=_nk601.__doc__ or "", row=_nk601, needs="kode_wilayah",
))
