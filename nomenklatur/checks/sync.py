"""Cross-file rules of `nomenklatur sync`: a province and its kabupaten/kota together (NK701-NK706) and the
IDM data of the target villages (NK801-NK803). The checks themselves live in `nomenklatur/sync.py`."""

from __future__ import annotations

from nomenklatur.checks.base import Rule, register

NK701 = register(Rule(
    id="NK701", category="sync", severity="error",
    title={"id": "Desa sasaran tanpa sub kegiatan", "en": "Target village without sub kegiatan"},
    messages={
        "uncovered": {"id": "desa sasaran {value} ({name}) tahun {tahun} tidak punya sub kegiatan berlokasi di desa itu "
                            "dalam rencana {kabkota}",
                      "en": "target village {value} ({name}) of {tahun} has no sub kegiatan located in it in the plan of "
                            "{kabkota}"},
        "other_program": {"id": "desa sasaran {value} ({name}) tahun {tahun} hanya punya sub kegiatan di luar program "
                                 "prioritas ({found}) dalam rencana {kabkota}; program prioritas: {programs}",
                          "en": "target village {value} ({name}) of {tahun} only has sub kegiatan outside the priority "
                                "programs ({found}) in the plan of {kabkota}; priority programs: {programs}"},
        "fix": {"id": "tambahkan sub kegiatan program prioritas dengan kode lokasi {value} di rencana {kabkota}",
                "en": "add a priority-program sub kegiatan located in {value} to the plan of {kabkota}"},
    },
    doc="""A target village of the year has no sub kegiatan located in it (by kode wilayah, the "Kode Lokasi"
    column) in its kabupaten/kota's plan. With `sync.programs` in the profile, only sub kegiatan of those
    priority programs count; a village with only other sub kegiatan gets its own message. Checked when a
    file of the village's kabupaten/kota is given (its plan may be split over several files).

    Lulus / passes: target 64.02.03.2001, and Kutai Kartanegara plans 2.13.02.2.01.01 at 64.02.03.2001
    Gagal / fails:  target 64.02.03.2001, and no row of the Kutai Kartanegara file is located there
    """,
))

NK702 = register(Rule(
    id="NK702", amounts=True, category="sync", severity="error",
    title={"id": "Bantuan keuangan tidak sama", "en": "Financial aid does not match"},
    messages={
        "differs": {"id": "bantuan keuangan provinsi ke {kabkota} {sent}, tetapi {kabkota} menganggarkan penerimaan {received}"
                          " (selisih {difference})",
                    "en": "the province's financial aid to {kabkota} is {sent}, but {kabkota} budgets {received} as "
                          "received (difference {difference})"},
        "not_received": {"id": "bantuan keuangan provinsi ke {kabkota} {sent} tidak dianggarkan sebagai pendapatan oleh {kabkota}",
                         "en": "the province's financial aid to {kabkota} ({sent}) is not budgeted as revenue by {kabkota}"},
        "not_sent": {"id": "{kabkota} menganggarkan bantuan keuangan dari provinsi {received}, tetapi provinsi tidak menganggarkannya",
                     "en": "{kabkota} budgets {received} of provincial financial aid, but the province budgets none"},
        "no_recipient": {"id": "bantuan keuangan {value} ({amount}) tidak menyebut kabupaten/kota penerimanya: isi Kode "
                               "Lokasi (mis. 64.02) atau Lokasi (mis. Kab. Kutai Kartanegara)",
                         "en": "financial aid {value} ({amount}) names no recipient regency/city: fill in Kode Lokasi "
                               "(e.g. 64.02) or Lokasi (e.g. Kab. Kutai Kartanegara)"},
        "fix": {"id": "samakan angka belanja bantuan keuangan provinsi (5.4.02.03) dan pendapatan kabupaten/kota (4.2.02.02)",
                "en": "make the province's aid (5.4.02.03) and the regency's revenue (4.2.02.02) equal"},
    },
    doc="""Bankeu from the province to a kabupaten/kota (belanja 5.4.02.03.…) differs from what that
    kabupaten/kota budgets as received from the province (pendapatan 4.2.02.02.…), or one side is missing.
    The recipient of a provincial row is its kode wilayah (64.02) or its lokasi text ("Kab. Kutai Kartanegara");
    a row naming neither is a warning. Only the most detailed rows are added up (a 5.4.02.03 subtotal above
    its 5.4.02.03.01.0001 rows is not counted twice); a kabupaten/kota's plan may be split over several files.

    Lulus / passes: province 5.4.02.03.01.0001 to 64.02 = 2.000.000.000; Kutai Kartanegara 4.2.02.02 = 2.000.000.000
    Gagal / fails:  the same with 1.500.000.000 received
    """,
))

NK703 = register(Rule(
    id="NK703", category="sync", severity="warning",
    title={"id": "Kemungkinan pendanaan ganda", "en": "Possible double funding"},
    messages={
        "double": {"id": "{kabkota} mendanai sub kegiatan {value} di desa {village} ({name}), yang juga didanai provinsi "
                             "({provinsi})",
                   "en": "{kabkota} funds sub kegiatan {value} in village {village} ({name}), which the province also "
                         "funds ({provinsi})"},
        "fix": {"id": "pastikan kedua kegiatan tidak membiayai hal yang sama", "en": "make sure both do not pay for the same thing"},
    },
    doc="""The province and a kabupaten/kota fund the same sub kegiatan (the same code apart from the level
    digit) in the same village: possible double funding.

    Lulus / passes: province 2.13.02.1.01.01 in desa A; kabupaten 2.13.02.2.01.01 in desa B
    Gagal / fails:  both in desa A
    """,
))

NK704 = register(Rule(
    id="NK704", category="sync", severity="error",
    title={"id": "Jumlah desa sasaran tidak sesuai target", "en": "Target village count differs"},
    messages={
        "count": {"id": "daftar desa sasaran tahun {tahun} berisi {value} desa, padahal targetnya {expected} desa",
                  "en": "the target list of {tahun} holds {value} villages, but the target is {expected}"},
        "count_rows": {"id": "daftar desa sasaran tahun {tahun} berisi {value} desa yang sah (dari {rows} baris), padahal "
                             "targetnya {expected} desa",
                       "en": "the target list of {tahun} holds {value} valid villages (of {rows} rows), but the target "
                             "is {expected}"},
        "status": {"id": "status target desa {code} ({name}) ditulis {value}, padahal target daerah adalah {expected}",
                   "en": "the target status of village {code} ({name}) is written {value}, but the regional target is "
                         "{expected}"},
        "twice": {"id": "desa {value} ({name}) tercantum lagi sebagai desa sasaran tahun {tahun} (pertama di baris "
                        "{first_row}); dihitung sekali",
                  "en": "village {value} ({name}) is listed again as a target village of {tahun} (first on row "
                        "{first_row}); counted once"},
        "missing": {"id": "tidak ada daftar desa sasaran di {file} (sheet dengan kolom Kode Desa dan Tahun Target, "
                          "Status Target atau Nilai IDM)",
                    "en": "no target-village list in {file} (a sheet with the columns Kode Desa and Tahun Target, "
                          "Status Target or Nilai IDM)"},
        "unreadable": {"id": "daftar desa sasaran {file} tidak dapat dibaca: {reason}",
                       "en": "the target-village list {file} cannot be read: {reason_en}"},
    },
    doc="""The number of target villages for the year differs from the regional profile's target
    (`sync.targets`, e.g. 30 villages in 2021 for Kalimantan Timur). Villages are counted by code, once each,
    and only those that lie in the province. A profile with targets (or `--target FILE`) also needs the list.

    Lulus / passes: 30 rows with Tahun Target 2021
    Gagal / fails:  28 rows with Tahun Target 2021
    """,
))

NK705 = register(Rule(
    id="NK705", category="level", severity="error",
    title={"id": "Tingkat pemerintahan bercampur", "en": "Government levels mixed"},
    messages={
        "mixed": {"id": "berkas ini mencampur kegiatan tingkat provinsi ({provinsi} baris) dan kabupaten/kota ({kabkota} baris)",
                  "en": "this file mixes provincial ({provinsi} rows) and regency/city ({kabkota} rows) activities"},
        "not_run": {"id": "{kabkota} memakai kegiatan tingkat provinsi (digit 1) dari program {value} ({rows} baris), "
                            "padahal provinsi sendiri tidak menjalankan program itu",
                    "en": "{kabkota} uses provincial-level activities (digit 1) of program {value} ({rows} rows), which "
                          "the province itself does not run"},
    },
    doc="""A file's rows mix government levels (kegiatan digit 1 and 2), or a kabupaten/kota file uses a
    provincial kegiatan (digit 1) of a program the province's own file does not run (then one finding per
    program instead of the "mixed" one).

    Lulus / passes: a kabupaten file with only digit-2 kegiatan
    Gagal / fails:  a kabupaten file with 2.13.05.1.01.06 while the province runs no 2.13.05
    """,
))

NK706 = register(Rule(
    id="NK706", category="sync", severity="warning",
    title={"id": "Bankeu desa di luar desa sasaran", "en": "Village aid outside target villages"},
    messages={
        "not_target": {"id": "bantuan keuangan provinsi {amount} ke desa {value} ({name}), padahal desa itu bukan desa "
                             "sasaran tahun {tahun}",
                       "en": "provincial aid of {amount} to village {value} ({name}), which is not a target village of "
                             "{tahun}"},
    },
    doc="""Provincial financial aid to a village (belanja 5.4.02.05.…) goes to a village that is not a target
    village of the year: the aid may not reach the villages the target is about.

    Lulus / passes: bankeu desa to 64.02.03.2001, a target village of 2021
    Gagal / fails:  bankeu desa to a village not on the 2021 list
    """,
))

NK801 = register(Rule(
    id="NK801", category="idm", severity="error",
    title={"id": "Desa sasaran tidak tertinggal", "en": "Target village not lagging"},
    messages={
        "status": {"id": "desa sasaran {code} ({name}) berstatus {value} pada {base}, bukan sangat tertinggal atau tertinggal",
                   "en": "target village {code} ({name}) was {status_en} in {base}, not very lagging or lagging"},
    },
    doc="""A target village was not *sangat tertinggal* or *tertinggal* in the base year (its status from
    its IDM value when given, else as stated).

    Lulus / passes: IDM 0.5512 (tertinggal)
    Gagal / fails:  IDM 0.6520 (berkembang)
    """,
))

NK802 = register(Rule(
    id="NK802", category="idm", severity="error",
    title={"id": "Status IDM tidak sesuai nilainya", "en": "IDM status does not match its value"},
    messages={
        "disagree": {"id": "nilai IDM {shown} berarti {expected}, tetapi statusnya ditulis {value}",
                     "en": "IDM value {shown_en} means {expected}, but the status says {value}"},
        "unknown": {"id": "status IDM {value!r} tidak dikenal; tulis salah satu: Sangat Tertinggal, Tertinggal, Berkembang, "
                          "Maju, Mandiri",
                    "en": "IDM status {value!r} is not known; write one of: Sangat Tertinggal, Tertinggal, Berkembang, "
                          "Maju, Mandiri"},
        "fix": {"id": "batas Permendesa PDTT 2/2016: <= 0,4907 sangat tertinggal, <= 0,5989 tertinggal, <= 0,7072 berkembang, "
                      "<= 0,8155 maju, di atasnya mandiri",
                "en": "thresholds of Permendesa PDTT 2/2016: <= 0.4907 very lagging, <= 0.5989 lagging, <= 0.7072 "
                      "developing, <= 0.8155 advanced, above: independent"},
    },
    doc="""An IDM value and its stated status disagree (Permendesa PDTT 2/2016: ≤ 0.4907 sangat tertinggal,
    ≤ 0.5989 tertinggal, ≤ 0.7072 berkembang, ≤ 0.8155 maju, above that mandiri; compared at 4 decimals), or
    the stated status is none of those five.

    Lulus / passes: 0.5512 tertinggal
    Gagal / fails:  0.5512 berkembang
    """,
))

NK803 = register(Rule(
    id="NK803", category="idm", severity="error",
    title={"id": "Nilai IDM di luar 0-1", "en": "IDM value outside 0-1"},
    messages={
        "range": {"id": "nilai IDM {shown} tidak berada di antara 0 dan 1 (mungkin Indeks Pembangunan Desa BPS/Bappenas 0-100?)",
                  "en": "IDM value {shown_en} is not between 0 and 1 (perhaps the BPS/Bappenas village index, 0-100?)"},
        "not_number": {"id": "nilai IDM {value!r} bukan angka (tulis mis. 0,5512)",
                       "en": "IDM value {value!r} is not a number (write e.g. 0.5512)"},
    },
    doc="""An IDM value outside 0-1 (or not a number): likely the 0-100 BPS/Bappenas Indeks Pembangunan Desa,
    not the IDM.

    Lulus / passes: 0.5512
    Gagal / fails:  55.12
    """,
))
