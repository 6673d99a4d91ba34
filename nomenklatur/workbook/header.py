"""Finding a sheet's header (1-3 rows, maybe merged) and which column holds which field.

Every run of 1-3 consecutive rows among the first `max_scan` rows is tried as the header; each
column's label (its header texts joined over those rows, merged cells spread over their span) is
matched against the aliases of rules/headers.yaml (exact, then per header row, then "contains"),
then a few rules read the data under the header (see the comments of rules/headers.yaml). The
candidate that maps the most fields wins; ties go to fewer header rows, then the earlier one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, Sequence


from ..resources import load_yaml, rules_dir

FIELDS = (
    "kode", "kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub_kegiatan", "nama",
    "pagu", "lokasi", "kode_wilayah", "sumber_dana", "kode_sumber_dana", "opd", "kode_opd", "indikator",
    "target", "satuan", "kode_akun", "uraian_akun", "keterangan",
)
LEVEL_FIELDS = ("kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub_kegiatan")
CODE_FIELDS = ("kode", *LEVEL_FIELDS, "kode_akun", "kode_opd", "kode_wilayah", "kode_sumber_dana")
_NAME_TO_CODE = {"sumber_dana": "kode_sumber_dana", "opd": "kode_opd", "lokasi": "kode_wilayah"}
_LATER = ("menjadi", "sesudah", "setelah", "perubahan")  # "Pagu / Menjadi" beats "Pagu / Semula"
_EARLIER = ("semula", "sebelum", "murni")

Row = tuple[int, tuple]
Merged = tuple[int, int, int, int]


@dataclass
class Layout:
    """Where the header is and which 1-based columns hold which field."""

    header_rows: tuple[int, ...]
    columns: dict[str, tuple[int, ...]]
    labels: dict[int, str]
    data_start: int
    title: list[str] = field(default_factory=list)


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


# -- what the data under a column looks like ------------------------------------------------------

_CODE_PART = re.compile(r"[0-9Xx]{1,4}(\.[0-9Xx]{1,4})*")
_DOTTED = re.compile(r"\d+(\.\d+){2,}")
_WITH_UNIT = re.compile(r"[-+]?\d[\d.,]*\s*(%|[^\W\d_].*)", re.DOTALL)


def _code_like(value: object) -> bool:
    if value.__class__ is int:
        return 0 <= value < 10000
    if value.__class__ is float:
        return 0 <= value < 100 and round(value, 2) == value
    return value.__class__ is str and _CODE_PART.fullmatch(value.strip()) is not None


def _dotted(value: object) -> bool:
    return isinstance(value, str) and _DOTTED.fullmatch(value.strip()) is not None


def _with_unit(value: object) -> bool:
    return isinstance(value, str) and _WITH_UNIT.fullmatch(value.replace("\xa0", " ").strip()) is not None


def _texty(value: object) -> bool:
    return isinstance(value, str) and not _code_like(value) and any(ch.isalpha() for ch in value)


def _share(values: list[object], test) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


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
            if best is not None and (width, -height, -start) <= best[0]:
                continue  # even every column mapped would not win
            fetched = merged() if fetched is None else fetched
            best = _better(best, _layout(rows, start, height, matcher, fetched), height, start)
    return best[1] if best else None


def _better(best: tuple[tuple, Layout] | None, layout: Layout | None, height: int,
            start: int) -> tuple[tuple, Layout] | None:
    """The better of the best so far and a candidate: more fields, then fewer header rows, then later."""
    if layout is None:
        return best
    key = (len(layout.columns), -height, -start)
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
    return (fields + 1, -height, -start) > best[0]  # the key `_better` ranks layouts by


def _gaps(rows: Sequence[Row], start: int, height: int) -> bool:
    """Whether a merged range could add labels to this block: it has text in two or more columns (merges
    only copy texts) and a row with an empty cell within the table's width."""
    block = rows[start:start + height]
    width = max((len(values) for _, values in rows[: start + height + 30]), default=0)
    filled = [{c for c, v in enumerate(values) if v is not None and str(v).strip()} for _, values in block]
    return len(set().union(*filled)) > 1 and any(len(cols) < width for cols in filled)


def _may_start(values: tuple, matcher: _Matcher) -> bool:
    texts = [v for v in values if isinstance(v, str) and v.strip()]
    others = sum(1 for v in values if v is not None and not isinstance(v, str))
    return len(texts) > others and any(matcher.match((normalize(t),)) for t in texts)


def _may_continue(values: tuple) -> bool:
    """A 2nd/3rd header row holds text (and maybe years), never amounts or dates."""
    filled = [v for v in values if v is not None]
    return bool(filled) and any(isinstance(v, str) for v in filled) and all(
        isinstance(v, str) or (v.__class__ is int and 1900 <= v <= 2100) for v in filled)


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
    columns = _assign(labels, matcher, data)
    if len(columns) < 2:
        return None
    title = [str(v).strip() for _, values in rows[:start] for v in values if v is not None and str(v).strip()]
    return Layout(header_rows=tuple(numbers), columns=columns,
                  labels={c: " / ".join(p) for c, p in labels.items()}, data_start=data_start, title=title)


def _data_rows(rows: Sequence[Row], first: int, sample: int = 30) -> list[Row]:
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


def _column(data: list[Row], col: int) -> list[object]:
    return [values[col - 1] for _, values in data if len(values) >= col and values[col - 1] is not None]


def _assign(labels: dict[int, tuple[str, ...]], matcher: _Matcher, data: list[Row]) -> dict[str, tuple[int, ...]]:
    """Field -> columns: the best-matching column per field, then the data-driven rules."""
    found: dict[int, tuple[str, float, float]] = {}
    for col, parts in labels.items():
        hit = matcher.match(tuple(normalize(p) for p in parts)) if parts else None
        if hit:
            found[col] = hit
    columns: dict[str, tuple[int, ...]] = {}
    for name in dict.fromkeys(hit[0] for hit in found.values()):
        candidates = sorted((c for c in found if found[c][0] == name), key=lambda c: (-found[c][1], -found[c][2], c))
        chosen = [candidates[0]]
        if name in CODE_FIELDS:  # one header merged over several columns: a code split over them
            while chosen[-1] + 1 in found and found[chosen[-1] + 1][0] == name \
                    and labels[chosen[-1] + 1] == labels[chosen[0]]:
                chosen.append(chosen[-1] + 1)
        columns[name] = tuple(chosen)
    _split_code_by_blank_headers(columns, labels, data)
    _bare_level_word_over_text_is_name(columns, labels, data)
    _lone_level_code_is_full_code(columns, data)
    _names_holding_codes(columns, data)
    _uraian_beside_account(columns)
    _target_by_values(columns, labels, data)
    return dict(sorted(columns.items(), key=lambda item: item[1]))


def _split_code_by_blank_headers(columns: dict, labels: dict, data: list[Row]) -> None:
    """"Kode" over blank header cells whose columns hold code parts: the code is split over them."""
    for name in CODE_FIELDS:
        if name not in columns:
            continue
        chosen = list(columns[name])
        used = {c for cols in columns.values() for c in cols}
        while True:
            nxt = chosen[-1] + 1
            values = _column(data, nxt)
            if nxt in used or labels.get(nxt) or not values or _share(values, _code_like) < 0.8:
                break
            chosen.append(nxt)
        columns[name] = tuple(chosen)


def _lone_level_code_is_full_code(columns: dict, data: list[Row]) -> None:
    """"Kode Sub Kegiatan" as the only code column holds the full code (1.03.01.2.01.0001)."""
    levels = [name for name in LEVEL_FIELDS if name in columns]
    if "kode" in columns or len(levels) != 1 or len(columns[levels[0]]) != 1:
        return
    values = _column(data, columns[levels[0]][0])
    if not values or _share(values, lambda v: isinstance(v, str) and "." in v) >= 0.5:
        columns["kode"] = columns.pop(levels[0])


def _bare_level_word_over_text_is_name(columns: dict, labels: dict, data: list[Row]) -> None:
    """A "Program" / "Sub Kegiatan" column without the word "kode" over text is the name column."""
    for name in LEVEL_FIELDS:
        if name not in columns or len(columns[name]) != 1:
            continue
        col = columns[name][0]
        words = " ".join(normalize(p) for p in labels.get(col, ())).split()
        if "kode" in words or "kd" in words:
            continue
        if _share(_column(data, col), _texty) >= 0.5:
            del columns[name]
            columns.setdefault("nama", (col,))


def _names_holding_codes(columns: dict, data: list[Row]) -> None:
    """"Sumber Dana" over 1.2.1.01.02 is the source-of-funds code (likewise OPD, lokasi)."""
    for name, code in _NAME_TO_CODE.items():
        if name in columns and code not in columns and len(columns[name]) == 1:
            values = _column(data, columns[name][0])
            if values and _share(values, _dotted) >= 0.8:
                columns[code] = columns.pop(name)


def _uraian_beside_account(columns: dict) -> None:
    """In a sheet coded by account only (rincian belanja), the name column describes the account."""
    programme = any(name in columns for name in ("kode", *LEVEL_FIELDS))
    if "kode_akun" in columns and not programme and "nama" in columns and "uraian_akun" not in columns:
        columns["uraian_akun"] = columns.pop("nama")


def _target_by_values(columns: dict, labels: dict, data: list[Row]) -> None:
    """An unmapped column of "100 %", "0.02 unit" values, right of the indicator, is the target."""
    if "indikator" not in columns or "target" in columns:
        return
    used = {c for cols in columns.values() for c in cols}
    for col in sorted(labels):
        if col in used or col < columns["indikator"][0]:
            continue
        values = [v for v in _column(data, col)]
        if len(values) >= 2 and _share(values, _with_unit) >= 0.6:
            columns["target"] = (col,)
            return
