"""Account rule: an unknown rekening code, or a rekening name that does not match (NK501)."""

from __future__ import annotations

from nomenklatur import kode
from nomenklatur.baris import Baris
from nomenklatur.checks.base import Context, Rule, register
from nomenklatur.tables.catalog import Choice
from nomenklatur.teks import name_key, search_text


def _nk501(ctx: Context, b: Baris) -> None:
    """An unknown rekening (akun) code, or its name does not match the account chart of the fiscal year.
    A 3-digit sub rincian objek of the 2019 chart is mapped to its 4-digit successor by name; a code in the
    2026 shape (`5.1.02.01.001.00024`) is looked up in its 4-digit form (`5.1.02.01.01.0024`).

    Where the chart itself stops above the code's level (FY2021 pendapatan transfers are known only to
    objek level), a deeper code is not judged. An unknown code is an error only where the chart is the
    year's own and complete for that part (belanja; pendapatan and pembiayaan to objek); elsewhere, and for
    names (SIPD words account names in more than one way), a warning that says why. Where the chart is not
    the year's own, names of pendapatan and pembiayaan are not compared (UU 1/2022 renamed and reordered the
    regional taxes from FY2024, so an older chart cannot judge them).

    Lulus / passes: `5.1.02.01.01.0024` in FY2021
        | Kode Rekening     | Uraian Rekening                                            | Pagu |
        | 5.1.02.01.01.0024 | Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor | 100  |
    Lulus / passes: `5.1.02.01.01.0024` named short, "Alat Tulis Kantor"
        | Kode Rekening     | Uraian Rekening   | Pagu |
        | 5.1.02.01.01.0024 | Alat Tulis Kantor | 100  |
    Lulus / passes: `5.1.02.01.01.0024` beside a bare "Uraian" of free text
        | Kode Rekening     | Uraian                      | Pagu |
        | 5.1.02.01.01.0024 | Kertas HVS untuk rapat desa | 100  |
    Lulus / passes: `4.2.02.02.01.0001` in FY2021, whose chart knows pendapatan transfers to objek level only
        | Kode Rekening     | Uraian Rekening | Pagu |
        | 4.2.02.02.01.0001 |                 | 100  |
    Gagal / fails:  `5.1.02.01.01.9999`
        | Kode Rekening     | Uraian Rekening | Pagu |
        | 5.1.02.01.01.9999 |                 | 100  |
    Gagal / fails:  `5.1.02.01.01.024` (3-digit, 2019 chart)
        | Kode Rekening    | Uraian Rekening | Pagu |
        | 5.1.02.01.01.024 |                 | 100  |
    Gagal / fails:  `5.1.02.01.05.001` of the 2019 chart: in FY2021 it is 5.1.02.01.01.0059
        | Kode Rekening    | Uraian Rekening | Pagu |
        | 5.1.02.01.05.001 |                 | 100  |
    Gagal / fails:  `4.2.02.09`, an objek the FY2021 chart does not hold
        | Kode Rekening | Uraian Rekening | Pagu |
        | 4.2.02.09     |                 | 100  |
    Gagal / fails:  `5.1.02.01.01.0024` named `Belanja Perjalanan Dinas` (a warning)
        | Kode Rekening     | Uraian Rekening          | Pagu |
        | 5.1.02.01.01.0024 | Belanja Perjalanan Dinas | 100  |
    """
    raw = b.akun_raw
    if raw is None or raw == "":
        return
    loc = b.place("kode_akun")
    try:
        code = kode.parse(raw, "akun")
    except kode.KodeError as exc:
        ctx.emit("NK501", "invalid", loc, value=str(raw), key=(b.opd, str(raw)), reason=exc.message("id"),
                 reason_en=exc.message("en"))
        return
    table = ctx.code_table("akun")
    narrow = kode.akun_4digit(code)
    entry = table.get(narrow) if narrow else None
    key = (b.opd, code.text)
    if entry is None and narrow and _below_known_leaf(table, narrow):
        return
    note = _chart_note(ctx, code, table.name)
    if entry is None:
        successors = [l.to_code for cw in ctx.catalog.crosswalks_to(table.name) for l in cw.links(code.text) if l.to_code]
        if successors:
            ctx.emit("NK501", "old", loc, value=code.text, expected=successors[0], key=key,
                     table=table.meta.label(), table_en=table.meta.label("en"),
                     suggestion=("fix_successor", successors[0], False))
        elif note["exact"] or _first_time(ctx, b, code.text):
            ctx.emit("NK501", "unknown", loc, value=code.text, key=key, table=table.meta.label(),
                     table_en=table.meta.label("en"), note=note["id"],
                     note_en=note["en"], at_most=None if note["exact"] else "warning")
        return
    own_chart = _choice(ctx).exact and ctx.tahun_doubt is None
    if b.akun_nama and entry.name and not entry.name.startswith("Dst") and _names_accounts(b, code) \
            and (code.segments[0] == "5" or own_chart) and not _same_account_name(b.akun_nama, entry.name):
        ctx.emit("NK501", "name", b.place("uraian_akun"), value=b.akun_nama, expected=entry.name, key=key,
                 code=code.text, note=note["id"], note_en=note["en"], suggestion=("fix_name", entry.name, False),
                 at_most="warning")


def _first_time(ctx: Context, b: Baris, code: str) -> bool:
    """Whether a warning about this account code is the sheet's first (a chart that cannot prove a code wrong
    says so once per code and sheet, not on each of its lines)."""
    said = ctx.state.setdefault("NK501_said", set())
    if (b.sheet.sheet, code) in said:
        return False
    said.add((b.sheet.sheet, code))
    return True


def _chart_note(ctx: Context, code: kode.Kode, table: str) -> dict:
    """Whether the account chart proves an unknown code wrong (`exact`), and the clause saying why not."""
    choice = _choice(ctx)
    if code.era == "5":
        return {"exact": False,
                "id": f" (dalam bentuk 4 digitnya {kode.akun_4digit(code) or '-'}); bagan akun bentuk 2026 yang "
                      f"tersedia hanya rekening yang teramati dipakai, jadi hanya peringatan",
                "en": f" (in its 4-digit form {kode.akun_4digit(code) or '-'}); the chart of the 2026 shape "
                      f"available holds only accounts observed in use, so only a warning"}
    if ctx.tahun_doubt is not None:
        return {"exact": False, **ctx.tahun_doubt}
    if not choice.exact:
        observed = not ctx.catalog.meta(table).full and ctx.tahun in ctx.catalog.meta(table).fiscal_years
        return {"exact": False,
                "id": f"; bagan TA {ctx.tahun} yang tersedia hanya rekening yang teramati dipakai, jadi hanya "
                      f"peringatan" if observed else f"; bagan ini bukan bagan resmi TA {ctx.tahun}, jadi hanya "
                                                      f"peringatan",
                "en": f"; the FY{ctx.tahun} chart available holds only accounts observed in use, so only a warning"
                      if observed else f"; this chart is not the official chart of FY{ctx.tahun}, so only a warning"}
    if code.segments[0] != "5" and len(code.segments) > 4:
        return {"exact": False, "id": "; bagan pendapatan/pembiayaan di bawah objek tidak lengkap, jadi hanya peringatan",
                "en": "; the chart of revenue/financing below objek is incomplete, so only a warning"}
    return {"exact": True, "id": "", "en": ""}


def _choice(ctx: Context) -> Choice:
    """The account chart chosen for the fiscal year (whether it is the year's own: `exact`)."""
    choice = ctx.cache.get(("NK501", "choice"))
    if choice is None:
        choice = ctx.cache["NK501", "choice"] = ctx.catalog.choose(ctx.tahun, jenis="akun")
    return choice


def _below_known_leaf(table, code: str) -> bool:
    """The chart only goes down to an ancestor of this code (e.g. pendapatan 4.2.02.02 is known to objek
    level only): the table cannot judge the deeper code, so it is not called unknown."""
    parts = code.split(".")
    for depth in range(len(parts) - 1, 0, -1):
        ancestor = ".".join(parts[:depth])
        if table.get(ancestor) is not None:
            return not table.children(ancestor)
    return False


def _names_accounts(b: Baris, code: kode.Kode) -> bool:
    """A column headed as the account's own name ("Uraian Rekening", "Nama Akun") is compared, and so is the
    name of a sheet that lists the chart's own lines (account codes at two or more depths: RAK, DPA, LRA,
    APBD lampiran), from objek down (a "5" there may be urusan 5 as well as BELANJA DAERAH). A bare "Uraian"
    beside sub rincian objek codes alone is free text in many templates (e.g. "Alat Tulis Kantor (ATK)")."""
    if b.sheet.akun_tree and len(code.segments) >= 4:
        return True
    cols = b.sheet.columns.get("uraian_akun", ())
    label = (b.sheet.labels.get(cols[0], "") if cols else "").casefold()
    return "rekening" in label or "akun" in label


def _same_account_name(given: str, official: str) -> bool:
    """Account names are often shortened ("Alat Tulis Kantor" for "Belanja Alat/Bahan …-Alat Tulis Kantor"):
    equal keys, or the given words found within the official name, count as the same."""
    if name_key(given) == name_key(official):
        return True
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(search_text(given), search_text(official)) >= 85


NK501 = register(Rule(
    id="NK501", category="account", severity="error",
    title={"id": "Rekening tidak dikenal", "en": "Unknown account"},
    messages={
        "invalid": {"id": "kode rekening {value!r} tidak dapat dibaca: {reason}",
                    "en": "account code {value!r} cannot be read: {reason_en}"},
        "unknown": {"id": "kode rekening {value} tidak ada dalam bagan akun {table}{note}",
                    "en": "account code {value} is not in the chart of accounts {table_en}{note_en}"},
        "old": {"id": "kode rekening {value} berformat lama (bagan 2019); di {table} menjadi {expected}",
                "en": "account code {value} is in the old (2019) format; in {table_en} it is {expected}"},
        "name": {"id": "uraian rekening {code} tidak sesuai: tertulis {value!r}{note}",
                 "en": "the name of account {code} does not match: found {value!r}{note_en}"},
        "fix_successor": {"id": "ganti dengan {expected}", "en": "replace with {expected}"},
        "fix_name": {"id": "uraian resmi: {expected}", "en": "official name: {expected}"},
    },
    doc=_nk501.__doc__ or "", row=_nk501, memo="akun", needs="kode_akun", also=frozenset(("akun",)),
))
