"""Hypothesis on mutated workbook bytes: reading, header detection and `check_file` raise only WorkbookError.

A small valid workbook of each format is damaged by a few byte flips, cuts, insertions and deletions;
whatever comes out must be read, or refused with a `WorkbookError`, quickly and without any other
exception escaping. Each property is bounded (examples and a per-example deadline) so the file runs in
well under 20 s.
"""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_corpus import GOOD_ROWS, HEADER, XLS_SAMPLE, csv_text
from nomenklatur.config import UserConfig, effective_rules, load_profile
from nomenklatur.engine import CheckOptions, FileResult, check_file
from nomenklatur.workbook import ReadLimits, WorkbookError, detect_layout, load_aliases, open_workbook

LIMITS = ReadLimits(max_file_bytes=4 << 20, max_uncompressed_bytes=16 << 20, max_blank_run=2_000)
PER_EXAMPLE = 3.0  # seconds; hypothesis' deadline is wider so a loaded machine does not make it flaky
ALIASES = load_aliases()


def _xlsx(compression: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Renja"
    sheet.append(["Pemerintah Kabupaten Paser"])
    for row in (HEADER, *GOOD_ROWS, ("2.13.02.2.01.03", "=B2", "=C2*2", None)):
        sheet.append(list(row))
    sheet.merge_cells("A1:D1")
    buffer = io.BytesIO()
    book.save(buffer)
    if compression == zipfile.ZIP_DEFLATED:
        return buffer.getvalue()
    out = io.BytesIO()  # the same parts stored, so that mutations reach the XML itself
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def _ods() -> bytes:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Renja">'
               + "".join("<table:table-row>" + "".join(
                   f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
                   for v in row) + "</table:table-row>" for row in (HEADER, *GOOD_ROWS))
               + '<table:table-row table:number-rows-repeated="3"><table:table-cell '
                 'table:number-columns-repeated="2"/></table:table-row>'
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'))
    return out.getvalue()


BASES = {
    "xlsx_stored": _xlsx(zipfile.ZIP_STORED),
    "xlsx_deflated": _xlsx(zipfile.ZIP_DEFLATED),
    "csv": csv_text((HEADER, *GOOD_ROWS, ("2.13.02.2.01.03", 'teks "dikutip", dengan koma', "1.000", ""))).encode(),
    "csv_utf16": b"\xff\xfe" + csv_text((HEADER, *GOOD_ROWS), "\t").encode("utf-16-le"),
    "ods": _ods(),
}


@st.composite
def mutated(draw, base: bytes) -> bytes:
    """`base` after one to four flips, cuts, insertions, deletions or overwrites."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete", "overwrite"]))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64)
                               | st.sampled_from([b"<", b"&lol;", b"<!DOCTYPE x>", b'"', b"\0", b"\r\n", b",,,,"]))
        elif kind == "delete":
            del data[at: at + draw(st.integers(1, 256))]
        else:
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at: at + len(chunk)] = chunk
    return bytes(data)


def read_everything(path: Path) -> None:
    """What `check` does with a workbook: every sheet's rows, its merged ranges, its header."""
    with open_workbook(path, LIMITS) as book:
        for sheet in book.sheets():
            rows = list(sheet.rows)
            detect_layout(rows[:70], ALIASES, book.merged_ranges(sheet.name))


def reads_or_refuses(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    start = time.monotonic()
    try:
        read_everything(path)
    except WorkbookError as error:
        assert str(path) in error.message() and str(path) in error.message("en")
    assert time.monotonic() - start < PER_EXAMPLE
    assert path.read_bytes() == data


MUTATION_SETTINGS = settings(max_examples=60, deadline=timedelta(seconds=10), derandomize=True,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                    HealthCheck.data_too_large])


@pytest.mark.parametrize("kind", sorted(BASES))
def test_mutated_bytes_read_or_fail_as_workbook_error(kind: str, tmp_path: Path) -> None:
    suffix = {"csv_utf16": ".csv"}.get(kind, "." + kind.split("_")[0])

    @MUTATION_SETTINGS
    @given(mutated(BASES[kind]))
    def check(data: bytes) -> None:
        reads_or_refuses(tmp_path / f"rusak{suffix}", data)

    check()


def test_the_unmutated_bases_are_read(tmp_path: Path) -> None:
    """The properties start from workbooks that are read whole (else they would test nothing)."""
    for kind, data in BASES.items():
        path = tmp_path / f"baik_{kind}.{'csv' if kind.startswith('csv') else kind.split('_')[0]}"
        path.write_bytes(data)
        with open_workbook(path, LIMITS) as book:
            (sheet,) = list(book.sheets())
            rows = list(sheet.rows)
            assert detect_layout(rows, ALIASES, book.merged_ranges(sheet.name)) is not None, kind
            assert any(GOOD_ROWS[1][0] in row for _, row in rows), kind


@pytest.mark.skipif(not XLS_SAMPLE.is_file(), reason="../shared/reference tidak tersedia")
def test_mutated_xls_reads_or_fails_as_workbook_error(tmp_path: Path) -> None:
    """A real .xls (through the OLE2/BIFF scan and python-calamine), damaged."""
    base = XLS_SAMPLE.read_bytes()

    @settings(MUTATION_SETTINGS, max_examples=40)
    @given(mutated(base))
    def check(data: bytes) -> None:
        reads_or_refuses(tmp_path / "rusak.xls", data)

    check()


def test_check_file_on_mutated_bytes_returns_a_result(tmp_path: Path) -> None:
    severities, params = effective_rules(load_profile("default"), UserConfig(), [], [])
    options = CheckOptions(tahun=2021, severities=severities, params=params, limits=LIMITS)
    source = tmp_path / "asal.xls"
    if XLS_SAMPLE.is_file():
        shutil.copyfile(XLS_SAMPLE, source)
    bases = [(kind, data) for kind, data in BASES.items()] + ([("xls", source.read_bytes())] if source.exists() else [])

    @settings(MUTATION_SETTINGS, max_examples=50)
    @given(st.sampled_from(bases).flatmap(lambda item: st.tuples(st.just(item[0]), mutated(item[1]))))
    def check(item: tuple[str, bytes]) -> None:
        kind, data = item
        path = tmp_path / f"usulan.{'csv' if kind.startswith('csv') else kind.split('_')[0]}"
        path.write_bytes(data)
        result = check_file(str(path), options)
        assert isinstance(result, FileResult) and result.path == str(path)
        if not result.readable:
            assert [f.rule for f in result.findings] == ["NK001"]
            assert result.findings[0].category == "file"

    check()
