"""A small FY2021 kabupaten proposal written with openpyxl for the report, fix and suppression tests.

Sheet "Renja" (header on row 1, then one row per sub kegiatan) holds, by row:
  2  a correct row whose pagu cell has a number format
  3  `'2.13.2.2.1.2`      NK102: missing zero padding and an apostrophe (safe fix 2.13.02.2.01.02)
  4  a name one word off  NK202 (safe fix: the official name)
  5  an unknown code      NK201
  6  a name that starts with "=" (stored as text)  NK202, not safe
  7  a correct row whose pagu is a formula (=C2*2)
  8  a wrong name with "nomenklatur: abaikan NK202" in the Catatan column  (suppressed)
  9  a correct row with "nomenklatur: abaikan NK201" in Catatan  (unused: NK004)
 10  a wrong name with a cell note "nomenklatur: ignore NK202" on the name cell  (suppressed)
Sheet "Lampiran" holds a merged title and a few values; column widths and sheet order are set.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.comments import Comment

HEADER = ("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu", "Lokasi", "Catatan")
INJECTED = '=HYPERLINK("http://contoh.invalid","klik")'
ROWS = [
    ("2.13.02.2.01.01", "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa", 150000000, "Desa Long Ikis", None),
    ("'2.13.2.2.1.2", "Fasilitasi Tata Wilayah Desa", 75000000, "Desa Long Ikis", None),
    ("2.13.02.2.01.03", "Fasilitasi Penataan Kewenangan Desa Adat", 50000000, "Desa Tanjung Aru", None),
    ("2.13.02.2.01.99", "Fasilitasi Penamaan dan Kode Desa", 25000000, "Desa Tanjung Aru", None),
    ("2.13.02.2.01.04", INJECTED, 10000000, "Desa Kuaro", None),
    ("2.13.02.2.01.05", "Fasilitasi Penetapan Kesatuan Masyarakat Hukum Adat dan Desa Adat Kewenangan "
                        "Kabupaten/Kota", "=C2*2", "Desa Kuaro", None),
    ("2.13.02.2.01.06", "Sarana Desa Lama", 5000000, "Desa Kuaro", "nomenklatur: abaikan NK202"),
    ("2.12.02.2.03.03", "Fasilitasi Pendaftaran Penduduk", 5000000, "Desa Kuaro", "nomenklatur: abaikan NK201"),
    ("2.12.03.2.02.06", "Pencatatan Sipil Menurut Adat", 5000000, "Desa Kuaro", None),
]
WIDTHS = {"A": 21.5, "B": 55.0, "C": 16.0, "D": 20.0, "E": 30.0}

# What `check --tahun 2021 --tingkat kabkota` must report for the proposal, written down from the rows above (not
# from a run), in report order (by row): (rule, severity, sheet, cell, safe fix or None).
EXPECTED = [
    ("NK102", "warning", "Renja", "A3", "2.13.02.2.01.02"),
    ("NK202", "error", "Renja", "B4", "Fasilitasi Penataan Kewenangan Desa"),
    ("NK201", "error", "Renja", "A5", None),   # its guess by name (2.13.02.2.01.04) is not certain
    ("NK202", "error", "Renja", "B6", None),   # "=HYPERLINK(...)" is not close to any name
    ("NK004", "info", "Renja", "E9", None),    # the marker in Catatan that nothing needed
]
SEVERITY_WORDS = {"error": "galat", "warning": "peringatan", "info": "info"}


def sample_expected(name: str) -> list[tuple[str, str, str, str]]:
    """(rule, severity, sheet, cell) of the findings samples/expected.yaml lists for a bundled sample, by row."""
    import yaml

    spec = yaml.safe_load((Path(__file__).resolve().parents[1] / "samples" / "expected.yaml").read_text("utf-8"))
    found = [(f["rule"], f["severity"], f["sheet"], f["cell"]) for f in spec[name]["findings"]]
    return sorted(found, key=lambda f: (f[2], int(f[3].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), f[3]))


def write_proposal(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Renja"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    ws["B6"].data_type = "s"  # the "=" name is text, as a user typing '=... would have it
    for row in range(2, 2 + len(ROWS)):
        ws.cell(row=row, column=3).number_format = "#,##0"
    for letter, width in WIDTHS.items():
        ws.column_dimensions[letter].width = width
    ws["B10"].comment = Comment("nomenklatur: ignore NK202 (nama adat, disetujui Bappeda)", "Bappeda")
    ws["D2"].comment = Comment("dicek 12 Maret", "Bappeda")
    extra = wb.create_sheet("Lampiran")
    extra["A1"] = "Lampiran usulan"
    extra.merge_cells("A1:C1")
    extra["A2"], extra["B2"], extra["C2"] = "Jumlah", "=SUM(Renja!C2:C10)", 0.5
    extra["C2"].number_format = "0.0%"
    extra.column_dimensions["A"].width = 33.0
    wb.save(path)
    return path


def findings_of(path: Path, tahun: int = 2021, tingkat: str | None = "kabkota") -> list[dict]:
    """The findings `check` reports for a file (markers applied), as their JSON dicts, run in-process."""
    return [f.to_dict() for f in check(path, tahun, tingkat).findings]


def check(path: Path, tahun: int = 2021, tingkat: str | None = "kabkota"):
    """A run over one file with the default rules and the file's markers applied, as `check` does it."""
    from nomenklatur.config import UserConfig, effective_rules, load_profile
    from nomenklatur.engine import CheckOptions, check_paths
    from nomenklatur.suppress import apply_markers

    severities, params = effective_rules(load_profile("default"), UserConfig(), [], [])
    run = check_paths([str(path)], CheckOptions(tahun, severities, params, tingkat=tingkat))
    return apply_markers(run, severities)
