"""Checking workbooks: read -> map -> checks, one file at a time, streaming its rows."""

from __future__ import annotations

import gc
import hashlib
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterator

from nomenklatur import __version__, kode
from nomenklatur.baris import CACHE_LIMIT, MEMO_KEYS, Baris, SheetMap, map_rows
from nomenklatur.checks import REGISTRY
from nomenklatur.checks.base import Context, render
from nomenklatur.findings import SEVERITY_RANK, Finding, Location, sort_key
from nomenklatur.region import from_title
from nomenklatur.tables import Catalog, Choice, default_catalog
from nomenklatur.workbook import ReadLimits, SheetRows, WorkbookError, open_workbook, overlap
from nomenklatur.workbook.header import Layout, detect_layout, load_aliases

HEADER_SCAN = 40
WAIT_COLLECT = 20_000  # objects made since the last collection worth collecting while waiting for rows
CODE_FIELDS = ("kode", "kode_urusan", "kode_bidang", "kode_sub_kegiatan", "kode_akun")
_ORGANISASI = re.compile(r"\b\d\.\d\d\.\d\.\d\d\.\d\.\d\d\.\d\d\.\d{4}\b")
RANK = {"urusan": 0, "bidang": 1, "program": 2, "kegiatan": 3, "sub_kegiatan": 4}
SUB_KEGIATAN = RANK["sub_kegiatan"]


@dataclass
class CheckOptions:
    """What one run checks against: fiscal year, level and region when known, rules and their settings."""

    tahun: int
    severities: dict[str, str]
    params: dict[str, dict[str, Any]]
    tingkat: str | None = None
    wilayah: str | None = None
    tabel: str | None = None
    headers: dict[str, list[str]] = field(default_factory=dict)
    limits: ReadLimits = field(default_factory=ReadLimits)
    overlap_from: int | None = overlap.MIN_BYTES  # sheets read by a second process (workbook/overlap.py)


@dataclass
class FileResult:
    """The outcome of checking one file."""

    path: str
    sha256: str | None = None
    level: str | None = None
    level_source: str | None = None
    region: str | None = None
    rows_checked: int = 0
    table: str | None = None
    note: dict[str, str] | None = None  # why this table: {"id": …, "en": …} when not an exact list
    readable: bool = True
    findings: list[Finding] = field(default_factory=list)


@dataclass
class RunResult:
    """The outcome of a run over several files."""

    files: list[FileResult]
    tahun: int
    choice: Choice | None
    sync: list[dict[str, Any]] | None = None  # `nomenklatur sync`: one summary row per kabupaten/kota

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    def summary(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {s: counts.get(s, 0) for s in ("error", "warning", "info")}

    def exit_code(self, fail_on: str = "error") -> int:
        """0: nothing at or above `fail_on`; 1: findings; 2: a file could not be read."""
        if any(not r.readable for r in self.files):
            return 2
        threshold = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in self.findings) else 0


def _sha256(path: Path, max_bytes: int) -> str | None:
    """The file's digest; None for what is not a regular file within the size limit (a pipe or a
    device would block or never end, a huge file is refused by the reader anyway)."""
    digest = hashlib.sha256()
    try:
        if not path.is_file() or path.stat().st_size > max_bytes:
            return None
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _file_finding(result: FileResult, rule_id: str, variant: str, severities: dict[str, str], sheet: str | None = None,
                  **params: Any) -> None:
    severity = severities.get(rule_id)
    if severity is None:
        return
    rule = REGISTRY[rule_id]
    result.findings.append(Finding(rule_id, rule.category, severity, render(rule.messages[variant], {"sheet": sheet, **params}),
                                   Location(result.path, sheet), key=(rule_id, variant, sheet or "")))


@dataclass
class _Sheet:
    name: str
    layout: Layout
    head: list[tuple[int, tuple[object, ...]]]
    rest: Iterator[tuple[int, tuple[object, ...]]]
    source: SheetRows  # tells, once read, whether reading stopped at a long blank run


def _sheets(workbook, aliases: dict[str, list[str]]) -> Iterator[_Sheet | str]:
    """Each sheet with a table of codes (its layout and rows), or the sheet's name when it has none."""
    for sheet in workbook.sheets():
        rows = iter(sheet.rows)
        head = [row for _, row in zip(range(HEADER_SCAN), rows)]
        layout = detect_layout(head, aliases, lambda: workbook.merged_ranges(sheet.name)) if head else None
        if layout is not None:
            _names_holding_codes(layout, head)
        if layout is None or not any(f in layout.columns for f in CODE_FIELDS):
            yield sheet.name
            continue
        yield _Sheet(sheet.name, layout, head, rows, sheet)


def _names_holding_codes(layout: Layout, head: list[tuple[int, tuple[object, ...]]]) -> None:
    """A name column whose cells start with codes ("2.13.02 PROGRAM PENATAAN DESA") is the code column."""
    if any(f in layout.columns for f in CODE_FIELDS[:4]) or "nama" not in layout.columns:
        return
    col = layout.columns["nama"][0]
    values = [v[col - 1] for r, v in head if r >= layout.data_start and len(v) >= col and isinstance(v[col - 1], str)]
    coded = 0
    for value in values:
        try:
            coded += kode.parse(value[:kode.MAX_LENGTH], "program").name is not None
        except kode.KodeError:
            pass
    if values and coded * 2 > len(values):
        layout.columns["kode"] = layout.columns.pop("nama")


def _opd_in_title(lines: list[str]) -> kode.Kode | None:
    """The kode organisasi in a title row ("Perangkat Daerah : 2.13.0.00.0.00.01.0000 Dinas …")."""
    for line in lines:
        match = _ORGANISASI.search(line)
        if match:
            try:
                return kode.parse(match.group(0), "organisasi")
            except kode.KodeError:
                return None
    return None


def _lokasi_texts(sheets: list[_Sheet]) -> list[str]:
    """Lokasi cells of the first rows ("Kab. Paser, Semua Kecamatan"), to name the file's region."""
    texts = []
    for sheet in sheets:
        cols = sheet.layout.columns.get("lokasi")
        if cols:
            texts += [str(v[cols[0] - 1]) for r, v in sheet.head
                      if r >= sheet.layout.data_start and len(v) >= cols[0] and isinstance(v[cols[0] - 1], str)]
    return texts


def _infer_level(sheets: list[_Sheet]) -> str | None:
    """The level most kegiatan codes in the first rows point to (digit 1 provinsi, 2 kabupaten/kota)."""
    digits: Counter[str] = Counter()
    for sheet in sheets:
        smap = SheetMap("", sheet.name, sheet.layout.columns, sheet.layout.labels)
        for b in map_rows(smap, iter([r for r in sheet.head if r[0] >= sheet.layout.data_start]), ""):
            if b.kode is not None and b.kode.level in ("1", "2"):
                digits[b.kode.level] += 1
    if not digits:
        return None
    return "provinsi" if digits.most_common(1)[0][0] == "1" else "kabkota"


@lru_cache(maxsize=1)
def _shipped_aliases() -> dict[str, list[str]]:
    """rules/headers.yaml, parsed once per process (about 20 ms of YAML per file otherwise)."""
    return load_aliases()


def check_file(path: str, options: CheckOptions, catalog: Catalog | None = None,
               visit: Callable[[Context, Baris], None] | None = None) -> FileResult:
    """Check one workbook; unreadable files become NK001 findings, never exceptions.

    `visit`, when given, sees every mapped row after the rules (cross-file checks collect from it).
    """
    catalog = catalog or default_catalog()
    result = FileResult(path, _sha256(Path(path), options.limits.max_file_bytes))
    aliases = {fld: list(names) for fld, names in _shipped_aliases().items()}
    for fld, extra in options.headers.items():
        aliases[fld] = list(extra) + aliases.get(fld, [])
    try:
        with _collector_paused(), open_workbook(path, options.limits, options.overlap_from,
                                                _collect_while_waiting) as workbook:
            sheets: list[_Sheet] = []
            skipped: list[str] = []
            for item in _sheets(workbook, aliases):
                (skipped if isinstance(item, str) else sheets).append(item)
            if not sheets:
                _file_finding(result, "NK002", "no_sheet", options.severities)
                return result
            _check_sheets(result, sheets, options, catalog, visit)
    except WorkbookError as exc:
        result.readable = False
        result.findings = [f for f in result.findings if f.rule == "NK001"]
        _file_finding(result, "NK001", "unreadable", options.severities, sheet=exc.sheet,
                      reason=exc.message("id"), reason_en=exc.message("en"))
    result.findings.sort(key=sort_key)
    return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector switched off for one file: a check makes no reference cycles (a code
    error kept with its row drops its traceback), so each collection would only walk the loaded code tables
    and the rows held so far again (about a tenth of a big check's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _collect_while_waiting() -> None:
    """While the collector is paused and this process waits for the reading process's rows: collect the
    objects made since the last collection, in time that would be spent waiting anyway (the findings and
    cached table rows a big check keeps; otherwise all visited at once when the check ends)."""
    young, middle, _ = gc.get_count()
    if young >= WAIT_COLLECT:
        gc.collect(1 if middle >= 9 else 0)  # as the collector itself would: the middle generation every tenth


def _check_sheets(result: FileResult, sheets: list[_Sheet], options: CheckOptions, catalog: Catalog,
                  visit: Callable[[Context, Baris], None] | None) -> None:
    wilayah = catalog.table(catalog.choose(options.tahun, jenis="wilayah").table)
    level, region, source = options.tingkat, options.wilayah, "perintah"
    if level is None or region is None:
        title_level, title_region = from_title(sheets[0].layout.title, wilayah)
        if title_level is None:
            title_level, title_region = from_title(_lokasi_texts(sheets), wilayah)
        if level is None and title_level:
            level, source = title_level, "judul"
        region = region or title_region
    if level is None:
        level, source = _infer_level(sheets) or "kabkota", "kode"
    result.level, result.level_source, result.region = level, source, region
    choice = Choice(options.tabel, True, None) if options.tabel else catalog.choose(options.tahun, level)
    result.table = choice.table
    result.note = {"id": choice.describe("id"), "en": choice.describe("en")} if choice.note else None
    ctx = Context(result.path, catalog, catalog.table(choice.table), choice, options.tahun, level, region,
                  options.severities, options.params)
    if source == "kode":
        _file_finding(result, "NK003", "inferred", options.severities, level=level,
                      level_en={"provinsi": "province", "kabkota": "regency/city"}[level])
    close_rules = [REGISTRY[r].close for r in options.severities if REGISTRY[r].close]
    finish_rules = [REGISTRY[r].finish for r in options.severities if REGISTRY[r].finish]
    default_opd = sheets[0].name if len(sheets) == 1 else ""
    for sheet in sheets:
        smap = SheetMap(result.path, sheet.name, sheet.layout.columns, sheet.layout.labels)
        row_rules, memo_rules = _row_rules(options.severities, smap.columns)
        opd = sheet.name if len(sheets) > 1 else default_opd
        rows = chain((r for r in sheet.head if r[0] >= sheet.layout.data_start), sheet.rest)
        stack: list[Baris] = []
        sums: dict[int, list] = {}  # rank -> [sum of pagu, rows with a pagu], for a TOTAL row
        groups = [(memo_key, rules, set()) for memo_key, rules in memo_rules]  # set: keys that gave no finding
        findings = ctx.findings
        checked = 0
        for b in map_rows(smap, rows, opd, _opd_in_title(sheet.layout.title)):
            checked += 1
            if b.total:
                _close_total(ctx, b, sums, close_rules)
                continue
            code = b.kode
            if code is not None and code.family == "program":
                rank = RANK.get(code.kind)
                if rank is not None:
                    while stack and RANK[stack[-1].kode.kind] >= rank:  # type: ignore[union-attr]
                        _close(ctx, stack.pop(), close_rules)
                    pagu = b.pagu
                    if stack:
                        parent = b.parent = stack[-1]
                        if pagu is not None:
                            parent.child_sum += pagu
                            parent.child_count += 1
                    if pagu is not None:
                        total = sums.get(rank)
                        if total is None:
                            sums[rank] = [pagu, 1]
                        else:
                            total[0] += pagu
                            total[1] += 1
                    if rank < SUB_KEGIATAN:
                        stack.append(b)
            for rule in row_rules:
                rule(ctx, b)
            for memo_key, rules, silent in groups:
                key = memo_key(b)
                if key in silent:
                    continue
                count = len(findings)
                for rule in rules:
                    rule(ctx, b)
                if len(findings) == count:
                    if len(silent) >= CACHE_LIMIT:
                        silent.clear()
                    silent.add(key)
            if visit is not None:
                visit(ctx, b)
        result.rows_checked += checked
        while stack:
            _close(ctx, stack.pop(), close_rules)
        if sheet.source.stopped_at is not None:
            _file_finding(result, "NK005", "stopped", options.severities, sheet=sheet.name,
                          row=sheet.source.stopped_at, run=options.limits.max_blank_run)
    for finish in finish_rules:
        finish(ctx)
    result.findings.extend(ctx.findings)


def _row_rules(severities: dict[str, str], columns: dict[str, tuple[int, ...]]) \
        -> tuple[list, list[tuple[Callable[[Baris], Any], list]]]:
    """The row checks of the switched-on rules that can fire on a sheet with these columns: those run on
    every row, and the memoised ones grouped by what their outcome depends on (see `Rule.memo`)."""
    plain: list = []
    groups: dict[str, list] = {}
    for rule_id in severities:
        rule = REGISTRY[rule_id]
        if rule.row is not None and (rule.needs is None or rule.needs in columns):
            (groups.setdefault(rule.memo, []) if rule.memo else plain).append(rule.row)
    return plain, [(MEMO_KEYS[name], rules) for name, rules in groups.items()]


def _close(ctx: Context, b: Baris, close_rules: list) -> None:
    for rule in close_rules:
        rule(ctx, b)


def _close_total(ctx: Context, b: Baris, sums: dict[int, list], close_rules: list) -> None:
    """A TOTAL row adds up the rows of the highest level that carries a pagu."""
    for rank in sorted(sums):
        total, count = sums[rank]
        if count:
            b.child_sum, b.child_count = total, count
            _close(ctx, b, close_rules)
            return


def _check_in_worker(args: tuple[str, CheckOptions]) -> FileResult:
    return check_file(*args)


def check_paths(paths: list[str], options: CheckOptions, catalog: Catalog | None = None, jobs: int = 1) -> RunResult:
    """Check several files (in `jobs` processes when more than one); each file's failure stays in its own result."""
    catalog = catalog or default_catalog()
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
            alone = replace(options, overlap_from=None)  # the workers already use the cores
            results = list(pool.map(_check_in_worker, [(p, alone) for p in paths], chunksize=1))
    else:
        results = [check_file(p, options, catalog) for p in paths]
    level = next((r.level for r in results if r.level), options.tingkat or "kabkota")
    choice = Choice(options.tabel, True, None) if options.tabel else catalog.choose(options.tahun, level)
    return RunResult(results, options.tahun, choice)


TOOL = {"name": "nomenklatur", "version": __version__}
