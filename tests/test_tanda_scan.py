"""How a sheet's XML is read before its annotated copy is written (nomenklatur/reports/tanda.py `scan`): the root
tag, the selected tab, the merged cells and the legacy drawing after </sheetData>, whatever the chunks' edges."""

from __future__ import annotations

import pytest

from nomenklatur.reports.paket import PaketError
from nomenklatur.reports.tanda import MAX_HEAD, scan

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
