"""A long report written by two processes (reports/berdua.py, issue 17): the text is the one this process writes
alone, a helper's failure costs time and never a finding."""

from __future__ import annotations

import functools
import json

import pytest

from nomenklatur.findings import Finding, Location, Message, Suggestion, sort_key
from nomenklatur.reports import berdua
from nomenklatur.reports.json_report import entry_text
from nomenklatur.reports.text import finding_lines
from nomenklatur.temuan import Temuan

MESSAGE = {"id": "kode {value} di baris {row}", "en": "code {value} on row {row}"}
needs_posix = pytest.mark.skipif(not berdua._can_help(), reason="a helper needs POSIX and a second core")


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
