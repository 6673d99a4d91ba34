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
