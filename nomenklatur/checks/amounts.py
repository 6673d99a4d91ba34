"""Value rules: pagu that is not a number (NK401), totals that do not add up (NK402), duplicate sub
kegiatan (NK403), required values left empty (NK404)."""

from __future__ import annotations

from array import array
from decimal import Decimal

from nomenklatur.baris import Baris
from nomenklatur.checks.base import Context, Rule, register

TOLERANCE = Decimal("1")  # rupiah: rounding of displayed totals


def _rupiah(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text[:-3] if text.endswith(",00") else text


def _number(amount: Decimal) -> int | float:
    """An amount as a JSON number: whole rupiah as int."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _nk401(ctx: Context, b: Baris) -> None:
    """Pagu that is not a number, or is negative. An empty pagu is not a finding.

    Lulus / passes: `1250000`, `1.250.000`, `Rp 1.250.000,00`, empty
    Gagal / fails:  `satu juta`, `-5000000`, `#REF!`
    """
    if b.pagu_valid and (b.pagu is None or b.pagu >= 0):
        return
    key = (b.opd, b.kode.text if b.kode else "")
    if not b.pagu_valid:
        ctx.emit("NK401", "not_number", b.loc("pagu"), value=str(b.pagu_raw), key=key,
                 suggestion=("fix", None, False))
    else:
        ctx.emit("NK401", "negative", b.loc("pagu"), value=_number(b.pagu), key=key, shown=_rupiah(b.pagu),
                 suggestion=("fix", None, False))


NK401 = register(Rule(
    id="NK401", category="amount", severity="error",
    title={"id": "Pagu bukan angka", "en": "Pagu is not a number"},
    messages={
        "not_number": {"id": "pagu {value!r} bukan angka", "en": "pagu {value!r} is not a number"},
        "negative": {"id": "pagu {shown} bernilai negatif", "en": "pagu {shown} is negative"},
        "fix": {"id": "isi pagu dengan angka rupiah tanpa huruf, mis. 1250000",
                "en": "write the pagu as a rupiah number, e.g. 1250000"},
    },
    doc=_nk401.__doc__ or "", row=_nk401,
))


def _nk402_close(ctx: Context, b: Baris) -> None:
    """A program or kegiatan total (or the TOTAL row) differs from the sum of its rows.

    Lulus / passes: kegiatan 300.000.000 with sub kegiatan 100.000.000 + 200.000.000
    Gagal / fails:  kegiatan 350.000.000 with sub kegiatan 100.000.000 + 200.000.000
    """
    if b.pagu is None or b.child_count == 0:
        return
    if abs(b.pagu - b.child_sum) <= TOLERANCE:
        return
    label = b.kode.text if b.kode else (b.nama or "TOTAL")
    ctx.emit("NK402", "total", b.loc("pagu"), value=_number(b.pagu), expected=_number(b.child_sum),
             key=(b.opd, label), code=label, shown=_rupiah(b.pagu), sum=_rupiah(b.child_sum),
             difference=_rupiah(b.pagu - b.child_sum),
             suggestion=("fix", None, False))


NK402 = register(Rule(
    id="NK402", category="amount", severity="error",
    title={"id": "Jumlah tidak cocok", "en": "Total does not add up"},
    messages={
        "total": {"id": "pagu {code} = {shown}, tetapi jumlah rinciannya {sum} (selisih {difference})",
                  "en": "pagu of {code} is {shown} but its rows add up to {sum} (difference {difference})"},
        "fix": {"id": "samakan pagu dengan jumlah rinciannya ({sum}) atau periksa rinciannya",
                "en": "make the pagu equal the sum of its rows ({sum}) or check the rows"},
    },
    doc=_nk402_close.__doc__ or "", close=_nk402_close,
))


def _nk403(ctx: Context, b: Baris) -> None:
    """The same sub kegiatan twice for one OPD (rekening lines of a rincian sheet may repeat it).

    Lulus / passes: `2.13.02.2.01.01` once per OPD
    Gagal / fails:  `2.13.02.2.01.01` on two rows of the same OPD
    """
    code = b.kode
    if code is None or code.kind != "sub_kegiatan":
        return
    seen = ctx.state.get("NK403")
    if seen is None:
        seen = ctx.state["NK403"] = {}
        ctx.state["NK403_sheets"] = []
    sheets: list = ctx.state["NK403_sheets"]
    if not sheets or sheets[-1] is not b.sheet:
        if "kode_akun" in b.sheet.columns:
            return
        sheets.append(b.sheet)
    firsts = seen.get(b.opd)  # OPD -> ({code: i}, places): i is small (an OPD has few codes), so shared
    if firsts is None:
        firsts = seen[b.opd] = ({}, array("q"))  # place i: sheet number << 32 | row of the code's first row
    codes, places = firsts
    text = code.text
    i = codes.get(text)
    if i is None:
        codes[text] = len(places)
        places.append((len(sheets) - 1) << 32 | b.row)
        return
    sheet, row = sheets[places[i] >> 32], places[i] & 0xFFFFFFFF
    ctx.emit("NK403", "duplicate", b.loc("kode"), value=text, key=(b.opd, text, str(b.row)), first_row=row,
             first_sheet=sheet.sheet, related=[sheet.location(row, "kode")], suggestion=("fix", None, False))


NK403 = register(Rule(
    id="NK403", category="duplicate", severity="error",
    title={"id": "Sub kegiatan ganda", "en": "Duplicate sub kegiatan"},
    messages={
        "duplicate": {"id": "sub kegiatan {value} sudah ada untuk perangkat daerah yang sama ({first_sheet} baris {first_row})",
                      "en": "sub kegiatan {value} already appears for the same office ({first_sheet} row {first_row})"},
        "fix": {"id": "gabungkan kedua baris menjadi satu", "en": "merge both rows into one"},
    },
    doc=_nk403.__doc__ or "", row=_nk403,
))

# field -> (Baris attribute, Bahasa word, English word)
_FIELDS = {"nama": ("nama", "nama", "name"), "lokasi": ("lokasi", "lokasi", "location"),
           "kode_wilayah": ("wilayah_raw", "kode lokasi", "location code")}


def _nk404(ctx: Context, b: Baris) -> None:
    """A required value is empty: the code of a named row, and for sub kegiatan the fields the profile
    requires (default: nama, lokasi, kode lokasi, where the sheet has such a column). An empty pagu is not a finding.

    Lulus / passes: a sub kegiatan with name and lokasi
    Gagal / fails:  a sub kegiatan whose lokasi cell is empty
    """
    code = b.kode
    if code is not None and code.kind == "sub_kegiatan" and b.lokasi is not None and b.nama is not None \
            and b.wilayah_raw is not None and b.wilayah_raw != "":
        return  # every field NK404 may require is filled
    if b.total:
        return
    columns = b.sheet.columns
    if b.kode is None and b.kode_error is None and b.nama and _has_code_column(columns):
        ctx.emit("NK404", "missing", b.loc("kode"), key=(b.opd, b.nama), field="kode", field_en="code",
                 what=b.nama, suggestion=("fix", None, False))
        return
    if b.kode is None or b.kode.kind != "sub_kegiatan":
        return
    required = ctx.cache.get(("NK404", "required"))
    if required is None:  # read once per file, not on every row
        required = ctx.cache["NK404", "required"] = tuple(ctx.param("NK404", "required", ("nama", "lokasi", "kode_wilayah")))
    for field in required:
        if field not in columns or field not in _FIELDS:
            continue
        attribute, name, name_en = _FIELDS[field]
        if getattr(b, attribute) in (None, ""):
            ctx.emit("NK404", "missing", b.loc(field), key=(b.opd, b.kode.text, field), field=name,
                     field_en=name_en, what=b.kode.text, suggestion=("fix", None, False))


def _has_code_column(columns: dict[str, tuple[int, ...]]) -> bool:
    return any(f in columns for f in ("kode", "kode_urusan", "kode_bidang", "kode_sub_kegiatan"))


NK404 = register(Rule(
    id="NK404", category="missing-value", severity="warning",
    title={"id": "Nilai wajib kosong", "en": "Required value empty"},
    messages={
        "missing": {"id": "{field} untuk {what} kosong", "en": "{field_en} of {what} is empty"},
        "fix": {"id": "isi {field}", "en": "fill in the {field_en}"},
    },
    doc=_nk404.__doc__ or "", row=_nk404,
))
