"""Every input of the hostile corpus through the real CLI: documented outcome, 10 s, 500 MB, bytes unchanged.

The child's peak memory is its own maximum resident set size, from `os.wait4` on that one process
(`resource.RUSAGE_CHILDREN` would report the largest child the test process ever had). Linux only
(fork, wait4, process groups), like the CI.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from conftest import without_dac_override
from hostile_corpus import CASES, GOOD_ROWS, HEADER, Case, openpyxl_xlsx, raw_xlsx, sheet_xml, table_xml

TIME_LIMIT = 10.0
MEMORY_LIMIT_MB = 500
ENGLISH = {"missing_path", "zip_bomb_2gib", "xls_value_at_IV65536", "shared_strings_65mib", "cell_10mb_xlsx",
           "config_unknown_key"}


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


# Runs the command as its child and writes the child's peak RSS (KiB on Linux) to argv[1]. The CLI
# is not started from the test process directly: a child's peak RSS counts the memory of the process
# it was forked from, and pytest's is large.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
"""


def run_measured(*args: str, cwd: Path, timeout: float = TIME_LIMIT) -> Outcome:
    """`nomenklatur ARGS` in a child process, killed after `timeout` seconds, with its peak RSS."""
    script = Path(sys.executable).parent / "nomenklatur"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nomenklatur"]
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "NOMENKLATUR_DATA": str(Path(scratch) / "user-tables")}
        rss = Path(scratch) / "rss"
        start = time.monotonic()
        child = subprocess.Popen([sys.executable, "-S", "-c", _LAUNCHER, str(rss), *command, *args],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env,
                                 start_new_session=True)
        try:
            out, err = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            pytest.fail(f"nomenklatur {' '.join(args)} ran longer than {timeout} s")
        seconds = time.monotonic() - start
        peak = int(rss.read_text()) / 1024 if rss.exists() else float("nan")
    return Outcome(child.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), seconds, peak)


def fingerprint(path: Path) -> object:
    """What must not change: a file's bytes, a link's target, a folder's entries; never opens a pipe."""
    if path.is_symlink():
        return ("link", os.readlink(path))
    if not os.path.lexists(path):
        return None
    mode = os.stat(path).st_mode
    if stat.S_ISREG(mode):
        return hashlib.sha256(path.read_bytes()).hexdigest()
    if stat.S_ISDIR(mode):
        return {p.name: fingerprint(p) for p in sorted(path.iterdir())}
    return ("special", stat.S_IFMT(mode))


def _check(case: Case, folder: Path, lang: str = "id") -> tuple[Outcome, Path]:
    if case.needs is not None and not case.needs.is_file():
        pytest.skip(f"{case.needs.name} tidak tersedia (../shared/reference)")
    path = case.make(folder)
    before, folder_before = fingerprint(path), fingerprint(folder)
    outcome = run_measured("check", str(path), "--tahun", "2021", "--format", "json", "--lang", lang,
                           cwd=path.parent)
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.returncode == case.exit, (outcome.returncode, outcome.stderr, outcome.stdout[-3000:])
    assert outcome.seconds < TIME_LIMIT
    assert outcome.peak_mb < MEMORY_LIMIT_MB, f"{outcome.peak_mb:.0f} MB"
    assert fingerprint(path) == before, "the input changed"
    assert fingerprint(folder) == folder_before, "files appeared or changed next to the input"
    if case.stderr:
        assert outcome.stdout == ""
        assert "nomenklatur:" in outcome.stderr and outcome.stderr.count("\n") == 1, outcome.stderr
        phrase = case.phrase_en if lang == "en" else case.phrase
        assert phrase in outcome.stderr, outcome.stderr
        return outcome, path
    report = json.loads(outcome.stdout)
    rules = {f["rule"] for f in report["findings"]}
    assert set(case.rules) <= rules, (case.rules, report["findings"])
    assert all(f["file"] == str(path) for f in report["findings"])
    for rule, cell in case.cells:
        assert any(f["rule"] == rule and f["cell"] == cell for f in report["findings"]), (rule, cell, report["findings"])
    if "NK001" in case.rules:
        (finding,) = [f for f in report["findings"] if f["rule"] == "NK001"]
        assert finding["category"] == "file" and finding["severity"] == "error"
        assert str(path) in finding["message"] or f"'{path}'" in finding["message"], finding["message"]
        phrase = case.phrase_en if lang == "en" else case.phrase
        if phrase:
            assert phrase in finding["message"], finding["message"]
        if lang == "id":
            assert any(word in finding["message"] for word in ("Berkas ", " berkas ", "Sel ", "Format ", "lembar ")), \
                finding["message"]
            assert not re.search(r"\b(File|file|Sheet)\b(?! >)", finding["message"].replace(str(path), "")), finding["message"]
    elif case.exit == 0:
        assert report["summary"]["error"] == 0, report["findings"]
    return outcome, path


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    _check(case, tmp_path)
    if case.name.startswith("config_python"):
        assert not (tmp_path / "DIJALANKAN").exists(), "a YAML tag ran a command"


@pytest.mark.parametrize("case", [c for c in CASES if c.name in ENGLISH], ids=lambda c: c.name)
def test_hostile_input_in_english(case: Case, tmp_path: Path) -> None:
    outcome, _ = _check(case, tmp_path, "en")
    text = outcome.stderr if case.stderr else json.loads(outcome.stdout)["findings"][0]["message"]
    assert not any(word in text for word in ("tidak ", "berkas ", "dengan ")), text


def test_the_corpus_is_at_least_forty_distinct_inputs() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    assert ENGLISH <= {c.name for c in CASES}


def test_unreadable_file(tmp_path: Path) -> None:
    """Mode 000: as root the file stays readable, so the CLI runs without the capabilities that let root read any
    file (or, not as root, as the test's own user)."""
    folder = Path(tempfile.mkdtemp(prefix="nk-izin-"))
    try:
        folder.chmod(0o755)
        path = openpyxl_xlsx(folder / "terkunci.xlsx", (HEADER, *GOOD_ROWS))
        path.chmod(0)
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        demote = without_dac_override if os.geteuid() == 0 else None
        script = Path(sys.executable).parent / "nomenklatur"
        try:
            result = subprocess.run([str(script), "check", str(path), "--tahun", "2021", "--format", "json"],
                                    capture_output=True, text=True, cwd=folder, timeout=TIME_LIMIT,
                                    preexec_fn=demote, env={**os.environ, "NOMENKLATUR_DATA": str(folder / ".t")})
        except subprocess.SubprocessError as exc:  # prctl refused (no CAP_SETPCAP): root cannot be kept out
            pytest.skip(f"root cannot give up reading every file here ({exc}); permission is untested")
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 2, result.stderr
        (finding,) = json.loads(result.stdout)["findings"]
        assert finding["rule"] == "NK001" and "izin membaca" in finding["message"], finding
        path.chmod(0o644)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    finally:
        for item in folder.iterdir():
            item.chmod(0o644)
            item.unlink()
        folder.rmdir()


def test_output_never_replaces_an_existing_file_or_an_input(tmp_path: Path) -> None:
    path = openpyxl_xlsx(tmp_path / "renja.xlsx", (HEADER, *GOOD_ROWS))
    report = tmp_path / "laporan.json"
    report.write_text("laporan lama\n")
    originals = {p: p.read_bytes() for p in (path, report)}
    refused = run_measured("check", str(path), "--tahun", "2021", "--format", "json", "--output", str(report),
                           cwd=tmp_path)
    assert refused.returncode == 2 and "--force" in refused.stderr and "Traceback" not in refused.stderr
    onto_input = run_measured("check", str(path), "--tahun", "2021", "--format", "json", "--output", str(path),
                              "--force", cwd=tmp_path)
    assert onto_input.returncode == 2 and "masukan" in onto_input.stderr, onto_input.stderr
    assert {p: p.read_bytes() for p in originals} == originals
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.json", "renja.xlsx"]  # no temporary left
    forced = run_measured("check", str(path), "--tahun", "2021", "--format", "json", "--output", str(report),
                          "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert json.loads(report.read_text())["files"][0]["path"] == str(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.json", "renja.xlsx"]


def test_a_report_file_beside_an_input_that_is_a_link_loop(tmp_path: Path) -> None:
    loop = tmp_path / "putar.xlsx"
    loop.symlink_to(loop)
    done = run_measured("check", str(loop), "--format", "xlsx", "--output", str(tmp_path / "salinan.xlsx"),
                        cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "internal" not in done.stderr, done.stderr
    assert (tmp_path / "salinan.xlsx").is_file()  # the copy says the file could not be read (NK001)


def test_values_that_look_like_formulas_stay_text_in_csv_and_xlsx_reports(tmp_path: Path) -> None:
    """A cell holding `=HYPERLINK(…)` as text must not become a formula in a report opened in Excel."""
    rows = (HEADER, ("2.13.02.2.01.01", '=HYPERLINK("http://contoh.invalid","klik")', 1000, "@SUM(1+1)"),
            ("+2.13.02.2.01.02", "-cmd|' /C calc'!A0", "=1+1", "Desa"))
    path = raw_xlsx(tmp_path / "rumus_jahat.xlsx", sheet_xml(table_xml(rows)))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for fmt in ("csv", "xlsx"):
        report = tmp_path / f"laporan.{fmt}"
        outcome = run_measured("check", str(path), "--tahun", "2021", "--format", fmt, "--output", str(report),
                               cwd=tmp_path)
        assert outcome.returncode == 1 and "Traceback" not in outcome.stderr, outcome.stderr
        if fmt == "csv":
            with report.open(encoding="utf-8-sig", newline="") as handle:
                fields = [field for row in csv.reader(handle) for field in row]
            assert any("HYPERLINK" in f for f in fields)
            assert not [f for f in fields if f.startswith(("=", "+", "-", "@"))]
        else:
            book = openpyxl.load_workbook(report)
            cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
            assert any("HYPERLINK" in str(c.value) for c in cells)
            assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
