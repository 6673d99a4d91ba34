"""Sumber dana rule: a kode sumber dana that is not in the SIPD-RI master of the fiscal year (NK502)."""

from __future__ import annotations

from nomenklatur import kode
from nomenklatur.baris import Baris
from nomenklatur.checks.base import Context, Rule, register


def _nk502(ctx: Context, b: Baris) -> None:
    """A kode sumber dana that the SIPD-RI master of the fiscal year does not hold (FY2025: 4-digit codes such as
    `1.2.01.01.01.0001`; FY2026: the 2026 shape `2.2.01.08.002.00004`). A warning: the masters are dumps of one
    date (codes added later in the year are not in them), and other years use the nearest master; said once per
    code and sheet. Before FY2025 the codes of the older classification (sesendok 5) are checked.

    Lulus / passes: `2.2.01.05.01.0001` (Dana Desa) in FY2025
        $ nomenklatur check usulan.xlsx --tahun 2025 --tingkat kabkota
        | Kode              | Uraian | Pagu | Kode Sumber Dana  |
        | 2.13.02.2.01.0001 |        | 100  | 2.2.01.05.01.0001 |
    Lulus / passes: `2.2.01.08.002.00004` in FY2026
        $ nomenklatur check usulan.xlsx --tahun 2026 --tingkat kabkota
        | Kode              | Uraian | Pagu | Kode Sumber Dana    |
        | 2.13.02.2.01.0001 |        | 100  | 2.2.01.08.002.00004 |
    Gagal / fails:  `2.2.01.05.01.9999` in FY2025, on two rows: said once
        $ nomenklatur check usulan.xlsx --tahun 2025 --tingkat kabkota
        | Kode              | Uraian | Pagu | Kode Sumber Dana  |
        | 2.13.02.2.01.0001 |        | 100  | 2.2.01.05.01.9999 |
        | 2.13.02.2.01.0002 |        | 100  | 2.2.01.05.01.9999 |
    Gagal / fails:  `2.2.01.05.01.0001`, a FY2025 code, in a FY2026 document (the master changed shape)
        $ nomenklatur check usulan.xlsx --tahun 2026 --tingkat kabkota
        | Kode              | Uraian | Pagu | Kode Sumber Dana  |
        | 2.13.02.2.01.0001 |        | 100  | 2.2.01.05.01.0001 |
    """
    raw = b.dana_raw
    if raw is None or raw == "":
        return
    loc = b.sheet.place(b.row, "kode_sumber_dana")
    try:
        code = kode.parse(raw, "akun")
    except kode.KodeError:
        return  # a column the typing took for codes that holds a name here: nothing to compare
    table = ctx.code_table("sumber_dana")
    if table.get(code.text) is not None:
        return
    said = ctx.state.setdefault("NK502_said", set())
    if (b.sheet.sheet, code.text) in said:
        return  # once per code and sheet: a master of one date cannot prove each line wrong
    said.add((b.sheet.sheet, code.text))
    shape = shape_en = ""
    shaped_2026 = any(y >= 2026 for y in table.meta.fiscal_years)
    if code.era == "4" and shaped_2026:
        shape = " (kode bentuk 4 digit; master TA 2026 memakai bentuk 2026, mis. 2.2.01.08.002.00004)"
        shape_en = " (a 4-digit code; the FY2026 master uses the 2026 shape, e.g. 2.2.01.08.002.00004)"
    elif code.era == "5" and not shaped_2026:
        shape, shape_en = " (kode bentuk 2026; master ini memakai bentuk 4 digit)", \
            " (a code of the 2026 shape; this master uses the 4-digit shape)"
    ctx.emit("NK502", "unknown", loc, value=code.text, key=(b.opd, code.text), table=table.meta.label(),
             table_en=table.meta.label("en"), shape=shape, shape_en=shape_en, at_most="warning")


NK502 = register(Rule(
    id="NK502", category="funding-source", severity="warning",
    title={"id": "Sumber dana tidak dikenal", "en": "Unknown funding source"},
    messages={
        "unknown": {"id": "kode sumber dana {value} tidak ada dalam {table}{shape}",
                    "en": "funding source code {value} is not in {table_en}{shape_en}"},
    },
    doc=_nk502.__doc__ or "", row=_nk502, memo="dana", needs="kode_sumber_dana",
))
