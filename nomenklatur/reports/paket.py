"""An xlsx/xlsm package opened for editing: its parts, the workbook's sheets and relationships, and the small
text edits that add a sheet, relationships and content types while every other byte stays as it was.

Parts that are edited are read whole (they are small: workbook, relationships, content types, styles) after
expat has parsed them (no DOCTYPE, so no entity is ever expanded); edits are made on their text, so whatever
the edit does not touch stays byte for byte. A package whose parts use prefixed SpreadsheetML elements,
Strict OOXML, or that lacks a part the edit needs raises `PaketError`; the caller then makes a values copy.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from nomenklatur.workbook import ReadLimits, WorkbookError
from nomenklatur.workbook.container import identify
from nomenklatur.workbook.xmlsafe import local, parse_part

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = REL + "/"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CONTENT_TYPES = "[Content_Types].xml"


class PaketError(Exception):
    """The package cannot be edited in place (the reason, in English, for the log of a values copy)."""


def esc(text: str) -> str:
    """Text as XML character data or a double-quoted attribute value."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@dataclass
class SheetPart:
    """A worksheet: its name, its part, and its relationships' part and (id -> (type, member)) table."""

    name: str
    member: str
    rels_member: str
    rels: dict[str, tuple[str, str]] = field(default_factory=dict)

    def related(self, kind: str) -> list[tuple[str, str]]:
        """(id, member) of the relationships of a type ending in `kind` ("/comments", "/vmlDrawing")."""
        return [(rid, member) for rid, (rel_type, member) in self.rels.items() if rel_type.endswith(kind)]


def rels_member(member: str) -> str:
    return posixpath.join(posixpath.dirname(member), "_rels", posixpath.basename(member) + ".rels")


def root_tag(text: str, name: str) -> re.Match[str]:
    """The root element's start tag, which must be unprefixed (the default namespace)."""
    found = re.search(r"<([A-Za-z_][\w.-]*:)?" + name + r"\b[^>]*>", text)
    if found is None or found.group(1):
        raise PaketError(f"{name}: prefixed or missing root element")
    return found


def prefix_of(tag: str, namespace: str) -> str | None:
    """The prefix a start tag binds to `namespace`, if any."""
    found = re.search(r'xmlns:([A-Za-z_][\w.-]*)="' + re.escape(namespace) + '"', tag)
    return found.group(1) if found else None


def before_close(text: str, name: str, addition: str) -> str:
    """`addition` inserted before the last `</name>` (an empty `<name/>` is opened first)."""
    end = text.rfind(f"</{name}>")
    if end == -1:
        empty = re.search(r"<" + name + r"\b([^>]*)/>", text)
        if empty is None:
            raise PaketError(f"no <{name}> element")
        return text[:empty.start()] + f"<{name}{empty.group(1)}>{addition}</{name}>" + text[empty.end():]
    return text[:end] + addition + text[end:]


class Paket:
    """The parts of an xlsx/xlsm file, for a copy that changes only what it must."""

    def __init__(self, path: Path, limits: ReadLimits | None = None) -> None:
        limits = limits or ReadLimits()
        try:
            fmt, archive = identify(path, limits)
        except WorkbookError as exc:
            raise PaketError(exc.reason) from None
        if archive is None:
            raise PaketError(f"{fmt} is not a zip package")
        self.path, self.archive, self.limits = path, archive, limits
        self.macro = fmt == "xlsm"
        self.infos = archive.infolist()
        self.taken = {info.filename.lower() for info in self.infos}
        try:
            self._open()
        except (WorkbookError, KeyError, UnicodeDecodeError, ValueError) as exc:
            archive.close()
            raise PaketError(f"{type(exc).__name__}: {exc}") from None
        except PaketError:
            archive.close()
            raise

    def _open(self) -> None:
        root = self.relationships("_rels/.rels")
        workbook = next((m for t, m in root.values() if t == RELS + "officeDocument"), None)
        if workbook is None:  # Strict OOXML names its relationships in another namespace
            raise PaketError("no transitional officeDocument relationship")
        self.workbook = workbook
        self.workbook_text = self.read(workbook, MAIN)
        self.workbook_rels_member = rels_member(workbook)
        self.workbook_rels = self.relationships(self.workbook_rels_member)
        self.workbook_rels_text = self.read(self.workbook_rels_member)
        self.content_types = self.read(CONTENT_TYPES)
        root_tag(self.content_types, "Types")
        root_tag(self.workbook_rels_text, "Relationships")
        root_tag(self.workbook_text, "workbook")
        styles = [m for t, m in self.workbook_rels.values() if t == RELS + "styles"]
        if len(styles) != 1 or styles[0].lower() not in self.taken:
            raise PaketError("no styles part")
        self.styles = styles[0]
        self.sheets: list[SheetPart] = []
        self.sheet_names: list[str] = []  # every sheet's, chart sheets' too
        self.sheet_ids: list[int] = []
        for name, sheet_id, rid in self._sheet_list():
            self.sheet_names.append(name)
            self.sheet_ids.append(sheet_id)
            rel_type, member = self.workbook_rels.get(rid, ("", ""))
            if rel_type == RELS + "worksheet":
                if member.lower() not in self.taken:
                    raise PaketError(f"sheet part {member} missing")
                rels = rels_member(member)
                self.sheets.append(SheetPart(name, member, rels, self.relationships(rels)))

    def _sheet_list(self) -> list[tuple[str, int, str]]:
        found: list[tuple[str, int, str]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == f"{MAIN} sheet":
                found.append((attrs.get("name", ""), int(attrs.get("sheetId", "0")), attrs.get(f"{REL} id", "")))

        parse_part(self.archive, self.workbook, self.path, start, max_bytes=self.limits.max_part_bytes)
        return found

    def member(self, name: str) -> str | None:
        """The archive's own spelling of a part name (part names are case-insensitive)."""
        lower = name.lower()
        return next((info.filename for info in self.infos if info.filename.lower() == lower), None)

    def read(self, member: str, namespace: str | None = None) -> str:
        """A small part's text, after expat has parsed it whole (and, if given, found its root in `namespace`)."""
        real = self.member(member)
        if real is None:
            raise PaketError(f"{member} missing")
        roots: list[str] = []

        def start(tag: str, _attrs: dict[str, str]) -> None:
            if not roots:
                roots.append(tag)

        parse_part(self.archive, real, self.path, start, max_bytes=self.limits.max_part_bytes)
        if namespace is not None and (not roots or roots[0].rsplit(" ", 1)[0] != namespace):
            raise PaketError(f"{member}: root not in {namespace}")
        return self.archive.read(real).decode("utf-8")

    def relationships(self, member: str) -> dict[str, tuple[str, str]]:
        """id -> (type, target part) of a relationships part (empty when there is none); an external target is ""."""
        real = self.member(member)
        found: dict[str, tuple[str, str]] = {}
        if real is None:
            return found
        base = posixpath.dirname(posixpath.dirname(member))

        def start(tag: str, attrs: dict[str, str]) -> None:
            if local(tag) != "Relationship":
                return
            target = attrs.get("Target", "")
            if attrs.get("TargetMode") == "External":
                target = ""
            else:
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), target)

        parse_part(self.archive, real, self.path, start, max_bytes=self.limits.max_part_bytes)
        return found

    def free(self, pattern: str) -> str:
        """The first part name `pattern.format(n)` (n = 1, 2 …) not in the package, now reserved."""
        n = 1
        while pattern.format(n).lower() in self.taken:
            n += 1
        name = pattern.format(n)
        self.taken.add(name.lower())
        return name

    def close(self) -> None:
        self.archive.close()


def with_relationships(text: str | None, added: list[tuple[str, str, str]]) -> str:
    """A relationships part with (id, type suffix, target part) added; a new part when `text` is None."""
    lines = "".join(f'<Relationship Id="{rid}" Type="{RELS}{kind}" Target="/{esc(target)}"/>'
                    for rid, kind, target in added)
    if text is None:
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                f'openxmlformats.org/package/2006/relationships">{lines}</Relationships>')
    root_tag(text, "Relationships")
    return before_close(text, "Relationships", lines)


def free_id(used: dict[str, tuple[str, str]] | set[str], stem: str = "rIdNk") -> str:
    n = 1
    while f"{stem}{n}" in used:
        n += 1
    return f"{stem}{n}"


def with_overrides(text: str, added: list[tuple[str, str]]) -> str:
    """[Content_Types].xml with an Override for each (part, content type)."""
    return before_close(text, "Types", "".join(f'<Override PartName="/{esc(part)}" ContentType="{kind}"/>'
                                               for part, kind in added))


_LOCAL_SHEET = re.compile(r'(<definedName\b[^>]*?\blocalSheetId=")(\d+)(")')
_VIEW_ATTRS = re.compile(r'\s(?:activeTab|firstSheet)="[^"]*"')


def with_first_sheet(text: str, name: str, sheet_id: int, rid: str, names: list[tuple[str, str]]) -> str:
    """xl/workbook.xml with a new first sheet: sheet-local defined names moved one place on, `names` (name ->
    formula) added local to the new sheet, and every window showing the first tab, which is active."""
    root = root_tag(text, "workbook")
    prefix = prefix_of(root.group(0), REL)
    rel = f'{prefix}:id="{rid}"' if prefix else f'xmlns:r="{REL}" r:id="{rid}"'
    opened = re.search(r"<sheets\b[^>]*>", text)
    if opened is None or opened.group(0).endswith("/>"):
        raise PaketError("workbook without <sheets>")
    text = text[:opened.end()] + f'<sheet name="{esc(name)}" sheetId="{sheet_id}" {rel}/>' + text[opened.end():]
    text = _LOCAL_SHEET.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 1}{m.group(3)}", text)
    text = re.sub(r"<workbookView\b[^>]*>", lambda m: _VIEW_ATTRS.sub("", m.group(0)), text)
    ours = "".join(f'<definedName name="{n}" localSheetId="0">{esc(formula)}</definedName>' for n, formula in names)
    if re.search(r"<definedNames\b", text):
        return before_close(text, "definedNames", ours)
    after = list(re.finditer(r"</sheets>|</functionGroups>|<functionGroups\b[^>]*/>|</externalReferences>", text))
    at = after[-1].end()
    return text[:at] + f"<definedNames>{ours}</definedNames>" + text[at:]

