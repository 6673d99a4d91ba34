"""Shared fixtures: where the reference facts are (absent on users' machines), running the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REFERENCE = Path(os.environ.get("NOMENKLATUR_REFERENCE", Path(__file__).resolve().parents[2] / "shared" / "reference"))


@pytest.fixture
def reference() -> Path:
    """The official facts in ../shared/reference; tests that need them skip cleanly without them."""
    if not (REFERENCE / "nomenklatur").is_dir():
        pytest.skip("../shared/reference tidak tersedia")
    return REFERENCE


SHARED = re.compile(r"\.\./shared/\w+")  # every skip for missing reference data names its folder so


def skipped_for_missing_shared(stats: dict) -> dict[str, int]:
    """Of this run's skipped tests, how many were skipped for each folder of ../shared that is not there."""
    folders: dict[str, int] = {}
    for report in stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        found = SHARED.search(reason)
        if found:
            folders[found.group()] = folders.get(found.group(), 0) + 1
    return folders


class SharedSummary:
    """After the short summary, one line: how many tests the missing ../shared left out, so that a green run
    without the reference data is not taken for the full one."""

    @pytest.hookimpl(wrapper=True)
    def pytest_terminal_summary(self, terminalreporter):
        result = yield
        folders = skipped_for_missing_shared(terminalreporter.stats)
        if folders:
            terminalreporter.write_line(
                f"{sum(folders.values())} pengujian dilewati karena {', '.join(sorted(folders))} tidak ada "
                f"(data rujukan dicari di {REFERENCE}, lihat NOMENKLATUR_REFERENCE); ini bukan hasil pengujian lengkap", yellow=True, bold=True)
        return result


@pytest.hookimpl(trylast=True)
def pytest_configure(config) -> None:
    """Registered after the terminal reporter, so the line comes after its short summary, above the counts."""
    config.pluginmanager.register(SharedSummary(), "nomenklatur-shared-summary")


def without_dac_override() -> None:
    """For subprocess `preexec_fn`: drop the capabilities that let root read any file (CAP_DAC_OVERRIDE = 1,
    CAP_DAC_READ_SEARCH = 2) from the bounding set, so root's child is refused a file of mode 000 as anyone is.
    Raises OSError where the process may not (no CAP_SETPCAP); subprocess then raises SubprocessError."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


# bench/mutation.py only: the CLI called in the test's own process (a mutant's tests in seconds, not a minute),
# after a run of the same tests on the unmutated code has shown that nothing they do needs a process of its own
IN_PROCESS = os.environ.get("NOMENKLATUR_TEST_CLI_IN_PROCESS") == "1"


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the installed `nomenklatur` command as a real subprocess."""
    if IN_PROCESS:
        return _in_process(args, env, cwd)
    full_env = {**os.environ, **(env or {})}
    script = Path(sys.executable).parent / "nomenklatur"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nomenklatur"]
    return subprocess.run([*command, *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=timeout)


def _in_process(args: tuple[str, ...], env: dict[str, str] | None, cwd: Path | None) -> subprocess.CompletedProcess[str]:
    import traceback

    from click.testing import CliRunner

    from nomenklatur.cli import main
    from nomenklatur.tables import catalog

    here = os.getcwd()
    user_tables = Path((env or {}).get("NOMENKLATUR_DATA", "")).is_dir()  # imported tables: no cached catalog
    if args[:1] == ("sync",) and not {"--jobs", "-j"} & set(args):
        args = (*args, "--jobs", "1")  # its per-file work in this process, where the bench's coverage sees it
    try:
        if cwd is not None:
            os.chdir(cwd)
        if user_tables:
            catalog.default_catalog.cache_clear()
        result = CliRunner().invoke(main, list(args), env=env, prog_name="nomenklatur")
    finally:
        os.chdir(here)
        if user_tables:
            catalog.default_catalog.cache_clear()
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["nomenklatur", *args], result.exit_code, result.stdout, stderr)


@pytest.fixture
def cli(tmp_path: Path):
    """The CLI with a private user-table folder, so tests never touch the real one."""
    env = {"NOMENKLATUR_DATA": str(tmp_path / "user-tables")}

    def call(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, env=env, cwd=cwd)

    return call
