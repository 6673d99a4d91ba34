"""The findings of one file, held in little memory however many there are (a wrong column copied down a
million rows gives a million findings).

Up to SPILL_AT findings are held as they come (a finding weighs one more for each row it relates to: NK403's
"repeated 200 times" holds 200 places); past that, the held ones are sorted and written (pickled, in chunks of
about CHUNK in weight) to a temporary file as one run, and memory is freed. Reading gives every finding in the report's
order, `sort_key`, exactly as a stable sort of all of them would: each run is a stretch of the order they
came in, sorted stably, and the runs are merged with ties going to the earlier run."""

from __future__ import annotations

import heapq
from collections import Counter
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO, Any

from nomenklatur.findings import Finding, Location, Message, Suggestion, sort_key

SPILL_AT = 20_000  # findings (and the places they relate to) held in memory before they are written out
CHUNK = 500  # findings (and related places) per pickled chunk: what one run holds in memory while runs are merged


class Temuan:
    """Findings in report order (`sort_key`, stable); a list's `append`, `extend`, `len`, iteration, `[i]`."""

    def __init__(self, items: Iterable[Finding] = (), spill_at: int = SPILL_AT) -> None:
        self.spill_at = spill_at
        self._held: list[Finding] = []
        self._weight = 0  # the held findings and the places they relate to
        self._ordered = True  # the held findings are in sort_key order
        self._runs: list[tuple[int, int]] = []  # (offset in the spill file, chunks) of each written run
        self._spilled = 0
        self._file: IO[bytes] | None = None
        self.counts: Counter[str] = Counter()  # findings per severity, kept as they come (no reading back)
        self.extend(items)

    def append(self, finding: Finding) -> None:
        self._held.append(finding)
        self._ordered = False
        self.counts[finding.severity] += 1
        self._weight += 1 + len(finding.related)
        if self._weight >= self.spill_at:
            self._spill()

    def extend(self, items: Iterable[Finding]) -> None:
        for finding in items:
            self.append(finding)

    def sort(self, key: Callable[[Finding], Any] = sort_key) -> None:
        """Findings are always read in `sort_key` order; only that order is known."""
        if key is not sort_key:
            raise ValueError("Temuan keeps the report order (sort_key) only")

    def keep(self, wanted: Callable[[Finding], bool]) -> Temuan:
        """The findings `wanted` keeps, as a new collection."""
        return Temuan((f for f in self if wanted(f)), self.spill_at)

    def __len__(self) -> int:
        return self._spilled + len(self._held)

    @property
    def spilled(self) -> int:
        """How many of the findings are in the spill file."""
        return self._spilled

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Finding]:
        if not self._ordered:
            self._held.sort(key=sort_key)
            self._ordered = True
        if not self._runs:
            return iter(list(self._held))
        return heapq.merge(*(self._read(offset, chunks) for offset, chunks in self._runs), list(self._held),
                           key=sort_key)

    def __getitem__(self, index: int) -> Finding:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return next(islice(iter(self), index, None))

    def __eq__(self, other: object) -> bool:
        """Equal to a list or another collection of the same findings in the same order."""
        if isinstance(other, (Temuan, list, tuple)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent to another process (--jobs) as the findings themselves, not the spill file: as plain tuples,
        which pickle and unpickle several times faster than the dataclasses."""
        return (_received, ([_packed(f) for f in self], self.spill_at))

    def __repr__(self) -> str:
        return f"Temuan({len(self)} findings, {len(self._runs)} written runs)"

    def reopen(self) -> None:
        """In a forked child: read the spill file through a handle of its own (a forked one shares its position
        with the parent's, which may be reading it at the same time). Needs /proc (Linux)."""
        if self._file is not None:
            self._file = open(f"/proc/self/fd/{self._file.fileno()}", "rb")  # noqa: SIM115  (the child's, to its end)

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="nomenklatur-temuan-")
        self._held.sort(key=sort_key)
        self._file.seek(0, 2)
        offset, chunks = self._file.tell(), 0
        chunk: list[tuple[Any, ...]] = []
        weight = 0
        for f in self._held:
            chunk.append(_packed(f))
            weight += 1 + len(f.related)
            if weight >= CHUNK:
                pickle.dump(chunk, self._file, protocol=pickle.HIGHEST_PROTOCOL)
                chunks, chunk, weight = chunks + 1, [], 0
        if chunk:
            pickle.dump(chunk, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            chunks += 1
        self._runs.append((offset, chunks))
        self._spilled += len(self._held)
        self._held = []
        self._weight = 0
        self._ordered = True

    def _read(self, offset: int, chunks: int) -> Iterator[Finding]:
        """One run's findings, a chunk at a time (other runs read the same file in between)."""
        handle = self._file
        assert handle is not None
        position = offset
        for _ in range(chunks):
            handle.seek(position)
            chunk = pickle.load(handle)
            position = handle.tell()
            yield from map(_unpacked, chunk)



def _place(loc: Location) -> tuple[Any, ...]:
    return (loc.file, loc.sheet, loc.cell, loc.row, loc.column, loc.header)


def _words(message: Any) -> Any:
    """A message as its template and values (rebuilt as one); a plain dict as it is."""
    return (message.template, message.params) if isinstance(message, Message) else message


def _from_words(words: Any) -> Any:
    return Message(*words) if isinstance(words, tuple) else words


def _packed(f: Finding) -> tuple[Any, ...]:
    """A finding as plain tuples: pickled and read back many times faster than the dataclasses themselves."""
    sug = f.suggestion
    return (f.rule, f.category, f.severity, _words(f.message), _place(f.location), f.value, f.expected,
            None if sug is None else (_words(sug.text), sug.replacement, sug.safe),
            tuple(_place(r) for r in f.related), f.reference, f.key)


def _received(packed: list[tuple[Any, ...]], spill_at: int) -> Temuan:
    """A collection sent by another process (Temuan.__reduce__)."""
    return Temuan(map(_unpacked, packed), spill_at)


def _unpacked(t: tuple[Any, ...]) -> Finding:
    rule, category, severity, message, place, value, expected, sug, related, reference, key = t
    return Finding(rule, category, severity, _from_words(message), Location(*place), value, expected,
                   None if sug is None else Suggestion(_from_words(sug[0]), sug[1], sug[2]),
                   tuple(Location(*r) for r in related), reference, key)
