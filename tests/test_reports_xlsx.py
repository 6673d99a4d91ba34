"""The annotated workbook (`check --format xlsx --output`): the copy keeps the original, marks the cells,
lists the findings on a first sheet "Koreksi", never turns user text into formulas, and opens in
LibreOffice."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
import pytest

from conftest import REFERENCE, run_cli
from report_books import EXPECTED, INJECTED, SEVERITY_WORDS, write_proposal

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def annotated(tmp_path_factory) -> tuple[Path, Path, str, list[tuple]]:
    """(input, annotated copy, input sha256 before the run, the findings it must have: report_books.EXPECTED)
    for the test proposal."""
    folder = tmp_path_factory.mktemp("xlsx")
    source = write_proposal(folder / "usulan.xlsx")
    before = _sha(source)
    out = folder / "koreksi.xlsx"
    done = run_cli("check", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--format", "xlsx",
                   "--output", str(out))
    assert done.returncode == 1, done.stderr
    return source, out, before, EXPECTED


def first_sheet_part(archive: zipfile.ZipFile) -> str:
    """The part of the workbook's first sheet (the copy adds Koreksi as a new part, listed first)."""
    workbook = archive.read("xl/workbook.xml").decode()
    rid = re.search(r'<sheet\b[^>]*?\br:id="([^"]+)"', workbook).group(1)
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(r'<Relationship\b[^>]*?Id="' + rid + r'"[^>]*>', rels).group(0)
    return re.search(r'Target="/?([^"]+)"', target).group(1)


def _koreksi_rows(ws) -> list[tuple]:
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "No")
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=header + 1)
            if isinstance(row[0].value, int)]


def test_copy_keeps_values_formulas_formats_widths_and_order(annotated) -> None:
    source, out, _, _ = annotated
    original, copy = openpyxl.load_workbook(source), openpyxl.load_workbook(out)
    assert copy.sheetnames == ["Koreksi", *original.sheetnames]
    for name in original.sheetnames:
        a, b = original[name], copy[name]
        assert (a.max_row, a.max_column) == (b.max_row, b.max_column)
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows()):
            for x, y in zip(row_a, row_b):
                assert (x.value, x.data_type, x.number_format) == (y.value, y.data_type, y.number_format), x.coordinate
        for letter, dim in a.column_dimensions.items():
            assert b.column_dimensions[letter].width == dim.width
        assert set(map(str, a.merged_cells.ranges)) == set(map(str, b.merged_cells.ranges))
    assert copy["Renja"]["C7"].value == "=C2*2" and copy["Lampiran"]["B2"].value == "=SUM(Renja!C2:C10)"
    assert copy["Renja"]["D2"].comment.text == "dicek 12 Maret"  # an unflagged cell's own note stays as it was


def test_the_koreksi_sheet_takes_a_sheet_id_no_other_sheet_has(annotated) -> None:
    with zipfile.ZipFile(annotated[1]) as archive:
        ids = re.findall(r'<sheet\b[^>]*?\bsheetId="(\d+)"', archive.read("xl/workbook.xml").decode())
    with zipfile.ZipFile(annotated[0]) as archive:
        before = re.findall(r'<sheet\b[^>]*?\bsheetId="(\d+)"', archive.read("xl/workbook.xml").decode())
    assert len(ids) == len(before) + 1 and len(set(ids)) == len(ids), ids
    assert int(ids[0]) == max(map(int, before)) + 1  # Koreksi, listed first, after the highest id


def test_a_file_that_is_no_workbook_asked_for_an_xlsx_copy_gets_one_saying_so(tmp_path: Path) -> None:
    source = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(source, "w") as archive:  # a zip, but no workbook: the copy's name is not judged by it
        archive.writestr("catatan.txt", "bukan buku kerja")
    out = tmp_path / "k.xlsx"
    done = run_cli("check", str(source), "--tahun", "2021", "--format", "xlsx", "-o", str(out))
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr  # 2: a file that cannot be read
    rows = [tuple(c.value for c in row) for row in openpyxl.load_workbook(out)["Koreksi"].iter_rows()]
    assert any("NK00" in str(v) for row in rows for v in row), rows  # the copy says what is wrong with the file


def test_input_is_never_written(annotated) -> None:
    source, _, before, _ = annotated
    assert _sha(source) == before


def test_flagged_cells_are_filled_by_severity_and_commented(annotated) -> None:
    _, out, _, findings = annotated
    ws = openpyxl.load_workbook(out)["Renja"]
    assert ws["A3"].fill.fgColor.rgb.endswith("FFEB9C")  # NK102 warning
    assert ws["B4"].fill.fgColor.rgb.endswith("FFC7CE")  # NK202 error
    assert "NK102" in ws["A3"].comment.text and "2.13.02.2.01.02" in ws["A3"].comment.text
    assert "Fasilitasi Penataan Kewenangan Desa" in ws["B4"].comment.text
    assert ws["B8"].fill.fill_type is None  # suppressed by its Catatan marker: not flagged
    assert ws["B10"].fill.fill_type is None  # suppressed by its cell note
    marked = {c.coordinate: c.fill.fgColor.rgb[-6:] for row in ws.iter_rows() for c in row if c.fill.fill_type == "solid"}
    colour = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
    assert marked == {cell: colour[severity] for _, severity, _, cell, _ in findings}
    for rule, _, _, cell, fix in findings:
        assert rule in ws[cell].comment.text and (fix is None or fix in ws[cell].comment.text), cell


@pytest.fixture(scope="module")
def two_on_a_cell(tmp_path_factory):
    """The annotated copy's "Renja" sheet for a proposal where A2 is unknown (NK201, error) and written with an
    apostrophe (NK102, warning), and B3, a wrong name (NK202), carries a note of the user's."""
    from openpyxl.comments import Comment

    folder = tmp_path_factory.mktemp("dua")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Renja"
    for row in (("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu", "Lokasi"),
                ("'2.13.02.2.01.99", "Fasilitasi Entah", 1000, "Desa A"),
                ("2.13.02.2.01.03", "Fasilitasi Penataan Kewenangan Desa Adat", 1000, "Desa B")):
        ws.append(row)
    ws["B3"].comment = Comment("nama ini usulan kecamatan, tanya Bappeda", "Bappeda")
    source = folder / "dua.xlsx"
    book.save(source)
    out = folder / "koreksi.xlsx"
    done = run_cli("check", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--format", "xlsx", "-o", str(out))
    assert done.returncode == 1, done.stderr
    return openpyxl.load_workbook(out)["Renja"]


def test_a_cell_with_an_error_and_a_warning_is_filled_as_the_error(two_on_a_cell) -> None:
    ws = two_on_a_cell
    assert ws["A2"].fill.fgColor.rgb.endswith("FFC7CE")  # the error's colour, not the warning's (FFEB9C)
    assert "[NK201 galat]" in ws["A2"].comment.text and "[NK102 peringatan]" in ws["A2"].comment.text


def test_a_users_own_note_on_a_flagged_cell_is_kept_before_nomenklaturs_text(two_on_a_cell) -> None:
    ws = two_on_a_cell
    note = ws["B3"].comment.text
    assert note.startswith("nama ini usulan kecamatan, tanya Bappeda\n\n--- nomenklatur ---\n[NK202 galat] "), note
    assert "Fasilitasi Penataan Kewenangan Desa" in note.split("--- nomenklatur ---")[1]
    assert ws["B3"].fill.fgColor.rgb.endswith("FFC7CE")


def test_koreksi_lists_every_finding_with_a_link_to_its_cell(annotated) -> None:
    _, out, _, findings = annotated
    wb = openpyxl.load_workbook(out)
    ws = wb["Koreksi"]
    assert wb.active.title == "Koreksi"
    rows = _koreksi_rows(ws)
    assert [r[:5] for r in rows] == [(n, rule, SEVERITY_WORDS[severity], sheet, cell)
                                     for n, (rule, severity, sheet, cell, _) in enumerate(findings, start=1)]
    links = {c.value: c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink is not None}
    assert links["A3"] == "'Renja'!A3" and links["B4"] == "'Renja'!B4"
    texts = [c.value for row in ws.iter_rows(max_row=20) for c in row if isinstance(c.value, str)]
    assert "Temuan per aturan" in texts and "Temuan per OPD" in texts


def test_chart_of_findings_per_opd_is_in_the_first_sheet(annotated) -> None:
    _, out, _, _ = annotated
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = archive.read(charts[0]).decode()
    assert "barChart" in chart and "'Koreksi'!$H$" in chart  # the per-OPD counts are its data


def test_user_text_starting_with_equals_stays_text(annotated) -> None:
    _, out, _, _ = annotated
    wb = openpyxl.load_workbook(out)
    cells = [c for row in wb["Koreksi"].iter_rows() for c in row if c.value == INJECTED]
    assert cells and all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read(first_sheet_part(archive)).decode()  # the Koreksi sheet comes first
    assert "<f>" not in sheet_xml and "HYPERLINK(" in sheet_xml


def test_binary_format_needs_output(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    done = run_cli("check", str(source), "--tahun", "2021", "--format", "xlsx")
    assert done.returncode == 2 and "--output" in done.stderr and "Traceback" not in done.stderr


def test_existing_output_needs_force_and_input_is_refused(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    before = _sha(source)
    target = tmp_path / "ada.xlsx"
    target.write_bytes(b"lama")
    args = ("check", str(source), "--tahun", "2021", "--format", "xlsx", "--output")
    refused = run_cli(*args, str(target))
    assert refused.returncode == 2 and "--force" in refused.stderr and target.read_bytes() == b"lama"
    same = run_cli(*args, str(source), "--force")
    assert same.returncode == 2 and "masukan" in same.stderr and _sha(source) == before


def test_force_replaces_an_existing_output(tmp_path: Path) -> None:
    source = write_proposal(tmp_path / "usulan.xlsx")
    target = tmp_path / "ada.xlsx"
    target.write_bytes(b"lama")
    done = run_cli("check", str(source), "--tahun", "2021", "--format", "xlsx", "--output", str(target), "--force")
    assert done.returncode == 1, done.stderr
    assert openpyxl.load_workbook(target).sheetnames[0] == "Koreksi"


def test_csv_input_becomes_a_values_copy(tmp_path: Path) -> None:
    source = tmp_path / "usulan.csv"
    source.write_text("Kode Sub Kegiatan;Nama Sub Kegiatan;Pagu\n"
                      "2.13.02.2.01.01;Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa;1000\n"
                      "2.13.02.2.01.03;=1+1 Penataan;2000\n"
                      "2.13.02.2.01.04;;3000\n", encoding="utf-8")
    out = tmp_path / "koreksi.xlsx"
    done = run_cli("check", str(source), "--tahun", "2021", "--tingkat", "kabkota", "--format", "xlsx", "-o", str(out))
    assert done.returncode == 1, done.stderr
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 2 and wb.sheetnames[0] == "Koreksi"
    data = wb[wb.sheetnames[1]]
    assert data["A2"].value == "2.13.02.2.01.01" and data["C3"].value == "2000"  # csv cells are text
    assert data["B3"].value == "=1+1 Penataan" and data["B3"].data_type == "s"
    assert data["B3"].fill.fgColor.rgb.endswith("FFC7CE") and "NK202" in data["B3"].comment.text
    assert data["B3"].quotePrefix and not data["B2"].quotePrefix  # Excel shows it as text, never evaluates it
    assert data["B4"].value is None and data["C4"].value == "3000"  # an empty cell stays empty, the next is copied
    assert [data.column_dimensions[c].width for c in "ABC"] == [19, 62, 8]  # the longest value + 2, 8 to 62
    notes = [c.value for c in wb["Koreksi"]["A"] if isinstance(c.value, str)]
    assert any("bukan xlsx" in n for n in notes)


def test_xls_sample_becomes_a_values_copy(tmp_path: Path) -> None:
    xls = REFERENCE / "samples-real" / "morowali_rkpd_perubahan_2021.xls"
    if not xls.is_file():
        pytest.skip("../shared/reference tidak tersedia")
    source = tmp_path / xls.name
    shutil.copy(xls, source)
    out = tmp_path / "koreksi.xlsx"
    done = run_cli("check", str(source), "--tahun", "2024", "--format", "xlsx", "-o", str(out))
    assert done.returncode == 1, done.stderr  # outdated codes are warnings; the year asked is not the file's (NK007)
    wb = openpyxl.load_workbook(out)
    ws = wb["Sheet1"]
    assert [c.value for c in ws[12][:5]] == [1, 1, 2, "2.01", 1]  # split code columns, as read
    assert "1.01.02.2.01.01" in ws["A12"].comment.text
    assert len(_koreksi_rows(wb["Koreksi"])) > 100


def test_sample_copy_opens_in_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) tidak terpasang")
    source = tmp_path / "paser.xlsx"
    shutil.copy(SAMPLES / "paser_renja_2021.xlsx", source)
    out = tmp_path / "koreksi.xlsx"
    assert run_cli("check", str(source), "--tahun", "2021", "--format", "xlsx", "-o", str(out)).returncode == 1
    profile = tmp_path / "lo-profile"
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, text=True, timeout=120)
    pdf = tmp_path / "koreksi.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def test_koreksi_sheet_prints_on_a4_landscape_one_page_wide(annotated) -> None:
    """The Koreksi sheet is laid out for printing: A4 landscape, one page wide (as many pages high as the list
    needs), the list's header row repeated on every page, the list alone in the print area, and rows tall enough
    for their wrapped messages."""
    _, out, _, _ = annotated
    ws = openpyxl.load_workbook(out)["Koreksi"]
    setup = ws.page_setup
    assert setup.orientation == "landscape" and str(setup.paperSize) == "9"  # ws.PAPERSIZE_A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth == 1 and not setup.fitToHeight  # 0: any number of pages high
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "No")
    assert ws.print_title_rows.replace("$", "") == f"{header}:{header}"
    assert ws.print_area.replace("$", "").endswith(f"!A1:K{ws.max_row}")  # the chart right of K is for the screen
    rows = range(header + 1, ws.max_row + 1)
    long = next(r for r in rows if len(str(ws.cell(r, 7).value or "")) > 2 * ws.column_dimensions["G"].width)
    assert ws.row_dimensions[long].height and ws.row_dimensions[long].height > 15  # openpyxl's default: None (15 pt)
    assert ws.cell(long, 7).alignment.wrap_text and ws.cell(long, 10).alignment.wrap_text
    for r in rows:  # every row is at least as tall as its longest message wraps to
        lines = max(-(-len(str(ws.cell(r, c).value or "")) // int(ws.column_dimensions[get_column_letter(c)].width))
                    for c in (7, 10))
        assert (ws.row_dimensions[r].height or 15) >= 15 * lines * 0.9, r
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, 12)]
    assert all(widths) and sum(widths) <= 200  # fit to one page wide stays readable (about 80 % on A4)


def test_a_list_row_is_as_tall_as_its_cell_reference_wraps(tmp_path: Path) -> None:
    """The list's cell column is 7 wide: a reference longer than a line there (D100000 on, as a long RKA has) makes
    its row as tall as wrapped_lines counts, as a long message does; a short one leaves the row one line high."""
    from nomenklatur.engine import check_paths, options_for
    from nomenklatur.reports.common import opd_names
    from nomenklatur.reports.gaya import Styles
    from nomenklatur.reports.koreksi import LINE_HEIGHT, WIDTHS, Koreksi, wrapped_lines
    from nomenklatur.temuan import packed_findings

    source = write_proposal(tmp_path / "usulan.xlsx")
    run = check_paths([str(source)], options_for(tahun=2021))
    result = run.files[0]
    styles = Styles(zipfile.ZipFile(source).read("xl/styles.xml").decode())
    koreksi = Koreksi(run, result, "Koreksi", {"Renja": "Renja"}, False, opd_names(run.files), styles, "id")
    model = next(t for t in packed_findings(result.findings) if t[4][2])
    cells = ["D9", "D123456", "AB12345", "XFD1048576"]
    for cell in cells:  # a finding of one short line but for its cell
        place = model[4][:2] + (cell, int(re.sub("[A-Z]", "", cell))) + model[4][4:]
        koreksi.add(model[:3] + ({"id": "salah", "en": "wrong"}, place, None, None, None) + model[8:])
    koreksi.layout()
    xml = "".join(p.decode() if isinstance(p, bytes) else p for p in koreksi.sheet())
    listed = re.findall(r'<row(?: ht="([\d.]+)" customHeight="1")?><c s="\d+"><v>(\d+)</v>', xml)
    tall = {int(number): float(height) if height else LINE_HEIGHT for height, number in listed}
    assert [tall[n] for n in range(1, 5)] == [LINE_HEIGHT * wrapped_lines(cell, WIDTHS[5]) for cell in cells] == \
        [15, 30, 30, 30]
