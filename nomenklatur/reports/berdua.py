"""A long report written by two processes: a file's findings are cut into segments of SEGMENT in weight, this process
writes the even ones and a helper process, on the machine's other core, the odd ones, which it sends back in
order through a pipe. The report of a file with a finding on every row costs about half its time so.

The helper is a fresh interpreter (`help_write`), not a fork: it reads the findings
from the spill file (temuan.Tumpahan: the file's descriptor is passed on) and holds little, so the memory the
two use stays that of this process. Whatever goes wrong in the helper (it cannot start, dies, writes nothing),
this process writes the segments itself: the report is the same either way."""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from nomenklatur.findings import Finding
from nomenklatur.reports.pipe import write_all
from nomenklatur.temuan import Temuan, Tumpahan, by_weight, packed_findings

try:
    import fcntl
except ImportError:  # Windows: no helper there anyway
    fcntl = None  # type: ignore[assignment]

SEGMENT = 1_000  # findings a segment, or fewer when they relate many places (a finding weighs 1 + its related)
HELPER_AT = 20_000  # findings of one file from which a helper writes every other segment
PIPE_BYTES = 1 << 20  # the pipe's buffer asked for
MAX_SEGMENT_BYTES = 1 << 30  # a segment's size beyond this is no size the helper sent: it is given up on
Write = Callable[[tuple[Any, ...]], str]
# the helper's program (run with -P: no folder of the user's on the path, where a folder named nomenklatur could
# stand in for this one): this nomenklatur first on the path unless it is there already (an installed one is)
_LAUNCH = ("import sys\nif sys.argv[1] not in sys.path:\n    sys.path.insert(0, sys.argv[1])\n"
           "from nomenklatur.reports.berdua import help_write\nhelp_write()\n")


def written(findings: Iterable[Finding], write: Write, joiner: str) -> Iterator[str]:
    """`joiner.join(map(write, packed))` over the packed findings in report order, a segment at a time (`write` must
    be picklable, e.g. a functools.partial of a module's function)."""
    helper = _Helper.start(findings, write, joiner) if isinstance(findings, Temuan) and \
        len(findings) >= HELPER_AT and _can_help() else None
    finished = False
    try:
        for number, segment in enumerate(_segments(packed_findings(findings))):
            if helper is not None and number % 2:
                text = helper.next()
                if text is not None:
                    yield text
                    continue
                helper = None
            yield joiner.join(map(write, segment))
        finished = True
    finally:  # a report given up half way stops its helper at once
        if helper is not None:
            helper.close(wait=1.0 if finished else 0.0)


def _segments(stream: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    """The packed findings cut where both processes cut them."""
    return by_weight(stream, SEGMENT)


def _can_help() -> bool:
    """A POSIX system (descriptors passed on) with another core, run by a Python that can start itself."""
    return os.name == "posix" and (os.cpu_count() or 1) > 1 and bool(sys.executable) and \
        not getattr(sys, "frozen", False)


class _Helper:
    """The helper process and the pipe its segments come through."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process

    @classmethod
    def start(cls, findings: Temuan, write: Write, joiner: str) -> _Helper | None:
        spilled = findings.handed()
        package = str(Path(__file__).resolve().parents[2])  # this nomenklatur, wherever the helper starts
        try:
            process = subprocess.Popen([sys.executable, "-P", "-c", _LAUNCH, package], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, pass_fds=(spilled.fd,))
            assert process.stdin is not None and process.stdout is not None
            _widened(process.stdout)
            with process.stdin:
                pickle.dump((spilled, write, joiner), process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, pickle.PicklingError, AttributeError, TypeError):
            return None
        return cls(process)

    def next(self) -> str | None:
        """The helper's next segment, or None when it has failed (it is stopped then)."""
        assert self.process.stdout is not None
        size = _exactly(self.process.stdout, 8)
        length = None if size is None else int.from_bytes(size, "little")
        data = _exactly(self.process.stdout, length) if length is not None and length <= MAX_SEGMENT_BYTES else None
        if data is None:
            self.close(wait=1.0)
            return None
        return data.decode("utf-8", "surrogatepass")

    def close(self, wait: float = 0.0) -> None:
        """The helper ended: given `wait` seconds to end by itself (it has written all it had to), then killed."""
        if wait:
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def _widened(pipe: IO[bytes]) -> None:
    """The pipe's buffer made as large as the system allows an unprivileged process (Linux: 1 MB; 64 kB by
    default), so the helper can write a segment ahead without waiting for this process to read it."""
    size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if size is not None:
        try:
            fcntl.fcntl(pipe.fileno(), size, PIPE_BYTES)
        except OSError:
            pass


def _exactly(pipe: IO[bytes], size: int) -> bytes | None:
    data = pipe.read(size)
    return data if len(data) == size else None


def help_write() -> None:
    """The helper: the odd segments of the findings it is given, each as its size (8 bytes) and its UTF-8 text."""
    gc.disable()  # what it makes is freed segment by segment, without cycles: collecting would only cost time
    spilled, write, joiner = pickle.load(sys.stdin.buffer)
    assert isinstance(spilled, Tumpahan)
    out = sys.stdout.fileno()  # `write_all`: with PYTHONUNBUFFERED, sys.stdout.buffer may drop part of a write
    for number, segment in enumerate(_segments(spilled.packed())):
        if number % 2:
            data = joiner.join(map(write, segment)).encode("utf-8", "surrogatepass")
            write_all(out, len(data).to_bytes(8, "little"))
            write_all(out, data)

