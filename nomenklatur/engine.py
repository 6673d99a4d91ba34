"""Checking workbooks: read -> map -> checks, one file at a time, streaming its rows."""

from __future__ import annotations

import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from nomenklatur import __version__, kode
from nomenklatur.baris import CACHE_LIMIT, CHECKED_ROLES, CODE_ROLES, MEMO_KEYS, ROLES, Baris, SheetMap, \
    map_rows
from nomenklatur.checks import REGISTRY
from nomenklatur.checks.base import Context, render
from nomenklatur.findings import SEVERITIES, SEVERITY_RANK, Finding, Location
from nomenklatur.formulir import block_rows
from nomenklatur.laporan_sendiri import is_koreksi_sheet
from nomenklatur.opd import KODE_ORGANISASI
from nomenklatur.kemajuan import ROWS_STEP
from nomenklatur.opd import of_sheet as office_of_sheet
from nomenklatur.region import from_office_names, from_title
from nomenklatur.susunan import Susunan
from nomenklatur.tahun import DEFAULT_YEAR, FIRST_FOUR_DIGIT_YEAR, Bukti, KodeTahun, conflict, evidence
from nomenklatur.tahun import from_title as tahun_dari_judul
from nomenklatur.tables import Catalog, Choice, default_catalog
from nomenklatur.temuan import Temuan
from nomenklatur.workbook import ReadLimits, SheetRows, WorkbookError, column_letter, open_workbook, overlap
from nomenklatur.workbook.digest import file_digest
from nomenklatur.workbook.header import Layout, detect_layout, load_aliases
from nomenklatur.workbook.kolom import p90_shaped

HEADER_SCAN = 100  # rows a header is looked for in (a DPA print's identity block takes 30-45)
SAMPLE = 40  # data rows after the header scan that column typing may read
WAIT_COLLECT = 20_000  # objects made since the last collection worth collecting while waiting for rows
CODE_FIELDS = ("kode", "kode_urusan", "kode_bidang", "kode_program", "kode_kegiatan", "kode_sub_kegiatan", "kode_akun")


@dataclass
class CheckOptions:
    """What one run checks against: fiscal year, level and region when known, rules and their settings."""

    tahun: int | None  # None: each file's own year (title, file name, codes)
    severities: dict[str, str]
    params: dict[str, dict[str, Any]]
    tingkat: str | None = None
    wilayah: str | None = None
    tabel: str | None = None
    headers: dict[str, list[str]] = field(default_factory=dict)
    limits: ReadLimits = field(default_factory=ReadLimits)
    overlap_from: int | None = overlap.MIN_BYTES  # sheets read by a second process (workbook/overlap.py)
    debug: bool = False  # raise a failure of nomenklatur itself instead of reporting it as a finding
    on_rows: Callable[[int], None] | None = None  # told every ROWS_STEP rows read (progress); not in workers


@dataclass
class FileResult:
    """The outcome of checking one file."""

    path: str
    sha256: str | None = None
    level: str | None = None
    level_source: str | None = None
    region: str | None = None
    rows_checked: int = 0
    roles: Counter = field(default_factory=Counter)  # rows of each role (see nomenklatur.baris)
    skipped_sheets: list[str] = field(default_factory=list)  # sheets without a table of codes
    sheets: list[dict[str, Any]] = field(default_factory=list)  # per checked sheet: how it was read, its roles
    tahun: int | None = None  # the fiscal year checked as
    tahun_source: str | None = None  # perintah (asked), judul, nama berkas, kode, bawaan (nothing showed it)
    table: str | None = None
    regulation: dict[str, str] | None = None  # the table as people know it: {"id": "Kepmendagri … (TA 2024)", "en": …}
    note: dict[str, str] | None = None  # why this table: {"id": …, "en": …} when not an exact list
    readable: bool = True
    findings: Temuan = field(default_factory=Temuan)  # report order; held in little memory however many


def severities_of(findings: Iterable[Finding]) -> Counter[str]:
    """Findings per severity: counted as they came for a collection, by reading for a list."""
    return findings.counts if isinstance(findings, Temuan) else Counter(f.severity for f in findings)


class AllFindings:
    """The findings of several files read one after another: iteration, `len`, `[i]`, never one big list."""

    def __init__(self, files: list[FileResult]) -> None:
        self.files = files

    def __iter__(self) -> Iterator[Finding]:
        return (f for result in self.files for f in result.findings)

    def __len__(self) -> int:
        return sum(len(result.findings) for result in self.files)

    def __bool__(self) -> bool:
        return any(result.findings for result in self.files)

    def __getitem__(self, index: int) -> Finding:
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        """Equal to a list of the same findings in the same order."""
        if isinstance(other, (AllFindings, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


@dataclass
class RunResult:
    """The outcome of a run over several files."""

    files: list[FileResult]
    tahun: int | None
    choice: Choice | None
    sync: list[dict[str, Any]] | None = None  # `nomenklatur sync`: one summary row per kabupaten/kota

    @property
    def findings(self) -> AllFindings:
        """Every file's findings, file by file, in report order (read from the files' collections each time)."""
        return AllFindings(self.files)

    def summary(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for result in self.files:
            counts.update(severities_of(result.findings))
        return {s: counts.get(s, 0) for s in ("error", "warning", "info")}

    def folders(self) -> list[dict[str, Any]]:
        """Per folder (in a collection, a government's files), when the files come from more than one: the
        folder, its files and its findings by severity; [] for one folder."""
        files: Counter[str] = Counter()
        counts: dict[str, Counter[str]] = {}
        for result in self.files:
            folder = str(Path(result.path).parent)
            files[folder] += 1
            counts.setdefault(folder, Counter()).update(severities_of(result.findings))
        if len(files) < 2:
            return []
        return [{"folder": folder, "files": files[folder], **{s: counts[folder].get(s, 0) for s in SEVERITIES}}
                for folder in sorted(files)]

    def exit_code(self, fail_on: str = "error") -> int:
        """0: nothing at or above `fail_on`; 1: findings; 2: a file could not be read."""
        if any(not r.readable for r in self.files):
            return 2
        threshold = SEVERITY_RANK[fail_on]
        return 1 if any(n and SEVERITY_RANK[s] >= threshold for s, n in self.summary().items()) else 0


def _file_finding(result: FileResult, rule_id: str, variant: str, severities: dict[str, str], sheet: str | None = None,
                  at_least: str | None = None, **params: Any) -> None:
    severity = severities.get(rule_id)
    if severity is None:
        return
    if at_least is not None and SEVERITY_RANK[at_least] > SEVERITY_RANK[severity]:
        severity = at_least
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
    """Each sheet with a table of codes (its layout and rows), or the sheet's name when it has none (or is the
    Koreksi sheet of nomenklatur's annotated copy)."""
    for sheet in workbook.sheets():
        rows = iter(sheet.rows)
        head = [row for _, row in zip(range(HEADER_SCAN + SAMPLE), rows)]
        if head and is_koreksi_sheet(sheet.name, head[0][1]):
            yield sheet.name
            continue
        layout = detect_layout(head, aliases, lambda: workbook.merged_ranges(sheet.name), HEADER_SCAN) \
            if head else None
        if layout is None or not (layout.cascade or layout.unread or layout.notation in ("split", "akun")
                                  or any(f in layout.columns for f in CODE_FIELDS)):
            yield sheet.name
            continue
        yield _Sheet(sheet.name, layout, head, rows, sheet)


def _opd_in_title(lines: list[str]) -> kode.Kode | None:
    """The kode organisasi in a title row ("Perangkat Daerah : 2.13.0.00.0.00.01.0000 Dinas …")."""
    for line in lines:
        match = KODE_ORGANISASI.search(line)
        if match:
            try:
                return kode.parse(match.group(0), "organisasi")
            except kode.KodeError:
                return None
    return None


def _lokasi_texts(sheets: list[_Sheet]) -> list[str]:
    """Lokasi cells of the first rows ("Kab. Paser, Semua Kecamatan"), to name the file's region."""
    return _texts_of(sheets, "lokasi")


def _texts_of(sheets: list[_Sheet], name: str) -> list[str]:
    """The texts of one field in the first rows of every sheet."""
    texts = []
    for sheet in sheets:
        cols = sheet.layout.columns.get(name)
        if cols:
            texts += [str(v[cols[0] - 1]) for r, v in sheet.head
                      if r >= sheet.layout.data_start and len(v) >= cols[0] and isinstance(v[cols[0] - 1], str)]
    return texts


def _head_facts(sheets: list[_Sheet]) -> tuple[str | None, KodeTahun]:
    """What the first rows' codes say: the level most kegiatan codes point to (digit 1 provinsi, 2
    kabupaten/kota) and the shapes that tell the fiscal year (sub kegiatan digits, 2026-shape accounts)."""
    digits: Counter[str] = Counter()
    codes = KodeTahun(Counter())
    for sheet in sheets:
        smap = _sheet_map("", sheet)
        for b in chain(block_rows(smap, sheet.head, _first_header_row(sheet.layout)),
                       map_rows(smap, iter([r for r in sheet.head if r[0] >= sheet.layout.data_start]), "")):
            code = b.kode
            if code is not None:
                if code.level in ("1", "2"):
                    digits[code.level] += 1
                if code.kind == "sub_kegiatan" and not b.virtual:
                    codes.sub_digits[len(code.segments[-1])] += 1
                    codes.samples.add(code.text)
            if b.akun_raw is not None and b.role == "akun":
                try:
                    era = kode.parse(b.akun_raw, "akun").era
                except kode.KodeError:
                    continue
                codes.akun_2026 += era == "5"
                codes.akun_4 += era == "4"
    level = None if not digits else "provinsi" if digits.most_common(1)[0][0] == "1" else "kabkota"
    return level, codes


def _fiscal_year(result: FileResult, sheets: list[_Sheet], options: CheckOptions, catalog: Catalog,
                 codes: KodeTahun, level: str | None) -> tuple[int, dict[str, str] | None]:
    """The year to check the file as: the one asked for (one finding when the document shows another), else
    the one the document shows (title, file name, codes; said in a finding), else the newest full list's.
    With it, why its list cannot prove a code wrong (the document shows another year, or none), or None."""
    title = [line for sheet in sheets for line in sheet.layout.title]
    found = evidence(title, result.path, codes)
    asked = options.tahun
    if asked is not None:
        result.tahun, result.tahun_source = asked, "perintah"
        against = conflict(asked, found)
        if against is None:
            return asked, None
        _file_finding(result, "NK007", "mismatch", options.severities, tahun=asked, found=against.years(),
                      found_en=against.years("en"), evidence=against.describe(), evidence_en=against.describe("en"),
                      expected=str(_year_with_list(catalog, against)))
        return asked, {"id": f"; berkas ini {against.years()}, bukan TA {asked}, jadi bukan galat",
                       "en": f"; this file is {against.years('en')}, not FY{asked}, so not an error"}
    if found:
        best = found[0]
        year = _year_with_list(catalog, best, codes.samples, level)
        first = best.dari == best.sampai or year == _year_with_list(catalog, best)
        _file_finding(result, "NK008", "inferred", options.severities, tahun=year, evidence=best.describe(),
                      evidence_en=best.describe("en"), found=best.years(), found_en=best.years("en"),
                      why="" if first else f"; daftar TA {year} memuat paling banyak kode sub kegiatannya",
                      why_en="" if first else f"; the FY{year} list holds most of its sub kegiatan codes")
        result.tahun, result.tahun_source = year, best.sumber
        if best.dari != best.sampai:  # the codes tell the era, not the year: no year's list proves a code wrong
            return year, {"id": f"; tahun anggaran hanya disimpulkan dari bentuk kodenya ({best.years()}), jadi "
                                f"hanya peringatan",
                          "en": f"; the fiscal year is only inferred from the shape of its codes "
                                f"({best.years('en')}), so only a warning"}
        return year, None
    _file_finding(result, "NK008", "unknown", options.severities, tahun=DEFAULT_YEAR, at_least="warning")
    result.tahun, result.tahun_source = DEFAULT_YEAR, "bawaan"
    return DEFAULT_YEAR, {"id": "; tahun anggaran berkas tidak diketahui, jadi hanya peringatan",
                          "en": "; the file's fiscal year is not known, so only a warning"}


def _year_with_list(catalog: Catalog, bukti: Bukti, samples: set[str] = frozenset(), level: str | None = None) -> int:
    """The year of evidence that allows several (codes of an era): of the years with a list of their own, the
    first whose list holds most of the document's sub kegiatan codes (a code added in FY2025 points past 2024)."""
    listed = {y for name in catalog.names("nomenklatur") for y in catalog.meta(name).fiscal_years}
    years = [y for y in range(bukti.dari, bukti.sampai + 1) if y in listed]
    if not years:
        return bukti.dari
    if not samples:
        return years[0]
    pemda = level or "kabkota"

    def held(year: int) -> int:
        table = catalog.table(catalog.choose(year, pemda).table)
        return sum(1 for code in samples if table.find(code, pemda) is not None)

    return max(years, key=lambda y: (held(y), -y))


def _first_header_row(layout: Layout) -> int:
    return layout.header_rows[0] if layout.header_rows else layout.data_start


def _sheet_map(path: str, sheet: _Sheet, tahun: int | None = None) -> SheetMap:
    """How one sheet is read; a sub kegiatan stored as a number takes the width of its year's codes (the year
    the title names, else the one asked for)."""
    layout = sheet.layout
    titled = tahun_dari_judul(layout.title)
    tahun = titled[0] if titled else tahun
    sub_digits = None if tahun is None else 4 if tahun >= FIRST_FOUR_DIGIT_YEAR else 2
    return SheetMap(path, sheet.name, layout.columns, layout.labels, layout.notation, layout.cascade, layout.names,
                    layout.akun_lines, layout.akun_tree, sub_digits)


@lru_cache(maxsize=1)
def _shipped_aliases() -> dict[str, list[str]]:
    """rules/headers.yaml, parsed once per process (about 20 ms of YAML per file otherwise)."""
    return load_aliases()


def check_file(path: str, options: CheckOptions, catalog: Catalog | None = None,
               visit: Callable[[Context, Baris], None] | None = None) -> FileResult:
    """Check one workbook; unreadable files become NK001 findings, never exceptions. A failure of nomenklatur
    itself on one file is an NK002 finding of that file (with `CheckOptions.debug`, it is raised).

    `visit`, when given, sees every mapped row after the rules (cross-file checks collect from it).
    """
    catalog = catalog or default_catalog()
    result = FileResult(path)
    aliases = {fld: list(names) for fld, names in _shipped_aliases().items()}
    for fld, extra in options.headers.items():
        aliases[fld] = list(extra) + aliases.get(fld, [])
    workbook = None
    try:
        with collector_paused(), open_workbook(path, options.limits, options.overlap_from,
                                                _collect_while_waiting) as workbook:
            named = Path(path).suffix.lower().lstrip(".")
            if named and named != workbook.format and {named, workbook.format} != {"xlsx", "xlsm"}:
                _file_finding(result, "NK009", "named", options.severities, named=named, actual=workbook.format)
            sheets: list[_Sheet] = []
            for item in _sheets(workbook, aliases):
                if isinstance(item, str):
                    result.skipped_sheets.append(item)
                else:
                    sheets.append(item)
            if not sheets:
                _file_finding(result, "NK002", "no_sheet", options.severities, sheets=_names(result.skipped_sheets),
                              sheets_en=_names(result.skipped_sheets, "en"), scan=HEADER_SCAN)
            else:
                _check_sheets(result, sheets, options, catalog, visit)
    except WorkbookError as exc:
        result.readable = False
        result.findings = Temuan(f for f in result.findings if f.rule == "NK001")
        _file_finding(result, "NK001", "unreadable", options.severities, sheet=exc.sheet,
                      reason=exc.message("id"), reason_en=exc.message("en"))
    except Exception as exc:  # a bug of ours on this file: said for the file, the other files still checked
        if options.debug:
            raise
        result.findings = Temuan(f for f in result.findings if f.category == "file")
        _file_finding(result, "NK002", "failed", options.severities, error=f"{type(exc).__name__}: {exc}"[:200])
    # a reading process hashes the file after its last row, while this one still checks; else it is hashed here
    result.sha256 = (workbook.digest if workbook is not None else None) or \
        file_digest(Path(path), options.limits.max_file_bytes)
    return result


def _names(sheets: list[str], lang: str = "id") -> str:
    """Sheet names for a message: "'Sheet1', 'Sheet2'" (the first ten)."""
    if not sheets:
        return "tidak ada lembar" if lang == "id" else "no sheets"
    shown = ", ".join(repr(name) for name in sheets[:10])
    more = len(sheets) - 10
    return shown + (f" dan {more} lainnya" if lang == "id" else f" and {more} more") * (more > 0)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector switched off for one file's check, or for writing a run's report:
    neither makes reference cycles as it goes (a code error kept with its row drops its traceback; a report
    leaves a few dozen cyclic objects however many findings it writes), so each collection would only walk
    the loaded code tables, the rows and the findings read back so far again (about a tenth of a big check's
    time, a fifth of a text report's).

    When it is switched on again, what was made meanwhile joins the oldest generation at once (`_aged`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _aged()
            gc.enable()


def _aged() -> None:
    """Move every object the collector tracks into its oldest generation, unless the caller froze some (a
    frozen heap stays frozen). The objects a paused check or report made and kept (tables, results,
    caches) would otherwise all be walked by the first young collection after the pause, about 30 ms at
    100k rows, to find nothing; in the oldest generation they wait for the next full collection, which
    Python runs rarely (it walks every object anyway). `freeze` and `unfreeze` only relink lists."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _collect_while_waiting() -> None:
    """While the collector is paused and this process waits for the reading process's rows: collect the
    objects made since the last collection, in time that would be spent waiting anyway (the findings and
    cached table rows a big check keeps; otherwise all visited at once when the check ends)."""
    young, middle, _ = gc.get_count()
    if young >= WAIT_COLLECT:
        gc.collect(1 if middle >= 9 else 0)  # as the collector itself would: the middle generation every tenth


def _check_sheets(result: FileResult, sheets: list[_Sheet], options: CheckOptions, catalog: Catalog,
                  visit: Callable[[Context, Baris], None] | None) -> None:
    coded_level, codes = _head_facts(sheets)
    tahun, doubt = _fiscal_year(result, sheets, options, catalog, codes, options.tingkat or coded_level)
    wilayah = catalog.table(catalog.choose(tahun, jenis="wilayah").table)
    level, region, source = options.tingkat, options.wilayah, "perintah"
    if level is None or region is None:
        title_level, title_region = from_title(sheets[0].layout.title, wilayah)
        if title_level is None:
            title_level, title_region = from_title(_lokasi_texts(sheets), wilayah)
        if title_level is None:
            title_level, title_region = from_office_names(_texts_of(sheets, "opd"), wilayah)
        if level is None and title_level:
            level, source = title_level, "judul"
        region = region or title_region
    if level is None:
        level, source = (coded_level, "kode") if coded_level else ("kabkota", "bawaan")
    result.level, result.level_source, result.region = level, source, region
    choice = Choice(options.tabel, True, None) if options.tabel else catalog.choose(tahun, level)
    result.table = choice.table
    result.regulation = {lang: catalog.meta(choice.table).label(lang) for lang in ("id", "en")}
    result.note = {"id": choice.describe("id"), "en": choice.describe("en")} if choice.note else None
    ctx = Context(result.path, catalog, catalog.table(choice.table), choice, tahun, level, region,
                  options.severities, options.params, tahun_doubt=doubt)
    if source in ("kode", "bawaan"):
        _file_finding(result, "NK003", "inferred" if source == "kode" else "assumed", options.severities,
                      level={"provinsi": "provinsi", "kabkota": "kabupaten/kota"}[level],
                      level_en={"provinsi": "province", "kabkota": "regency/city"}[level])
    closers = [partial(REGISTRY[r].close, ctx) for r in options.severities if REGISTRY[r].close]
    finish_rules = [REGISTRY[r].finish for r in options.severities if REGISTRY[r].finish]
    default_opd = sheets[0].name if len(sheets) == 1 else ""
    for sheet in sheets:
        layout = sheet.layout
        smap = _sheet_map(result.path, sheet, tahun)
        dispatch = _RoleRules(options.severities, smap.columns)
        by_role = dispatch.by_role
        opd = sheet.name if len(sheets) > 1 else default_opd
        rows = chain((r for r in sheet.head if r[0] >= layout.data_start), sheet.rest)
        if options.on_rows is not None:
            rows = _counted(rows, options.on_rows)
        tree = Susunan(closers)
        findings = ctx.findings
        first_finding = len(findings)
        form = _RoleRules(options.severities, {"kode": (1,), "nama": (2,)})  # the lines above the table
        for b in chain(block_rows(smap, sheet.head, _first_header_row(layout)),
                       map_rows(smap, rows, opd, _opd_in_title(layout.title))):
            if b.total:
                tree.total(b)
                continue
            role = b.role
            tree.add(b)
            if not b.ulang:  # the row rules of the role; a memoised group quiet for a key is not run again for it
                plain, groups = (by_role.get(role) or dispatch.of(role)) if b.sheet is smap else form.of(role)
                for rule in plain:
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
        tree.end()
        result.roles.update(smap.counts)
        result.sheets.append({"name": sheet.name, "header_rows": list(layout.header_rows), "notation": layout.notation,
                              "roles": {role: smap.counts[role] for role in ROLES if smap.counts.get(role)}})
        if not ("opd" in layout.columns or "kode_opd" in layout.columns):  # rows say their office themselves
            result.sheets[-1]["opd"] = office_of_sheet(layout.title, sheet.name)
        _unread_notation(ctx, smap, layout, first_finding)
        if sheet.source.stopped_at is not None:
            _file_finding(result, "NK005", "stopped", options.severities, sheet=sheet.name,
                          row=sheet.source.stopped_at, run=options.limits.max_blank_run)
    for finish in finish_rules:
        finish(ctx)
    ctx.findings.extend(result.findings)  # the few said for the file so far join the rows' many (no copy of those)
    result.findings = ctx.findings
    result.rows_checked = sum(n for role, n in result.roles.items() if role in CHECKED_ROLES)
    if not any(result.roles.get(role) for role in CODE_ROLES):  # unreadable codes are said row by row, or NK006
        _file_finding(result, "NK002", "no_rows", options.severities, sheets=_names([s.name for s in sheets]),
                      sheets_en=_names([s.name for s in sheets], "en"),
                      roles=role_counts(result.roles), roles_en=role_counts(result.roles, "en"))


ROLE_WORDS = {
    "id": {"urusan": "urusan", "bidang": "bidang", "program": "program", "kegiatan": "kegiatan",
           "sub_kegiatan": "sub kegiatan", "opd": "OPD", "akun": "rekening", "paket": "paket/rincian",
           "jumlah": "jumlah", "tak_terbaca": "kode tak terbaca", "judul": "judul tanpa kode",
           "catatan": "catatan/tanda tangan", "lanjutan": "lanjutan", "kosong": "kosong"},
    "en": {"urusan": "urusan", "bidang": "bidang", "program": "program", "kegiatan": "kegiatan",
           "sub_kegiatan": "sub kegiatan", "opd": "office", "akun": "account", "paket": "package/detail",
           "jumlah": "total", "tak_terbaca": "unreadable code", "judul": "heading without code",
           "catatan": "note/signature", "lanjutan": "continuation", "kosong": "blank"},
}


def role_counts(roles: Counter, lang: str = "id") -> str:
    """Rows by role for people: "12 sub kegiatan, 5.461 rekening" (roles in their fixed order)."""
    words = ROLE_WORDS["en" if lang == "en" else "id"]
    parts = [f"{roles[r]:,} {words[r]}".replace(",", "." if lang != "en" else ",") for r in ROLES if roles.get(r)]
    return ", ".join(parts) or ("tidak ada baris" if lang != "en" else "no rows")


def _unread_notation(ctx: Context, smap: SheetMap, layout: Layout, first: int) -> None:
    """A sheet whose code cells are mostly in a notation the grammar cannot read (a SIMDA print): one finding
    for the sheet, which names the notation, instead of one per row."""
    unread = smap.counts.get("tak_terbaca", 0)
    read = sum(smap.counts.get(role, 0) for role in CODE_ROLES - {"tak_terbaca"})
    if not (layout.unread or (unread >= 5 and unread > read)):
        return
    def slip(f: Finding) -> bool:  # the sheet's unreadable codes, one finding each so far
        return f.rule == "NK101" and f.location.sheet == smap.sheet

    slips = [f for f in ctx.findings if slip(f)] if len(ctx.findings) > first else []
    if not layout.unread and sum(1 for f in slips if p90_shaped(str(f.value))) * 2 >= len(slips):
        return  # Permendagri 90 codes with slips in them: each is a mistake of its own row
    ctx.findings = ctx.findings.keep(lambda f: not slip(f))
    col = next(iter(layout.unread), None) or smap.code_column or 1
    notation = layout.unread.get(col) or ""
    example = layout.examples.get(col) or next((str(f.value) for f in slips if f.value), "")
    ctx.emit("NK006", "notation" if notation else "unreadable",
             Location(ctx.file, smap.sheet, None, None, column_letter(col), smap.labels.get(col)),
             value=example, key=(smap.sheet, notation), notation=notation, count=unread, column=column_letter(col),
             suggestion=("fix", None, False))


class _RoleRules:
    """The row checks of the switched-on rules that can fire on a sheet with these columns, per row role: those
    run on every row of the role, and the memoised ones grouped by what their outcome depends on (see
    `Rule.memo`), each group with the keys that gave no finding on this sheet."""

    def __init__(self, severities: dict[str, str], columns: dict[str, tuple[int, ...]]) -> None:
        self.rules = [REGISTRY[r] for r in severities if REGISTRY[r].row is not None]
        self.columns = columns
        self.by_role: dict[str, tuple[list, list]] = {}
        self._silent: dict[tuple, set] = {}

    def of(self, role: str) -> tuple[list, list]:
        found = self.by_role.get(role)
        if found is None:
            plain: list = []
            groups: dict[tuple, list] = {}
            for rule in self.rules:
                if rule.roles is not None and role not in rule.roles:
                    continue
                if rule.needs is not None and rule.needs not in self.columns and role not in rule.also:
                    continue
                if rule.memo:
                    groups.setdefault((rule.memo, rule.roles), []).append(rule.row)
                else:
                    plain.append(rule.row)
            found = self.by_role[role] = (plain, [(MEMO_KEYS[memo], rules, self._silent.setdefault((memo, roles), set()))
                                                    for (memo, roles), rules in groups.items()])
        return found


def options_for(profil: str = "default", **fields: Any) -> CheckOptions:
    """Options for `check_file` as the command line makes them without a configuration file: the rules of a
    profile in rules/ (`default`, `provinsi`, `kabkota`, …) and any CheckOptions field (`tahun=2024`,
    `tingkat="kabkota"`); without `tahun` each file is checked as its own year."""
    from nomenklatur.config import UserConfig, effective_rules, load_profile

    severities, params = effective_rules(load_profile(profil), UserConfig(), [], [])
    return CheckOptions(**{"tahun": None, "severities": severities, "params": params, **fields})


def _counted(rows: Iterator[tuple[int, tuple[object, ...]]],
             tell: Callable[[int], None]) -> Iterator[tuple[int, tuple[object, ...]]]:
    """The rows as they are, telling `tell` every ROWS_STEP of them (and the rest at the end)."""
    count = 0
    for row in rows:
        count += 1
        if count == ROWS_STEP:
            tell(count)
            count = 0
        yield row
    if count:
        tell(count)


def _check_in_worker(args: tuple[str, CheckOptions]) -> FileResult:
    return check_file(*args)


def check_paths(paths: list[str], options: CheckOptions, catalog: Catalog | None = None, jobs: int = 1,
                done: Callable[[FileResult], None] | None = None) -> RunResult:
    """Check several files (in `jobs` processes when more than one); each file's failure stays in its own result.
    `done` is told of each file as it is finished (progress)."""
    catalog = catalog or default_catalog()
    results: list[FileResult] = []
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor

        for jenis in ("nomenklatur", "akun", "wilayah"):  # read once, before the workers fork, so they share them
            for name in catalog.names(jenis):
                catalog.table(name)
        gc.freeze()  # the workers' garbage collector then leaves the inherited heap alone (no copy-on-write)
        try:
            with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
                alone = replace(options, overlap_from=None, on_rows=None)  # the workers already use the cores
                for result in pool.map(_check_in_worker, [(p, alone) for p in paths], chunksize=1):
                    results.append(result)
                    if done is not None:
                        done(result)
        finally:
            gc.unfreeze()
    else:
        for path in paths:
            results.append(check_file(path, options, catalog))
            if done is not None:
                done(results[-1])
    level = next((r.level for r in results if r.level), options.tingkat or "kabkota")
    tahun = options.tahun or next((r.tahun for r in results if r.tahun), None)
    choice = Choice(options.tabel, True, None) if options.tabel else \
        catalog.choose(tahun, level) if tahun is not None else None
    return RunResult(results, tahun, choice)


TOOL = {"name": "nomenklatur", "version": __version__}
