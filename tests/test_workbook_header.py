"""Header detection on the real samples and on workbooks written the ways Indonesian offices write them."""

from __future__ import annotations

import shutil
from itertools import islice
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nomenklatur.resources import rules_dir
from nomenklatur.workbook import FIELDS, CellError, Layout, detect_layout, load_aliases, normalize, open_workbook
from nomenklatur.workbook.header import _matcher
from test_workbook import SAMPLES

ALIASES = load_aliases()


def layout_of(path: Path, sheet: str | None = None, merges: bool = True) -> Layout | None:
    """Open, take the sheet's first 80 rows and its merged ranges, detect the layout."""
    with open_workbook(path) as workbook:
        rows_of = workbook.sheet(sheet) if sheet else next(workbook.sheets())
        merged = workbook.merged_ranges(rows_of.name) if merges else ()
        return detect_layout(list(islice(rows_of.rows, 80)), ALIASES, merged)


MOROWALI_COLUMNS = {"kode": (1, 2, 3, 4, 5), "nama": (6,), "indikator": (7,), "target": (8,), "pagu": (9,),
                    "lokasi": (10,), "sumber_dana": (11,), "opd": (12,)}


@pytest.mark.parametrize("merges", [True, False], ids=["with-merges", "without-merges"])
def test_morowali_three_row_merged_header_with_split_code(reference, merges):
    layout = layout_of(reference / "samples-real" / SAMPLES[0], "Sheet1", merges)
    assert layout is not None
    assert layout.header_rows == (5, 6, 7)
    assert layout.data_start == 8
    assert layout.columns == MOROWALI_COLUMNS
    assert layout.title == ["Rancangan Perubahan Rencana Kerja Pemerintah Daerah (RKPD)", "Kabupaten Morowali",
                            "Tahun 2021"]
    assert layout.labels[9] == "RKPD 2021 Perubahan" and layout.labels[10] == "Lokasi"
    if merges:  # the merged "Kode" (A5:E7) labels all five columns
        assert [layout.labels[c] for c in range(1, 6)] == ["Kode"] * 5


def test_morowali_opd_list_sheet_has_no_layout(reference):
    assert layout_of(reference / "samples-real" / SAMPLES[0], "Sheet2") is None


def test_pasangkayu_sub_kegiatan_sheet(reference):
    layout = layout_of(reference / "samples-real" / SAMPLES[1])
    assert (layout.header_rows, layout.data_start, layout.title) == ((1,), 2, [])
    # the lone "KODE SUB KEGIATAN" holds the full code; "SUMBER DANA" holds codes (1.2.1.01.02)
    assert layout.columns == {"kode": (1,), "nama": (2,), "indikator": (3,), "target": (4,),
                              "kode_sumber_dana": (9,), "lokasi": (10,), "pagu": (14,), "keterangan": (15,)}


def test_pasangkayu_rincian_sheet(reference):
    layout = layout_of(reference / "samples-real" / SAMPLES[2])
    assert (layout.header_rows, layout.data_start) == ((1,), 2)
    assert layout.columns == {"kode_akun": (1,), "uraian_akun": (2,), "satuan": (9,), "pagu": (11,),
                              "kode_sumber_dana": (12,), "keterangan": (13,)}
    assert layout.labels[7] == "HARGA SAT. KOMPONEN"


def test_title_rows_merged_two_row_header_and_numbering_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "PEMERINTAH PROVINSI KALIMANTAN TIMUR"
    sheet["A2"] = "RENCANA KERJA TAHUN 2025"
    sheet.merge_cells("A1:L1")
    header = {"A4": "No", "B4": "Kode", "G4": "Nama Program/Kegiatan/\nSub Kegiatan", "H4": "Pagu (Rp)",
              "J4": "Lokasi", "K4": "Sumber Dana", "L4": "Perangkat Daerah", "B5": "Urusan", "C5": "Bidang",
              "D5": "Program", "E5": "Kegiatan", "F5": "Sub Kegiatan", "H5": "Semula", "I5": "Menjadi"}
    for ref, text in header.items():
        sheet[ref] = text
    for merged in ("A4:A5", "B4:F4", "G4:G5", "H4:I4", "J4:J5", "K4:K5", "L4:L5"):
        sheet.merge_cells(merged)
    sheet.append(list(range(1, 13)))  # the column-numbering row under the header
    sheet.append([1, 1, "02", "02", "2.01", "01", "Penyusunan Dokumen", 100, 120, "Samarinda", "PAD",
                  "Dinas Pendidikan"])
    sheet.append([2, 1, "02", "02", "2.01", "02", "Koordinasi", 50, 55, "Balikpapan", "DAU", "Dinas Pendidikan"])
    book.save(tmp_path / "renja.xlsx")
    layout = layout_of(tmp_path / "renja.xlsx")
    assert layout.header_rows == (4, 5)
    assert layout.data_start == 7
    assert layout.title == ["PEMERINTAH PROVINSI KALIMANTAN TIMUR", "RENCANA KERJA TAHUN 2025"]
    assert layout.columns == {"kode_urusan": (2,), "kode_bidang": (3,), "kode_program": (4,), "kode_kegiatan": (5,),
                              "kode_sub_kegiatan": (6,), "nama": (7,), "pagu": (9,), "lokasi": (10,),
                              "sumber_dana": (11,), "opd": (12,)}
    assert layout.labels[2] == "Kode / Urusan" and layout.labels[9] == "Pagu (Rp) / Menjadi"
    assert layout.labels[1] == "No"


def test_flat_header_with_many_spellings(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["NO.", "KODE SKPD", "SKPD", "Kd Prog", "KODE KEG.", "Kode Sub Keg", "Nomenklatur",
                  "Indikator Kinerja", "Target*", "Sat.", "Pagu Indikatif Tahun 2025", "Kode Desa",
                  "Sumber Pendanaan", "Ket."])
    sheet.append([1, "1.01.2.19.0.00.01.0000", "Dinas Pendidikan", "01", "2.01", "0001", "Penyusunan Dokumen",
                  "Jumlah dokumen", 2, "dokumen", 1_500_000, "64.72.01.1001", "PAD", None])
    sheet.append([2, "1.01.2.19.0.00.01.0000", "Dinas Pendidikan", "01", "2.01", "0002", "Koordinasi",
                  "Jumlah laporan", 4, "laporan", 2_500_000, "64.72.01.1002", "DAU", "tambahan"])
    book.save(tmp_path / "datar.xlsx")
    layout = layout_of(tmp_path / "datar.xlsx")
    assert layout.header_rows == (1,)
    assert layout.columns == {
        "kode_opd": (2,), "opd": (3,), "kode_program": (4,), "kode_kegiatan": (5,), "kode_sub_kegiatan": (6,),
        "nama": (7,), "indikator": (8,), "target": (9,), "satuan": (10,), "pagu": (11,), "kode_wilayah": (12,),
        "sumber_dana": (13,), "keterangan": (14,)}


def test_csv_bare_level_words_decided_by_the_data(tmp_path):
    path = tmp_path / "sipd.csv"
    path.write_text("Laporan Renja\n\nProgram;Sub Kegiatan;Pagu\n"
                    "1.02.02;Penyusunan Dokumen Perencanaan;1000\n1.02.03;Koordinasi Penyusunan;2000\n",
                    encoding="utf-8")
    layout = layout_of(path)
    assert layout.header_rows == (3,) and layout.data_start == 4 and layout.title == ["Laporan Renja"]
    # "Sub Kegiatan" over text is the name; "Program" is then the only code column: the full code
    assert layout.columns == {"kode": (1,), "nama": (2,), "pagu": (3,)}


def test_sumber_dana_over_names_stays_a_name():
    rows = [(1, ("Kode", "Uraian", "Sumber Dana")), (2, ("1.01", "Pendidikan", "PAD")), (3, ("1.02", "Kesehatan", "DAU"))]
    assert detect_layout(rows, ALIASES).columns == {"kode": (1,), "nama": (2,), "sumber_dana": (3,)}


def test_code_split_without_merges_needs_code_parts_below():
    rows = [(1, ("Kode", None, None, "Uraian", "Pagu")),
            (2, (1, "01", None, "Urusan Pendidikan", 10)),
            (3, (1, "01", "2.01", "Kegiatan", 5))]
    assert detect_layout(rows, ALIASES).columns == {"kode": (1, 2, 3), "nama": (4,), "pagu": (5,)}
    texts = [(1, ("Kode", None, "Uraian", "Pagu")), (2, ("1.01", "catatan bebas", "Pendidikan", 10))]
    assert detect_layout(texts, ALIASES).columns == {"kode": (1,), "nama": (3,), "pagu": (4,)}


def test_no_header_gives_none():
    rows = [(n, (f"1.02.0{n}", f"Program {n}", n * 1000)) for n in range(1, 20)]
    assert detect_layout(rows, ALIASES) is None
    assert detect_layout([], ALIASES) is None


def test_header_below_max_scan_is_not_found():
    rows = [(n, (f"catatan {n}",)) for n in range(1, 51)] + [(51, ("Kode", "Uraian", "Pagu"))]
    assert detect_layout(rows, ALIASES) is None
    assert detect_layout(rows, ALIASES, max_scan=60).header_rows == (51,)


def test_aliases_cover_exactly_the_fields():
    assert set(ALIASES) == set(FIELDS)
    assert all(ALIASES[name] for name in FIELDS)
    exact = [normalize(a.lstrip("=")) for texts in ALIASES.values() for a in texts if not a.startswith("re:")]
    assert len(exact) == len(set(exact)), "an alias names two fields"


def test_aliases_from_another_file_and_bad_files(tmp_path):
    assert (rules_dir() / "headers.yaml").is_file()
    custom = tmp_path / "headers.yaml"
    custom.write_text("kode:\n  - nomor urut kode\nnama:\n  - judul\n", encoding="utf-8")
    aliases = load_aliases(custom)
    assert aliases == {"kode": ["nomor urut kode"], "nama": ["judul"]}
    assert detect_layout([(1, ("Nomor Urut Kode", "Judul")), (2, ("1.01", "x"))], aliases).columns == \
        {"kode": (1,), "nama": (2,)}
    custom.write_text("kode: nomor\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_aliases(custom)


@pytest.mark.parametrize("text, expected", [
    ("KODE SUB KEG.", "kode sub keg"), ("Kode\nRekening", "kode rekening"), ("Pagu (Rp)*", "pagu rp"),
    ("Program & Kegiatan", "program dan kegiatan"), ("Kd_Urusan", "kd urusan"), ("Sub-Kegiatan", "sub kegiatan"),
    ("Urusan/ Bidang\xa0Urusan", "urusan bidang urusan"),
])
def test_normalize(text, expected):
    assert normalize(text) == expected


WORDS = ["Kode", "Uraian", "Pagu", "Sub Kegiatan", "Program", "Lokasi", "Sumber Dana", "Menjadi", "1.02.02",
         "100 %", "", " ", "RKPD 2021 Perubahan", "Kode Akun", "(1)"]
CELL = st.one_of(st.none(), st.sampled_from(WORDS), st.integers(-5, 3000), st.floats(allow_nan=True),
                 st.booleans(), st.dates(), st.builds(CellError, st.sampled_from(["#REF!", "#N/A"])))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELL, max_size=8).map(tuple), max_size=15),
       st.lists(st.tuples(*[st.integers(1, 16)] * 4), max_size=4))
def test_detect_layout_never_crashes(cells, merged):
    rows = [(number, values) for number, values in enumerate(cells, 1) if values]
    layout = detect_layout(rows, ALIASES, merged)
    if layout is not None:
        assert set(layout.columns) <= set(FIELDS) and len(layout.columns) >= 2
        assert all(1 <= c <= 16 + 8 for cols in layout.columns.values() for c in cols)
        assert set(layout.header_rows) <= {number for number, _ in rows}


ALIAS_PHRASES = sorted({normalize(t) for texts in ALIASES.values() for t in texts if not t.startswith(("re:", "="))})
ALIAS_WORDS = sorted({w for phrase in ALIAS_PHRASES for w in phrase.split()})


def _one_by_one(label: str) -> str | None:
    """The field whose alias (a contained one: several words or 8 letters) occurs first in a label, the longer
    alias first where two start at one place, the first listed of equal ones: each alias tried in turn."""
    padded, best = f" {normalize(label)} ", None
    for field, texts in ALIASES.items():
        for text in texts:
            key = normalize(text)
            if text.startswith(("re:", "=")) or not (" " in key or len(key) >= 8):
                continue
            at = padded.find(f" {key} ")
            if at >= 0 and (best is None or (at, -len(key)) < best[0]):
                best = ((at, -len(key)), field)
    return None if best is None else best[1]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(ALIAS_PHRASES), st.sampled_from(ALIAS_WORDS),
                          st.sampled_from(["tahun", "rp", "(", "2021", "x"])), min_size=1, max_size=6))
def test_an_alias_inside_a_label_is_found_as_one_by_one(words):
    """Labels no alias equals whole: the field is the one the aliases, tried one by one, give."""
    label = " ".join(words)
    matcher = _matcher(tuple((name, tuple(texts)) for name, texts in ALIASES.items()))
    parts = (normalize(label),)
    if matcher._whole(parts[0]) is None:
        hit = matcher.match(parts)
        assert (hit[0] if hit else None) == _one_by_one(label)


def test_a_longer_alias_starting_at_the_same_place_wins():
    """Where one contained alias starts another ("kode program" in "kode program kegiatan"), the longer names
    the field, as trying the aliases one by one does."""
    matcher = _matcher(tuple((name, tuple(texts)) for name, texts in ALIASES.items()))
    longer = [p for p in ALIAS_PHRASES if any(p.startswith(q + " ") for q in ALIAS_PHRASES if " " in q or len(q) >= 8)]
    assert longer
    for phrase in longer:
        label = f"{phrase} tahun x"
        assert matcher.match((label,))[0] == _one_by_one(label), label


def test_a_later_header_that_wins_by_its_target_column_is_kept():
    """A later header row whose unlabelled-by-alias column of "2 unit" values is the target can beat an earlier
    one with as many matched labels: it is laid out, not skipped."""
    rows = [(1, ("Kode", "Uraian", "Pagu")), (2, ("Kode", "Indikator Kinerja", "Pagu", "Catatan Zq"))]
    rows += [(n, ("1.02.02.2.01.01", "Nama", 1000, "2 unit")) for n in range(3, 9)]
    layout = detect_layout(rows, ALIASES, ())
    assert layout is not None and layout.header_rows == (2,) and layout.columns.get("target") == (4,), layout
    assert layout == detect_layout(rows, ALIASES, [(900, 60, 900, 60)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(CELL, st.sampled_from(["Indikator Kinerja", "Target", "2 unit", "100 %"])),
                         max_size=8).map(tuple), max_size=15))
def test_rows_that_cannot_win_are_skipped_without_changing_the_layout(cells):
    """Without merged cells, blocks that cannot map more fields than the best so far are not laid out; a merged
    range that covers no cell of the scan changes nothing but has every block laid out: the same layout."""
    rows = [(number, values) for number, values in enumerate(cells, 1) if values]
    assert detect_layout(rows, ALIASES, ()) == detect_layout(rows, ALIASES, [(900, 60, 900, 60)])


def test_rules_dir_prefers_the_installed_package_copy(tmp_path):
    """In a wheel, rules/ is force-included as nomenklatur/rules/; the checkout's top-level rules/ is the fallback."""
    import importlib.util

    import nomenklatur.resources as resources

    package = tmp_path / "site" / "nomenklatur"
    (package / "rules").mkdir(parents=True)
    shutil.copyfile(resources.__file__, package / "resources.py")
    spec = importlib.util.spec_from_file_location("installed_resources", package / "resources.py")
    installed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(installed)
    assert installed.rules_dir() == (package / "rules").resolve()
    checkout = tmp_path / "checkout"
    (checkout / "nomenklatur").mkdir(parents=True)
    (checkout / "rules").mkdir()
    shutil.copyfile(resources.__file__, checkout / "nomenklatur" / "resources.py")
    spec = importlib.util.spec_from_file_location("checkout_resources", checkout / "nomenklatur" / "resources.py")
    in_checkout = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(in_checkout)
    assert in_checkout.rules_dir() == (checkout / "rules").resolve()
    assert (resources.rules_dir() / "default.yaml").is_file()
