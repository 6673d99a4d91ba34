"""A corpus of broken, strange and hostile inputs, made at test time, each with its documented outcome.

`CASES` lists them; `Case.make(folder)` writes one input into `folder` and returns the path given to
`nomenklatur check`. Every generator is cheap (well under a second): bombs are built from one deflate
block repeated (each compressed with a full flush, so the copies do not refer to one another), a sheet
"with a million rows" is one row element at r=1000000, and large values are stored uncompressed.

Outcome of a case: the exit status (0 clean, 1 findings, 2 a file could not be read or the settings
are wrong), the rules that must be among the findings, and a phrase that must appear in the NK001
message (Bahasa Indonesia, and `phrase_en` with --lang en) or, for a bad config, on stderr.
"""

from __future__ import annotations

import base64
import csv
import io
import os
import shutil
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl

from conftest import REFERENCE
from test_workbook_limits import build_ole2 as ole2

XLS_SAMPLE = REFERENCE / "samples-real" / "morowali_rkpd_perubahan_2021.xls"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MIB = 1024 * 1024

HEADER = ("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu", "Lokasi")
PENATAAN = "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa"
TATA_WILAYAH = "Fasilitasi Tata Wilayah Desa"
GOOD_ROWS = (("2.13.02.2.01.01", PENATAAN, 150_000_000, "Desa Long Ikis"),
             ("2.13.02.2.01.02", TATA_WILAYAH, 75_000_000, "Desa Muara Komam"))


@dataclass(frozen=True)
class Case:
    """One input and what `nomenklatur check FILE --tahun 2021 --format json` must do with it."""

    name: str
    make: Callable[[Path], Path]
    exit: int
    rules: tuple[str, ...] = ()  # rules that must be among the findings
    phrase: str | None = None  # in the NK001 message (id), or on stderr for a config error
    phrase_en: str | None = None  # the same with --lang en
    stderr: bool = False  # the outcome is a message on stderr, not a report
    needs: Path | None = None  # a reference file without which the case is skipped
    cells: tuple[tuple[str, str], ...] = ()  # (rule, cell) pairs that must be among the findings
    note: str = ""  # why the input is there, or why its outcome is what it is


# -- zip and xlsx writing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """A zip member given as raw deflate data with its CRC and declared sizes."""

    data: bytes
    crc: int
    size: int
    method: int = 8


def deflated(data: bytes) -> Raw:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Raw(packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def stored(data: bytes) -> Raw:
    return Raw(data, zlib.crc32(data), len(data), method=0)


def repeated(head: bytes, unit: bytes, times: int, tail: bytes = b"", crc: bool = True) -> Raw:
    """head + unit * times + tail, deflated from `unit` compressed once (full flush: copies stand alone).

    `crc=False` leaves the CRC at 0 (computing it over gigabytes would cost a second; a reader that
    inflated the member would only notice at its end)."""
    def block(data: bytes) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)

    body = block(head) + block(unit) * times + block(tail) + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    check = 0
    if crc:
        check = zlib.crc32(head)
        for _ in range(times):
            check = zlib.crc32(unit, check)
        check = zlib.crc32(tail, check)
    return Raw(body, check, len(head) + len(unit) * times + len(tail))


def write_zip(path: Path, members: list[tuple[str, bytes | Raw]], directory_copies: int = 1) -> Path:
    """A zip written record by record; `directory_copies` > 1 lists the members again and again in
    the central directory, all pointing to the same data (an "overlapping" zip bomb)."""
    out, central = bytearray(), bytearray()
    for name, payload in members:
        raw = payload if isinstance(payload, Raw) else deflated(payload)
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, raw.method, 0, 0x21, raw.crc, len(raw.data),
                           raw.size, len(encoded), 0) + encoded + raw.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, raw.method, 0, 0x21, raw.crc,
                               len(raw.data), raw.size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    count = len(members) * directory_copies
    directory = bytes(central) * directory_copies
    path.write_bytes(bytes(out) + directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(count, 0xFFFF),
                                                          min(count, 0xFFFF), len(directory), len(out), 0))
    return path


def sheet_xml(rows: str, before: str = "", after: str = "", prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN_NS}">{before}'
            f"<sheetData>{rows}</sheetData>{after}</worksheet>")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def row_xml(number: int, values: tuple[object, ...], first_col: int = 1) -> str:
    """A row of inline strings and numbers."""
    cells = []
    for col, value in enumerate(values, start=first_col):
        ref = f"{_letters(col)}{number}"
        if isinstance(value, (int, float)):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        elif value is not None:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{_text(str(value))}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _letters(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def table_xml(rows: tuple[tuple[object, ...], ...] = (HEADER, *GOOD_ROWS)) -> str:
    return "".join(row_xml(i, row) for i, row in enumerate(rows, start=1))


def xlsx_parts(sheets: list[tuple[str, bytes | Raw]], strings: bytes | Raw | None = None,
               share_part: bool = False) -> list[tuple[str, bytes | Raw]]:
    """The parts of a minimal xlsx; with `share_part` every sheet points to the first sheet's part."""
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{XLSX_MAIN}"/>'
    entries = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, _) in enumerate(sheets, 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" '
                   f'Target="worksheets/sheet{1 if share_part else i}.xml"/>' for i in range(1, len(sheets) + 1))
    if strings is not None:
        rels += f'<Relationship Id="rIdS" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    parts: list[tuple[str, bytes | Raw]] = [
        ("[Content_Types].xml", ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                                 '<Default Extension="xml" ContentType="application/xml"/>' + overrides
                                 + "</Types>").encode()),
        ("_rels/.rels", (f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/'
                         'officeDocument" Target="xl/workbook.xml"/></Relationships>').encode()),
        ("xl/workbook.xml", (f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{entries}</sheets>'
                             "</workbook>").encode()),
        ("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG_REL_NS}">{rels}</Relationships>'.encode()),
    ]
    for i, (_, data) in enumerate(sheets[:1] if share_part else sheets, 1):
        parts.append((f"xl/worksheets/sheet{i}.xml", data))
    if strings is not None:
        parts.append(("xl/sharedStrings.xml", strings))
    return parts


def raw_xlsx(path: Path, sheet: str | bytes | Raw, strings: bytes | Raw | None = None) -> Path:
    data = sheet.encode() if isinstance(sheet, str) else sheet
    return write_zip(path, xlsx_parts([("Renja", data)], strings))


def openpyxl_xlsx(path: Path, rows, merges: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Renja"
    for row in rows:
        sheet.append(list(row))
    for span in merges:
        sheet.merge_cells(span)
    book.save(path)
    return path


def csv_text(rows, delimiter: str = ",") -> str:
    """Rows as Excel writes them: values holding the delimiter or quotes are quoted, CRLF line ends."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue()


# -- the cases --------------------------------------------------------------------------------------

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>")


def _missing(d: Path) -> Path:
    return d / "tidak_ada.xlsx"


def _directory_without_workbooks(d: Path) -> Path:
    (d / "arsip").mkdir()
    (d / "arsip" / "catatan.txt").write_text("bukan lembar kerja")
    return d / "arsip"


def _directory_named_xlsx(d: Path) -> Path:
    (d / "renja.xlsx").mkdir()
    return d / "renja.xlsx"


def _fifo(d: Path) -> Path:
    os.mkfifo(d / "antrian.csv")
    return d / "antrian.csv"


def _device(d: Path) -> Path:
    (d / "nol.xlsx").symlink_to("/dev/zero")
    return d / "nol.xlsx"


def _symlink_loop(d: Path) -> Path:
    (d / "putar.xlsx").symlink_to(d / "putar.xlsx")
    return d / "putar.xlsx"


def _dangling_symlink(d: Path) -> Path:
    (d / "hilang.xlsx").symlink_to(d / "sudah_dihapus.xlsx")
    return d / "hilang.xlsx"


def _empty(d: Path) -> Path:
    (d / "kosong.xlsx").write_bytes(b"")
    return d / "kosong.xlsx"


def _pdf_named_xlsx(d: Path) -> Path:
    (d / "scan.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 8)
    return d / "scan.xlsx"


def _text_named_xlsx(d: Path) -> Path:
    (d / "catatan.xlsx").write_text("Catatan rapat:\nusulan dikirim minggu depan.\n", encoding="utf-8")
    return d / "catatan.xlsx"


def _html_named_xls(d: Path) -> Path:
    (d / "laporan.xls").write_text("<html><body><table><tr><td>Kode</td><td>Pagu</td></tr></table></body></html>")
    return d / "laporan.xls"


def _truncated(d: Path) -> Path:
    path = openpyxl_xlsx(d / "terpotong.xlsx", (HEADER, *GOOD_ROWS * 50))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def _zip_bomb(d: Path) -> Path:
    bomb = repeated(b"", bytes(MIB), 2048, crc=False)  # 2 GiB of zeros in about 2 MB
    parts = xlsx_parts([("Renja", sheet_xml(table_xml()).encode())]) + [("xl/media/image1.bin", bomb)]
    return write_zip(d / "bom_zip.xlsx", parts)


def _zip_many_members(d: Path) -> Path:
    megabyte = repeated(b"", bytes(MIB - 1), 1)  # each under the 1 MiB ratio threshold
    parts = xlsx_parts([("Renja", sheet_xml(table_xml()).encode())])
    parts += [(f"xl/media/image{i}.bin", megabyte) for i in range(1100)]
    return write_zip(d / "banyak_bagian.xlsx", parts)


def _zip_overlapping(d: Path) -> Path:
    parts = xlsx_parts([("Renja", sheet_xml(table_xml()).encode())])
    parts.append(("xl/media/nol.bin", repeated(b"", bytes(MIB - 1), 1)))
    return write_zip(d / "tumpang_tindih.xlsx", parts, directory_copies=1100)  # 6,600 entries, 1.1 GiB in all


def _zip_directory_flood(d: Path) -> Path:
    parts = xlsx_parts([("Renja", sheet_xml(table_xml()).encode())])
    return write_zip(d / "daftar_isi_raksasa.xlsx", parts, directory_copies=20_000)  # 100,000 entries, 6 MB


def _lying_zip_size(d: Path) -> Path:
    sheet = sheet_xml(table_xml() + " " * (4 * MIB)).encode()
    raw = deflated(sheet)
    parts = xlsx_parts([("Renja", Raw(raw.data, raw.crc, 1000))])
    return write_zip(d / "ukuran_palsu.xlsx", parts)


def _encrypted_ole2(d: Path) -> Path:
    return ole2(d / "rahasia.xlsx", "EncryptionInfo", "EncryptedPackage")


def _encrypted_member(d: Path) -> Path:
    path = raw_xlsx(d / "anggota_terenkripsi.xlsx", sheet_xml(table_xml()))
    data = bytearray(path.read_bytes())
    at = data.find(b"xl/worksheets/sheet1.xml")
    local = data.rfind(b"PK\x03\x04", 0, at)
    central = data.rfind(b"PK\x01\x02", 0, data.find(b"xl/worksheets/sheet1.xml", at + 1))
    data[local + 6] |= 1
    data[central + 8] |= 1
    path.write_bytes(bytes(data))
    return path


def _xls_named_xlsx(d: Path) -> Path:
    shutil.copyfile(XLS_SAMPLE, d / "morowali.xlsx")
    return d / "morowali.xlsx"


def _xlsx_named_xls(d: Path) -> Path:
    return openpyxl_xlsx(d / "renja.xls", (HEADER, *GOOD_ROWS))


def _xls_far_cell(d: Path) -> Path:
    data = bytearray(XLS_SAMPLE.read_bytes())
    record = data.rfind(b"\xfd\x00\x0a\x00")  # the last LABELSST (row, column, style, string)
    data[record + 4: record + 8] = struct.pack("<HH", 65535, 255)  # moved to IV65536
    (d / "sel_jauh.xls").write_bytes(bytes(data))
    return d / "sel_jauh.xls"


def _xlsb_named_xlsx(d: Path) -> Path:
    parts = xlsx_parts([("Renja", sheet_xml("").encode())])
    parts[0] = ("[Content_Types].xml", parts[0][1].replace(  # type: ignore[union-attr]
        XLSX_MAIN.encode(), b"application/vnd.ms-excel.sheet.binary.macroEnabled.main"))
    return write_zip(d / "biner.xlsx", parts)


def _docx_named_xlsx(d: Path) -> Path:
    return write_zip(d / "surat.xlsx", [("[Content_Types].xml", (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override '
        'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>').encode()), ("word/document.xml", b"<w/>")])


def _ods(body: str, prolog: str = "") -> list[tuple[str, bytes | Raw]]:
    content = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
               "</office:document-content>")
    return [("mimetype", stored(b"application/vnd.oasis.opendocument.spreadsheet")),
            ("content.xml", content.encode())]


def _ods_row(values: tuple[object, ...], repeat: int = 1) -> str:
    cells = "".join(f'<table:table-cell office:value-type="string"><text:p>{_text(str(v))}</text:p>'
                    "</table:table-cell>" for v in values)
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


def _ods_repeated_rows(d: Path) -> Path:
    body = ('<table:table table:name="Renja">' + _ods_row(HEADER) + _ods_row(GOOD_ROWS[0][:2], 1_000_000)
            + "</table:table>")
    return write_zip(d / "ulang_sejuta.ods", _ods(body))


def _ods_entities(d: Path) -> Path:
    body = '<table:table table:name="Renja">' + _ods_row(("Kode", "&lol9;")) + "</table:table>"
    return write_zip(d / "tawa.ods", _ods(body.replace("&amp;lol9;", "&lol9;"), LAUGHS))


def _entity_bomb(d: Path) -> Path:
    rows = table_xml() + '<row r="9"><c r="A9" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return raw_xlsx(d / "bom_entitas.xlsx", sheet_xml(rows, prolog=LAUGHS))


def _external_entity(d: Path) -> Path:
    strings = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY rahasia SYSTEM "file:///etc/passwd">]>'
               f'<sst xmlns="{MAIN_NS}"><si><t>&rahasia;</t></si></sst>').encode()
    return raw_xlsx(d / "entitas_luar.xlsx", sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings)


def _huge_comment(d: Path) -> Path:
    comment = b"<!-- " + b"x" * (9 * MIB) + b" -->"
    sheet = sheet_xml(table_xml()).encode().replace(b"<sheetData>", comment + b"<sheetData>")
    return raw_xlsx(d / "komentar_raksasa.xlsx", stored(sheet))


def _huge_attribute(d: Path) -> Path:
    sheet = sheet_xml(table_xml()).encode().replace(b'<row r="2">', b'<row r="2" spans="' + b"1:3 " * (5 * MIB // 2) + b'">')
    return raw_xlsx(d / "atribut_raksasa.xlsx", stored(sheet))


def _huge_shared_strings(d: Path) -> Path:
    unit = "".join(f"<si><t>{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{i % 10}</t></si>" for i in range(60_000))
    strings = repeated(f'<sst xmlns="{MAIN_NS}">'.encode(), unit.encode(), 65 * MIB // len(unit) + 1, b"</sst>")
    return raw_xlsx(d / "teks_bersama_raksasa.xlsx", sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
                    strings)


def _shared_sheet_part(d: Path) -> Path:
    sheet = sheet_xml(table_xml()).encode()
    return write_zip(d / "sheet_kembar.xlsx", xlsx_parts([(f"Renja{i}", sheet) for i in range(500)], share_part=True))


def _many_sheets(d: Path) -> Path:
    sheet = sheet_xml(table_xml()).encode()
    return write_zip(d / "2000_sheet.xlsx", xlsx_parts([(f"OPD {i}", sheet) for i in range(2000)]))


def _merge_scan(d: Path) -> Path:
    # text that the old merged-cell scan crawled over quadratically (37 s for 128 KiB of it)
    notes = [" ".join(f"mergeCell {i * 1800 + j}" for j in range(1800)) for i in range(80)]
    rows = (HEADER + ("Keterangan",), *(row + (note,) for row, note in zip(GOOD_ROWS * 40, notes)))
    return raw_xlsx(d / "catatan_panjang.xlsx", sheet_xml(table_xml(rows)))


def _dimension_claim(d: Path) -> Path:
    return raw_xlsx(d / "dimensi_palsu.xlsx", sheet_xml(table_xml(), before='<dimension ref="A1:XFD1048576"/>'))


def _far_row(d: Path) -> Path:
    rows = table_xml() + row_xml(1_000_000, ("2.13.02.2.01.01", "Baris nyasar di bawah", 1))
    return raw_xlsx(d / "sejuta_baris_kosong.xlsx", sheet_xml(rows))


def _columns_16384(d: Path) -> Path:
    return raw_xlsx(d / "16384_kolom.xlsx", sheet_xml(table_xml() + row_xml(5, tuple(range(1, 16_385)))))


def _ten_mb_cell(d: Path) -> Path:
    text = base64.b64encode(os.urandom(7_500_000)).decode()  # 10 MB of text that does not compress
    return raw_xlsx(d / "sel_10mb.xlsx", stored(sheet_xml(table_xml() + row_xml(4, ("2.13.02.2.01.01", text))).encode()))


def _ten_mb_csv_cell(d: Path) -> Path:
    text = "x" * (10 * 1000 * 1000)
    (d / "sel_10mb.csv").write_text(csv_text((HEADER, GOOD_ROWS[0])) + f"2.13.02.2.01.02,{text},1,Desa\r\n")
    return d / "sel_10mb.csv"


def _csv_comma_flood(d: Path) -> Path:
    (d / "koma.csv").write_text(csv_text((HEADER, GOOD_ROWS[0])) + "," * (2 * MIB) + "\r\n")
    return d / "koma.csv"


def _csv_16384_columns(d: Path) -> Path:
    (d / "lebar.csv").write_text(csv_text((HEADER, GOOD_ROWS[0], tuple(range(16_384)))))
    return d / "lebar.csv"


def _csv_sniffer_trap(d: Path) -> Path:
    note = ";'" * 8000  # csv.Sniffer's regular expressions took 11 s over 64 KiB of this
    (d / "kutip.csv").write_text(csv_text((HEADER + ("Keterangan",), *(r + (note,) for r in GOOD_ROWS * 2))))
    return d / "kutip.csv"


def _formulas_without_values(d: Path) -> Path:
    return openpyxl_xlsx(d / "rumus.xlsx", (HEADER, ("2.13.02.2.01.01", PENATAAN, "=1000*150000", "Desa A"),
                                            ("=A2", TATA_WILAYAH, "=C2/2", "Desa B")))


def _error_cells(d: Path) -> Path:
    rows = '<row r="1">' + "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>' for c, h in zip("ABCD", HEADER))
    rows += ('</row><row r="2"><c r="A2" t="inlineStr"><is><t>2.13.02.2.01.01</t></is></c>'
             f'<c r="B2" t="inlineStr"><is><t>{PENATAAN}</t></is></c><c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
             '<row r="3"><c r="A3" t="e"><f>#REF!</f><v>#REF!</v></c>'
             f'<c r="B3" t="inlineStr"><is><t>{TATA_WILAYAH}</t></is></c><c r="C3"><v>5</v></c></row>')
    return raw_xlsx(d / "sel_galat.xlsx", sheet_xml(rows))


def _merged_header(d: Path) -> Path:
    rows = (("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu", None, "Lokasi"),
            (None, None, "Murni", "Perubahan", None), *(r[:3] + (r[2],) + r[3:] for r in GOOD_ROWS))
    return openpyxl_xlsx(d / "judul_gabung.xlsx", rows, merges=("A1:A2", "B1:B2", "C1:D1", "E1:E2"))


def _duplicate_header(d: Path) -> Path:
    rows = (HEADER + ("Kode Sub Kegiatan", "Pagu"), *(r + r[0:1] + r[2:3] for r in GOOD_ROWS))
    return openpyxl_xlsx(d / "judul_kembar.xlsx", rows)


def _empty_workbook(d: Path) -> Path:
    openpyxl.Workbook().save(d / "workbook_kosong.xlsx")
    return d / "workbook_kosong.xlsx"


def _csv_cp1252(d: Path) -> Path:
    rows = (HEADER, (GOOD_ROWS[0][0], GOOD_ROWS[0][1], "1.500.000", "Desa Long Ikis – Kec. Long Ikis (é)"))
    (d / "windows.csv").write_bytes(csv_text(rows, ";").encode("cp1252"))
    return d / "windows.csv"


def _csv_utf16(d: Path) -> Path:
    (d / "unicode.csv").write_bytes(b"\xff\xfe" + csv_text((HEADER, *GOOD_ROWS), "\t").encode("utf-16-le"))
    return d / "unicode.csv"


def _csv_mixed_delimiters(d: Path) -> Path:
    text = csv_text((HEADER, *GOOD_ROWS), ";") + csv_text((("2.13.02.2.01.03", "Nama", 5, "Desa C"),), ",")
    (d / "campur.csv").write_text(text)
    return d / "campur.csv"


def _csv_nul_start(d: Path) -> Path:
    (d / "nul_awal.csv").write_bytes(csv_text((HEADER, *GOOD_ROWS)).encode().replace(b"Pagu", b"Pa\0gu"))
    return d / "nul_awal.csv"


def _csv_nul_late(d: Path) -> Path:
    rows = (HEADER, *GOOD_ROWS * 200, ("2.13.02.2.01.01", "Nama\0dengan NUL", 5, "Desa"))
    (d / "nul_akhir.csv").write_text(csv_text(rows))
    return d / "nul_akhir.csv"


def _xlsx_nul(d: Path) -> Path:
    return raw_xlsx(d / "nul.xlsx", sheet_xml(table_xml() + row_xml(4, ("2.13.02.2.01.01", "a&#0;b"))
                                            .replace("a&amp;#0;b", "a&#0;b")))


def _invisible_characters(d: Path) -> Path:
    rows = (HEADER, ("2.13.02\u200b.2.01.01", PENATAAN, 1000, "Desa A"),       # zero-width space
            ("\u202e2.13.02.2.01.02", TATA_WILAYAH, 1000, "Desa B"),           # right-to-left override
            ("2.13.02.2.01.01\u200f", PENATAAN, 1000, "Desa C"),               # right-to-left mark
            ("\ufeff2.13.02.2.01.02", TATA_WILAYAH, 1000, "Desa D"))           # byte order mark
    return openpyxl_xlsx(d / "tak_terlihat.xlsx", rows)


def _config(d: Path, text: str) -> Path:
    (d / "cfg").mkdir()
    (d / "cfg" / ".nomenklatur.yaml").write_text(text)
    return openpyxl_xlsx(d / "cfg" / "renja.xlsx", (HEADER, *GOOD_ROWS))


def _config_python_tag(d: Path) -> Path:
    return _config(d, f'tahun: 2021\nprofil: !!python/object/apply:os.system ["touch {d}/DIJALANKAN"]\n')


def _config_python_name(d: Path) -> Path:
    return _config(d, "tahun: !!python/name:os.system\n")


def _config_unknown_key(d: Path) -> Path:
    return _config(d, "tahun: 2021\nbatas_baris: 10\n")


def _config_wrong_type(d: Path) -> Path:
    return _config(d, "tahun: dua ribu dua puluh satu\n")


def _config_wrong_limit(d: Path) -> Path:
    return _config(d, "limits:\n  max_rows: -5\n  max_columns: banyak\n")


def _config_not_mapping(d: Path) -> Path:
    return _config(d, "- tahun\n- 2021\n")


def _config_alias_bomb(d: Path) -> Path:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    return _config(d, "\n".join(lines) + "\n")


def _config_binary(d: Path) -> Path:
    (d / "cfg").mkdir()
    (d / "cfg" / ".nomenklatur.yaml").write_bytes(b"\xff\xfe\x00\x01tahun: 2021\n\x00\x00")
    return openpyxl_xlsx(d / "cfg" / "renja.xlsx", (HEADER, *GOOD_ROWS))


NOT_READ = ("NK001",)
CASES: tuple[Case, ...] = (
    # not there, or not a file
    Case("missing_path", _missing, 2, NOT_READ, "tidak ditemukan", "was not found"),
    Case("directory_without_workbooks", _directory_without_workbooks, 2, phrase="tidak berisi berkas", stderr=True),
    Case("directory_named_xlsx", _directory_named_xlsx, 2, phrase="tidak berisi berkas", stderr=True),
    Case("fifo", _fifo, 2, NOT_READ, "tidak dikenali", "not recognised", note="must not block on open"),
    Case("device_dev_zero", _device, 2, NOT_READ, "tidak dikenali", note="must not read forever"),
    Case("symlink_loop", _symlink_loop, 2, NOT_READ, "tidak ditemukan"),
    Case("dangling_symlink", _dangling_symlink, 2, NOT_READ, "tidak ditemukan"),
    # containers
    Case("empty_file", _empty, 2, NOT_READ, "kosong (0 byte)", "is empty (0 bytes)"),
    Case("pdf_named_xlsx", _pdf_named_xlsx, 2, NOT_READ, "tidak dikenali"),
    Case("text_named_xlsx", _text_named_xlsx, 1, ("NK002",), note="read as delimited text; no table in it"),
    Case("html_named_xls", _html_named_xls, 2, NOT_READ, "HTML", "HTML page"),
    Case("truncated_xlsx", _truncated, 2, NOT_READ, "rusak atau tidak lengkap", "damaged or incomplete"),
    Case("zip_bomb_2gib", _zip_bomb, 2, NOT_READ, "limits.max_compression_ratio", "compressed abnormally"),
    Case("zip_1100_members_1gib", _zip_many_members, 2, NOT_READ, "limits.max_uncompressed_bytes"),
    Case("zip_overlapping_entries", _zip_overlapping, 2, NOT_READ, "limits.max_uncompressed_bytes"),
    Case("zip_directory_flood", _zip_directory_flood, 2, NOT_READ, "terlalu banyak bagian", "too many parts"),
    Case("zip_lying_size", _lying_zip_size, 2, NOT_READ, "rusak"),
    Case("encrypted_ole2", _encrypted_ole2, 2, NOT_READ, "dilindungi kata sandi", "password-protected"),
    Case("encrypted_zip_member", _encrypted_member, 2, NOT_READ, "dilindungi kata sandi"),
    Case("xls_named_xlsx", _xls_named_xlsx, 0, needs=XLS_SAMPLE, note="read by its content"),
    Case("xlsx_named_xls", _xlsx_named_xls, 0, note="read by its content"),
    Case("xls_value_at_IV65536", _xls_far_cell, 2, NOT_READ, "limits.max_cells", "65,536 rows x 256 columns",
         needs=XLS_SAMPLE),
    Case("xlsb_named_xlsx", _xlsb_named_xlsx, 2, NOT_READ, ".xlsb"),
    Case("docx_named_xlsx", _docx_named_xlsx, 2, NOT_READ, "bukan lembar kerja"),
    Case("ods_row_repeated_million", _ods_repeated_rows, 2, NOT_READ, "limits.max_cells", "1,000,001 rows x 4"),
    Case("ods_entity_bomb", _ods_entities, 2, NOT_READ, "DOCTYPE"),
    # XML inside the package
    Case("xml_entity_bomb", _entity_bomb, 2, NOT_READ, "DOCTYPE", "DOCTYPE"),
    Case("xml_external_entity", _external_entity, 2, NOT_READ, "DOCTYPE"),
    Case("xml_9mib_comment", _huge_comment, 2, NOT_READ, "rusak"),
    Case("xml_10mib_attribute", _huge_attribute, 2, NOT_READ, "rusak"),
    Case("shared_strings_65mib", _huge_shared_strings, 2, NOT_READ, "limits.max_part_bytes",
         "raise `limits.max_part_bytes`"),
    Case("500_sheets_one_part", _shared_sheet_part, 2, NOT_READ, "rusak"),
    Case("2000_sheets", _many_sheets, 2, NOT_READ, "limits.max_sheets", "2,000 sheets",
         note="9,000 sheets took 26 s; each sheet costs a pass"),
    Case("merge_scan_text", _merge_scan, 1, ("NK403",), cells=(("NK403", "A81"),),
         note="2.3 MB of cell text once made the merged-cell scan quadratic; the rows repeat (NK403)"),
    # sizes and limits
    Case("dimension_XFD1048576", _dimension_claim, 0, note="the claimed dimension is ignored"),
    Case("value_at_row_1000000", _far_row, 0, ("NK005",), note="reading stops after 10,000 blank rows, said"),
    Case("columns_16384", _columns_16384, 2, NOT_READ, "limits.max_columns", "raise `limits.max_columns`"),
    Case("cell_10mb_xlsx", _ten_mb_cell, 2, NOT_READ, "limits.max_cell_chars", "Cell B4"),
    Case("cell_10mb_csv", _ten_mb_csv_cell, 2, NOT_READ, "limits.max_cell_chars"),
    Case("csv_2mib_of_commas", _csv_comma_flood, 2, NOT_READ, "limits.max_columns"),
    Case("csv_16384_columns", _csv_16384_columns, 2, NOT_READ, "limits.max_columns"),
    Case("csv_sniffer_apostrophes", _csv_sniffer_trap, 1, ("NK403",), cells=(("NK403", "A4"), ("NK403", "A5")),
         note="csv.Sniffer is given 4 KiB only; the rows repeat (NK403)"),
    # strange content that is still read
    Case("formulas_without_cached_values", _formulas_without_values, 0, ("NK404",), cells=(("NK404", "A3"),),
         note="nothing is evaluated: a formula without a cached value is an empty cell"),
    Case("error_cells", _error_cells, 1, ("NK101", "NK401"), cells=(("NK101", "A3"), ("NK401", "C2"))),
    Case("merged_header", _merged_header, 0),
    Case("duplicate_header", _duplicate_header, 0),
    Case("empty_workbook", _empty_workbook, 1, ("NK002",)),
    Case("csv_cp1252", _csv_cp1252, 0),
    Case("csv_utf16_bom", _csv_utf16, 0),
    Case("csv_mixed_delimiters", _csv_mixed_delimiters, 1, ("NK101",), cells=(("NK101", "A4"),),
         note="the delimiter of most lines wins; the odd line is one unreadable code"),
    Case("csv_nul_at_start", _csv_nul_start, 2, NOT_READ, "data biner", "binary data"),
    Case("csv_nul_late", _csv_nul_late, 1, ("NK202",), cells=(("NK202", "B402"),), note="a NUL is kept as text"),
    Case("xlsx_nul_character", _xlsx_nul, 2, NOT_READ, "rusak"),
    Case("invisible_characters_in_codes", _invisible_characters, 0, ("NK102", "NK403"),
         cells=(("NK102", "A2"), ("NK102", "A3"), ("NK102", "A4"), ("NK102", "A5"), ("NK403", "A4"), ("NK403", "A5")),
         note="the codes repeat in other villages: NK403 warnings, not errors"),
    # settings
    Case("config_python_object_tag", _config_python_tag, 2, phrase="YAML tidak sah", phrase_en="invalid YAML",
         stderr=True),
    Case("config_python_name_tag", _config_python_name, 2, phrase="YAML tidak sah", stderr=True),
    Case("config_unknown_key", _config_unknown_key, 2, phrase="kunci tidak dikenal", phrase_en="unknown key",
         stderr=True),
    Case("config_wrong_type", _config_wrong_type, 2, phrase="'tahun'", stderr=True),
    Case("config_wrong_limit", _config_wrong_limit, 2, phrase="limits.max_", stderr=True),
    Case("config_not_a_mapping", _config_not_mapping, 2, phrase="pemetaan", stderr=True),
    Case("config_yaml_alias_bomb", _config_alias_bomb, 2, phrase="kunci tidak dikenal", stderr=True),
    Case("config_binary", _config_binary, 2, phrase=".nomenklatur.yaml", stderr=True),
)
