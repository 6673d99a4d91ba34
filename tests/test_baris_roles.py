"""The row roles (nomenklatur/baris.py `map_rows`) on each layout branch, called directly with the sheet maps the
header stage would build: cascades with and without their own name columns, split codes, office and account
columns, totals and footers. Each test names what a planner would see go wrong if the branch broke."""

from __future__ import annotations

import pytest

from nomenklatur import kode
from nomenklatur.baris import Baris, SheetMap, _key, _split_reading, map_rows, read_code

SUB = "2.13.02.2.01.0001"
PENATAAN = "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa"
PROGRAM = "PROGRAM PENATAAN DESA"
DPMD = "2.13.0.00.0.00.01.0000"
SPLIT = ("kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub_kegiatan")


def sheet(columns: dict[str, tuple[int, ...]], **options) -> SheetMap:
    return SheetMap("usulan.xlsx", "Renja", columns, {}, **options)


def mapped(smap: SheetMap, *rows: tuple, opd: str = "Dinas Contoh") -> list[Baris]:
    """The yielded rows of `rows`, numbered from 5 (under a header)."""
    return list(map_rows(smap, iter(enumerate(rows, start=5)), opd))


def roles(found: list[Baris]) -> list[tuple[int, str]]:
    return [(b.row, b.role) for b in found]


# -- where a finding points ------------------------------------------------------------------------------

def test_a_name_without_its_own_column_points_at_the_code_cell() -> None:
    smap = sheet({"kode": (2,), "pagu": (4,)})
    assert smap.location(9, "nama").cell == "B9"  # the name glued to its code
    assert smap.location(9, "kode_akun").cell == "B9"  # an account code in the sheet's one code column
    assert smap.location(9, "pagu").cell == "D9"
    assert smap.location(9, "lokasi").cell is None and smap.location(9, "lokasi").row == 9


def test_a_cascade_code_points_at_its_deepest_column_and_nothing_else_does() -> None:
    smap = sheet({"nama": (5,)}, cascade=(1, 2, 3))
    assert smap.location(7, "kode").cell == "C7"
    assert smap.location(7, "nama").cell == "E7"
    assert smap.location(7, "pagu").cell is None  # no pagu column: the row, not a code cell
    assert smap.code_column == 3


def test_the_code_column_of_each_notation() -> None:
    assert sheet({"kode": (2,)}).code_column == 2
    assert sheet({"kode_sub_kegiatan": (4,)}).code_column == 4
    assert sheet({"kode": (2,), "kode_sub_kegiatan": (4,)}).code_column == 2
    assert sheet({"nama": (1,)}).code_column is None


def test_split_columns_are_the_code_parts_not_a_lone_code_column() -> None:
    parts = {f: (i + 2,) for i, f in enumerate(SPLIT)}
    assert sheet({"kode": (1,), **parts}, notation="split").split_columns == (2, 3, 4, 5, 6)
    assert sheet({"kode": (1, 2, 3)}, notation="split").split_columns == (1, 2, 3)
    assert sheet({"kode": (1,), **parts}).split_columns is None  # one column holds the code


def test_a_row_points_its_name_at_the_code_cell_only_when_the_sheet_has_no_name_column() -> None:
    glued = mapped(sheet({"kode": (1,), "pagu": (2,)}, cascade=(1,)), (f"{SUB} {PENATAAN}", 100))[0]
    assert glued.place("nama")[2] == "A5" and glued.nama == PENATAAN
    named = mapped(sheet({"kode": (1,), "nama": (3,)}, cascade=(1,)), (f"{SUB} {PENATAAN}", None, None))[0]
    assert named.place("nama")[2] == "C5"


def test_a_row_is_keyed_by_its_code_or_what_was_written() -> None:
    smap = sheet({"kode": (1,), "nama": (2,)}, cascade=(1,))
    read, unread = mapped(smap, (SUB, PENATAAN), ("2.13.02.x", "Salah"))
    assert read.key == ("Dinas Contoh", SUB)
    assert unread.role == "tak_terbaca" and unread.key == ("Dinas Contoh", "2.13.02.x")


def test_the_sheet_map_defaults_read_no_account_lines() -> None:
    smap = sheet({"kode": (1,), "nama": (2,), "kode_akun": (3,)}, cascade=(1,))
    assert not smap.akun_lines and not smap.akun_tree
    # a sub kegiatan's first row with an account code is the sub kegiatan; its repeat is the account line
    found = mapped(smap, (SUB, PENATAAN, "5.1.02.01.01.0024"), (SUB, PENATAAN, "5.1.02.01.01.0025"))
    assert roles(found) == [(5, "sub_kegiatan"), (6, "akun")]


# -- reading one code cell ---------------------------------------------------------------------------------

def test_a_short_code_reads_as_program_or_account_alike_by_default() -> None:
    assert read_code("5.1.02").kind == "akun"
    assert read_code("2.13.02").kind == "program"
    both = read_code(2)  # a number in a code column: urusan 2 or account 2 (kewajiban)
    assert both.kind == "both" and both.kode.text == "2" and both.other.family == "akun"
    assert read_code(2, akun=False).kind == "program"


def test_an_office_code_before_a_short_program_code_is_both_read() -> None:
    joined = read_code(f"{DPMD} 2", akun=False)  # 24 characters: the shortest join
    assert (joined.kind, joined.kode.text, joined.org.text) == ("program", "2", DPMD)
    assert read_code(f"{DPMD}_2.13").org.text == DPMD


def test_an_office_prefix_joins_only_a_program_code_under_a_valid_office() -> None:
    assert read_code(f"{DPMD} 5.1.02.01.01.0024").kind == "error"  # an account after the office: no join
    assert read_code(f"0.00.0.00.0.00.00.0000 {SUB}").kind == "error"  # no office code: nothing to attach


def test_an_office_code_with_its_name_is_an_office() -> None:
    office = read_code(f"{DPMD} Dinas Pemberdayaan Masyarakat dan Desa")
    assert (office.kind, office.kode.text, office.name) == ("organisasi", DPMD, "Dinas Pemberdayaan Masyarakat dan Desa")


def test_a_long_glued_name_keeps_its_whole_text() -> None:
    name = "Pembentukan  Desa " + "sangat panjang " * 20
    reading = read_code(f"{SUB} {name}")
    assert reading.kind == "program" and reading.kode.text == SUB and reading.name == name.strip()


# -- split codes ---------------------------------------------------------------------------------------------

def split_sheet(fields: tuple[str, ...] = SPLIT, sub_digits: int | None = 4) -> SheetMap:
    return sheet({f: (i + 1,) for i, f in enumerate(fields)}, notation="split", sub_digits=sub_digits)


@pytest.mark.parametrize("parts, expected", [
    (("2", "13", "02", "2.01", 1), "2.13.02.2.01.0001"),  # a number takes the year's width
    (("2", "13", "02", "2.01", 1.0), "2.13.02.2.01.0001"),
    (("2", "13", "02", "2.01", "1"), "2.13.02.2.01.01"),  # text is read as written (NK1xx says so)
    (("2.13", "04", "2.01", "0005"), "2.13.04.2.01.0005"),  # text parts in another grouping spell the code
])
def test_split_parts_compose_the_code(parts: tuple, expected: str) -> None:
    raw, reading = _split_reading(split_sheet(), parts + (None,) * 6, None)
    assert reading.kind == "program" and reading.kode.text == expected
    assert raw == " | ".join(str(p) for p in parts)


@pytest.mark.parametrize("parts", [
    ("2", None, "02"),  # a gap: not the bidang "2.02" the other parts spell
    ("2", "13", None, "2.01", 1),
    ("2.13", "04", "2.01", "00x5"),
    ("2", "13", "02", "2.01", "x"),
])
def test_split_parts_that_spell_no_code_are_an_error(parts: tuple) -> None:
    raw, reading = _split_reading(split_sheet(), parts + (None,) * 6, None)
    assert reading.kind == "error" and reading.error is not None


def test_split_parts_without_urusan_and_bidang_take_the_offices() -> None:
    office = kode.parse(DPMD, "organisasi")
    smap = split_sheet(SPLIT[2:])
    assert _split_reading(smap, ("02", "2.01", "0001") + (None,) * 6, office)[1].kode.text == SUB
    # a sub kegiatan stored as a number takes the year's width here too
    assert _split_reading(smap, ("02", "2.01", 1) + (None,) * 6, office)[1].kode.text == SUB
    assert _split_reading(smap, ("02", "2.01", 1) + (None,) * 6, None)[1].kind == "error"  # no office to ask
    # with an urusan column of its own the sheet states its urusan: no office completes it
    with_urusan = sheet({"kode_urusan": (1,), "kode_program": (2,), "kode_kegiatan": (3,), "kode_sub_kegiatan": (4,)},
                        notation="split", sub_digits=4)
    assert _split_reading(with_urusan, ("2", "02", "2.01", "0001") + (None,) * 6, office)[1].kind == "error"


def test_an_empty_split_row_reads_nothing() -> None:
    assert _split_reading(split_sheet(), (None, "", None) + (None,) * 6, None) == (None, read_code(None))


def test_a_five_segment_code_is_a_program_code_even_where_padding_would_make_it_an_account() -> None:
    reading = read_code("1.1.01.2.01")  # kegiatan 1.01.01.2.01, or rincian objek 1.1.01.02.01 after padding
    assert reading.kind == "program" and reading.kode.text == "1.01.01.2.01"


# -- row roles ---------------------------------------------------------------------------------------------

def test_an_empty_row_shorter_than_the_columns_is_empty() -> None:
    smap = sheet({"kode": (1,), "pagu": (2,), "nama": (4,)}, cascade=(1,))
    assert mapped(smap, (), (SUB, 100, None, PENATAAN))[0].nama == PENATAAN
    assert smap.counts == {"kosong": 1, "sub_kegiatan": 1}


def test_a_number_as_name_and_as_lokasi_is_read_as_text() -> None:
    smap = sheet({"kode": (1,), "nama": (2,), "lokasi": (3,)}, cascade=(1,))
    row = mapped(smap, (SUB, 2024, 6401))[0]
    assert (row.nama, row.lokasi) == ("2024", "6401")


def test_the_first_of_several_office_code_columns_names_the_office() -> None:
    smap = sheet({"kode_opd": (1, 2), "kode": (3,), "nama": (4,)}, cascade=(3,))
    row = mapped(smap, (DPMD, "2.13.0.00.0.00.01.0001", SUB, PENATAAN))[0]
    assert row.opd_kode.text == DPMD


def test_a_new_office_on_a_repeated_code_is_an_office_heading_but_a_blank_office_cell_is_not() -> None:
    smap = sheet({"opd": (1,), "kode": (2,), "nama": (3,)}, cascade=(2,))
    found = mapped(smap, ("Dinas A", SUB, PENATAAN), (None, SUB, "Belanja ATK"), ("Dinas B", SUB, PENATAAN))
    assert roles(found) == [(5, "sub_kegiatan"), (6, "paket")]
    assert smap.counts["opd"] == 1


def test_rows_with_a_blank_office_cell_take_the_office_of_the_heading_above_them() -> None:
    """An office column left blank under office heading rows: each row belongs to the heading above it, also
    when the blank cell is the same as on the row before and only the heading changed."""
    smap = sheet({"opd": (1,), "kode": (2,), "nama": (3,)}, cascade=(2,))
    found = mapped(smap, (None, DPMD, "Dinas PMD"), (None, SUB, PENATAAN),
                   (None, "1.02.0.00.0.00.01.0000", "Dinas Kesehatan"), (None, "1.02.02.2.01.0001", "Nama"),
                   (None, "1.02.02.2.01.0002", "Nama"))
    assert [(b.row, b.opd, b.opd_kode.text) for b in found] == [
        (6, "Dinas PMD", DPMD), (8, "Dinas Kesehatan", "1.02.0.00.0.00.01.0000"),
        (9, "Dinas Kesehatan", "1.02.0.00.0.00.01.0000")]


def test_an_account_column_first_in_the_row_is_where_account_findings_point() -> None:
    smap = sheet({"kode_akun": (1,), "kode": (2,), "nama": (3,)}, cascade=(2,))
    found = mapped(smap, ("5.1.02.01.01.0024", SUB, PENATAAN), ("5.1.02.01.01.0025", SUB, PENATAAN))
    assert roles(found) == [(5, "sub_kegiatan"), (6, "akun")]
    assert [b.akun_col for b in found] == [1, 1] and found[1].place("kode_akun")[2] == "A6"


@pytest.mark.parametrize("shallow", [None, "  "])
def test_an_empty_shallower_cascade_cell_does_not_hide_the_deeper_code(shallow: object) -> None:
    smap = sheet({"nama": (3,)}, cascade=(1, 2))
    assert roles(mapped(smap, (shallow, SUB, PENATAAN))) == [(5, "sub_kegiatan")]


def test_a_number_in_the_deepest_cascade_column_reads_by_its_name_and_keeps_the_levels_above() -> None:
    smap = sheet({"nama": (4,)}, cascade=(1, 2, 3))
    found = mapped(smap, ("2", "2.13", 2, "URUSAN PEMERINTAHAN WAJIB"))
    assert [(b.role, b.virtual, b.kode.text) for b in found] == [
        ("urusan", True, "2"), ("bidang", True, "2.13"), ("urusan", False, "2")]
    two = sheet({"nama": (3,)}, cascade=(1, 2))
    assert [(b.role, b.virtual) for b in mapped(two, ("2.13", 2, "URUSAN PEMERINTAHAN WAJIB"))] == [
        ("bidang", True), ("urusan", False)]


def test_virtual_rows_of_a_cascade_are_not_split_codes() -> None:
    found = mapped(sheet({"nama": (3,)}, cascade=(1, 2)), ("2.13.02", SUB, PENATAAN))
    assert [(b.virtual, b.split) for b in found] == [(True, False), (False, False)]
    split = mapped(split_sheet(), ("2", "13", "02", "2.01", 1))
    assert [(b.role, b.split) for b in split] == [("sub_kegiatan", True)]


def test_an_office_heading_in_a_cascade_names_the_office_of_the_rows_below() -> None:
    smap = sheet({"nama": (3,)}, cascade=(1, 2))
    found = mapped(smap, (DPMD, None, "Dinas Pemberdayaan Masyarakat dan Desa"), (DPMD, SUB, PENATAAN))
    assert [(b.role, b.opd, b.opd_kode.text) for b in found] == [
        ("sub_kegiatan", "Dinas Pemberdayaan Masyarakat dan Desa", DPMD)]
    assert smap.counts["opd"] == 1
    glued = sheet({"nama": (3,)}, cascade=(1, 2))
    found = mapped(glued, (f"{DPMD} Dinas Pemberdayaan Masyarakat dan Desa", None, None), (DPMD, SUB, PENATAAN))
    assert [(b.role, b.opd) for b in found] == [("sub_kegiatan", "Dinas Pemberdayaan Masyarakat dan Desa")]


def test_a_name_of_its_own_column_is_judged_again_where_it_changes_under_the_same_code() -> None:
    """SIPD flat exports: KODE SUB KEGIATAN | NAMA SUB KEGIATAN next to other levels' pairs; a sub kegiatan whose
    name changes on a row of the same code is judged again, with that name from that column."""
    smap = sheet({"nama": (6,), "kode_akun": (5,)}, cascade=(1, 3), names={1: 2, 3: 4})
    found = mapped(smap,
                   ("2.13.02", PROGRAM, SUB, PENATAAN, "5.1.02.01.01.0024", "Rincian"),
                   ("2.13.02", PROGRAM, SUB, PENATAAN, "5.1.02.01.01.0025", "Rincian"),
                   ("2.13.02", PROGRAM, SUB, "Fasilitasi Tata Wilayah Desa", "5.1.02.01.01.0025", "Rincian"))
    assert [(b.row, b.role, b.virtual, b.nama, b.nama_col) for b in found] == [
        (5, "program", True, PROGRAM, 2), (5, "sub_kegiatan", False, PENATAAN, 4),
        (6, "akun", False, PENATAAN, 4),
        (7, "sub_kegiatan", False, "Fasilitasi Tata Wilayah Desa", 4)]


def test_a_deepest_code_without_a_name_column_of_its_own_takes_the_rows_name() -> None:
    smap = sheet({"nama": (3,)}, cascade=(1, 2), names={1: 4})
    found = mapped(smap, ("2.13.02", SUB, PENATAAN, PROGRAM))
    assert [(b.role, b.nama, b.nama_col) for b in found] == [("program", PROGRAM, 4), ("sub_kegiatan", PENATAAN, None)]


def test_a_repeated_code_with_another_name_is_a_paket_only_under_one_code_column() -> None:
    single = sheet({"kode": (1,), "nama": (2,)}, cascade=(1,))
    found = mapped(single, (SUB, PENATAAN), (SUB, "Belanja ATK"), (SUB, PENATAAN.upper()))
    assert roles(found) == [(5, "sub_kegiatan"), (6, "paket"), (7, "sub_kegiatan")]  # the same name in capitals
    cascade = sheet({"nama": (3,)}, cascade=(1, 2))
    found = mapped(cascade, ("2.13.02", SUB, PENATAAN), ("2.13.02", SUB, "Belanja ATK"))
    assert [(b.role, b.virtual) for b in found] == [("program", True), ("sub_kegiatan", False), ("sub_kegiatan", False)]


def test_a_total_label_in_a_name_column_far_right_is_a_total() -> None:
    smap = sheet({"kode": (1,), "nama": (9,), "pagu": (10,)}, cascade=(1,))
    found = mapped(smap, (SUB, *[None] * 7, PENATAAN, 100), (*[None] * 8, "JUMLAH", 100))
    assert roles(found) == [(5, "sub_kegiatan"), (6, "jumlah")]


def test_a_coded_row_whose_name_begins_with_jumlah_is_no_total() -> None:
    smap = sheet({"nama": (1,), "kode": (2,)}, cascade=(2,))
    assert roles(mapped(smap, ("Jumlah Desa yang Ditata", SUB))) == [(5, "sub_kegiatan")]


def test_text_after_the_total_is_a_footer_until_a_code_row_comes() -> None:
    smap = sheet({"kode": (1,), "nama": (2,), "pagu": (3,)}, cascade=(1,))
    found = mapped(smap, (SUB, PENATAAN, 100), ("JUMLAH", None, 100), (None, "Disusun oleh tim"),
                   (SUB, PENATAAN, 50), (None, "Belanja ATK", 50))
    assert roles(found) == [(5, "sub_kegiatan"), (6, "jumlah"), (8, "sub_kegiatan"), (9, "paket")]
    assert smap.counts["catatan"] == 1


@pytest.mark.parametrize("footer", ["Kepala Dinas Pemberdayaan Masyarakat dan Desa", "Samarinda, 12 Januari 2024"])
def test_a_signature_or_a_date_under_a_sub_kegiatan_is_a_footer_not_a_paket(footer: str) -> None:
    smap = sheet({"kode": (1,), "nama": (2,)}, cascade=(1,))
    assert roles(mapped(smap, (SUB, PENATAAN), (None, footer))) == [(5, "sub_kegiatan")]
    assert smap.counts["catatan"] == 1


def test_text_under_an_office_heading_is_a_heading_and_under_a_continuation_a_paket() -> None:
    smap = sheet({"kode": (1,), "nama": (2,), "pagu": (3,)}, cascade=(1,))
    found = mapped(smap, (SUB, PENATAAN, 100), (DPMD, "Dinas Pemberdayaan Masyarakat dan Desa"), (None, "Belanja ATK"))
    assert roles(found) == [(5, "sub_kegiatan"), (7, "judul")] and smap.counts["opd"] == 1
    smap = sheet({"kode": (1,), "nama": (2,), "pagu": (3,)}, cascade=(1,))
    found = mapped(smap, (SUB, PENATAAN, 100), (None, None, 500), (None, "Belanja ATK", 50))
    assert roles(found) == [(5, "sub_kegiatan"), (7, "paket")] and smap.counts["lanjutan"] == 1


def test_an_account_name_is_the_rows_name_only_on_an_account_line_of_a_tree() -> None:
    smap = sheet({"kode": (1,), "nama": (2,)}, cascade=(1,))
    found = mapped(smap, (SUB, PENATAAN), ("5.1.02.01.01.0024", "Belanja ATK"), ("2.13.0x", "Salah"))
    assert [(b.role, b.akun_nama) for b in found] == [("sub_kegiatan", None), ("akun", "Belanja ATK"),
                                                      ("tak_terbaca", None)]
    own = sheet({"uraian_akun": (1,), "kode": (2,), "nama": (3,)}, cascade=(2,))
    found = mapped(own, (None, "5.1.02.01.01.0024", "Belanja ATK"), ("Kertas", "5.1.02.01.01.0025", "Belanja"))
    assert [(b.role, b.akun_nama) for b in found] == [("akun", None), ("akun", "Kertas")]


def test_a_name_column_wins_over_a_name_glued_to_the_code() -> None:
    smap = sheet({"kode": (1,), "nama": (2,)}, cascade=(1,))
    found = mapped(smap, (f"{SUB} {PENATAAN}", "Pembentukan Desa"), (f"2.13.02.2.01.0002 {PENATAAN}", None))
    assert [b.nama for b in found] == ["Pembentukan Desa", PENATAAN]


def test_an_account_in_the_code_columns_sets_repeated_rows_apart_once() -> None:
    dana = sheet({"nama": (3,), "kode_sumber_dana": (4,)}, cascade=(1, 2))
    found = mapped(dana, (SUB, "5.1.02.01.01.0024", "Belanja ATK", "1.1.01"))
    assert [(b.role, b.grain) for b in found] == [("sub_kegiatan", ("1.1.01", "5.1.02.01.01.0024"))]
    column = sheet({"kode": (1,), "nama": (3,), "kode_sumber_dana": (4,), "kode_akun": (2,)}, cascade=(1,))
    found = mapped(column, (SUB, "5.1.02.01.01.0024", "Belanja ATK", "1.1.01"))
    assert [(b.role, b.grain) for b in found] == [("sub_kegiatan", ("1.1.01", "5.1.02.01.01.0024"))]


def test_a_repeated_code_after_the_total_ends_the_footer_too() -> None:
    smap = sheet({"kode": (1,), "nama": (2,), "pagu": (3,)}, cascade=(1,))
    found = mapped(smap, (SUB, PENATAAN, 100), ("JUMLAH", None, 100), (SUB, "Belanja ATK", 50), (None, "Kertas", 50))
    assert roles(found) == [(5, "sub_kegiatan"), (6, "jumlah"), (7, "paket"), (8, "paket")]


def test_a_code_cell_is_remembered_by_its_value_and_type() -> None:
    """1 and 1.0 are equal in Python but not the same cell: the float is a repaired Excel number (NK1xx), so the
    outcomes memoised per cell must not be shared."""
    assert len({_key(1), _key(1.0), _key(True), _key("1")}) == 4
    smap = sheet({"kode": (1,), "nama": (2,)}, cascade=(1,))
    found = mapped(smap, (1, "URUSAN PEMERINTAHAN WAJIB"), (1.0, "URUSAN PEMERINTAHAN WAJIB"))
    assert [b.kode.repairs for b in found] == [(), ("excel_number",)]
    assert found[0].kode_key != found[1].kode_key


def test_a_cascade_whose_deepest_name_column_is_the_rows_judges_a_changed_name_again() -> None:
    smap = sheet({"nama": (3,), "kode_akun": (4,)}, cascade=(1, 2), names={2: 3})
    found = mapped(smap, ("2.13.02", SUB, PENATAAN, "5.1.02.01.01.0024"), ("2.13.02", SUB, PENATAAN, "5.1.02.01.01.0025"),
                   ("2.13.02", SUB, "Fasilitasi Tata Wilayah Desa", "5.1.02.01.01.0025"))
    assert [(b.row, b.role, b.nama_col) for b in found] == [
        (5, "program", None), (5, "sub_kegiatan", 3), (6, "akun", 3), (7, "sub_kegiatan", 3)]


def test_each_level_of_a_cascade_without_name_columns_takes_its_glued_name_from_its_own_code_cell() -> None:
    smap = sheet({"pagu": (3,)}, cascade=(1, 2))
    found = mapped(smap, (f"2.13.02 {PROGRAM}", f"{SUB} {PENATAAN}", 100))
    assert [(b.role, b.nama, b.place("nama")[2]) for b in found] == [
        ("program", PROGRAM, "A5"), ("sub_kegiatan", PENATAAN, "B5")]
    named = sheet({"nama": (3,)}, cascade=(1, 2))  # the name column is the deepest level's
    found = mapped(named, (f"2.13.02 {PROGRAM}", SUB, PENATAAN), ("2.13.02", "2.13.02.2.01.0002", "Fasilitasi"))
    assert [(b.role, b.nama, b.place("nama")[2]) for b in found] == [
        ("program", PROGRAM, "A5"), ("sub_kegiatan", PENATAAN, "C5"), ("program", None, "A6"),
        ("sub_kegiatan", "Fasilitasi", "C6")]
