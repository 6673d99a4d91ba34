"""The xlsx sheet scan reads exactly what expat reads: the same rows, or an error where expat has one.

Each sheet XML is read twice through `SheetXml`: as the reader does (the scan, handing over to expat where it
must) and with `scan=False` (expat over every byte, the reference), from the same bytes cut into chunks of
several sizes so that stretches end anywhere. Plain sheets must also really be read by the scan (`scanned`),
or the comparison would prove nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.utils import get_column_letter
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nomenklatur.workbook import ReadLimits, WorkbookError, open_workbook
from nomenklatur.workbook.xlsx import XlsxReader, _read_strings
from nomenklatur.workbook.xlsx_sheet import SheetXml, scan_strings

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
STRINGS = ["Kode", "Nama Sub Kegiatan", "Sarana & Prasarana", " spasi ", ""]
DATES = {"1": False}  # style 1 is a date format
CHUNKS = (1, 7, 64, 4096, 1 << 20)


def _read(xml: bytes, chunk: int, scan: bool, max_chars: int = 32767, max_columns: int = 16384,
          strings: list[str] = STRINGS, dates: dict[str, bool] = DATES):
    pieces = iter([xml[i:i + chunk] for i in range(0, len(xml), chunk)])
    sheet = SheetXml(pieces, Path("contoh.xlsx"), "xl/worksheets/sheet1.xml", "Renja", strings, dates, False,
                     max_columns, max_chars)
    try:
        return ("rows", list(sheet.rows(scan))), sheet.scanned
    except WorkbookError as exc:
        return ("error", exc.reason), sheet.scanned
    except (IndexError, ValueError) as exc:  # a bad shared-string index: the workbook turns these into "corrupt"
        return ("error", type(exc).__name__), sheet.scanned


def _same(xml: bytes, chunks: tuple[int, ...] = CHUNKS, **options) -> tuple[object, int]:
    """The outcome of reading `xml`, asserting the scan and expat agree at every chunk size; and the rows the
    scan read at the last one."""
    expected, none = _read(xml, 1 << 20, False, **options)
    assert none == 0
    scanned = 0
    for chunk in chunks:
        got, scanned = _read(xml, chunk, True, **options)
        assert got == expected, f"chunk {chunk}"
    return expected, scanned


def _sheet(body: str, prefix: str = "", head: str = "", tail: str = "") -> bytes:
    p = prefix
    ns = NS.replace("xmlns=", f"xmlns:{p[:-1]}=") if p else NS
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {ns}>{head}'
            f'<{p}sheetData>{body}</{p}sheetData>{tail}</{p}worksheet>').encode()


PLAIN = ('<row r="1" spans="1:4" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3" t="s"><v>1</v></c>'
         '<c r="C1"><v>1500000</v></c><c r="D1" s="1"><v>44197</v></c></row>'
         '<row r="2"><c r="A2" t="inlineStr"><is><t>2.13.02.2.01.01</t></is></c><c r="B2" t="n"><v>2.5</v></c>'
         '<c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c><c r="E2" s="2"/></row>'
         '<row r="4"/><row r="5"><c r="C5"><f>SUM(C1:C2)</f><v>1500002.5</v></c>'
         '<c r="D5" t="str"><f t="shared" ref="D5:D6" si="0">A2&amp;"x"</f><v>2.13x</v></c>'
         '<c r="F5" t="inlineStr"><is><t xml:space="preserve"> A &lt; B &amp; C &#233; &#x1F600; </t></is></c></row>'
         '<row r="6"><c r="D6" t="str"><f t="shared" si="0"/><v>y</v></c><c r="B6" t="s"><v>2</v></c></row>')


def test_plain_sheet_is_read_by_the_scan_with_the_same_rows():
    outcome, scanned = _same(_sheet(PLAIN))
    assert scanned == 5
    assert outcome == ("rows", [
        (1, ("Kode", "Nama Sub Kegiatan", 1500000, dt.date(2021, 1, 1))),
        (2, ("2.13.02.2.01.01", 2.5, True, "#N/A")),
        (4, ()),
        (5, (None, None, 1500002.5, "2.13x", None, " A < B & C é \U0001F600 ")),
        (6, (None, "Sarana & Prasarana", None, "y")),
    ])


def test_prefixed_elements_are_scanned():
    body = PLAIN.replace("<", "<x:").replace("<x:/", "</x:")
    outcome, scanned = _same(_sheet(body, prefix="x:"))
    assert scanned == 5 and outcome == _same(_sheet(PLAIN))[0]


HANDED_OVER = {
    "pretty printed": PLAIN.replace("><", ">\n  <"),
    "attributes in another order": PLAIN.replace('<c r="B1" s="3" t="s">', '<c r="B1" t="s" s="3">'),
    "row number after other attributes": PLAIN.replace('<row r="2">', '<row spans="1:5" r="2">'),
    "row without a number": PLAIN.replace('<row r="2">', "<row>"),
    "cell without a reference": PLAIN.replace('<c r="B2" t="n">', '<c t="n">'),
    "single quotes": PLAIN.replace('<c r="C1">', "<c r='C1'>"),
    "comment": PLAIN.replace("</row><row r=\"2\">", "</row><!-- </row> --><row r=\"2\">"),
    "CDATA": PLAIN.replace("<t>2.13.02.2.01.01</t>", "<t><![CDATA[2.13 & <b>]]></t>"),
    "processing instruction": PLAIN.replace('<row r="4"/>', '<?mso x?><row r="4"/>'),
    "rich text": PLAIN.replace("<is><t>2.13.02.2.01.01</t></is>", "<is><r><t>2.13</t></r><r><rPr/><t>.02</t></r></is>"),
    "phonetic run": PLAIN.replace("<is><t>2.13.02.2.01.01</t></is>",
                                  '<is><t>Kode</t><rPh sb="0" eb="1"><t>ko</t></rPh></is>'),
    "carriage return": PLAIN.replace("<v>2.13x</v>", "<v>a\r\nb\rc</v>"),
    "two values": PLAIN.replace("<v>1500000</v>", "<v>15</v><v>00</v>"),
    "greater-than in text": PLAIN.replace("<v>2.13x</v>", "<v>a > b</v>"),
    "character reference to a tab": PLAIN.replace("<v>2.13x</v>", "<v>a&#9;b&#13;</v>"),
    "cells outside a row": '<c r="A1" t="s"><v>0</v></c>' + PLAIN,
    "nested rows": PLAIN.replace('<row r="4"/>', '<row r="3"><row r="4"/></row>'),
    "dynamic array attribute": PLAIN.replace('<c r="C1">', '<c r="C1" cm="1">'),
    "column without a row number": PLAIN.replace('<c r="C1">', '<c r="C">'),
}


BROKEN = {
    "unknown entity": PLAIN.replace("&amp;", "&nbsp;"),
    "lone ampersand": PLAIN.replace("&amp;", "& "),
    "bad reference in a formula": PLAIN.replace('A2&amp;"x"', 'A2&>mp;"x"'),
    "reference to a control character": PLAIN.replace("&#233;", "&#1;"),
    "control character": PLAIN.replace("2.13x", "2.13\x01x"),
    "U+FFFF": PLAIN.replace("2.13x", "2.13\uffffx"),
    "]]> in text": PLAIN.replace("2.13x", "2.13]]>x"),
    "a row closed twice": PLAIN.replace('<row r="4"/>', '<row r="4"/></row>'),
    "a row never closed": PLAIN[: PLAIN.rindex("</row>")],
    "mismatched tag": PLAIN.replace("</v></c></row>", "</v></row></c>", 1),
    "bad shared-string index": PLAIN.replace("<v>2</v>", "<v>99</v>"),
    "shared-string index not a number": PLAIN.replace("<v>2</v>", "<v>x</v>"),
    "lower-case column": PLAIN.replace('<c r="C1">', '<c r="c1">'),
}


@pytest.mark.parametrize("body, ends", [(HANDED_OVER[case], "rows") for case in sorted(HANDED_OVER)]
                         + [(BROKEN[case], "error") for case in sorted(BROKEN)],
                         ids=sorted(HANDED_OVER) + sorted(BROKEN))
def test_other_and_broken_forms_read_as_expat_reads_them(body, ends):
    outcome, _ = _same(_sheet(body))
    assert outcome[0] == ends


@pytest.mark.parametrize("xml", [
    _sheet(PLAIN, head="<sheetPr>"),  # the prolog leaves an element open: </worksheet> does not match it
    _sheet(PLAIN, tail="<mergeCells><mergeCell ref='A1:B1'></mergeCells>"),
    _sheet(PLAIN)[:-40],  # cut off inside </sheetData>
    _sheet(PLAIN)[:-200],  # cut off inside a row
    _sheet(PLAIN) + b"<junk/>",
    _sheet(PLAIN).replace(b"2.13x", "2.13é".encode("latin-1")),  # not UTF-8
    b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "b">]>' + _sheet(PLAIN)[55:],
], ids=["open prolog", "bad tail", "cut in end tag", "cut in row", "junk after root", "invalid UTF-8", "DOCTYPE"])
def test_broken_documents_fail_as_expat_fails(xml):
    outcome, _ = _same(xml)
    assert outcome[0] == "error"


def test_doctype_is_refused_before_any_row():
    xml = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "b">]>' + _sheet(PLAIN)[55:]
    assert _read(xml, 1 << 20, True)[0] == ("error", "xml_entities")


def test_declared_latin1_is_read_by_expat():
    xml = _sheet(PLAIN.replace("2.13x", "2.13é")).replace(b"UTF-8", b"ISO-8859-1")
    xml = xml.replace("é".encode(), "é".encode("latin-1"))
    outcome, scanned = _same(xml)
    assert scanned == 0 and outcome[1][3][1][3] == "2.13é"


def test_long_values_and_wide_rows_hit_the_same_limits():
    long = PLAIN.replace("<v>2.13x</v>", "<v>" + "9" * 50 + "</v>")
    assert _same(_sheet(long), max_chars=40)[0] == ("error", "cell_too_large")
    assert _same(_sheet(PLAIN), max_columns=5)[0] == ("error", "too_many_columns")
    assert _same(_sheet(PLAIN), max_chars=10)[0] == ("error", "cell_too_large")  # a shared string over the limit
    escaped = PLAIN.replace("<v>2.13x</v>", "<v>" + "&amp;" * 8 + "</v>")  # 40 characters written, 8 read
    assert _same(_sheet(escaped), max_chars=30)[0][0] == "rows"


def test_a_late_oddity_hands_over_only_from_its_stretch():
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{"x" * 200}</t></is></c></row>'
                   for n in range(1, 3001))
    odd = rows.replace('<row r="2900">', '<row r="2900"><!-- catatan -->')
    outcome, scanned = _same(_sheet(odd), chunks=(1 << 20, 4096))  # the last: stretches of ~4 KB
    assert len(outcome[1]) == 3000
    assert 0 < scanned < 2900


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("&<>\"']]>\n\t "), max_size=12)
_value = st.one_of(st.none(), _text, st.integers(-10 ** 15, 10 ** 15), st.floats(allow_nan=False, allow_infinity=False),
                   st.booleans(), st.dates(dt.date(1901, 1, 1), dt.date(2100, 1, 1)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(_value, max_size=6), min_size=1, max_size=8), write_only=st.booleans())
def test_openpyxl_workbooks_read_the_same_either_way(rows, write_only):
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("Renja") if write_only else book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path = Path("contoh.xlsx")
    with zipfile.ZipFile(buffer) as archive:
        reader = XlsxReader(archive, path, ReadLimits())
        xml = archive.read("xl/worksheets/sheet1.xml")
        outcome, scanned = _same(xml, strings=reader.strings(), dates=reader.date_styles())
    assert outcome[0] == "rows"
    assert scanned == len(outcome[1])  # openpyxl writes the plain form: every row is the scan's


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_mutated_sheets_read_the_same_either_way(data):
    xml = bytearray(_sheet(PLAIN))
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.integers(0, len(xml) - 1))
        kind = data.draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if kind == "flip":
            xml[where] = data.draw(st.sampled_from(b'<>/"=&;#x \r\n\x00\xff\xc3ar1'))
        elif kind == "cut":
            del xml[where:]
        elif kind == "insert":
            xml[where:where] = data.draw(st.sampled_from([b"<", b"</row>", b"<row>", b"&amp;", b"<!--x-->", b"\xc3"]))
        else:
            del xml[where:where + data.draw(st.integers(1, 12))]
        if not xml:
            xml = bytearray(b"<")
    _same(bytes(xml))


def test_a_row_bigger_than_a_token_is_streamed_by_expat():
    cells = "".join(f'<c r="{get_column_letter(n)}1" t="inlineStr"><is><t>{"k" * 30000}</t></is></c>'
                    for n in range(1, 301))  # 9 MB in one row
    xml = _sheet(cells.join(['<row r="1">', '</row><row r="2"><c r="A2"><v>7</v></c></row>']))
    outcome, scanned = _same(xml, chunks=(1 << 17,))
    assert [len(values) for _, values in outcome[1]] == [300, 1] and scanned == 0


def test_workbook_reads_a_plain_sheet_and_leaves_the_file_alone(tmp_path):
    path = tmp_path / "renja.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu"])
    book.active.append(["2.13.02.2.01.01", "Fasilitasi & Pembinaan", 1_500_000])
    book.save(path)
    before = path.read_bytes()
    with open_workbook(path) as workbook:
        rows = list(next(workbook.sheets()).rows)
    assert rows == [(1, ("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu")),
                    (2, ("2.13.02.2.01.01", "Fasilitasi & Pembinaan", 1_500_000))]
    assert path.read_bytes() == before


# -- the shared-string table ---------------------------------------------------------------------------

SST = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
       'spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{body}</sst>')


def _strings_both(xml: bytes, chunk: int):
    """(what expat reads, or the error; what the scan reads, None where it leaves the part to expat)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", xml)
    with zipfile.ZipFile(buffer) as archive:
        try:
            expected: object = _read_strings(archive, "xl/sharedStrings.xml", Path("contoh.xlsx"), 1 << 20)
        except WorkbookError as exc:
            expected = ("error", exc.reason)
    try:
        scanned = scan_strings(iter([xml[i:i + chunk] for i in range(0, len(xml), chunk)]), Path("contoh.xlsx"),
                               "xl/sharedStrings.xml")
    except WorkbookError as exc:
        scanned = ("error", exc.reason)
    return expected, scanned


def _sst(*items: str) -> bytes:
    return SST.format(n=len(items), body="".join(items)).encode()


PLAIN_STRINGS = ("<si><t>Kode</t></si>", '<si><t xml:space="preserve"> Nama </t></si>', "<si><t/></si>",
                 "<si><t>Sarana &amp; Prasarana &#233; &lt;b&gt;</t></si>", "<si><t>baris\nkedua</t></si>")


@pytest.mark.parametrize("chunk", CHUNKS)
def test_a_plain_string_table_is_scanned(chunk):
    expected, scanned = _strings_both(_sst(*PLAIN_STRINGS), chunk)
    assert scanned == expected == ["Kode", " Nama ", "", "Sarana & Prasarana é <b>", "baris\nkedua"]


@pytest.mark.parametrize("items", [
    PLAIN_STRINGS + ("<si><r><t>2.13</t></r><r><rPr><b/></rPr><t>.02</t></r></si>",),  # formatted text
    PLAIN_STRINGS + ('<si><t>Kode</t><rPh sb="0" eb="1"><t>ko</t></rPh></si>',),
    PLAIN_STRINGS + ("<si><t>a\r\nb</t></si>",),
    PLAIN_STRINGS + ("<si>\n  <t>x</t>\n</si>",),
    PLAIN_STRINGS + ("<si><t>&nbsp;</t></si>",),
    PLAIN_STRINGS + ("<si><t>a]]>b</t></si>",),
    PLAIN_STRINGS + ("<si><t>a\x01b</t></si>",),
    PLAIN_STRINGS + ("<si><t>x</t>",),  # not closed
    PLAIN_STRINGS + ("<!-- c --><si><t>x</t></si>",),
], ids=["rich", "phonetic", "CR", "spaces", "entity", "]]>", "control", "unclosed", "comment"])
def test_other_string_tables_are_left_to_expat(items):
    for chunk in (1, 64, 1 << 20):
        expected, scanned = _strings_both(_sst(*items), chunk)
        assert scanned is None or scanned == expected


@pytest.mark.parametrize("xml", [
    _sst(*PLAIN_STRINGS) + b"<x/>",
    _sst(*PLAIN_STRINGS)[:-3],
    _sst(*PLAIN_STRINGS).replace(b"</sst>", b"<extLst><ext/></sst>"),
    b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "b">]>' + _sst(*PLAIN_STRINGS)[55:],
], ids=["junk after root", "cut off", "bad tail", "DOCTYPE"])
def test_broken_string_tables_fail_as_expat_fails(xml):
    for chunk in (1, 64, 1 << 20):
        expected, scanned = _strings_both(xml, chunk)
        assert expected[0] == "error" and (scanned is None or scanned == expected)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(_text, min_size=1, max_size=10), preserve=st.booleans())
def test_written_string_tables_are_scanned_as_expat_reads_them(texts, preserve):
    space = ' xml:space="preserve"' if preserve else ""
    xml = _sst(*(f"<si><t{space}>{escape(t)}</t></si>" for t in texts))
    for chunk in (7, 1 << 20):
        expected, scanned = _strings_both(xml, chunk)
        assert scanned == expected == texts  # plain <si><t> only: none is left to expat
