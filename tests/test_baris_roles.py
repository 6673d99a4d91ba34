"""The row roles (nomenklatur/baris.py `map_rows`) on each layout branch, called directly with the sheet maps the
header stage would build: cascades with and without their own name columns, split codes, office and account
columns, totals and footers. Each test names what a planner would see go wrong if the branch broke."""

from __future__ import annotations

import pytest

from nomenklatur import kode
from nomenklatur.baris import Baris, SheetMap, _split_reading, map_rows, read_code

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
    assert glued.loc("nama").cell == "A5" and glued.nama == PENATAAN
    named = mapped(sheet({"kode": (1,), "nama": (3,)}, cascade=(1,)), (f"{SUB} {PENATAAN}", None, None))[0]
    assert named.loc("nama").cell == "C5"


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
