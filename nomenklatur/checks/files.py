"""File rules: a file that cannot be read (NK001), a sheet with no recognizable table (NK002), what was
inferred about the file (NK003), rows left unread after a long blank run (NK005)."""

from __future__ import annotations

from nomenklatur.checks.base import Rule, register


NK001 = register(Rule(
    id="NK001", category="file", severity="error",
    title={"id": "Berkas tidak dapat dibaca", "en": "File cannot be read"},
    messages={"unreadable": {"id": "{reason}", "en": "{reason_en}"}},
    doc="""The file cannot be read at all (missing, corrupt, encrypted, not a spreadsheet, over a limit).
    The other files are still checked; the run ends with exit status 2.

    Lulus / passes: a readable xlsx, xls, ods or csv file
    Gagal / fails:  a password-protected workbook; a PDF renamed .xlsx
    """,
))

NK002 = register(Rule(
    id="NK002", category="file", severity="error",
    title={"id": "Tabel tidak ditemukan", "en": "No table found"},
    messages={
        "no_header": {"id": "lembar {sheet!r}: tidak ada baris judul dengan kolom kode (mis. 'Kode', 'Kode Sub Kegiatan')",
                      "en": "sheet {sheet!r}: no header row with a code column (e.g. 'Kode', 'Kode Sub Kegiatan')"},
        "no_sheet": {"id": "tidak ada lembar berisi tabel kode di berkas ini",
                     "en": "no sheet of this file holds a table of codes"},
    },
    doc="""No sheet of the file has a header row naming a code column, so nothing could be checked.
    Header names are matched against the alias list `rules/headers.yaml`; add your own under `headers:` in
    `.nomenklatur.yaml`.

    Lulus / passes: a sheet with a header "Kode Sub Kegiatan | Nama | Pagu"
    Gagal / fails:  a sheet of numbers without any header
    """,
))

NK003 = register(Rule(
    id="NK003", category="file", severity="info",
    title={"id": "Tingkat pemda disimpulkan", "en": "Government level inferred"},
    messages={"inferred": {"id": "tingkat pemda berkas ini ({level}) hanya disimpulkan dari kodenya; "
                                 "tegaskan dengan --tingkat atau di .nomenklatur.yaml",
                           "en": "this file's government level ({level_en}) was only inferred from its codes; "
                                 "state it with --tingkat or in .nomenklatur.yaml"}},
    doc="""The government level (provinsi or kabupaten/kota) was neither given nor found in the file's title
    or organisation code, and was inferred from the level digit of its kegiatan codes.

    Lulus / passes: `--tingkat kabkota`, or a title row "Kabupaten Paser"
    Gagal / fails:  a file without title whose codes are mostly level 2
    """,
))

NK005 = register(Rule(
    id="NK005", category="file", severity="warning",
    title={"id": "Baris di bawah tidak dibaca", "en": "Rows below were not read"},
    messages={"stopped": {
        "id": "lembar {sheet!r}: pembacaan berhenti setelah {run} baris kosong, sehingga baris {row} dan di "
              "bawahnya tidak diperiksa; hapus baris kosong di atasnya atau naikkan `limits.max_blank_run` di "
              ".nomenklatur.yaml",
        "en": "sheet {sheet!r}: reading stopped after {run} blank rows, so row {row} and below were not "
              "checked; delete the blank rows above it or raise `limits.max_blank_run` in .nomenklatur.yaml"}},
    doc="""A sheet holds values again after more than `limits.max_blank_run` (10,000) blank rows. Reading
    stops at such a gap (a sheet "with a million rows" is usually a million empty ones), so the values
    below it were not checked.

    Lulus / passes: a table in rows 1-500, nothing below it
    Gagal / fails:  a table in rows 1-500 and one more row at row 1,000,000
    """,
))
