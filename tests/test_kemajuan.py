"""Progress on stderr while a long check runs, only where a person watches (a terminal); CI logs stay clean."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import openpyxl

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
NOMENKLATUR = [str(Path(sys.executable).parent / "nomenklatur")]


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """Run the CLI with stderr on a pseudo-terminal of 100 columns: (exit status, what the terminal showed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen([*NOMENKLATUR, *args], stdout=subprocess.DEVNULL, stderr=slave, close_fds=True)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    os.close(master)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


def test_files_done_rows_and_findings_show_on_a_terminal(tmp_path: Path) -> None:
    files = [str(SAMPLES / name) for name in ("paser_renja_2021.xlsx", "kubar_renja_2021.xlsx")]
    status, shown = _on_a_terminal("check", *files, "--format", "json", "-o", str(tmp_path / "a.json"))
    assert status == 1
    assert "0/2 berkas" in shown and "2/2 berkas" in shown and " baris, " in shown and " temuan" in shown
    assert shown.rstrip().endswith("laporan json ditulis ke " + str(tmp_path / "a.json") +
                                   ": 2 berkas, 11 galat, 8 peringatan, 2 info")


def test_nothing_but_the_report_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    files = [str(SAMPLES / name) for name in ("paser_renja_2021.xlsx", "kubar_renja_2021.xlsx")]
    done = subprocess.run([*NOMENKLATUR, "check", *files, "--format", "json", "-o", str(tmp_path / "a.json")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "berkas [" not in done.stderr


def test_one_big_file_shows_its_rows_once_it_is_long(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Renja")
    sheet.append(("Kode", "Uraian", "Pagu"))
    for row in range(60_000):
        sheet.append(("2.13.02.2.01.0001", "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa", row))
    book.save(tmp_path / "besar_2024.xlsx")
    status, shown = _on_a_terminal("check", str(tmp_path / "besar_2024.xlsx"), "--select", "NK201", "--lang", "en")
    assert status == 0 and "0/1 file" in shown and "50,000 rows, 0 findings" in shown
    small, quiet = _on_a_terminal("check", str(SAMPLES / "paser_renja_2021.xlsx"))
    assert small == 1 and "berkas [" not in quiet  # one short file: no progress line


def test_a_progress_line_leaves_no_thread_behind() -> None:
    """tqdm's monitor thread would outlive the line: a process with a thread of its own does not fork (the
    reading process of its next file, the annotated copy's list made beside its sheets)."""
    import io
    import threading

    from nomenklatur.kemajuan import Kemajuan

    before = threading.active_count()
    progress = Kemajuan(3, stream=io.StringIO())
    for _ in range(3):
        progress.read(20_000)
        progress.done(5)
    progress.close()
    assert progress.bar is not None and threading.active_count() == before
