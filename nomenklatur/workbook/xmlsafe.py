"""Expat parsers for zip members that refuse any DOCTYPE, so no entity can ever be declared or expanded.

OOXML parts never carry a DOCTYPE; refusing it outright closes "billion laughs" and external-entity
attacks without relying on expat's amplification limits. Element names arrive as "namespace local"
(namespace processing on); `local()` gives the local part. Streams are fed through `guarded`, which
refuses a single tag or comment of more than `MAX_TOKEN` bytes (expat would buffer it whole).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Callable, Iterator
from xml.parsers import expat

from .errors import WorkbookError

CHUNK = 1 << 17
MAX_TOKEN = 8 << 20  # expat holds a tag or comment whole; none in a genuine file comes near this
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, NotImplementedError)


class _Doctype(Exception):
    pass


def _refuse(*_args: object) -> None:
    raise _Doctype()


def local(name: str) -> str:
    """The local part of a namespace-qualified expat name ("ns row" -> "row")."""
    return name[name.rfind(" ") + 1:]


def new_parser(namespaces: bool = True) -> expat.XMLParserType:
    """An expat parser (namespace-aware unless told otherwise) that raises on DOCTYPE and entity declarations."""
    parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.buffer_text = True
    parser.buffer_size = 65536
    return parser


def iter_member(archive: zipfile.ZipFile, member: str, path: Path) -> Iterator[bytes]:
    """A zip member's bytes in chunks; broken zip data becomes WorkbookError("corrupt")."""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
    except ZIP_ERRORS as exc:
        raise WorkbookError("corrupt", path, f"{member}: {exc}") from None


def guarded(parser: expat.XMLParserType, chunks: Iterator[bytes], path: Path, member: str,
            sheet: str | None = None) -> Iterator[bytes]:
    """The chunks, refusing to go on while expat buffers more than `MAX_TOKEN` bytes of one token."""
    fed = 0
    for chunk in chunks:
        if fed - parser.CurrentByteIndex > MAX_TOKEN:
            raise WorkbookError("corrupt", path, f"{member}: one XML token over {MAX_TOKEN} bytes", sheet=sheet)
        fed += len(chunk)
        yield chunk


def check_part_size(archive: zipfile.ZipFile, member: str, path: Path, max_bytes: int) -> None:
    """Refuse a part that is read whole into memory when its declared size is over `max_bytes`."""
    try:
        size = archive.getinfo(member).file_size
    except KeyError:
        raise WorkbookError("corrupt", path, f"{member} missing") from None
    if size > max_bytes:
        raise WorkbookError("too_large", path, f"{member}: {size} bytes uncompressed", size=size, limit=max_bytes,
                            part=member, key="max_part_bytes")


def feed(parser: expat.XMLParserType, data: bytes, final: bool, path: Path, member: str,
         sheet: str | None = None) -> None:
    """Parse one chunk, mapping XML failures to WorkbookError ("xml_entities" or "corrupt")."""
    try:
        parser.Parse(data, final)
    except _Doctype:
        raise WorkbookError("xml_entities", path, f"{member} declares a DOCTYPE", sheet=sheet) from None
    except (expat.ExpatError, LookupError) as exc:  # LookupError: an encoding Python does not know
        if isinstance(exc, (IndexError, KeyError)):  # raised by a handler: its caller reports it
            raise
        raise WorkbookError("corrupt", path, f"{member}: XML error: {exc}", sheet=sheet) from None


def parse_part(archive: zipfile.ZipFile, member: str, path: Path,
               start: Callable[[str, dict[str, str]], None] | None = None,
               end: Callable[[str], None] | None = None,
               chars: Callable[[str], None] | None = None, max_bytes: int | None = None) -> None:
    """Parse a whole (small) part with the given expat handlers, refusing it above `max_bytes`."""
    if max_bytes is not None:
        check_part_size(archive, member, path, max_bytes)
    parser = new_parser()
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if chars:
        parser.CharacterDataHandler = chars
    for chunk in guarded(parser, iter_member(archive, member, path), path, member):
        feed(parser, chunk, False, path, member)
    feed(parser, b"", True, path, member)
