"""The recipe of the shipped tables: which official source files make which table version.

Run by the maintainers with the reference facts at hand:
    python -m nomenklatur.tables.shipped PATH/TO/reference [OUT_DIR]
Every table is compiled by `importer.compile_table`, the same code path as `nomenklatur tables import`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nomenklatur.tables import crosswalks
from nomenklatur.tables.catalog import Catalog
from nomenklatur.tables.importer import ImportSpec, SourceSpec, compile_table
from nomenklatur.tables.meta import Teks
from nomenklatur.tables.store import SHIPPED_DIR, dumps, write_atomic, write_index

P90 = "Permendagri 90/2019"
FY2021 = "Kepmendagri 050-3708/2020"
FY2024 = "Kepmendagri 900.1.15.5-1317/2023"
FY2025 = "Kepmendagri 900.1.15.5-3406/2024"
FY2026 = "Kepmendagri 900.1-2850/2025"
AKUN = "Permendagri 90/2019 beserta pemutakhirannya (Kepmendagri 050-3708/2020, 050-5889/2021)"
SIPD = "Master SIPD-RI pemutakhiran 2027"

PROVINSI_FROM_2019 = Teks(
    id="Daftar provinsi TA 2021 tidak tersedia: kode provinsi diperiksa terhadap lampiran asli Permendagri "
       "90/2019, yang direvisi Kepmendagri 050-3708/2020.",
    en="No FY2021 provincial list is available: provincial codes are checked against the original "
       "Permendagri 90/2019 annex, which Kepmendagri 050-3708/2020 revised.",
)


def recipe(ref: Path) -> list[ImportSpec]:
    """The import specifications of the shipped code tables, in build order."""
    nk, akun, wil = ref / "nomenklatur", ref / "akun", ref / "wilayah"
    urusan_bidang = SourceSpec(nk / "urusan_bidang.csv", "urusan_bidang", role="induk", pemda="provinsi")
    urusan_bidang_kab = SourceSpec(nk / "urusan_bidang.csv", "urusan_bidang", role="induk", pemda="kabkota")
    return [
        ImportSpec(
            name="p90-2019", jenis="nomenklatur", title="Lampiran asli Permendagri 90/2019", regulation=P90,
            regulation_date="2019-10-18",
            sources=(SourceSpec(nk / "p90_2019_provinsi_permendagri_90-2019.csv", "p90-2019", pemda="provinsi"),
                     SourceSpec(nk / "p90_2019_kabkota_permendagri_90-2019.csv", "p90-2019", pemda="kabkota")),
            notes=("Lampiran asli; untuk TA 2021 berlaku pemutakhiran Kepmendagri 050-3708/2020.",),
        ),
        ImportSpec(
            name="fy2021", jenis="nomenklatur", title="Nomenklatur TA 2021", regulation=FY2021,
            regulation_date="2020-10-05", fiscal_years=(2021,),
            sources=(SourceSpec(nk / "fy2021_kabkota_kepmendagri_050-3708-2020.csv", "fy2021", pemda="kabkota"),),
            borrow=(("provinsi", "p90-2019"),), level_notes={"provinsi": PROVINSI_FROM_2019},
        ),
        ImportSpec(
            name="fy2024", jenis="nomenklatur", title="Nomenklatur TA 2024 (kabupaten/kota)", regulation=FY2024,
            regulation_date="2023-06-23", fiscal_years=(2024,),
            sources=(SourceSpec(nk / "fy2024_kabkota_kepmendagri_900.1.15.5-1317-2023.csv", "fy2024", pemda="kabkota"),),
            notes=("Diekstrak dari PDF: beberapa nama rusak di sumbernya (mis. 1.05.02.2.01.0010).",),
        ),
        ImportSpec(
            name="sipd-2027", jenis="nomenklatur", title="Master SIPD versi pemutakhiran 2027", regulation=SIPD,
            fiscal_years=(2027,),
            sources=(SourceSpec(nk / "sipd_2027_codes.csv", "sipd-2027"), urusan_bidang, urusan_bidang_kab),
            notes=("Kode tidak unik antar-tingkat: kunci entri adalah (tingkat pemda, kode).",
                   "Urusan tidak ada dalam master SIPD; namanya diambil dari urusan_bidang.csv."),
        ),
        ImportSpec(
            name="fy2025", jenis="nomenklatur", title="Nomenklatur TA 2025: kode yang teramati dipakai (kabupaten/kota)",
            regulation=FY2025, fiscal_years=(2025,), coverage="teramati",
            sources=(SourceSpec(nk / "fy2025_kabkota_observed_sipdri_buru.csv", "sipd-ri-2025", pemda="kabkota"),),
            borrow=(("kabkota", "fy2024"), ("kabkota", "sipd-2027"), ("provinsi", "sipd-2027")),
            notes=("Daftar Kepmendagri 900.1.15.5-3406/2024 tidak tersedia: kode yang dipakai Kab. Buru di SIPD-RI "
                   "TA 2025, dilengkapi daftar TA 2024 dan master SIPD 2027. Kode di luarnya tidak terbukti salah.",),
        ),
        ImportSpec(
            name="fy2026", jenis="nomenklatur", title="Nomenklatur TA 2026: kode yang teramati dipakai (kabupaten/kota)",
            regulation=FY2026, fiscal_years=(2026,), coverage="teramati",
            sources=(SourceSpec(nk / "fy2026_kabkota_observed_sipdri_buru_lampsel.csv", "sipd-ri-2026",
                                pemda="kabkota"),),
            borrow=(("kabkota", "sipd-2027"), ("kabkota", "fy2024"), ("provinsi", "sipd-2027")),
            notes=("Daftar Kepmendagri 900.1-2850/2025 tidak tersedia: kode yang dipakai Kab. Buru dan Kab. Lampung "
                   "Selatan di SIPD-RI TA 2026, dilengkapi master SIPD 2027 dan daftar TA 2024.",),
        ),
        ImportSpec(
            name="akun-2019", jenis="akun", title="Bagan akun LRA Permendagri 90/2019 (sub rincian objek 3 digit)",
            regulation=P90, regulation_date="2019-10-18",
            sources=(SourceSpec(akun / "p90_2019_lra_akun_4-6_permendagri_90-2019.csv", "p90-2019"),
                     SourceSpec(akun / "simda_ref_rek90_level1-4_prp2toba.csv", "simda-rek90")),
            notes=("Baris 'Dst ...' dari sumber dipertahankan sebagai penanda, bukan akun.",),
        ),
        ImportSpec(
            name="akun-2021", jenis="akun", title="Bagan akun era TA 2021 (sub rincian objek 4 digit)",
            regulation=AKUN, fiscal_years=(2021,),
            sources=(SourceSpec(akun / "akun_belanja_sesendok_6a.csv", "sesendok-6a"),
                     SourceSpec(akun / "fy2021_apbd_akun_used_prp2pemkab.csv", "apbd-2021", prefixes=("4", "5", "6")),
                     SourceSpec(akun / "simda_ref_rek90_level1-4_prp2toba.csv", "simda-rek90"),
                     SourceSpec(akun / "akun_belanja_sesendok_6_partial.csv", "sesendok-6-tambahan")),
            notes=("Pendapatan dan pembiayaan sampai sub rincian objek hanya yang terpakai di satu APBD 2021 nyata.",),
        ),
        ImportSpec(
            name="akun-2025", jenis="akun", title="Bagan akun TA 2025: rekening belanja yang teramati dipakai",
            regulation=AKUN, fiscal_years=(2025,), coverage="teramati",
            sources=(SourceSpec(akun / "fy2025_akun_belanja_used_buru_sipdri.csv", "sipd-ri-2025"),
                     SourceSpec(akun / "bentuk-2026" / "akun_2026_observed_sipdri_with_4digit_crosswalk.csv",
                                "sipd-ri-2026", role="induk", code_column="code_4digit")),
            borrow=(("", "akun-2021"),),
            notes=("Rekening belanja yang dipakai Kab. Buru di SIPD-RI TA 2025 (32 di antaranya tidak ada di bagan "
                   "era 2021), dilengkapi bagan era 2021.",),
        ),
        ImportSpec(
            name="akun-2026", jenis="akun", title="Bagan akun TA 2026 (bentuk 4 digit): rekening yang teramati dipakai",
            regulation=AKUN, fiscal_years=(2026,), coverage="teramati",
            sources=(SourceSpec(akun / "bentuk-2026" / "akun_2026_observed_sipdri_with_4digit_crosswalk.csv",
                                "sipd-ri-2026", code_column="code_4digit"),),
            borrow=(("", "akun-2025"),),
            notes=("SIPD-RI TA 2026 menulis rincian objek 3 digit dan sub rincian objek 5 digit "
                   "(5.1.02.01.001.00024); disimpan dalam bentuk 4 digitnya (5.1.02.01.01.0024), yang dipakai "
                   "pemeriksaan untuk kedua bentuk.",),
        ),
        ImportSpec(
            name="sumber-dana-sesendok", jenis="sumber_dana", title="Klasifikasi sumber dana (sesendok 5)",
            regulation="Klasifikasi sumber dana SIPD sebelum TA 2025", fiscal_years=(2022, 2023, 2024),
            sources=(SourceSpec(akun / "sumber_dana_sesendok_5.csv", "sesendok-5"),
                     SourceSpec(akun / "sumber_dana_sipd_2025.csv", "sipd-ri-2025", role="induk")),
            notes=("Kemungkinan lampiran Kepmendagri 050-5889/2021 (seperti bagan belanja sesendok 6a); kode sumber "
                   "dana SIPD TA 2024 (mis. Kab. Buru) ada di dalamnya, master SIPD-RI TA 2025 menyusunnya ulang.",),
        ),
        ImportSpec(
            name="sumber-dana-2025", jenis="sumber_dana", title="Master sumber dana SIPD-RI TA 2025",
            regulation="Master sumber dana SIPD-RI", fiscal_years=(2025,),
            sources=(SourceSpec(akun / "sumber_dana_sipd_2025.csv", "sipd-ri-2025"),),
            notes=("Dump API SIPD-RI input/json/2025/sumber_dana.json (2025-05-26).",),
        ),
        ImportSpec(
            name="sumber-dana-2026", jenis="sumber_dana", title="Master sumber dana SIPD-RI TA 2026 (bentuk 2026)",
            regulation="Master sumber dana SIPD-RI", fiscal_years=(2026,),
            sources=(SourceSpec(akun / "bentuk-2026" / "sumber_dana_sipd_2026_with_2025_crosswalk.csv",
                                "sipd-ri-2026"),),
            notes=("Dump API SIPD-RI input/json/2026/sumber_dana.json (2026-01-26); kode bentuk 2026 "
                   "(rincian objek 3 digit, sub rincian objek 5 digit).",),
        ),
        ImportSpec(
            name="wilayah-2020", jenis="wilayah", title="Kode wilayah keadaan 2020 (untuk TA 2021)",
            regulation="Permendagri 72/2019 jo. Kepmendagri 146.1-4717/2020", fiscal_years=(2021,),
            sources=(SourceSpec(wil / "wilayah_2020_kepmendagri_146.1-4717-2020.csv", "wilayah-2020"),),
        ),
        ImportSpec(
            name="wilayah-2025", jenis="wilayah", title="Kode wilayah 2025", regulation="Kepmendagri 300.2.2-2430/2025",
            fiscal_years=(2025,),
            sources=(SourceSpec(wil / "wilayah_2025_kepmendagri_300.2.2-2430-2025.csv", "wilayah-2025"),),
        ),
    ]


def build_shipped(ref: Path, out: Path = SHIPPED_DIR) -> list[str]:
    """Compile every shipped table (and crosswalk) from the reference facts into `out`; returns the names."""
    out.mkdir(parents=True, exist_ok=True)
    built: list[str] = []
    for spec in recipe(ref):
        meta, rows = compile_table(spec, Catalog((out,)))
        write_atomic(out / f"{meta.name}.json", dumps(meta, rows))
        write_index(out)
        built.append(meta.name)
    catalog = Catalog((out,))
    nk = ref / "nomenklatur"
    for meta, links in (
        crosswalks.from_crosscheck(nk / "crosscheck_p90-2019_vs_fy2021_kabkota.csv", "p90-2019~fy2021",
                                   "p90-2019", "fy2021", "kabkota"),
        crosswalks.by_names(catalog.table("fy2021"), catalog.table("fy2024"), "fy2021~fy2024", "kabkota",
                            ("program", "kegiatan", "sub_kegiatan")),
        crosswalks.by_names(catalog.table("akun-2019"), catalog.table("akun-2021"), "akun-2019~akun-2021", "",
                            ("sub_rincian_objek",)),
        crosswalks.from_predecessors(nk / "sipd_2027_subkegiatan_metadata.csv", "sipd-2027-pendahulu", "sipd-2027"),
    ):
        write_atomic(out / f"{meta.name}.json", dumps(meta, links))
        built.append(meta.name)
    write_index(out)
    return built


if __name__ == "__main__":
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else SHIPPED_DIR
    print("\n".join(build_shipped(Path(sys.argv[1]), target)))
