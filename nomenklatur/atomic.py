"""Writing files so that a reader never sees half of one: a temporary file beside, then a rename."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed into place when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: str | bytes | Iterable[str | bytes]) -> None:
    """Write text (UTF-8, as given) or bytes to `path` atomically; `data` may come in pieces (a report of many
    findings is written as it is made, never held whole)."""
    pieces = (data,) if isinstance(data, (str, bytes)) else data
    with atomic_path(path) as tmp, tmp.open("wb") as handle:
        for piece in pieces:
            handle.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
