"""Check speed benchmark: nomenklatur check against the raw read (the floor) and against frictionless.

One command generates Renja-like workbooks (cached in bench/out/), then measures, in `--repeat` rounds of
one run of each (alternating, so a busy phase of a shared machine does not land on one kind only; check
`--pairs` times a round, each run between two floors), each run in a fresh process (median time, highest
peak RSS):

  floor         nomenklatur's own reader (`open_workbook`), touching every cell
  calamine      python-calamine `iter_rows()`, touching every cell (loads the whole sheet)
  openpyxl-ro   openpyxl read-only `iter_rows(values_only=True)` (capped by --openpyxl-max)
  check (lib)   `check_paths([file], options)` with options built as the CLI builds them; a sheet of
                4 MB XML or more is read by a second process (workbook/overlap.py), whose CPU
                and peak RSS are added to check's
  check (CLI)   `nomenklatur check FILE --tahun 2021` as a subprocess (wall time, start-up included)
  frictionless  `frictionless.validate` with a schema enforcing the same code list (enum) and a numeric
                pagu (capped by --frictionless-max; skipped when frictionless is not installed)

Times of the in-process rows exclude interpreter start-up and imports (those a check makes on first use too);
the CLI row is wall time. check / floor is the median over every check of its time over the mean of the
floors run just before and after it, and frictionless / check the median over the rounds of their ratio in
that round: the machine's speed drifts by tens of percent within seconds, and a ratio must not pair a fast
moment with a slow one.
Then: the CLI on a 10-row file from a cold process, and `--jobs 1` vs `--jobs 2` over many mid-size files.

Usage: python bench/run.py [--sizes 10k,100k,1M] [--repeat 3] [--pairs 3] [--no-frictionless]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
LAYOUT = "v1"  # bump when the generated layout changes, so cached files are rebuilt
TITLE = ("RENCANA KERJA PERANGKAT DAERAH (RENJA)", "KABUPATEN KUTAI KARTANEGARA", "TAHUN ANGGARAN 2021")
HEADER = ("Kode Sub Kegiatan", "Nama Sub Kegiatan", "Pagu", "Lokasi", "Kode Lokasi", "Perangkat Daerah")
HEADER_ROW = len(TITLE) + 2  # title rows, one blank row, then the header
REGION = "64.02"  # Kutai Kartanegara, East Kalimantan
TAHUN = "2021"
MIB = 1024 * 1024

# Targets of issue 6.
TARGET_CHECK_FLOOR = 1.3  # check / floor at 100k rows, at most
TARGET_FRICTIONLESS = 10.0  # frictionless / check at 100k rows, at least
TARGET_RSS_1M = 300.0  # MB, check at 1M rows
TARGET_COLD = 0.5  # s, the CLI on a 10-row file


# ---------------------------------------------------------------- generating workbooks


def parse_size(text: str) -> int:
    """`200`, `10k`, `1M` -> rows."""
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def label(rows: int) -> str:
    if rows >= 1_000_000 and rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows >= 1_000 and rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


class Pools:
    """What generated rows are drawn from: the real FY2021 kabupaten/kota codes and East Kalimantan places."""

    def __init__(self) -> None:
        from nomenklatur.tables import default_catalog

        catalog = default_catalog()
        table = catalog.table("fy2021")
        self.bidang = {e.code: e.name for e in table.entries("kabkota") if e.kind == "bidang"}
        self.subs: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.support: list[tuple[str, str]] = []  # X.XX.01... codes, instanced with the OPD's bidang
        for e in table.entries("kabkota"):
            if e.kind == "sub_kegiatan":
                (self.support if e.code.startswith("X.XX") else self.subs[e.code[:4]]).append((e.code, e.name))
        self.bidang_codes = sorted(b for b in self.subs if b in self.bidang)
        self.provinsi = [(e.code, e.name) for e in table.entries("provinsi")
                         if e.kind == "sub_kegiatan" and not e.code.startswith("X")]
        self.outdated = [(e.code, e.name) for e in catalog.table("p90-2019").entries("kabkota")
                         if e.kind == "sub_kegiatan" and not e.code.startswith("X")
                         and table.find(e.code, "kabkota") is None]
        wilayah = catalog.table("wilayah-2020")
        kecamatan = {e.code: e.name for e in wilayah.entries("") if e.kind == "kecamatan"}
        self.home: list[tuple[str, str]] = []  # (kode wilayah, lokasi text) inside Kutai Kartanegara
        self.home_desa: list[tuple[str, str]] = []
        self.away: list[tuple[str, str]] = []  # elsewhere in East Kalimantan
        for e in wilayah.entries(""):
            if e.kind in ("desa", "kelurahan") and e.code.startswith("64."):
                place = (e.code, f"Kec. {kecamatan.get(e.code[:8], '')}, {e.kind.title()} {e.name}")
                if e.code.startswith(REGION + "."):
                    self.home.append(place)
                    if e.kind == "desa":
                        self.home_desa.append(place)
                else:
                    self.away.append(place)

    def enum(self) -> list[str]:
        """Every sub kegiatan code valid in a kabupaten/kota file of FY2021, as an OPD writes it."""
        codes = [c for b in self.bidang_codes for c, _ in self.subs[b]]
        codes += [b + c[4:] for b in self.bidang_codes for c, _ in self.support]
        return sorted(set(codes))


def _mutate(rng: random.Random, pools: Pools, code: str, name: str, block: list[tuple[str, str]]) -> tuple[str, str]:
    """About 5% invalid codes, 2% wrong names, 0.5% duplicates, 0.5% codes needing repair."""
    r = rng.random()
    if r < 0.05:
        kind = rng.random()
        if kind < 0.55:  # unknown sub kegiatan number
            return code.rsplit(".", 1)[0] + f".{rng.randint(90, 99)}", name
        if kind < 0.70:  # unreadable
            parts = code.split(".")
            parts[2] = "AB"
            return ".".join(parts), name
        if kind < 0.85:  # a provincial sub kegiatan in a kabupaten file
            return rng.choice(pools.provinsi)
        return rng.choice(pools.outdated) if pools.outdated else (code[:-2] + "98", name)
    if r < 0.07:
        words = name.split()
        fix = rng.random()
        if fix < 0.4 and len(words) > 2:  # a word left out
            del words[rng.randrange(1, len(words))]
            return code, " ".join(words)
        if fix < 0.7:  # a word changed
            return code, name.replace("Penyediaan", "Pengadaan", 1) if "Penyediaan" in name else name + " Lainnya"
        return code, rng.choice(block)[1] if block else name + " Tahap II"  # another code's name
    if r < 0.075 and block:
        return rng.choice(block)  # the same sub kegiatan twice for one OPD
    if r < 0.08:
        return rng.choice(("'", " ")) + code, name
    return code, name


def generate(path: Path, rows: int, seed: int, pools: Pools) -> None:
    """A Renja-like xlsx: title rows, a header, then OPD blocks of sub kegiatan rows of the OPD's bidang."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Renja")
    for line in TITLE:
        sheet.append([line])
    sheet.append([])
    sheet.append(list(HEADER))
    written, opd_number = 0, 0
    while written < rows:
        bidang = rng.choice(pools.bidang_codes)
        opd_number += 1
        opd = f"{pools.bidang[bidang].replace('URUSAN PEMERINTAHAN BIDANG ', 'Dinas ').title()} {opd_number:05d}"
        chosen = list(pools.subs[bidang]) + [(bidang + c[4:], n) for c, n in rng.sample(pools.support, 12)]
        rng.shuffle(chosen)
        block: list[tuple[str, str]] = []
        for code, name in chosen:
            if written >= rows:
                break
            shown_code, shown_name = _mutate(rng, pools, code, name, block)
            block.append((code, name))
            places = pools.home_desa if code.startswith("2.13") else pools.home
            p = rng.random()
            wilayah, lokasi = rng.choice(pools.away) if p < 0.02 else rng.choice(places)
            if p > 0.99:
                lokasi = None
            q = rng.random()
            pagu: object = rng.randrange(10_000, 5_000_000) * 1_000
            if q < 0.005:
                pagu = f"Rp {pagu:,}".replace(",", ".")  # valid for nomenklatur, text for frictionless
            elif q < 0.007:
                pagu = "belum ada"
            sheet.append([shown_code, shown_name, pagu, lokasi, wilayah, opd])
            written += 1
    tmp = path.with_suffix(".tmp")
    book.save(tmp)
    tmp.replace(path)


def workbook(rows: int, pools: Pools | None, out: Path, seed: int | None = None, quiet: bool = False) -> Path:
    """The cached workbook of this size (generated on first use)."""
    seed = rows if seed is None else seed
    path = out / f"renja_{LAYOUT}_{label(rows)}_{seed}.xlsx"
    if not path.exists():
        start = time.perf_counter()
        generate(path, rows, seed, pools or Pools())
        if not quiet:
            print(f"  generated {path.name} in {time.perf_counter() - start:.1f} s", flush=True)
    return path


# ---------------------------------------------------------------- what runs in a child process


def _child_floor(path: str) -> int:
    from nomenklatur.workbook import open_workbook

    cells = 0
    with open_workbook(path) as book:
        for sheet in book.sheets():
            for _, values in sheet.rows:
                for _ in values:
                    cells += 1
    return cells


def _child_calamine(path: str) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for values in CalamineWorkbook.from_path(path).get_sheet_by_index(0).iter_rows():
        for _ in values:
            cells += 1
    return cells


def _child_openpyxl(path: str) -> int:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for values in book.worksheets[0].iter_rows(values_only=True):
        for _ in values:
            cells += 1
    book.close()
    return cells


def check_options():
    """CheckOptions as `nomenklatur check --tahun 2021` builds them (no user config file)."""
    from nomenklatur.config import effective_rules, load_profile, load_user_config
    from nomenklatur.engine import CheckOptions

    config = load_user_config(None)
    profile = load_profile("default")
    severities, params = effective_rules(profile, config, [], [])
    return CheckOptions(tahun=int(TAHUN), severities=severities, params=params, tingkat=profile.tingkat,
                        headers=config.headers)


def _child_check(path: str) -> int:
    from nomenklatur.engine import check_paths

    run = check_paths([path], check_options())
    result = run.files[0]
    if not result.readable:
        raise SystemExit(f"unreadable: {result.findings}")
    return len(result.findings)


def _child_frictionless(path: str) -> int:
    from frictionless import Dialect, Resource, Schema, fields

    enum = json.loads((Path(path).parent / "enum.json").read_text())
    schema = Schema(fields=[
        fields.StringField(name=HEADER[0], constraints={"required": True, "enum": enum}),
        fields.StringField(name=HEADER[1]),
        fields.NumberField(name=HEADER[2], constraints={"minimum": 0}),
        fields.StringField(name=HEADER[3]),
        fields.StringField(name=HEADER[4]),
        fields.StringField(name=HEADER[5]),
    ])
    where = Path(path)  # frictionless refuses absolute paths unless given a base path
    resource = Resource(where.name, basepath=str(where.parent), schema=schema,
                        dialect=Dialect(header_rows=[HEADER_ROW]))
    report = resource.validate(limit_errors=10 ** 9)  # the default stops at 1000 errors
    task = report.tasks[0]
    if task.stats.get("rows", 0) == 0:
        raise SystemExit(f"frictionless read no rows: {report.flatten(['type', 'note'])[:3]}")
    return len(task.errors)


CHILDREN = {"floor": _child_floor, "calamine": _child_calamine, "openpyxl-ro": _child_openpyxl,
            "check": _child_check, "frictionless": _child_frictionless}


# Imported before the clock starts: the measured code, and what a check imports on first use (its config
# loader, the reading process's pipe, the fuzzy matcher of suggestions), so that no row pays for imports.
PRELOAD = {"floor": ("nomenklatur.workbook",), "calamine": ("python_calamine",), "openpyxl-ro": ("openpyxl",),
           "check": ("nomenklatur.engine", "nomenklatur.config", "multiprocessing.connection",
                     "multiprocessing.popen_fork", "rapidfuzz.process", "rapidfuzz.fuzz"),
           "frictionless": ("frictionless",)}


def child_main(kind: str, path: str) -> None:
    """Run one measurement in this (fresh) process and print {seconds, cpu, count, rss_mb} as JSON.

    Its modules are imported before the clock starts; loading the code tables is part of the check.
    """
    import importlib

    import resource

    for module in PRELOAD[kind]:
        importlib.import_module(module)
    start, cpu = time.perf_counter(), time.process_time()
    count = CHILDREN[kind](path)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    # check reads a big sheet in a second process (nomenklatur/workbook/overlap.py): its CPU counts, and
    # its peak RSS is added to ours (an upper bound: pages shared since the fork are counted twice)
    reader = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "cpu": cpu + reader.ru_utime + reader.ru_stime, "count": count,
                      "rss_mb": peak_rss_mb() + reader.ru_maxrss / 1024, "reader_rss_mb": reader.ru_maxrss / 1024}))


# ---------------------------------------------------------------- measuring from the parent


def _env(out: Path) -> dict[str, str]:
    """Children see no user tables, so every machine checks against the shipped ones."""
    return {**os.environ, "NOMENKLATUR_DATA": str(out / "no-user-tables"), "PYTHONDONTWRITEBYTECODE": "1"}


def _spawn(command: list[str], out: Path, capture: bool = True, ok: tuple[int, ...] = (0,)) -> tuple[float, str, str]:
    """(wall seconds, stdout, stderr) of one child process run in `out`."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=errors,
                              cwd=out, env=_env(out))
        wall = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {stderr[-2000:]}")
    return wall, (done.stdout or b"").decode(errors="replace"), stderr


def peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM (a child's ru_maxrss would include the parent's RSS at fork)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# The CLI's own entry point in a fresh interpreter, reporting its peak RSS on stderr as it exits.
CLI_WRAPPER = (
    "import atexit, sys\n"
    f"sys.path.insert(0, {str(BENCH)!r})\n"
    "from run import peak_rss_mb\n"
    "import resource\n"
    "reader = lambda: resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "atexit.register(lambda: print(f'PEAK_RSS_MB {peak_rss_mb() + reader():.1f} OWN_RSS_MB {peak_rss_mb():.1f}', "
    "file=sys.stderr))\n"
    "sys.path.pop(0)\n"
    "from nomenklatur.cli import main\n"
    "sys.argv[0] = 'nomenklatur'\n"
    "main()\n"
)


def cli_command() -> list[str]:
    """The installed console script, as pre-commit would run it."""
    script = Path(sys.executable).parent / "nomenklatur"
    return [str(script)] if script.exists() else [sys.executable, "-m", "nomenklatur"]


class Measure:
    """Median seconds (wall, and CPU where the child reports it) and highest peak RSS over repeats."""

    def __init__(self, seconds: list[float], rss: list[float], count: int | None = None,
                 cpu: list[float] | None = None) -> None:
        self.runs = list(seconds)
        self.seconds = statistics.median(seconds)
        self.cpu = statistics.median(cpu) if cpu else None
        self.rss = max(rss) if rss else float("nan")
        self.count = count
        self.ratios: list[float] = []  # check only: each run over the floors measured around it
        self.rounds: list[float] = []  # check only: the median of each round


def measure_child(kind: str, path: Path, repeat: int, out: Path) -> Measure:
    """A measurement run in fresh processes: the time the child reports (after imports), its peak RSS."""
    seconds, cpu, rss, count = [], [], [], None
    for _ in range(repeat):
        _, stdout, _ = _spawn([sys.executable, str(Path(__file__).resolve()), "--child", kind, str(path)], out)
        data = json.loads(stdout.strip().splitlines()[-1])
        seconds.append(data["seconds"])
        cpu.append(data["cpu"])
        rss.append(data["rss_mb"])
        count = data["count"]
    return Measure(seconds, rss, count, cpu)


def measure_rounds(kinds: list[str], path: Path, repeat: int, out: Path, pairs: int = 1) -> dict[str, Measure]:
    """Every kind in every round, `repeat` rounds: on a shared machine each kind then meets the same phases
    of the other jobs' load (measuring one kind `repeat` times, then the next, let a busy minute land on
    one kind only and skew the ratios). "cli" is `nomenklatur check` as a process.

    floor and check run as floor, check, floor, ... with `pairs` checks a round, and each check is compared
    with the mean of the floors just before and after it (`Measure.ratios`): the machine's speed drifts
    within seconds, and a floor on one side only pairs a check with a different moment."""
    seconds: dict[str, list[float]] = {k: [] for k in kinds}
    cpu: dict[str, list[float]] = {k: [] for k in kinds}
    rss: dict[str, list[float]] = {k: [] for k in kinds}
    count: dict[str, int | None] = {k: None for k in kinds}
    ratios: list[float] = []  # check / mean of the floors around it
    round_checks: list[float] = []  # each round's median check, for frictionless / check

    def run(kind: str) -> float:
        one = measure_child(kind, path, 1, out)
        seconds[kind].append(one.seconds)
        cpu[kind].append(one.cpu or 0.0)
        rss[kind].append(one.rss)
        count[kind] = one.count
        return one.seconds

    for _ in range(repeat):
        for kind in kinds:
            if kind == "cli":
                one = measure_cli(["check", str(path), "--tahun", TAHUN], 1, out)
                seconds[kind].append(one.seconds)
                rss[kind].append(one.rss)
            elif kind == "floor" and "check" in kinds:
                floors, checks = [run("floor")], []
                for _ in range(pairs):
                    checks.append(run("check"))
                    floors.append(run("floor"))
                ratios += [c / ((a + b) / 2) for c, a, b in zip(checks, floors, floors[1:])]
                round_checks.append(statistics.median(checks))
            elif kind != "check":
                run(kind)
    measures = {k: Measure(seconds[k], rss[k], count[k], cpu[k] or None) for k in kinds}
    if "check" in measures:
        measures["check"].ratios, measures["check"].rounds = ratios, round_checks
    return measures


def measure_cli(args: list[str], repeat: int, out: Path, wrapped: bool = True) -> Measure:
    """Wall time of the CLI from a cold process (its report goes to /dev/null), and its peak RSS.

    `wrapped` runs the CLI's entry point through CLI_WRAPPER to learn its peak RSS; otherwise the console
    script itself runs (time only).
    """
    command = [sys.executable, "-c", CLI_WRAPPER] if wrapped else cli_command()
    seconds, rss = [], []
    for _ in range(repeat):
        wall, _, stderr = _spawn([*command, *args], out, capture=False, ok=(0, 1))
        seconds.append(wall)
        if wrapped:
            rss.append(float(stderr.rsplit("PEAK_RSS_MB", 1)[1].split()[0]))
    return Measure(seconds, rss)


def frictionless_available() -> bool:
    try:
        import frictionless  # noqa: F401
    except ImportError:
        return False
    return True


# ---------------------------------------------------------------- the run


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else "?"
    mem = ""
    if Path("/proc/meminfo").exists():
        total = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {total / 1024 / 1024:.1f} GiB RAM"
    return f"{cpu}, {os.cpu_count()} CPUs{mem}, Python {platform.python_version()}, {platform.system()}"


def load() -> str:
    """The 1/5/15-minute load average: the machine may be shared, which makes single runs vary."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("OK" if ok else "MISSED")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1M", help="rows per workbook, e.g. 10k,100k,1M")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is shown)")
    parser.add_argument("--pairs", type=int, default=3,
                        help="checks a round, each between two floors (check/floor is the median over all)")
    parser.add_argument("--repeat-large", type=int, default=1,
                        help="runs per measurement for sizes above 100k rows (they take minutes each)")
    parser.add_argument("--cold-runs", type=int, default=7, help="runs of the CLI on the 10-row file")
    parser.add_argument("--no-frictionless", action="store_true", help="skip the frictionless column")
    parser.add_argument("--frictionless-max", default="100k", help="largest size frictionless is run on")
    parser.add_argument("--openpyxl-max", default="100k", help="largest size openpyxl read-only is run on")
    parser.add_argument("--jobs-files", type=int, default=50, help="files for the --jobs comparison (0: skip)")
    parser.add_argument("--jobs-rows", default="5k", help="rows per file for the --jobs comparison")
    parser.add_argument("--out", type=Path, default=OUT, help="where generated workbooks are cached")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pairs < 1 or args.repeat < 1:
        parser.error("--repeat and --pairs must be at least 1 (check/floor needs a check between two floors)")
    if args.child:
        child_main(*args.child)
        return

    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    fl_max, op_max = parse_size(args.frictionless_max), parse_size(args.openpyxl_max)
    use_frictionless = not args.no_frictionless and frictionless_available()
    print(f"nomenklatur check benchmark, {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"machine: {machine()}; load average at start: {load()}")
    print(f"command: python bench/run.py {' '.join(sys.argv[1:])}")
    print(f"rounds: {args.repeat}, above 100k rows {args.repeat_large}; in each, every measurement once, but check "
          f"{args.pairs} times, each between two floors (median time; peak RSS is the highest of the runs)")
    if args.no_frictionless:
        print("frictionless: skipped (--no-frictionless)")
    elif not use_frictionless:
        print("frictionless: SKIPPED, not installed (pip install 'frictionless[excel]')")
    else:
        import frictionless

        print(f"frictionless {frictionless.__version__}: run up to {label(fl_max)} rows (--frictionless-max)")
    print(f"openpyxl read-only: run up to {label(op_max)} rows (--openpyxl-max)\n", flush=True)

    package = compile_package()
    print(f"bytecode of {package} compiled first, as `pip install` does (an editable install has none, and "
          "the children run with PYTHONDONTWRITEBYTECODE)\n", flush=True)
    pools = Pools()
    (out / "enum.json").write_text(json.dumps(pools.enum()))
    paths = {rows: workbook(rows, pools, out) for rows in sizes}
    results: dict[int, dict[str, Measure]] = {}
    for rows in sizes:
        path = paths[rows]
        print(f"{label(rows)} rows: {path.name}, {path.stat().st_size / MIB:.1f} MiB", flush=True)
        repeat = args.repeat if rows <= 100_000 else args.repeat_large
        # floor, check and frictionless next to each other in every round (`measure_rounds`)
        kinds = ["floor", "check"] + (["frictionless"] if use_frictionless and rows <= fl_max else []) \
            + ["calamine"] + (["openpyxl-ro"] if rows <= op_max else []) + ["cli"]
        row = measure_rounds(kinds, path, repeat, out, args.pairs)
        for kind in kinds:
            name = {"cli": "check (CLI)"}.get(kind, kind)
            errors = f"  ({row[kind].count} errors)" if kind == "frictionless" else ""
            print(f"  {name:<13}{row[kind].seconds:8.2f} s {row[kind].rss:8.0f} MB{errors}", flush=True)
        results[rows] = row

    small = workbook(10, pools, out)
    cold = measure_cli(["check", str(small), "--tahun", TAHUN], args.cold_runs, out, wrapped=False)
    jobs = None
    if args.jobs_files > 0:
        jobs_rows = parse_size(args.jobs_rows)
        folder = out / f"jobs_{LAYOUT}_{args.jobs_files}x{label(jobs_rows)}"
        folder.mkdir(exist_ok=True)
        for i in range(args.jobs_files):
            target = folder / f"renja_{i:03d}.xlsx"
            if not target.exists():
                workbook(jobs_rows, pools, out, seed=1000 + i, quiet=True).replace(target)
        one = measure_cli(["check", str(folder), "--tahun", TAHUN, "--jobs", "1"], args.repeat, out)
        two = measure_cli(["check", str(folder), "--tahun", TAHUN, "--jobs", "2"], args.repeat, out)
        jobs = (args.jobs_files, jobs_rows, one, two)
    report(results, cold, jobs, use_frictionless)


def compile_package() -> Path:
    """Write the package's .pyc files, so a cold start reads bytecode instead of compiling the sources."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("nomenklatur")
    folder = Path(next(iter(spec.submodule_search_locations)))  # type: ignore[union-attr, arg-type]
    compileall.compile_dir(folder, quiet=1)
    return folder


def check_floor(row: dict[str, Measure]) -> float:
    """check / floor: the median over every check of its time / the mean of the floors just before and
    after it (see `measure_rounds`)."""
    return statistics.median(row["check"].ratios)


def frictionless_check(row: dict[str, Measure]) -> float:
    """frictionless / check: the median over the rounds of frictionless / that round's check."""
    return statistics.median(f / c for f, c in zip(row["frictionless"].runs, row["check"].rounds))


def spread(values: list[float]) -> str:
    """The lowest, the quartiles and the highest of some ratios."""
    if len(values) < 4:
        return ", ".join(f"{v:.2f}" for v in values)
    q1, q2, q3 = statistics.quantiles(values, n=4)
    return f"n={len(values)}: lowest {min(values):.2f}, quartiles {q1:.2f} / {q2:.2f} / {q3:.2f}, highest {max(values):.2f}"


def cpu_ratio(row: dict[str, Measure]) -> str:
    """check / floor in CPU seconds: steadier than wall time when other jobs share the cores."""
    check, floor = row["check"].cpu, row["floor"].cpu
    return f"{check / floor:.2f}" if check and floor else "-"


def report(results: dict[int, dict[str, Measure]], cold: Measure, jobs, use_frictionless: bool) -> None:
    """The tables, ratios and targets of one run."""
    cols = ["floor", "calamine", "openpyxl-ro", "check", "cli", "frictionless"]
    names = {"floor": "floor", "calamine": "calamine", "openpyxl-ro": "openpyxl-ro", "check": "check lib",
             "cli": "check CLI", "frictionless": "frictionless"}
    print(f"\nload average at the end: {load()}")
    print("\nseconds (median)")
    print(f"{'rows':>6} " + "".join(f"{names[c]:>14}" for c in cols))
    for rows, row in results.items():
        print(f"{label(rows):>6} " + "".join(f"{row[c].seconds:>14.2f}" if c in row else f"{'-':>14}" for c in cols))
    print("\npeak RSS, MB (whole process)")
    print(f"{'rows':>6} " + "".join(f"{names[c]:>14}" for c in cols))
    for rows, row in results.items():
        print(f"{label(rows):>6} " + "".join(f"{row[c].rss:>14.0f}" if c in row else f"{'-':>14}" for c in cols))
    print("\nratios (check/floor: median over the checks, each over the floors just before and after it;"
          " frictionless/check: median over the rounds)")
    print(f"{'rows':>6} {'check/floor':>12} {'(CPU)':>6} {'CLI/floor':>10} {'calamine/floor':>15} {'openpyxl/floor':>15}"
          f" {'frictionless/check':>19} {'rows/s check':>13} {'findings':>9}")
    for rows, row in results.items():
        floor, check = row["floor"].seconds, row["check"].seconds
        op = f"{row['openpyxl-ro'].seconds / floor:15.2f}" if "openpyxl-ro" in row else f"{'-':>15}"
        fr = f"{frictionless_check(row):19.1f}" if "frictionless" in row else f"{'-':>19}"
        print(f"{label(rows):>6} {check_floor(row):12.2f} {cpu_ratio(row):>6} {row['cli'].seconds / floor:10.2f}"
              f" {row['calamine'].seconds / floor:15.2f} {op} {fr} {rows / check:13,.0f} {row['check'].count:9,}")
    print(f"\nCLI (console script) on a 10-row file, cold process: {cold.seconds:.3f} s (median)")
    if jobs:
        files, rows, one, two = jobs
        print(f"--jobs over {files} files of {label(rows)} rows ({os.cpu_count()} CPUs): --jobs 1 {one.seconds:.2f} s,"
              f" --jobs 2 {two.seconds:.2f} s, speed-up {one.seconds / two.seconds:.2f}x")

    print("\ntargets")
    at100 = results.get(100_000)
    ratio = check_floor(at100) if at100 else None
    print(f"  check <= {TARGET_CHECK_FLOOR}x floor at 100k rows: "
          + (f"{ratio:.2f}x (each check over its floors, {spread(at100['check'].ratios)};"
             f" ratio of the medians {at100['check'].seconds / at100['floor'].seconds:.2f}x; CPU time {cpu_ratio(at100)}x)"
             f"  {verdict(ratio <= TARGET_CHECK_FLOOR)}" if at100 else "n/a (no 100k size)"))
    fr = [(rows, frictionless_check(row)) for rows, row in results.items() if "frictionless" in row]
    if at100 and "frictionless" in at100:
        # judged at 100k rows, the size the frictionless figure (~50 s) is for; smaller sizes are shown,
        # where check's fixed start-up (tables, imports: ~0.25 s) weighs against a few thousand rows
        ratio = frictionless_check(at100)
        others = ", ".join(f"{label(rows)} {r:.1f}x" for rows, r in fr if rows != 100_000)
        print(f"  frictionless/check >= {TARGET_FRICTIONLESS:g} at 100k rows: {ratio:.1f}x"
              + (f" (also measured: {others})" if others else "") + f"  {verdict(ratio >= TARGET_FRICTIONLESS)}")
    else:
        print(f"  frictionless/check >= {TARGET_FRICTIONLESS:g} at 100k rows: n/a ("
              + ("no 100k size up to --frictionless-max)" if use_frictionless else "frictionless not run)"))
    big = results.get(1_000_000)
    rss = [f"{label(rows)} {row['check'].rss:.0f} MB" for rows, row in results.items()]
    print(f"  peak RSS of check (lib): {', '.join(rss)}; 1M rows <= {TARGET_RSS_1M:g} MB: "
          + (f"{verdict(big['check'].rss <= TARGET_RSS_1M)} (CLI {big['cli'].rss:.0f} MB)" if big else "n/a (no 1M size)"))
    print(f"  CLI on 10 rows, cold < {TARGET_COLD} s: {cold.seconds:.3f} s  {verdict(cold.seconds < TARGET_COLD)}")
    if jobs:
        print(f"  --jobs 2 speed-up over --jobs 1: {jobs[2].seconds / jobs[3].seconds:.2f}x")


if __name__ == "__main__":
    main()
