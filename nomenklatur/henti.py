"""A command stopped with SIGTERM (a cancelled CI job, `kill`, `timeout`) unwinds as one stopped with Ctrl-C does.

By default SIGTERM ends a Python process at once: an output being written with `-o` leaves its hidden temporary
file (`.copy.xlsx.XXXX.tmp`) in the output folder. While `sigterm_unwinds` is active the signal raises `Dihentikan`
(a KeyboardInterrupt) in the main thread instead, so every `finally` runs: the temporary file is removed, the
reading and helper processes are stopped, and the command exits TERMINATED, the status a shell reports for a
program ended by SIGTERM."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

TERMINATED = 128 + signal.SIGTERM  # 143


class Dihentikan(KeyboardInterrupt):
    """SIGTERM, raised where the command was."""


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Dihentikan()


@contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """SIGTERM raises `Dihentikan` while the block runs. Off the main thread, or where a program embedding the
    command set a handler of its own, nothing changes."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def default_sigterm() -> None:
    """SIGTERM ends the process at once again: a forked child its parent stops with `terminate()`, a server whose
    framework handles the signal itself."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
