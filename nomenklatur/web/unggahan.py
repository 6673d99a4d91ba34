"""Uploads are hostile input: the request body is counted as it arrives (the limit holds whatever the headers
say), a browser's file name is cut to a plain display name that can only name a file inside the request's own
new private folder, and that folder is removed when the request ends, however it ends."""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
NAME_CHARS = 100  # a display name's length at most (the suffix kept)
COPY_CHUNK = 1 << 20

Receive = Callable[[], Awaitable[dict[str, Any]]]


class TerlaluBesar(Exception):
    """The request body is over the upload limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class BukanLembarKerja(ValueError):
    """An uploaded file whose name does not end in a spreadsheet suffix."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def limited(receive: Receive, max_bytes: int) -> Receive:
    """`receive` that raises TerlaluBesar once the body grows past `max_bytes`."""
    seen = 0

    async def counted() -> dict[str, Any]:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > max_bytes:
                raise TerlaluBesar(max_bytes)
        return message

    return counted


def display_name(raw: str | None, taken: set[str]) -> str:
    """The name a file is shown (and kept) as: the last part of what the browser sent, letters, digits, spaces
    and `-_.()` only, no leading dot, at most NAME_CHARS characters, unique within the request. Raises
    BukanLembarKerja when the name does not end in a spreadsheet suffix."""
    text = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = text.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in SUFFIXES:
        raise BukanLembarKerja(text[:NAME_CHARS] or "?")
    stem = "".join(c if c.isalnum() or c in " -_.()" else "_" for c in stem).strip(" .") or "berkas"
    stem = stem[:NAME_CHARS - len(suffix)]
    name, n = stem + suffix, 2
    while name.lower() in taken:
        name, n = f"{stem} ({n}){suffix}", n + 1
    taken.add(name.lower())
    return name


class Tempat:
    """A request's own folder for its uploads: made (readable by this user only) when first asked for, removed
    by `remove` when the request ends, however it ends; a check still running for it stops when it is gone."""

    def __init__(self, root: str | None = None) -> None:
        self.root = root
        self._path: Path | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="nomenklatur-web-", dir=self.root))
        return self._path

    def remove(self) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)


def save(source: Any, folder: Path, name: str) -> None:
    """Copy an uploaded file (a readable binary file object) into `folder` under its display name."""
    with open(folder / name, "xb") as out:
        shutil.copyfileobj(source, out, COPY_CHUNK)
