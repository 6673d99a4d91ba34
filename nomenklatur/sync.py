"""`nomenklatur sync`: a province and its kabupaten/kota checked one by one, then against each other."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from nomenklatur import idm, kode
from nomenklatur.baris import Baris
from nomenklatur.checks.base import Context
from nomenklatur.config import SyncSettings
from nomenklatur.engine import CheckOptions, FileResult, RunResult, check_file
from nomenklatur.findings import Location, sort_key
from nomenklatur.region import from_title
from nomenklatur.tables import Catalog, Choice, Table, default_catalog
from nomenklatur.targets import Target, TargetList, read_targets
from nomenklatur.teks import name_key
from nomenklatur.workbook import WorkbookError

TOLERANCE = Decimal("1")


@dataclass
class Placed:
    """A value with the place it was read from."""

    code: str
    loc: Location
    amount: Decimal = Decimal(0)


@dataclass
class FileData:
    """What sync keeps of one checked file (small: codes, villages, amounts, places)."""

    result: FileResult
    covered: dict[str, list[Placed]] = field(default_factory=lambda: defaultdict(list))
    funded: dict[tuple[str, str], Placed] = field(default_factory=dict)  # (village, code without level) -> row
    bankeu_out: dict[str, list[Placed]] = field(default_factory=lambda: defaultdict(list))
    bankeu_desa: list[Placed] = field(default_factory=list)
    bankeu_in: list[Placed] = field(default_factory=list)
    programs: set[str] = field(default_factory=set)
    level_rows: dict[str, list[Placed]] = field(default_factory=lambda: defaultdict(list))


def _without_level(code: kode.Kode) -> str:
    s = code.segments
    return ".".join(s[:3] + s[4:]) if len(s) > 4 else code.text


class Collector:
    """Visits every mapped row of one file during `check` and keeps what the cross-file rules need."""

    def __init__(self, data: FileData, settings: SyncSettings, wilayah: Table) -> None:
        self.data, self.settings, self.wilayah = data, settings, wilayah

    def __call__(self, ctx: Context, b: Baris) -> None:
        village = self._wilayah(b)
        code = b.kode
        if code is not None and code.family == "program" and len(code.segments) >= 5:
            self.data.programs.add(".".join(code.segments[:3]))
            if code.level in ("1", "2"):
                self.data.level_rows[code.level].append(Placed(code.text, b.loc("kode")))
            if village and code.kind == "sub_kegiatan":
                if not self.settings.programs or code.text.startswith(tuple(p + "." for p in self.settings.programs)):
                    self.data.covered[village].append(Placed(code.text, b.loc("kode")))
                self.data.funded.setdefault((village, _without_level(code)), Placed(code.text, b.loc("kode")))
        if b.akun_raw in (None, ""):
            return
        try:
            akun = kode.parse(b.akun_raw, "akun").text
        except kode.KodeError:
            return
        place = Placed(akun, b.sheet.location(b.row, "kode_akun"), b.pagu or Decimal(0))
        if akun.startswith(tuple(self.settings.bankeu_kabkota)):
            recipient = village[:5] if village else self._kabkota_in_text(b.lokasi)
            self.data.bankeu_out[recipient or "?"].append(place)
        elif akun.startswith(tuple(self.settings.bankeu_desa)) and village:
            self.data.bankeu_desa.append(Placed(village, place.loc, place.amount))
        elif akun.startswith(tuple(self.settings.bankeu_diterima)):
            self.data.bankeu_in.append(place)

    def _wilayah(self, b: Baris) -> str | None:
        if b.wilayah_raw in (None, ""):
            return None
        try:
            return kode.parse(b.wilayah_raw, "wilayah").text
        except kode.KodeError:
            return None

    def _kabkota_in_text(self, text: str | None) -> str | None:
        return from_title([text], self.wilayah)[1] if text else None


@dataclass
class SyncRow:
    """One line of the summary table: a kabupaten/kota and how the plans line up."""

    kabkota: str
    name: str
    file: str | None
    targets: int
    covered: int
    sent: Decimal
    received: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {"kabkota": self.kabkota, "name": self.name, "file": self.file, "target_villages": self.targets,
                "covered_villages": self.covered, "uncovered_villages": self.targets - self.covered,
                "bankeu_sent": _number(self.sent), "bankeu_received": _number(self.received),
                "difference": _number(self.sent - self.received)}


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _rupiah(amount: Decimal) -> str:
    text = f"{amount:,.0f}".replace(",", ".")
    return text


def run_sync(province: str, kabkota: list[str], options: CheckOptions, settings: SyncSettings,
             target_file: str | None = None, catalog: Catalog | None = None) -> RunResult:
    """Check the province file and every kabupaten/kota file, then the rules across them."""
    catalog = catalog or default_catalog()
    wilayah = catalog.table(catalog.choose(options.tahun, jenis="wilayah").table)
    files: list[FileData] = []
    for path, level in [(province, "provinsi"), *[(k, "kabkota") for k in kabkota]]:
        data = FileData(FileResult(path))
        own = replace(options, tingkat=level, wilayah=options.wilayah if level == "provinsi" else None)
        data.result = check_file(path, own, catalog, Collector(data, settings, wilayah))
        files.append(data)
    prov, kabs = files[0], files[1:]
    choice = Choice(options.tabel, True, None) if options.tabel else catalog.choose(options.tahun, "provinsi")
    ctx = Context(province, catalog, catalog.table(choice.table), choice, options.tahun, "provinsi",
                  prov.result.region or settings.provinsi, options.severities, options.params)
    targets = _targets(ctx, target_file or province, options)
    year_targets = [t for t in targets.rows if t.tahun == options.tahun] if targets else []
    by_kab = {d.result.region: d for d in kabs if d.result.region}
    _check_targets(ctx, targets, year_targets, by_kab, settings, wilayah)
    _check_bankeu(ctx, prov, kabs, wilayah)
    _check_double(ctx, prov, kabs, wilayah)
    _check_levels(ctx, prov, kabs)
    _check_bankeu_desa(ctx, prov, year_targets, wilayah)
    prov.result.findings.extend(ctx.findings)
    prov.result.findings.sort(key=sort_key)
    return RunResult([d.result for d in files], options.tahun, choice,
                     [r.to_dict() for r in _summary(year_targets, prov, kabs, wilayah, settings)])


def _targets(ctx: Context, path: str, options: CheckOptions) -> TargetList | None:
    try:
        targets = read_targets(path, options.limits)
    except WorkbookError:
        targets = None
    if targets is None:
        ctx.emit("NK704", "missing", Location(path))
    return targets


def _official(wilayah: Table, code: str) -> str:
    entry = wilayah.get(code)
    return entry.name if entry else "?"


def _check_targets(ctx: Context, targets: TargetList | None, year_targets: list[Target],
                   by_kab: dict[str, FileData], settings: SyncSettings, wilayah: Table) -> None:
    if targets is None:
        return
    wanted = settings.targets.get(ctx.tahun)
    if wanted is not None and len(year_targets) != wanted:
        ctx.emit("NK704", "count", Location(targets.file, targets.sheet), value=len(year_targets), expected=wanted,
                 key=(targets.sheet, str(ctx.tahun)), tahun=ctx.tahun)
    base = targets.base_year or settings.base_year or "tahun dasar"
    for t in targets.rows:
        _check_idm(ctx, t, base)
    for t in year_targets:
        code = _village(ctx, t, wilayah)
        if code is None:
            continue
        kab = by_kab.get(code[:5])
        if kab is not None and not kab.covered.get(code):
            ctx.emit("NK701", "uncovered", t.loc("kode_desa"), value=code, key=(code, str(ctx.tahun)),
                     name=_official(wilayah, code), tahun=ctx.tahun, kabkota=f"{code[:5]} {_official(wilayah, code[:5])}",
                     related=[Location(kab.result.path)], suggestion=("fix", None, False))


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
        ctx.emit("NK601", "unknown", loc, value=code.text, key=key, table=wilayah.name)
        return None
    province = ctx.region or ""
    if province and not code.text.startswith(province + "."):
        ctx.emit("NK601", "not_province", loc, value=code.text, key=key, name=entry.name,
                 region=f"{province} {_official(wilayah, province)}")
        return None
    if code.kind != "desa":
        ctx.emit("NK601", "not_desa", loc, value=code.text, key=key, name=entry.name, kind=code.kind)
    stated = _stated_kabkota(t.kabkota, wilayah)
    if stated and stated != code.text[:5]:
        ctx.emit("NK601", "other_kabkota", t.loc("kabkota"), value=code.text, expected=code.text[:5], key=key,
                 name=entry.name, actual=f"{code.text[:5]} {_official(wilayah, code.text[:5])}",
                 region=f"{stated} {_official(wilayah, stated)}")
    if t.nama_desa and name_key(t.nama_desa) != name_key(entry.name):
        ctx.emit("NK601", "name", t.loc("nama_desa"), value=t.nama_desa, expected=entry.name, key=key + ("nama",),
                 code=code.text, at_most="warning", suggestion=("fix_name", entry.name, False))
    return code.text


def _stated_kabkota(text: str | None, wilayah: Table) -> str | None:
    """The kabupaten/kota a row names: a code (64.02) or a name (Kutai Kartanegara, Kab. Paser)."""
    if not text:
        return None
    try:
        parsed = kode.parse(text, "wilayah")
        if parsed.kind == "kabkota":
            return parsed.text
    except kode.KodeError:
        pass
    for candidate in (text, f"Kabupaten {text}"):
        level, region = from_title([candidate], wilayah)
        if level == "kabkota":
            return region
    return None


def _check_idm(ctx: Context, t: Target, base: object) -> None:
    code = str(t.kode_desa)
    key = ("idm", code)
    value = idm.parse_value(t.nilai)
    if t.nilai not in (None, "") and (value is None or not 0 <= value <= 1):
        ctx.emit("NK803", "range", t.loc("nilai_idm"), value=t.nilai, key=key)
        value = None
    if value is not None and t.status is not None and idm.status_of(value) != t.status:
        ctx.emit("NK802", "disagree", t.loc("status_idm"), value=value, expected=idm.status_of(value), key=key,
                 stated=t.status_raw, suggestion=("fix", idm.status_of(value), False))
    status = idm.status_of(value) if value is not None else t.status
    if status is not None and status not in idm.LOW:
        where = "nilai_idm" if value is not None else "status_idm"
        ctx.emit("NK801", "status", t.loc(where), value=status, key=key, code=code, name=t.nama_desa or "?", base=base)


def _check_bankeu(ctx: Context, prov: FileData, kabs: list[FileData], wilayah: Table) -> None:
    by_region = {d.result.region: d for d in kabs if d.result.region}
    for region in sorted(set(prov.bankeu_out) | set(by_region)):
        out = prov.bankeu_out.get(region, [])
        kab = by_region.get(region)
        if kab is None:
            continue
        received = kab.bankeu_in
        sent_total = sum((p.amount for p in out), Decimal(0))
        received_total = sum((p.amount for p in received), Decimal(0))
        name = f"{region} {_official(wilayah, region)}"
        key = ("bankeu", region)
        values = {"kabkota": name, "sent": _rupiah(sent_total), "received": _rupiah(received_total),
                  "difference": _rupiah(sent_total - received_total), "suggestion": ("fix", None, False)}
        if out and not received:
            ctx.emit("NK702", "not_received", out[0].loc, value=_number(sent_total), key=key,
                     related=[Location(kab.result.path)], **values)
        elif received and not out:
            ctx.emit("NK702", "not_sent", received[0].loc, value=_number(received_total), key=key,
                     related=[Location(prov.result.path)], **values)
        elif abs(sent_total - received_total) > TOLERANCE:
            ctx.emit("NK702", "differs", out[0].loc, value=_number(sent_total), expected=_number(received_total),
                     key=key, related=[p.loc for p in received[:3]], **values)


def _check_double(ctx: Context, prov: FileData, kabs: list[FileData], wilayah: Table) -> None:
    for kab in kabs:
        for (village, code), place in kab.funded.items():
            other = prov.funded.get((village, code))
            if other is not None:
                ctx.emit("NK703", "double", place.loc, value=place.code, key=("double", village, code),
                         village=village, name=_official(wilayah, village),
                         kabkota=f"{kab.result.region or kab.result.path}", related=[other.loc],
                         suggestion=("fix", None, False))


def _check_levels(ctx: Context, prov: FileData, kabs: list[FileData]) -> None:
    for data, own in ((prov, "1"), *[(k, "2") for k in kabs]):
        rows = data.level_rows
        if rows.get("1") and rows.get("2"):
            other = "2" if own == "1" else "1"
            first = rows[other][0]
            ctx.emit("NK705", "mixed", first.loc, value=first.code, key=("mixed", data.result.path),
                     provinsi=len(rows["1"]), kabkota=len(rows["2"]))
    province_programs = prov.programs
    for kab in kabs:
        for place in kab.level_rows.get("1", []):
            program = ".".join(place.code.split(".")[:3])
            if program not in province_programs:
                ctx.emit("NK705", "not_run", place.loc, value=program, key=("not_run", kab.result.path, program),
                         kabkota=kab.result.region or kab.result.path, related=[Location(prov.result.path)])


def _check_bankeu_desa(ctx: Context, prov: FileData, year_targets: list[Target], wilayah: Table) -> None:
    if not year_targets:
        return
    wanted = {str(t.kode_desa).strip() for t in year_targets}
    for place in prov.bankeu_desa:
        if place.code not in wanted:
            ctx.emit("NK706", "not_target", place.loc, value=place.code, key=("bankeu_desa", place.code),
                     name=_official(wilayah, place.code), tahun=ctx.tahun)


def _summary(year_targets: list[Target], prov: FileData, kabs: list[FileData], wilayah: Table,
             settings: SyncSettings) -> list[SyncRow]:
    by_region = {d.result.region: d for d in kabs if d.result.region}
    targets_by_kab: dict[str, set[str]] = defaultdict(set)
    for t in year_targets:
        code = str(t.kode_desa).strip()
        targets_by_kab[code[:5]].add(code)
    regions = sorted(set(targets_by_kab) | set(by_region) | {r for r in prov.bankeu_out if r != "?"})
    rows = []
    for region in regions:
        kab = by_region.get(region)
        villages = targets_by_kab.get(region, set())
        covered = sum(1 for v in villages if kab is not None and kab.covered.get(v))
        rows.append(SyncRow(region, _official(wilayah, region), kab.result.path if kab else None, len(villages),
                            covered, sum((p.amount for p in prov.bankeu_out.get(region, [])), Decimal(0)),
                            sum((p.amount for p in kab.bankeu_in), Decimal(0)) if kab else Decimal(0)))
    return rows


def pick_province(paths: list[str], options: CheckOptions) -> tuple[str, list[str]]:
    """In a folder: the province file is the one whose title names a province (else the first file)."""
    catalog = default_catalog()
    wilayah = catalog.table(catalog.choose(options.tahun, jenis="wilayah").table)
    from nomenklatur.workbook import open_workbook
    from nomenklatur.workbook.header import detect_layout, load_aliases

    aliases = load_aliases()
    for path in paths:
        try:
            with open_workbook(path, options.limits) as workbook:
                sheet = next(workbook.sheets(), None)
                head = [row for _, row in zip(range(40), sheet.rows)] if sheet else []
                layout = detect_layout(head, aliases) if head else None
        except WorkbookError:
            continue
        if layout is not None and from_title(layout.title, wilayah)[0] == "provinsi":
            return path, [p for p in paths if p != path]
    return paths[0], paths[1:]
