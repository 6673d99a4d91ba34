"""Start-up benchmark: loading the FY2021 tables and `nomenklatur --help` from cold processes.

Prints each median as a ratio to a bare `python -c pass` measured in the same run.
Usage: python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

LOAD_FY2021 = (
    "import time; t=time.perf_counter(); from nomenklatur.tables import default_catalog; c=default_catalog(); "
    "t2=c.table('fy2021'); t2.find('2.13.02.2.01.01','kabkota'); t2.find('2.13.02.1.01','provinsi'); "
    "print((time.perf_counter()-t)*1000)"
)


def _median_wall(command: list[str], runs: int) -> tuple[float, list[str]]:
    times, outputs = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        times.append((time.perf_counter() - start) * 1000)
        outputs.append(done.stdout.strip())
    return statistics.median(times), outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    script = shutil.which("nomenklatur") or f"{sys.executable} -m nomenklatur"
    bare, _ = _median_wall([sys.executable, "-c", "pass"], runs)
    load_proc, outs = _median_wall([sys.executable, "-c", LOAD_FY2021], runs)
    in_process = statistics.median(float(o) for o in outs)
    help_proc, _ = _median_wall([*script.split(), "--help"], runs)
    print(f"runs per measurement: {runs} (median)")
    print(f"bare python -c pass            {bare:8.1f} ms   1.00x")
    print(f"FY2021 tables, cold process    {load_proc:8.1f} ms   {load_proc / bare:5.2f}x bare")
    print(f"FY2021 tables, import+load     {in_process:8.1f} ms   (target < 100 ms)")
    print(f"nomenklatur --help, cold       {help_proc:8.1f} ms   {help_proc / bare:5.2f}x bare   (target < 300 ms)")


if __name__ == "__main__":
    main()
