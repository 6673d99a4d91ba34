"""`nomenklatur sync`: a province and its kabupaten/kota checked one by one, then against each other."""

from __future__ import annotations

import gc
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from nomenklatur import idm, kode, opd
from nomenklatur.baris import CACHE_LIMIT, Baris, SheetMap, map_rows
from nomenklatur.checks.base import Context
from nomenklatur.config import SyncSettings
from nomenklatur.engine import (
    HEADER_SCAN,
    CheckOptions,
    FileResult,
    RunResult,
    check_file,
)
from nomenklatur.findings import Finding, Location, sort_key
from nomenklatur.region import from_office_names, from_title
from nomenklatur.tables import Catalog, Choice, Table, default_catalog
from nomenklatur.targets import Target, TargetList, read_targets
from nomenklatur.teks import name_key
from nomenklatur.workbook import (
    WorkbookError,
    detect_layout,
    load_aliases,
    open_workbook,
)

TOLERANCE = Decimal("1")  # rupiah: rounding between the two budgets
_VILLAGE_WORD = re.compile(r"^\s*(desa|kampung|ds\.?)\s+", re.IGNORECASE)  # "Desa Petiku" names Petiku
# Bantuan keuangan a kabupaten/kota receives (4.2.02.02), by who gives it. The 2019 account chart (akun-2019,
# Permendagri 90/2019) names the objek: 4.2.02.02.01 Bantuan Keuangan Umum dari Pemerintah Provinsi,
# 4.2.02.02.02 Bantuan Keuangan Khusus dari Pemerintah Provinsi, 4.2.02.02.03 Bantuan Keuangan Umum dari
# Pemerintah Kabupaten/Kota, 4.2.02.02.04 Bantuan Keuangan Khusus dari Pemerintah Kabupaten/Kota (their rincian
# objek 4.2.02.02.0x.001 likewise). The later charts (akun-2021, Kepmendagri 050-3708/2020 and 050-5889/2021;
# the observed 2025 and 2026 lists) stop at 4.2.02.02 Bantuan Keuangan and give these objek no other meaning.
# The province spends its aid as 5.4.02.03 (Daerah Provinsi ke Kabupaten/Kota); .03/.04 receive what another
# kabupaten/kota spends as 5.4.02.02 (antar Daerah Kabupaten/Kota): no aid of the province, so not for NK702.
FROM_KABKOTA = ("4.2.02.02.03", "4.2.02.02.04")
_FAMILY = {"in": ("in", "in_other")}  # kinds whose rows nest in one another (4.2.02.02 above .01 and .03)
SCAN_ROWS = 140  # rows of each sheet read to tell whose plan a file is: the header scan and a data sample


class SyncError(ValueError):
    """A problem with the files given to sync that the user can fix."""

    def __init__(self, text: dict[str, str]) -> None:
        super().__init__(text["id"])
        self.text = text

    def message(self, lang: str = "id") -> str:
        return self.text.get(lang) or self.text["id"]


@dataclass(slots=True)
class Placed:
    """A value with the cell it was read from (its Location is built only when a finding needs it)."""

    code: str
    sheet: SheetMap
    row: int
    field: str
    amount: Decimal = Decimal(0)

    @property
    def loc(self) -> Location:
        return self.sheet.location(self.row, self.field)


@dataclass(slots=True)
class Bankeu:
    """A financial-aid account row: its kind (out, desa, in), its recipient when known, where and how much."""

    kind: str
    recipient: str | None
    place: Placed


@dataclass
class FileData:
    """What sync keeps of one checked file (small: codes, villages, amounts, places)."""

    result: FileResult
    located: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # village -> sub kegiatan
    covered: set[str] = field(default_factory=set)  # villages with a sub kegiatan of a priority program
    funded: dict[tuple[str, str], Placed] = field(default_factory=dict)  # (village, code without level) -> row
    bankeu: list[Bankeu] = field(default_factory=list)
    programs: set[str] = field(default_factory=set)
    levels: dict[tuple[str, str], list] = field(default_factory=dict)  # (level digit, program) -> [first, count]
    places: Counter[str] = field(default_factory=Counter)  # kabupaten/kota of the kode lokasi cells

    def level_count(self, level: str) -> int:
        return sum(count for (digit, _), (_, count) in self.levels.items() if digit == level)

    def bankeu_of(self, kind: str) -> list[Bankeu]:
        """The rows of one kind, without parent rows (5.4.02.03 above its 5.4.02.03.01.0001 rows; 4.2.02.02
        above 4.2.02.02.03 too, though that row is no aid of the province): only the most detailed rows are
        added up."""
        family = _FAMILY.get(kind, (kind,))
        rows = [b for b in self.bankeu if b.kind in family]
        parents = {".".join(s[:n]) for b in rows for s in [b.place.code.split(".")] for n in range(1, len(s))}
        return [b for b in rows if b.kind == kind and b.place.code not in parents]

    def bankeu_out(self) -> dict[str | None, list[Placed]]:
        out: dict[str | None, list[Placed]] = defaultdict(list)
        for b in self.bankeu_of("out"):
            out[b.recipient].append(b.place)
        return out


def _without_level(code: kode.Kode) -> str:
    s = code.segments
    return ".".join(s[:3] + s[4:]) if len(s) > 4 else code.text


def _under(code: str, prefixes: tuple[str, ...] | list[str]) -> bool:
    """Whether the account code is one of `prefixes` or lies below one (4.2.02.02.03.001 below 4.2.02.02.03)."""
    return any(code == p or code.startswith(p + ".") for p in prefixes)


def _bankeu_kind(text: str, settings: SyncSettings) -> str | None:
    """out, desa or in for an account of the profile's bankeu lists; in_other for aid received from another
    kabupaten/kota (FROM_KABKOTA) unless the profile lists those accounts itself; None for other accounts."""
    for prefixes, kind in ((settings.bankeu_kabkota, "out"), (settings.bankeu_desa, "desa"),
                           (settings.bankeu_diterima, "in")):
        if text.startswith(tuple(prefixes)):
            if kind == "in" and _under(text, FROM_KABKOTA) and \
                    not any(_under(p, FROM_KABKOTA) for p in settings.bankeu_diterima):
                return "in_other"
            return kind
    return None


def _parse(raw: object, family: str) -> kode.Kode | None:
    """A code read from a cell, or None when it is no code of the family."""
    try:
        return kode.parse(raw, family)
    except kode.KodeError:
        return None


class Collector:
    """Visits every mapped row of one file during `check` and keeps what the cross-file rules need."""

    def __init__(self, data: FileData, settings: SyncSettings, wilayah: Table) -> None:
        self.data, self.settings, self.wilayah = data, settings, wilayah
        self.priority = tuple(p + "." for p in settings.programs)
        # kode lokasi cell -> (its kabupaten/kota, the village when it names one); rekening cell -> (account
        # code, bankeu kind), None when it is no bankeu account: both repeat on many rows
        self._places: dict[object, tuple[str | None, str | None]] = {}
        self._accounts: dict[object, tuple[str, str] | None] = {}
        # program-family code -> (program, (level digit, program) or None, is sub kegiatan, in a priority
        # program, code without its level digit); only codes of 5 or more segments, as each row repeats them
        self._facts: dict[str, tuple[str, tuple[str, str] | None, bool, bool, str]] = {}

    def _place(self, raw: object) -> tuple[str | None, str | None]:
        key = raw if raw.__class__ is str else (raw.__class__, raw)
        found = self._places.get(key)
        if found is None:
            place = _parse(raw, "wilayah")
            depth = len(place.segments) if place is not None else 0
            found = (place.text[:5] if depth >= 2 else None, place.text if depth == 4 else None)  # type: ignore[union-attr]
            if len(self._places) >= CACHE_LIMIT:
                self._places.clear()
            self._places[key] = found
        return found

    def _account(self, raw: object) -> tuple[str, str] | None:
        key = raw if raw.__class__ is str else (raw.__class__, raw)
        found = self._accounts.get(key, self)
        if found is self:
            akun = _parse(raw, "akun")
            kind = None if akun is None else _bankeu_kind(akun.text, self.settings)
            found = None if kind is None else (akun.text, kind)  # type: ignore[union-attr]
            if len(self._accounts) >= CACHE_LIMIT:
                self._accounts.clear()
            self._accounts[key] = found
        return found  # type: ignore[return-value]

    def __call__(self, ctx: Context, b: Baris) -> None:
        data, raw = self.data, b.wilayah_raw
        kab = village = None
        if raw is not None and raw != "":
            kab, village = self._place(raw)
            if kab is not None:
                data.places[kab] += 1
        code = b.kode
        facts = self._facts.get(code.text) if code is not None else None
        if facts is None and code is not None and code.family == "program" and len(code.segments) >= 5:
            level = code.level if code.level in ("1", "2") else None
            priority = not self.priority or code.text.startswith(self.priority)
            program = code.text[:7]
            facts = (program, (level, program) if level else None, code.kind == "sub_kegiatan", priority,
                     _without_level(code))
            if len(self._facts) >= CACHE_LIMIT:
                self._facts.clear()
            self._facts[code.text] = facts
        if facts is not None:
            program, level_program, sub, priority, without_level = facts
            data.programs.add(program)
            if level_program is not None:
                seen = data.levels.get(level_program)
                if seen is None:
                    data.levels[level_program] = [Placed(code.text, b.sheet, b.row, "kode"), 1]
                else:
                    seen[1] += 1
            if village and sub:
                data.located[village].append(code.text)
                if priority:
                    data.covered.add(village)
                key = (village, without_level)
                if key not in data.funded:
                    data.funded[key] = Placed(code.text, b.sheet, b.row, "kode")
        raw = b.akun_raw
        if raw is None or raw == "":
            return
        account = self._account(raw)
        if account is None:
            return
        text, kind = account
        recipient = village if kind == "desa" else None
        if kind == "out":
            recipient = kab if kab is not None else _stated_kabkota(b.lokasi, self.wilayah)
        row = Placed(text, b.sheet, b.row, "kode_akun", b.pagu or Decimal(0))
        data.bankeu.append(Bankeu(kind, recipient, row))


@dataclass
class SyncRow:
    """One line of the summary table: a kabupaten/kota and how the plans line up."""

    kabkota: str
    name: str
    files: list[str]
    targets: int
    covered: int
    sent: Decimal
    received: Decimal | None  # None: no file of this kabupaten/kota was given

    def to_dict(self) -> dict[str, Any]:
        received = None if self.received is None else _number(self.received)
        return {"kabkota": self.kabkota, "name": self.name, "file": self.files[0] if self.files else None,
                "files": self.files, "target_villages": self.targets, "covered_villages": self.covered,
                "uncovered_villages": self.targets - self.covered, "bankeu_sent": _number(self.sent),
                "bankeu_received": received,
                "difference": None if self.received is None else _number(self.sent - self.received)}


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _rupiah(amount: Decimal) -> str:
    return "Rp " + f"{amount:,.0f}".replace(",", ".")


def _total(places: list[Placed]) -> Decimal:
    return sum((p.amount for p in places), Decimal(0))


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return a == b


def run_sync(province: str | Pemda, kabkota: list[str], options: CheckOptions, settings: SyncSettings,
             target_file: str | None = None, catalog: Catalog | None = None, jobs: int = 1) -> RunResult:
    """Check the province file and every kabupaten/kota file (in `jobs` processes when more than one),
    then the rules across them. `province`: its path, or what `pick_province` read of it (the region its
    content names is then the one it is checked as, unless the options name one). Worker processes check
    against the default catalog, so a `catalog` given here keeps the work in this process."""
    region = None
    if isinstance(province, Pemda):
        province, region = province.path, province.region
    parallel = jobs > 1 and catalog is None
    catalog = catalog or default_catalog()
    wilayah = catalog.table(catalog.choose(options.tahun, jenis="wilayah").table)
    if target_file:  # a target list inside the folder is not a kabupaten/kota plan
        kabkota = [k for k in kabkota if not _same_file(k, target_file)]
    work = [(path, replace(options, tingkat=level, wilayah=options.wilayah or region if level == "provinsi" else None),
             settings)
            for path, level in [(province, "provinsi"), *[(k, "kabkota") for k in kabkota]]]
    if parallel and len(work) > 1:
        from concurrent.futures import ProcessPoolExecutor

        for level in ("provinsi", "kabkota"):  # read before the workers fork, so they share them
            catalog.table(catalog.choose(options.tahun, level).table)
        work = [(path, replace(own, overlap_from=None), s) for path, own, s in work]
        gc.freeze()  # the workers' garbage collector then leaves the inherited heap alone (no copy-on-write)
        try:
            largest = sorted(range(len(work)), key=lambda i: -_size(work[i][0]))  # no big file left for last
            with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
                pending = pool.map(_check_one, [work[i] for i in largest], chunksize=1)
                listed = _read_target_list(target_file or province, options)  # while the workers check
                done = dict(zip(largest, pending))
            files = [done[i] for i in range(len(work))]
        finally:
            gc.unfreeze()
    else:
        files = [_check_one(item, catalog, wilayah) for item in work]
        listed = _read_target_list(target_file or province, options)
    prov, kabs = files[0], files[1:]
    choice = Choice(options.tabel, True, None) if options.tabel else catalog.choose(options.tahun, "provinsi")
    if not prov.result.readable:  # NK001 says why; nothing to compare the kabupaten/kota plans with
        return RunResult([d.result for d in files], options.tahun, choice, [])
    ctx = Context(province, catalog, catalog.table(choice.table), choice, options.tahun, "provinsi",
                  prov.result.region or settings.provinsi, options.severities, options.params)
    by_kab: dict[str, list[FileData]] = defaultdict(list)
    for data in kabs:
        if data.result.region and len(data.result.region) >= 5:  # a kabupaten/kota, never a province's code
            by_kab[data.result.region[:5]].append(data)
    targets = _targets(ctx, target_file or province, listed, settings, bool(target_file), prov.result.readable)
    year = _check_targets(ctx, targets, by_kab, settings, wilayah)
    _check_bankeu(ctx, prov, by_kab, wilayah)
    _check_double(ctx, prov, kabs, wilayah)
    _check_levels(ctx, prov, kabs, wilayah)
    _check_bankeu_desa(ctx, prov, year, wilayah)
    _route(ctx.findings, files)
    return RunResult([d.result for d in files], options.tahun, choice,
                     [r.to_dict() for r in _summary(year, prov, by_kab, wilayah)])


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _check_one(item: tuple[str, CheckOptions, SyncSettings], catalog: Catalog | None = None,
               wilayah: Table | None = None) -> FileData:
    """Check one file as `check` does, keeping what the cross-file rules need (also in a worker process)."""
    path, options, settings = item
    catalog = catalog or default_catalog()
    if wilayah is None:
        wilayah = catalog.table(catalog.choose(options.tahun, jenis="wilayah").table)
    data = FileData(FileResult(path))
    data.result = check_file(path, options, catalog, Collector(data, settings, wilayah))
    if data.result.region is None and data.places:  # no title names it: where its rows are located
        data.result.region = data.places.most_common(1)[0][0]
    return data


def _route(findings: list[Finding], files: list[FileData]) -> None:
    """Each cross-file finding goes to the result of the file it points to (the province's otherwise)."""
    by_path = {d.result.path: d.result for d in files}
    for finding in findings:
        if finding.category == "idm":
            finding.reference = idm.SOURCE
        by_path.get(finding.location.file, files[0].result).findings.append(finding)
    for data in files:
        data.result.findings.sort(key=sort_key)


def _read_target_list(path: str, options: CheckOptions) -> TargetList | WorkbookError | None:
    """The target-village list of a file, None when it has none, or why it could not be read."""
    try:
        return read_targets(path, options.limits)
    except WorkbookError as exc:
        return exc


def _targets(ctx: Context, path: str, listed: TargetList | WorkbookError | None, settings: SyncSettings,
             explicit: bool, readable: bool) -> TargetList | None:
    """The target-village list; without one, NK704 when the profile sets targets or a file was named."""
    if isinstance(listed, WorkbookError):
        if explicit:
            ctx.emit("NK704", "unreadable", Location(path), key=("targets", path), file=path,
                     reason=listed.message("id"), reason_en=listed.message("en"))
        return None
    targets = listed
    if targets is None and readable and (explicit or settings.targets):
        ctx.emit("NK704", "missing", Location(path), key=("targets", path), file=path)
    return targets


def _official(wilayah: Table, code: str) -> str:
    entry = wilayah.get(code)
    return entry.name if entry else "?"


def _kab_name(wilayah: Table, region: str) -> str:
    return f"{region} {_official(wilayah, region)}"


def _check_targets(ctx: Context, targets: TargetList | None, by_kab: dict[str, list[FileData]],
                   settings: SyncSettings, wilayah: Table) -> dict[str, Target]:
    """Every row: NK601, NK801-NK803; rows of the year: NK704 (count, twice listed) and NK701.

    Returns the usable target villages of the year (code -> row)."""
    if targets is None:
        return {}
    base = targets.base_year or settings.base_year or "tahun dasar"
    year: dict[str, Target] = {}
    rows_of_year = 0
    for t in targets.rows:
        code = _village(ctx, t, wilayah)
        _check_idm(ctx, t, base, code, wilayah)
        if t.tahun != ctx.tahun:
            continue
        rows_of_year += 1
        if code is None:
            continue
        if t.status_target is not None and t.status_target != settings.target_status:
            ctx.emit("NK704", "status", t.loc("status_target"), value=t.status_target, expected=settings.target_status,
                     key=("status", code or str(t.kode_desa)), name=_official(wilayah, code) if code else "?",
                     code=code or str(t.kode_desa), at_most="warning")
        if code in year:
            ctx.emit("NK704", "twice", t.loc("kode_desa"), value=code, key=("twice", code, str(t.row)),
                     name=_official(wilayah, code), tahun=ctx.tahun, first_row=year[code].row, at_most="warning",
                     related=[year[code].loc("kode_desa")])
            continue
        year[code] = t
    wanted = settings.targets.get(ctx.tahun)
    if wanted is not None and len(year) != wanted:
        ctx.emit("NK704", "count" if rows_of_year == len(year) else "count_rows", Location(targets.file, targets.sheet),
                 value=len(year), expected=wanted, key=(targets.sheet, str(ctx.tahun)), tahun=ctx.tahun,
                 rows=rows_of_year)
    for code, t in year.items():
        plans = by_kab.get(code[:5])
        if not plans:
            continue
        if any(code in d.covered for d in plans):
            continue
        values = dict(value=code, key=(code, str(ctx.tahun)), name=_official(wilayah, code), tahun=ctx.tahun,
                      kabkota=_kab_name(wilayah, code[:5]), related=[Location(d.result.path) for d in plans],
                      suggestion=("fix", None, False))
        others = sorted({c for d in plans for c in d.located.get(code, [])})
        if others and settings.programs:
            ctx.emit("NK701", "other_program", t.loc("kode_desa"), found=", ".join(others),
                     programs=", ".join(settings.programs), **values)
        else:
            ctx.emit("NK701", "uncovered", t.loc("kode_desa"), **values)
    return year


def _village(ctx: Context, t: Target, wilayah: Table) -> str | None:
    """NK601 across files: the target village's code, place and name; returns the code when usable."""
    loc = t.loc("kode_desa")
    try:
        code = kode.parse(t.kode_desa, "wilayah")
    except kode.KodeError as exc:
        ctx.emit("NK601", "invalid", loc, value=str(t.kode_desa), key=("target", str(t.kode_desa)),
                 reason=exc.message("id"), reason_en=exc.message("en"))
        return None
    entry = wilayah.get(code.text)
    key = ("target", code.text)
    if entry is None:
        ctx.emit("NK601", "unknown", loc, value=code.text, key=key, table=wilayah.meta.label(),
                 table_en=wilayah.meta.label("en"))
        return None
    province = ctx.region or ""
    if province and not code.text.startswith(province + "."):
        ctx.emit("NK601", "not_province", loc, value=code.text, key=key, name=entry.name,
                 region=_kab_name(wilayah, province), actual=_kab_name(wilayah, code.text[:5]))
        return None
    if code.kind != "desa":
        ctx.emit("NK601", "not_desa", loc, value=code.text, key=key, name=entry.name, kind=code.kind)
    stated = _stated_kabkota(t.kabkota, wilayah)
    if stated and stated != code.text[:5]:
        ctx.emit("NK601", "other_kabkota", t.loc("kabkota"), value=t.kabkota,
                 expected=_kabkota_as_written(t.kabkota, code.text[:5], wilayah), key=key,
                 code=code.text, name=entry.name, actual=_kab_name(wilayah, code.text[:5]),
                 region=_kab_name(wilayah, stated))
    if t.nama_desa and name_key(_VILLAGE_WORD.sub("", t.nama_desa)) != name_key(entry.name):
        ctx.emit("NK601", "name", t.loc("nama_desa"), value=t.nama_desa, expected=entry.name, key=key + ("nama",),
                 code=code.text, at_most="warning", suggestion=("fix_name", entry.name, False))
    return code.text


def _kabkota_as_written(text: object, region: str, wilayah: Table) -> str:
    """The kabupaten/kota `region` in the form the cell uses: its code where the cell holds a code, else its
    name ("Kutai Barat"; "Kab. Kutai Barat" where the cell writes "Kab."; "Kota Bontang")."""
    written = str(text).strip()
    if written[:1].isdigit():
        return region
    name = _official(wilayah, region)
    if name.upper().startswith("KAB. ") and not written.lower().startswith("kab"):
        name = name[5:]
    return name.title()


def _stated_kabkota(text: object, wilayah: Table) -> str | None:
    """The kabupaten/kota a cell names: a code (64.02) or a name (Kutai Kartanegara, Kab. Paser, Kota Bontang)."""
    if text in (None, ""):
        return None
    text = str(text)
    try:
        parsed = kode.parse(text, "wilayah")
        if parsed.kind == "kabkota":
            return parsed.text
    except kode.KodeError:
        pass
    for candidate in (text, f"Kabupaten {text}", f"Kota {text}"):
        level, region = from_title([candidate], wilayah)
        if level == "kabkota":
            return region
    return None


def _idm_number(value: float, lang: str = "id") -> str:
    """An IDM value as people write it: up to 4 decimals, a decimal comma in Bahasa Indonesia ("0,5512",
    "55,88"), a point in English."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if lang == "en" else text.replace(".", ",")


def _check_idm(ctx: Context, t: Target, base: object, code: str | None, wilayah: Table) -> None:
    shown = code or str(t.kode_desa)
    key = ("idm", shown)
    name = _official(wilayah, code) if code else (t.nama_desa or "?")
    value = idm.parse_value(t.nilai)
    if t.nilai not in (None, "") and value is None:
        ctx.emit("NK803", "not_number", t.loc("nilai_idm"), value=t.nilai, key=key)
    elif value is not None and not 0 <= value <= 1:
        ctx.emit("NK803", "range", t.loc("nilai_idm"), value=t.nilai, key=key, shown=_idm_number(value),
                 shown_en=_idm_number(value, "en"))
        value = None
    if t.status is None and t.status_raw not in (None, ""):
        ctx.emit("NK802", "unknown", t.loc("status_idm"), value=str(t.status_raw), key=key)
    if value is not None and t.status is not None and idm.status_of(value) != t.status:
        ctx.emit("NK802", "disagree", t.loc("status_idm"), value=t.status_raw, expected=idm.status_of(value), key=key,
                 shown=_idm_number(value), shown_en=_idm_number(value, "en"), suggestion=("fix", idm.status_of(value), False))
    status = idm.status_of(value) if value is not None else t.status
    if status is not None and status not in idm.LOW:
        where = "nilai_idm" if value is not None else "status_idm"
        ctx.emit("NK801", "status", t.loc(where), value=status, key=key, code=shown, name=name, base=base,
                 status_en=idm.ENGLISH[status])


def _check_bankeu(ctx: Context, prov: FileData, by_kab: dict[str, list[FileData]], wilayah: Table) -> None:
    out = prov.bankeu_out()
    for place in out.pop(None, []):
        ctx.emit("NK702", "no_recipient", place.loc, value=place.code, key=("bankeu", place.code, str(place.loc.row)),
                 amount=_rupiah(place.amount), at_most="warning")
    for region in sorted(set(out) | set(by_kab)):
        plans = by_kab.get(region)
        if not plans:
            continue
        sent = out.get(region, [])
        received = [b.place for d in plans for b in d.bankeu_of("in")]
        sent_total, received_total = _total(sent), _total(received)
        name = _kab_name(wilayah, region)
        values = {"key": ("bankeu", region), "kabkota": name, "sent": _rupiah(sent_total),
                  "received": _rupiah(received_total), "difference": _rupiah(abs(sent_total - received_total)),
                  "suggestion": ("fix", None, False)}
        if sent and not received:
            ctx.emit("NK702", "not_received", sent[0].loc, value=_number(sent_total),
                     related=[Location(d.result.path) for d in plans], **values)
        elif received and not sent:
            ctx.emit("NK702", "not_sent", received[0].loc, value=_number(received_total),
                     related=[Location(prov.result.path)], **values)
        elif abs(sent_total - received_total) > TOLERANCE:
            ctx.emit("NK702", "differs", sent[0].loc, value=_number(sent_total),  # either side may be wrong
                     related=[p.loc for p in received[:3]], **values)


def _check_double(ctx: Context, prov: FileData, kabs: list[FileData], wilayah: Table) -> None:
    for kab in kabs:
        for (village, code), place in kab.funded.items():
            other = prov.funded.get((village, code))
            if other is not None:
                ctx.emit("NK703", "double", place.loc, value=place.code, key=("double", village, code),
                         village=village, name=_official(wilayah, village), provinsi=other.code,
                         kabkota=_kab_name(wilayah, kab.result.region) if kab.result.region else kab.result.path,
                         related=[other.loc], suggestion=("fix", None, False))


def _check_levels(ctx: Context, prov: FileData, kabs: list[FileData], wilayah: Table) -> None:
    """NK705: level-2 rows in the province's file; in a kabupaten/kota file, level-1 rows of a program the
    province does not run (one finding per program), else level-1 rows at all (one finding per file)."""
    own = {"1": prov.level_count("1"), "2": prov.level_count("2")}
    if own["1"] and own["2"]:
        first = next(p for (digit, _), (p, _) in prov.levels.items() if digit == "2")  # in file order
        ctx.emit("NK705", "mixed", first.loc, value=first.code, key=("mixed", prov.result.path),
                 provinsi=own["1"], kabkota=own["2"])
    for kab in kabs:
        provincial = {program: seen for (digit, program), seen in kab.levels.items() if digit == "1"}
        if not provincial:
            continue
        name = _kab_name(wilayah, kab.result.region) if kab.result.region else kab.result.path
        mixed: list[Placed] = []
        for program, (first, count) in provincial.items():
            if prov.programs and program not in prov.programs:
                ctx.emit("NK705", "not_run", first.loc, value=program, key=("not_run", kab.result.path, program),
                         kabkota=name, rows=count, related=[Location(prov.result.path)])
            else:
                mixed.append(first)
        if mixed:
            first = mixed[0]
            ctx.emit("NK705", "mixed", first.loc, value=first.code, key=("mixed", kab.result.path),
                     provinsi=kab.level_count("1"), kabkota=kab.level_count("2"))


def _check_bankeu_desa(ctx: Context, prov: FileData, year: dict[str, Target], wilayah: Table) -> None:
    if not year:
        return
    for b in prov.bankeu_of("desa"):
        if b.recipient is not None and b.recipient not in year:
            ctx.emit("NK706", "not_target", b.place.loc, value=b.recipient, key=("bankeu_desa", b.recipient),
                     name=_official(wilayah, b.recipient), tahun=ctx.tahun, amount=_rupiah(b.place.amount))


def _summary(year: dict[str, Target], prov: FileData, by_kab: dict[str, list[FileData]],
             wilayah: Table) -> list[SyncRow]:
    targets_by_kab: dict[str, list[str]] = defaultdict(list)
    for code in year:
        targets_by_kab[code[:5]].append(code)
    out = prov.bankeu_out()
    regions = sorted(set(targets_by_kab) | set(by_kab) | {r for r in out if r is not None})
    rows = []
    for region in regions:
        plans = by_kab.get(region, [])
        villages = targets_by_kab.get(region, [])
        covered = sum(1 for v in villages if any(v in d.covered for d in plans))
        received = _total([b.place for d in plans for b in d.bankeu_of("in")]) if plans else None
        rows.append(SyncRow(region, _official(wilayah, region), [d.result.path for d in plans], len(villages),
                            covered, _total(out.get(region, [])), received))
    return rows


@dataclass
class Pemda:
    """Whose plan a file is, as its own content tells (see `read_pemda`)."""

    path: str
    level: str | None = None  # provinsi or kabkota; None when nothing in the file tells
    region: str | None = None
    why: dict[str, str] = field(default_factory=dict)  # what told it: {"id": …, "en": …}
    plan: bool = False  # rows of program or account codes: a plan, not only a list
    targets: bool = False  # a target-village list sheet (only looked for when no plan rows or no other clue)
    readable: bool = True

    def named(self, lang: str = "id") -> str:
        """The file and what told its level: "kaltim.xlsx (judul: 64 KALIMANTAN TIMUR)"."""
        why = self.why.get(lang) or self.why.get("id")
        return f"{self.path} ({why})" if why else self.path


@dataclass
class _Clues:
    """What the first rows of a file's sheets say about whose plan it is."""

    title: tuple[str | None, str | None] = (None, None)
    offices: dict[str, None] = field(default_factory=dict)  # office names, in order, once each
    digits: Counter[str] = field(default_factory=Counter)  # kegiatan level digit -> rows
    spent: int = 0  # bankeu rows to kabupaten/kota (5.4.02.03): only a province spends them
    received: int = 0  # bankeu rows received from the province (4.2.02.02): only a kabupaten/kota has them
    provinces: Counter[str] = field(default_factory=Counter)  # kode lokasi that is a province's own code
    kabkota: Counter[str] = field(default_factory=Counter)  # kabupaten/kota of the other kode lokasi
    plan: bool = False


def _read_clues(clues: _Clues, path: str, workbook: Any, sheet: Any, aliases: dict[str, list[str]],
                settings: SyncSettings, wilayah: Table) -> None:
    """The clues of one sheet's first SCAN_ROWS rows."""
    head = [row for _, row in zip(range(SCAN_ROWS), sheet.rows)]
    layout = detect_layout(head, aliases, lambda: workbook.merged_ranges(sheet.name), HEADER_SCAN) if head else None
    if layout is None:
        return
    if clues.title[0] is None:
        clues.title = from_title(layout.title, wilayah)
    for line in layout.title:  # "Perangkat Daerah : 2.13.0.00.0.00.01.0000 Dinas …": the office after its code
        office = opd.from_title([line])
        if office:
            clues.offices[office] = None
    smap = SheetMap(path, sheet.name, layout.columns, layout.labels, layout.notation, layout.cascade, layout.names,
                    layout.akun_lines, layout.akun_tree)
    for b in map_rows(smap, iter([r for r in head if r[0] >= layout.data_start]), ""):
        code = b.kode
        if code is not None:
            clues.plan = True
            if code.level in ("1", "2"):
                clues.digits[code.level] += 1
        if b.opd and len(clues.offices) < 100:
            clues.offices[b.opd] = None
        if b.wilayah_raw is not None and b.wilayah_raw != "":
            place = _parse(b.wilayah_raw, "wilayah")
            if place is not None:
                (clues.provinces if len(place.segments) == 1 else clues.kabkota)[place.text[:5]] += 1
        if b.akun_raw is not None and b.akun_raw != "":
            akun = _parse(b.akun_raw, "akun")
            if akun is not None:
                clues.plan = True
                kind = _bankeu_kind(akun.text, settings)
                clues.spent += kind == "out"
                clues.received += kind == "in"


def _decide(clues: _Clues, targets: bool, settings: SyncSettings,
            wilayah: Table) -> tuple[str | None, str | None, dict[str, str]]:
    """(level, region, what told it) from the first clue that tells, in the order `check` trusts them."""
    level, region = clues.title
    if level is not None:
        name = _kab_name(wilayah, region or "")
        return level, region, {"id": f"judul: {name}", "en": f"title: {name}"}
    offices = [name for name in clues.offices if name]
    level, region = from_title(offices, wilayah)
    if level is None:
        level, region = from_office_names(offices, wilayah)
    if level is not None:
        name = _kab_name(wilayah, region or "")
        return level, region, {"id": f"perangkat daerah {name}", "en": f"offices of {name}"}
    one, two = clues.digits["1"], clues.digits["2"]
    if one != two:
        if one > two:
            return "provinsi", None, {"id": "kode kegiatan tingkat provinsi (digit ke-4: 1)",
                                      "en": "province-level kegiatan codes (4th digit 1)"}
        return "kabkota", None, {"id": "kode kegiatan tingkat kabupaten/kota (digit ke-4: 2)",
                                 "en": "regency/city-level kegiatan codes (4th digit 2)"}
    if clues.spent and not clues.received:
        codes = ", ".join(settings.bankeu_kabkota)
        return "provinsi", None, {"id": f"belanja bantuan keuangan ke kabupaten/kota ({codes})",
                                  "en": f"financial aid spent on regencies/cities ({codes})"}
    if clues.received and not clues.spent:
        codes = ", ".join(settings.bankeu_diterima)
        return "kabkota", None, {"id": f"pendapatan bantuan keuangan dari provinsi ({codes})",
                                 "en": f"financial aid received from the province ({codes})"}
    if clues.provinces:  # a kabupaten/kota locates its rows in itself or below, never at a whole province
        code = clues.provinces.most_common(1)[0][0]
        return "provinsi", code, {"id": f"kode lokasi {code}", "en": f"kode lokasi {code}"}
    if len(clues.kabkota) == 1:
        code = next(iter(clues.kabkota))
        return "kabkota", code, {"id": f"kode lokasi di {_kab_name(wilayah, code)}",
                                 "en": f"kode lokasi in {_kab_name(wilayah, code)}"}
    if targets:
        return "provinsi", None, {"id": "daftar desa sasaran", "en": "target-village list"}
    return None, None, {}


def read_pemda(path: str, options: CheckOptions, settings: SyncSettings, wilayah: Table,
               aliases: dict[str, list[str]]) -> Pemda:
    """Whose plan a file is, from its own content (the first rows of every sheet), the first clue that tells:
    the title; the offices (named after their kode organisasi, or in the office column); the kegiatan level
    digit most rows have (4th segment: 1 provinsi, 2 kabupaten/kota); bankeu lines (only a province spends
    5.4.02.03, only a kabupaten/kota receives 4.2.02.02 from the province); kode lokasi (a province's own
    code, or one kabupaten/kota only); a target-village list (the province's). A file that cannot be read is
    `readable=False`; a failure of nomenklatur itself leaves the level unknown (`check` then reports it)."""
    clues = _Clues()
    try:
        with open_workbook(path, options.limits) as workbook:
            for sheet in workbook.sheets():
                _read_clues(clues, path, workbook, sheet, aliases, settings, wilayah)
        level, region, why = _decide(clues, False, settings, wilayah)
        targets = False
        if level is None or not clues.plan:  # the target list tells only what nothing before told
            targets = read_targets(path, options.limits) is not None
            if level is None:
                level, region, why = _decide(clues, targets, settings, wilayah)
    except WorkbookError:
        return Pemda(path, readable=False)
    except Exception:  # a bug of ours on this file: `check` says so for the file (NK002)
        if options.debug:
            raise
        return Pemda(path)
    if region is None and level == "provinsi":
        found = set(clues.provinces) or {code[:2] for code in clues.kabkota}
        region = found.pop() if len(found) == 1 else None
    elif region is None and level == "kabkota" and clues.kabkota:
        region = clues.kabkota.most_common(1)[0][0]
    return Pemda(path, level, region, why, clues.plan, targets)


def pick_province(paths: list[str], options: CheckOptions, target_file: str | None = None,
                  settings: SyncSettings | None = None) -> tuple[Pemda, list[str]]:
    """The province's file (what its content says) and the kabupaten/kota files among `paths`, whatever their
    order, each told by its own content (`read_pemda`); the list named with --target is neither. SyncError when a file is only a
    target-village list, when two files are a province's, or when none is, unless a file cannot be read: that
    one then stands for the province (NK001 says why, and nothing is compared)."""
    settings = settings or SyncSettings()
    if target_file:  # a target list inside the folder is not a plan
        paths = [p for p in paths if not _same_file(p, target_file)]
    catalog = default_catalog()
    wilayah = catalog.table(catalog.choose(options.tahun, jenis="wilayah").table)
    aliases = load_aliases()
    for fld, extra in options.headers.items():
        aliases[fld] = list(extra) + aliases.get(fld, [])
    files = [read_pemda(path, options, settings, wilayah, aliases) for path in paths]
    lists = [f.path for f in files if f.targets and not f.plan]
    if lists:
        names = ", ".join(lists)
        raise SyncError({
            "id": f"{names} berisi daftar desa sasaran, bukan rencana: sebutkan daftar itu dengan --target {lists[0]}",
            "en": f"{names} holds a target-village list, not a plan: name it with --target {lists[0]}"})
    provinces = [f for f in files if f.level == "provinsi"]
    if len(provinces) > 1:
        raise SyncError({
            "id": f"lebih dari satu berkas provinsi: {'; '.join(f.named('id') for f in provinces)}; sync memeriksa "
                  "satu provinsi bersama kabupaten/kotanya: sebutkan berkas satu set saja (mis. satu folder per set)",
            "en": f"more than one province file: {'; '.join(f.named('en') for f in provinces)}; sync checks one "
                  "province with its regencies/cities: name the files of one set only (e.g. one folder per set)"})
    chosen = provinces or [f for f in files if not f.readable]
    if not chosen:
        spent = ", ".join(settings.bankeu_kabkota)
        raise SyncError({
            "id": "berkas provinsi tidak dikenali: tidak ada berkas yang judulnya menyebut provinsi, yang kode "
                  f"kegiatannya tingkat provinsi (digit ke-4: 1), yang membelanjakan bantuan keuangan ke "
                  f"kabupaten/kota ({spent}), atau yang memuat daftar desa sasaran; sertakan rencana provinsi",
            "en": "the province file was not recognized: no file has a title naming a province, province-level "
                  f"kegiatan codes (4th digit 1), financial aid spent on regencies/cities ({spent}) or a "
                  "target-village list; include the province's plan"})
    province = chosen[0]
    return province, [p for p in paths if p != province.path]
