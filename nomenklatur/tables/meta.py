"""Metadata every shipped or imported table carries: what it is, where it came from, what it holds.

Plain frozen dataclasses (not pydantic) so that loading tables stays cheap at start-up.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

JENIS = ("nomenklatur", "akun", "wilayah", "sumber_dana", "crosswalk")
PEMDA_LEVELS = ("provinsi", "kabkota")


@dataclass(frozen=True)
class Teks:
    """A sentence in Bahasa Indonesia and English."""

    id: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


@dataclass(frozen=True)
class Source:
    """One official source file a table was compiled from."""

    file: str
    sha256: str
    rows_used: int
    asal: str
    role: str = "daftar"  # daftar | induk (parents only) | pinjam (borrowed level) | pendahulu


@dataclass(frozen=True)
class TableMeta:
    """Metadata of one table version (nomenklatur list, account chart, region list or crosswalk)."""

    name: str
    jenis: str
    title: str
    regulation: str
    regulation_date: str | None = None
    fiscal_years: tuple[int, ...] = ()
    levels: tuple[str, ...] = ()
    level_notes: dict[str, Teks] = field(default_factory=dict)
    from_table: str | None = None
    to_table: str | None = None
    sources: tuple[Source, ...] = ()
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    built_with: str = ""
    coverage: str = "lengkap"  # lengkap: the regulation's whole list | teramati: codes seen in use, plus fallbacks

    @property
    def full(self) -> bool:
        return self.coverage == "lengkap"

    def __post_init__(self) -> None:
        if self.jenis not in JENIS:
            raise ValueError(f"jenis tabel {self.jenis!r} tidak dikenal (pilihan: {', '.join(JENIS)})")
        bad = [lv for lv in self.levels if lv not in PEMDA_LEVELS]
        if bad:
            raise ValueError(f"tingkat pemda {bad[0]!r} tidak dikenal (pilihan: provinsi, kabkota)")
        if self.coverage not in ("lengkap", "teramati"):
            raise ValueError(f"cakupan tabel {self.coverage!r} tidak dikenal (pilihan: lengkap, teramati)")

    def label(self, lang: str = "id") -> str:
        """The regulation people know the table by, with its fiscal years: "Kepmendagri 900.1.15.5-1317/2023
        (TA 2024)"."""
        if not self.fiscal_years:
            return self.regulation
        years = ", ".join(str(y) for y in self.fiscal_years)
        observed = "" if self.full else "codes observed in use, " if lang == "en" else "kode teramati, "
        return f"{self.regulation} ({observed}{'FY' if lang == 'en' else 'TA '}{years})"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TableMeta":
        """Build from JSON; an unknown or missing key is an error naming the key."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"kunci metadata tidak dikenal: {unknown[0]}")
        values = dict(data)
        values["fiscal_years"] = tuple(values.get("fiscal_years", ()))
        values["levels"] = tuple(values.get("levels", ()))
        values["notes"] = tuple(values.get("notes", ()))
        values["level_notes"] = {k: Teks(**v) for k, v in values.get("level_notes", {}).items()}
        values["sources"] = tuple(Source(**s) for s in values.get("sources", ()))
        return cls(**values)
