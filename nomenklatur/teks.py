"""Text helpers shared by tables, lookup and checks: comparing official names."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The key two names are compared by: case, spacing and punctuation ignored.

    >>> name_key("Penyusunan  Dokumen-Perencanaan **)") == name_key("penyusunan dokumen perencanaan")
    True
    """
    text = name.lower() if name.isascii() else unicodedata.normalize("NFKC", name).casefold()  # same for ASCII
    return _NON_ALNUM.sub("", text)


def clean_name(name: str) -> str:
    """A name as it is shown: NFKC, inner runs of white space folded to one space, stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip()


def search_text(name: str) -> str:
    """A name prepared for fuzzy search: lower case, punctuation as spaces."""
    text = name.lower() if name.isascii() else unicodedata.normalize("NFKC", name).casefold()
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", text)).strip()
