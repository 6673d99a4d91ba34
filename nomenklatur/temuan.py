"""The findings of one file, held in little memory however many there are (a wrong column copied down a
million rows gives a million findings).

Up to SPILL_AT findings are held as they come (a finding weighs one more for each row it relates to: NK403's
"repeated 200 times" holds 200 places); past that, the held ones are sorted and written (marshalled, or pickled
where a value needs it, in chunks of about CHUNK in weight) to a temporary file as one run, and memory is freed.
Reading gives every finding in the report's order, `sort_key`, exactly as a stable sort of all of them would: each
run is a stretch of the order they came in, sorted stably, and the runs are merged with ties going to the earlier
run (runs that follow one another without overlap, as rows checked in order make them, are read one after another)."""

from __future__ import annotations

import bisect
import heapq
import itertools
import marshal
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

from nomenklatur.findings import Finding, Location, Message, Suggestion, filled, sort_key

Packed = tuple[Any, ...]  # a finding as plain tuples (`packed`): what is held, spilled and read back
SPILL_AT = 20_000  # findings (and the places they relate to) held in memory before they are written out
CHUNK = 500  # findings (and related places) per written chunk: what one run holds in memory while runs are merged


class Temuan:
    """Findings in report order (`sort_key`, stable); a list's `append`, `extend`, `len`, iteration, `[i]`.

    Held and written as plain tuples (`packed`): the checks hand them over as such (`add`), so a finding costs
    no objects until a report reads it."""

    def __init__(self, items: Iterable[Finding] = (), spill_at: int = SPILL_AT) -> None:
        self.spill_at = spill_at
        self._held: list[tuple[Any, ...]] = []  # packed findings
        self._weight = 0  # the held findings and the places they relate to
        self._ordered = True  # the held findings are in sort_key order
        # each written run: where its chunks sit in the spill file (offset, size), its first and last finding's sort key
        self._runs: list[Run] = []
        self._spilled = 0
        self._file: IO[bytes] | None = None
        self.counts: Counter[str] = Counter()  # findings per severity, kept as they come (no reading back)
        self.extend(items)

    def add(self, packed: tuple[Any, ...]) -> None:
        """A finding given as `packed` gives it (what the checks do: no objects made)."""
        self._held.append(packed)
        self._ordered = False
        self.counts[packed[2]] += 1
        self._weight += 1 + len(packed[8])
        if self._weight >= self.spill_at:
            self._spill()

    def append(self, finding: Finding) -> None:
        self.add(packed(finding))

    def extend(self, items: Iterable[Finding]) -> None:
        for finding in items:
            self.add(packed(finding))

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
        return map(unpacked, self.packed())

    def packed(self) -> Iterator[tuple[Any, ...]]:
        """The packed findings in report order."""
        if not self._ordered:
            self._held.sort(key=_packed_key)
            self._ordered = True
        if not self._runs:
            return iter(list(self._held))
        return _ordered(self._file, self._runs, list(self._held))

    def handed(self) -> Tumpahan:
        """All the findings written out, and a picklable reader of them for a process given the spill file's
        descriptor (`Tumpahan.fd`, the same number there): it reads them in the same order as `packed`."""
        if self._held or self._file is None:
            self._spill()
        assert self._file is not None
        return Tumpahan(self._file.fileno(), list(self._runs))

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
        return (_received, (list(self.packed()), self.spill_at))

    def __repr__(self) -> str:
        return f"Temuan({len(self)} findings, {len(self._runs)} written runs)"

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="nomenklatur-temuan-")
        if not self._ordered:
            self._held.sort(key=_packed_key)
        self._file.seek(0, 2)
        offset = self._file.tell()
        chunks: list[tuple[int, int]] = []
        for chunk in self._chunks():
            data = _dumped(chunk)
            self._file.write(data)
            chunks.append((offset, len(data)))
            offset += len(data)
        self._file.flush()
        first, last = (_packed_key(self._held[0]), _packed_key(self._held[-1])) if self._held else ((), ())
        self._runs.append(Run(tuple(chunks), first, last))
        self._spilled += len(self._held)
        self._held = []
        self._weight = 0
        self._ordered = True

    def _chunks(self) -> Iterator[list[tuple[Any, ...]]]:
        """The held findings cut into chunks of about CHUNK in weight; where none relates other places (weight one
        each, as most findings), simply CHUNK at a time."""
        held = self._held
        if self._weight == len(held):
            return (held[i:i + CHUNK] for i in range(0, len(held), CHUNK))
        return by_weight(held, CHUNK)


def by_weight(findings: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    """Packed findings cut into lists of about `size` in weight (one a finding, one more a place it relates)."""
    cut: list[tuple[Any, ...]] = []
    weight = 0
    for t in findings:
        cut.append(t)
        weight += 1 + len(t[8])
        if weight >= size:
            yield cut
            cut, weight = [], 0
    if cut:
        yield cut


@dataclass(frozen=True)
class Run:
    """One sorted stretch of findings in the spill file: its written chunks (offset, size) and its first and last
    finding's sort key."""

    chunks: tuple[tuple[int, int], ...]
    first: tuple[Any, ...]
    last: tuple[Any, ...]


@dataclass(frozen=True)
class Tumpahan:
    """The spilled findings of a collection as another process reads them: the spill file's descriptor and its runs."""

    fd: int
    runs: list[Run]

    def packed(self) -> Iterator[tuple[Any, ...]]:
        return _ordered(self.fd, self.runs, [])


def _ordered(file: IO[bytes] | int | None, runs: list[Run], held: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The packed findings of the written runs and the `held` ones (sorted) in report order: runs that follow one
    another without overlap (rows checked in order make such runs) chained, the rest merged (ties to the earlier
    run)."""
    assert file is not None
    streams = [(_read(file, run.chunks), run.first, run.last) for run in runs if run.chunks]
    if held:
        streams.append((iter((held,)), _packed_key(held[0]), _packed_key(held[-1])))
    chains: list[list[Iterator[list[tuple[Any, ...]]]]] = []
    last_key: tuple[Any, ...] | None = None
    for stream, first, last in streams:
        if chains and last_key is not None and first >= last_key:
            chains[-1].append(stream)
        else:
            chains.append([stream])
        last_key = last
    merged = [itertools.chain(*chain) if len(chain) > 1 else chain[0] for chain in chains]
    if not merged:
        return iter(())
    return itertools.chain.from_iterable(merged[0]) if len(merged) == 1 else _merged(merged)


def _merged(streams: list[Iterator[list[tuple[Any, ...]]]]) -> Iterator[tuple[Any, ...]]:
    """Streams of sorted chunks (each stream sorted throughout) merged as `heapq.merge` would, ties to the
    earlier stream; a stretch of a chunk that comes before every other stream's next finding is passed on
    whole (found by its last finding, else by bisection), so the many findings of long sorted stretches are
    not compared one at a time."""
    heap: list[tuple[tuple[Any, ...], int, list[tuple[Any, ...]], int, Iterator[list[tuple[Any, ...]]]]] = []
    for order, stream in enumerate(streams):
        chunk = next(stream, None)
        if chunk:
            heap.append((_packed_key(chunk[0]), order, chunk, 0, stream))
    heapq.heapify(heap)
    while len(heap) > 1:
        _, order, chunk, pos, stream = heapq.heappop(heap)
        bound, other = heap[0][0], heap[0][1]
        find = bisect.bisect_right if order < other else bisect.bisect_left  # ties: the earlier stream first
        size = len(chunk)
        if find(chunk, bound, size - 1, size, key=_packed_key) == size:
            end = size  # the whole rest of the chunk comes first
        elif find(chunk, bound, pos + 1, pos + 2, key=_packed_key) == pos + 1:
            end = pos + 1  # streams taking turns finding by finding: no bisection
        else:
            end = find(chunk, bound, pos + 2, size - 1, key=_packed_key)
        yield from chunk[pos:end] if end - pos > 1 else (chunk[pos],)
        if end == size:
            chunk = next(stream, None)
            while chunk is not None and not chunk:
                chunk = next(stream, None)
            if chunk is None:
                continue
            end = 0
        heapq.heappush(heap, (_packed_key(chunk[end]), order, chunk, end, stream))
    if heap:
        _, _, chunk, pos, stream = heap[0]
        yield from chunk[pos:]
        yield from itertools.chain.from_iterable(stream)


def _read(file: IO[bytes] | int, chunks: tuple[tuple[int, int], ...]) -> Iterator[list[tuple[Any, ...]]]:
    """One run's packed findings, a chunk at a time, read at their offsets (other runs, and other processes, read
    the same file in between: no shared position is used where the system has pread). Holds `file` while it
    reads: a collection dropped while its findings are read (`for f in Temuan(...)`) keeps its file open."""
    fd = file if isinstance(file, int) else file.fileno()
    for offset, size in chunks:
        yield _loaded(_read_at(fd, offset, size))


def _dumped(chunk: list[tuple[Any, ...]]) -> bytes:
    """A chunk as marshal writes it (about twice as fast as pickle, the spill's main cost), or as pickle does when
    a value is of a type marshal does not know (a date, a Decimal): the first byte says which."""
    try:
        return b"M" + marshal.dumps(chunk)
    except ValueError:
        return b"P" + pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)


def _loaded(data: bytes) -> list[tuple[Any, ...]]:
    body = memoryview(data)[1:]
    return marshal.loads(body) if data[:1] == b"M" else pickle.loads(body)


def _read_at(fd: int, offset: int, size: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows: no pread, and no other process reading the file
    return os.read(fd, size)


def _packed_key(t: tuple[Any, ...]) -> tuple[Any, ...]:
    """`sort_key` of a packed finding."""
    place = t[4]
    return (place[0], place[1] or "", place[3] or 0, place[4] or "", t[0])


def place_of(loc: Location) -> tuple[Any, ...]:
    """A location as a packed finding holds it."""
    return (loc.file, loc.sheet, loc.cell, loc.row, loc.column, loc.header)


def _words(message: Any) -> Any:
    """A message as its template and values (rebuilt as one); a plain dict as it is."""
    return (message.template, message.params) if isinstance(message, Message) else message


def _from_words(words: Any) -> Any:
    return Message(*words) if isinstance(words, tuple) else words


def packed(f: Finding) -> tuple[Any, ...]:
    """A finding as plain tuples: pickled and read back many times faster than the dataclasses themselves."""
    sug = f.suggestion
    return (f.rule, f.category, f.severity, _words(f.message), place_of(f.location), f.value, f.expected,
            None if sug is None else (_words(sug.text), sug.replacement, sug.safe),
            tuple(place_of(r) for r in f.related), f.reference, f.key)


def packed_findings(findings: Iterable[Finding]) -> Iterator[tuple[Any, ...]]:
    """Findings as packed tuples, in their order: a collection's own (no objects made), a list's packed here."""
    return findings.packed() if isinstance(findings, Temuan) else map(packed, findings)


def said(words: Any, lang: str) -> str | None:
    """A packed message's (or suggestion's) text in `lang`, else in Bahasa Indonesia (`Finding.text`)."""
    if isinstance(words, tuple):  # a template and its values: filled here, as Message does, without one
        template, params = words  # `_filled(template, params, lang)` written out: said for every finding
        text = template.get(lang)
        if text is not None and ("{" in text or "}" in text):
            try:
                text = text.format_map(params)
            except KeyError:
                text = None
        return text or _filled(template, params, "id")
    return words.get(lang) or words.get("id")


def said_suggestion(t: tuple[Any, ...], lang: str) -> str | None:
    """A packed finding's suggestion text (`Finding.suggestion_text`), None when it has none."""
    return None if t[7] is None else said(t[7][0], lang)


def _filled(template: Mapping[str, str], params: Mapping[str, Any], lang: str) -> str | None:
    """`Message(template, params).get(lang)`."""
    try:
        return filled(template, params, lang)
    except KeyError:
        return None


def _received(items: list[tuple[Any, ...]], spill_at: int) -> Temuan:
    """A collection sent by another process (Temuan.__reduce__)."""
    held = Temuan(spill_at=spill_at)
    for t in items:
        held.add(t)
    return held


def unpacked(t: tuple[Any, ...]) -> Finding:
    """A packed finding as the Finding it was packed from."""
    rule, category, severity, message, place, value, expected, sug, related, reference, key = t
    return Finding(rule, category, severity, _from_words(message), Location(*place), value, expected,
                   None if sug is None else Suggestion(_from_words(sug[0]), sug[1], sug[2]),
                   tuple(Location(*r) for r in related), reference, key)
