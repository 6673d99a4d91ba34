"""Reading sheets in a second process (workbook/overlap.py): the same rows, flags, errors and findings
as reading them in this process, and no child left behind."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
from dataclasses import replace
from pathlib import Path

import pytest

from nomenklatur.engine import CheckOptions, check_file
from nomenklatur.workbook import ReadLimits, WorkbookError, open_workbook, overlap
from workbooks import write_xlsx

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

pytestmark = pytest.mark.skipif(not overlap.available(), reason="needs fork and two cores")


def _read(path: Path, limits: ReadLimits, overlap_from: int | None) -> list:
    """Every sheet's rows and flags, sheet by sheet."""
    out = []
    with open_workbook(path, limits, overlap_from) as book:
        for sheet in book.sheets():
            out.append((sheet.name, list(sheet.rows), sheet.truncated, sheet.stopped_at))
    return out


def _no_children() -> bool:
    gc.collect()
    return not [p for p in multiprocessing.active_children() if p.name == "nomenklatur-reader"]


def test_same_rows_and_flags_as_reading_here(tmp_path: Path) -> None:
    rows = [("Kode", "Nama", "Pagu", "Tanggal")]
    rows += [(f"2.13.02.2.01.{i % 99 + 1:02d}", f"Nama {i} é", i * 1000, dt.date(2021, 1, 1 + i % 28))
             for i in range(3000)]
    rows += [(None,)] * 30 + [("sesudah jeda panjang", 1)]
    path = write_xlsx(tmp_path / "besar.xlsx", {"Renja": rows, "Kedua": [("a", 1.5, True), ("b", None, "#N/A")]})
    limits = ReadLimits(max_blank_run=20)
    here = _read(path, limits, None)
    there = _read(path, limits, 0)
    assert there == here
    assert here[0][2] is True  # the blank run stopped the first sheet before its last row
    assert len(here[0][1]) == 3001
    assert _no_children()


def test_the_caller_is_told_when_it_would_wait(tmp_path: Path) -> None:
    """`on_wait` runs only in the gaps (no rows ready yet), never for sheets read in this process, and
    changes no row."""
    path = write_xlsx(tmp_path / "tunggu.xlsx", {"Data": [(f"baris {i}", i) for i in range(5000)]})
    waits: list[int] = []
    with open_workbook(path, ReadLimits(), 0, on_wait=lambda: waits.append(len(got))) as book:
        got: list = []
        for row in book.sheet_at(0).rows:
            got.append(row)
    assert got == _read(path, ReadLimits(), None)[0][1]
    assert waits and waits[0] == 0  # the first rows cannot be there the moment the child starts
    assert all(n % overlap.BATCH == 0 for n in waits)  # only between batches, when one has been used up
    with open_workbook(path, ReadLimits(), None, on_wait=lambda: waits.append(-1)) as book:
        assert len(list(book.sheet_at(0).rows)) == 5000
    assert -1 not in waits
    assert _no_children()


def test_an_error_in_the_child_is_the_same_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "banyak.xlsx", {"Data": [("x", i) for i in range(2000)]})
    with pytest.raises(WorkbookError) as here:
        _read(path, ReadLimits(max_rows=500), None)
    with pytest.raises(WorkbookError) as there:
        _read(path, ReadLimits(max_rows=500), 0)
    assert (there.value.reason, there.value.sheet, there.value.params) == \
        (here.value.reason, here.value.sheet, here.value.params) == ("too_many_rows", "Data", there.value.params)
    assert there.value.message("id") == here.value.message("id")
    assert _no_children()


def test_leaving_a_sheet_early_stops_its_reader(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "panjang.xlsx", {"Data": [(f"baris {i}", i) for i in range(20000)]})
    with open_workbook(path, ReadLimits(), 0) as book:
        rows = book.sheet("Data").rows
        first = [next(rows) for _ in range(3)]
        assert first[0] == (1, ("baris 0", 0))
        assert [p for p in multiprocessing.active_children() if p.name == "nomenklatur-reader"]
        del rows
    assert _no_children()


def test_small_sheets_and_other_formats_are_read_here(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "kecil.xlsx", {"Data": [("a", 1)]})
    with open_workbook(path, ReadLimits(), overlap.MIN_BYTES) as book:
        rows = book.sheet("Data").rows
        assert next(rows) == (1, ("a", 1))
        assert _no_children()  # below the threshold: no second process


@pytest.mark.parametrize("name", ["paser_renja_2021.xlsx", "kubar_renja_2021.xlsx", "kaltim_dpmpd_2021.xlsx"])
def test_check_finds_the_same_with_and_without_a_second_process(name: str) -> None:
    from nomenklatur.config import effective_rules, load_profile, load_user_config

    severities, params = effective_rules(load_profile("default"), load_user_config(None), [], [])
    options = CheckOptions(tahun=2021, severities=severities, params=params)
    here = check_file(str(SAMPLES / name), replace(options, overlap_from=None))
    there = check_file(str(SAMPLES / name), replace(options, overlap_from=0))
    assert [f.to_dict() for f in there.findings] == [f.to_dict() for f in here.findings]
    assert there.rows_checked == here.rows_checked > 0
    assert there.sha256 == here.sha256 == hashlib.sha256((SAMPLES / name).read_bytes()).hexdigest()
    assert _no_children()


def test_the_first_reading_process_hashes_the_file_after_its_last_row(tmp_path: Path) -> None:
    """The workbook's digest comes from the first sheet read in a second process, once that sheet is read to its
    end; a sheet left early, or read in this process, gives none."""
    path = write_xlsx(tmp_path / "dua.xlsx", {"Satu": [(f"baris {i}", i) for i in range(3000)],
                                              "Dua": [(f"baris {i}", i) for i in range(3000)]})
    whole = hashlib.sha256(path.read_bytes()).hexdigest()
    with open_workbook(path, ReadLimits(), 0) as book:
        sheets = book.sheets()
        rows = next(sheets).rows
        next(rows)
        del rows
        assert book.digest is None  # left early
        list(next(sheets).rows)
        assert book.digest is None  # only the first reading process is asked
    with open_workbook(path, ReadLimits(), 0) as book:
        for sheet in book.sheets():
            list(sheet.rows)
        assert book.digest == whole
    with open_workbook(path, ReadLimits(), None) as book:
        list(book.sheet_at(0).rows)
        assert book.digest is None
    assert _no_children()


@pytest.mark.skipif(not Path("/proc/sys/fs/pipe-max-size").exists(), reason="Linux pipes only")
def test_the_pipe_holds_as_much_as_the_system_allows() -> None:
    """The reader runs ahead of a slow moment of the checker: its pipe is widened to the system's limit."""
    import fcntl

    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    try:
        before = fcntl.fcntl(sender.fileno(), fcntl.F_GETPIPE_SZ)
        overlap._widen(sender)
        limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
        assert fcntl.fcntl(sender.fileno(), fcntl.F_GETPIPE_SZ) == min(limit, overlap.MAX_PIPE) > before
    finally:
        receiver.close()
        sender.close()
