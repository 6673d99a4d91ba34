"""Cell formats added to a workbook's styles.xml: a flagged cell's format cloned with a severity's fill (its
number format, font, border and alignment kept), and the few formats of the Koreksi sheet.

The part's text is kept; new fonts, fills, borders and cell formats are appended to their lists and the lists'
`count` attributes follow. Existing indexes never move, so every cell of the original keeps its format.
"""

from __future__ import annotations

import re

from nomenklatur.reports.paket import PaketError, root_tag

FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
_ATTRS = r'(?:[^>"\']|"[^"]*"|\'[^\']*\')*'
_START = re.compile(r"<xf\b" + _ATTRS + r"?/?>")
_XF = re.compile(r"<xf\b" + _ATTRS + r"?(?:/>|>.*?</xf>)", re.DOTALL)


def _items(text: str, block: str, item: str) -> tuple[int, int, list[re.Match[str]]]:
    """(start of the block's content, end of it, the item elements) of a list such as <fills>…</fills>."""
    opened = re.search(r"<" + block + r"\b" + _ATTRS + r">", text)
    if opened is None or opened.group(0).endswith("/>"):
        raise PaketError(f"styles.xml without <{block}>")
    end = text.find(f"</{block}>", opened.end())
    if end == -1:
        raise PaketError(f"styles.xml: <{block}> not closed")
    pattern = _XF if item == "xf" else re.compile(r"<" + item + r"\b" + _ATTRS + r"?(?:/>|>.*?</" + item + ">)", re.DOTALL)
    return opened.end(), end, list(pattern.finditer(text, opened.end(), end))


def _fill(rgb: str) -> str:
    return f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/><bgColor indexed="64"/></patternFill></fill>'


class Styles:
    """styles.xml and the formats added to it; `text()` gives the new part."""

    def __init__(self, text: str) -> None:
        root_tag(text, "styleSheet")
        self._text = text
        self._xfs = [m.group(0) for m in _items(text, "cellXfs", "xf")[2]]
        self._counts = {block: len(_items(text, block, item)[2])
                        for block, item in (("fonts", "font"), ("fills", "fill"), ("borders", "border"))}
        if not self._xfs or not self._counts["fonts"] or self._counts["fills"] < 2 or not self._counts["borders"]:
            raise PaketError("styles.xml lacks its default font, fills, border or cell format")
        self._added: dict[str, list[str]] = {"fonts": [], "fills": [], "borders": [], "cellXfs": []}
        self._fills = {severity: self.add("fills", _fill(rgb)) for severity, rgb in FILL.items()}
        self._clones: dict[tuple[int, str], int] = {}

    def add(self, block: str, element: str) -> int:
        """Append an element to a list (fonts, fills, borders, cellXfs); its index."""
        added = self._added[block]
        added.append(element)
        base = len(self._xfs) if block == "cellXfs" else self._counts[block]
        return base + len(added) - 1

    def fill(self, severity: str) -> int:
        return self._fills[severity]

    def flagged(self, style: int, severity: str) -> int:
        """The cell format `style` with the severity's fill (made once per pair)."""
        key = (style, severity)
        found = self._clones.get(key)
        if found is None:
            xf = self._xfs[style] if 0 <= style < len(self._xfs) else self._xfs[0]
            head = _START.match(xf).group(0)  # type: ignore[union-attr]  (_XF matched it)
            rest = xf[len(head):]
            head = re.sub(r'\s(?:fillId|applyFill)="[^"]*"', "", head)
            cut = len(head) - (2 if head.endswith("/>") else 1)
            head = head[:cut].rstrip() + f' fillId="{self._fills[severity]}" applyFill="1"' + head[cut:]
            found = self._clones[key] = self.add("cellXfs", head + rest)
        return found

    def text(self) -> str:
        """styles.xml with the added elements at the ends of their lists."""
        text = self._text
        for block, item in (("cellXfs", "xf"), ("borders", "border"), ("fills", "fill"), ("fonts", "font")):
            added = self._added[block]
            if not added:
                continue
            start, end, items = _items(text, block, item)
            opened = text.rfind("<", 0, start)
            head = re.sub(r'\scount="\d+"', "", text[opened:start])
            head = head[:-1] + f' count="{len(items) + len(added)}">'
            text = text[:opened] + head + text[start:end] + "".join(added) + text[end:]
        return text
