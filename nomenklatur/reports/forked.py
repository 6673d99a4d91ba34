"""A piece of a report made in a forked child while this process makes the rest, on the machine's other core
(the annotated copy's Koreksi list beside its flagged sheets). The child's small result comes back pickled
through a pipe; whatever goes wrong there, the caller is told None and makes that piece itself.

Forking is done only where it is safe and cheap: a POSIX system with more than one core, and a process with no
other thread (a fork copies no thread, and a lock another thread held would stay locked in the child). The child
reads the findings' spill file at offsets (pread), never moving the position the parent's reading uses."""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from nomenklatur.reports.pipe import write_all

T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


class Forked(Generic[T]):
    """`work()` running in a child process; `result()` waits for it."""

    def __init__(self, work: Callable[[], T]) -> None:
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(read)
            _run_child(work, write)
        os.close(write)
        self._pipe = os.fdopen(read, "rb")

    def result(self) -> T | None:
        """What `work()` returned, or None when the child failed."""
        try:
            data = self._pipe.read()
        finally:
            self._pipe.close()
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or not data:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # noqa: BLE001  (a result that does not load is a failed child: the caller redoes it)
            return None

    def cancel(self) -> None:
        """Stop the child (the caller gave up on its result)."""
        if not self._pipe.closed:
            self._pipe.close()
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)


def _run_child(work: Callable[[], T], write: int) -> None:
    code = 1
    try:
        gc.disable()  # short-lived; collecting would touch (and so copy) the whole inherited heap
        write_all(write, pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL))
        os.close(write)
        code = 0
    except BaseException:  # noqa: BLE001  (the parent makes the piece itself)
        pass
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers, no temporary files removed
