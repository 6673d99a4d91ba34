"""Check every real document of a folder and print one table: file, how it was read, year, rows by role,
findings by severity, seconds.

    python bench/corpus.py [FOLDER] [--tahun YEAR]

FOLDER defaults to ../shared/reference/samples-real (the real files of the common layout families); each file
is checked against the year in its name (the last 20xx), or --tahun. Every file is checked in this process
with the default rules, as `nomenklatur check FILE --tahun YEAR` would; the seconds include reading.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from nomenklatur.baris import ROLES
from nomenklatur.config import effective_rules, load_profile, load_user_config
from nomenklatur.engine import CheckOptions, check_file
from nomenklatur.tables import default_catalog

SHORT = {"urusan": "ur", "bidang": "bd", "program": "pg", "kegiatan": "kg", "sub_kegiatan": "sk", "opd": "opd",
         "akun": "akun", "paket": "pkt", "jumlah": "jml", "tak_terbaca": "x", "judul": "jdl", "catatan": "ctt",
         "lanjutan": "ljt", "kosong": "ksg"}
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "reference"
                                                          / "samples-real"))
    parser.add_argument("--tahun", type=int, default=None)
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"corpus: no folder {folder}", file=sys.stderr)
        return 2
    severities, params = effective_rules(load_profile("default"), load_user_config(None), [], [])
    catalog = default_catalog()
    lines = [("file", "read as", "FY", "rows by role", "error", "warning", "info", "s")]
    totals: Counter[str] = Counter()
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in EXTENSIONS):
        years = re.findall(r"20\d\d", path.name)
        tahun = args.tahun or (int(years[-1]) if years else 2021)
        options = CheckOptions(tahun=tahun, severities=severities, params=params)
        start = time.perf_counter()
        result = check_file(str(path), options, catalog)
        seconds = time.perf_counter() - start
        severity = Counter(f.severity for f in result.findings)
        totals.update(severity)
        notations = ",".join(sorted({s["notation"] for s in result.sheets})) or "-"
        roles = " ".join(f"{SHORT[r]} {result.roles[r]}" for r in ROLES if result.roles.get(r)) or "-"
        lines.append((path.name, notations, str(tahun), roles, str(severity["error"]), str(severity["warning"]),
                      str(severity["info"]), f"{seconds:.2f}"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        print("  ".join(v.ljust(w) if i in (0, 1, 3) else v.rjust(w) for i, (v, w) in enumerate(zip(line, widths))))
    print(f"{len(lines) - 1} files: {totals['error']} errors, {totals['warning']} warnings, {totals['info']} info")
    print("roles: " + ", ".join(f"{short} = {role}" for role, short in SHORT.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
