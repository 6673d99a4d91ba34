"""Examples for the code grammar: every kind, every repair, every error reason, real-world cells."""

from __future__ import annotations

import csv
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

from nomenklatur.kode import (
    FAMILIES, KINDS, REPAIRS, Kode, KodeError, akun_4digit, compose, describe_repairs, kind_label, normalize,
    office_prefix, parse,
)

# --- canonical codes of every kind -------------------------------------------------------------------

CANONICAL = [
    # text, family, kind, level, era
    ("2", "program", "urusan", None, None),
    ("X", "program", "urusan", None, None),
    ("2.13", "program", "bidang", None, None),
    ("X.XX", "program", "bidang", None, None),
    ("2.13.02", "program", "program", None, None),
    ("X.XX.01", "program", "program", None, None),
    ("2.13.02.2.01", "program", "kegiatan", "2", None),
    ("1.01.02.1.01", "program", "kegiatan", "1", None),
    ("X.XX.01.7.01", "program", "kegiatan", "7", None),
    ("2.13.02.2.01.01", "program", "sub_kegiatan", "2", "2"),
    ("2.13.02.2.01.0001", "program", "sub_kegiatan", "2", "4"),
    ("5", "akun", "akun", None, None),
    ("5.1", "akun", "kelompok", None, None),
    ("5.1.02", "akun", "jenis", None, None),
    ("5.1.02.01", "akun", "objek", None, None),
    ("5.1.02.01.01", "akun", "rincian_objek", None, None),
    ("5.1.02.01.01.0024", "akun", "sub_rincian_objek", None, "4"),
    ("5.1.02.01.01.024", "akun", "sub_rincian_objek", None, "3"),
    ("5.1.02.01.001", "akun", "rincian_objek", None, "5"),
    ("5.1.02.01.001.00024", "akun", "sub_rincian_objek", None, "5"),
    ("1.03.0.00.0.00.01.0000", "organisasi", "organisasi", None, None),
    ("2.18.3.32.3.31.01.0002", "organisasi", "organisasi", None, None),
    ("64", "wilayah", "provinsi", None, None),
    ("64.02", "wilayah", "kabkota", None, None),
    ("64.02.03", "wilayah", "kecamatan", None, None),
    ("64.02.03.2001", "wilayah", "desa", None, None),
    ("64.72.01.1001", "wilayah", "kelurahan", None, None),
    ("91.03.01.3007", "wilayah", "desa", None, None),   # desa adat (Papua, 2025 list)
]


@pytest.mark.parametrize(("text", "family", "kind", "level", "era"), CANONICAL)
def test_canonical_codes_parse_as_themselves(text, family, kind, level, era):
    k = parse(text, family)
    assert (k.text, k.family, k.kind, k.level, k.era) == (text, family, kind, level, era)
    assert k.segments == tuple(text.split("."))
    assert k.repairs == () and k.name is None
    assert str(k) == text
    assert parse(text, kind=kind) == k


@pytest.mark.parametrize(("text", "family", "kind", "level", "era"),
                         [c for c in CANONICAL if c[0] not in ("2", "5", "5.1")])
def test_family_is_detected_when_only_one_family_can_read_the_code(text, family, kind, level, era):
    assert parse(text) == parse(text, family)


def test_every_kind_is_covered_by_the_examples():
    assert {kind for _, _, kind, _, _ in CANONICAL} == {k for kinds in KINDS.values() for k in kinds}
    assert set(KINDS) == set(FAMILIES)


# --- repairs -----------------------------------------------------------------------------------------

REPAIRED = [
    # value, family, canonical text, repairs, name
    ("'2.13.02.2.01.01", None, "2.13.02.2.01.01", ("apostrophe",), None),
    ("\u20182.13.02", None, "2.13.02", ("apostrophe",), None),
    ("2.13.02.2.01.01\u00a0", None, "2.13.02.2.01.01", ("nbsp",), None),
    ("\u202f2.13.02\u2007", "program", "2.13.02", ("nbsp",), None),
    (" 2.13.02\t", None, "2.13.02", ("whitespace",), None),
    ("2.13. 02", None, "2.13.02", ("whitespace",), None),
    ("2.13.02\n", None, "2.13.02", ("whitespace",), None),
    ("\u200b2.13.02\u200e", None, "2.13.02", ("invisible",), None),
    ("\ufeff2.13\u00ad.02", None, "2.13.02", ("invisible",), None),
    ("\u202a2.13.02\u202c", None, "2.13.02", ("invisible",), None),
    ("2,13,02", None, "2.13.02", ("separator",), None),
    ("2.13.02-2.01", None, "2.13.02.2.01", ("separator",), None),
    ("64/02/03/2001", None, "64.02.03.2001", ("separator",), None),
    ("2..13.02", None, "2.13.02", ("separator",), None),
    ("2 . 13 . 02", None, "2.13.02", ("whitespace",), None),
    ("2 , 13 , 02", None, "2.13.02", ("whitespace", "separator"), None),
    ("2.13.02.", None, "2.13.02", ("trailing_dot",), None),
    ("2.13.02..", None, "2.13.02", ("trailing_dot",), None),
    ("2.13.2.2.1.1", None, "2.13.02.2.01.01", ("padding",), None),
    ("2.13.02.2.01.1", "program", "2.13.02.2.01.01", ("padding",), None),
    ("2.13.02.2.01.001", "program", "2.13.02.2.01.0001", ("padding",), None),
    ("4.1.1.01.01.0001", "akun", "4.1.01.01.01.0001", ("padding",), None),
    ("64.2.3.2001", "wilayah", "64.02.03.2001", ("padding",), None),
    ("1.3.0.0.0.0.1.0", None, "1.03.0.00.0.00.01.0000", ("padding",), None),
    ("x.xx.01", None, "X.XX.01", ("uppercase_x",), None),
    ("x.XX.01.2.01.0001", None, "X.XX.01.2.01.0001", ("uppercase_x",), None),
    ("1.02.02.2.01.22 Pengelolaan Pelayanan Kesehatan", None, "1.02.02.2.01.22", ("glued_name",),
     "Pengelolaan Pelayanan Kesehatan"),
    ("1.02.02.2.01.22 - Pengelolaan Pelayanan Kesehatan", None, "1.02.02.2.01.22", ("glued_name",),
     "Pengelolaan Pelayanan Kesehatan"),
    ("2.13.02 : Program Penataan Desa", None, "2.13.02", ("glued_name",), "Program Penataan Desa"),
    ("2.13.02 \u2013 Program Penataan Desa", None, "2.13.02", ("glued_name",), "Program Penataan Desa"),
    ("5.1.02.01.01.0024\u00a0Belanja Alat Tulis Kantor ", None, "5.1.02.01.01.0024",
     ("whitespace", "glued_name"), "Belanja Alat Tulis Kantor"),
    ("2.13.02. Program Penataan Desa", None, "2.13.02", ("glued_name",), "Program Penataan Desa"),
    (" '2,13,2. ", "program", "2.13.02", ("whitespace", "apostrophe", "separator", "trailing_dot", "padding"),
     None),
    # numeric cells
    (1.0, "program", "1", ("excel_number",), None),
    (2.1, "program", "2.10", ("excel_number",), None),
    (2.13, "program", "2.13", ("excel_number",), None),
    (5.1, "akun", "5.1", ("excel_number",), None),
    (64.1, None, "64.10", ("excel_number",), None),
    (64.02, "wilayah", "64.02", ("excel_number",), None),
    (64, None, "64", (), None),
    (2.5, "program", "2.50", ("excel_number",), None),
    (2, "program", "2", (), None),
    (Decimal("2.10"), "program", "2.10", ("excel_number",), None),
    (Decimal("2"), "program", "2", (), None),
]


@pytest.mark.parametrize(("value", "family", "text", "repairs", "name"), REPAIRED)
def test_repairs_are_applied_and_reported(value, family, text, repairs, name):
    k = parse(value, family)
    assert (k.text, k.repairs, k.name) == (text, repairs, name)
    assert normalize(value, family) == text


def test_every_repair_id_is_exercised_by_the_examples():
    used = {r for *_, repairs, _ in REPAIRED for r in repairs}
    assert used == set(REPAIRS)


def test_float_digits_come_from_repr_never_from_binary_noise():
    assert parse(2.1, "program").text == "2.10"          # not 2.1000000000000001
    assert parse(1.07, "program").text == "1.07"
    assert parse(5.1, "akun").text == "5.1"
    with pytest.raises(KodeError):
        parse(0.1 + 0.2, "akun")                          # 0.30000000000000004 is no code


def test_repairs_are_listed_once_in_order():
    k = parse("\u200b 2 , 13 , 2 , 2 , 1 , 1 ", "program")
    assert k.text == "2.13.02.2.01.01"
    assert k.repairs == ("invisible", "whitespace", "separator", "padding")


def test_describe_repairs_in_both_languages():
    k = parse(" 2.13.2", "program")
    assert describe_repairs(k) == "spasi dibuang; nol di depan ditambahkan"
    assert describe_repairs(k, "en") == "spaces removed; leading zeros added"
    assert describe_repairs(parse("2.13.02")) == ""


@pytest.mark.parametrize("repair", sorted(REPAIRS))
def test_every_repair_has_a_text_in_both_languages(repair):
    texts = REPAIRS[repair]
    assert set(texts) == {"id", "en"} and all(t.strip() for t in texts.values())
    assert texts["id"] != texts["en"]


# --- errors ------------------------------------------------------------------------------------------

ERRORS = [
    # value, family, kind, reason, candidates
    (None, None, None, "empty", ()),
    ("", "program", None, "empty", ()),
    ("  \u00a0\u200b ", None, None, "empty", ()),
    ("'", None, None, "empty", ()),
    ("2.1", "program", None, "ambiguous", ("2.01", "2.10")),
    ("2.1", "program", "bidang", "ambiguous", ("2.01", "2.10")),
    ("64.1", "wilayah", None, "ambiguous", ("64.01", "64.10")),
    ("1.2", None, None, "ambiguous", ("1.02", "1.20", "1.2")),
    ("5.1.02.01.01.24", "akun", None, "ambiguous", ("5.1.02.01.01.024", "5.1.02.01.01.0024")),
    ("5.1.02.01.01.1", None, None, "ambiguous", ("5.1.02.01.01.001", "5.1.02.01.01.0001")),
    ("5.1.2", None, None, "ambiguous", ("5.01.02", "5.1.02")),
    ("2", None, None, "ambiguous", ("2",)),
    (1.0, None, None, "ambiguous", ("1",)),
    (2.1, None, None, "ambiguous", ("2.10", "2.1")),
    ("2.130.02", None, None, "invalid", ()),
    ("2.13.02.9.01", "program", None, "invalid", ()),
    ("2.13.02.0.01", "program", None, "invalid", ()),
    ("2.13.02.2.01.01.01", None, None, "invalid", ()),
    ("2.13.02.2.01.00001", "program", None, "invalid", ()),
    ("2.00.02", "program", None, "invalid", ()),
    ("2.13.02.2.01.00", "program", None, "invalid", ()),
    ("X.13.01", None, None, "invalid", ()),
    ("2.XX.01", None, None, "invalid", ()),
    ("x.x.01", None, None, "invalid", ()),
    ("2.13.O2", None, None, "invalid", ()),
    ("2.\uff11\uff13.02", None, None, "invalid", ()),        # full-width digits are not code digits
    ("2.\u0661\u0663", "program", None, "invalid", ()),
    ("2.13.02Program", None, None, "invalid", ()),
    ("2.13.02 2020", None, None, "invalid", ()),
    ("2.13.02 (lama)", None, None, "invalid", ()),
    ("Program 2.13.02", None, None, "invalid", ()),
    ("2.13.02;", None, None, "invalid", ()),
    ("-", None, None, "invalid", ()),
    ("2.13", "akun", None, "invalid", ()),
    ("2.13", None, "program", "invalid", ()),
    ("64.02.03.0001", "wilayah", None, "invalid", ()),
    ("6.02", "wilayah", None, "invalid", ()),
    ("1.03.1.00.0.00.01.0000", "organisasi", None, "invalid", ()),
    (-5, None, None, "invalid", ()),
    (1e-05, None, None, "invalid", ()),
    (float("nan"), None, None, "invalid", ()),
    (float("inf"), "program", None, "invalid", ()),
    (Decimal("NaN"), None, None, "invalid", ()),
    (True, None, None, "invalid", ()),
    (2.5, "program", "urusan", "invalid", ()),
    (2.555, "program", None, "invalid", ()),
    ("2" * 201, None, None, "too_long", ()),
    (10**250, None, None, "too_long", ()),
    (1e300, None, None, "too_long", ()),
    (Decimal("1E+999999"), None, None, "too_long", ()),
    (Decimal("1E-999999"), None, None, "too_long", ()),
]


@pytest.mark.parametrize(("value", "family", "kind", "reason", "candidates"), ERRORS)
def test_errors_name_their_reason(value, family, kind, reason, candidates):
    with pytest.raises(KodeError) as caught:
        parse(value, family, kind=kind)
    assert caught.value.reason == reason
    assert caught.value.candidates == candidates


def test_huge_values_are_refused_without_being_scanned():
    for value in ("2.13.02 " + "a" * 10**6, 10**100_000, -(10**100_000)):
        with pytest.raises(KodeError) as caught:
            parse(value)
        assert caught.value.reason in ("too_long", "invalid")
        assert len(caught.value.value) < 10**6


def test_a_code_of_exactly_200_characters_is_read_not_refused_for_length():
    with pytest.raises(KodeError) as caught:
        parse("2" * 200)
    assert caught.value.reason == "invalid"


def test_error_keeps_the_value_as_text():
    with pytest.raises(KodeError) as caught:
        parse(" 2.130.02 ", "program")
    assert caught.value.value == " 2.130.02 "
    with pytest.raises(KodeError) as caught:
        parse(2.555, "program")
    assert caught.value.value == "2.555"


def test_messages_in_bahasa_by_default_and_english_on_request():
    with pytest.raises(KodeError) as caught:
        parse("2.1", "program")
    e = caught.value
    assert e.message() == str(e) == ('"2.1" dapat dibaca sebagai 2.01 atau 2.10; '
                                    "tulis kode lengkapnya agar tidak keliru.")
    assert e.message("en") == '"2.1" could mean 2.01 or 2.10; write the full code to remove the doubt.'


def test_invalid_message_names_the_kind_and_shows_a_correct_example():
    with pytest.raises(KodeError) as caught:
        parse("2.130.02", kind="program")
    assert caught.value.message() == '"2.130.02" bukan kode program yang sah. Contoh bentuk yang benar: 2.13.02.'
    assert caught.value.message("en") == '"2.130.02" is not a valid program code. A correct example: 2.13.02.'


def test_a_text_readable_in_two_families_names_the_kinds():
    with pytest.raises(KodeError) as caught:
        parse("5")
    assert caught.value.kinds == ("urusan", "akun")
    assert "kode urusan atau kode akun" in caught.value.message()
    assert "urusan code or akun code" in caught.value.message("en")


def test_long_values_are_shortened_in_messages():
    with pytest.raises(KodeError) as caught:
        parse("9" * 150)
    assert len(caught.value.message()) < 120


def test_numeric_cells_at_the_edges_of_what_is_read() -> None:
    """Decimals with more than 200 places, ints of more than 600 bits, and texts of more than 200 digits are too
    long; a Decimal with places has lost its zeros as a float has (excel_number), a whole one has not; a part 0
    of a composed code is a digit like any other."""
    def outcome(value: object) -> tuple:
        try:
            found = parse(value, "akun")
        except KodeError as error:
            return "error", error.reason
        return found.text, found.repairs

    assert outcome(Decimal("1." + "0" * 201)) == ("error", "too_long")
    assert outcome(Decimal("1." + "0" * 199)) == outcome(Decimal("1." + "0" * 200)) == ("1", ("excel_number",))
    with pytest.raises(KodeError) as caught:
        parse(Decimal("1E200"), "akun")
    assert (caught.value.reason, caught.value.value) == ("too_long", "1E+200")  # refused before it is written out
    assert (outcome(Decimal("5")), outcome(Decimal("5.0"))) == (("5", ()), ("5", ("excel_number",)))
    assert (outcome(2 ** 599), outcome(2 ** 600)) == (("error", "invalid"), ("error", "too_long"))
    assert (outcome(Decimal("1" * 200)), outcome(Decimal("1" * 201))) == (("error", "invalid"), ("error", "too_long"))
    assert compose(["1", "01", 0, "00", 0, "00", "01", "0000"], family="organisasi").text == "1.01.0.00.0.00.01.0000"
    assert (outcome(True), outcome(False)) == (("error", "invalid"), ("error", "invalid"))  # a tick box is no 1


def test_segment_widths_and_pairs_at_their_edges() -> None:
    """Rincian objek is 2 digits or 3 (the 2026 shape), a short one padded to 2; an organisasi's urusan/bidang
    pairs (segments 3-4 and 5-6) are 0.00 or both set; a float or Decimal 0 is a digit of a composed code; a
    float from 1e200 on is too long, below it is read (and then fails the grammar)."""
    assert parse("5.1.02.01.001.00024", "akun").text == "5.1.02.01.001.00024"
    assert (parse("5.1.02.01.1", "akun").text, parse("5.1.02.01.1", "akun").repairs) == ("5.1.02.01.01", ("padding",))
    for text in ("1.01.0.01.0.00.01.0000", "1.01.1.00.0.00.01.0000", "1.01.0.00.0.05.01.0000", "1.01.0.00.3.00.01.0000"):
        with pytest.raises(KodeError):
            parse(text, "organisasi")
    assert parse("1.01.0.00.2.03.01.0000", "organisasi").text == "1.01.0.00.2.03.01.0000"
    assert compose([1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0], "organisasi").text == "1.01.0.00.0.00.01.0000"
    assert compose([1, 1, Decimal(0), 0, 0, 0, 1, 0], "organisasi").text == "1.01.0.00.0.00.01.0000"
    with pytest.raises(KodeError) as caught:
        parse(1e200, "akun")
    assert caught.value.reason == "too_long"
    with pytest.raises(KodeError) as caught:
        parse(1e199, "akun")
    assert caught.value.reason == "invalid"


def test_compose_of_other_families_and_whole_numbers() -> None:
    """Any number of parts up to the family's depth outside the program family; whole numbers that need no
    zero are still Excel's numbers (excel_number); a part with more segments than its column holds is refused."""
    assert (compose([5, 1, 2], "akun").text, compose([5, 1, 2], "akun").repairs) == ("5.1.02", ("excel_number",))
    assert compose([2, 13, 10, 2, 10, 10]).repairs == ("excel_number",)
    with pytest.raises(KodeError):
        compose([2, 13, "02.01", "2.01", 1])


def test_a_value_of_60_characters_is_shown_whole_one_of_61_as_its_first_57_and_an_ellipsis():
    assert KodeError("invalid", "9" * 60, family="program").message().startswith(f'"{"9" * 60}" bukan')
    assert KodeError("invalid", "9" * 61, family="program").message().startswith(f'"{"9" * 57}…" bukan')


def test_readings_are_listed_with_commas_and_the_last_after_or():
    three = KodeError("ambiguous", "2.1", candidates=("2.01", "2.10", "2.1X"), family="program")
    assert three.message().startswith('"2.1" dapat dibaca sebagai 2.01, 2.10 atau 2.1X;'), three.message()
    assert three.message("en").startswith('"2.1" could mean 2.01, 2.10 or 2.1X;'), three.message("en")
    two = KodeError("ambiguous", "2.1", candidates=("2.01", "2.10"), family="program")
    assert two.message().startswith('"2.1" dapat dibaca sebagai 2.01 atau 2.10;'), two.message()


def test_labels_and_messages_in_another_language_than_english_are_in_bahasa_indonesia():
    assert (kind_label("sub_kegiatan"), kind_label("sub_kegiatan", "en")) == ("kode sub kegiatan", "sub kegiatan code")
    assert kind_label("sub_kegiatan", "de") == "kode sub kegiatan" and kind_label("kas") == "kas"
    error = KodeError("invalid", "2.130", kind="program")
    assert error.message("de") == error.message("id") != error.message("en")


def test_only_an_invalid_code_is_shown_a_correct_example():
    assert KodeError("invalid", "2.130", family="program").message().endswith("Contoh bentuk yang benar: 2.13.02.2.01.0001.")
    for reason, value in (("too_long", "1" * 300), ("empty", ""), ("ambiguous", "2.1")):
        error = KodeError(reason, value, candidates=("2.01", "2.10") if reason == "ambiguous" else (), kind="program")
        assert "Contoh" not in error.message() and "example" not in error.message("en"), error.message()


@pytest.mark.parametrize("reason", ["empty", "invalid", "ambiguous", "too_long"])
def test_every_reason_has_distinct_messages_in_both_languages(reason):
    value = {"empty": "", "invalid": "2.130", "ambiguous": "2.1", "too_long": "1" * 300}[reason]
    with pytest.raises(KodeError) as caught:
        parse(value, "program")
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert caught.value.reason == reason
    assert indonesian and english and indonesian != english


def test_kode_error_survives_pickling():
    with pytest.raises(KodeError) as caught:
        parse("2.1", "program")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.reason, copy.value, copy.candidates, copy.message("en")) == (
        "ambiguous", "2.1", ("2.01", "2.10"), caught.value.message("en"))


def test_unknown_family_or_kind_is_a_programming_error_not_a_kode_error():
    with pytest.raises(ValueError) as caught:
        parse("2.13", "rekening")
    assert not isinstance(caught.value, KodeError)
    with pytest.raises(ValueError):
        parse("2.13", "akun", kind="bidang")
    with pytest.raises(ValueError):
        parse("2.13", kind="subkegiatan")


def test_kind_narrows_what_a_value_may_be():
    assert parse("5", kind="akun").family == "akun"
    assert parse("2", kind="urusan").family == "program"
    assert parse("5.1.02", kind="jenis").text == "5.1.02"
    assert parse("5.1.2", kind="program").text == "5.01.02"
    assert parse("5.1.2", kind="jenis").text == "5.1.02"
    for text, kind in (("2.13.02.2.01", "bidang"), ("2.13.02", "bidang"), ("5.1.02", "akun")):
        with pytest.raises(KodeError):  # a canonical code of another kind, whichever way the kinds sort
            parse(text, kind=kind)


def test_x_goes_with_xx_in_a_bidang_too():
    for text in ("X.13", "2.XX", "X.13.02"):
        with pytest.raises(KodeError):
            parse(text, "program")
    assert parse("X.XX", "program").text == "X.XX"


def test_an_office_code_written_before_another_code_is_taken_apart():
    assert office_prefix("2.13.0.00.0.00.01.0000_2.13.02.2.01.0001") == ("2.13.0.00.0.00.01.0000", "2.13.02.2.01.0001")
    assert office_prefix("2.13.02.2.01.0001") is None and office_prefix("Penataan Desa") is None


# --- the Kode value ----------------------------------------------------------------------------------

def test_parent_and_ancestors_walk_up_the_tree():
    k = parse("2.13.02.2.01.0001")
    assert k.parent == parse("2.13.02.2.01")
    assert k.parent.parent == parse("2.13.02")                  # a kegiatan's parent is its program
    assert [a.text for a in k.ancestors()] == ["2", "2.13", "2.13.02", "2.13.02.2.01"]
    assert parse("2", "program").parent is None and parse("2", "program").ancestors() == ()
    assert [a.kind for a in parse("64.02.03.2001").ancestors()] == ["provinsi", "kabkota", "kecamatan"]
    assert parse("5.1.02.01.01.024").parent.text == "5.1.02.01.01"
    assert parse("1.03.0.00.0.00.01.0000").parent is None


def test_parent_carries_no_repairs_and_no_name():
    k = parse(" 2.13.2.2.1.1 Nama")
    assert k.repairs and k.name == "Nama"
    assert k.parent == Kode("2.13.02.2.01", "program", "kegiatan", ("2", "13", "02", "2", "01"))


def test_generic_form_of_the_supporting_program():
    assert parse("1.02.01.2.01.01").generic.text == "X.XX.01.2.01.01"
    assert parse("1.02.01").generic.text == "X.XX.01"
    assert parse("1.02.01").generic.kind == "program"
    k = parse("1.02.02.2.01.01")
    assert k.generic is k
    assert parse("X.XX.01.2.01.0001").generic == parse("X.XX.01.2.01.0001")
    assert parse("1.02", "program").generic.text == "1.02"
    assert parse("64.02.01", "wilayah").generic.text == "64.02.01"  # a kecamatan 01 is no supporting program
    assert parse("5.1.01", "akun").generic.text == "5.1.01"


def test_kode_is_immutable_and_hashable():
    k = parse("2.13.02")
    with pytest.raises(AttributeError):
        k.text = "2.13.03"  # type: ignore[misc]
    assert len({k, parse("2.13.02"), parse(" 2.13.02")}) == 2     # repairs are part of the value


# --- compose: codes split over columns ---------------------------------------------------------------

@pytest.mark.parametrize(("parts", "text", "repairs"), [
    ([1.0, 1.0, 2.0, "2.01", 1.0], "1.01.02.2.01.01", ("excel_number",)),
    ([1.0, 1.0, 2.0, "2.01", ""], "1.01.02.2.01", ("excel_number",)),
    ([1.0, 1.0, 2.0, "", ""], "1.01.02", ("excel_number",)),
    ([1.0, 1.0, "", None, ""], "1.01", ("excel_number",)),
    ([1.0, "", "", "", ""], "1", ("excel_number",)),
    ([2.0, 2.13, 2.0, "2.01", 1.0], "2.13.02.2.01.01", ("excel_number",)),
    ([2.0, "2.13", 2.0, "2.01", 1.0], "2.13.02.2.01.01", ("excel_number",)),
    ([2.0, 2.1, 2.0, "2.01", 1.0], "2.10.02.2.01.01", ("excel_number",)),
    ([2.0, 13.0, 2.0, 2.01, 12.0], "2.13.02.2.01.12", ("excel_number",)),
    (["2", "13", "2", "2.01", "1"], "2.13.02.2.01.01", ("padding",)),
    (["2", "13", "02", "2.01", "01"], "2.13.02.2.01.01", ()),
    (["'2", " 13", "02", "2.01", "0001"], "2.13.02.2.01.0001", ("apostrophe", "whitespace")),
    (["x", "xx", 1, "2.01", 1], "X.XX.01.2.01.01", ("uppercase_x", "excel_number")),
    ([2, 13, 2, 2, 1, 1], "2.13.02.2.01.01", ("excel_number",)),
    ([2, 13, 2, 2, 1, 124.0], "2.13.02.2.01.0124", ("excel_number",)),
    ([2, 13, 2, "2", "1", ""], "2.13.02.2.01", ("excel_number", "padding")),
])
def test_compose_program_columns(parts, text, repairs):
    k = compose(parts)
    assert (k.text, k.repairs, k.name) == (text, repairs, None)
    assert parse(k.text, "program") == Kode(k.text, "program", k.kind, k.segments)


def test_compose_sub_digits_decides_the_era_of_a_bare_number():
    assert compose([2, 13, 2, "2.01", 1.0], sub_digits=4).text == "2.13.02.2.01.0001"
    assert compose([2, 13, 2, "2.01", 1.0], sub_digits=4).repairs == ("excel_number",)
    assert compose([2, 13, 2, "2.01", "1"], sub_digits=4).repairs == ("excel_number", "padding")
    assert compose([2, 13, 2, "2.01", 1.0], sub_digits=2).text == "2.13.02.2.01.01"
    assert compose([2, 13, 2, "2.01", ""], sub_digits=4).text == "2.13.02.2.01"
    with pytest.raises(KodeError) as caught:
        compose([2, 13, 2, "2.01", "0001"], sub_digits=2)
    assert caught.value.reason == "invalid"
    with pytest.raises(ValueError):
        compose([2, 13, 2, "2.01", 1.0], sub_digits=3)


@pytest.mark.parametrize(("parts", "reason", "candidates"), [
    (["", "", "", "", ""], "empty", ()),
    ([None] * 6, "empty", ()),
    ([1.0, "", 2.0, "", ""], "invalid", ()),                 # a gap before a filled cell
    ([2.0, "3.13", 2.0, "2.01", 1.0], "invalid", ()),        # bidang must repeat the urusan
    ([1.0, 1.0, 2.0, 2.0, 1.0], "invalid", ()),              # kegiatan column needs level.kegiatan
    ([1.0, 1.0, 2.0, "2.01", 1.5], "invalid", ()),
    ([1.0, 1.0, 2.0, "2.01 Nama", 1.0], "invalid", ()),
    ([2.0, "2.1", 2.0, "2.01", 1.0], "ambiguous", ("2.01.02.2.01.01", "2.10.02.2.01.01")),
    ([2.0, 1.0, 2.0, "2.1", ""], "ambiguous", ("2.01.02.2.01", "2.01.02.2.10")),
    ([2.0, 1.0, 2.0, "2.01", "1" * 201], "too_long", ()),
])
def test_compose_errors(parts, reason, candidates):
    with pytest.raises(KodeError) as caught:
        compose(parts)
    assert (caught.value.reason, caught.value.candidates) == (reason, candidates)


def test_compose_error_shows_the_columns():
    with pytest.raises(KodeError) as caught:
        compose([1.0, "", 2.0, "", ""])
    assert caught.value.value == "1 |  | 2 |  | "


def test_compose_refuses_a_bidang_part_repeating_another_urusan_and_parts_of_no_family():
    for urusan in (1, 3):
        with pytest.raises(KodeError):
            compose([urusan, "2.13", 2, "2.01", 1])
    with pytest.raises(ValueError) as caught:
        compose([], "akun")
    assert not isinstance(caught.value, KodeError)  # a programming error, not a cell's
    with pytest.raises(ValueError) as caught:
        compose(["1", "01", "0", "00", "0", "00", "01", "0000"], "organisasi", sub_digits=4)
    assert not isinstance(caught.value, KodeError)  # organisasi codes have one era: no sub_digits


def test_compose_needs_five_or_six_program_columns():
    with pytest.raises(ValueError):
        compose([1.0, 1.0, 2.0, "2.01"])


def test_compose_other_families_take_one_segment_per_column():
    assert compose([64, 2, 3, 2001], "wilayah").text == "64.02.03.2001"
    assert compose([5, 1, 2, 1, 1, 24], "akun", sub_digits=4).text == "5.1.02.01.01.0024"
    assert compose(["5", "1", "02", "", "", ""], "akun").text == "5.1.02"
    with pytest.raises(KodeError) as caught:
        compose([5, 1, 2, 1, 1, 24], "akun")
    assert caught.value.candidates == ("5.1.02.01.01.024", "5.1.02.01.01.0024")


# --- real files and reference tables (skipped where ../shared is absent) -----------------------------

def test_morowali_rkpd_2021_codes_compose_to_fy2021_codes(reference: Path):
    """The real .xls: urusan, bidang, program as numbers, kegiatan "2.01" text, sub kegiatan a number."""
    calamine = pytest.importorskip("python_calamine")
    sheet = calamine.CalamineWorkbook.from_path(
        str(reference / "samples-real" / "morowali_rkpd_perubahan_2021.xls")).get_sheet_by_name("Sheet1")
    with open(reference / "nomenklatur" / "fy2021_kabkota_kepmendagri_050-3708-2020.csv", newline="") as fh:
        official = {parse(row["code"], "program").generic.text for row in csv.DictReader(fh)}
    kinds: dict[str, int] = {}
    for row in sheet.to_python()[6:]:
        if not isinstance(row[0], float):
            continue                                     # blank spacer rows and the TOTAL row
        k = compose(row[:5])
        kinds[k.kind] = kinds.get(k.kind, 0) + 1
        if k.kind != "urusan":
            assert k.generic.text in official or k.text in official, k.text
    assert kinds["sub_kegiatan"] > 100 and set(kinds) == {"urusan", "bidang", "program", "kegiatan", "sub_kegiatan"}
    assert compose(sheet.to_python()[10][:5]).text == "1.01.02.2.01.01"


LEVEL_WORDS = {"desa_kelurahan": ("desa", "kelurahan")}


@pytest.mark.parametrize(("folder", "family"), [("nomenklatur", "program"), ("akun", "akun"), ("wilayah", "wilayah")])
def test_every_official_code_parses_canonically_with_its_declared_kind(reference: Path, folder, family):
    checked = 0
    for path in sorted((reference / folder).glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                code, level = row.get("code"), row.get("level")
                if not code or level in (None, "fungsi", "subfungsi"):
                    continue
                k = parse(code, family)
                assert (k.text, k.repairs) == (code, ()), path.name
                assert k.kind in LEVEL_WORDS.get(level, (level,)), (path.name, code, level)
                if row.get("kode_asli"):                 # SIPD's unpadded original, e.g. 4.1.1.01.01.0001
                    assert parse(row["kode_asli"], family).text == code
                checked += 1
    assert checked > 1000


def test_pasangkayu_2024_codes_are_era_4(reference: Path):
    calamine = pytest.importorskip("python_calamine")
    book = calamine.CalamineWorkbook.from_path(
        str(reference / "samples-real" / "pasangkayu_format_subkegiatan_renja_dpa_2024.xlsx"))
    rows = book.get_sheet_by_index(0).to_python()[1:]
    codes = [parse(r[0], "program") for r in rows if isinstance(r[0], str) and r[0][:1].isdigit()]
    assert codes and {(k.kind, k.era) for k in codes} == {("sub_kegiatan", "4")}


@pytest.mark.parametrize(("text", "narrow"), [
    ("5.1.02.01.001.00024", "5.1.02.01.01.0024"), ("5.1.02.01.001", "5.1.02.01.01"),
    ("5.1.02.01.01.0024", "5.1.02.01.01.0024"), ("5.1.02", "5.1.02"), ("5.1.02.01.01.024", "5.1.02.01.01.024"),
    ("5.1.02.01.100.00001", None), ("5.1.02.01.001.10001", None),
])
def test_2026_shape_accounts_narrow_to_their_4_digit_form(text, narrow):
    assert akun_4digit(parse(text, "akun")) == narrow


@pytest.mark.parametrize("text", ["5.1.02.01.001.0024", "5.1.02.01.01.00024", "5.1.02.01.0001"])
def test_the_2026_shape_widens_both_segments_or_neither(text):
    with pytest.raises(KodeError):
        parse(text, "akun")


def test_every_observed_2026_account_narrows_as_the_reference_says(reference: Path):
    """The README's digit rule, on every observed 2026-shape account with a 4-digit form."""
    path = reference / "akun" / "bentuk-2026" / "akun_2026_observed_sipdri_with_4digit_crosswalk.csv"
    checked = 0
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            k = parse(row["code"], "akun")
            assert (k.text, k.repairs) == (row["code"], ())
            if row["code_4digit"]:
                assert akun_4digit(k) == row["code_4digit"], row["code"]
                checked += 1
    assert checked > 250
