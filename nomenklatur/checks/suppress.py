"""Suppression rule: a `nomenklatur: abaikan NKxxx` marker that no longer suppresses anything (NK004).

The markers themselves are read and applied by `nomenklatur.suppress`, after the checks have run.
"""

from __future__ import annotations

from nomenklatur.checks.base import Rule, register

NK004 = register(Rule(
    id="NK004", category="file", severity="info",
    title={"id": "Penanda abaikan tidak diperlukan", "en": "Suppression not needed"},
    messages={
        "unused": {"id": "penanda 'nomenklatur: abaikan {rule}' tidak diperlukan lagi: baris {row} tidak punya temuan {rule}",
                   "en": "marker 'nomenklatur: ignore {rule}' is no longer needed: row {row} has no {rule} finding"},
        "unknown": {"id": "penanda abaikan menyebut aturan {rule} yang tidak ada (lihat: nomenklatur rule)",
                    "en": "the ignore marker names rule {rule}, which does not exist (see: nomenklatur rule)"},
        "fix": {"id": "hapus penanda ini", "en": "remove this marker"},
    },
    doc="""A cell note (comment) or a cell on a row says `nomenklatur: abaikan NK202` (or `ignore`), but the
    row has no NK202 finding any more, or the marker names a rule that does not exist. A marker suppresses
    the named rules' findings on its own row; write it in a "Catatan"/"Keterangan" column or as a cell
    note. Remove markers that are no longer needed so they do not hide a future mistake.

    Lulus / passes: row 2 has an NK202 finding and a note `nomenklatur: abaikan NK202`
        | Kode    | Uraian                 | Catatan                    |
        | 2.13.02 | Program Pembinaan Desa | nomenklatur: abaikan NK202 |
    Gagal / fails:  the name on row 2 was corrected, but the note `nomenklatur: abaikan NK202` stayed
        | Kode    | Uraian                | Catatan                    |
        | 2.13.02 | PROGRAM PENATAAN DESA | nomenklatur: abaikan NK202 |
    Gagal / fails:  a note `nomenklatur: abaikan NK999`, a rule that does not exist
        | Kode    | Uraian                | Catatan                    |
        | 2.13.02 | PROGRAM PENATAAN DESA | nomenklatur: abaikan NK999 |
    """,
))
