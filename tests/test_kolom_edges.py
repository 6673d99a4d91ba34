"""The column typing's edges (nomenklatur/workbook/kolom.py): what one value is, a column's profile, and each
share a column's kind turns on, at the share itself and on both sides of it."""

from __future__ import annotations

from collections import Counter

import pytest

from nomenklatur.workbook.kolom import (
    Profile, _kind, _parts_by_group, _put, _texty, classify, p90_shaped, profile, type_columns,
)


@pytest.mark.parametrize("value, expected", [
    (0, ("part", 0)), (-1, ("amount", 0)),  # a part is 0 <= n < 100
    (99, ("part", 0)), (100, ("amount", 0)),
    (1.01, ("program", 2)),  # a bidang Excel stored as a number
    (1.001, ("amount", 0)),  # three decimals: no code part
    (99.5, ("part", 0)),
    ("2.13.AB.2.01.01", ("program", 6)),  # a code with a slip: its depth is its segments
    ("2.13.02", ("program", 3)), ("7", ("shallow", 1)), ("12", ("part", 0)),
    ("5.1.02.01.01.0001", ("akun", 6)), ("1.01.2.22.0.00.01.0000", ("organisasi", 8)),
    ("64.01.01.2009", ("wilayah", 4)), ("1.250.000", ("amount", 0)), ("Penataan Desa", ("text", 0)),
    ("TOTAL", ("", 0)), (None, ("", 0)), (True, ("other", 0)),
    ("5.1.2", ("shallow", 3)),  # program 5.01.02 and account 5.1.02, each padded once: either
    ("5.1.02", ("akun", 3)),    # an account as written, a program only padded
    ("1.01.0.00.0.00.01.0000_2.13.02.2.01.01", ("program", 6)),  # SIPD's office code glued before the code
    ("1.01.0.00.0.00.01.0000_64.01", ("unread", 0)),             # ... but not before a region code
])
def test_what_one_value_is(value: object, expected: tuple[str, int]) -> None:
    assert classify(value) == expected


@pytest.mark.parametrize("text, shaped", [
    ("2.13.AB.2.01.01", True), ("2.13.04.2.O1.02", True), ("5.1.02.O1.01.0001", True),
    ("1.01.01.01.001", False),  # SIMDA: a 3-digit last segment fits no Permendagri 90 width at that depth
    ("A.13.02", False), ("2.13.02.2.01.012", False),
])
def test_the_shape_of_a_code_with_a_slip(text: str, shaped: bool) -> None:
    assert p90_shaped(text) is shaped


def test_a_column_profile_counts_each_class_depth_and_feature() -> None:
    p = profile(["2.13.02", "2.13.02.2.01.01", "Penataan Desa", "100 %", "5.1.02.01.01.0001", "5.1.02", 7, "64.01",
                 1.01], {})
    assert (p.filled, dict(p.classes)) == (9, {"program": 3, "akun": 2, "text": 1, "other": 1, "part": 1, "wilayah": 1})
    assert (dict(p.depths), dict(p.akun_depths)) == ({3: 1, 6: 1, 2: 1}, {6: 1, 3: 1})
    assert (p.text_chars, p.dotted, p.text_codes, p.mean_text) == (13, 4, 2, 13.0)
    assert p.share("program", "akun") == 5 / 9 and p.share("organisasi") == 0
    assert (p.notation, p.example) == (None, None)
    assert profile([], {}) == Profile() and Profile().share("text") == 0.0
    simda = "0.00 . 2-17.3-30.3-31.01.0.0 . 1.2.02.1"
    p = profile(["2.13.02", "", "2.13.03", "5", "64.01", simda], {})  # an empty text is skipped, not the end
    assert (p.filled, dict(p.classes)) == (5, {"program": 2, "shallow": 1, "wilayah": 1, "unread": 1})
    assert (dict(p.depths), p.text_codes, p.dotted, p.notation, p.example) == ({3: 2, 1: 1}, 2, 2, "SIMDA", simda)


def _p(filled: int, **classes: int) -> Profile:
    return Profile(filled=filled, classes=Counter(classes))


@pytest.mark.parametrize("p, hint, expected", [
    # a place column: codes when half its values are region codes, or labelled a code and under half text
    (_p(2, wilayah=1, text=1), "lokasi", "kode_wilayah"), (_p(3, wilayah=1, text=2), "lokasi", "lokasi"),
    (_p(2, text=1, other=1), "kode_wilayah", "lokasi"), (_p(3, text=1, other=2), "kode_wilayah", "kode_wilayah"),
    # an office column: codes when half are kode organisasi, or labelled a code without text
    (_p(2, organisasi=1, text=1), "opd", "kode_opd"), (_p(3, organisasi=1, text=2), "opd", "opd"),
    (_p(2, organisasi=1, other=1), "kode_opd", "kode_opd"), (_p(3, organisasi=1, text=2), "kode_opd", "opd"),
    # a source of funds: codes when four in five are dotted or parts
    (Profile(filled=5, dotted=4, classes=Counter(text=5)), "sumber_dana", "kode_sumber_dana"),
    (Profile(filled=5, dotted=3, classes=Counter(text=5)), "sumber_dana", "sumber_dana"),
    (_p(5, part=4, text=1), "sumber_dana", "kode_sumber_dana"), (_p(5, part=3, text=2), "sumber_dana", "sumber_dana"),
    (_p(0), "lokasi", "lokasi"),
    # a code column: what three in five of its values are
    (_p(5, program=3, text=2), "kode", "program"), (_p(5, program=2, text=3), "kode", "kode"),
    (_p(10, program=1, akun=5, text=4), "kode", "program"),  # one program code in ten is a program column
    (_p(2, akun=1, organisasi=1), "kode", "kode_akun"), (_p(3, akun=1, organisasi=2), "kode", "kode_opd"),
    (_p(2, shallow=2), "kode", "shallow"), (_p(3, shallow=2, organisasi=1), "kode", "kode_akun"),
    (_p(5, part=3, text=2), "kode", "part"), (_p(5, part=2, text=3), "kode", "kode"),
    (_p(5, text=4, other=1), "kode", None), (_p(5, text=3, other=2), "kode", "kode"),
    (_p(2, unread=1, text=1), "kode", "unread"), (_p(0), "kode", "kode"), (_p(0), "nama", None),
    # a name column of codes with their names glued on: four in five, two segments deep or more
    (Profile(filled=5, text_codes=4, depths=Counter({2: 4}), classes=Counter(program=4, text=1)), "nama", "program"),
    (Profile(filled=5, text_codes=3, depths=Counter({2: 4}), classes=Counter(program=4, text=1)), "nama", None),
    (Profile(filled=5, text_codes=4, depths=Counter({1: 1, 2: 3}), classes=Counter(program=4, text=1)), None, None),
])
def test_what_a_column_holds_at_each_share_it_turns_on(p: Profile, hint: str | None, expected: str | None) -> None:
    assert _kind(p, hint, after_code=False) == expected


def test_an_unlabeled_column_right_of_a_code_column_is_left_to_its_label_unless_it_holds_codes() -> None:
    assert _kind(_p(5, text=5), None, after_code=True) is None
    assert _kind(_p(5, program=3, text=2), None, after_code=True) == "program"


@pytest.mark.parametrize("kind, share, joined", [
    ({1: "part", 3: "part"}, 4, True),   # between two pieces, four in five parts: a piece
    ({1: "part", 3: "part"}, 3, False),  # three in five: not
    ({1: "part"}, 5, False),             # a piece on one side only: not
    ({3: "part"}, 5, False),
])
def test_a_column_between_two_pieces_of_a_split_code(kind: dict[int, str], share: int, joined: bool) -> None:
    profiles = {1: _p(5, part=5), 2: _p(5, part=share, text=5 - share), 3: _p(5, part=5)}
    kinds = dict(kind)
    _parts_by_group(kinds, {}, {}, profiles)
    assert (kinds.get(2) == "part") is joined, kinds


SUB = "2.13.02.2.01.0001"


def _typing(labels: tuple[str, ...], fields: tuple[str, ...], rows: list[tuple]):
    """type_columns on labelled columns, each label's best field given (as header.py finds them)."""
    return type_columns({c: (label,) if label else () for c, label in enumerate(labels, 1)},
                        {c: (f, 1.0, 1.0) for c, f in enumerate(fields, 1) if f},
                        [(n, row) for n, row in enumerate(rows, 2)])


def test_accounts_alone_are_read_as_accounts_a_tree_where_they_are_at_two_depths_or_more() -> None:
    tree = _typing(("Kode Rekening", "Uraian"), ("kode_akun", "nama"),
                   [("5.1.02", "Belanja Barang dan Jasa"), ("5.1.02.01", "Belanja Barang"), ("5.1.02.01.01.0024", "ATK")])
    assert (tree.notation, tree.columns, tree.akun_tree) == ("akun", {"kode_akun": (1,), "uraian_akun": (2,)}, True)
    lines = _typing(("Kode Rekening", "Uraian"), ("kode_akun", "nama"),
                    [("5.1.02.01.01.0025", "Kertas dan Cover"), ("5.1.02.01.01.0024", "Alat Tulis Kantor")])
    assert (lines.notation, lines.akun_tree) == ("akun", False)


@pytest.mark.parametrize("with_account, lines", [(3, True), (2, False)])
def test_account_lines_when_three_in_five_coded_rows_carry_an_account(with_account: int, lines: bool) -> None:
    rows = [(SUB, f"5.1.02.01.01.00{24 + i}" if i < with_account else None, f"Baris {i} belanja", 1) for i in range(5)]
    typing = _typing(("Kode", "Kode Rekening", "Uraian", "Pagu"), ("kode", "kode_akun", "nama", "pagu"), rows)
    assert (typing.notation, typing.akun_lines) == ("full", lines)
    assert typing.columns == {"kode": (1,), "kode_akun": (2,), "nama": (3,), "pagu": (4,)}


@pytest.mark.parametrize("targets, found", [
    (["100 %", "5 unit", "5", "6", "7 desa"], True),   # three in five with a unit: the target
    (["100 %", "5 unit", "5", "6", "7"], False),
    (["100 %", "5 unit"], True), (["100 %"], False),  # at least two values
])
def test_an_unlabeled_column_of_values_with_units_right_of_the_indicator_is_the_target(targets: list[str],
                                                                                        found: bool) -> None:
    rows = [(SUB, "Penataan desa", "Jumlah desa", t) for t in targets]
    typing = _typing(("Kode", "Uraian", "Indikator", ""), ("kode", "nama", "indikator", None), rows)
    assert typing.columns.get("target") == ((4,) if found else None), typing.columns


def test_an_amount_column_half_numbers_and_a_name_column_four_fifths_numbers() -> None:
    """Pagu keeps its label with half its values amounts, not with a third; a name column of four numbers in
    five is no name column."""
    half = _typing(("Kode", "Uraian", "Pagu"), ("kode", "nama", "pagu"),
                   [(SUB, "Penataan desa satu", 100), (SUB, "Penataan desa dua", "tidak ada")])
    third = _typing(("Kode", "Uraian", "Pagu"), ("kode", "nama", "pagu"),
                    [(SUB, "Penataan desa satu", 100), (SUB, "Penataan desa dua", "tidak ada"), (SUB, "tiga", "nol")])
    assert (half.columns.get("pagu"), third.columns.get("pagu")) == ((3,), None)
    numbers = [(SUB, n, 100) for n in (1, 2, 3, 4)]
    assert "nama" not in _typing(("Kode", "Uraian", "Pagu"), ("kode", "nama", "pagu"),
                                 [*numbers, (SUB, "Penataan desa", 100)]).columns
    assert _typing(("Kode", "Uraian", "Pagu"), ("kode", "nama", "pagu"),
                   [*numbers[:3], (SUB, "Penataan desa", 100), (SUB, "Penataan desa", 100)]).columns["nama"] == (2,)


@pytest.mark.parametrize("p, expected", [
    (_p(20, program=1, akun=19), "kode_akun"),  # one program code in twenty: an account column
    (_p(2, akun=2), "kode_akun"),
])
def test_a_code_column_of_accounts(p: Profile, expected: str) -> None:
    assert _kind(p, "kode", after_code=False) == expected


def _depth_profile(depth: int) -> Profile:
    return Profile(filled=5, classes=Counter(program=5), depths=Counter({depth: 5}))


@pytest.mark.parametrize("group, joined", [
    ({1: "part", 2: "program"}, True),                   # a part and a bidang (2 deep): one split code
    ({1: "part", 2: "program", 3: "program"}, False),    # one part in three: not
    ({1: "part", 2: "deep"}, False),                     # a part beside full codes: not
])
def test_a_group_of_columns_is_one_split_code_when_half_of_it_is_parts(group: dict[int, str], joined: bool) -> None:
    profiles = {1: _p(5, part=5), 2: _depth_profile(2), 3: _depth_profile(2)}
    kinds = {c: "program" if k == "deep" else k for c, k in group.items()}
    if group.get(2) == "deep":
        profiles[2] = _depth_profile(6)
    _parts_by_group(kinds, {}, {}, profiles)
    assert all(k == "part" for k in kinds.values()) is joined, kinds


def test_account_lines_read_from_an_account_column_that_is_the_last() -> None:
    rows = [(SUB, f"Baris {i} belanja", 1, f"5.1.02.01.01.00{24 + i}") for i in range(3)]
    typing = _typing(("Kode", "Uraian", "Pagu", "Kode Rekening"), ("kode", "nama", "pagu", "kode_akun"), rows)
    assert (typing.columns["kode_akun"], typing.akun_lines) == ((4,), True)


def test_of_three_cascade_columns_the_deepest_holding_two_levels_is_the_kode() -> None:
    typing = _typing(("Urusan", "Bidang/Program", "Kegiatan/Sub Kegiatan", "Uraian", "Pagu"),
                     ("kode_urusan", "kode_bidang", "kode_kegiatan", "nama", "pagu"),
                     [("2", "2.13", None, "Bidang PMD", 1), ("2", "2.13.02", None, "Program Penataan Desa", 1),
                      ("2", "2.13.02", "2.13.02.2.01", "Penyelenggaraan Penataan Desa", 1),
                      ("2", "2.13.02", SUB, "Pembentukan desa", 1)])
    assert (typing.notation, typing.cascade) == ("cascade", (1, 2, 3))
    assert typing.columns == {"kode_urusan": (1,), "kode_bidang": (2,), "kode": (3,), "nama": (4,), "pagu": (5,)}


def test_a_field_goes_to_the_better_labelled_column_the_first_on_a_tie() -> None:
    hits = {1: ("lokasi", 0.8, 0.9), 2: ("lokasi", 0.9, 0.1), 3: ("lokasi", 0.9, 0.5), 4: ("lokasi", 0.9, 0.5)}
    for order, winner in (((1, 2), 2), ((2, 1), 2), ((2, 3), 3), ((3, 4), 3), ((4, 3), 4)):
        columns: dict = {}
        for col in order:
            _put(columns, "lokasi", col, hits)
        assert columns == {"lokasi": (winner,)}, order
    columns = {}
    for col in (5, 1):  # a column without a label of this field yields to one with it, never the other way
        _put(columns, "lokasi", col, hits)
    assert columns == {"lokasi": (1,)}
    _put(columns, "lokasi", 6, hits)
    assert columns == {"lokasi": (1,)}


def test_a_name_column_is_three_in_five_texts_of_twelve_letters_on_average() -> None:
    assert _texty(Profile(filled=5, classes=Counter(text=3, other=2), text_chars=36))
    assert not _texty(Profile(filled=5, classes=Counter(text=3, other=2), text_chars=35))
    assert not _texty(Profile(filled=5, classes=Counter(text=2, other=3), text_chars=100))
    assert not _texty(Profile()) and not _texty(None)


def test_the_name_column_is_the_first_text_column_right_of_a_code_column_of_several_levels() -> None:
    rows = [("Kegiatan desa yang panjang", "2.13.02", "Program Penataan Desa", 1),
            ("Kegiatan desa yang panjang", SUB, "Pembentukan desa baru", 2)]
    typing = _typing(("", "Kode", "", "Pagu"), (None, "kode", None, "pagu"), rows)
    assert typing.columns == {"kode": (2,), "nama": (3,), "pagu": (4,)}
    short = [(r[0], r[1], "ab", r[3]) for r in rows]  # the text left of the code is never its name
    assert _typing(("", "Kode", "", "Pagu"), (None, "kode", None, "pagu"), short).columns == {"kode": (2,), "pagu": (4,)}


def test_a_column_of_values_with_units_left_of_the_indicator_is_no_target() -> None:
    rows = [("100 %", SUB, "Pembentukan desa", "Jumlah desa", "x"), ("5 unit", SUB, "Pembentukan desa", "Jumlah", "y")]
    typing = _typing(("", "Kode", "Uraian", "Indikator", ""), (None, "kode", "nama", "indikator", None), rows)
    assert "target" not in typing.columns, typing.columns
