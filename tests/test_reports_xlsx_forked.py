"""On many findings the annotated copy's Koreksi list is made, and its sheet deflated, in a forked child while
the parent edits the flagged sheets (issue 17: the copy at the speed of the check). The copy must be the same,
part for part, as the one made in one process, also when the findings were spilled to their temporary file (the
child reads it through its own handle) and when the child fails (the parent makes the list itself)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from nomenklatur.engine import check_paths, options_for
from nomenklatur.reports import forked, xlsx
from nomenklatur.temuan import Temuan

ROWS = xlsx.FORK_AT + 1_000  # a finding on every row

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="no fork here (not POSIX, or no /proc)")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A renja whose every row has a negative pagu (NK401), checked once."""
    path = tmp_path_factory.mktemp("forked") / "renja.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Renja")
    sheet.append(["RENJA KABUPATEN KUTAI KARTANEGARA TAHUN 2021"])
    sheet.append(["Kode", "Uraian", "Pagu"])
    for n in range(ROWS):
        sheet.append([f"2.13.02.2.01.0{n % 7 + 1}", None, -1000 - n])
    book.save(path)
    result = check_paths([str(path)], options_for(tahun=2021))
    file = result.files[0]
    file.findings = Temuan(file.findings, spill_at=ROWS // 4)  # spilled: the child reads the spill file
    assert file.findings.spilled > ROWS // 2
    assert sum(f.rule == "NK401" for f in result.findings) == ROWS
    return result


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture(scope="module")
def in_one_process(run) -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(xlsx, "FORK_AT", 10 ** 12)
        return _members(xlsx.render(run))


def test_the_list_made_in_a_child_gives_the_same_copy(run, in_one_process, monkeypatch, tmp_path: Path) -> None:
    made_by = tmp_path / "pid"
    listed = xlsx._listed

    def noted(*args):  # which process made the list
        made_by.write_text(str(os.getpid()))
        return listed(*args)

    monkeypatch.setattr(xlsx, "_listed", noted)
    copy = _members(xlsx.render(run))
    assert int(made_by.read_text()) != os.getpid()
    assert copy.keys() == in_one_process.keys()
    for name, data in in_one_process.items():
        assert copy[name] == data, name
    koreksi = openpyxl.load_workbook(_write(tmp_path, xlsx.render(run)), read_only=True)["Koreksi"]
    rows = list(koreksi.iter_rows(values_only=True))
    assert sum(1 for row in rows if len(row) > 1 and isinstance(row[0], int) and row[1] == "NK401") == ROWS


def test_a_child_that_fails_leaves_the_list_to_the_parent(run, in_one_process, monkeypatch) -> None:
    listed = xlsx._listed

    def broken(*args):
        listed(*args)  # the list and its sheet written to the files the parent shares, then a failure
        raise RuntimeError("the child fails")

    monkeypatch.setattr(xlsx, "_listed", broken)
    copy = _members(xlsx.render(run))
    assert copy == in_one_process


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "salinan.xlsx"
    path.write_bytes(data)
    return path
