"""Findings workloads (issue 17): a workbook with a finding on every row against the same workbook without,
for the text and json reports, and the annotated xlsx copy against the check of the same file. Each row is a
FY2024 sub kegiatan with its official name at a village of Kutai Kartanegara; the "every row" twin writes its
pagu below zero (NK401 on each row). Ratios are measured in one run, one after another, on the same machine.

    python bench/temuan.py --sizes 30k,300k            # add 1M for the memory target (generation ~3 min)
    python bench/temuan.py --sizes 30k --annotated-max 30k --rounds 5

The annotated copy is measured in rounds, each a check (text) then the copy of the same file, one after the
other: the ratio printed is the median of the rounds' ratios, in wall time and in CPU time (the CLI and its
reading process; CPU time moves less when other jobs share the machine). The text and json reports are measured
the same way, a clean run then an every-row run per round (`--format-rounds`; one at 1M rows), the median ratio
printed. The peak RSS of a run is the CLI's plus each of its children's own peak (read from /proc while it
runs): a forked child (the reading process, the annotated copy's list) counts the pages it shares with the CLI
as its own too, and the peaks are added as if they came at once. For the annotated copy the CLI's own peak is
printed too: what the copy adds to the check's memory, apart from the forked child that shares its pages.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CLI_WRAPPER, OUT, _env, label, parse_size  # noqa: E402  (bench/run.py, beside this file)


def generate(path: Path, rows: int, every_row: bool) -> Path:
    """The workbook (cached in bench/out): code, official name, kode lokasi, pagu."""
    if path.is_file():
        return path
    import openpyxl

    from nomenklatur.tables import default_catalog

    catalog = default_catalog()
    codes = [e for e in catalog.table("fy2024").entries("kabkota") if e.kind == "sub_kegiatan"]
    wilayah = catalog.table(catalog.choose(2024, jenis="wilayah").table)
    villages = [e.code for e in wilayah.entries() if e.code.startswith("64.02.") and len(e.code) == 13][:200]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Renja")
    sheet.append(["RENJA KABUPATEN KUTAI KARTANEGARA TAHUN 2024"])
    sheet.append(["Kode", "Uraian", "Lokasi", "Pagu"])
    pagu = -1000 if every_row else 1000
    for n in range(rows):
        entry = codes[(n // len(villages)) % len(codes)]
        sheet.append([entry.code, entry.name, villages[n % len(villages)], pagu])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    book.save(tmp)
    tmp.replace(path)
    return path


def measure(args: list[str], out: Path) -> tuple[float, float, float, float]:
    """(wall seconds, peak RSS MB, CPU seconds, the CLI's own peak RSS MB) of one run of the CLI and its child
    processes; its report is discarded. The peak is the CLI's own (VmHWM) plus each child's own peak as last seen (its VmHWM, a high-water
    mark, read every 0.1 s by a thread: a scan of /proc takes ~3 ms of the machine's time): a child's ru_maxrss
    cannot be used, since Linux counts in it the RSS of the process it was forked from, at the fork, even for a
    child that then runs another program (the report's helper process). The wall time ends when the CLI is
    waited for, not at the next look at /proc."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    children: dict[int, float] = {}
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([sys.executable, "-c", CLI_WRAPPER, *args], stdout=subprocess.DEVNULL,
                                   stderr=errors, cwd=out, env=_env(out))
        done = threading.Event()

        def watch() -> None:
            while not done.wait(0.1):
                for pid, peak in _children_peaks(process.pid).items():
                    children[pid] = max(peak, children.get(pid, 0.0))

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        process.wait()
        wall = time.perf_counter() - start
        done.set()
        watcher.join()
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} exited {process.returncode}: {stderr[-2000:]}")
    own = float(stderr.rsplit("OWN_RSS_MB", 1)[1].split()[0])
    return wall, own + sum(children.values()), after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime, own


def _children_peaks(parent: int) -> dict[int, float]:
    """The peak RSS (VmHWM, MB) of each process whose parent is `parent`, from /proc."""
    peaks = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != parent:
                continue
            status = (stat.parent / "status").read_text()
            peaks[int(stat.parent.name)] = int(status.split("VmHWM:")[1].split()[0]) / 1024
        except (OSError, IndexError, ValueError):
            continue
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="30k,300k", help="rows per workbook, e.g. 30k,300k,1M")
    parser.add_argument("--annotated-max", default="300k", help="largest size the annotated copy is made of")
    parser.add_argument("--out", type=Path, default=OUT, help="where generated workbooks are cached")
    parser.add_argument("--rounds", type=int, default=3, help="check + copy pairs measured for the annotated copy")
    parser.add_argument("--format-rounds", type=int, default=3,
                        help="clean + every-row pairs per report format (one at 1M rows)")
    args = parser.parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    annotated_max = parse_size(args.annotated_max)
    print(f"{'rows':>6} {'report':8} {'clean s':>8} {'every row s':>11} {'ratio':>6} {'clean MB':>9} {'every row MB':>12}")
    lines = []
    for rows in sizes:
        clean = generate(args.out / f"temuan-bersih-{label(rows)}.xlsx", rows, False)
        dirty = generate(args.out / f"temuan-tiap-baris-{label(rows)}.xlsx", rows, True)
        for fmt in ("text", "json"):
            ratios, peaks = [], []
            for _ in range(args.format_rounds if rows < 1_000_000 else 1):
                a = measure(["check", str(clean), "--format", fmt], args.out)
                b = measure(["check", str(dirty), "--format", fmt], args.out)
                ratios.append(b[0] / a[0])
                peaks.append(b[1])
                print(f"{label(rows):>6} {fmt:8} {a[0]:8.2f} {b[0]:11.2f} {b[0] / a[0]:6.2f} {a[1]:9.0f} {b[1]:12.0f}")
            lines.append(f"{label(rows)} {fmt}: every row / clean {statistics.median(ratios):.2f}x (<= 2; "
                         f"{', '.join(f'{r:.2f}' for r in ratios)}), peak {max(peaks):.0f} MB")
        if rows <= annotated_max:
            walls, cpus, peaks = [], [], []
            for _ in range(args.rounds):
                check = measure(["check", str(dirty), "--format", "text"], args.out)
                with tempfile.TemporaryDirectory() as scratch:
                    copy = measure(["check", str(dirty), "--format", "xlsx", "-o", str(Path(scratch) / "k.xlsx")],
                                   args.out)
                walls.append(copy[0] / check[0])
                cpus.append(copy[2] / check[2])
                peaks.append((check[1], copy[1], check[3], copy[3]))
                print(f"{label(rows):>6} xlsx     check {check[0]:.2f} s ({check[2]:.2f} CPU), copy {copy[0]:.2f} s "
                      f"({copy[2]:.2f} CPU), {check[1]:.0f} / {copy[1]:.0f} MB (CLI alone {check[3]:.0f} / "
                      f"{copy[3]:.0f} MB)")
            lines.append(f"{label(rows)} annotated copy / check (text): {statistics.median(walls):.2f}x wall "
                         f"({', '.join(f'{r:.2f}' for r in walls)}), {statistics.median(cpus):.2f}x CPU (<= 1.5), "
                         f"peak {max(p[1] for p in peaks):.0f} MB (check {max(p[0] for p in peaks):.0f} MB; the CLI "
                         f"alone {max(p[3] for p in peaks):.0f} MB, check {max(p[2] for p in peaks):.0f} MB)")
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
