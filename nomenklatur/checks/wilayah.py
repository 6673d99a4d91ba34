"""Region rule: unknown kode wilayah, a kelurahan where a desa is required, a place outside the file's
region (NK601)."""

from __future__ import annotations

from nomenklatur import kode
from nomenklatur.baris import Baris
from nomenklatur.checks.base import Context, Rule, register


def _nk601(ctx: Context, b: Baris) -> None:
    """An unknown kode wilayah, a kelurahan where a desa is required (sub kegiatan of the bidang listed in
    the profile, default 2.13 Pemberdayaan Masyarakat dan Desa), or a location outside the file's region.

    Lulus / passes: `64.02.03.2001` in a Kutai Kartanegara file
    Gagal / fails:  `64.01.01.2009` (Paser) in a Kutai Kartanegara file; `64.72.01.1001` (kelurahan) for 2.13
    """
    raw = b.wilayah_raw
    if raw is None or raw == "":
        return
    loc = b.sheet.location(b.row, "kode_wilayah")
    try:
        code = kode.parse(raw, "wilayah")
    except kode.KodeError as exc:
        ctx.emit("NK601", "invalid", loc, value=str(raw), key=(b.opd, str(raw)), reason=exc.message("id"),
                 reason_en=exc.message("en"))
        return
    table = ctx.code_table("wilayah")
    entry = table.get(code.text)
    key = (b.opd, b.kode.text if b.kode else "", code.text)
    if entry is None:
        ctx.emit("NK601", "unknown", loc, value=code.text, key=key, table=table.name)
        return
    if ctx.region and not (code.text + ".").startswith(ctx.region + "."):
        region = table.get(ctx.region)
        ctx.emit("NK601", "outside", loc, value=code.text, expected=ctx.region, key=key, name=entry.name,
                 region=f"{ctx.region} {region.name if region else ''}".strip())
        return
    desa_bidang = tuple(ctx.param("NK601", "desa_bidang", ("2.13",)))
    if code.kind == "kelurahan" and b.kode is not None and b.kode.text.startswith(desa_bidang):
        ctx.emit("NK601", "kelurahan", loc, value=code.text, key=key, name=entry.name)


NK601 = register(Rule(
    id="NK601", category="region", severity="error",
    title={"id": "Kode wilayah keliru", "en": "Wrong region code"},
    messages={
        "invalid": {"id": "kode wilayah {value!r} tidak dapat dibaca: {reason}",
                    "en": "region code {value!r} cannot be read: {reason_en}"},
        "unknown": {"id": "kode wilayah {value} tidak ada dalam daftar {table}",
                    "en": "region code {value} is not in the list {table}"},
        "outside": {"id": "lokasi {value} ({name}) berada di luar wilayah berkas ini ({region})",
                    "en": "location {value} ({name}) lies outside this file's region ({region})"},
        "kelurahan": {"id": "lokasi {value} ({name}) adalah kelurahan, padahal sub kegiatan ini untuk desa",
                      "en": "location {value} ({name}) is a kelurahan, but this sub kegiatan is for villages (desa)"},
    },
    doc=_nk601.__doc__ or "", row=_nk601,
))
