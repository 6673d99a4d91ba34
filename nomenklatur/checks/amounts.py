"""Value rules: pagu that is not a number (NK401), totals that do not add up (NK402), duplicate sub
kegiatan (NK403), required values left empty (NK404)."""

from __future__ import annotations

from array import array
from decimal import Decimal

from nomenklatur.baris import Baris
from nomenklatur.checks.base import Context, Rule, register

TOLERANCE = Decimal("1")  # rupiah: rounding of displayed totals


def _rupiah(amount: Decimal) -> str:
    """An amount as written in Indonesia: `-1.250.000`, `1.250.000,50` (cents only when there are some)."""
    if amount.is_finite() and amount == amount.to_integral_value():  # the usual case, as a whole number (fast)
        return f"{int(amount):,}".replace(",", ".")
    text = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text[:-3] if text.endswith(",00") else text


def _number(amount: Decimal) -> int | float:
    """An amount as a JSON number: whole rupiah as int."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _both(amount: Decimal | int) -> tuple[int | float, str]:
    """(`_number`, `_rupiah`) of one amount, a whole one read once (a wrong column gives one a row); the cell's own
    int where it holds one (no Decimal arithmetic)."""
    if amount.__class__ is int:
        whole = amount
    elif amount.is_finite() and amount == amount.to_integral_value():  # type: ignore[union-attr]
        whole = int(amount)
    else:
        return _number(amount), _rupiah(amount)  # type: ignore[arg-type]
    return whole, f"{whole:,}".replace(",", ".")


def _nk401(ctx: Context, b: Baris) -> None:
    """Pagu that is not a number, or is negative. An empty pagu is not a finding, nor is a dash, which
    accounting sheets write for nothing. A column is a pagu column when most of its values are amounts.

    Lulus / passes: `1250000`, `1.250.000`, `Rp 1.250.000,00`, `0`, empty
        | Kode            | Uraian | Pagu            |
        | 2.13.02.2.01.01 |        | 1250000         |
        | 2.13.02.2.01.02 |        | 1.250.000       |
        | 2.13.02.2.01.03 |        | Rp 1.250.000,00 |
        | 2.13.02.2.01.04 |        | 0               |
        | 2.13.02.2.01.05 |        |                 |
    Lulus / passes: `-`, a dash for nothing
        | Kode            | Uraian | Pagu    |
        | 2.13.02.2.01.01 |        | 1250000 |
        | 2.13.02.2.01.02 |        | -       |
    Gagal / fails:  `satu juta`
        | Kode            | Uraian | Pagu      |
        | 2.13.02.2.01.01 |        | 1250000   |
        | 2.13.02.2.01.02 |        | satu juta |
    Gagal / fails:  `-5000000`
        | Kode            | Uraian | Pagu     |
        | 2.13.02.2.01.01 |        | -5000000 |
    Gagal / fails:  `-5.000.000`, negative as text too
        | Kode            | Uraian | Pagu       |
        | 2.13.02.2.01.01 |        | 1250000    |
        | 2.13.02.2.01.02 |        | -5.000.000 |
    Gagal / fails:  `#REF!`
        | Kode            | Uraian | Pagu    |
        | 2.13.02.2.01.01 |        | 1250000 |
        | 2.13.02.2.01.02 |        | #REF!   |
    """
    if b.pagu_valid and (b.pagu is None or b.pagu >= 0):
        return
    key = (b.opd, b.kode.text if b.kode else "")
    if not b.pagu_valid:
        ctx.emit("NK401", "not_number", b.place("pagu"), value=str(b.pagu_raw), key=key,
                 suggestion=("fix", None, False))
    else:
        value, shown = _both(b.pagu_raw if b.pagu_raw.__class__ is int else b.pagu)
        ctx.emit("NK401", "negative", b.place("pagu"), value=value, key=key, shown=shown,
                 suggestion=("fix_negative", None, False))


NK401 = register(Rule(
    id="NK401", amounts=True, category="amount", severity="error",
    title={"id": "Pagu bukan angka", "en": "Pagu is not a number"},
    messages={
        "not_number": {"id": "pagu {value!r} bukan angka", "en": "pagu {value!r} is not a number"},
        "negative": {"id": "pagu {shown} bernilai negatif", "en": "pagu {shown} is negative"},
        "fix": {"id": "isi pagu dengan angka rupiah tanpa huruf, mis. 1250000",
                "en": "write the pagu as a rupiah number, e.g. 1250000"},
        "fix_negative": {"id": "pagu tidak boleh negatif: isi dengan nilai rupiah nol atau lebih",
                         "en": "a pagu cannot be negative: write a rupiah amount of zero or more"},
    },
    doc=_nk401.__doc__ or "", row=_nk401,
))


def _nk402_close(ctx: Context, b: Baris) -> None:
    """A program or kegiatan total (or the TOTAL row) differs from the sum of its rows; a sub kegiatan or an
    account from the sum of the accounts below it (a warning: the list of accounts may be incomplete, as in a
    report of realised spending or a table copied from PDF). Only the innermost
    total that is off is reported: a parent that equals the sum of its rows as they should be (a child's wrong
    total replaced by that child's own rows) is not.

    Totals may differ from their rows by 1 rupiah (rounding of displayed amounts); a row below whose code or pagu
    cannot be read (NK101, NK401) leaves the totals above it unjudged.

    Lulus / passes: kegiatan 300.000.000 with sub kegiatan 100.000.000 + 200.000.000
        | Kode            | Uraian | Pagu      |
        | 2.13.02.2.01    |        | 300000000 |
        | 2.13.02.2.01.01 |        | 100000000 |
        | 2.13.02.2.01.02 |        | 200000000 |
    Lulus / passes: kegiatan `300000001`: 1 rupiah off is rounding
        | Kode            | Uraian | Pagu      |
        | 2.13.02.2.01    |        | 300000001 |
        | 2.13.02.2.01.01 |        | 100000000 |
        | 2.13.02.2.01.02 |        | 200000000 |
    Lulus / passes: a TOTAL row after subtotals (JUMLAH) adds up everything above it
        | Kode            | Uraian | Pagu |
        | 2.13.02.2.01.01 |        | 100  |
        | 2.13.02.2.01.02 |        | 200  |
        |                 | JUMLAH | 300  |
        | 2.13.03.2.01.01 |        | 50   |
        |                 | JUMLAH | 50   |
        |                 | TOTAL  | 350  |
    Lulus / passes: a sub kegiatan whose pagu `satu juta` is no number (NK401): its kegiatan is not judged
        | Kode            | Uraian | Pagu      |
        | 2.13.02.2.01    |        | 300000000 |
        | 2.13.02.2.01.01 |        | 100000000 |
        | 2.13.02.2.01.02 |        | satu juta |
    Gagal / fails:  kegiatan 350.000.000 with sub kegiatan 100.000.000 + 200.000.000
        | Kode            | Uraian | Pagu      |
        | 2.13.02.2.01    |        | 350000000 |
        | 2.13.02.2.01.01 |        | 100000000 |
        | 2.13.02.2.01.02 |        | 200000000 |
    Gagal / fails:  kegiatan `300000002`: 2 rupiah off is no rounding
        | Kode            | Uraian | Pagu      |
        | 2.13.02.2.01    |        | 300000002 |
        | 2.13.02.2.01.01 |        | 100000000 |
        | 2.13.02.2.01.02 |        | 200000000 |
    Gagal / fails:  kegiatan 250.000.000, less than its sub kegiatan 100.000.000 + 200.000.000
        | Kode            | Uraian | Pagu      |
        | 2.13.02.2.01    |        | 250000000 |
        | 2.13.02.2.01.01 |        | 100000000 |
        | 2.13.02.2.01.02 |        | 200000000 |
    Gagal / fails:  kegiatan `2.13.02.2.01` of 350 under program `2.13.02` of 300: only the kegiatan is off
        | Kode            | Uraian | Pagu |
        | 2.13.02         |        | 300  |
        | 2.13.02.2.01    |        | 350  |
        | 2.13.02.2.01.01 |        | 100  |
        | 2.13.02.2.01.02 |        | 200  |
    Gagal / fails:  a `TOTAL` of 310 for rows of 100 + 200
        | Kode            | Uraian | Pagu |
        | 2.13.02.2.01.01 |        | 100  |
        | 2.13.02.2.01.02 |        | 200  |
        | TOTAL           |        | 310  |
    Gagal / fails:  sub kegiatan `2.13.02.2.01.01` of 350 with accounts of 100 + 200 (a warning)
        | Kode              | Uraian | Pagu |
        | 2.13.02.2.01.01   |        | 350  |
        | 5.1.02.01.01.0024 |        | 100  |
        | 5.1.02.01.01.0026 |        | 200  |
    """
    if b.pagu is None or b.child_count == 0 or b.child_unknown:
        return
    if abs(b.pagu - b.child_sum) <= TOLERANCE or (b.child_gap and abs(b.pagu - b.child_sum - b.child_gap) <= TOLERANCE):
        return
    if b.parent is not None:
        b.parent.child_gap += b.child_sum + b.child_gap - b.pagu
    label = str(b.akun_raw).strip() if b.role == "akun" else b.kode.text if b.kode else (b.nama or "TOTAL")
    ctx.emit("NK402", "accounts" if b.child_akun else "total", b.place("pagu"), value=_number(b.pagu),
             expected=_number(b.child_sum), key=(b.opd, label), code=label, shown=_rupiah(b.pagu),
             sum=_rupiah(b.child_sum), difference=_rupiah(b.pagu - b.child_sum), suggestion=("fix", None, False),
             at_most="warning" if b.child_akun else None)


NK402 = register(Rule(
    id="NK402", amounts=True, category="amount", severity="error",
    title={"id": "Jumlah tidak cocok", "en": "Total does not add up"},
    messages={
        "total": {"id": "pagu {code} = {shown}, tetapi jumlah rinciannya {sum} (selisih {difference})",
                  "en": "pagu of {code} is {shown} but its rows add up to {sum} (difference {difference})"},
        "accounts": {"id": "pagu {code} = {shown}, tetapi jumlah rekening di bawahnya {sum} (selisih {difference}); "
                           "bisa juga karena daftar rekeningnya tidak lengkap",
                     "en": "pagu of {code} is {shown} but the accounts below it add up to {sum} (difference "
                           "{difference}); the list of accounts may also be incomplete"},
        "fix": {"id": "samakan pagu dengan jumlah rinciannya ({sum}) atau periksa rinciannya",
                "en": "make the pagu equal the sum of its rows ({sum}) or check the rows"},
    },
    doc=_nk402_close.__doc__ or "", close=_nk402_close,
))


def _nk403(ctx: Context, b: Baris) -> None:
    """The same sub kegiatan more than once for one OPD. Rows identical in pagu, lokasi, sub unit, sumber dana and
    rekening are an error (one per copy); rows that differ in any of them are one warning per code and OPD that
    lists them all (a sub kegiatan planned once per puskesmas, say). A flat export's account lines (one row per
    sumber dana and rekening) are no repeats at all.

    Lulus / passes: `2.13.02.2.01.01` once per OPD
        | Perangkat Daerah | Kode            | Uraian | Pagu |
        | Dinas PMD        | 2.13.02.2.01.01 |        | 100  |
        | Dinas Kesehatan  | 2.13.02.2.01.01 |        | 100  |
    Lulus / passes: a SIPD export with one row per rekening of `2.13.02.2.01.01`, a rekening on two lines too
        | Kode            | Uraian | Kode Rekening     | Uraian Rekening | Pagu |
        | 2.13.02.2.01.01 |        | 5.1.02.01.01.0024 |                 | 100  |
        | 2.13.02.2.01.01 |        | 5.1.02.01.01.0026 |                 | 200  |
        | 2.13.02.2.01.01 |        | 5.1.02.01.01.0026 |                 | 200  |
    Gagal / fails:  `2.13.02.2.01.01` on two identical rows of the same OPD
        | Kode            | Uraian | Pagu | Lokasi |
        | 2.13.02.2.01.01 |        | 100  | Desa A |
        | 2.13.02.2.01.01 |        | 100  | Desa A |
    Gagal / fails:  `2.13.02.2.01.01` on two rows of the same OPD that differ in lokasi (a warning)
        | Kode            | Uraian | Pagu | Lokasi |
        | 2.13.02.2.01.01 |        | 100  | Desa A |
        | 2.13.02.2.01.01 |        | 200  | Desa B |
    """
    code = b.kode
    if code is None or b.virtual or code.kind != "sub_kegiatan":
        return
    state = ctx.state.get("NK403")
    if state is None:  # (office, sub unit) -> {code: i}; i indexes two flat arrays, repeats are kept apart
        state = ctx.state["NK403"] = ({}, array("q"), array("q"), {}, [])
    offices, places, signatures, repeats, sheets = state
    if not sheets or sheets[-1] is not b.sheet:
        sheets.append(b.sheet)
    place = (len(sheets) - 1) << 32 | b.row
    signature = hash((b.pagu_raw, b.lokasi, b.wilayah_raw, b.grain))
    office = (b.opd, b.opd_kode, b.unit) if b.unit is not None or b.opd_kode is not None else b.opd
    codes = offices.get(office)
    if codes is None:
        codes = offices[office] = {}
    text = code.text
    i = codes.get(text)
    if i is None:
        codes[text] = len(places)
        places.append(place)
        signatures.append(signature)
    else:
        found = repeats.get(i)
        if found is None:
            found = repeats[i] = [(office, text)]
        found.append((place, signature))


def _nk403_finish(ctx: Context) -> None:
    """Judge every office's repeated sub kegiatan once all rows are seen."""
    state = ctx.state.get("NK403")
    if state is None:
        return
    _, places, signatures, repeats, sheets = state
    for i, ((office, text), *again) in repeats.items():
        opd = office[0] if office.__class__ is tuple else office
        rows = [(places[i], signatures[i]), *again]
        _judge_repeats(ctx, opd, text, [(sheets[p >> 32], p & 0xFFFFFFFF, sig) for p, sig in rows])


def _judge_repeats(ctx: Context, opd: str, text: str, places: list[tuple]) -> None:
    """Identical rows: an error per copy; rows that differ: one warning that lists them all."""
    first: dict[int, tuple] = {}
    distinct = []
    for n, (sheet, row, sig) in enumerate(places):
        if sig in first:
            origin_sheet, origin_row = first[sig]
            ctx.emit("NK403", "identical", sheet.place(row, "kode"), value=text, key=(opd, text, str(n)),
                     first_row=origin_row, first_sheet=origin_sheet.sheet,
                     related=[origin_sheet.place(origin_row, "kode")], suggestion=("fix", None, False))
        else:
            first[sig] = (sheet, row)
            distinct.append((sheet, row))
    if len(distinct) > 1:
        sheet, row = distinct[1]
        rows = ", ".join(f"{s.sheet} {r}" if s is not sheet else str(r) for s, r, _ in places)
        ctx.emit("NK403", "repeated", sheet.place(row, "kode"), value=text, key=(opd, text), rows=rows,
                 count=len(places), related=[s.place(r, "kode") for s, r, _ in places if (s, r) != (sheet, row)],
                 suggestion=("fix_repeated", None, False), at_most="warning")


NK403 = register(Rule(
    id="NK403", category="duplicate", severity="error",
    title={"id": "Sub kegiatan ganda", "en": "Duplicate sub kegiatan"},
    messages={
        "identical": {"id": "sub kegiatan {value} tercantum dua kali dengan isi yang sama untuk perangkat daerah yang "
                            "sama ({first_sheet} baris {first_row})",
                      "en": "sub kegiatan {value} appears twice with the same values for the same office "
                            "({first_sheet} row {first_row})"},
        "repeated": {"id": "sub kegiatan {value} tercantum {count} kali untuk perangkat daerah yang sama dengan isi "
                           "berbeda (baris {rows})",
                     "en": "sub kegiatan {value} appears {count} times for the same office with different values "
                           "(rows {rows})"},
        "fix": {"id": "hapus salah satu baris yang sama", "en": "delete one of the identical rows"},
        "fix_repeated": {"id": "pastikan pengulangan ini disengaja (mis. per sub unit), atau gabungkan barisnya",
                         "en": "make sure the repetition is intended (e.g. one row per sub unit), or merge the rows"},
    },
    doc=_nk403.__doc__ or "", row=_nk403, finish=_nk403_finish, roles=frozenset(("sub_kegiatan",)),
))

# field -> (Baris attribute, Bahasa word, English word)
_FIELDS = {"nama": ("nama", "nama", "name"), "lokasi": ("lokasi", "lokasi", "location"),
           "kode_wilayah": ("wilayah_raw", "kode lokasi", "location code")}


def _nk404(ctx: Context, b: Baris) -> None:
    """A required value is empty: for sub kegiatan the fields the profile requires (default: nama, lokasi, kode
    lokasi, where the sheet has such a column); and the code of a row without one whose name is the official
    name of a program, kegiatan or sub kegiatan. An empty pagu is not a finding; a paket or heading without code
    whose name is free text is not one either.

    Lulus / passes: a sub kegiatan with name and lokasi
        | Kode            | Uraian                                                            | Pagu | Lokasi |
        | 2.13.02.2.01.01 | Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa | 100  | Desa A |
    Lulus / passes: a kegiatan without lokasi, a sub kegiatan without pagu, a paket whose name is free text
        | Kode            | Uraian                                                            | Pagu | Lokasi |
        | 2.13.02.2.01    | Penyelenggaraan Penataan Desa                                     |      |        |
        | 2.13.02.2.01.01 | Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa |      | Desa A |
        |                 | Pembangunan Jalan Desa                                            | 100  | Desa A |
    Lulus / passes: a sub kegiatan in a sheet without a lokasi column
        | Kode            | Uraian                                                            | Pagu |
        | 2.13.02.2.01.01 | Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa | 100  |
    Gagal / fails:  a sub kegiatan whose lokasi cell is empty
        | Kode            | Uraian                                                            | Pagu | Lokasi |
        | 2.13.02.2.01.01 | Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa | 100  |        |
    Gagal / fails:  a sub kegiatan whose name cell is empty
        | Kode            | Uraian | Pagu | Lokasi |
        | 2.13.02.2.01.01 |        | 100  | Desa A |
    Gagal / fails:  a sub kegiatan whose kode lokasi cell is empty
        | Kode            | Uraian                            | Pagu | Lokasi | Kode Lokasi   |
        | 2.13.02.2.01.02 | Fasilitasi Tata Wilayah Desa      | 100  | Desa A |               |
        | 2.13.02.2.01.04 | Fasilitasi Penamaan dan Kode Desa | 100  | Desa B | 64.02.03.2001 |
    Gagal / fails:  a row without code named `PROGRAM PENATAAN DESA`, the official name of program 2.13.02
        | Kode            | Uraian                                                            | Pagu | Lokasi |
        |                 | PROGRAM PENATAAN DESA                                             | 100  |        |
        | 2.13.02.2.01.01 | Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa | 100  | Desa A |
    """
    code = b.kode
    if code is None:
        if b.nama and b.kode_error is None and _has_code_column(b.sheet.columns):
            entries = [e for e in ctx.table.by_name(b.nama, ctx.pemda)
                       if e.kind in ("sub_kegiatan", "kegiatan", "program")]
            if entries:  # the code to type when one code has this name, else the text names them
                codes = sorted({e.code for e in entries})
                ctx.emit("NK404", "missing_code", b.place("kode"), key=(b.opd, b.nama), what=b.nama,
                         expected=codes[0] if len(codes) == 1 else None, codes=", ".join(codes),
                         suggestion=("fix_code", None, False))
        return
    if code.kind != "sub_kegiatan" or b.virtual or (b.lokasi is not None and b.nama is not None
                                                    and b.wilayah_raw is not None and b.wilayah_raw != ""):
        return
    columns = b.sheet.columns
    required = ctx.cache.get(("NK404", "required"))
    if required is None:  # read once per file, not on every row
        required = ctx.cache["NK404", "required"] = tuple(ctx.param("NK404", "required", ("nama", "lokasi", "kode_wilayah")))
    for field in required:
        if field not in columns or field not in _FIELDS:
            continue
        attribute, name, name_en = _FIELDS[field]
        if getattr(b, attribute) in (None, ""):
            ctx.emit("NK404", "missing", b.place(field), key=(b.opd, code.text, field), field=name,
                     field_en=name_en, what=code.text, suggestion=("fix", None, False))


def _has_code_column(columns: dict[str, tuple[int, ...]]) -> bool:
    return any(f in columns for f in ("kode", "kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan",
                                      "kode_sub_kegiatan"))


NK404 = register(Rule(
    id="NK404", category="missing-value", severity="warning",
    title={"id": "Nilai wajib kosong", "en": "Required value empty"},
    messages={
        "missing": {"id": "{field} untuk {what} kosong", "en": "{field_en} of {what} is empty"},
        "missing_code": {"id": "kode untuk {what} kosong; nama itu nama resmi kode {codes}",
                         "en": "the code of {what} is empty; that name is the official name of code {codes}"},
        "fix": {"id": "isi {field}", "en": "fill in the {field_en}"},
        "fix_code": {"id": "isi kodenya ({codes})", "en": "fill in its code ({codes})"},
    },
    doc=_nk404.__doc__ or "", row=_nk404, roles=frozenset(("sub_kegiatan", "paket", "judul")),
))
