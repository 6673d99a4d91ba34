"""Which tests judge a mutant (bench/mutation.py): the command cosmic-ray runs for each mutant, and the run that
maps the module's lines to the tests that execute them.

    python bench/mutation_select.py --record map.json nomenklatur/x.py pytest-args...
    python bench/mutation_select.py map.json nomenklatur/x.py pytest-args...

Recording: one run of the module's tests under coverage.py, each test in its own coverage context; the map
holds, per line of the module, the tests that ran it, and each test's duration. Lines run only while the tests
were being collected (imports, module constants) map to every test; lines run by a fixture wider than one test
(module, class, session: set up in the first test that uses it) map to every test that uses the fixture.

Selecting (run by cosmic-ray in the worktree after it has written the mutant): the changed lines come from
`git diff`; only the tests that ran them run, fastest first, `-x`. A mutant on a line no test ran runs every
test (a line run in a worker process or forked child is not seen by coverage, so "no test ran it" is no proof).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest


class Recorder:
    """Coverage of one module, per test."""

    def __init__(self, module: str, record: Path) -> None:
        import coverage

        self.record = record
        self.coverage = coverage.Coverage(data_file=None, include=[str(Path(module).resolve())], branch=False)
        self.durations: dict[str, float] = {}
        self.sharing: dict[tuple, set[str]] = {}  # a fixture wider than one test -> the tests that use it
        self.coverage.start()

    def pytest_collection_modifyitems(self, session, config, items) -> None:
        for item in items:
            info = getattr(item, "_fixtureinfo", None)  # pytest's own record of the fixtures a test uses
            for name, defs in (info.name2fixturedefs.items() if info is not None else ()):
                scope = defs[-1].scope if defs else "function"
                if scope != "function":
                    where = {"class": item.nodeid.rsplit("::", 1)[0], "module": item.nodeid.split("::")[0]}
                    self.sharing.setdefault((name, scope, where.get(scope, "")), set()).add(item.nodeid)

    def pytest_runtest_setup(self, item) -> None:
        self.coverage.switch_context(item.nodeid)

    def pytest_runtest_logreport(self, report) -> None:
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration

    def pytest_sessionfinish(self, session) -> None:
        self.coverage.stop()
        data = self.coverage.get_data()
        lines: dict[int, set[str]] = {}
        for path in data.measured_files():
            for line, contexts in data.contexts_by_lineno(path).items():
                lines.setdefault(line, set()).update(contexts)
        # a wider fixture is set up in the first test that uses it: what it runs judges every test using it
        shared: dict[str, set[str]] = {}
        for users in self.sharing.values():
            for node in users:
                shared.setdefault(node, set()).update(users)
        every = sorted(self.durations)
        table = {str(line): every if "" in contexts else
                 sorted(set().union(*(shared.get(c, {c}) for c in contexts)) - {""}) for line, contexts in lines.items()}
        self.record.write_text(json.dumps({"lines": table, "durations": self.durations}), encoding="utf-8")


class Selector:
    """Keep only the chosen node ids, in the given order (fastest first)."""

    def __init__(self, chosen: list[str]) -> None:
        self.order = {node: i for i, node in enumerate(chosen)}

    def pytest_collection_modifyitems(self, session, config, items) -> None:
        kept = sorted((i for i in items if i.nodeid in self.order), key=lambda i: self.order[i.nodeid])
        config.hook.pytest_deselected(items=[i for i in items if i.nodeid not in self.order])
        items[:] = kept


HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? ", re.MULTILINE)
PYTEST = ["-x", "-q", "-p", "no:cacheprovider", "--no-header"]


def changed_lines(module: str) -> set[int]:
    """The lines of the original module that the mutant changed (from `git diff` in the worktree)."""
    diff = subprocess.run(["git", "diff", "-U0", "--", module], capture_output=True, text=True, check=True).stdout
    lines: set[int] = set()
    for start, count in HUNK.findall(diff):
        first, n = int(start), 1 if count == "" else int(count)
        lines.update(range(first, first + max(n, 1)))
    return lines


def main(argv: list[str]) -> int:
    """Record the map, or run the tests that judge the mutant now written in the worktree; pytest's exit code."""
    if argv[0] == "--record":
        record, module, *pytest_args = argv[1:]
        return int(pytest.main([*PYTEST[1:], *pytest_args], plugins=[Recorder(module, Path(record))]))
    table_path, module, *pytest_args = argv
    table = json.loads(Path(table_path).read_text(encoding="utf-8"))
    chosen: set[str] = set()
    for line in changed_lines(module):
        chosen.update(table["lines"].get(str(line), ()))
    if chosen:
        durations = table["durations"]
        order = sorted(chosen, key=lambda n: durations.get(n, 0.0))
        code = int(pytest.main([*PYTEST, *pytest_args], plugins=[Selector(order)]))
        if code != pytest.ExitCode.NO_TESTS_COLLECTED:
            return code
    return int(pytest.main([*PYTEST, *pytest_args]))  # no test ran the line (or none of its tests is found): all


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
