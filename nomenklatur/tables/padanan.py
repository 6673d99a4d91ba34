"""What stands for a code in another version of the list (its padanan): the crosswalks followed both ways,
an older code to its successors and a newer code back to its predecessors."""

from __future__ import annotations

from nomenklatur.tables.catalog import Catalog
from nomenklatur.tables.table import Table, generic_code


def counterparts(catalog: Catalog, code: str, pemda: str, target: Table) -> tuple[tuple[str, ...], bool]:
    """The codes of `target` that stand for `code` (at most 3 crosswalk steps, both ways), and whether a
    crosswalk says the code was removed. An OPD's instance of the supporting program (`2.13.01…`) follows
    its generic `X.XX.01…` links too, and gets its own bidang back."""
    generic = generic_code(code)
    if generic is None:
        return _linked(catalog, code, pemda, target)
    bidang = ".".join(code.split(".")[:2])
    via_generic, removed_generic = _linked(catalog, generic, pemda, target)
    own, removed = _linked(catalog, code, pemda, target)
    codes = tuple(dict.fromkeys(c.replace("X.XX", bidang, 1) if c.startswith("X.XX") else c
                                for c in via_generic + own))
    return codes, removed or removed_generic


def _linked(catalog: Catalog, code: str, pemda: str, target: Table) -> tuple[tuple[str, ...], bool]:
    crosswalks = [catalog.crosswalk(name) for name in catalog.names("crosswalk")]
    frontier, seen, found, removed = {code}, {code}, [], False
    for _ in range(3):
        step = set()
        for crosswalk in crosswalks:
            for c in frontier:
                for level in (pemda, ""):
                    for link in crosswalk.links(c, level):
                        if not link.to_code:
                            removed = removed or (c == code and link.relation == "removed")
                        elif link.to_code not in seen:
                            seen.add(link.to_code)
                            step.add(link.to_code)
                    for link in crosswalk.back(c, level):
                        if link.from_code not in seen:
                            seen.add(link.from_code)
                            step.add(link.from_code)
        found.extend(c for c in sorted(step) if target.find(c, pemda) is not None)
        if found or not step:
            break
        frontier = step
    return tuple(found), removed
