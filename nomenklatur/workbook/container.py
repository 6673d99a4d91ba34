"""Recognising a workbook by its bytes (not its name) and refusing hostile containers before parsing.

Zip (`PK\\x03\\x04`) is xlsx/xlsm (by `[Content_Types].xml`) or ods (by the `mimetype` member); OLE2
(`D0 CF 11 E0`) is xls, or an encrypted xlsx when it holds an `EncryptedPackage` stream; anything else
that looks like text is csv. Zip members are checked against the size and ratio limits from their
declared sizes; `zipfile` then refuses to inflate a member past its declared size (CRC error), so the
check cannot be dodged by lying headers.
"""

from __future__ import annotations

import mmap
import os
import re
import stat
import zipfile
from pathlib import Path

from .errors import WorkbookError
from .model import MIB, ReadLimits
from .xmlsafe import ZIP_ERRORS, parse_part

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

MAX_MEMBERS = 10_000  # Excel writes a few per sheet; a zip of millions of tiny members is a bomb
MAX_DIRECTORY_BYTES = 4 * MIB  # the zip's central directory, read whole by `zipfile`
_EOCD_SEARCH = 22 + 65535  # the end-of-directory record and the longest zip comment

_OOXML_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "xlsm",
}
_ODS_TYPES = ("application/vnd.oasis.opendocument.spreadsheet",
              "application/vnd.oasis.opendocument.spreadsheet-template")


TEXT_SUFFIXES = (".csv",)
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")  # a text file under one of these names is read as CSV


def identify(path: Path, limits: ReadLimits) -> tuple[str, zipfile.ZipFile | None]:
    """The format ("xlsx", "xlsm", "xls", "ods", "csv") and, for xlsx/xlsm, the opened zip."""
    _check_file(path, limits)
    try:
        with open(path, "rb") as handle:
            head = handle.read(8192)
    except PermissionError as exc:
        raise WorkbookError("permission", path, str(exc)) from None
    except OSError as exc:
        raise WorkbookError("corrupt", path, str(exc)) from None
    if head.startswith(ZIP_MAGIC):
        return _identify_zip(path, limits)
    if head.startswith(OLE2_MAGIC):
        return _identify_ole2(path), None
    _check_text(path, head)
    if path.suffix.lower() not in TEXT_SUFFIXES + SPREADSHEET_SUFFIXES:
        raise WorkbookError("unknown_format", path, "text", hint="text")  # notes.txt: not offered as a table
    return "csv", None


def _check_file(path: Path, limits: ReadLimits) -> None:
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise WorkbookError("not_found", path) from None
    except PermissionError as exc:
        raise WorkbookError("permission", path, str(exc)) from None
    except OSError as exc:  # e.g. a name too long, a broken link
        raise WorkbookError("not_found", path, str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise WorkbookError("is_directory", path)
    if not stat.S_ISREG(info.st_mode):
        raise WorkbookError("unknown_format", path, "not a regular file")
    if info.st_size == 0:
        raise WorkbookError("empty_file", path)
    if info.st_size > limits.max_file_bytes:
        raise WorkbookError("too_large", path, f"{info.st_size} bytes", size=info.st_size,
                            limit=limits.max_file_bytes, key="max_file_bytes")


def _identify_zip(path: Path, limits: ReadLimits) -> tuple[str, zipfile.ZipFile | None]:
    _check_zip_directory(path)
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        raise WorkbookError("corrupt", path, f"zip: {exc}") from None
    try:
        check_zip_limits(archive, path, limits)
        names = set(archive.namelist())
        if "mimetype" in names:
            _check_ods(archive, path, names)
            archive.close()
            return "ods", None
        return _ooxml_format(archive, path, names, limits), archive
    except WorkbookError:
        archive.close()
        raise
    except ZIP_ERRORS as exc:
        archive.close()
        raise WorkbookError("corrupt", path, f"zip: {exc}") from None


def check_zip_limits(archive: zipfile.ZipFile, path: Path, limits: ReadLimits) -> None:
    """Refuse encrypted members, members inflating more than the ratio, and too much content in all."""
    total = 0
    if len(archive.infolist()) > MAX_MEMBERS:
        raise WorkbookError("too_many_parts", path, f"{len(archive.infolist())} zip members",
                            count=len(archive.infolist()), limit=MAX_MEMBERS, what="members")
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise WorkbookError("encrypted", path, f"zip member {info.filename} is encrypted")
        total += info.file_size
        if info.file_size > MIB:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise WorkbookError("zip_bomb", path, f"{info.filename}: {info.file_size} bytes from "
                                    f"{info.compress_size}", ratio=round(ratio), key="max_compression_ratio")
    if total > limits.max_uncompressed_bytes:
        raise WorkbookError("too_large", path, f"{total} bytes uncompressed", size=total,
                            limit=limits.max_uncompressed_bytes, key="max_uncompressed_bytes")


def _check_zip_directory(path: Path) -> None:
    """Refuse a zip whose central directory is too big to load (millions of tiny members) before
    `zipfile` builds an object for each; a zip without an end record is left to `zipfile` to refuse."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - _EOCD_SEARCH))
            tail = handle.read()
            end = tail.rfind(b"PK\x05\x06")
            if end == -1 or len(tail) - end < 22:
                return
            directory = int.from_bytes(tail[end + 12: end + 16], "little")
            if directory == 0xFFFFFFFF and end >= 20 and tail[end - 20: end - 16] == b"PK\x06\x07":
                handle.seek(int.from_bytes(tail[end - 12: end - 4], "little"))
                record = handle.read(56)
                if record[:4] == b"PK\x06\x06" and len(record) == 56:
                    directory = int.from_bytes(record[40:48], "little")
    except OSError as exc:
        raise WorkbookError("corrupt", path, str(exc)) from None
    if directory > MAX_DIRECTORY_BYTES:
        raise WorkbookError("too_many_parts", path, f"zip directory of {directory} bytes", count=directory,
                            limit=MAX_DIRECTORY_BYTES, what="directory")


def _check_ods(archive: zipfile.ZipFile, path: Path, names: set[str]) -> None:
    mimetype = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
    if mimetype not in _ODS_TYPES:
        raise WorkbookError("unknown_format", path, f"mimetype {mimetype}", hint="other_office")
    if "content.xml" not in names:
        raise WorkbookError("corrupt", path, "ods without content.xml")
    if "META-INF/manifest.xml" in names:
        with archive.open("META-INF/manifest.xml") as manifest:
            if b"encryption-data" in manifest.read(4 * MIB):
                raise WorkbookError("encrypted", path, "ods manifest declares encryption")
    with archive.open("content.xml") as content:
        if declares_doctype(content):
            raise WorkbookError("xml_entities", path, "content.xml has a DOCTYPE")


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def declares_doctype(stream, max_prolog: int = MIB) -> bool:
    """Whether the XML prolog (everything before the root element) holds a DOCTYPE or ENTITY."""
    prolog = b""
    while len(prolog) <= max_prolog:
        chunk = stream.read(65536)
        prolog += chunk
        root = _ROOT_START.search(prolog)
        head = prolog if root is None else prolog[: root.start()]
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            return True
        if root is not None or not chunk:
            return False
    return True  # a megabyte of prolog is not a spreadsheet


def _ooxml_format(archive: zipfile.ZipFile, path: Path, names: set[str], limits: ReadLimits) -> str:
    if "[Content_Types].xml" not in names:
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise WorkbookError("unknown_format", path, "zip without [Content_Types].xml", hint="other_office")
    types: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.endswith("Override"):
            types.append(attrs.get("ContentType", ""))

    parse_part(archive, "[Content_Types].xml", path, start, max_bytes=limits.max_part_bytes)
    for content_type in types:
        if content_type in _OOXML_TYPES:
            return _OOXML_TYPES[content_type]
    if any(".sheet.binary." in t for t in types):
        raise WorkbookError("unknown_format", path, "xlsb", hint="xlsb")
    raise WorkbookError("unknown_format", path, "zip is not a spreadsheet", hint="other_office")


def _identify_ole2(path: Path) -> str:
    """An OLE2 file is an xls unless it is an encrypted OOXML package or another Office document.

    A truncated xls may have lost its directory, so "no Workbook stream found" still means xls (and
    python-calamine then reports it as corrupt)."""
    names = _ole2_stream_names(path, ("EncryptedPackage", "WordDocument", "PowerPoint Document"))
    if "EncryptedPackage" in names:
        raise WorkbookError("encrypted", path, "OLE2 container with EncryptedPackage")
    if names:
        raise WorkbookError("unknown_format", path, f"OLE2 file with {sorted(names)}", hint="other_office")
    return "xls"


def _ole2_stream_names(path: Path, wanted: tuple[str, ...]) -> set[str]:
    """Which of `wanted` are names of directory entries (128-byte aligned, UTF-16LE, with their length)."""
    found: set[str] = set()
    try:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for name in wanted:
                pattern = name.encode("utf-16-le") + b"\0\0"
                pos = data.find(pattern, 512)
                while pos != -1:
                    if pos % 128 == 0 and int.from_bytes(data[pos + 64: pos + 66], "little") == len(pattern):
                        found.add(name)
                        break
                    pos = data.find(pattern, pos + 1)
    except OSError as exc:
        raise WorkbookError("corrupt", path, str(exc)) from None
    return found


def _check_text(path: Path, head: bytes) -> None:
    """Refuse what is clearly not delimited text: HTML/XML saved as .xls, binary data."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = head[2:].decode("utf-16-le" if head[:2] == b"\xff\xfe" else "utf-16-be", "ignore")
            text = text.lstrip().lower().encode("utf-8", "ignore")
        except UnicodeError:
            pass
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"mime-version:")) or b"<html" in text[:1024]:
        raise WorkbookError("unknown_format", path, "html", hint="html")
    if text.startswith(b"<?xml"):
        hint = "xml2003" if b"urn:schemas-microsoft-com:office:spreadsheet" in text else "binary"
        raise WorkbookError("unknown_format", path, "xml", hint=hint)
    if utf16_without_bom(head) or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if b"\0" in head or controls > len(head) // 20:
        raise WorkbookError("unknown_format", path, "binary", hint="binary")


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when ASCII text alternates with NUL bytes, else None."""
    sample = head[:2048] if len(head) % 2 == 0 else head[: min(2048, len(head) - 1)]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None
