"""A file's SHA-256, as a check's result names the file it judged."""

from __future__ import annotations

import hashlib
from pathlib import Path

BLOCK = 1 << 20


def file_digest(path: Path, max_bytes: int) -> str | None:
    """The file's digest; None for what is not a regular file within the size limit (a pipe or a
    device would block or never end, a huge file is refused by the reader anyway)."""
    digest = hashlib.sha256()
    try:
        if not path.is_file() or path.stat().st_size > max_bytes:
            return None
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(BLOCK), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()
