"""Which fiscal year a document is for, read from the document itself: its title ("TAHUN ANGGARAN 2024",
"TA 2021"), its file name ("renja_2024.xlsx") and its codes (sub kegiatan with 2 digits until FY2023 and 4 from
FY2024; accounts in the shape SIPD-RI writes from FY2026, `5.1.02.01.001.00024`).

The evidence is weighed in that order: a year the title names is the document's; a file name's year only
where the title names none; the codes tell the era, and a year only for the 2026 account shape."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FIRST_FOUR_DIGIT_YEAR = 2024  # sub kegiatan codes got 4 digits from FY2024 (900.1.15.5-1317/2023)
FIRST_2026_SHAPE_YEAR = 2026  # SIPD-RI accounts with rincian objek 3 digits, sub rincian objek 5
DEFAULT_YEAR = 2024  # a document that shows no year: the newest year with the regulation's own full list
YEARS = range(2020, 2029)  # fiscal years a list or a neighbouring list exists for (2019 original .. SIPD 2027)

_BUDGET_YEAR = re.compile(r"\b(?:tahun\s+anggaran|t\.?\s?a\.?)\s*:?\s*(20\d\d)\b", re.IGNORECASE)
_ANY_YEAR = re.compile(r"\btahun\s*:?\s*(20\d\d)\b", re.IGNORECASE)
_NAME_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass(frozen=True)
class Bukti:
    """One piece of evidence of a document's year: where it is (`sumber`: judul, nama berkas, kode), what it
    says in the document's words (`kata`), and the year (`tahun`) or the years it allows (`dari`..`sampai`)."""

    sumber: str
    kata: str  # the title's or file name's words; for codes, "2" / "4" (sub kegiatan digits) or "2026" (accounts)
    dari: int
    sampai: int
    rows: int = 0  # code rows that show it

    def allows(self, tahun: int) -> bool:
        return self.dari <= tahun <= self.sampai

    def describe(self, lang: str = "id") -> str:
        """The evidence for people: "judul 'TAHUN ANGGARAN 2024'", "kode sub kegiatan 4 digit"."""
        if self.sumber == "kode":
            if self.kata == "2026":
                return f"{self.rows} account codes in the 2026 shape (5.1.02.01.001.00024)" if lang == "en" else \
                    f"{self.rows} kode rekening bentuk 2026 (5.1.02.01.001.00024)"
            return f"{self.rows} {self.kata}-digit sub kegiatan codes" if lang == "en" else \
                f"{self.rows} kode sub kegiatan {self.kata} digit"
        source = {"judul": "title", "nama berkas": "file name"}[self.sumber] if lang == "en" else self.sumber
        return f"{source} {self.kata!r}"

    def years(self, lang: str = "id") -> str:
        """"TA 2024", "TA 2024 atau sesudahnya", "TA 2020-2023"."""
        fy = "FY" if lang == "en" else "TA "
        if self.dari == self.sampai:
            return f"{fy}{self.dari}"
        if self.sampai >= YEARS[-1]:
            return f"{fy}{self.dari} {'or later' if lang == 'en' else 'atau sesudahnya'}"
        return f"{fy}{self.dari}-{self.sampai}"


def from_title(lines: list[str]) -> tuple[int, str] | None:
    """(year, the words it was read from) of the first title line that names a fiscal year ("Tahun Anggaran
    2024", "TA 2024"), else of the first that names a year ("Tahun 2024"), or None.

    >>> from_title(["Realisasi Tahun 2023", "TAHUN ANGGARAN 2024"])
    (2024, 'TAHUN ANGGARAN 2024')
    """
    for pattern in (_BUDGET_YEAR, _ANY_YEAR):
        for line in lines:
            match = pattern.search(line)
            if match:
                return int(match.group(1)), " ".join(match.group(0).split())
    return None


def from_file_name(path: str) -> int | None:
    """The one fiscal year a file's name holds ("renja_dpmd_2024.xlsx"); None when it holds none or several.

    >>> from_file_name("/data/Renja DPMD 2024 final.xlsx"), from_file_name("rpjmd_2021-2026.xlsx")
    (2024, None)
    """
    years = {int(y) for y in _NAME_YEAR.findall(Path(path).stem) if int(y) in YEARS}
    return years.pop() if len(years) == 1 else None


@dataclass
class KodeTahun:
    """What a document's codes say of its year: sub kegiatan codes by digit count, accounts in the 2026 shape."""

    sub_digits: Counter
    akun_2026: int = 0
    akun_4: int = 0
    samples: set[str] = field(default_factory=set)  # sub kegiatan codes seen, to find the years whose list holds them

    def bukti(self) -> Bukti | None:
        """The era the codes belong to, when they agree (at least 3 codes, 9 in 10 of one shape)."""
        if self.akun_2026 >= 3 and self.akun_2026 >= 9 * self.akun_4:
            return Bukti("kode", "2026", FIRST_2026_SHAPE_YEAR, YEARS[-1], self.akun_2026)
        total = sum(self.sub_digits.values())
        if total < 3:
            return None
        digits, count = self.sub_digits.most_common(1)[0]
        if count < 0.9 * total:
            return None
        if digits == 4:
            return Bukti("kode", "4", FIRST_FOUR_DIGIT_YEAR, YEARS[-1], count)
        if digits == 2:
            return Bukti("kode", "2", YEARS[0], FIRST_FOUR_DIGIT_YEAR - 1, count)
        return None


def evidence(title: list[str], path: str, codes: KodeTahun) -> list[Bukti]:
    """Every piece of evidence of the document's year, strongest first: title, file name, codes."""
    found: list[Bukti] = []
    titled = from_title(title)
    if titled is not None and titled[0] in YEARS:
        found.append(Bukti("judul", titled[1], titled[0], titled[0]))
    else:
        named = from_file_name(path)
        if named is not None:
            found.append(Bukti("nama berkas", Path(path).name, named, named))
    from_codes = codes.bukti()
    if from_codes is not None:
        found.append(from_codes)
    return found


def conflict(tahun: int, found: list[Bukti]) -> Bukti | None:
    """The strongest evidence that the document is not of `tahun`, or None when all of it allows that year."""
    return next((b for b in found if not b.allows(tahun)), None)
