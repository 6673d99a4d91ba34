"""Findings held in little memory (issue 17): a file's findings past a bound are written to a temporary file
in sorted runs and read back merged, in exactly the order a stable sort of all of them gives."""

from __future__ import annotations

import heapq
import json
import pickle
import random
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from nomenklatur.findings import Finding, Location, Message, Suggestion, sort_key
from nomenklatur import temuan
from nomenklatur.temuan import SPILL_AT, Temuan

MESSAGE = {"id": "kode {value} di baris {row}", "en": "code {value} on row {row}"}


def _finding(n: int, row: int, sheet: str, rule: str) -> Finding:
    place = Location("usulan.xlsx", sheet, f"A{row}", row, "A", "Kode")
    return Finding(rule, "code", ("error", "warning", "info")[n % 3], Message(MESSAGE, {"value": n, "row": row}),
                   place, value=f"2.13.{n}", expected=None if n % 2 else n,
                   suggestion=Suggestion(Message(MESSAGE, {"value": n, "row": row}), str(n), n % 5 == 0),
                   related=(place,) if n % 4 == 0 else (), reference="fy2021", key=("OPD", str(n)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.sampled_from(["Renja", "DPA"]), st.sampled_from(["NK201", "NK202"])),
                max_size=200), st.integers(1, 30))
def test_read_back_in_the_order_of_a_stable_sort(rows: list[tuple[int, str, str]], spill_at: int) -> None:
    made = [_finding(n, row, sheet, rule) for n, (row, sheet, rule) in enumerate(rows)]
    held = Temuan(made, spill_at=spill_at)
    expected = sorted(made, key=sort_key)  # many ties: their order is the order they came in
    assert [f.to_dict() for f in held] == [f.to_dict() for f in expected]
    assert list(held) == list(held)  # read again, the same
    assert len(held) == len(made) and bool(held) == bool(made)
    assert dict(held.counts) == {s: n for s in ("error", "warning", "info")
                                 if (n := sum(f.severity == s for f in made))}
    if made:
        assert held[len(made) - 1].to_dict() == expected[-1].to_dict()
    again = pickle.loads(pickle.dumps(held))  # sent between processes as the findings themselves
    assert [f.to_dict() for f in again] == [f.to_dict() for f in expected]
    kept = held.keep(lambda f: f.rule == "NK201")
    assert [f.to_dict() for f in kept] == [f.to_dict() for f in expected if f.rule == "NK201"]


def test_a_file_with_more_findings_than_are_held_reports_them_all_in_order(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Renja")
    sheet.append(("Kode", "Uraian", "Pagu"))
    name = "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa"
    for row in range(SPILL_AT + 1_500):  # each row after the first repeats it: NK403 on every one
        sheet.append(("2.13.02.2.01.0001", name, 1000))
    book.save(tmp_path / "renja_2024.xlsx")
    done = run_cli("check", str(tmp_path / "renja_2024.xlsx"), "--select", "NK403", "--format", "json", timeout=300)
    report = json.loads(done.stdout)
    found = [f for f in report["findings"] if f["rule"] == "NK403"]  # and NK003/NK008, said for the file
    assert done.returncode == 1 and len(found) == SPILL_AT + 1_499
    assert [f["row"] for f in found] == list(range(3, SPILL_AT + 1_502))
    assert report["findings"][0]["category"] == "file"  # file-level findings first, as sorted
    assert report["summary"]["error"] == SPILL_AT + 1_499 and len(report["findings"]) == sum(report["summary"].values())


def test_findings_that_relate_many_places_weigh_as_much_and_are_read_back_a_few_at_a_time() -> None:
    """NK403 "repeated 200 times" holds 200 places: held and written by that weight, so 5,000 of them are not
    a million places in memory, neither while checking nor while the report is written."""
    heavy = []
    for n in range(200):
        place = Location("usulan.xlsx", "Renja", f"A{n + 2}", n + 2, "A", "Kode")
        heavy.append(Finding("NK403", "duplicate", "warning", Message(MESSAGE, {"value": n, "row": n}), place,
                             related=tuple(Location("usulan.xlsx", "Renja", f"A{r}", r, "A", "Kode")
                                           for r in range(1000 + 50 * n, 1050 + 50 * n))))
    held = Temuan(spill_at=2_000)
    random.Random(3).shuffle(heavy)
    for f in heavy:
        held.append(f)
    assert len(held._runs) == 5 and held._held == []  # 51 in weight each: a run every 40 findings
    assert len(held._runs[0].chunks) == 4  # and written about 10 at a time (CHUNK 500 in weight)
    assert [f.to_dict() for f in held] == [f.to_dict() for f in sorted(heavy, key=sort_key)]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.sampled_from(["NK201", "NK403"]), st.integers(0, 3)),
                max_size=300), st.integers(1, 40), st.integers(1, 7))
def test_runs_read_a_few_findings_at_a_time_are_merged_in_the_order_of_a_stable_sort(
        rows: list[tuple[int, str, int]], spill_at: int, chunk: int) -> None:
    """Written runs of many small chunks, overlapping anyhow (findings of a late rule among every row's, ties
    of one row and rule in many runs), read back merged: ties go to the run written first."""
    made = [_finding(n, row, "Renja", rule) for n, (row, rule, _) in enumerate(rows)]
    made += [_finding(n, row, "Renja", "NK403") for n, (row, _, late) in enumerate(rows) if late == 0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(temuan, "CHUNK", chunk)
        held = Temuan(made, spill_at=spill_at)
        assert [f.to_dict() for f in held] == [f.to_dict() for f in sorted(made, key=sort_key)]


def test_runs_of_rows_checked_in_order_and_a_late_finding_of_an_early_row_read_back_in_order() -> None:
    """Rows checked in order give runs that follow one another (read one after another); a total judged at
    the end of its block (NK402) belongs to an earlier row and must still come in its place."""
    made = [_finding(n, row, "Renja", "NK401") for n, row in enumerate(range(2, 502))]
    made.append(_finding(500, 3, "Renja", "NK402"))  # late, of row 3
    made += [_finding(n, row, "Renja", "NK401") for n, row in enumerate(range(502, 602), 501)]
    held = Temuan(made, spill_at=50)
    assert len(held._runs) > 10
    read = [(f.location.row, f.rule) for f in held]
    assert read == [(f.location.row, f.rule) for f in sorted(made, key=sort_key)]
    assert read[1:3] == [(3, "NK401"), (3, "NK402")]


class Teks(str):
    """A text of a type of its own (marshal knows only the built-in ones)."""


def test_values_of_any_type_come_back_as_they_were_written() -> None:
    """Chunks are marshalled, or pickled when a value is of a type marshal does not know: either way a finding
    reads back with its values' own types."""
    import datetime
    from decimal import Decimal

    values = [Decimal("1.50"), datetime.date(2024, 1, 2), Teks("2.13"), 1.5, True, None, 10 ** 30, "pagu"]
    made = [Finding("NK401", "amount", "error", {"id": "pagu", "en": "pagu"},
                    Location("usulan.xlsx", "Renja", f"D{n + 2}", n + 2, "D", "Pagu"), value=values[n % len(values)])
            for n in range(40)]
    held = Temuan(made[:20], spill_at=5)  # runs of 5: some all marshallable, some not
    held.extend(made[20:])
    read = list(held)
    assert held.spilled and [(f.value, type(f.value)) for f in read] == [(f.value, type(f.value)) for f in made]


def test_the_collection_behaves_as_the_list_it_stands_for() -> None:
    """Equal to a list or collection of the same findings in the same order; an index past the end is an
    IndexError; only the report order may be asked for; a run is written once the weight held reaches the bound."""
    made = [_finding(n, n + 2, "Renja", "NK201") for n in range(7)]
    held = Temuan(made, spill_at=3)
    # weights 2, 1 | 1, 1, 2 | 1, 1 (a finding with a related row weighs 2): written when 3 is reached, not passed
    assert held.spilled == 5 and len(held._runs) == 2
    assert held == made and held == Temuan(made) and held == tuple(made)
    assert held != made[:-1] and held != made[::-1] and held != [*made[:-1], _finding(9, 8, "Renja", "NK201")]
    assert (held == "findings") is False
    assert held[-1] == made[-1] and held[0] == made[0]
    with pytest.raises(IndexError):
        held[len(made)]
    with pytest.raises(IndexError):
        held[-len(made) - 1]
    held.sort()
    with pytest.raises(ValueError):
        held.sort(key=lambda f: f.rule)


def test_findings_of_one_row_come_in_column_order_and_a_row_s_own_finding_first() -> None:
    """The report order within a row: no column (the row itself) first, then by column letters, then by rule."""
    def on(column: str | None, rule: str) -> Finding:
        return Finding(rule, "code", "error", {"id": rule}, Location("u.xlsx", "Renja", f"{column}5" if column else None,
                                                                     5, column, None))

    made = [on("C", "NK201"), on("A", "NK202"), on(None, "NK301"), on("B", "NK201"), on("A", "NK201")]
    for spill_at in (2, 100):
        read = [(f.location.column, f.rule) for f in Temuan(made, spill_at=spill_at)]
        assert read == [(None, "NK301"), ("A", "NK201"), ("A", "NK202"), ("B", "NK201"), ("C", "NK201")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(1, 6), st.sampled_from(["A", "B"]), st.sampled_from(["NK201", "NK403"])),
                         min_size=1, max_size=40), min_size=2, max_size=5), st.integers(1, 6))
def test_sorted_streams_of_chunks_merge_as_heapq_merge_does(streams: list[list[tuple[int, str, str]]],
                                                            size: int) -> None:
    """The merge of overlapping runs passes a chunk's stretch on whole where it comes before every other run's
    next finding; with runs that take turns finding by finding, and ties across runs, the order is still the
    stable one: ties to the earlier run, each run's own order kept."""
    runs = []
    for n, stream in enumerate(streams):
        found = sorted((rule, n, i, None, ("f.xlsx", "Renja", f"{col}{row}", row, col))
                       for i, (row, col, rule) in enumerate(stream))
        found.sort(key=temuan._packed_key)  # sorted as a run is written; the (n, i) fields tell them apart
        runs.append(found)
    chunked = [iter([run[i:i + size] for i in range(0, len(run), size)]) for run in runs]
    assert list(temuan._merged(chunked)) == list(heapq.merge(*runs, key=temuan._packed_key))


def test_findings_that_relate_no_places_are_written_chunk_by_chunk_of_the_same_size() -> None:
    made = [_finding(n, n + 2, "Renja", "NK201") for n in range(1_250)]
    made = [f if n % 4 else Finding(f.rule, f.category, f.severity, f.message, f.location) for n, f in enumerate(made)]
    held = Temuan(made, spill_at=1_000)
    assert len(held._runs) == 1 and len(held._held) == 250
    sizes = [len(temuan._loaded(temuan._read_at(held._file.fileno(), *chunk))) for chunk in held._runs[0].chunks]
    assert temuan.CHUNK == 500 and sizes == [500, 500]
    assert [f.to_dict() for f in held] == [f.to_dict() for f in made]
    place = Location("usulan.xlsx", "Renja", "A2", 2, "A", "Kode")  # four places each: 100 findings weigh 500
    heavy = [Finding(f.rule, f.category, f.severity, f.message, f.location, related=(place,) * 4) for f in made[:250]]
    held = Temuan(heavy, spill_at=1_000)
    sizes = [len(temuan._loaded(temuan._read_at(held._file.fileno(), *chunk))) for chunk in held._runs[0].chunks]
    assert sizes == [100, 100]
