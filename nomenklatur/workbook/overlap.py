"""Reading a big xlsx sheet in a second process while this one checks the rows already read.

Parsing the sheet XML is about half of a check's time. On a machine with two or more cores, a forked
child reopens the file, reads the sheet with the same reader and limits, and sends its rows in batches
through a pipe; the pipe's small buffer keeps the rows in flight bounded. A `WorkbookError` in the child
reaches the caller as the same error; a child that dies is reported as an unreadable sheet. Asked to, the
child also hashes the file after its last row (time the caller, still checking, would otherwise spend).
Where `fork` is missing (Windows, macOS defaults), on one core, and for small sheets the rows are read in
this process.
A program that runs threads of its own and calls the library should pass `overlap_from=None` (fork copies
only the calling thread).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .errors import WorkbookError
from .model import ReadLimits, Row, SheetRows

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

MIN_BYTES = 4 * 1024 * 1024  # uncompressed sheet XML (~20,000 rows): below it a fork costs more than it saves
BATCH = 500  # rows per message
MAX_PIPE = 16 * 1024 * 1024  # bytes of rows in flight, at most (the system's own limit is usually lower)


def cores() -> int:
    """The processor cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def available() -> bool:
    """Whether a second reading process can help here: `fork` exists and more than one core is ours."""
    import multiprocessing  # here, not at import: a small check never needs it

    return cores() > 1 and "fork" in multiprocessing.get_all_start_methods() \
        and not multiprocessing.current_process().daemon


def rows(path: Path, limits: ReadLimits, sheet: SheetRows, on_wait: Callable[[], None] | None = None,
         on_digest: Callable[[str | None], None] | None = None) -> Iterator[Row]:
    """The sheet's rows as `Workbook` hands them out, read by a child process; sets `sheet.truncated`
    and `sheet.stopped_at` once the last row has arrived. `on_wait` is called before waiting for the child
    (no rows ready): work the caller can do at any time fills that wait. `on_digest`, when given, is told the
    file's SHA-256 (`digest.file_digest`) once the last row has arrived."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    child = context.Process(target=_serve, args=(path, limits, sheet.index, sender, on_digest is not None), daemon=True,
                            name="nomenklatur-reader")
    child.start()
    sender.close()
    try:
        while True:
            try:
                if on_wait is not None and not receiver.poll():
                    on_wait()
                message = receiver.recv()
            except (EOFError, OSError):
                raise WorkbookError("corrupt", path, "the reading process ended early", sheet=sheet.name) from None
            if message.__class__ is list:
                yield from message
                continue
            kind, *rest = message
            if kind == "end":
                sheet.truncated, sheet.stopped_at, digest = rest
                if on_digest is not None:
                    on_digest(digest)
                return
            if kind == "error":
                reason, detail, sheet_name, params = rest
                raise WorkbookError(reason, path, detail, sheet=sheet_name or sheet.name, **params)
            raise WorkbookError("corrupt", path, rest[0], sheet=sheet.name)
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _widen(sender: "Connection") -> None:
    """Let the pipe hold as much as the system allows (Linux: 1 MB, about 5,000 rows, instead of 64 KB): the
    reader then runs on while this process is slower for a moment (loading tables at the start, a run of
    findings) instead of waiting for room. Where the size cannot be set, the pipe stays as it is."""
    try:
        import fcntl

        limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
        fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, min(limit, MAX_PIPE))
    except (ImportError, AttributeError, OSError, ValueError):
        pass


def _serve(path: Path, limits: ReadLimits, index: int, sender: "Connection", digest: bool) -> None:
    """In the child: read one sheet and send its rows, then ("end", truncated, stopped_at, the file's digest
    or None) or the error."""
    from ..henti import default_sigterm
    from .book import open_workbook
    from .digest import file_digest

    default_sigterm()  # the parent stops this process with terminate(): at once, not by unwinding
    gc.disable()  # rows hold no cycles; a collection would walk (and copy) the whole inherited heap
    try:
        with open_workbook(path, limits) as workbook:
            sheet = workbook.sheet_at(index)
            batch: list[Row] = []
            for row in sheet.rows:
                batch.append(row)
                if len(batch) >= BATCH:
                    sender.send(batch)
                    batch = []
            if batch:
                sender.send(batch)
            sender.send(("end", sheet.truncated, sheet.stopped_at,
                         file_digest(path, limits.max_file_bytes) if digest else None))
    except WorkbookError as exc:
        sender.send(("error", exc.reason, exc.detail, exc.sheet, exc.params))
    except BaseException as exc:  # noqa: BLE001 - the parent turns it into an unreadable-sheet error
        try:
            sender.send(("crash", f"{type(exc).__name__}: {exc}"))
        except OSError:
            pass
    finally:
        sender.close()
        os._exit(0)  # no atexit handlers, no flushing of the parent's inherited buffers
