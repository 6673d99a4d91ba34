"""Text helpers shared by tables, lookup and checks: comparing official names."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


KEYS_KEPT = 20_000  # names whose keys are kept (a check keys the same row and official names again and again)
_KEYS: dict[str, str] = {}


def name_key(name: str) -> str:
    """The key two names are compared by: case, spacing and punctuation ignored.

    >>> name_key("Penyusunan  Dokumen-Perencanaan **)") == name_key("penyusunan dokumen perencanaan")
    True
    """
    key = _KEYS.get(name)
    if key is None:
        if len(_KEYS) >= KEYS_KEPT:
            _KEYS.clear()
        text = name.lower() if name.isascii() else unicodedata.normalize("NFKC", name).casefold()  # same for ASCII
        key = _KEYS[name] = _NON_ALNUM.sub("", text)
    return key


def clean_name(name: str) -> str:
    """A name as it is shown: NFKC, inner runs of white space folded to one space, stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip()


def search_text(name: str) -> str:
    """A name prepared for fuzzy search: lower case, punctuation as spaces."""
    text = name.lower() if name.isascii() else unicodedata.normalize("NFKC", name).casefold()
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", text)).strip()
