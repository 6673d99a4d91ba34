"""Finding a sheet's header (1-3 rows, maybe merged) and which column holds which field.

Every run of 1-3 consecutive rows among the first `max_scan` rows is tried as the header (a row with a
single filled cell is a title, never the first row of a header); each column's label (its header texts
joined over those rows, merged cells spread over their span) is matched against the aliases of
rules/headers.yaml (exact, then per header row, then "contains"); then the values under the header decide
what each column holds (`kolom.py`). The candidate that maps the most fields wins; ties go to fewer header
rows, then the earlier one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, Sequence


from ..resources import load_yaml, rules_dir
from .kolom import Typing, classify, type_columns

FIELDS = (
    "kode", "kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub_kegiatan", "nama",
    "nama_urusan", "nama_bidang", "nama_program", "nama_kegiatan", "nama_sub_kegiatan",
    "pagu", "lokasi", "kode_wilayah", "sumber_dana", "kode_sumber_dana", "opd", "kode_opd", "sub_unit",
    "kode_sub_unit", "indikator", "target", "satuan", "kode_akun", "uraian_akun", "keterangan",
)
LEVEL_FIELDS = ("kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub_kegiatan")
CODE_FIELDS = ("kode", *LEVEL_FIELDS, "kode_akun", "kode_opd", "kode_wilayah", "kode_sumber_dana")
_DATA = ("program", "akun", "organisasi", "wilayah", "amount")  # what a header row never holds
_CODES = ("program", "shallow", "part", "akun", "organisasi", "unread")  # what a code column's first row holds
_LATER = ("menjadi", "sesudah", "setelah", "perubahan", "total")  # "Pagu / Menjadi" beats "Pagu / Semula"
_EARLIER = ("semula", "sebelum", "murni")

Row = tuple[int, tuple]
Merged = tuple[int, int, int, int]


@dataclass
class Layout:
    """Where the header is, which 1-based columns hold which field, and how a row's program code is read
    (`notation`: full, cascade, split, akun or none; see `kolom.Typing`)."""

    header_rows: tuple[int, ...]
    columns: dict[str, tuple[int, ...]]
    labels: dict[int, str]
    data_start: int
    title: list[str] = field(default_factory=list)
    notation: str = "full"
    cascade: tuple[int, ...] = ()
    names: dict[int, int] = field(default_factory=dict)
    akun_lines: bool = False
    akun_tree: bool = False
    unread: dict[int, str] = field(default_factory=dict)
    examples: dict[int, str] = field(default_factory=dict)
    fit: int = field(default=0, compare=False)  # 1 when the first row under the header holds a code


def load_aliases(path: str | Path | None = None) -> dict[str, list[str]]:
    """Field -> header aliases, from rules/headers.yaml (or `path`)."""
    source = Path(path) if path is not None else rules_dir() / "headers.yaml"
    with open(source, encoding="utf-8") as handle:
        data = load_yaml(handle)
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(a, str) for a in v)
            for k, v in data.items()):
        raise ValueError(f"{source}: expected a mapping of field name to a list of header texts")
    return {key: list(value) for key, value in data.items()}


# -- text matching --------------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")


def normalize(text: object) -> str:
    """Header text for matching: case folded, punctuation removed, spaces collapsed."""
    value = str(text).casefold().replace("&", " dan ")
    return _SPACE.sub(" ", _PUNCT.sub(" ", value)).strip()


class _Matcher:
    """Aliases compiled for lookup; `match(label)` gives (field, score, tie-break) or None."""

    def __init__(self, aliases: Mapping[str, Sequence[str]]) -> None:
        self.exact: dict[str, str] = {}
        self.patterns: list[tuple[re.Pattern[str], str]] = []
        owners: dict[str, str] = {}  # alias that may stand inside a label -> its field (the first listed)
        for name, texts in aliases.items():
            for text in texts:
                if text.startswith("re:"):
                    self.patterns.append((re.compile(text[3:]), name))
                    continue
                exact_only = text.startswith("=")
                key = normalize(text[1:] if exact_only else text)
                self.exact.setdefault(key, name)
                if not exact_only and (" " in key or len(key) >= 8):
                    owners.setdefault(key, name)
        # by first word, the longest first: a label's leftmost contained alias, and of those the longest
        self._by_first: dict[str, list[tuple[list[str], str]]] = {}
        for key, name in sorted(owners.items(), key=lambda item: -item[0].count(" ")):
            words = key.split(" ")
            self._by_first.setdefault(words[0], []).append((words, name))
        self._cache: dict[tuple[str, ...], tuple[str, float, float] | None] = {}

    def _whole(self, text: str) -> str | None:
        found = self.exact.get(text)
        if found is None:
            found = next((name for pattern, name in self.patterns if pattern.fullmatch(text)), None)
        return found

    def _contained(self, text: str) -> str | None:
        """The field of the alias found first (leftmost, then longest) among a label's words."""
        words = text.split(" ")
        for i, word in enumerate(words):
            for key, name in self._by_first.get(word, ()):
                if words[i:i + len(key)] == key:
                    return name
        return None

    def match(self, parts: tuple[str, ...]) -> tuple[str, float, float] | None:
        """Best field for a label given as its normalized parts (one per header row)."""
        if parts in self._cache:
            return self._cache[parts]
        full = " ".join(parts)
        result = None
        found = self._whole(full)
        if found:
            result = (found, 3.0, 0.0)
        else:
            for part in reversed(parts):
                found = self._whole(part)
                if found:
                    result = (found, 2.0, 0.0)
                    break
        if result is None:
            found = self._contained(full)
            if found is not None:
                result = (found, 1.0, 0.0)
        if result is not None:
            words = full.split()
            bonus = 0.5 if any(w in words for w in _LATER) else -0.5 if any(w in words for w in _EARLIER) else 0.0
            result = (result[0], result[1], bonus)
        if len(self._cache) >= 10_000:  # shared by every file of a run: keep it bounded
            self._cache.clear()
        self._cache[parts] = result
        return result


@lru_cache(maxsize=8)
def _matcher(aliases: tuple[tuple[str, tuple[str, ...]], ...]) -> _Matcher:
    """One matcher (and its cache of labels seen) per alias list, shared by every sheet and file."""
    return _Matcher(dict(aliases))


# -- header detection -----------------------------------------------------------------------------


def detect_layout(rows: Sequence[Row], aliases: Mapping[str, Sequence[str]],
                  merged: Sequence[Merged] | Callable[[], Sequence[Merged]] = (), max_scan: int = 40) -> Layout | None:
    """The header and field columns of a sheet from its first rows, or None when no header maps
    at least two fields. Pass the first `max_scan` rows plus some data rows (~30) after them.

    `merged` may be a function, called only when a header candidate with empty cells could still beat
    the best layout found without merges (an xlsx sheet's merges are at the end of its XML: finding
    them means reading the whole sheet once more)."""
    matcher = _matcher(tuple((name, tuple(texts)) for name, texts in aliases.items()))
    scan = list(rows[:max_scan])
    best: tuple[tuple, Layout] | None = None
    deferred: list[tuple[int, int]] = []  # candidates a merged range could change
    for start in range(len(scan)):
        if not _may_start(scan[start][1], matcher):
            continue
        for height in (1, 2, 3):
            block = scan[start:start + height]
            if len(block) < height or any(b[0] - a[0] > 2 for a, b in zip(block, block[1:])):
                break
            if height > 1 and not _may_continue(block[-1][1]):
                break
            if callable(merged) and _gaps(rows, start, height):
                deferred.append((start, height))
                continue
            if (callable(merged) or not merged) and not _may_beat(best, rows, start, height, matcher):
                continue
            best = _better(best, _layout(rows, start, height, matcher, () if callable(merged) else merged),
                           height, start)
    if deferred and callable(merged):
        fetched: Sequence[Merged] | None = None
        for start, height in deferred:
            width = max((len(values) for _, values in rows[: start + height + 30]), default=0)
            if best is not None and (width, 1, -height, -start) <= best[0]:
                continue  # even every column mapped would not win
            fetched = merged() if fetched is None else fetched
            best = _better(best, _layout(rows, start, height, matcher, fetched), height, start)
    return best[1] if best else None


def _better(best: tuple[tuple, Layout] | None, layout: Layout | None, height: int,
            start: int) -> tuple[tuple, Layout] | None:
    """The better of the best so far and a candidate: more fields, then fewer header rows, then later."""
    if layout is None:
        return best
    key = (len(layout.columns), layout.fit, -height, -start)
    return (key, layout) if best is None or key > best[0] else best


def _may_beat(best: tuple[tuple, Layout] | None, rows: Sequence[Row], start: int, height: int,
              matcher: _Matcher) -> bool:
    """Whether a block without merged cells could beat the best layout so far. It maps at most one field per
    column whose label matches (for a one-row block: per cell that matches; a taller one may join its
    rows' texts, so every filled column counts), plus the target found by its values. Most data rows of
    the scan end here instead of being laid out in full."""
    if best is None:
        return True
    block = rows[start:start + height]
    if height == 1:
        texts = (str(v).strip() for v in block[0][1] if v is not None)
        fields = sum(1 for text in texts if text and matcher.match((normalize(text),)))
    else:
        fields = len({c for _, values in block for c, v in enumerate(values)
                      if v is not None and (v.__class__ is not str or v.strip())})
    return (fields + 1, 1, -height, -start) > best[0]  # the key `_better` ranks layouts by


def _gaps(rows: Sequence[Row], start: int, height: int) -> bool:
    """Whether a merged range could add labels to this block: it has text in two or more columns (merges
    only copy texts) and a row with an empty cell within the table's width."""
    block = rows[start:start + height]
    width = max((len(values) for _, values in rows[: start + height + 30]), default=0)
    filled = [{c for c, v in enumerate(values) if v is not None and str(v).strip()} for _, values in block]
    return len(set().union(*filled)) > 1 and any(len(cols) < width for cols in filled)


def _may_start(values: tuple, matcher: _Matcher) -> bool:
    """A header's first row: more texts than other values, two cells at least (a lone text is a title: "RENCANA
    KERJA PERANGKAT DAERAH ..." must not label every column it is merged over), one of them a known label."""
    texts = [v for v in values if isinstance(v, str) and v.strip()]
    others = sum(1 for v in values if v is not None and not isinstance(v, str))
    return len(texts) >= 2 and len(texts) > others and any(matcher.match((normalize(t),)) for t in texts)


def _may_continue(values: tuple) -> bool:
    """A 2nd/3rd header row holds text (and maybe years), never amounts, dates or codes."""
    filled = [v for v in values if v is not None]
    if not filled or not any(isinstance(v, str) for v in filled):
        return False
    return all(classify(v)[0] not in _DATA if isinstance(v, str) else v.__class__ is int and 1900 <= v <= 2100
               for v in filled)


def _layout(rows: Sequence[Row], start: int, height: int, matcher: _Matcher,
            merged: Sequence[Merged]) -> Layout | None:
    block = rows[start:start + height]
    numbers = [number for number, _ in block]
    grid = {number: {c: str(v).strip() for c, v in enumerate(values, 1) if v is not None and str(v).strip()}
            for number, values in block}
    width = max((len(values) for _, values in rows[: start + height + 30]), default=0)
    for r1, c1, r2, c2 in merged:  # a merged cell's text applies to every cell it covers
        text = grid.get(r1, {}).get(c1)
        if text is None:
            continue
        for number in numbers:
            if r1 <= number <= r2:
                for col in range(c1, min(c2, width) + 1):
                    grid[number].setdefault(col, text)
    labels: dict[int, tuple[str, ...]] = {}
    for col in sorted({c for cells in grid.values() for c in cells}):
        parts: list[str] = []
        for number in numbers:
            text = grid[number].get(col)
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels[col] = tuple(parts)
    data = _data_rows(rows, start + height)
    data_start = data[0][0] if data else numbers[-1] + 1
    typing = _assign(labels, matcher, data)
    if len(typing.columns) < 2:
        return None
    title = [str(v).strip() for _, values in rows[:start] for v in values if v is not None and str(v).strip()]
    code_cols = [c for name in CODE_FIELDS[:7] for c in typing.columns.get(name, ())] + list(typing.cascade)
    first = data[0][1] if data else ()
    fit = int(any(c <= len(first) and classify(first[c - 1])[0] in _CODES for c in code_cols))
    return Layout(header_rows=tuple(numbers), columns=typing.columns,
                  labels={c: " / ".join(p) for c, p in labels.items()}, data_start=data_start, title=title,
                  notation=typing.notation, cascade=typing.cascade, names=typing.names,
                  akun_lines=typing.akun_lines, akun_tree=typing.akun_tree, unread=typing.unread,
                  examples=typing.examples, fit=fit)


def _data_rows(rows: Sequence[Row], first: int, sample: int = 40) -> list[Row]:
    """Rows after the header, without a column-numbering row ("1 2 3 …" or "(1) (2) …")."""
    data = list(rows[first:first + sample + 1])
    if data and _numbering(data[0][1]):
        data = data[1:]
    return data[:sample]


def _numbering(values: tuple) -> bool:
    numbers = []
    for value in values:
        if value is None:
            continue
        text = str(value).strip().strip("()[]")
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return len(numbers) >= 3 and numbers == sorted(set(numbers)) and numbers[0] <= 1


def _assign(labels: dict[int, tuple[str, ...]], matcher: _Matcher, data: list[Row]) -> Typing:
    """Each labelled column's best-matching field, then what the values say (`kolom.type_columns`)."""
    hits: dict[int, tuple[str, float, float]] = {}
    for col, parts in labels.items():
        hit = matcher.match(tuple(normalize(p) for p in parts)) if parts else None
        if hit:
            hits[col] = hit
    return type_columns(labels, hits, data)
