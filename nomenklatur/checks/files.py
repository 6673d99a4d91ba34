"""File rules: a file that cannot be read (NK001), a file whose code rows could not be checked (NK002), what
was inferred about the file (NK003), rows left unread after a long blank run (NK005), a sheet whose codes are
in a notation that is not Permendagri 90 (NK006)."""

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
    title={"id": "Baris kode tidak diperiksa", "en": "Code rows not checked"},
    messages={
        "no_header": {"id": "lembar {sheet!r}: tidak ada baris judul dengan kolom kode (mis. 'Kode', 'Kode Sub Kegiatan')",
                      "en": "sheet {sheet!r}: no header row with a code column (e.g. 'Kode', 'Kode Sub Kegiatan')"},
        "no_sheet": {"id": "tidak ada lembar berisi tabel kode di berkas ini (dilihat: {sheets}; judul kolom dicari "
                           "di {scan} baris pertama tiap lembar); beri tabelnya baris judul kolom seperti 'Kode' "
                           "atau 'Kode Sub Kegiatan', 'Uraian' dan 'Pagu', agar dapat diperiksa",
                     "en": "no sheet of this file holds a table of codes (looked at: {sheets_en}; the header is "
                           "looked for in the first {scan} rows of each sheet); give the table a header row such as "
                           "'Kode' or 'Kode Sub Kegiatan', 'Uraian' and 'Pagu' so it can be checked"},
        "no_rows": {"id": "tabel kode ditemukan di {sheets}, tetapi tidak satu pun baris kodenya terbaca ({roles}); "
                          "berkas ini belum diperiksa",
                    "en": "a table of codes was found in {sheets_en}, but none of its code rows could be read "
                          "({roles_en}); this file was not checked"},
        "failed": {"id": "berkas ini tidak dapat diperiksa sampai selesai karena kesalahan di nomenklatur sendiri "
                         "({error}); laporkan kepada pengembang beserta berkasnya",
                   "en": "this file could not be checked to the end because of an error in nomenklatur itself "
                         "({error}); report it to the developers with the file"},
    },
    doc="""No sheet of the file has a table of codes, or the table's code rows could not be read, so the file
    was not checked: said once for the file, never passed in silence. Header names are matched against the
    alias list `rules/headers.yaml` (add your own under `headers:` in `.nomenklatur.yaml`); what a column
    holds is then decided by its values.

    Lulus / passes: a sheet with a header "Kode Sub Kegiatan | Nama | Pagu" and codes under it
        | Kode Sub Kegiatan | Nama                         | Pagu |
        | 2.13.02.2.01.02   | Fasilitasi Tata Wilayah Desa | 100  |
    Lulus / passes: the header below the document's title rows
        | RENCANA KERJA PERANGKAT DAERAH         |                              |      |
        | DINAS PEMBERDAYAAN MASYARAKAT DAN DESA |                              |      |
        |                                        |                              |      |
        | Kode                                   | Uraian                       | Pagu |
        | 2.13.02.2.01.02                        | Fasilitasi Tata Wilayah Desa | 100  |
    Gagal / fails:  a sheet of numbers without any header
        | 1 | 2 | 3 |
        | 4 | 5 | 6 |
    Gagal / fails:  a "Kode" column with nothing readable under it
        | Kode | Uraian          | Pagu |
        | abc  | Belanja kantor  | 100  |
        | def  | Belanja listrik | 200  |
    """,
))

NK003 = register(Rule(
    id="NK003", category="file", severity="info",
    title={"id": "Tingkat pemda disimpulkan", "en": "Government level inferred"},
    messages={"inferred": {"id": "tingkat pemda berkas ini ({level}) hanya disimpulkan dari kodenya; "
                                 "tegaskan dengan --tingkat atau di .nomenklatur.yaml",
                           "en": "this file's government level ({level_en}) was only inferred from its codes; "
                                 "state it with --tingkat or in .nomenklatur.yaml"},
              "assumed": {"id": "tingkat pemda berkas ini tidak tertulis di judul dan tidak dapat disimpulkan dari "
                                "kodenya, jadi dianggap {level}; tegaskan dengan --tingkat atau di .nomenklatur.yaml",
                          "en": "this file's government level is neither in its title nor to be read from its codes, "
                                "so it is taken as {level_en}; state it with --tingkat or in .nomenklatur.yaml"}},
    doc="""The government level (provinsi or kabupaten/kota) was neither given nor found in the file's title
    or organisation code, and was inferred from the level digit of its kegiatan codes.

    Lulus / passes: `--tingkat kabkota`
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    Lulus / passes: a title row `Kabupaten Paser`
        $ nomenklatur check usulan.xlsx --tahun 2021
        | Kabupaten Paser |        |
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    Gagal / fails:  a file without title whose codes are mostly level 2
        $ nomenklatur check usulan.xlsx --tahun 2021
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    Gagal / fails:  a file without title whose codes carry no level digit (programs): taken as kabupaten/kota
        $ nomenklatur check usulan.xlsx --tahun 2021
        | Kode    | Uraian |
        | 2.13.02 |        |
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

NK006 = register(Rule(
    id="NK006", category="file", severity="error",
    title={"id": "Notasi kode bukan Permendagri 90", "en": "Code notation is not Permendagri 90"},
    messages={
        "notation": {"id": "kolom {column} lembar ini memakai notasi kode {notation} (mis. {value!r}), bukan kode "
                           "Permendagri 90; {count} baris kode tidak diperiksa",
                     "en": "column {column} of this sheet uses the {notation} code notation (e.g. {value!r}), not "
                           "Permendagri 90 codes; {count} code rows were not checked"},
        "unreadable": {"id": "sebagian besar kode di kolom {column} lembar ini tidak terbaca sebagai kode Permendagri "
                             "90 (mis. {value!r}); {count} baris kode tidak diperiksa",
                       "en": "most codes in column {column} of this sheet cannot be read as Permendagri 90 codes "
                             "(e.g. {value!r}); {count} code rows were not checked"},
        "fix": {"id": "tulis kode program/kegiatan/sub kegiatan menurut Permendagri 90, mis. 2.13.02.2.01.0001, "
                      "atau ekspor ulang dari SIPD",
                "en": "write the program/kegiatan/sub kegiatan codes as Permendagri 90 does, e.g. 2.13.02.2.01.0001, "
                      "or export again from SIPD"},
    },
    doc="""The code column of a sheet is written in a notation the Permendagri 90 grammar cannot read (for example
    a SIMDA print converted from PDF: `0.00 . 2-17.3-30.3-31.01.0.0 . 1.2.02.1`), or most of its code cells
    cannot be read. Not a mistake on every row: one finding for the sheet that names the notation, and its
    rows are counted as not checked.

    Lulus / passes: `2.17.01.2.02.0001` in the code column
        $ nomenklatur check usulan.xlsx --tahun 2024 --tingkat kabkota
        | Kode              | Uraian |
        | 2.17.01.2.02.0001 |        |
    Lulus / passes: one unreadable code, `2.13.AB.2.01.01`, among readable ones (NK101)
        | Kode            | Uraian |
        | 2.13.02         |        |
        | 2.13.02.2.01    |        |
        | 2.13.AB.2.01.01 |        |
    Gagal / fails:  `0.00 . 2-17.3-30.3-31.01.0.0 . 1.2.02.1` in every row of the code column
        | Kode                                    | Uraian          |
        | 0.00 . 2-17.3-30.3-31.01.0.0 . 1.2.02.1 | Belanja pegawai |
        | 0.00 . 2-17.3-30.3-31.01.0.0 . 1.2.02.2 | Belanja barang  |
    Gagal / fails:  `2.13.02.2.01.01.01` and `2.13.02.2.01.02.01`: most of the code column unreadable
        | Kode               | Uraian |
        | 2.13.02.2.01.01.01 |        |
        | 2.13.02.2.01.02.01 |        |
    """,
))

NK007 = register(Rule(
    id="NK007", category="file", severity="error",
    title={"id": "Tahun dokumen lain dari yang diminta", "en": "Document of another year than asked"},
    messages={
        "mismatch": {"id": "berkas ini untuk {found} menurut {evidence}, bukan TA {tahun} yang diminta, jadi kodenya "
                           "diukur dengan daftar yang salah; periksa ulang dengan --tahun {expected}",
                     "en": "this file is for {found_en} by its {evidence_en}, not FY{tahun} as asked, so its codes "
                           "are measured against the wrong list; check again with --tahun {expected}"},
    },
    doc="""`--tahun` (or `tahun:` in .nomenklatur.yaml) names another fiscal year than the document shows: its title
    ("TAHUN ANGGARAN 2024"), else its file name, or its codes (sub kegiatan with 4 digits exist from FY2024 only,
    2 digits until FY2023; accounts in the 2026 shape from FY2026). One finding for the file, naming the year
    to check it as; its codes are still measured against the year asked.

    Lulus / passes: `--tahun 2024` on a file titled `RENJA TAHUN 2024`
        $ nomenklatur check usulan.xlsx --tahun 2024 --tingkat kabkota
        | RENJA TAHUN 2024  |        |
        | Kode              | Uraian |
        | 2.13.02.2.01.0001 |        |
    Lulus / passes: `--tahun 2021` on a file with two 4-digit sub kegiatan codes: too few to tell the era (NK203)
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota
        | Kode              | Uraian |
        | 2.13.02.2.01.0001 |        |
        | 2.13.02.2.01.0002 |        |
    Gagal / fails:  `--tahun 2021` on a file whose sub kegiatan codes have 4 digits (`2.13.02.2.01.0001`)
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota
        | Kode              | Uraian |
        | 2.13.02.2.01.0001 |        |
        | 2.13.02.2.01.0002 |        |
        | 2.13.02.2.01.0003 |        |
    Gagal / fails:  `--tahun 2021` on a file titled `RENJA TAHUN 2024`
        $ nomenklatur check usulan.xlsx --tahun 2021 --tingkat kabkota
        | RENJA TAHUN 2024  |        |
        | Kode              | Uraian |
        | 2.13.02.2.01.0001 |        |
    Gagal / fails:  `--tahun 2021` on a file named `renja_dpmd_2024.xlsx`
        $ nomenklatur check renja_dpmd_2024.xlsx --tahun 2021 --tingkat kabkota
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    """,
))

NK008 = register(Rule(
    id="NK008", category="file", severity="info",
    title={"id": "Tahun anggaran dibaca dari dokumen", "en": "Fiscal year read from the document"},
    messages={
        "inferred": {"id": "diperiksa sebagai TA {tahun}: {evidence} menunjukkan {found}{why}; sebutkan --tahun bila "
                           "lain",
                     "en": "checked as FY{tahun}: by its {evidence_en}, {found_en}{why_en}; give --tahun if it is "
                           "another year"},
        "unknown": {"id": "tahun anggaran berkas ini tidak terbaca dari judul, nama berkas, maupun kodenya; "
                          "diperiksa dengan daftar TA {tahun}; sebutkan --tahun agar diperiksa dengan daftar "
                          "tahunnya",
                    "en": "this file's fiscal year cannot be read from its title, file name or codes; it was "
                          "checked against the FY{tahun} list; give --tahun to check it against its own year's"},
    },
    doc="""No `--tahun` was given, and the fiscal year was read from the document: its title, else its file name,
    else its codes (which tell the era: 2 or 4-digit sub kegiatan, the 2026 account shape). Says where the year
    came from; where nothing shows it, a warning that the newest full list was used.

    Lulus / passes: `--tahun 2024`
        $ nomenklatur check usulan.xlsx --tahun 2024 --tingkat kabkota
        | RENCANA KERJA TAHUN 2024 |        |
        | Kode                     | Uraian |
        | 2.13.02.2.01.0001        |        |
    Gagal / fails:  no --tahun, a title `RENCANA KERJA TAHUN 2024` (checked as FY2024, said so)
        $ nomenklatur check usulan.xlsx --tingkat kabkota
        | RENCANA KERJA TAHUN 2024 |        |
        | Kode                     | Uraian |
        | 2.13.02.2.01.0001        |        |
    Gagal / fails:  no --tahun, a file named `renja_2024.xlsx`
        $ nomenklatur check renja_2024.xlsx --tingkat kabkota
        | Kode              | Uraian |
        | 2.13.02.2.01.0001 |        |
    Gagal / fails:  no --tahun, and nothing shows the year (a warning: the newest full list is used)
        $ nomenklatur check usulan.xlsx --tingkat kabkota
        | Kode            | Uraian |
        | 2.13.02.2.01.01 |        |
    """,
))

NK009 = register(Rule(
    id="NK009", category="file", severity="warning",
    title={"id": "Isi berkas lain dari namanya", "en": "File content differs from its name"},
    messages={
        "named": {"id": "berkas bernama .{named} ini sebenarnya berformat {actual} dan dibaca sesuai isinya; simpan "
                        "ulang dengan format yang benar sebelum diunggah",
                  "en": "this file named .{named} is in fact {actual} and was read as such; save it again in the "
                        "right format before uploading it"},
    },
    doc="""The file's name promises one format and its content is another (a CSV export renamed to .xlsx, an .xlsx
    saved as .xls): it is read by its content, and said, because an upload system that goes by the name
    refuses it.

    Lulus / passes: `usulan.xlsx` holding an Excel workbook
    Gagal / fails:  `usulan.xlsx` holding comma-separated text
    """,
))
