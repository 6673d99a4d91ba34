"""A long report written by two processes (reports/berdua.py, issue 17): the text is the one this process writes
alone, a helper's failure costs time and never a finding."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

from nomenklatur.findings import Finding, Location, Message, Suggestion, sort_key
from nomenklatur.reports import berdua
from nomenklatur.reports.json_report import entry_text
from nomenklatur.reports.text import finding_lines
from nomenklatur.temuan import Temuan

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

MESSAGE = {"id": "kode {value} di baris {row}", "en": "code {value} on row {row}"}
HELPS = os.name == "posix" and (os.cpu_count() or 1) > 1
needs_posix = pytest.mark.skipif(not HELPS, reason="a helper needs POSIX and a second core")


def _findings(count: int, spill_at: int = 7_000) -> tuple[Temuan, list[Finding]]:
    """`count` findings given out of order (a late one every 500: runs that overlap), some relating many rows."""
    made = []
    for n in range(count):
        row = n + 2 if n % 500 else max(2, n - 700)
        place = Location("usulan.xlsx", "Renja", f"B{row}", row, "B", "Uraian")
        related = tuple(Location("usulan.xlsx", "Renja", f"B{r}", r) for r in range(2, 2 + n % 300)) if n % 97 == 0 else ()
        made.append(Finding("NK202", "name", ("error", "warning")[n % 2], Message(MESSAGE, {"value": n, "row": row}),
                            place, value=f"nama {n} \u00e9", suggestion=Suggestion(Message(MESSAGE, {"value": n, "row": row}),
                                                                               str(n), n % 3 == 0) if n % 4 else None,
                            related=related, reference="fy2024", key=("OPD", str(n))))
    return Temuan(made, spill_at=spill_at), sorted(made, key=sort_key)


@needs_posix
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_long_report_written_by_two_processes_is_the_one_written_alone(lang: str) -> None:
    held, expected = _findings(berdua.HELPER_AT + 4_321)
    lines = functools.partial(finding_lines, lang=lang)
    entries = functools.partial(entry_text, depth="    ", lang=lang)
    assert held.spilled and held.counts["error"] == (len(expected) + 1) // 2
    helper = berdua._Helper.start(held, lines, "\n")
    assert helper is not None and helper.next() is not None  # a helper starts and writes
    helper.close()
    text = "\n".join(berdua.written(held, lines, "\n"))
    listed = ",\n".join(berdua.written(held, entries, ",\n"))
    assert text == "\n".join(map(lines, held.packed()))  # read again, in this process alone
    assert listed == ",\n".join(map(entries, held.packed()))
    assert text.count("\n") >= len(expected) and text.startswith(expected[0].location.short())
    assert json.loads(f"[{listed}]") == [f.to_dict(lang) for f in expected]


@needs_posix
def test_the_helper_writes_every_odd_segment_in_order_and_ends_cleanly() -> None:
    held, _ = _findings(berdua.HELPER_AT + 4_321)
    entries = functools.partial(entry_text, depth="  ", lang="en")
    segments = list(berdua._segments(held.packed()))
    assert len(segments) > 20 and all(len(s) <= berdua.SEGMENT for s in segments)
    assert sum(1 + len(t[8]) for t in segments[0]) >= berdua.SEGMENT  # cut by weight: NK403-like ones weigh more
    helper = berdua._Helper.start(held, entries, ",\n")
    assert helper is not None
    sent = list(iter(helper.next, None))
    assert sent == [",\n".join(map(entries, s)) for s in segments[1::2]]
    assert helper.process.wait(timeout=30) == 0


def _helpers() -> list[int]:
    """This process's helper children still alive (Linux: from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == os.getpid() and \
                    b"help_write" in (stat.parent / "cmdline").read_bytes():
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


@needs_posix
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_report_given_up_half_way_stops_its_helper_and_one_read_to_the_end_leaves_none() -> None:
    held, _ = _findings(berdua.HELPER_AT + 4_321)
    lines = functools.partial(finding_lines, lang="id")
    pieces = berdua.written(held, lines, "\n")
    assert [next(pieces) for _ in range(3)] and _helpers()  # its second segment came from the helper
    pieces.close()
    assert _helpers() == []
    assert sum(1 for _ in berdua.written(held, lines, "\n")) > 20 and _helpers() == []


def test_a_helper_is_used_where_there_is_posix_and_a_second_core() -> None:
    assert berdua._can_help() is HELPS


@needs_posix
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_helper_from_helper_at_findings_on() -> None:
    lines = functools.partial(finding_lines, lang="id")
    for count, helped in ((berdua.HELPER_AT - 1, False), (berdua.HELPER_AT, True)):
        held, _ = _findings(count)
        pieces = berdua.written(held, lines, "\n")
        next(pieces)
        assert bool(_helpers()) is helped, count
        pieces.close()


@needs_posix
@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="Linux pipes")
def test_the_helper_s_pipe_holds_a_segment_ahead() -> None:
    held, _ = _findings(berdua.HELPER_AT + 10)
    helper = berdua._Helper.start(held, functools.partial(finding_lines, lang="id"), "\n")
    assert helper is not None and helper.process.stdout is not None
    assert fcntl.fcntl(helper.process.stdout.fileno(), fcntl.F_GETPIPE_SZ) == berdua.PIPE_BYTES
    helper.close()


@needs_posix
def test_a_folder_named_nomenklatur_where_the_user_works_does_not_stand_in_for_the_helper(tmp_path, monkeypatch) -> None:
    (tmp_path / "nomenklatur").mkdir()
    (tmp_path / "nomenklatur" / "__init__.py").write_text("raise ImportError('not this one')\n")  # an old copy, say
    monkeypatch.chdir(tmp_path)
    held, _ = _findings(berdua.HELPER_AT + 10)
    helper = berdua._Helper.start(held, functools.partial(finding_lines, lang="id"), "\n")
    assert helper is not None and helper.next() is not None
    helper.close()


@needs_posix
def test_a_helper_that_dies_leaves_its_segments_to_this_process() -> None:
    held, _ = _findings(berdua.HELPER_AT + 10)
    lines = functools.partial(finding_lines, lang="id")
    helper = berdua._Helper.start(held, lines, "\n")
    assert helper is not None
    helper.process.kill()
    assert helper.next() is None and helper.process.poll() is not None
    assert berdua._Helper.start(held, lambda t: str(t), "\n") is None  # a writer it cannot be sent: no helper


def test_few_findings_or_a_list_are_written_here_alone() -> None:
    held, expected = _findings(2_500, spill_at=1_000)
    lines = functools.partial(finding_lines, lang="id")
    pieces = list(berdua.written(held, lines, "\n"))
    assert len(pieces) > 2 and "\n".join(pieces) == "\n".join(map(lines, held.packed()))
    assert "\n".join(berdua.written(expected, lines, "\n")) == "\n".join(pieces)  # a plain list, packed here
    assert list(berdua.written([], lines, "\n")) == []


@needs_posix
def test_a_helper_stopped_and_continued_again_and_again_still_sends_whole_segments(monkeypatch) -> None:
    """A job stopped and continued (Ctrl-Z and `fg`, a paused container) interrupts the helper's writes to its pipe,
    which then take only part of a segment; with an unbuffered stdout (PYTHONUNBUFFERED=1, common in containers) the
    rest was lost and the report came out cut and garbled. The helper writes every byte, so the report is the one
    written alone."""
    import signal
    import threading
    import time

    monkeypatch.setenv("PYTHONUNBUFFERED", "1")
    held, _ = _findings(berdua.HELPER_AT + 30_000)
    entries = functools.partial(entry_text, depth="    ", lang="id")
    helper = berdua._Helper.start(held, entries, ",\n")
    assert helper is not None
    done = threading.Event()

    def pester() -> None:
        while not done.is_set():
            try:
                os.kill(helper.process.pid, signal.SIGSTOP)
                time.sleep(0.002)
                os.kill(helper.process.pid, signal.SIGCONT)
            except ProcessLookupError:
                return
            time.sleep(0.002)

    thread = threading.Thread(target=pester, daemon=True)
    thread.start()
    try:
        segments = list(berdua._segments(held.packed()))
        got = []
        for segment in segments[1::2]:
            time.sleep(0.01)  # this process slower than the helper: its pipe fills, its writes wait, are stopped
            got.append(helper.next())
    finally:
        done.set()
        thread.join()
        helper.close(wait=1.0)
    assert got == [",\n".join(map(entries, segment)) for segment in segments[1::2]]


@needs_posix
def test_a_size_the_helper_cannot_have_sent_gives_it_up_without_reading_that_much() -> None:
    """Eight bytes of report text where a segment's size belongs (a stream gone out of step) read as a number near
    2**60: the helper is given up on (this process writes its segments) instead of asking for that much memory."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'lacement\": null' * 99)"],
                               stdout=subprocess.PIPE)
    helper = berdua._Helper(process)
    assert helper.next() is None
    assert process.returncode is not None and process.stdout.closed
