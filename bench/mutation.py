"""Mutation testing of the modules that decide what is wrong, with cosmic-ray (`pip install '.[mutation]'`).

Each module is mutated in its own git worktree of HEAD (the checkout is never touched), one mutant at a time.
A first run of the module's tests under coverage maps each line to the tests that execute it; a mutant runs
only the tests of the lines it changed, fastest first, `-x` (bench/mutation_select.py; a line no test is seen
to run runs them all). The CLI that the tests start is the worktree's (PYTHONPATH), and the mutants' runs
write no bytecode (a mutant of the same size and second would otherwise be run as a cached one). Sessions
are kept in bench/out/mutation/ per module and source: a run stopped by --minutes goes on where it stopped,
and --again runs the survivors again after new tests (MUTATION_SESSION=path runs a copy of a session instead,
e.g. half of its pending mutants in a second process). Mutants listed in bench/mutation_equivalent.txt, each
with the reason it cannot change behaviour, do not count. Prints per module: mutants, killed, survived,
equivalent, skipped, and the score killed / (killed + survived), then every survivor.

    python bench/mutation.py                          # every module below, 2 at a time
    python bench/mutation.py --module checks/hierarchy.py --minutes 20
    python bench/mutation.py --module checks/codes.py --again    # the survivors again, after new tests

Where the module's tests pass on the unmutated code with the CLI called in the tests' own process
(NOMENKLATUR_TEST_CLI_IN_PROCESS, tests/conftest.py), the mutants run that way: a mutant's tests take seconds
instead of a minute of CLI start-ups. The table says which way each module ran.

Not part of .ci/run: a module takes minutes to an hour on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = Path(__file__).with_name("mutation_equivalent.txt")
REFERENCE = ROOT.parent / "shared" / "reference"
SESSIONS = ROOT / "bench" / "out" / "mutation"

# module (under nomenklatur/) -> the pytest arguments that select the tests judging it (few: a mutant that
# survives runs all of them; `-k` picks a rule's documented examples and the samples)
MODULES: dict[str, list[str]] = {
    "checks/codes.py": ["tests/test_rule_examples.py", "tests/test_samples.py", "tests/test_tahun.py",
                        "tests/test_check.py", "-k", "NK20 or sample or predecessor or year or every_rule_that_judges or "
                        "another_code"],
    "checks/format.py": ["tests/test_rule_examples.py", "tests/test_samples.py", "tests/test_format_rules.py",
                         "-k", "NK10 or sample or format_rules or every_rule_that_judges"],
    "checks/hierarchy.py": ["tests/test_rule_examples.py", "tests/test_samples.py", "tests/test_first_use.py",
                            "tests/test_hierarchy_rules.py",
                            "-k", "NK30 or sample or expected_is or every_rule_that_judges or hierarchy_rules"],
    "checks/amounts.py": ["tests/test_rule_examples.py", "tests/test_samples.py", "tests/test_totals.py",
                          "tests/test_check.py", "-k", "NK40 or sample or total or rupiah or every_rule_that_judges"],
    "checks/akun.py": ["tests/test_akun.py", "tests/test_rule_examples.py", "tests/test_check.py", "tests/test_tahun.py",
                       "tests/test_real_documents.py", "-k", "NK50 or akun or account or shows_no_year or "
                       "fy2026_codes_observed or every_rule_that_judges or real_document"],
    "checks/wilayah.py": ["tests/test_rule_examples.py", "tests/test_wilayah.py", "tests/test_check.py",
                          "tests/test_samples.py", "-k", "NK60 or sample or wilayah or place_repeated or "
                          "flat_proposal or every_rule_that_judges"],
    "checks/dana.py": ["tests/test_rule_examples.py", "tests/test_sumber_dana.py",
                       "-k", "NK502 or sumber_dana or every_rule_that_judges"],
    "kode.py": ["tests/test_kode.py", "tests/test_kode_properties.py", "tests/test_format_rules.py",
                "tests/test_rule_examples.py", "-k", "test_kode or format_rules or NK10"],
    "workbook/header.py": ["tests/test_workbook_header.py", "tests/test_header_edges.py", "tests/test_map_stage.py", "tests/test_samples.py"],
    "workbook/kolom.py": ["tests/test_kolom.py", "tests/test_kolom_edges.py", "tests/test_workbook_header.py", "tests/test_map_stage.py",
                          "tests/test_samples.py"],
    "baris.py": ["tests/test_baris_roles.py", "tests/test_baris_edges.py", "tests/test_map_stage.py", "tests/test_samples.py", "tests/test_totals.py",
                 "tests/test_kolom.py",
                 "tests/test_check.py", "tests/test_akun.py", "tests/test_hierarchy_rules.py", "tests/test_wilayah.py",
                 "tests/test_real_documents.py"],
    "susunan.py": ["tests/test_susunan.py", "tests/test_totals.py", "tests/test_rule_examples.py",
                   "tests/test_hierarchy_rules.py", "tests/test_samples.py",
                   "-k", "NK301 or NK402 or susunan or total or hierarchy_rules or sample"],
    "sync.py": ["tests/test_sync.py"],
    "temuan.py": ["tests/test_temuan.py", "tests/test_berdua.py", "tests/test_report_stream.py"],
    "reports/berdua.py": ["tests/test_berdua.py", "tests/test_temuan.py", "tests/test_check.py", "-k",
                          "berdua or helper or long_report or more_findings_than_are_held or written or folder_named"],
    "reports/xlsx.py": ["tests/test_reports_xlsx.py", "tests/test_reports_xlsx_package.py",
                        "tests/test_reports_xlsx_forked.py"],
    "reports/tanda.py": ["tests/test_reports_xlsx_package.py", "tests/test_reports_xlsx.py", "tests/test_tanda_scan.py",
                         "tests/test_reports_xlsx_forked.py"],
}
# The operators are PIT's default set (pitest.org "DEFAULTS"), as cosmic-ray names them: a comparison's boundary
# (< <=, > >=) and negation (== !=, < >=, > <=), arithmetic swapped with its inverse (+ -, * /), a minus sign
# dropped, and cosmic-ray's and/or, not, True/False, break/continue, empty loop and exception operators. Left
# out: comparisons to any other operator (== to <, ...: for strings and small sets of values they are mostly
# equivalent), arithmetic to an unrelated operator (+ to *, >>, ...), and constants changed by one
# (NumberReplacer; PIT's optional "inline constants"): a threshold's edge is tested by the boundary mutants.
EXCLUDED_OPERATORS = [
    r"core/ReplaceBinaryOperator_\w+_(Pow|RShift|LShift|BitOr|BitAnd|BitXor|FloorDiv|Mod)$",
    r"core/ReplaceBinaryOperator_(Pow|RShift|LShift|BitOr|BitAnd|BitXor|FloorDiv|Mod)_\w+$",
    r"core/ReplaceBinaryOperator_(Add_Mul|Add_Div|Sub_Mul|Sub_Div|Mul_Add|Mul_Sub|Div_Add|Div_Sub)$",
    r"core/ReplaceComparisonOperator_\w+_(Is|IsNot)$",
    r"core/ReplaceComparisonOperator_(Is|IsNot)_(Eq|NotEq|Lt|LtE|Gt|GtE)$",
    r"core/ReplaceComparisonOperator_(Eq_(Lt|LtE|Gt|GtE)|NotEq_(Lt|LtE|Gt|GtE))$",
    r"core/ReplaceComparisonOperator_(Lt_(Eq|NotEq|Gt)|LtE_(Eq|NotEq|GtE)|Gt_(Eq|NotEq|Lt)|GtE_(Eq|NotEq|LtE))$",
    r"core/ReplaceUnaryOperator_USub_(UAdd|Invert|Not)$",
    r"core/NumberReplacer", r"core/VariableInserter", r"core/VariableReplacer", r"core/RemoveDecorator",
]
LEFT_OUT = re.compile("|".join(f"(?:{e})" for e in EXCLUDED_OPERATORS))


@dataclass
class Outcome:
    """What the mutants of one module did."""

    module: str
    total: int = 0
    killed: int = 0
    survived: list[str] = field(default_factory=list)
    equivalent: int = 0
    skipped: int = 0  # filtered operators, or not run within the time allowed
    timed_out: int = 0
    seconds: float = 0.0
    in_process: bool = False  # the tests called the CLI in their own process
    ran: bool = True  # False: figures read from the kept session only (--report)

    @property
    def score(self) -> float | None:
        judged = self.killed + len(self.survived)
        return None if judged == 0 else self.killed / judged


def equivalents() -> dict[str, str]:
    """`module:line:col operator` -> why that mutant cannot change behaviour."""
    known: dict[str, str] = {}
    if EQUIVALENT.is_file():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, reason = line.partition(" -- ")
                known[key.strip()] = reason.strip()
    return known


def _config(module: str, tests: list[str], timeout: float, table: Path) -> str:
    select = Path(__file__).with_name("mutation_select.py")
    command = f"{sys.executable} {select} {table} nomenklatur/{module} {' '.join(map(shlex.quote, tests))}"
    excluded = ", ".join(f'"{e}"' for e in EXCLUDED_OPERATORS).replace("\\", "\\\\")
    return (f'[cosmic-ray]\nmodule-path = "nomenklatur/{module}"\ntimeout = {timeout}\nexcluded-modules = []\n'
            f'test-command = "{command}"\n\n[cosmic-ray.distributor]\nname = "local"\n\n'
            f"[cosmic-ray.filters.operators-filter]\nexclude-operators = [{excluded}]\n")


def session_path(module: str) -> Path:
    """Where a module's session is kept between runs; it belongs to the module's source as it is now."""
    source = hashlib.sha256((ROOT / "nomenklatur" / module).read_bytes()).hexdigest()[:12]
    return SESSIONS / f"{module.replace('/', '_').removesuffix('.py')}-{source}.sqlite"


def run_module(module: str, tests: list[str], minutes: float, timeout: float, again: bool) -> Outcome:
    """Mutate one module in a fresh worktree of HEAD and run the tests that execute each mutant's line, for at
    most `minutes`. The session is kept (bench/out/mutation/): a later run goes on with the mutants not yet
    run, and with `again` also runs the survivors again (against HEAD's tests, which may have grown)."""
    outcome = Outcome(module)
    started = time.monotonic()
    session = Path(os.environ.get("MUTATION_SESSION") or session_path(module))  # another copy: a shard of it
    session.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mutasi-") as scratch:
        tree = Path(scratch) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), "HEAD"], check=True)
        try:
            tests = [t for t in tests if not t.startswith("tests/") or (tree / t).is_file()]
            config, table = Path(scratch) / "cr.toml", Path(scratch) / "lines.json"
            env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
            if REFERENCE.is_dir():
                env.setdefault("NOMENKLATUR_REFERENCE", str(REFERENCE))
            outcome.in_process = _passes_in_process(tests, tree, env)
            if outcome.in_process:
                env["NOMENKLATUR_TEST_CLI_IN_PROCESS"] = "1"
            run = {"cwd": tree, "env": env, "check": True, "capture_output": True}
            subprocess.run([sys.executable, str(Path(__file__).with_name("mutation_select.py")), "--record", str(table),
                            f"nomenklatur/{module}", *tests], **{**run, "check": False})
            # a mutant whose tests take three times as long as all of them on the original hangs: killed
            tests_took = sum(json.loads(table.read_text(encoding="utf-8"))["durations"].values())
            config.write_text(_config(module, tests, max(timeout, 3 * tests_took + 20), table), encoding="utf-8")
            if not session.exists():
                subprocess.run(["cosmic-ray", "init", str(config), str(session)], **run)
            elif again:
                _forget_survivors(session)
            subprocess.run(["cr-filter-operators", str(session), str(config)], **run)  # also after a change of list
            try:
                subprocess.run(["cosmic-ray", "exec", str(config), str(session)], **{**run, "check": False},
                               timeout=minutes * 60)
            except subprocess.TimeoutExpired:
                subprocess.run(["git", "-C", str(tree), "checkout", "--", "."], check=False)
            _read(outcome, session, equivalents())
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    outcome.seconds = time.monotonic() - started
    return outcome


def _reported(module: str) -> Outcome:
    """A module's figures from its kept session (none: every mutant counted as not run)."""
    outcome = Outcome(module, ran=False)
    session = session_path(module)
    if session.exists():
        _read(outcome, session, equivalents())
    return outcome


def _forget_survivors(session: Path) -> None:
    """Make the survivors pending again, so that `cosmic-ray exec` runs them against today's tests."""
    with sqlite3.connect(session) as db:
        db.execute("delete from work_results where lower(worker_outcome) = 'normal' and lower(test_outcome) = 'survived'")


def _passes_in_process(tests: list[str], tree: Path, env: dict[str, str]) -> bool:
    """Whether the module's tests pass on the unmutated code with the CLI called in the tests' own process
    (tests/conftest.py: seconds a mutant instead of a minute); if not, every mutant runs the real command.

    This run writes bytecode (the mutants' runs do not): pytest's rewritten test modules are then read, not
    rewritten, by every mutant's run (a second each). A module's cached bytecode is never taken for a mutant:
    it is checked against the source's size and modification second, and the mutant is written later."""
    warm = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}  # leaves the tests' rewritten bytecode
    done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header", *tests],
                          cwd=tree, env={**warm, "NOMENKLATUR_TEST_CLI_IN_PROCESS": "1"}, capture_output=True, check=False)
    return done.returncode == 0


def _read(outcome: Outcome, session: Path, known: dict[str, str]) -> None:
    with sqlite3.connect(session) as db:
        rows = db.execute(
            "select s.module_path, s.operator_name, s.start_pos_row, s.start_pos_col, r.worker_outcome, "
            "r.test_outcome, r.output from mutation_specs s left join work_results r on r.job_id = s.job_id").fetchall()
    for path, operator, row, col, worker, test, output in rows:
        outcome.total += 1
        key = f"{path}:{row}:{col} {operator}"
        worker, test = (worker or "").lower(), (test or "").lower()  # stored as SKIPPED, KILLED, …
        if worker in ("", "skipped") or LEFT_OUT.match(operator):  # also in a session begun with more operators
            outcome.skipped += 1
        elif key in known:
            outcome.equivalent += 1
        elif test == "killed" or test == "incompetent":
            outcome.killed += 1
            outcome.timed_out += "timeout" in (output or "").lower()
        else:
            outcome.survived.append(key)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", choices=sorted(MODULES), help="a module (repeatable); all by default")
    parser.add_argument("--minutes", type=float, default=60.0, help="at most this long per module (then the rest is skipped)")
    parser.add_argument("--timeout", type=float, default=40.0,
                        help="seconds one mutant's tests may take, at least (3x the module's tests on the original + 20)")
    parser.add_argument("--parallel", type=int, default=2, help="modules at a time, each in its own worktree")
    parser.add_argument("--again", action="store_true", help="run the kept survivors again (after new tests)")
    parser.add_argument("--report", action="store_true", help="run nothing: print the kept sessions' figures")
    args = parser.parse_args(argv)
    modules = args.module or sorted(MODULES)
    if args.report:
        outcomes = [_reported(m) for m in modules]
    else:
        with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
            outcomes = list(pool.map(lambda m: run_module(m, MODULES[m], args.minutes, args.timeout, args.again),
                                     modules))
    print(f"{'module':24} {'mutants':>7} {'killed':>6} {'survived':>8} {'equiv.':>6} {'skipped':>7} {'score':>6} {'min':>5}"
          f" {'CLI':>10}")
    for o in outcomes:
        score = "-" if o.score is None else f"{o.score:.0%}"
        print(f"{o.module:24} {o.total:7d} {o.killed:6d} {len(o.survived):8d} {o.equivalent:6d} {o.skipped:7d} "
              f"{score:>6} {o.seconds / 60:5.1f} {('in-process' if o.in_process else 'subprocess') if o.ran else 'kept':>10}")
    for o in outcomes:
        for key in o.survived:
            print(f"survived: {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
