"""Shared fixtures: where the reference facts are (absent on users' machines), running the CLI."""

from __future__ import annotations

import os
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


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the installed `nomenklatur` command as a real subprocess."""
    full_env = {**os.environ, **(env or {})}
    script = Path(sys.executable).parent / "nomenklatur"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nomenklatur"]
    return subprocess.run([*command, *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=timeout)


@pytest.fixture
def cli(tmp_path: Path):
    """The CLI with a private user-table folder, so tests never touch the real one."""
    env = {"NOMENKLATUR_DATA": str(tmp_path / "user-tables")}

    def call(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, env=env, cwd=cwd)

    return call
