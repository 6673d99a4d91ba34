"""What each column of a sheet holds (workbook/kolom.py), seen through the real CLI on real workbooks: the
roles its rows get and the findings that follow."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

from workbooks import write_xlsx

from nomenklatur.workbook import detect_layout, load_aliases, open_workbook

PENATAAN = ("2.13.02.2.01.0001", "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa")
ATK = ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor")
KERTAS = ("5.1.02.01.01.0025", "Belanja Alat/Bahan untuk Kegiatan Kantor- Kertas dan Cover")


def check(cli, path: Path) -> dict:
    result = cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota", "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)


def test_an_unlabeled_column_right_of_the_first_column_s_kode_holds_its_accounts(tmp_path: Path, cli) -> None:
    """"Kode" over columns A and B (B without a label of its own): B's account codes are account lines of the
    sub kegiatan in A, which are compared with its pagu (a warning: 200 of 300)."""
    path = write_xlsx(tmp_path / "rka.xlsx", {"RKA": [
        ("Kode", None, "Uraian", "Pagu"), (PENATAAN[0], None, PENATAAN[1], 300), (None, *ATK, 100),
        (None, *KERTAS, 100)]})
    data = check(cli, path)
    assert data["files"][0]["roles"] == {"sub_kegiatan": 1, "akun": 2}
    assert data["files"][0]["sheets"][0]["notation"] == "full"  # codes read whole; the accounts beside them
    assert [(f["rule"], f["severity"], f["cell"]) for f in data["findings"]] == [("NK402", "warning", "D2")]


def test_a_column_of_numbers_beside_full_codes_is_no_piece_of_a_split_code(tmp_path: Path, cli) -> None:
    """"Kode" over A and B, A the full sub kegiatan codes and B a running number (01, 02, 03): the pair is not a
    code split over columns (A is deep), so A's codes are read whole and the unknown one is an NK201."""
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": [
        ("Kode", None, "Uraian", "Pagu"), (PENATAAN[0], "01", PENATAAN[1], 300),
        ("2.13.02.2.01.0002", "02", "Fasilitasi Tata Wilayah Desa", 100), ("2.13.02.2.01.0099", "03", "Entah", 5)]})
    data = check(cli, path)
    assert data["files"][0]["roles"] == {"sub_kegiatan": 3} and data["files"][0]["sheets"][0]["notation"] == "full"
    assert [(f["rule"], f["cell"]) for f in data["findings"]] == [("NK201", "A4")]


def test_the_deepest_cascade_column_holding_two_levels_is_the_kode(tmp_path: Path) -> None:
    """Cascade columns "Kode Program" and "Kode Kegiatan", the second holding kegiatan and sub kegiatan codes:
    that deepest column, of several levels, is `kode` (the row's own code), the shallower one `kode_program`."""
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": [
        ("Kode Program", "Kode Kegiatan", "Uraian", "Pagu"), ("2.13.02", None, "PROGRAM PENATAAN DESA", 300),
        (None, "2.13.02.2.01", "Penyelenggaraan Penataan Desa", 300), (None, *PENATAAN, 300)]})
    with open_workbook(path) as workbook:
        layout = detect_layout(list(islice(next(workbook.sheets()).rows, 80)), load_aliases(), ())
    assert layout is not None and layout.notation == "cascade"
    assert layout.columns == {"kode_program": (1,), "kode": (2,), "nama": (3,), "pagu": (4,)}


def _layout(path: Path):
    with open_workbook(path) as workbook:
        return detect_layout(list(islice(next(workbook.sheets()).rows, 80)), load_aliases(), ())


def test_of_two_columns_of_places_the_better_labelled_one_is_the_location(tmp_path: Path) -> None:
    """"Lokasi" and "Desa" both hold village names: the location is the column whose label matches best,
    "Lokasi", not the one that comes last."""
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": [
        ("Kode", "Uraian", "Pagu", "Lokasi", "Desa"), (*PENATAAN, 300, "Desa Sungai Bawang", "Desa Loa Kulu")]})
    assert _layout(path).columns == {"kode": (1,), "nama": (2,), "pagu": (3,), "lokasi": (4,)}


def test_a_sumber_dana_column_four_fifths_codes_is_a_code_column(tmp_path: Path, cli) -> None:
    """A "Sumber Dana" column whose values are four fifths dotted codes (one row names its source in words) holds
    codes: the code the FY2025 master lacks is an NK502 warning."""
    rows = [("Kode", "Uraian", "Pagu", "Sumber Dana")]
    for n, dana in enumerate(["2.2.01.05.01.0001", "2.2.01.05.01.0001", "2.2.01.05.01.9999", "2.2.01.05.01.0001",
                              "Dana Desa"]):
        rows.append((PENATAAN[0] if n == 0 else f"2.13.02.2.01.000{n + 1}", "", 100, dana))
    result = cli("check", str(write_xlsx(tmp_path / "renja.xlsx", {"Renja": rows})), "--tahun", "2025", "--tingkat",
                 "kabkota", "--format", "json")
    found = [(f["rule"], f["cell"]) for f in json.loads(result.stdout)["findings"] if f["rule"] == "NK502"]
    assert found == [("NK502", "D4")], result.stdout


def test_cascade_columns_go_shallow_to_deep_a_tie_of_depths_taking_the_shallower(tmp_path: Path) -> None:
    """Column A holds as many sub kegiatan codes as program codes, column B kegiatan codes: A's typical depth is
    the shallower of its two (a program's), so the cascade reads A then B."""
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": [
        ("Kode", "Kode Kegiatan", "Uraian", "Pagu"), (PENATAAN[0], None, PENATAAN[1], 300),
        ("2.13.02", None, "PROGRAM PENATAAN DESA", 300), (None, "2.13.02.2.01", "Penyelenggaraan Penataan Desa", 300)]})
    layout = _layout(path)
    assert (layout.notation, layout.cascade) == ("cascade", (1, 2))


def test_a_lokasi_column_half_region_codes_is_a_code_column(tmp_path: Path, cli) -> None:
    """A "Lokasi" column of which half the values are kode wilayah holds codes: NK601 judges it, the village of
    Paser in a Kutai Kartanegara file and the two names written where a code belongs."""
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": [
        ("Kode", "Uraian", "Pagu", "Lokasi"), (PENATAAN[0], PENATAAN[1], 100, "64.02.03.2001"),
        ("2.13.02.2.01.0002", "Fasilitasi Tata Wilayah Desa", 100, "64.01.01.2009"),
        ("2.13.02.2.01.0003", "Fasilitasi Penataan Kewenangan Desa", 100, "Desa Loa Kulu"),
        ("2.13.02.2.01.0004", "Fasilitasi Penataan Kewenangan Desa", 100, "Desa Jonggon")]})
    result = cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota", "--wilayah", "64.02", "--format",
                 "json")
    found = [(f["rule"], f["cell"]) for f in json.loads(result.stdout)["findings"] if f["rule"] == "NK601"]
    assert found == [("NK601", "D3"), ("NK601", "D4"), ("NK601", "D5")], result.stdout


def test_a_cascade_column_of_bidang_codes_alone_is_the_kode_bidang(tmp_path: Path) -> None:
    """"Kode" over A and B, A holding only bidang codes (2.13) and B the deeper codes: A is the bidang's code
    column by the depth of its values, B the row's own code."""
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": [
        ("Kode", None, "Uraian", "Pagu"),
        ("2.13", None, "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA", 300),
        (None, "2.13.02", "PROGRAM PENATAAN DESA", 300), (None, "2.13.02.2.01", "Penyelenggaraan Penataan Desa", 300),
        (None, *PENATAAN, 300)]})
    assert _layout(path).columns == {"kode_bidang": (1,), "kode": (2,), "nama": (3,), "pagu": (4,)}


def test_a_sheet_in_simda_notation_is_one_finding_naming_its_first_code_trimmed(tmp_path: Path, cli) -> None:
    """A code column in SIMDA's notation is one NK006 for the sheet, whose example is the column's first code
    as read (the spaces around it trimmed)."""
    codes = [f"0.00 . 2-17.3-30.3-31.01.0.0 . 1.2.02.{n}" for n in range(1, 6)]
    rows = [("Kode", "Uraian", "Pagu"), (f"  {codes[0]}  ", "Kegiatan 1", 100),
            *((code, f"Kegiatan {n}", 100) for n, code in enumerate(codes[1:], 2))]
    data = check(cli, write_xlsx(tmp_path / "simda.xlsx", {"Renja": rows}))
    assert [(f["rule"], f["value"]) for f in data["findings"]] == [("NK006", codes[0])]
    assert f"notasi kode SIMDA (mis. '{codes[0]}')" in data["findings"][0]["message"]


def test_a_code_split_over_two_columns_is_read_as_parts(tmp_path: Path) -> None:
    """"Kode" over A and B, A the urusan (2) and B the bidang (13, 14, 15): a code split over two columns."""
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": [
        ("Kode", None, "Uraian", "Pagu"), ("2", "13", "Bidang PMD", 300), ("2", "14", "Bidang Sosial", 300),
        ("2", "15", "Bidang Lain", 300)]})
    layout = _layout(path)
    assert (layout.notation, layout.columns["kode"]) == ("split", (1, 2))


def test_a_lone_column_of_urusan_codes_is_read_whole(tmp_path: Path) -> None:
    """A "Kode" column holding only urusan codes (1, 2, 3 as text) is one code column read whole, not a piece of
    a code split over columns."""
    path = write_xlsx(tmp_path / "rekap.xlsx", {"Rekap": [
        ("Kode", "Uraian", "Pagu"), ("1", "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR", 300),
        ("2", "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR", 300),
        ("3", "URUSAN PEMERINTAHAN PILIHAN", 300)]})
    layout = _layout(path)
    assert (layout.notation, layout.cascade, layout.columns["kode"]) == ("full", (1,), (1,))
