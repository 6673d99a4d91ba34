"""A collection run (issue 17 item 5): `nomenklatur check` over a folder tree of many generated files, one
folder per government, with `--jobs 1` and `--jobs 2` in the same run, each a fresh CLI process writing the
JSON report (whose per-folder summary is read back to check that both saw every file): wall time, files per
second, files per second per core, and peak RSS (the CLI's own and its largest worker's).

    python bench/koleksi.py                          # 400 files of 2,000 rows in 20 folders
    python bench/koleksi.py --files 2000 --folders 50  # the national-scale run (about 10 minutes on 2 cores)

Distinct workbooks are generated once (bench/run.py's Renja generator, cached in bench/out) and copied into
the tree: files repeat, as an OPD's template does across governments, and each is checked in full.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CLI_WRAPPER, OUT, TAHUN, Pools, _env, label, parse_size, workbook  # noqa: E402

DISTINCT = 40  # different workbooks the tree is made of


def tree(files: int, folders: int, rows: int, out: Path) -> Path:
    """The folder tree (cached): `folders` governments holding `files` workbooks in all."""
    out.mkdir(parents=True, exist_ok=True)
    root = out / f"koleksi_{files}x{label(rows)}_{folders}"
    if root.is_dir() and sum(1 for _ in root.rglob("*.xlsx")) == files:
        return root
    shutil.rmtree(root, ignore_errors=True)
    pools = Pools()
    sources = [workbook(rows, pools, out, seed=5000 + i, quiet=True) for i in range(min(DISTINCT, files))]
    for n in range(files):
        folder = root / f"pemda_{n % folders:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources[n % len(sources)], folder / f"renja_opd_{n:05d}.xlsx")
    return root


def run(root: Path, jobs: int, out: Path) -> tuple[float, float, dict]:
    """(wall s, peak RSS MB of the CLI and its largest worker, JSON report) of one check of the tree."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "koleksi.json"
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", CLI_WRAPPER, "check", str(root), "--tahun", TAHUN,
                               "--jobs", str(jobs), "--format", "json", "-o", str(report)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=out, env=_env(out), text=True,
                              check=False)
        wall = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise RuntimeError(f"--jobs {jobs} exited {done.returncode}: {done.stderr[-2000:]}")
        total = float(done.stderr.rsplit("PEAK_RSS_MB", 1)[1].split()[0])
        return wall, total, json.loads(report.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--folders", type=int, default=20)
    parser.add_argument("--rows", default="2k", help="rows per workbook")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    root = tree(args.files, args.folders, parse_size(args.rows), args.out)
    print(f"{args.files} files of {args.rows} rows in {args.folders} folders; {os.cpu_count()} CPUs")
    seen = {}
    for jobs in (1, 2):
        wall, rss, report = run(root, jobs, args.out)
        files = len(report["files"])
        folders = report.get("folders", [])
        seen[jobs] = (wall, files, sum(report["summary"].values()), len(folders))
        print(f"--jobs {jobs}: {wall:7.1f} s, {files / wall:6.1f} files/s, {files / wall / jobs:6.1f} files/s per "
              f"core, {len(folders)} folder summaries, {seen[jobs][2]:,} findings, peak RSS {rss:.0f} MB "
              f"(CLI + its largest worker)")
    (w1, f1, n1, d1), (w2, f2, n2, d2) = seen[1], seen[2]
    assert f1 == f2 == args.files and n1 == n2 and d1 == d2 == args.folders, "the two runs saw different things"
    print(f"--jobs 2 / --jobs 1 throughput: {w1 / w2:.2f}x (target >= 1.7)")


if __name__ == "__main__":
    main()
