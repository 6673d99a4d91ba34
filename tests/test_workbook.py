"""Reading real workbooks (written with openpyxl, hand-built xlsx/ods parts, csv, the real samples)."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from nomenklatur.workbook import REASONS, CellError, WorkbookError, cell_ref, column_letter, open_workbook
from nomenklatur.workbook.model import split_ref

SAMPLES = ("morowali_rkpd_perubahan_2021.xls", "pasangkayu_format_subkegiatan_renja_dpa_2024.xlsx",
           "pasangkayu_form_rincian_renja_dpa_2024.xlsx")

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def read(path: Path, **kwargs) -> dict[str, list]:
    """Sheet name -> its rows, read through the public API."""
    with open_workbook(path, **kwargs) as book:
        return {sheet.name: list(sheet.rows) for sheet in book.sheets()}


def build_xlsx(path: Path, sheet: str, strings: str | None = None, styles: str | None = None,
               workbook_pr: str = "", main: str = XLSX_MAIN) -> Path:
    """A minimal xlsx written part by part, to control exactly what the XML holds."""
    overrides = f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
    rels = (f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
               if strings else "")
            + (f'<Relationship Id="rId3" Type="{REL_NS}/styles" Target="/xl/styles.xml"/>' if styles else ""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml",
                         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="xml" ContentType="application/xml"/>' + overrides + "</Types>")
        archive.writestr("_rels/.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
                         "</Relationships>")
        archive.writestr("xl/workbook.xml",
                         f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{workbook_pr}'
                         '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         + rels + "</Relationships>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings:
            archive.writestr("xl/sharedStrings.xml", strings)
        if styles:
            archive.writestr("xl/styles.xml", styles)
    return path


def calamine_rows(path: Path, sheet: str) -> list:
    """The same sheet through python-calamine, tidied the way the reader documents (for cross-checks)."""
    rows = []
    for number, raw in enumerate(CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).iter_rows(), 1):
        values = [None if v == "" else int(v) if isinstance(v, float) and v.is_integer() else
                  v.date() if isinstance(v, dt.datetime) and v.time() == dt.time() else v for v in raw]
        while values and values[-1] is None:
            values.pop()
        if values:
            rows.append((number, tuple(values)))
    return rows


# -- xlsx ------------------------------------------------------------------------------------------


def test_xlsx_values_are_raw_typed_and_located(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Renja"
    sheet.append(["  Kode  ", "", None, 5, 2.5, True, dt.date(2024, 1, 31), dt.datetime(2024, 1, 31, 13, 30),
                  "=1+1", "#REF!", "akhir"])
    sheet["C4"] = "1.02.02.2.01.0001"
    sheet["D4"] = 9336387600
    book.save(tmp_path / "nilai.xlsx")
    rows = read(tmp_path / "nilai.xlsx")["Renja"]
    assert rows == [
        (1, ("  Kode  ", None, None, 5, 2.5, True, dt.date(2024, 1, 31), dt.datetime(2024, 1, 31, 13, 30),
             None, CellError("#REF!"), "akhir")),
        (4, (None, None, "1.02.02.2.01.0001", 9336387600)),
    ]
    error = rows[0][1][9]
    assert isinstance(error, CellError) and error == "#REF!" and not isinstance(rows[0][1][10], CellError)


def test_xlsx_sheets_merges_and_visibility(tmp_path):
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Data"
    first["A1"] = "Kode"
    first.merge_cells("A1:C1")
    first.merge_cells("A2:A4")
    hidden = book.create_sheet("Lampiran")
    hidden["B2"] = "x"
    hidden.sheet_state = "hidden"
    book.save(tmp_path / "dua.xlsx")
    with open_workbook(tmp_path / "dua.xlsx") as workbook:
        assert workbook.format == "xlsx"
        assert workbook.sheet_names == ["Data", "Lampiran"]
        assert sorted(workbook.merged_ranges("Data")) == [(1, 1, 1, 3), (2, 1, 4, 1)]
        assert workbook.merged_ranges("Lampiran") == []
        sheets = list(workbook.sheets())
        assert [(s.name, s.index, s.visible) for s in sheets] == [("Data", 0, True), ("Lampiran", 1, False)]
        assert list(sheets[1].rows) == [(2, (None, "x"))]
        with pytest.raises(KeyError):
            workbook.merged_ranges("Tidak Ada")


def test_xlsx_parts_shared_strings_styles_prefixes_and_1904(tmp_path):
    strings = (f'<sst xmlns="{MAIN_NS}"><si><t xml:space="preserve"> Kode </t></si>'
               "<si><r><t>Sub </t></r><r><rPr><b/></rPr><t>Kegiatan</t></r><rPh><t>ふりがな</t></rPh></si>"
               "<si><t></t></si></sst>")
    styles = (f'<styleSheet xmlns="{MAIN_NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
              '</numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4">'
              '<xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="3"/><xf numFmtId="46"/></cellXfs></styleSheet>')
    sheet = (f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData>'
             '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="B2" t="s"><x:v>1</x:v></x:c>'
             '<x:c r="C2" t="s"><x:v>2</x:v></x:c><x:c r="D2" s="1"><x:v>366</x:v></x:c>'
             '<x:c r="E2" s="2"><x:v>1E3</x:v></x:c><x:c r="F2" s="0"><x:v>0.5</x:v></x:c></x:row>'
             "<x:row><x:c><x:v>7</x:v></x:c><x:c t=\"b\"><x:v>0</x:v></x:c><x:c t=\"e\"><x:v>#DIV/0!</x:v></x:c>"
             '<x:c t="str"><x:f>A1</x:f><x:v>teks</x:v></x:c><x:c t="d"><x:v>2021-03-04T00:00:00</x:v></x:c>'
             '<x:c s="3"><x:v>1.5</x:v></x:c><x:c><x:f>SUM(A1)</x:f></x:c>'
             '<x:c t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t></x:r></x:is></x:c></x:row>'
             "</x:sheetData></x:worksheet>")
    path = build_xlsx(tmp_path / "bagian.xlsx", sheet, strings, styles, '<x:workbookPr xmlns:x="'
                      + MAIN_NS + '" date1904="1"/>')
    assert read(path)["Data"] == [
        (2, (" Kode ", "Sub Kegiatan", None, dt.date(1905, 1, 1), 1000, 0.5)),  # 1904 epoch
        (3, (7, False, CellError("#DIV/0!"), "teks", dt.date(2021, 3, 4), dt.timedelta(hours=36), None,
             "inline")),
    ]


def test_xlsx_reader_agrees_with_calamine_on_generated_file(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    for i in range(1, 60):
        sheet.append([f"1.02.{i:02d}", f"Nama {i}\nbaris dua", i * 1000.5, i, dt.date(2021, 1, i % 28 + 1),
                      None if i % 3 else "catatan", i % 2 == 0])
    sheet.append([])
    sheet.append([None, None, "akhir"])
    book.save(tmp_path / "banding.xlsx")
    assert read(tmp_path / "banding.xlsx")["S"] == calamine_rows(tmp_path / "banding.xlsx", "S")


def test_xlsm_is_recognised_by_content_type(tmp_path):
    path = build_xlsx(tmp_path / "makro.xlsx", f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1">'
                      '<c r="A1" t="inlineStr"><is><t>a</t></is></c></row></sheetData></worksheet>',
                      main="application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    with open_workbook(path) as workbook:
        assert workbook.format == "xlsm"
        assert [list(s.rows) for s in workbook.sheets()] == [[(1, ("a",))]]


# -- real samples ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES[1:])
def test_real_xlsx_samples_agree_with_calamine(reference, name):
    path = reference / "samples-real" / name
    with open_workbook(path) as workbook:
        assert workbook.format == "xlsx"
        for sheet in workbook.sheets():
            assert list(sheet.rows) == calamine_rows(path, sheet.name)


def test_real_morowali_xls(reference, tmp_path):
    path = reference / "samples-real" / SAMPLES[0]
    with open_workbook(path) as workbook:
        assert workbook.format == "xls"
        assert workbook.sheet_names == ["Sheet1", "Sheet2"]
        assert (5, 1, 7, 5) in workbook.merged_ranges("Sheet1")  # the merged "Kode" header, A5:E7
        rows = dict(next(workbook.sheets()).rows)
    assert rows[2] == ("Rancangan Perubahan Rencana Kerja Pemerintah Daerah (RKPD)",)
    assert rows[5][0] == "Kode" and rows[7][7:9] == ("Menjadi", "RKPD 2021 Perubahan")
    assert rows[12][:5] == (1, 1, 2, "2.01", 1)  # floats 1.0 read as int 1; kegiatan is text
    assert rows[12][7] == "0.02\xa0unit"  # raw: the non-breaking space is kept
    assert rows[247] == ("TOTAL", None, None, None, None, None, None, None, 276991923922)
    assert 1 not in rows and max(rows) == 247


def test_format_is_chosen_by_content_not_extension(reference, tmp_path):
    real = reference / "samples-real"
    disguised = tmp_path / "sebenarnya_xls.xlsx"
    shutil.copyfile(real / SAMPLES[0], disguised)
    as_csv = tmp_path / "sebenarnya_xlsx.csv"
    shutil.copyfile(real / SAMPLES[1], as_csv)
    with open_workbook(disguised) as workbook:
        assert workbook.format == "xls"
    assert read(disguised) == read(real / SAMPLES[0])
    with open_workbook(as_csv) as workbook:
        assert workbook.format == "xlsx"
    text_as_xls = tmp_path / "teks.xls"
    text_as_xls.write_text("kode;nama\n1.01;Pendidikan\n", encoding="utf-8")
    with open_workbook(text_as_xls) as workbook:
        assert workbook.format == "csv"
        assert list(next(workbook.sheets()).rows) == [(1, ("kode", "nama")), (2, ("1.01", "Pendidikan"))]


# -- ods -------------------------------------------------------------------------------------------


def build_ods(path: Path, body: str, prolog: str = "", manifest_extra: str = "") -> Path:
    content = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
                f"{manifest_extra}</manifest:file-entry></manifest:manifest>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


ODS_TABLE = ('<table:table table:name="Renja"><table:table-row>'
             '<table:table-cell office:value-type="string"><text:p>Kode</text:p></table:table-cell>'
             '<table:table-cell office:value-type="string"><text:p>Pagu</text:p></table:table-cell>'
             "</table:table-row><table:table-row>"
             '<table:table-cell office:value-type="string"><text:p>1.01.02</text:p></table:table-cell>'
             '<table:table-cell office:value-type="float" office:value="1500000"><text:p>1500000</text:p>'
             "</table:table-cell></table:table-row></table:table>")


def test_ods_is_read_through_calamine(tmp_path):
    path = build_ods(tmp_path / "renja.ods", ODS_TABLE)
    with open_workbook(path) as workbook:
        assert workbook.format == "ods"
        assert workbook.sheet_names == ["Renja"]
        assert workbook.merged_ranges("Renja") == []  # calamine does not report ods merges
        assert list(next(workbook.sheets()).rows) == [(1, ("Kode", "Pagu")), (2, ("1.01.02", 1500000))]


# -- csv -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, text", [
    ("cp1252", "kode,uraian,pagu\n1.01,Belanja café – ATK,\"1.500,00\"\n"),
    ("utf-8-sig", "kode,uraian,pagu\n1.01,Belanja café – ATK,\"1.500,00\"\n"),
    ("utf-16", "kode\turaian\tpagu\n1.01\tBelanja café – ATK\t1.500,00\n"),
    ("utf-16-le", "kode|uraian|pagu\n1.01|Belanja café – ATK|1.500,00\n"),
    ("utf-8", "kode;uraian;pagu\n1.01;Belanja café – ATK;1.500,00\n"),
])
def test_csv_encodings_and_delimiters(tmp_path, encoding, text):
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode(encoding))
    with open_workbook(path) as workbook:
        assert (workbook.format, workbook.sheet_names) == ("csv", ["data"])
        rows = list(next(workbook.sheets()).rows)
    assert rows == [(1, ("kode", "uraian", "pagu")), (2, ("1.01", "Belanja café – ATK", "1.500,00"))]


def test_csv_semicolons_with_decimal_commas_quotes_and_blank_rows(tmp_path):
    path = tmp_path / "rkpd.csv"
    path.write_text('Kode;Nama;Pagu;Ket\n1.01;"Program; dengan titik koma";1.234,50;\n\n'
                    ';"dua\nbaris";  ;\n1.02;Kegiatan;7,5;x\n', encoding="utf-8")
    assert read(path)["rkpd"] == [
        (1, ("Kode", "Nama", "Pagu", "Ket")),
        (2, ("1.01", "Program; dengan titik koma", "1.234,50")),
        (4, (None, "dua\nbaris", "  ")),
        (5, ("1.02", "Kegiatan", "7,5", "x")),
    ]


def test_csv_single_column_falls_back_to_comma(tmp_path):
    path = tmp_path / "satu.csv"
    path.write_text("kode\n1.01\n1.02\n", encoding="utf-8")
    assert read(path)["satu"] == [(1, ("kode",)), (2, ("1.01",)), (3, ("1.02",))]


# -- references and messages -----------------------------------------------------------------------


@pytest.mark.parametrize("col, letters", [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"),
                                          (702, "ZZ"), (703, "AAA"), (16384, "XFD")])
def test_column_letter(col, letters):
    assert column_letter(col) == letters


def test_cell_ref_and_bad_input():
    assert cell_ref(17, 4) == "D17"
    with pytest.raises(ValueError):
        column_letter(0)
    with pytest.raises(ValueError):
        cell_ref(0, 1)


@given(st.integers(1, 1_048_576), st.integers(1, 16_384))
def test_cell_ref_round_trips(row, col):
    assert split_ref(cell_ref(row, col)) == (row, col)


@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_has_a_message_naming_file_and_sheet(reason):
    error = WorkbookError(reason, "/data/renja_2024.xlsx", "detail", sheet="Sub Kegiatan", limit=10,
                          size=20, column=600, cell="B7", ratio=900, hint="html", rows=70_000, columns=40,
                          cells=2_800_000, count=20_000, what="sheets")
    for lang in ("id", "en"):
        text = error.message(lang)
        assert "renja_2024.xlsx" in text and "Sub Kegiatan" in text
        assert "{" not in text and "?" not in text.replace("?)", "")
    assert error.message() == error.message("id") != error.message("en")
    assert error.reason == reason and error.path == "/data/renja_2024.xlsx" and error.detail == "detail"


def test_unknown_reason_is_a_programming_error():
    with pytest.raises(ValueError):
        WorkbookError("rusak", "x.xlsx")
