"""Which table versions exist (shipped and user-imported), loading them, and fiscal year to version."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nomenklatur.tables.meta import TableMeta, Teks
from nomenklatur.tahun import FIRST_FOUR_DIGIT_YEAR
from nomenklatur.tables.store import SHIPPED_DIR, read_index, read_table, read_table_text, user_dir
from nomenklatur.tables.table import Crosswalk, Table


# What governs years for which no machine-readable list exists (reference/README.md).
_GOVERNING = {
    2022: "Kepmendagri 050-5889/2021",
    2023: "Kepmendagri 050-5889/2021",
    2025: "Kepmendagri 900.1.15.5-3406/2024",
    2026: "Kepmendagri 900.1-2850/2025",
    2027: "Kepmendagri 900.1-861/2026",
}


class TableNotFound(LookupError):
    """A table name that is neither shipped nor imported."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.known = known

    def message(self, lang: str = "id") -> str:
        names = ", ".join(self.known)
        if lang == "en":
            return f"no table named {self.name!r}; available: {names}"
        return f"tabel {self.name!r} tidak ada; yang tersedia: {names}"


@dataclass(frozen=True)
class Choice:
    """The table chosen for a fiscal year and level, and why."""

    table: str
    exact: bool
    note: Teks | None

    def describe(self, lang: str = "id") -> str:
        return self.note.get(lang) if self.note else ""


class Catalog:
    """All tables in the shipped directory and the user's directory (user tables never shadow shipped ones)."""

    def __init__(self, directories: tuple[Path, ...]) -> None:
        self._where: dict[str, Path] = {}
        self._meta: dict[str, TableMeta] = {}
        for directory in directories:
            for meta in read_index(directory):
                if meta.name not in self._meta:
                    self._meta[meta.name] = meta
                    self._where[meta.name] = directory / f"{meta.name}.json"
        self._loaded: dict[str, Table | Crosswalk] = {}
        # what the checks derive from these tables alone (e.g. how a code resolves in a version and level),
        # kept for every file checked against this catalog; each user bounds its own entries
        self.derived: dict[str, dict] = {}

    def names(self, jenis: str | None = None) -> list[str]:
        return [n for n, m in self._meta.items() if jenis is None or m.jenis == jenis]

    def meta(self, name: str) -> TableMeta:
        if name not in self._meta:
            raise TableNotFound(name, self.names())
        return self._meta[name]

    def path(self, name: str) -> Path:
        self.meta(name)
        return self._where[name]

    def table(self, name: str) -> Table:
        """Load (once) a code table by name."""
        loaded = self._load(name)
        if not isinstance(loaded, Table):
            raise TableNotFound(name, self.names("nomenklatur") + self.names("akun") + self.names("wilayah"))
        return loaded

    def crosswalk(self, name: str) -> Crosswalk:
        loaded = self._load(name)
        if not isinstance(loaded, Crosswalk):
            raise TableNotFound(name, self.names("crosswalk"))
        return loaded

    def _load(self, name: str) -> Table | Crosswalk:
        if name not in self._loaded:
            known = self._meta.get(name)
            if known is not None and known.jenis == "crosswalk":
                self._loaded[name] = Crosswalk(*read_table(self.path(name)))
            else:  # rows decoded as they are used
                meta, text = read_table_text(self.path(name))
                self._loaded[name] = Crosswalk(*read_table(self.path(name))) if meta.jenis == "crosswalk" \
                    else Table(meta, text=text)
        return self._loaded[name]

    def crosswalks_from(self, table: str) -> list[Crosswalk]:
        return [self.crosswalk(n) for n, m in self._meta.items() if m.jenis == "crosswalk" and m.from_table == table]

    def crosswalks_to(self, table: str) -> list[Crosswalk]:
        return [self.crosswalk(n) for n, m in self._meta.items() if m.jenis == "crosswalk" and m.to_table == table]

    def choose(self, tahun: int, pemda: str = "", jenis: str = "nomenklatur") -> Choice:
        """The table for a fiscal year: an exact list, else the nearest one with a note saying so.

        Nearest means: a list of the same sub-kegiatan format era first (2 digits before FY2024, 4 from
        FY2024), then the smallest distance in years, the older list on a tie.
        """
        candidates = [m for m in self._meta.values() if m.jenis == jenis and m.fiscal_years
                      and (not pemda or not m.levels or pemda in m.levels)]
        if not candidates:
            raise TableNotFound(f"{jenis} {pemda} {tahun}".strip(), self.names(jenis))
        governing = _GOVERNING.get(tahun)
        gov_id = f" (TA {tahun} diatur {governing}, yang salinan terbacanya tidak tersedia)" if governing else ""
        gov_en = f" (FY{tahun} is governed by {governing}, of which no machine-readable copy is available)" if governing else ""
        for meta in sorted(candidates, key=lambda m: not m.full):  # the year's full list before its observed one
            if tahun in meta.fiscal_years:
                if meta.full:
                    return Choice(meta.name, True, meta.level_notes.get(pemda))
                borrowed = dict.fromkeys(s.asal for s in meta.sources if s.role == "pinjam" and s.asal in self._meta)
                filled = [self.meta(name).label() for name in borrowed]
                filled_en = [self.meta(name).label("en") for name in borrowed]
                return Choice(meta.name, False, Teks(
                    id=f"Tidak ada daftar lengkap untuk TA {tahun}{gov_id}; dipakai kode yang teramati dipakai pada "
                       f"TA {tahun}, dilengkapi {', '.join(filled) or '-'}; kode di luar itu hanya peringatan.",
                    en=f"No full list for FY{tahun}{gov_en}; using the codes observed in use in FY{tahun}, completed "
                       f"with {', '.join(filled_en) or '-'}; codes outside them are only warnings."))

        def era(year: int) -> bool:
            return year >= FIRST_FOUR_DIGIT_YEAR

        def rank(meta: TableMeta) -> tuple[int, int, bool, int]:
            same_era = any(era(y) == era(tahun) for y in meta.fiscal_years) or jenis != "nomenklatur"
            distance = min(abs(y - tahun) for y in meta.fiscal_years)
            return (0 if same_era else 1, distance, not meta.full, max(meta.fiscal_years))

        best = min(candidates, key=rank)
        note = Teks(
            id=f"Tidak ada daftar untuk TA {tahun}{gov_id}; dipakai daftar terdekat {best.label()}.",
            en=f"No list for FY{tahun}{gov_en}; using the nearest list {best.label('en')}.",
        )
        level_note = best.level_notes.get(pemda)
        if level_note:
            note = Teks(id=f"{note.id} {level_note.id}", en=f"{note.en} {level_note.en}")
        return Choice(best.name, False, note)


def governance(catalog: Catalog) -> list[dict[str, object]]:
    """Per fiscal year and level, which list governs program codes, accounts, sumber dana and regions, and whether it is the
    year's full list (lengkap), the nearest list standing in (pengganti) or codes observed in use (teramati)."""
    from nomenklatur.tahun import YEARS

    rows: list[dict[str, object]] = []
    for tahun in YEARS:
        for tingkat in ("provinsi", "kabkota"):
            row: dict[str, object] = {"tahun": tahun, "tingkat": tingkat}
            for key, jenis, pemda in (("program", "nomenklatur", tingkat), ("akun", "akun", ""),
                                      ("sumber_dana", "sumber_dana", ""), ("wilayah", "wilayah", "")):
                choice = catalog.choose(tahun, pemda, jenis=jenis)
                meta = catalog.meta(choice.table)
                status = "teramati" if not meta.full and tahun in meta.fiscal_years else \
                    "lengkap" if choice.exact and choice.note is None else "pengganti"
                row[key] = {"table": choice.table, "regulation": meta.label(), "regulation_en": meta.label("en"),
                            "status": status}
            rows.append(row)
    return rows


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The shipped tables plus the user's imported ones."""
    return Catalog((SHIPPED_DIR, user_dir()))
