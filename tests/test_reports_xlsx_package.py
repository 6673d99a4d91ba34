"""The annotated copy is the original package edited, not reloaded (issue 17 item 2): every part the annotation
does not touch keeps its bytes (images, charts, tables, the macro project), the touched ones keep what they
held (formats, validation, conditional formats, defined names, formulas, the user's notes), and the copy opens
in openpyxl and in LibreOffice. An xlsm keeps its macros and so must be named .xlsm."""

from __future__ import annotations

import base64
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from conftest import run_cli
from report_books import write_proposal

from nomenklatur.findings import Finding, Location
from nomenklatur.reports.tanda import TALL, Merges, marked_rows, marks
from nomenklatur.temuan import packed

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8  # stands for a macro project: kept, never read
IMAGE = ('<oneCellAnchor><from><col>1</col><colOff>0</colOff><row>8</row><rowOff>0</rowOff></from><ext cx="95250" '
         'cy="95250"/><pic><nvPicPr><cNvPr id="2" name="Logo"/><cNvPicPr/></nvPicPr><blipFill><a:blip r:embed="rIdImg"/>'
         '<a:stretch><a:fillRect/></a:stretch></blipFill><spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></spPr>'
         '</pic><clientData/></oneCellAnchor>')
# what the annotation may change in the rich workbook; everything else must keep its bytes
TOUCHED = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
           "xl/worksheets/sheet1.xml", "xl/comments/comment1.xml", "xl/drawings/commentsDrawing1.vml",  # Renja
           "xl/worksheets/sheet2.xml",  # Lampiran: its tab was the selected one
           "xl/worksheets/sheet3.xml", "xl/worksheets/_rels/sheet3.xml.rels"}  # Dinas: flagged, had no notes


def _rezip(path: Path, changed: dict[str, bytes]) -> None:
    """Replace or add members of a zip (openpyxl cannot write images without Pillow, nor macro projects)."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members.update(changed)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def rich_workbook(path: Path, macro: bool = False) -> Path:
    """The report proposal (report_books) with data validation, a conditional format, a bold text-formatted
    flagged cell, a sheet-local and a global defined name, formulas, a chart and an image on "Lampiran" (whose
    tab is selected), and a sheet "Dinas" with a wrong name, a merged area, a chart and a table but no notes;
    with `macro`, an xlsm with a macro project."""
    write_proposal(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Renja"]
    validation = DataValidation(type="list", formula1='"Desa Long Ikis,Desa Kuaro"', allow_blank=True)
    ws.add_data_validation(validation)
    validation.add("D2:D10")
    ws.conditional_formatting.add("C2:C10", CellIsRule(operator="greaterThan", formula=["100000000"],
                                                       fill=PatternFill("solid", fgColor="00FF00")))
    ws["A5"].font = Font(bold=True, italic=True)
    ws["A5"].number_format = "@"
    ws.defined_names["lokal"] = DefinedName("lokal", attr_text="Renja!$A$2")
    wb.defined_names["Total"] = DefinedName("Total", attr_text="Lampiran!$B$2")
    lampiran = wb["Lampiran"]
    chart = BarChart()
    chart.add_data(Reference(lampiran, min_col=3, min_row=2, max_row=2))
    lampiran.add_chart(chart, "E5")
    dinas = wb.create_sheet("Dinas")
    for row in (("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu"),
                ("2.13.02.2.01.01", "Pembentukan Desa Salah", 1000),
                ("2.13.02.2.01.03", "Fasilitasi Penataan Kewenangan Desa", "=C2*2")):
        dinas.append(row)
    dinas.merge_cells("D1:E1")
    chart = BarChart()
    chart.add_data(Reference(dinas, min_col=3, min_row=1, max_row=3), titles_from_data=True)
    dinas.add_chart(chart, "G2")
    dinas.add_table(Table(displayName="UsulanDinas", ref="A1:C3"))
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        lampiran_xml = archive.read("xl/worksheets/sheet2.xml").decode()
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
        drawing_rels = archive.read("xl/drawings/_rels/drawing1.xml.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
        workbook = archive.read("xl/workbook.xml").decode()
        workbook_rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    assert 'activeTab="0"' in workbook and "tabSelected" not in lampiran_xml
    types = types.replace("<Default ", '<Default Extension="png" ContentType="image/png"/><Default ', 1)
    changed = {
        "xl/workbook.xml": workbook.replace('activeTab="0"', 'activeTab="1"').encode(),
        "xl/worksheets/sheet2.xml": lampiran_xml.replace("<sheetView ", '<sheetView tabSelected="1" ', 1).encode(),
        "xl/drawings/drawing1.xml": drawing.replace("</wsDr>", IMAGE + "</wsDr>").encode(),
        "xl/drawings/_rels/drawing1.xml.rels": drawing_rels.replace("</Relationships>", (
            '<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'image" Target="../media/image1.png"/></Relationships>')).encode(),
        "xl/media/image1.png": PNG,
    }
    if macro:
        types = types.replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            "</Types>", '<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                        "</Types>")
        changed["xl/vbaProject.bin"] = VBA
        changed["xl/_rels/workbook.xml.rels"] = workbook_rels.replace("</Relationships>", (
            '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            'Target="vbaProject.bin"/></Relationships>')).encode()
    changed["[Content_Types].xml"] = types.encode()
    _rezip(path, changed)
    return path


@pytest.fixture(scope="module", params=["xlsx", "xlsm"])
def copied(request, tmp_path_factory) -> tuple[Path, Path]:
    """(the rich workbook, its annotated copy), as xlsx and as xlsm."""
    folder = tmp_path_factory.mktemp(request.param)
    source = rich_workbook(folder / f"usulan.{request.param}", macro=request.param == "xlsm")
    out = folder / f"koreksi.{request.param}"
    done = run_cli("check", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--format", "xlsx", "-o", str(out))
    assert done.returncode == 1, done.stderr
    return source, out


def _raw(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member's compressed bytes as stored."""
    info = archive.getinfo(name)
    with open(archive.filename, "rb") as handle:
        handle.seek(info.header_offset + 26)
        name_len, extra_len = struct.unpack("<2H", handle.read(4))
        handle.seek(info.header_offset + 30 + name_len + extra_len)
        return handle.read(info.compress_size)


def test_every_untouched_part_keeps_its_bytes(copied) -> None:
    source, out = copied
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(out) as b:
        assert b.testzip() is None
        changed = {name for name in a.namelist() if a.read(name) != b.read(name)}
        assert changed == TOUCHED
        for name in set(a.namelist()) - TOUCHED:
            assert _raw(a, name) == _raw(b, name), name  # copied raw, not inflated and deflated again
        if source.suffix == ".xlsm":
            assert b.read("xl/vbaProject.bin") == VBA
            assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in b.read("[Content_Types].xml").decode()
        # the selected tab's sheet lost only its selection, which the Koreksi tab now has
        assert b.read("xl/worksheets/sheet2.xml") == a.read("xl/worksheets/sheet2.xml").replace(b' tabSelected="1"', b"")
        for sheet in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"):  # what is around the cells stays
            before, after = a.read(sheet), b.read(sheet)
            assert after[:after.index(b"<sheetData")] == before[:before.index(b"<sheetData")]
            tail = re.sub(rb"<legacyDrawing [^>]*rIdNk[^>]*/>", b"", after[after.index(b"</sheetData>"):])  # Dinas had none
            assert tail == before[before.index(b"</sheetData>"):]


def test_copy_keeps_formats_validation_conditional_formats_names_formulas_and_notes(copied) -> None:
    source, out = copied
    wb = openpyxl.load_workbook(out, keep_vba=source.suffix == ".xlsm")
    assert wb.sheetnames == ["Koreksi", "Renja", "Lampiran", "Dinas"] and wb.active.title == "Koreksi"
    ws = wb["Renja"]
    assert ws["A5"].fill.fgColor.rgb.endswith("FFC7CE") and "NK201" in ws["A5"].comment.text  # flagged …
    assert ws["A5"].font.b and ws["A5"].font.i and ws["A5"].number_format == "@"  # … and as it was
    assert ws["C3"].number_format == "#,##0" and ws["C3"].fill.fill_type is None
    assert ws["D2"].comment.text == "dicek 12 Maret"
    assert [str(v.sqref) for v in ws.data_validations.dataValidation] == ["D2:D10"]
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["C2:C10"]
    assert ws.defined_names["lokal"].attr_text == "Renja!$A$2"  # still Renja's, though Renja moved one place on
    assert wb.defined_names["Total"].attr_text == "Lampiran!$B$2"
    assert wb["Lampiran"]["B2"].value == "=SUM(Renja!C2:C10)" and wb["Dinas"]["C3"].value == "=C2*2"
    dinas = wb["Dinas"]
    assert dinas["B2"].fill.fgColor.rgb.endswith("FFC7CE") and "NK202" in dinas["B2"].comment.text
    assert dinas.tables["UsulanDinas"].ref == "A1:C3"
    assert [bool(s.sheet_view.tabSelected) for s in wb.worksheets] == [True, False, False, False]


def test_a_new_legacy_drawing_goes_where_the_schema_puts_it(copied) -> None:
    _, out = copied
    with zipfile.ZipFile(out) as archive:
        dinas = archive.read("xl/worksheets/sheet3.xml").decode()
    assert dinas.index("<drawing ") < dinas.index("<legacyDrawing ") < dinas.index("<tableParts")


def test_copy_opens_in_libreoffice(copied, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) tidak terpasang")
    _, out = copied
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--norestore",
                           "--convert-to", "csv", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, text=True, timeout=120, check=False)
    csv = tmp_path / (out.stem + ".csv")
    assert done.returncode == 0 and csv.is_file(), done.stderr
    assert csv.read_bytes().startswith(b"Koreksi nomenklatur")  # the first sheet, as LibreOffice read it


def test_an_xlsm_copy_must_be_named_xlsm(tmp_path: Path) -> None:
    source = rich_workbook(tmp_path / "usulan.xlsm", macro=True)
    wrong = tmp_path / "koreksi.xlsx"
    done = run_cli("check", str(source), "--tahun", "2021", "--format", "xlsx", "-o", str(wrong))
    assert done.returncode == 2 and ".xlsm" in done.stderr and "makro" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not wrong.exists()
    plain = write_proposal(tmp_path / "biasa.xlsx")
    done = run_cli("check", str(plain), "--tahun", "2021", "--format", "xlsx", "-o", str(tmp_path / "k.xlsm"),
                   "--lang", "en")
    assert done.returncode == 2 and "no macros" in done.stderr and ".xlsx" in done.stderr, done.stderr


def test_a_package_the_editor_cannot_take_gets_a_values_copy(tmp_path: Path) -> None:
    """Content types written with a namespace prefix (valid XML, but not what the text edits expect): the copy
    holds the values, annotated the same way."""
    source = write_proposal(tmp_path / "usulan.xlsx")
    with zipfile.ZipFile(source) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = re.sub(r"<(/?)(Types|Default|Override)\b", r"<\1ct:\2", types).replace('xmlns="', 'xmlns:ct="', 1)
    _rezip(source, {"[Content_Types].xml": types.encode()})
    out = tmp_path / "koreksi.xlsx"
    done = run_cli("check", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--format", "xlsx", "-o", str(out))
    assert done.returncode == 1, done.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Koreksi", "Renja", "Lampiran"]
    assert any("bukan xlsx" in str(c.value) for c in wb["Koreksi"]["A"])
    assert wb["Renja"]["B4"].fill.fgColor.rgb.endswith("FFC7CE") and "NK202" in wb["Renja"]["B4"].comment.text


def _finding(cell: str, severity: str = "error") -> Finding:
    return Finding("NK202", "name-mismatch", severity, {"id": "x"}, Location("f.xlsx", "S", cell))


def test_a_merged_area_s_cells_up_to_its_edges_have_its_top_left_cell_tall_areas_too() -> None:
    merges = Merges([(2, 2, 4, 3), (20, 1, 20 + TALL, 2)])  # B2:C4, and A20:B10020 (looked up one by one)
    assert [merges.anchor(r, c) for r, c in ((2, 2), (3, 2), (4, 3), (4, 4), (5, 2), (3, 1))] == [
        (2, 2), (2, 2), (2, 2), (4, 4), (5, 2), (3, 1)]
    assert [merges.anchor(r, c) for r, c in ((20, 2), (21, 1), (20 + TALL, 2), (21 + TALL, 1), (25, 3), (19, 1))] == [
        (20, 1), (20, 1), (20, 1), (21 + TALL, 1), (25, 3), (19, 1)]
    assert merges.height == TALL + 1


def test_a_finding_without_a_cell_is_passed_over_and_the_rest_still_marked() -> None:
    found = [_finding("A1"), Finding("NK006", "layout", "error", {"id": "x"}, Location("f.xlsx", "S", None)),
             _finding("C2"), _finding("B2")]
    for merges in (Merges([]), Merges([(5, 1, 6, 2)])):
        assert [(row, col) for row, col, _ in marks(map(packed, found), merges)] == [(1, 1), (2, 2), (2, 3)]


@pytest.mark.parametrize(("cells", "expected"), [
    (["A5", "C3", "B5", "A6"], [(5, [(5, 1, ["A5"])]), (6, [(6, 1, ["A6"])])]),
    (["B2", "A2", "B2", "C1", "A3"], [(2, [(2, 1, ["A2"]), (2, 2, ["B2", "B2"])]), (3, [(3, 1, ["A3"])])]),
    (["A1", "A1", "B1", "A2"], [(1, [(1, 1, ["A1", "A1"]), (1, 2, ["B1"])]), (2, [(2, 1, ["A2"])])]),
])
def test_rows_are_marked_a_row_at_a_time_and_a_row_out_of_order_is_left_out(cells: list[str], expected: list) -> None:
    """The rows `edit` takes from a sheet without merged cells: a row's marks in column order, each row once, rows
    only ascending (a row that comes after a later one cannot be placed), as `_by_row` groups `marks`."""
    from nomenklatur.reports.tanda import _by_row

    def shown(rows):
        return [(row, [(r, c, [t[4][2] for t in fs]) for r, c, fs in marked]) for row, marked in rows]

    found = [_finding(c) for c in cells]
    assert shown(marked_rows(map(packed, found), Merges([]))) == expected
    assert shown(_by_row(marks(map(packed, found), Merges([])))) == expected


def test_flags_in_a_merged_area_go_on_its_top_left_cell_in_sheet_order() -> None:
    merges = Merges([(2, 2, 4, 3), (1, 5, 1, 6)])  # B2:C4 and E1:F1
    found = [_finding("A1"), _finding("F1"), _finding("B2"), _finding("AA3"), _finding("B3"), _finding("C3", "warning"),
             _finding("D3")]  # as reports order them: by row, then column letters
    assert [(row, col, [t[4][2] for t in fs]) for row, col, fs in marks(map(packed, found), merges)] == [
        (1, 1, ["A1"]), (1, 5, ["F1"]), (2, 2, ["B2", "B3", "C3"]), (3, 4, ["D3"]), (3, 27, ["AA3"])]


def test_a_flagged_cell_that_does_not_exist_is_inserted_in_row_and_column_order(tmp_path: Path) -> None:
    """The sheet editor on its own: cells swapped or inserted among existing ones (a row's one flagged cell found
    by its reference, not first in its row), rows inserted, a row without r="" counted, a row's own format
    (customFormat) given to its new cells, spans dropped where a cell was added, and the <legacyDrawing> after
    <pageMargins>; the sheet read in 7-byte pieces."""
    from nomenklatur.reports.gaya import Styles
    from nomenklatur.reports.tanda import Notes, edit, scan

    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1" spans="1:3"><c r="A1" s="1"><v>1</v></c><c r="C1"><v>3</v></c></row>'
             b'<row r="3" spans="1:1" s="1" customFormat="1"><c r="A3"/></row>'
             b'<row r="4"><c r="A4"/><c r="B4" s="1"><v>4</v></c><c r="C4"/></row><row r="5"/>'
             b'<row><c><v>1</v></c><c s="1"><v>2</v></c></row></sheetData><pageMargins left="1" right="1" top="1" '
             b'bottom="1" header="0" footer="0"/></worksheet>')
    styles = Styles(zipfile.ZipFile(write_proposal(tmp_path / "u.xlsx")).read("xl/styles.xml").decode())
    found = [_finding("B1"), _finding("C1", "warning"), _finding("A2"), _finding("B3"), _finding("B4"), _finding("A5"), _finding("B6"),
             _finding("B9")]
    def pieces() -> Iterator[bytes]:
        return iter([sheet[i:i + 7] for i in range(0, len(sheet), 7)])

    scanned = scan(pieces(), True)
    notes = Notes(None, None)
    out = b"".join(edit(pieces(), scanned, marked_rows(map(packed, found), Merges(scanned.merges)), styles, notes, "id", "rIdX"))
    error, warning, row_error = styles.flagged(0, "error"), styles.flagged(0, "warning"), styles.flagged(1, "error")
    assert out.decode() == (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="{error}"/><c r="C1" s="{warning}"><v>3</v>'
        f'</c></row><row r="2"><c r="A2" s="{error}"/></row><row r="3" s="1" customFormat="1"><c r="A3"/>'
        f'<c r="B3" s="{row_error}"/></row><row r="4"><c r="A4"/><c r="B4" s="{row_error}"><v>4</v></c><c r="C4"/>'
        f'</row><row r="5"><c r="A5" s="{error}"/></row><row><c><v>1</v></c>'
        f'<c s="{row_error}"><v>2</v></c></row><row r="9"><c r="B9" s="{error}"/></row></sheetData><pageMargins '
        'left="1" right="1" top="1" bottom="1" header="0" footer="0"/><legacyDrawing xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships" r:id="rIdX"/></worksheet>')
    notes.close()
    comments = zlib.decompress(notes.comments.file.read(), -15).decode()
    assert re.findall(r'<comment ref="(\w+)"', comments) == ["B1", "C1", "A2", "B3", "B4", "A5", "B6", "B9"]


def test_a_cell_with_two_findings_gets_one_note_naming_both_in_the_worse_colour(tmp_path: Path) -> None:
    from nomenklatur.reports.gaya import Styles
    from nomenklatur.reports.tanda import Notes, edit, scan

    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>')
    styles = Styles(zipfile.ZipFile(write_proposal(tmp_path / "u.xlsx")).read("xl/styles.xml").decode())
    two = [Finding("NK201", "unknown-code", "warning", {"id": "satu"}, Location("f.xlsx", "S", "A1")),
           Finding("NK202", "name-mismatch", "error", {"id": "dua"}, Location("f.xlsx", "S", "A1")),
           Finding("NK201", "unknown-code", "warning", {"id": "satu"}, Location("f.xlsx", "S", "A2")),
           Finding("NK203", "outdated-code", "warning", {"id": "tiga"}, Location("f.xlsx", "S", "A2")),
           Finding("NK201", "unknown-code", "warning", {"id": "satu"}, Location("f.xlsx", "S", "A3"))]
    notes = Notes(None, None)
    out = b"".join(edit(iter([sheet]), scan(iter([sheet]), True), marked_rows(map(packed, two), Merges([])), styles, notes, "id", "rId1"))
    assert f'<c r="A1" s="{styles.flagged(0, "error")}">'.encode() in out
    notes.close()
    comments = zlib.decompress(notes.comments.file.read(), -15).decode()
    a1, a2, a3 = re.findall(r'<comment ref="A\d".*?</comment>', comments, re.S)
    assert "[NK201 peringatan] satu" in a1 and "[NK202 galat] dua" in a1, a1
    assert "[NK201 peringatan] satu" in a2 and "tiga" in a2 and "dua" not in a2, a2  # each pair its own note
    assert "[NK201 peringatan] satu" in a3 and "dua" not in a3 and "tiga" not in a3, a3


def test_start_tags_alike_on_many_rows_are_swapped_alike_spaces_and_severity_kept_apart(tmp_path: Path) -> None:
    """The one flagged cell of a row is swapped after its r="" (what follows is made once for all rows alike):
    a space before ">" or "/>" is not doubled, the style moves to the end of the tag, and rows whose tags are
    alike but whose findings differ in severity get each its own colour."""
    from nomenklatur.reports.gaya import Styles
    from nomenklatur.reports.tanda import Notes, edit, scan

    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" s="1" t="s" ><v>0</v></c></row>'
             b'<row r="2"><c r="A2" s="1" t="s" ><v>0</v></c></row>'
             b'<row r="3"><c r="A3" s="1" t="s" ><v>0</v></c></row>'
             b'<row r="4"><c r="A4" s="1" /></row></sheetData></worksheet>')
    styles = Styles(zipfile.ZipFile(write_proposal(tmp_path / "u.xlsx")).read("xl/styles.xml").decode())
    found = [_finding("A1"), _finding("A2", "warning"), _finding("A3"), _finding("A4")]
    out = b"".join(edit(iter([sheet]), scan(iter([sheet]), True), marked_rows(map(packed, found), Merges([])), styles,
                        Notes(None, None), "id", "rId1")).decode()
    error, warning = styles.flagged(1, "error"), styles.flagged(1, "warning")
    assert (f'<row r="1"><c r="A1" t="s" s="{error}"><v>0</v></c></row><row r="2"><c r="A2" t="s" s="{warning}">'
            f'<v>0</v></c></row><row r="3"><c r="A3" t="s" s="{error}"><v>0</v></c></row><row r="4"><c r="A4" '
            f's="{error}"/></row>') in out, out


def test_a_row_s_one_flagged_cell_is_swapped_when_the_rows_are_walked(tmp_path: Path) -> None:
    """A sheet whose last row has no r="" is walked row by row; a row's one flagged cell is still found by its
    reference and swapped in place, the cells around it untouched."""
    from nomenklatur.reports.gaya import Styles
    from nomenklatur.reports.tanda import Notes, edit, scan

    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1" t="s"><v>0</v></c><c r="C1"/></row>'
             b'<row><c><v>2</v></c></row></sheetData></worksheet>')
    styles = Styles(zipfile.ZipFile(write_proposal(tmp_path / "u.xlsx")).read("xl/styles.xml").decode())
    out = b"".join(edit(iter([sheet]), scan(iter([sheet]), True), marked_rows(map(packed, [_finding("B1")]), Merges([])),
                        styles, Notes(None, None), "id", "rId1")).decode()
    assert (f'<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s" s="{styles.flagged(1, "error")}"><v>0</v></c>'
            f'<c r="C1"/></row><row><c><v>2</v></c></row>') in out, out


def test_flagged_cells_of_an_empty_sheet_and_before_a_row_s_first_cell(tmp_path: Path) -> None:
    """An empty <sheetData/> gets its rows; a selected tab loses its selection; a new cell takes its column's
    style (<col min max style>, both ends included); two new cells before a row's first cell go in front of it;
    a <legacyDrawing> goes where the schema wants it when the sheet had none."""
    from nomenklatur.reports.gaya import Styles
    from nomenklatur.reports.tanda import Notes, edit, scan

    styles = Styles(zipfile.ZipFile(write_proposal(tmp_path / "u.xlsx")).read("xl/styles.xml").decode())
    head = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
            b'<cols><col min="2" max="3" width="9" style="1" customWidth="1"/></cols>')
    tail = b'<pageMargins left="1" right="1" top="1" bottom="1" header="0" footer="0"/></worksheet>'

    def edited(sheet: bytes, cells: list[str]) -> str:
        found = [_finding(c) for c in cells]
        out = b"".join(edit(iter([sheet[i:i + 5] for i in range(0, len(sheet), 5)]), scan(iter([sheet]), True),
                            marked_rows(map(packed, found), Merges([])), styles, Notes(None, None), "id", "rId7"))
        return out.decode()

    plain, col = styles.flagged(0, "error"), styles.flagged(1, "error")
    out = edited(head + b"<sheetData/>" + tail, ["A1", "B1", "C2", "D2"])
    assert f'<sheetData><row r="1"><c r="A1" s="{plain}"/><c r="B1" s="{col}"/></row><row r="2"><c r="C2" s="{col}"/>' \
           f'<c r="D2" s="{plain}"/></row></sheetData>' in out, out
    assert '<sheetView workbookViewId="0"/>' in out and "tabSelected" not in out
    assert out.endswith('header="0" footer="0"/><legacyDrawing xmlns:r="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships" r:id="rId7"/></worksheet>'), out
    out = edited(head + b'<sheetData><row r="1"><c r="C1"><v>3</v></c></row></sheetData>' + tail, ["A1", "B1"])
    assert f'<row r="1"><c r="A1" s="{plain}"/><c r="B1" s="{col}"/><c r="C1"><v>3</v></c></row>' in out, out


def test_a_part_the_annotation_cannot_extend_gives_a_values_copy(tmp_path: Path) -> None:
    """A flagged sheet's VML drawing without the vml/office/excel prefixes on its root (openpyxl's checks pass,
    the editor could not add shapes to it): the copy falls back to the values, annotated, before writing."""
    source = write_proposal(tmp_path / "usulan.xlsx")
    _rezip(source, {"xl/drawings/commentsDrawing1.vml": b"<xml><shape/></xml>"})
    out = tmp_path / "koreksi.xlsx"
    done = run_cli("check", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--format", "xlsx", "-o", str(out))
    assert done.returncode == 1, done.stderr
    wb = openpyxl.load_workbook(out)
    assert any("bukan xlsx" in str(c.value) for c in wb["Koreksi"]["A"])
    assert wb["Renja"]["B4"].fill.fgColor.rgb.endswith("FFC7CE") and "NK202" in wb["Renja"]["B4"].comment.text


def test_each_cell_s_note_is_its_own_finding_s_where_the_cell_above_s_differs_by_one_thing(tmp_path: Path) -> None:
    """A note repeated down a column is made once, yet a cell whose finding differs from the one above in its
    message's values, its suggestion, its rule or its severity gets its own note; so does one whose values are
    equal to the ones above but written otherwise (1, 1.0, True; Decimal 1.0 and 1.00)."""
    from nomenklatur.findings import Message, Suggestion
    from nomenklatur.reports.gaya import Styles
    from nomenklatur.reports.tanda import Notes, edit, note_text, scan

    said = {"id": "pagu {shown} salah", "en": "pagu {shown} is wrong"}
    hint = {"id": "isi {shown}", "en": "write {shown}"}

    def finding(row: int, shown: object = "1", rule: str = "NK401", severity: str = "error", suggested: str = "0"):
        return Finding(rule, "amount", severity, Message(said, {"shown": shown}), Location("f.xlsx", "S", f"A{row}", row),
                       suggestion=Suggestion(Message(hint, {"shown": suggested}), None, False))

    found = [finding(1), finding(2), finding(3, shown="2"), finding(4, shown="2", suggested="5"),
             finding(5, shown="2", suggested="5", rule="NK404"), finding(6, shown="2", suggested="5", rule="NK404",
                                                                        severity="warning"), finding(7)]
    found += [finding(8 + n, shown=shown) for n, shown in enumerate((1, 1.0, True, Decimal("1.0"), Decimal("1.00")))]
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    styles = Styles(zipfile.ZipFile(write_proposal(tmp_path / "u.xlsx")).read("xl/styles.xml").decode())
    scanned = scan(iter([sheet]), True)
    notes = Notes(None, None)
    b"".join(edit(iter([sheet]), scanned, marked_rows(map(packed, found), Merges([])), styles, notes, "id", "rIdX"))
    notes.close()
    comments = zlib.decompress(notes.comments.file.read(), -15).decode()
    texts = re.findall(r'<t xml:space="preserve">(.*?)</t>', comments, re.DOTALL)
    assert texts == [note_text([packed(f)], "id") for f in found]
    assert len(set(texts)) == 8 and texts[0] == texts[1] == texts[6]
