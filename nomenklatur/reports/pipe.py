"""Sending bytes through a pipe to the process that waits for them."""

from __future__ import annotations

import os


def write_all(fd: int, data: bytes) -> None:
    """Every byte of `data` to the descriptor `fd`. A write to a pipe may take only part of what it is given when a
    signal interrupts it (the job stopped and continued: Ctrl-Z and `fg`, a paused container); what it did not take
    is written again, never dropped."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
