"""Compiling official lists into table versions: the one code path behind `nomenklatur tables import`
and behind every shipped table (see `shipped.py`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from nomenklatur import __version__, kode
from nomenklatur.tables.catalog import Catalog
from nomenklatur.tables.meta import PEMDA_LEVELS, Source, TableMeta, Teks
from nomenklatur.tables.sources import SourceError, read_source, sha256_of
from nomenklatur.tables.table import parent_code
from nomenklatur.teks import clean_name, name_key

FAMILY_OF = {"nomenklatur": "program", "akun": "akun", "wilayah": "wilayah", "sumber_dana": "akun"}  # the grammar
_PEMDA_WORDS = {"prov": "provinsi", "provinsi": "provinsi", "kabkot": "kabkota", "kabkota": "kabkota",
                "kab/kota": "kabkota", "kabupaten/kota": "kabkota"}
_COARSE_KINDS = {"desa_kelurahan": {"desa", "kelurahan"}}
# Connectives that PDF extraction glued to the next word ("danKomunikasi").
_GLUED_WORD = re.compile(r"(?<=\s)(dan|atau|serta|yang|untuk|dalam|pada|di|ke|dari|bagi|oleh|melalui)(?=[A-Z][a-z])")

Row = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class SourceSpec:
    """One input file of an import: a list (`daftar`) or a list used only to supply parents (`induk`)."""

    path: Path
    asal: str
    role: str = "daftar"
    pemda: str | None = None
    prefixes: tuple[str, ...] = ()
    code_column: str = "code"  # e.g. code_4digit: the 4-digit form of a list written in the 2026 shape


@dataclass(frozen=True)
class ImportSpec:
    """Everything `tables import` needs to compile one table version."""

    name: str
    jenis: str
    title: str
    regulation: str
    sources: tuple[SourceSpec, ...]
    regulation_date: str | None = None
    fiscal_years: tuple[int, ...] = ()
    borrow: tuple[tuple[str, str], ...] = ()  # (pemda level, table): codes of that level the sources lack, in order
    level_notes: dict[str, Teks] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    coverage: str = "lengkap"  # teramati: the sources are codes seen in use, the borrowed tables fill the rest


def _pemda_of(spec: SourceSpec, row: dict[str, object], jenis: str, where: str) -> list[str]:
    if jenis != "nomenklatur":
        return [""]
    if spec.pemda:
        return [spec.pemda]
    raw = str(row.get("pemda") or "")
    levels = [_PEMDA_WORDS.get(part.strip().casefold()) for part in raw.split("|") if part.strip()]
    if not levels or None in levels:
        raise SourceError(f"{where}: tingkat pemda {raw!r} tidak dikenal; pakai --tingkat provinsi|kabkota "
                          "atau kolom jenis_pemda (PROV, KABKOT)")
    return [lv for lv in levels if lv]


def _parse_code(value: object, family: str, where: str) -> kode.Kode:
    try:
        return kode.parse(value, family)
    except kode.KodeError as exc:
        raise SourceError(f"{where}: {exc.message()}") from exc


def compile_table(spec: ImportSpec, catalog: Catalog | None = None) -> tuple[TableMeta, list[Row]]:
    """Read the sources of `spec`, validate them and return the table's metadata and rows."""
    if spec.jenis not in FAMILY_OF:
        raise SourceError(f"jenis tabel {spec.jenis!r} tidak dapat diimpor (pilihan: {', '.join(FAMILY_OF)})")
    family = FAMILY_OF[spec.jenis]
    entries: dict[tuple[str, str], Row] = {}
    parents_pool: dict[tuple[str, str], Row] = {}
    sources: list[Source] = []
    stats: Counter[str] = Counter()
    for src in spec.sources:
        rows = read_source(src.path)
        used = 0
        target = entries if src.role == "daftar" else parents_pool
        for number, row in enumerate(rows, start=2):
            where = f"{src.path.name} baris {number}"
            code = _parse_code(row.get(src.code_column) or row["code"], family, where)
            if src.prefixes and not code.text.startswith(src.prefixes):
                continue
            stats.update(f"perbaikan kode: {r}" for r in code.repairs)
            declared = str(row.get("kind") or "")
            if declared and declared != code.kind and code.kind not in _COARSE_KINDS.get(declared, ()):
                raise SourceError(f"{where}: kode {code.text} adalah {code.kind}, bukan {declared}")
            name, glued = _GLUED_WORD.subn(r"\1 ", clean_name(str(row.get("name") or "")))
            if glued:
                stats["nama diperbaiki (kata tersambung)"] += 1
            keterangan = clean_name(str(row.get("keterangan") or ""))
            for pemda in _pemda_of(src, row, spec.jenis, where):
                key = (pemda, code.text)
                entry = (pemda, code.text, code.kind, name, src.asal, keterangan)
                if key in target:
                    if name_key(target[key][3]) != name_key(name):
                        if target[key][4] == src.asal:
                            raise SourceError(f"{where}: kode {code.text} muncul dua kali dengan nama berbeda")
                        stats["kode bentrok antar-sumber (sumber pertama dipakai)"] += 1
                    continue
                target[key] = entry
                used += 1
        sources.append(Source(src.path.name, sha256_of(src.path), used, src.asal, src.role))
    for pemda, borrowed in spec.borrow:
        if catalog is None:
            raise SourceError("tabel pinjaman butuh katalog tabel")
        table = catalog.table(borrowed)
        count = 0
        for e in table.entries(pemda):
            if (pemda, e.code) not in entries:
                entries[pemda, e.code] = (pemda, e.code, e.kind, e.name, e.asal or borrowed, e.keterangan)
                count += 1
        sources.append(Source(f"{borrowed}.json", "", count, borrowed, "pinjam"))
    added = _add_parents(entries, parents_pool, spec.jenis)
    if added:
        stats["induk ditambahkan dari daftar pendukung"] += added
    orphans = _check_parents(entries, spec.jenis, spec.coverage == "teramati")
    if orphans:
        stats[f"kode induk tidak diketahui (tidak ada di sumber mana pun): {', '.join(orphans)}"] += len(orphans)
    rows = sorted(entries.values(), key=_sort_key)
    counts: dict[str, dict[str, int]] = {}
    for pemda, _, kind, *_ in rows:
        level = counts.setdefault(pemda or "semua", {})
        level[kind] = level.get(kind, 0) + 1
    levels = tuple(lv for lv in PEMDA_LEVELS if lv in counts)
    meta = TableMeta(
        name=spec.name, jenis=spec.jenis, title=spec.title, regulation=spec.regulation,
        regulation_date=spec.regulation_date, fiscal_years=spec.fiscal_years, levels=levels,
        level_notes=spec.level_notes, sources=tuple(sources), counts=counts,
        notes=spec.notes + tuple(f"{k}: {v}" for k, v in sorted(stats.items())),
        built_with=f"nomenklatur {__version__} tables import", coverage=spec.coverage,
    )
    return meta, rows


def _is_generic_root(code: str) -> bool:
    """Placeholders `X` and `X.XX` stand for the OPD's own urusan and bidang: not required as parents."""
    return code in ("X", "X.XX")


def _add_parents(entries: dict[tuple[str, str], Row], pool: dict[tuple[str, str], Row], jenis: str) -> int:
    """Copy missing ancestors from the supporting lists (`induk`); returns how many were added."""
    added = 0
    for pemda, code, *_ in list(entries.values()):
        parent = parent_code(code, jenis)
        while parent is not None and (pemda, parent) not in entries:
            found = pool.get((pemda, parent)) or pool.get(("", parent))
            if found is None:
                break
            entries[(pemda, parent)] = (pemda, *found[1:])
            added += 1
            parent = parent_code(parent, jenis)
    return added


def _check_parents(entries: dict[tuple[str, str], Row], jenis: str, observed: bool) -> list[str]:
    """Every code's parent must be listed; in a list of codes observed in use (whose parents no source may
    name) the missing ones are returned, to be said in the table's notes."""
    missing = sorted({(p, parent_code(c, jenis)) for p, c, *_ in entries.values()
                      if parent_code(c, jenis) is not None and (p, parent_code(c, jenis)) not in entries
                      and not _is_generic_root(parent_code(c, jenis) or "")})
    shown = [f"{code} ({pemda or 'semua'})" for pemda, code in missing]
    if missing and not observed:
        level = {"provinsi": "provinsi", "kabkota": "kabupaten/kota"}
        said = [f"{code} ({level.get(pemda, 'semua tingkat')})" for pemda, code in missing[:5]]
        raise SourceError(f"{len(missing)} kode induk tidak ada dalam daftar: {', '.join(said)}; sertakan baris "
                          "induknya, atau sebutkan daftar pendukung dengan --induk")
    return shown


def _sort_key(row: Row) -> tuple[str, list[tuple[int, str]]]:
    return row[0], [(0, s) if s.isdigit() else (1, s) for s in row[1].split(".")]
