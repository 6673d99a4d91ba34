"""The annotated workbook: a copy of the checked workbook with every flagged cell filled by severity and
carrying a comment (message and suggestion), and a first sheet "Koreksi" with a summary by rule and by
OPD, a chart of findings per OPD, and the list of findings whose cell links jump to the cell.

- xlsx/xlsm: the copy is made by editing the workbook's package, streamed part by part: every part is copied
  with its original compressed bytes except what the annotation touches — the flagged sheets (cell formats
  swapped for clones with the severity's fill, `tanda.py`), their comments, VML drawings and relationships,
  styles.xml (formats appended, `gaya.py`), the workbook, its relationships and the content types (the new
  first sheet, `paket.py`), and the sheet whose tab was selected (now the Koreksi tab is). Macros, images,
  charts, pivot tables, data validation, conditional formats, defined names and formulas stay byte for byte;
  an xlsm copy stays macro-enabled (and so must be named .xlsm: `check_copy_name`). The input is never written.
- xls, ods, csv, and an xlsx the package editor cannot take (Strict OOXML, prefixed SpreadsheetML, a missing
  part): the copy is a new workbook holding the values as read by nomenklatur, at the same rows and columns,
  without the original's formatting or formulas, annotated the same way; the Koreksi sheet says so.

Text from the workbook never becomes a live formula: it is written as text (with Excel's quote prefix when it
begins with `=`, `+`, `-`, `@`). The copy is written in pieces (`chunks`); memory does not grow with the rows.
On many findings (FORK_AT) the Koreksi list is made, and its sheet deflated, in a forked child while this process
edits the sheets (`forked.py`): the two halves of the work on two cores.
"""

from __future__ import annotations

import functools
import itertools
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from nomenklatur.engine import FileResult, RunResult
from nomenklatur.reports.common import FORMULA_START, ReportError, opd_names, xml_safe
from nomenklatur.reports.forked import Forked, can_fork
from nomenklatur.reports.gaya import Styles
from nomenklatur.reports.koreksi import SHEET_NAME, Koreksi, sheet_title
from nomenklatur.reports.paket import (CONTENT_TYPES, CT_CHART, CT_COMMENTS, CT_DRAWING, CT_SHEET, CT_VML, MAIN,
                                       Paket, PaketError, SheetPart, free_id, rels_member, with_first_sheet,
                                       with_overrides, with_relationships)
from nomenklatur.reports.tanda import Merges, Notes, Scan, edit, marked_rows, scan
from nomenklatur.reports.zipstream import Spool, ZipStream, ZipTooLarge
from nomenklatur.temuan import Packed, packed_findings
from nomenklatur.workbook import CellError, ReadLimits, WorkbookError, open_workbook
from nomenklatur.workbook.container import identify
from nomenklatur.workbook.xmlsafe import check_part_size, iter_member

FORK_AT = 5_000  # findings from which the Koreksi list is made in a forked child, beside the sheets


def check_copy_name(source: str | Path, output: Path) -> None:
    """Refuse an output name Excel would not open the copy under: a macro-enabled workbook's copy keeps its
    macros, so it must end in .xlsm (Excel refuses macros under an .xlsx name); any other copy is no .xlsm."""
    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        return
    try:
        fmt, archive = identify(Path(source), ReadLimits())
    except WorkbookError:
        return  # the check reports what is wrong with the file
    if archive is not None:
        archive.close()
    macro = fmt == "xlsm"
    if macro and suffix == ".xlsx":
        better = output.with_suffix(".xlsm").name
        raise ReportError(f"{output}: {source} berisi makro (xlsm) dan salinan bertandanya tetap memuat makro itu; "
                          f"namai berkas keluaran dengan akhiran .xlsm, mis. --output {better}",
                          f"{output}: {source} holds macros (xlsm) and its annotated copy keeps them; name the "
                          f"output file with the .xlsm suffix, e.g. --output {better}")
    if not macro and suffix == ".xlsm":
        better = output.with_suffix(".xlsx").name
        raise ReportError(f"{output}: {source} tidak berisi makro, jadi salinan bertandanya berakhiran .xlsx, mis. "
                          f"--output {better}",
                          f"{output}: {source} holds no macros, so its annotated copy ends in .xlsx, e.g. "
                          f"--output {better}")


def render(run: RunResult, lang: str = "id") -> bytes:
    return b"".join(chunks(run, lang))


def chunks(run: RunResult, lang: str = "id") -> Iterator[bytes]:
    """The annotated copy of the run's one file, in pieces (a run over several files cannot make one copy)."""
    if len(run.files) != 1:
        raise ReportError("format xlsx membuat salinan satu berkas: periksa satu berkas saja, atau pakai "
                          "--format html/csv untuk beberapa berkas",
                          "the xlsx format copies one file: check a single file, or use --format html/csv "
                          "for several files")
    result = run.files[0]
    with tempfile.TemporaryDirectory(prefix="nomenklatur-salinan-") as scratch:
        copy = _prepared(run, result, Path(scratch), lang)
        try:
            yield from copy.pieces()
        except ZipTooLarge:
            raise ReportError("salinan bertanda melebihi 4 GiB; pakai --format csv atau html",
                              "the annotated copy would exceed 4 GiB; use --format csv or html") from None
        except (PaketError, WorkbookError) as exc:
            raise ReportError(f"{result.path}: salinan bertanda tidak dapat dibuat ({exc})",
                              f"{result.path}: the annotated copy cannot be made ({exc})") from None
        finally:
            copy.close()


def _prepared(run: RunResult, result: FileResult, scratch: Path, lang: str) -> _Copy:
    """The copy with every edit made (nothing written yet): of the package itself when it can be edited, else,
    when the package or one of the parts the annotation touches is not what the editor takes, of a values copy."""
    if result.readable:
        try:
            paket = Paket(Path(result.path))
        except PaketError:  # not a package (xls, ods, csv), or one this editor cannot take
            pass
        else:
            try:
                return _Copy(paket, run, result, {s.name: s.name for s in paket.sheets}, False, lang)
            except (PaketError, WorkbookError):  # a part the annotation touches (comments, styles …)
                paket.close()
    paket, titles = _values_package(result, scratch)
    try:
        return _Copy(paket, run, result, titles, result.readable, lang)
    except (PaketError, WorkbookError) as exc:
        paket.close()
        raise ReportError(f"{result.path}: salinan bertanda tidak dapat dibuat ({exc})",
                          f"{result.path}: the annotated copy cannot be made ({exc})") from None


def _values_package(result: FileResult, scratch: Path) -> tuple[Paket, dict[str, str]]:
    """A new workbook of the values as read (nothing for an unreadable file), and original sheet name -> its
    name there."""
    wb, titles = Workbook(), {}
    wb.remove(wb.active)
    if result.readable:
        try:
            with open_workbook(result.path) as book:
                titles = _values_copy(book, wb)
        except WorkbookError as exc:
            raise ReportError(f"{result.path}: tidak dapat disalin: {exc.message('id')}",
                              f"{result.path}: cannot be copied: {exc.message('en')}") from None
    if not wb.worksheets:
        wb.create_sheet("Lembar")
    path = scratch / "nilai.xlsx"
    wb.save(path)
    return Paket(path), titles


def put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write a value; text stays text (never a formula) and loses characters XML cannot carry."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, CellError):
        value = str(value)
    if isinstance(value, str):
        text = xml_safe(value)[:32_767]
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value


def _values_copy(book, wb: Workbook) -> dict[str, str]:
    """Each sheet's values as read, at their rows and columns, into `wb`; original name -> sheet name."""
    titles: dict[str, str] = {}
    taken: set[str] = {SHEET_NAME.lower()}
    for sheet in book.sheets():
        ws = wb.create_sheet(sheet_title(sheet.name, taken))
        titles[sheet.name] = ws.title
        widths: dict[int, int] = defaultdict(int)
        for number, values in sheet.rows:
            for col, value in enumerate(values, 1):
                if value is None or value == "":
                    continue
                put(ws, number, col, value)
                widths[col] = max(widths[col], min(len(str(value)), 60))
        for col, width in widths.items():
            ws.column_dimensions[get_column_letter(col)].width = max(8, width + 2)
        if not sheet.visible:
            ws.sheet_state = "hidden"
    return titles


class _Copy:
    """One annotated copy: which parts change, and the pieces of the new zip.

    The findings are read once: each goes to the Koreksi list, and those of a sheet (they come a sheet at a
    time) to that sheet's editor, whose output waits in a temporary file until its place in the zip."""

    def __init__(self, paket: Paket, run: RunResult, result: FileResult, titles: dict[str, str], values_copy: bool,
                 lang: str) -> None:
        self.paket, self.run, self.lang = paket, run, lang
        self.styles = Styles(paket.read(paket.styles, MAIN))
        title = sheet_title(SHEET_NAME, {name.lower() for name in paket.sheet_names})
        self.koreksi = Koreksi(run, result, title, titles, values_copy, opd_names(run.files), self.styles, lang)
        self.edits: dict[str, tuple[SheetPart, Scan, _SheetNotes | None, Spool | None]] = {}
        self.shared: BinaryIO | None = None  # where a forked child deflates the Koreksi sheet
        self.koreksi_sheet: Spool | None = None  # the Koreksi sheet as that child deflated it
        self._annotate({name: part for part in paket.sheets for name, t in titles.items() if t == part.name})
        for part in paket.sheets:  # the sheet whose tab was selected loses its selection to Koreksi
            if part.member.lower() not in self.edits:
                found = scan(self._chunks(part), whole=False)
                if found.tab_selected:
                    self.edits[part.member.lower()] = (part, found, None, None)
        self.sheet = paket.free("xl/worksheets/sheet{}.xml")
        self.rid = free_id(paket.workbook_rels)
        overrides = [(self.sheet, CT_SHEET)]
        if self.koreksi.has_chart:
            self.drawing, self.chart = paket.free("xl/drawings/drawing{}.xml"), paket.free("xl/charts/chart{}.xml")
            overrides += [(self.drawing, CT_DRAWING), (self.chart, CT_CHART)]
        notes = [n for _, _, n, _ in self.edits.values() if n is not None]
        overrides += [o for n in notes for o in n.overrides]
        self.replaced = {name.lower() for n in notes for name in n.replaced}
        self.content_types = with_overrides(paket.content_types, overrides)
        self.workbook = with_first_sheet(paket.workbook_text, title, max(paket.sheet_ids, default=0) + 1, self.rid,
                                         self.koreksi.names)
        self.workbook_rels = with_relationships(paket.workbook_rels_text, [(self.rid, "worksheet", self.sheet)])

    def close(self) -> None:
        """The package, and the file a forked child deflated the Koreksi sheet into."""
        self.paket.close()
        if self.shared is not None:
            self.shared.close()

    def _chunks(self, part: SheetPart) -> Iterator[bytes]:
        return iter_member(self.paket.archive, self.paket.member(part.member) or part.member, self.paket.path)

    def _annotate(self, parts: dict[str, SheetPart]) -> None:
        """The flagged sheets edited and the Koreksi list made: on many findings the list (and its sheet, deflated)
        in a forked child while this process edits the sheets (each reads the findings once), else both in one
        pass."""
        koreksi = self.koreksi
        helper = None
        if len(self.run.findings) >= FORK_AT and can_fork():
            self.shared = tempfile.TemporaryFile()  # noqa: SIM115  (closed by close)
            helper = Forked(functools.partial(_listed, koreksi, self.run, self.shared))
        try:
            self._read_findings(parts, None if helper else koreksi.add)
        except BaseException:
            if helper is not None:
                helper.cancel()
            raise
        made = helper.result() if helper is not None else None
        if made is not None:
            koreksi.adopt(made[0])
            self.koreksi_sheet = Spool.written(self.shared, made[1])  # type: ignore[arg-type]
            return
        if helper is not None:  # the child failed: the list made here after all
            koreksi.restart()
            for t in _packed(self.run):
                koreksi.add(t)
        koreksi.layout()

    def _read_findings(self, parts: dict[str, SheetPart], add: Callable[[Packed], None] | None) -> None:
        """One pass over the findings: each to `add` (the Koreksi list) when given, those on a cell of a sheet to
        its editor (packed, temuan.packed: no Finding is made for any of them)."""

        def counted(group: Iterable[Packed]) -> Iterator[Packed]:
            for t in group:
                add(t)
                yield t

        for name, group in itertools.groupby(_packed(self.run), key=lambda t: t[4][1]):
            sheet = counted(group) if add is not None else group
            part = parts.get(name or "")
            first = next((t for t in sheet if t[4][2]), None) if part is not None else None
            if part is not None and first is not None:  # (`marks` passes over the rest's findings without a cell)
                self._edit(part, itertools.chain((first,), sheet))
            for _ in sheet:
                pass

    def _edit(self, part: SheetPart, cells: Iterator[Packed]) -> None:
        """A flagged sheet edited into a temporary file, its notes into theirs."""
        found = scan(self._chunks(part), whole=True)
        notes = _SheetNotes(self.paket, part, found)
        spool = Spool()
        for piece in edit(self._chunks(part), found, marked_rows(cells, Merges(found.merges)), self.styles, notes.notes,
                          self.lang, notes.legacy_rid):
            spool.write(piece)
        spool.close()
        self.edits[part.member.lower()] = (part, found, notes, spool)

    def pieces(self) -> Iterator[bytes]:
        paket, zs = self.paket, ZipStream()
        new = {CONTENT_TYPES.lower(): self.content_types, paket.workbook.lower(): self.workbook,
               paket.workbook_rels_member.lower(): self.workbook_rels}
        with open(paket.path, "rb") as source:
            for info in paket.infos:
                name = info.filename.lower()
                if name in new:
                    yield from zs.write(info.filename, [new[name].encode("utf-8")])
                elif name in self.edits:
                    part, found, _, spool = self.edits[name]
                    if spool is not None:
                        yield from zs.add(info.filename, spool)
                    else:
                        yield from zs.write(info.filename, edit(self._chunks(part), found, iter(()), self.styles, None,
                                                                self.lang, None))
                elif name not in self.replaced and name != paket.styles.lower():
                    yield from zs.copy(source, info)
        for _, _, notes, _ in self.edits.values():
            if notes is not None:
                yield from notes.parts(zs)
        if self.koreksi_sheet is not None:
            yield from zs.add(self.sheet, self.koreksi_sheet)
        else:
            yield from zs.write(self.sheet, self.koreksi.sheet())
        if self.koreksi.has_chart:
            yield from zs.write(rels_member(self.sheet), [with_relationships(None, [
                ("rId1", "drawing", self.drawing)]).encode()])
            yield from zs.write(self.drawing, [self.koreksi.drawing().encode("utf-8")])
            yield from zs.write(rels_member(self.drawing), [with_relationships(None, [
                ("rId1", "chart", self.chart)]).encode()])
            yield from zs.write(self.chart, [self.koreksi.chart()])
        yield from zs.write(paket.member(paket.styles) or paket.styles, [self.styles.text().encode("utf-8")])
        yield from zs.finish()


def _listed(koreksi: Koreksi, run: RunResult, shared: BinaryIO) -> tuple[dict[str, object], tuple[int, ...]]:
    """In the forked child: the Koreksi list of every finding and its sheet deflated into `shared` (a file the
    parent shares), and what the parent needs of them."""
    for t in _packed(run):  # the spill file is read at offsets (pread): the parent reading it too is no matter
        koreksi.add(t)
    koreksi.layout()
    made = koreksi.made_elsewhere()
    spool = Spool(shared)
    for piece in koreksi.sheet():
        spool.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
    spool.close()
    return made, spool.handed()


def _packed(run: RunResult) -> Iterator[Packed]:
    """The run's findings as packed tuples (temuan.packed), in report order."""
    return (t for result in run.files for t in packed_findings(result.findings))


class _SheetNotes:
    """The comments part and VML drawing of a flagged sheet (the user's own, extended, or new ones), and its
    relationships."""

    def __init__(self, paket: Paket, part: SheetPart, found: Scan) -> None:
        self.part = part
        comments = part.related("/comments")
        vml = part.rels.get(found.legacy or "")
        self.overrides: list[tuple[str, str]] = []
        added: list[tuple[str, str, str]] = []
        if comments:
            self.comments = comments[0][1]
            comments_text: str | None = paket.read(self.comments, MAIN)
        else:
            self.comments, comments_text = paket.free("xl/comments{}.xml"), None
            self.overrides.append((self.comments, CT_COMMENTS))
            added.append((free_id(part.rels), "comments", self.comments))
        if vml is not None and vml[0].endswith("/vmlDrawing") and paket.member(vml[1]):
            self.vml = vml[1]
            real = paket.member(self.vml) or self.vml
            check_part_size(paket.archive, real, paket.path, paket.limits.max_part_bytes)
            vml_bytes: bytes | None = paket.archive.read(real)
            self.legacy_rid: str | None = None
        else:
            self.vml, vml_bytes = paket.free("xl/drawings/vmlDrawing{}.vml"), None
            self.overrides.append((self.vml, CT_VML))
            self.legacy_rid = free_id(set(part.rels) | {rid for rid, _, _ in added})
            added.append((self.legacy_rid, "vmlDrawing", self.vml))
        self.rels = None if not added else with_relationships(
            paket.read(part.rels_member) if paket.member(part.rels_member) else None, added)
        self.notes = Notes(comments_text, vml_bytes)
        self.replaced = [self.comments, self.vml] + ([part.rels_member] if added else [])

    def parts(self, zs: ZipStream) -> Iterator[bytes]:
        self.notes.close()
        yield from zs.add(self.comments, self.notes.comments)
        yield from zs.add(self.vml, self.notes.vml)
        if self.rels is not None:
            yield from zs.write(self.part.rels_member, [self.rels.encode("utf-8")])

