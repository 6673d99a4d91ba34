"""Name comparison keys (teks.py): case, spacing, punctuation and Unicode compatibility forms ignored."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, strategies as st

from nomenklatur.teks import name_key, search_text


def _reference_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name).casefold())


def _reference_search(name: str) -> str:
    text = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", name).casefold())
    return re.sub(r"\s+", " ", text).strip()


@given(st.text(max_size=40) | st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_keys_equal_the_unicode_definition_for_any_text(name: str) -> None:
    """ASCII names take a shorter path; it must give what NFKC + casefold give."""
    assert name_key(name) == _reference_key(name)
    assert search_text(name) == _reference_search(name)


def test_names_that_differ_only_in_form_share_a_key() -> None:
    assert name_key("Penyusunan  Dokumen-Perencanaan **)") == name_key("penyusunan dokumen perencanaan")
    assert name_key("ＰＥＮＡＴＡＡＮ Desa") == name_key("Penataan desa")  # full-width letters
    assert name_key("Straße") == name_key("STRASSE")  # casefold, not lower
    assert name_key("Penataan Desa") != name_key("Pembinaan Desa")


def test_keys_are_kept_for_a_bounded_number_of_names() -> None:
    """A name keyed again is answered from the kept keys; past KEYS_KEPT names they are dropped and made again,
    the same."""
    from nomenklatur import teks

    teks._KEYS.clear()
    first = name_key("Belanja  Alat-Tulis Kantor")
    assert teks._KEYS == {"Belanja  Alat-Tulis Kantor": "belanjaalattuliskantor"}
    assert name_key("Belanja  Alat-Tulis Kantor") is first
    for n in range(teks.KEYS_KEPT + 5):
        assert name_key(f"Nama ke-{n}") == f"namake{n}"
        assert len(teks._KEYS) <= teks.KEYS_KEPT
    assert name_key("Belanja  Alat-Tulis Kantor") == first == _reference_key("Belanja  Alat-Tulis Kantor")
