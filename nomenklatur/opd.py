"""Which office (OPD) a sheet is about when no column of it says: the office its title names, or the sheet's
own name when that is an office's name ("Dinas Kesehatan"), else none. A sheet called "Sub Keg Renja_DPA"
names no office, and a report must not pretend it does."""

from __future__ import annotations

import re

# "Perangkat Daerah : 2.13.0.00.0.00.01.0000 Dinas …": a kode organisasi, then the office
KODE_ORGANISASI = re.compile(r"\b\d\.\d\d\.\d\.\d\d\.\d\.\d\d\.\d\d\.\d{4}\b")
# "SKPD : Dinas Kesehatan", "Unit Organisasi: Badan …": the label of the office line of a print
_LABEL = re.compile(r"^\s*(perangkat\s+daerah|satuan\s+kerja\s+perangkat\s+daerah|skpd|opd|unit\s+organisasi|"
                    r"organisasi|sub\s+unit(\s+organisasi)?)\s*:\s*(?P<name>.+)$", re.IGNORECASE)
# The first word(s) of an office's name in regional government
_OFFICE_WORDS = ("dinas", "badan", "kantor", "sekretariat", "inspektorat", "rsud", "rumah sakit", "satuan polisi",
                 "satpol", "kecamatan", "kelurahan", "bagian", "upt", "uptd", "dprd", "bappeda", "bapenda",
                 "bpkad", "bkpsdm", "bkd", "bpbd", "bappelitbangda", "puskesmas", "kesbangpol", "pengadilan",
                 "biro", "distrik")
_OFFICE_NAME = re.compile(r"^(" + "|".join(re.escape(w) for w in _OFFICE_WORDS) + r")\b", re.IGNORECASE)


def is_office_name(text: str) -> bool:
    """Whether a text reads as an office's name: it begins with an office word (Dinas, Badan, RSUD, …)."""
    return bool(_OFFICE_NAME.match(text.strip()))


def from_title(lines: list[str]) -> str | None:
    """The office a title names: the text after its kode organisasi, or after "Perangkat Daerah :"/"SKPD :"."""
    for line in lines:
        match = KODE_ORGANISASI.search(line)
        if match:
            name = line[match.end():].strip(" :-\t")
            if name:
                return name
        label = _LABEL.match(line)
        if label:
            name = KODE_ORGANISASI.sub("", label.group("name")).strip(" :-\t")
            if name:
                return name
    return None


def of_sheet(title: list[str], sheet_name: str) -> str:
    """The office a sheet without an office column is about: from its title, else its name when that names an
    office, else "" (no office known)."""
    return from_title(title) or (sheet_name.strip() if is_office_name(sheet_name) else "")
