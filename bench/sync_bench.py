"""Sync speed benchmark: `nomenklatur sync` on a province and its ten kabupaten/kota, against only reading them.

Generates (once, cached in bench/out/) Renja-like workbooks of East Kalimantan for TA 2021: the province
(level-1 sub kegiatan of several OPDs, a bankeu sheet to every kabupaten/kota and to target villages, the list
of 150 target villages) and one plan per kabupaten/kota (sub kegiatan rows located in its villages, every 2021
target village covered, a revenue sheet). Then measures, `--repeat` times each, alternating, in a fresh
process (modules imported before the clock starts; loading the code tables is part of sync):

  read   `open_workbook` on every file, touching every cell (the floor)
  check  `check_paths` on the same files with the same options (what sync does before its own rules)
  sync   `run_sync` with the options the CLI builds for `--profil kaltim-2021`, in as many processes as
         there are cores (the CLI default); sync -j1 the same in one process

and prints the medians, the ratio sync / read as the median over the rounds of each sync over the mean of the
reads run just before and after it (target: < 1.5 x), and sync / check (what sync adds).

Usage: python bench/sync_bench.py [--rows 3000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out" / "sync"
LAYOUT = "v1"  # bump when the generated layout changes, so cached files are rebuilt
TARGET_RATIO = 1.5
TAHUN = 2021
TARGETS = {2019: 15, 2020: 25, 2021: 30, 2022: 35, 2023: 45}
HEADER = ("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Lokasi", "Kode Lokasi", "Pagu", "Perangkat Daerah")
PRIORITY = ("2.13.05", "2.13.02", "2.13.04", "2.11.03")


# ---------------------------------------------------------------- generating workbooks


class Pools:
    """Codes of the FY2021 tables by level and bidang, and East Kalimantan's kabupaten/kota and villages."""

    def __init__(self) -> None:
        from nomenklatur.tables import default_catalog

        catalog = default_catalog()
        table = catalog.table("fy2021")
        self.subs: dict[str, dict[str, list[tuple[str, str]]]] = {"provinsi": defaultdict(list),
                                                                  "kabkota": defaultdict(list)}
        for level, by_bidang in self.subs.items():
            for e in table.entries(level):
                if e.kind == "sub_kegiatan" and not e.code.startswith("X"):
                    by_bidang[e.code[:4]].append((e.code, e.name))
        wilayah = catalog.table("wilayah-2020")
        self.kabkota = {e.code: e.name for e in wilayah.entries("") if e.kind == "kabkota" and e.code.startswith("64.")}
        self.desa: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for e in wilayah.entries(""):
            if e.kind == "desa" and e.code[:5] in self.kabkota:
                self.desa[e.code[:5]].append((e.code, e.name))


def _rows(rng: random.Random, subs: dict[str, list[tuple[str, str]]], count: int, places: list[tuple[str, str]],
          forced: list[tuple[str, str, str, str]]) -> list[tuple]:
    """`count` sub kegiatan rows of OPDs drawn by bidang, located in `places`; `forced` rows first."""
    rows = [(*f, rng.randrange(50, 2_000) * 1_000_000, "Dinas Pemberdayaan Masyarakat dan Desa") for f in forced]
    bidang = sorted(subs)
    number = 0
    while len(rows) < count:
        b = rng.choice(bidang)
        number += 1
        opd = f"Perangkat Daerah {b} {number:03d}"
        for code, name in subs[b]:
            if len(rows) >= count:
                break
            wilayah, place = rng.choice(places)
            rows.append((code, name, place, wilayah, rng.randrange(10, 5_000) * 1_000_000, opd))
    return rows


def _save(book, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    book.save(tmp)
    tmp.replace(path)


def generate(rows: int) -> tuple[Path, list[Path]]:
    """The province file and ten kabupaten/kota files of about `rows` rows each (cached)."""
    folder = OUT / f"{LAYOUT}_{rows}"
    province = folder / "provinsi_kaltim.xlsx"
    kab_paths = sorted(folder.glob("kab_*.xlsx"))
    if province.exists() and len(kab_paths) == 10:
        return province, kab_paths
    from openpyxl import Workbook

    start = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2021)
    pools = Pools()
    villages = [d for kab in sorted(pools.desa) for d in pools.desa[kab]]
    chosen = rng.sample(villages, sum(TARGETS.values()))
    by_year, at = {}, 0
    for year, count in TARGETS.items():
        by_year[year] = chosen[at:at + count]
        at += count
    targets_2021 = defaultdict(list)
    for code, name in by_year[TAHUN]:
        targets_2021[code[:5]].append((code, name))
    bankeu = {kab: rng.randrange(5_000, 20_000) * 1_000_000 for kab in pools.kabkota}

    book = Workbook(write_only=True)
    renja = book.create_sheet("Renja")
    for line in (["RENCANA KERJA PERANGKAT DAERAH TAHUN 2021"], ["PROVINSI KALIMANTAN TIMUR"], [], list(HEADER)):
        renja.append(line)
    for row in _rows(rng, pools.subs["provinsi"], rows, [("64", "Provinsi Kalimantan Timur")], []):
        renja.append(list(row))
    sheet = book.create_sheet("Bantuan Keuangan")
    for line in (["BANTUAN KEUANGAN PROVINSI KALIMANTAN TIMUR"], [],
                 ["Kode Rekening", "Uraian Rekening", "Lokasi", "Kode Lokasi", "Jumlah"],
                 ["5.4.02.03", "Belanja Bantuan Keuangan Daerah Provinsi ke Kabupaten/Kota", None, None,
                  sum(bankeu.values())]):
        sheet.append(line)
    for kab, amount in sorted(bankeu.items()):
        sheet.append(["5.4.02.03.01.0001", "Belanja Bantuan Keuangan Umum Daerah Provinsi ke Kabupaten/Kota",
                      pools.kabkota[kab].title(), kab, amount])
    for code, name in by_year[TAHUN]:
        sheet.append(["5.4.02.05.01.0002", "Belanja Bantuan Keuangan Umum Provinsi kepada Desa", f"Desa {name}", code,
                      250_000_000])
    sheet = book.create_sheet("Desa Sasaran")
    for line in (["DAFTAR DESA SASARAN 2019-2023"], [],
                 ["Kode Desa", "Nama Desa", "Kabupaten/Kota", "Nilai IDM 2019", "Status IDM 2019", "Tahun Target",
                  "Status Target"]):
        sheet.append(line)
    for year, villages_of_year in by_year.items():
        for code, name in villages_of_year:
            value = round(rng.uniform(0.45, 0.59), 4)
            sheet.append([code, name, pools.kabkota[code[:5]].title(), value,
                          "Sangat Tertinggal" if value <= 0.4907 else "Tertinggal", year, "Berkembang"])
    _save(book, province)

    priority = [(c, n) for p in PRIORITY for c, n in pools.subs["kabkota"][p[:4]] if c.startswith(p + ".")]
    for kab in sorted(pools.kabkota):
        name = pools.kabkota[kab]
        places = [(code, f"Desa {n}") for code, n in pools.desa[kab]] or [(kab, name)]
        forced = [(*priority[i % len(priority)], f"Desa {n}", code) for i, (code, n) in enumerate(targets_2021[kab])]
        book = Workbook(write_only=True)
        renja = book.create_sheet("Renja")
        for line in (["RENCANA KERJA PEMERINTAH DAERAH TAHUN 2021"], [f"PEMERINTAH {name}"], [], list(HEADER)):
            renja.append(line)
        for row in _rows(rng, pools.subs["kabkota"], rows, places, forced):
            renja.append(list(row))
        sheet = book.create_sheet("Pendapatan")
        for line in ([f"PROYEKSI PENDAPATAN {name}"], [], ["Kode Rekening", "Uraian Rekening", "Jumlah"],
                     ["4.2.02", "Pendapatan Transfer Antar Daerah", bankeu[kab] + 250_000_000_000],
                     ["4.2.02.01", "Pendapatan Bagi Hasil", 250_000_000_000],
                     ["4.2.02.02", "Bantuan Keuangan", bankeu[kab]]):
            sheet.append(line)
        _save(book, folder / f"kab_{kab.replace('.', '_')}.xlsx")
    print(f"  generated 11 files of ~{rows} rows in {time.perf_counter() - start:.1f} s", flush=True)
    return province, sorted(folder.glob("kab_*.xlsx"))


# ---------------------------------------------------------------- what runs in a child process


def _child_read(paths: list[str]) -> dict:
    from nomenklatur.workbook import open_workbook

    start = time.perf_counter()
    cells = 0
    for path in paths:
        with open_workbook(path) as book:
            for sheet in book.sheets():
                for _, values in sheet.rows:
                    for _ in values:
                        cells += 1
    return {"seconds": time.perf_counter() - start, "cells": cells}


def _options():
    """The profile and options the CLI builds for `--tahun 2021 --profil kaltim-2021`."""
    from nomenklatur.config import UserConfig, effective_rules, load_profile
    from nomenklatur.engine import CheckOptions

    profile = load_profile("kaltim-2021")
    config = UserConfig()
    severities, params = effective_rules(profile, config, [], [])
    return profile, CheckOptions(tahun=TAHUN, severities=severities, params=params, headers=config.headers,
                                 limits=config.read_limits())


def _child_check(paths: list[str]) -> dict:
    from nomenklatur.engine import check_paths

    start = time.perf_counter()
    run = check_paths(paths, _options()[1])
    return {"seconds": time.perf_counter() - start, "rows": sum(r.rows_checked for r in run.files)}


def _child_sync(paths: list[str], jobs: int | None = None) -> dict:
    """`run_sync` as the CLI runs it: in as many processes as there are cores (`jobs`: forced)."""
    import resource

    from nomenklatur.sync import run_sync
    from nomenklatur.workbook.overlap import cores

    start, cpu = time.perf_counter(), time.process_time()
    profile, options = _options()
    run = run_sync(paths[0], paths[1:], options, profile.sync, jobs=jobs or cores())
    seconds = time.perf_counter() - start
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "cpu": time.process_time() - cpu + workers.ru_utime + workers.ru_stime, "rows": sum(r.rows_checked for r in run.files), "findings": len(run.findings),
            "summary": run.summary(), "covered": sum(r["covered_villages"] for r in run.sync),
            "targets": sum(r["target_villages"] for r in run.sync)}


def _measure(kind: str, paths: list[Path]) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", kind, *map(str, paths)], capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000, help="rows per file (default 3000)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, paths = args.child[0], args.child[1:]
        children = {"read": _child_read, "check": _child_check, "sync": _child_sync,
                    "sync-1": lambda p: _child_sync(p, jobs=1)}
        print(json.dumps(children[kind](paths)))
        return
    province, kabs = generate(args.rows)
    paths = [province, *kabs]
    size = sum(p.stat().st_size for p in paths) / 1024 / 1024
    print(f"files: 1 province + {len(kabs)} kabupaten/kota, ~{args.rows} rows each, {size:.1f} MB", flush=True)
    from nomenklatur.workbook.overlap import cores

    print(f"cores: {cores()} (sync runs in that many processes, as the CLI does by default)", flush=True)
    # every round: read, sync, read, check, sync -j1. The machine's speed drifts within seconds, so each sync
    # is compared with the mean of the reads just before and after it; the verdict is the median of those
    times: dict[str, list[float]] = {"read": [], "sync": [], "check": [], "sync-1": []}
    last: dict[str, dict] = {}
    pairs: list[float] = []
    for _ in range(args.repeat):
        for kind in ("read", "sync", "read", "check", "sync-1"):
            last[kind] = _measure(kind, paths)
            times[kind].append(last[kind]["seconds"])
        before, after = times["read"][-2:]
        pairs.append(times["sync"][-1] / ((before + after) / 2))
    read, check, sync = (statistics.median(times[kind]) for kind in ("read", "check", "sync"))
    ratio = statistics.median(pairs)
    print(f"read   {read:6.2f} s  ({last['read']['cells']:,} cells; runs: "
          f"{', '.join(f'{t:.2f}' for t in times['read'])})")
    print(f"check  {check:6.2f} s  ({check / read:.2f} x read: the same files checked one by one, as sync does "
          f"first; runs: {', '.join(f'{t:.2f}' for t in times['check'])})")
    print(f"sync   {sync:6.2f} s  ({last['sync']['rows']:,} rows checked, {last['sync']['findings']} findings, "
          f"{last['sync']['covered']}/{last['sync']['targets']} target villages covered; runs: "
          f"{', '.join(f'{t:.2f}' for t in times['sync'])})")
    one = statistics.median(times["sync-1"])
    print(f"sync -j1 {one:4.2f} s  ({one / read:.2f} x read: one process; runs: "
          f"{', '.join(f'{t:.2f}' for t in times['sync-1'])})")
    print(f"CPU    sync {last['sync']['cpu']:.2f} s in all processes, sync -j1 {last['sync-1']['cpu']:.2f} s (last run)")
    print(f"ratio  {ratio:6.2f} x read, median of the rounds' sync / mean of the reads around it "
          f"({', '.join(f'{p:.2f}' for p in pairs)}; "
          f"target < {TARGET_RATIO} x: {'met' if ratio < TARGET_RATIO else 'NOT met'}); ratio of the medians "
          f"{sync / read:.2f} x; sync / check {sync / check:.2f} x")


if __name__ == "__main__":
    main()
