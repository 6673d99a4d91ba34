"""How a sheet's XML is read before its annotated copy is written (nomenklatur/reports/tanda.py `scan`): the root
tag, the selected tab, the merged cells and the legacy drawing after </sheetData>, whatever the chunks' edges;
and how nomenklatur's notes join the user's own comments and drawing (`Notes`)."""

from __future__ import annotations

import re
import zlib

import pytest

from nomenklatur.reports.paket import MAIN, PaketError
from nomenklatur.reports.tanda import MAX_HEAD, NOTE_MARK, Notes, _by_row, scan

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
ROWS = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
TAIL = (b'<mergeCells count="3"><mergeCell ref="B2:C4"/><mergeCell ref="E9:D7"/><mergeCell ref="F1"/>'
        b'<mergeCell ref="bad"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
        b'header="0.3" footer="0.3"/><legacyDrawing r:id="rId9"/><tableParts count="0"/></worksheet>')


def sheet(data: bytes = b"<sheetData>" + ROWS + b"</sheetData>", view: bytes = b'<sheetView workbookViewId="0"/>',
          tail: bytes = TAIL) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + NS.encode() + b'><sheetViews>'
            + view + b"</sheetViews>" + data + tail)


def pieces(xml: bytes, size: int):
    return iter([xml[i:i + size] for i in range(0, len(xml), size)])


@pytest.mark.parametrize("size", [1, 7, 11, 12, 64, 1 << 20])
def test_the_tail_is_read_whatever_the_chunks_edges(size: int) -> None:
    found = scan(pieces(sheet(), size), whole=True)
    assert found.root == b"<worksheet " + NS.encode() + b">"
    assert found.merges == [(2, 2, 4, 3), (7, 4, 9, 5), (1, 6, 1, 6)]  # either corner first; one cell; "bad" left out
    assert found.legacy == "rId9" and found.tab_selected is False
    assert found.tail == TAIL
    assert found.tail[found.legacy_at:].startswith(b"<tableParts")  # a new drawing would go before tableParts


def test_an_empty_sheet_data_and_a_tail_without_a_drawing() -> None:
    tail = b'<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><pageMargins left="0.7" right="0.7" ' \
           b'top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    for data in (b"<sheetData/>", b"<sheetData />"):
        found = scan(pieces(sheet(data, tail=tail), 5), whole=True)
        assert (found.tail, found.merges, found.legacy) == (tail, [(1, 1, 1, 2)], None)
        assert found.tail[found.legacy_at:] == b"</worksheet>"  # no later part: before the end tag


def test_the_selected_tab_and_a_head_only_scan() -> None:
    for view, selected in ((b'<sheetView tabSelected="1" workbookViewId="0"/>', True),
                           (b'<sheetView tabSelected="true" workbookViewId="0"/>', True),
                           (b'<sheetView tabSelected="0" workbookViewId="0"/>', False)):
        found = scan(pieces(sheet(view=view), 3), whole=False)
        assert (found.tab_selected, found.tail, found.merges) == (selected, b"", [])


@pytest.mark.parametrize("xml, said", [
    (sheet().replace(b"<worksheet ", b"<x:worksheet ").replace(b"</worksheet>", b"</x:worksheet>"), "prefixed"),
    (b"<sheetData>" + ROWS + b"</sheetData>", "prefixed or missing"),
    (sheet(b"<sheetData>" + ROWS), "</sheetData> missing"),
    (sheet(b"<rows/>"), "no <sheetData>"),
    (sheet(tail=b"<mergeCells><mergeCell ref='A1:B1'></mergeCells></worksheet>"), "sheet tail"),
])
def test_a_sheet_that_cannot_be_edited_is_said_so(xml: bytes, said: str) -> None:
    with pytest.raises(PaketError, match=said):
        scan(pieces(xml, 16), whole=True)


def test_a_sheet_data_start_tag_beyond_the_first_4_mib_is_refused() -> None:
    padding = b"<sheetPr>" + b" " * (MAX_HEAD + 100_000) + b"</sheetPr>"
    with pytest.raises(PaketError, match="4 MiB"):
        scan(pieces(sheet().replace(b"<sheetViews>", padding + b"<sheetViews>"), 1 << 16), whole=True)
    found = scan(pieces(sheet().replace(b"<sheetViews>", b"<sheetPr>" + b" " * (MAX_HEAD - 400) + b"</sheetPr>"
                                        + b"<sheetViews>"), 1 << 16), whole=True)
    assert found.legacy == "rId9"


def test_a_head_of_exactly_4_mib_may_still_be_followed_by_the_sheet_data() -> None:
    xml = sheet()
    at = xml.index(b"<sheetViews>")
    xml = xml[:at] + b"<sheetPr>" + b" " * (MAX_HEAD - xml.index(b"<sheetData") - 20) + b"</sheetPr>" + xml[at:]
    start = xml.index(b"<sheetData")
    assert start == MAX_HEAD - 1  # the first chunk, 4 MiB, ends one byte into "<sheetData"
    found = scan(iter([xml[:MAX_HEAD], xml[MAX_HEAD:]]), whole=True)
    assert found.legacy == "rId9"


def _parts(notes) -> tuple[str, str]:
    notes.close()
    return (zlib.decompress(notes.comments.file.read(), -15).decode(),
            zlib.decompress(notes.vml.file.read(), -15).decode())


USER_COMMENTS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="' + MAIN + '"><authors>'
                 '<author>Ani</author><author>Budi</author></authors><commentList>'
                 '<comment ref="B2" authorId="0"><text><r><t>cek lagi</t></r></text></comment>'
                 '<comment ref="D9" authorId="1"><text><t>sudah</t><rPh sb="0" eb="1"><t>x</t></rPh></text></comment>'
                 '<comment ref="A1" authorId="1"><text><t>judul</t></text></comment>'
                 '</commentList></comments>')
USER_VML = (b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            b'xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1031"/><v:shape id="_x0000_s1027"/>'
            b'</xml>')


def test_notes_join_the_user_s_comments_and_drawing() -> None:
    """A flagged cell with the user's own comment gets nomenklatur's text as its last run (before phonetic runs);
    the user's other comments follow, in their order; nomenklatur is the next author; new shapes are numbered
    after the drawing's highest and the note type is added to a drawing without it."""
    notes = Notes(USER_COMMENTS, USER_VML)
    notes.add("B2", 2, 2, "nama <salah> & kode")
    notes.add("D9", 9, 4, "kode")
    notes.add("C3", 3, 3, "baris satu\nbaris dua")
    notes.add("E4", 4, 5, "x" * 120)
    notes.add("F5", 5, 6, 'pagu "Rp" < 0 & kosong')
    comments, vml = _parts(notes)
    assert '<t xml:space="preserve">pagu &quot;Rp&quot; &lt; 0 &amp; kosong</t>' in comments
    assert "<authors><author>Ani</author><author>Budi</author><author>nomenklatur</author></authors>" in comments
    assert re.findall(r'<comment ref="(\w+)"', comments) == ["B2", "D9", "C3", "E4", "F5", "A1"]
    assert f"<r><t>cek lagi</t></r><r><t xml:space=\"preserve\">\n\n{NOTE_MARK}\nnama &lt;salah&gt; &amp; kode</t></r></text>" \
        in comments
    assert f"<t>sudah</t><r><t xml:space=\"preserve\">\n\n{NOTE_MARK}\nkode</t></r><rPh" in comments
    assert '<comment ref="C3" authorId="2" shapeId="0">' in comments
    assert re.findall(r'id="_x0000_s(\d+)"', vml) == ["1031", "1027", "1032", "1033", "1034"]
    assert re.findall(r"height:(\d+)px", vml) == ["56", "72", "40"]  # 40 + 16 a line; 120 letters are two more lines
    assert vml.count('id="_x0000_t202"') == 1 and vml.endswith("</xml>")


def test_notes_of_a_sheet_without_comments_and_an_empty_author_list() -> None:
    comments, vml = _parts(_noted(Notes(None, None)))
    assert "<authors><author>nomenklatur</author></authors>" in comments and 'authorId="0"' in comments
    assert re.findall(r'id="_x0000_s(\d+)"', vml) == ["1025"] and "height:600px" in vml  # at most 600
    empty = USER_COMMENTS.replace("<authors><author>Ani</author><author>Budi</author></authors>", "<authors/>")
    comments, _ = _parts(_noted(Notes(empty, USER_VML)))
    assert "<authors><author>nomenklatur</author></authors>" in comments and 'ref="Z1" authorId="0"' in comments


def _noted(notes):
    notes.add("Z1", 1, 26, "\n".join(["baris"] * 50))
    return notes


@pytest.mark.parametrize("comments, vml, said", [
    (USER_COMMENTS.replace("<commentList>", "<commentList/>").replace("</commentList>", ""), None, "commentList"),
    (USER_COMMENTS.replace("<authors>", "").replace("</authors>", ""), None, "authors"),
    (None, b"<xml><v:shape/></xml>", "prefixes"),
    (None, b"<v:shape/>", "<xml> root"),
])
def test_comments_and_drawings_the_annotation_cannot_extend_are_refused(comments, vml, said: str) -> None:
    with pytest.raises(PaketError, match=said):
        Notes(comments, vml)


def test_a_user_s_comment_without_text_is_refused() -> None:
    notes = Notes(USER_COMMENTS.replace("<text><t>judul</t></text>", ""), USER_VML)
    with pytest.raises(PaketError, match="without <text>"):
        notes.add("A1", 1, 1, "x")


def test_marks_a_row_at_a_time_a_row_out_of_order_left_out() -> None:
    """A mark of a row already passed cannot be placed (that row is written): it is left out, and so is the rest
    of the row it interrupted."""
    cells = [(1, 1, ["a"]), (1, 3, ["b"]), (2, 1, ["c"]), (1, 2, ["late"]), (2, 2, ["d"]), (4, 1, ["e"]), (3, 1, ["x"]),
             (4, 2, ["f"]), (5, 1, ["g"])]
    assert list(_by_row(iter(cells))) == [(1, [(1, 1, ["a"]), (1, 3, ["b"])]), (2, [(2, 1, ["c"])]),
                                          (4, [(4, 1, ["e"])]), (5, [(5, 1, ["g"])])]
