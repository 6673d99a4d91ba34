"""Which government level and region a file belongs to, read from its title rows ("Kabupaten Paser")."""

from __future__ import annotations

import re
from functools import lru_cache

from nomenklatur.tables import Catalog, Table
from nomenklatur.teks import name_key

_KAB = re.compile(r"\b(kabupaten|kab\.?)\s+([a-z][a-z .'-]+)", re.IGNORECASE)
_KOTA = re.compile(r"\bkota\s+([a-z][a-z .'-]+)", re.IGNORECASE)
_PROV = re.compile(r"\b(provinsi|prov\.?)\s+([a-z][a-z .'-]+)", re.IGNORECASE)
_PREFIX = re.compile(r"^(kab\.?|kabupaten|kota|provinsi|prov\.?)\s+", re.IGNORECASE)


@lru_cache(maxsize=8)
def _names(table: Table, kind: str) -> dict[str, str]:
    """Region name key -> code, for provinsi or kabkota entries (prefixes like 'KAB.' removed)."""
    names: dict[str, str] = {}
    for e in table.entries("", kind):
        kota = "kota " if kind == "kabkota" and e.name.upper().startswith("KOTA") else ""
        names[kota + name_key(_PREFIX.sub("", e.name))] = e.code
    return names


def from_title(lines: list[str], wilayah: Table) -> tuple[str | None, str | None]:
    """(level, region code) named in title rows, or (None, None). Kabupaten/kota wins over provinsi."""
    text = " ".join(lines)
    kab = _names(wilayah, "kabkota")
    for pattern, prefix in ((_KAB, ""), (_KOTA, "kota ")):
        for match in pattern.finditer(text):
            words = match.group(match.lastindex or 1).split()
            for size in range(len(words), 0, -1):  # longest name first: "Kutai Kartanegara Tahun 2021"
                code = kab.get(prefix + name_key(" ".join(words[:size])))
                if code:
                    return "kabkota", code
    provinces = _names(wilayah, "provinsi")
    for match in _PROV.finditer(text):
        words = match.group(2).split()
        for size in range(len(words), 0, -1):
            code = provinces.get(name_key(" ".join(words[:size])))
            if code:
                return "provinsi", code
    return None, None


def from_office_names(names: list[str], wilayah: Table) -> tuple[str | None, str | None]:
    """(level, region) from office names that end with a province's name ("Sekretariat Daerah Aceh", "Dinas
    Pendidikan Jawa Barat"): a provincial document; (None, None) otherwise."""
    provinces = _names(wilayah, "provinsi")
    for text in names:
        words = text.split()
        for size in range(min(3, len(words) - 1), 0, -1):  # never the whole name: "Papua" alone is no office
            code = provinces.get(name_key(" ".join(words[-size:])))
            if code:
                return "provinsi", code
    return None, None


def known(catalog: Catalog, code: str) -> bool:
    """Whether a region list holds `code` as a province or a kabupaten/kota (`64`, `64.02`)."""
    for name in catalog.names("wilayah"):
        entry = catalog.table(name).get(code)
        if entry is not None and entry.kind in ("provinsi", "kabkota"):
            return True
    return False
