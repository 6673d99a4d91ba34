"""Bad and hostile inputs: each gives a WorkbookError with the right reason and leaves the file unchanged."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import without_dac_override
from nomenklatur.workbook import ReadLimits, WorkbookError, open_workbook
from test_workbook import MAIN_NS, SAMPLES, build_ods, build_xlsx, ODS_TABLE

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>")


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def consume(path: Path, limits: ReadLimits = ReadLimits()) -> None:
    with open_workbook(path, limits) as workbook:
        for sheet in workbook.sheets():
            workbook.merged_ranges(sheet.name)
            for _ in sheet.rows:
                pass


def refused(path: Path, reason: str, limits: ReadLimits = ReadLimits()) -> WorkbookError:
    """Reading fails with `reason` (and nothing else), the message names the file, the bytes stay."""
    before = digest(path)
    with pytest.raises(WorkbookError) as caught:
        consume(path, limits)
    assert caught.value.reason == reason, caught.value
    assert digest(path) == before
    assert str(path) in caught.value.message() and str(path) in caught.value.message("en")
    return caught.value


def sheet_xml(rows: str, prolog: str = "") -> str:
    return f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{MAIN_NS}"><sheetData>{rows}</sheetData></worksheet>'


def inline_row(number: int, *texts: str) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{t}</t></is></c>' for t in texts)
    return f'<row r="{number}">{cells}</row>'


@pytest.fixture
def xlsx(tmp_path) -> Path:
    book = openpyxl.Workbook()
    for i in range(30):
        book.active.append([f"1.02.{i:02d}", f"Program nomor {i}", i * 1000])
    book.save(tmp_path / "baik.xlsx")
    return tmp_path / "baik.xlsx"


def patch_zip_entry(path: Path, member: str, *, size: int | None = None, encrypted: bool = False) -> None:
    """Rewrite a member's declared uncompressed size or encryption flag in both zip headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    central = data.find(b"PK\x01\x02" + data[info.header_offset + 4: info.header_offset + 6])
    while data[central + 46: central + 46 + len(member)] != member.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    for header, flag_at, size_at in ((info.header_offset, 6, 22), (central, 8, 24)):
        if size is not None:
            data[header + size_at: header + size_at + 4] = struct.pack("<I", size)
        if encrypted:
            data[header + flag_at] |= 1
    path.write_bytes(bytes(data))


def build_ole2(path: Path, *streams: str) -> Path:
    """A minimal compound file (one FAT sector, one directory sector) holding the named streams."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 76, 0)
    header[80:512] = b"\xff" * 432
    fat = struct.pack("<II", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff" * 504
    directory = bytearray()
    for kind, name in ((5, "Root Entry"), *((2, s) for s in streams)):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[: len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        directory += entry
    directory += bytes(512 - len(directory))
    path.write_bytes(bytes(header) + fat + bytes(directory))
    return path


# -- files that are not there or not workbooks ------------------------------------------------------


def test_missing_file(tmp_path):
    refused(tmp_path / "tidak_ada.xlsx", "not_found")


def test_directory(tmp_path):
    (tmp_path / "folder.xlsx").mkdir()
    refused(tmp_path / "folder.xlsx", "is_directory")


def test_unreadable_file(xlsx):
    """A file of mode 000 is refused with reason "permission" and left as it was. Root reads files whatever their
    mode, so as root the reading runs in a child that has lost the capabilities for that."""
    import subprocess
    import sys

    before = digest(xlsx)
    script = ("import sys\nfrom nomenklatur.workbook import WorkbookError, open_workbook\n"
              "try:\n    open_workbook(sys.argv[1]).__enter__()\nexcept WorkbookError as error:\n"
              "    print(error.reason, sys.argv[1] in error.message(), sys.argv[1] in error.message('en'))\n")
    xlsx.chmod(0)
    try:
        try:
            child = subprocess.run([sys.executable, "-c", script, str(xlsx)], capture_output=True, text=True,
                                   timeout=120, preexec_fn=without_dac_override if os.geteuid() == 0 else None)
        except subprocess.SubprocessError as exc:  # prctl refused (no CAP_SETPCAP): root cannot be kept out
            pytest.skip(f"root cannot give up reading every file here ({exc}); permission is untested")
    finally:
        xlsx.chmod(0o644)
    assert child.returncode == 0 and child.stdout == "permission True True\n", child.stdout + child.stderr[-3000:]
    assert digest(xlsx) == before


def test_empty_file(tmp_path):
    (tmp_path / "kosong.xlsx").write_bytes(b"")
    refused(tmp_path / "kosong.xlsx", "empty_file")


def test_binary_garbage_named_xlsx(tmp_path):
    (tmp_path / "acak.xlsx").write_bytes(bytes(range(256)) * 40)
    refused(tmp_path / "acak.xlsx", "unknown_format")


def test_html_saved_as_xls(tmp_path):
    (tmp_path / "laporan.xls").write_text("<html><body><table><tr><td>Kode</td></tr></table></body></html>")
    error = refused(tmp_path / "laporan.xls", "unknown_format")
    assert "HTML" in error.message() and "HTML" in error.message("en")


def test_xml_spreadsheet_2003(tmp_path):
    (tmp_path / "lama.xls").write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:'
                                       'office:spreadsheet"></Workbook>')
    assert "XML Spreadsheet 2003" in refused(tmp_path / "lama.xls", "unknown_format").message()


def test_word_document_zip(tmp_path):
    path = tmp_path / "surat.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.'
                         'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    refused(path, "unknown_format")


def test_xlsb(tmp_path):
    path = build_xlsx(tmp_path / "biner.xlsb", sheet_xml(""), main="application/vnd.ms-excel.sheet.binary."
                      "macroEnabled.main")
    assert ".xlsb" in refused(path, "unknown_format").message()


def test_word_document_ole2(tmp_path):
    refused(build_ole2(tmp_path / "surat.xls", "WordDocument"), "unknown_format")


# -- damaged files ----------------------------------------------------------------------------------


def test_truncated_xlsx(xlsx):
    xlsx.write_bytes(xlsx.read_bytes()[: xlsx.stat().st_size // 2])
    refused(xlsx, "corrupt")


def test_broken_sheet_xml_names_the_sheet(tmp_path):
    path = build_xlsx(tmp_path / "rusak.xlsx", sheet_xml(inline_row(1, "a") + "<row r='2'><c>"))
    assert refused(path, "corrupt").sheet == "Data"


def test_bad_shared_string_index(tmp_path):
    strings = f'<sst xmlns="{MAIN_NS}"><si><t>a</t></si></sst>'
    path = build_xlsx(tmp_path / "indeks.xlsx", sheet_xml('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'), strings)
    refused(path, "corrupt")


def test_truncated_xls(reference, tmp_path):
    path = tmp_path / "potong.xls"
    path.write_bytes((reference / "samples-real" / SAMPLES[0]).read_bytes()[:40_000])
    refused(path, "corrupt")


def test_lying_zip_header_cannot_inflate_past_declared_size(tmp_path):
    padding = " " * (30 * 1024 * 1024)
    path = build_xlsx(tmp_path / "bohong.xlsx", sheet_xml(inline_row(1, "a") + padding))
    patch_zip_entry(path, "xl/worksheets/sheet1.xml", size=1000)
    error = refused(path, "corrupt")
    assert "CRC" in error.detail and error.sheet == "Data"


# -- hostile containers -----------------------------------------------------------------------------


def test_zip_bomb(tmp_path):
    path = build_xlsx(tmp_path / "bom.xlsx", sheet_xml(""))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/nol.bin", bytes(50 * 1024 * 1024))
    error = refused(path, "zip_bomb")
    assert error.params["ratio"] > 100


def test_too_much_uncompressed_content(xlsx):
    refused(xlsx, "too_large", ReadLimits(max_uncompressed_bytes=5_000))


def test_file_too_large(xlsx):
    error = refused(xlsx, "too_large", ReadLimits(max_file_bytes=1_000))
    assert "MiB" not in error.message() and "byte" in error.message()


@pytest.mark.parametrize("part", ["sheet", "strings", "workbook"])
def test_billion_laughs_refused_in_any_part(tmp_path, part):
    strings = f'<?xml version="1.0"?>{LAUGHS if part == "strings" else ""}<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
    sheet = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
                      LAUGHS if part == "sheet" else "")
    if part != "sheet":
        sheet = sheet.replace("&lol9;", "x")
    if part != "strings":
        strings = strings.replace("&lol9;", "x")
    path = build_xlsx(tmp_path / "tawa.xlsx", sheet, strings)
    if part == "workbook":
        original = path.read_bytes()
        with zipfile.ZipFile(path) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        parts["xl/workbook.xml"] = (b'<?xml version="1.0"?>' + LAUGHS.encode()
                                    + parts["xl/workbook.xml"].replace(b'name="Data"', b'name="&lol9;"'))
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
        assert path.read_bytes() != original
    refused(path, "xml_entities")


def test_external_entity_refused(tmp_path):
    prolog = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    path = build_xlsx(tmp_path / "luar.xlsx", sheet_xml(inline_row(1, "&x;"), prolog))
    refused(path, "xml_entities")


def test_billion_laughs_in_ods(tmp_path):
    path = build_ods(tmp_path / "tawa.ods", ODS_TABLE.replace("Kode", "&lol9;"), prolog=LAUGHS)
    refused(path, "xml_entities")


def test_encrypted_xlsx(tmp_path):
    refused(build_ole2(tmp_path / "rahasia.xlsx", "EncryptionInfo", "EncryptedPackage"), "encrypted")


def test_encrypted_ods(tmp_path):
    path = build_ods(tmp_path / "rahasia.ods", ODS_TABLE,
                     manifest_extra='<manifest:encryption-data manifest:checksum-type="SHA1"/>')
    refused(path, "encrypted")


def test_encrypted_zip_member(xlsx):
    patch_zip_entry(xlsx, "xl/worksheets/sheet1.xml", encrypted=True)
    refused(xlsx, "encrypted")


# -- limits on content ------------------------------------------------------------------------------


def test_too_many_columns_xlsx(tmp_path):
    book = openpyxl.Workbook()
    book.active.cell(3, 600, "jauh")
    book.save(tmp_path / "lebar.xlsx")
    error = refused(tmp_path / "lebar.xlsx", "too_many_columns")
    assert error.sheet == "Sheet" and error.params["column"] == 600


def test_too_many_columns_csv(tmp_path):
    (tmp_path / "lebar.csv").write_text(",".join(["x"] * 600) + "\n")
    refused(tmp_path / "lebar.csv", "too_many_columns")


def test_too_many_rows(xlsx):
    refused(xlsx, "too_many_rows", ReadLimits(max_rows=10))


def test_cell_too_large_xlsx(tmp_path):
    path = build_xlsx(tmp_path / "panjang.xlsx", sheet_xml(inline_row(4, "a", "b" * 40_000)))
    error = refused(path, "cell_too_large")
    assert error.params["cell"] == "B4" and "B4" in error.message()


@pytest.mark.parametrize("length", [40_000, 200_000])
def test_cell_too_large_csv(tmp_path, length):
    (tmp_path / "panjang.csv").write_text("kode,nama\n1," + "b" * length + "\n")
    refused(tmp_path / "panjang.csv", "cell_too_large")


def test_long_blank_run_stops_the_sheet(tmp_path):
    path = build_xlsx(tmp_path / "jarang.xlsx",
                      sheet_xml(inline_row(1, "a") + inline_row(2, "b") + '<row r="3"><c r="A3" s="1"/></row>'
                                + inline_row(9, "c") + inline_row(30, "d")))
    with open_workbook(path, ReadLimits(max_blank_run=10)) as workbook:
        sheet = next(workbook.sheets())
        assert [number for number, _ in sheet.rows] == [1, 2, 9]
        assert sheet.truncated
    with open_workbook(path, ReadLimits(max_blank_run=21)) as workbook:
        sheet = next(workbook.sheets())
        assert [number for number, _ in sheet.rows] == [1, 2, 9, 30]
        assert not sheet.truncated


def test_memory_stays_flat_as_rows_grow(tmp_path):
    """Peak Python memory while streaming 40,000 rows is about that of 4,000 rows."""
    def peak(rows: int) -> int:
        body = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>1.02.02.2.01.{i:04d}</t></is></c>'
                       f'<c r="B{i}" t="inlineStr"><is><t>Sub kegiatan nomor {i}</t></is></c>'
                       f'<c r="C{i}"><v>{i * 1000.5}</v></c></row>' for i in range(1, rows + 1))
        path = build_xlsx(tmp_path / f"{rows}.xlsx", sheet_xml(body))
        tracemalloc.start()
        consume(path)
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result

    small, large = peak(4_000), peak(40_000)
    assert large < small * 1.5 + 256 * 1024, (small, large)


def test_reading_never_writes(reference, tmp_path):
    for name in SAMPLES:
        copy = tmp_path / name
        shutil.copyfile(reference / "samples-real" / name, copy)
        before = digest(copy)
        consume(copy)
        assert digest(copy) == before


# -- whatever the bytes, only WorkbookError ---------------------------------------------------------

TOKENS = ["<row>", '<row r="2">', "</row>", "<c>", '<c r="B2">', '<c r="a1">', '<c r="ZZZZ9">', '<c t="s">',
          '<c t="e">', '<c t="b">', '<c t="d">', '<c t="inlineStr">', '<c s="1">', "</c>", "<v>", "</v>", "<is>",
          "</is>", "<t>", "</t>", "<rPh>", "</rPh>", "<f>", "</f>", "0", "7", "1E999", "x", "&amp;", "&lol;",
          "<![CDATA[y]]>", " ", "/>", ">"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_any_sheet_xml_reads_or_fails_as_workbook_error(tmp_path, tokens):
    strings = f'<sst xmlns="{MAIN_NS}"><si><t>a</t></si></sst>'
    styles = f'<styleSheet xmlns="{MAIN_NS}"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    path = build_xlsx(tmp_path / "acak.xlsx", sheet_xml("".join(tokens)), strings, styles)
    try:
        consume(path)
    except WorkbookError as error:
        assert error.reason in ("corrupt", "xml_entities", "too_many_columns")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=300))
def test_any_bytes_read_or_fail_as_workbook_error(tmp_path, data):
    for prefix in (b"", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1")):
        path = tmp_path / "acak.xlsx"
        path.write_bytes(prefix + data)
        try:
            consume(path)
        except WorkbookError as error:
            assert error.reason in ("corrupt", "unknown_format", "encrypted")
