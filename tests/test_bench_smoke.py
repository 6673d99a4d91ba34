"""The benchmark (bench/run.py) end to end on a tiny size: it generates its workbooks, runs every
measurement in child processes and prints the tables, ratios and targets. Not a measurement."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"


def test_bench_runs_on_a_tiny_size(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "200", "--repeat", "1", "--cold-runs", "1", "--no-frictionless",
         "--jobs-files", "2", "--jobs-rows", "50", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "frictionless: skipped (--no-frictionless)" in out
    for column in ("floor", "calamine", "openpyxl-ro", "check lib", "check CLI"):
        assert column in out
    ratios = re.search(r"^\s+200\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+-\s+([\d,]+)\s+([\d,]+)$",
                       out, re.MULTILINE)
    assert ratios, out
    assert float(ratios.group(1)) > 0 and int(ratios.group(7).replace(",", "")) > 0  # findings were reported
    assert re.search(r"--jobs 2 speed-up over --jobs 1: \d+\.\d+x", out)
    assert "CLI on 10 rows, cold" in out
    assert sorted(p.name for p in tmp_path.glob("renja_*.xlsx")) == ["renja_v1_10_10.xlsx", "renja_v1_200_200.xlsx"]
