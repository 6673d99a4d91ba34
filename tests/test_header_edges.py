"""The header search's edges (nomenklatur/workbook/header.py): which rows may start and continue a header, how
far apart its rows may be, the numbering row under it, and how a label is matched to a field."""

from __future__ import annotations

from nomenklatur.workbook import detect_layout, load_aliases
from nomenklatur.workbook.header import _matcher

ALIASES = load_aliases()
SUB = "2.13.02.2.01.0001"
DATA = [(n, (SUB, f"Pembentukan desa {n}", 100 * n)) for n in range(5, 9)]


def _found(rows: list) -> tuple | None:
    layout = detect_layout(rows, ALIASES)
    return None if layout is None else (layout.header_rows, layout.data_start, layout.fit)


def test_a_header_row_may_follow_after_one_empty_row_not_after_two() -> None:
    assert _found([(1, ("Kode", "Uraian", "Pagu")), (3, (None, "Rincian", "Tahun 2024")), *DATA]) == ((1, 3), 5, 1)
    assert _found([(1, ("Kode", "Uraian", "Pagu")), (4, (None, "Rincian", "Tahun 2024")), *DATA]) == ((1,), 4, 0)


def test_a_header_row_of_more_texts_than_numbers_may_hold_a_number() -> None:
    assert _found([(1, ("Kode", "Uraian", "Pagu", 5)), *DATA]) == ((1,), 5, 1)
    assert _found([(1, ("Kode", 1, "Pagu", 2)), (2, (SUB, "Pembentukan desa", 100, 5))]) is None  # as many: data


def test_a_second_header_row_holds_text_and_maybe_years_up_to_2100() -> None:
    assert _found([(1, ("Kode", "Uraian", "Pagu")), (2, (None, "Rincian", 2100)), *DATA]) == ((1, 2), 5, 1)
    assert _found([(1, ("Kode", "Uraian", "Pagu")), (2, (None, "Rincian", 2101)), *DATA])[0] == (1,)
    assert _found([(1, ("Kode", "Uraian", "Pagu")), (2, (None, None, 2024)), *DATA])[0] == (1,)  # years alone: no


def test_a_numbering_row_of_three_columns_or_more_is_skipped() -> None:
    assert _found([(1, ("Kode", "Uraian", "Pagu")), (2, (1, 2, 3)), *DATA]) == ((1,), 5, 1)
    assert _found([(1, ("Kode", "Uraian", "Pagu")), (2, (1, 2)), *DATA])[1] == 2


def test_a_code_in_the_last_column_of_the_first_data_row_fits() -> None:
    rows = [(1, ("Uraian", "Pagu", "Kode")), *[(n, (f"Pembentukan desa {n}", 100 * n, SUB)) for n in range(2, 6)]]
    layout = detect_layout(rows, ALIASES)
    assert layout is not None and layout.columns["kode"] == (3,) and layout.fit == 1


def test_a_label_is_matched_whole_then_by_its_last_part_then_by_a_long_alias_inside_it() -> None:
    matcher = _matcher((("pagu", ("re:pagu \\d+", "anggaran", "pagu")), ("nama", ("uraian", "=uraian kegiatan")),
                        ("lokasi", ("lokasi",))))
    assert matcher.match(("anggaran",)) == ("pagu", 3.0, 0.0)  # an alias after a pattern is an alias too
    assert matcher.match(("pagu 2024",)) == ("pagu", 3.0, 0.0)
    assert matcher.match(("uraian", "pagu")) == ("pagu", 2.0, 0.0)  # the last part first
    assert matcher.match(("pagu", "uraian")) == ("nama", 2.0, 0.0)
    assert matcher.match(("jumlah anggaran tahun ini",)) == ("pagu", 1.0, 0.0)  # eight letters: found inside
    assert matcher.match(("lokasi desa",)) is None  # six letters, one word: only whole
    assert matcher.match(("uraian kegiatan baru",)) is None  # "=": never inside a label
    assert matcher.match(("anggaran", "semula")) == ("pagu", 2.0, -0.5)
