"""A zip archive written as a stream of byte pieces: members of another zip copied raw (their compressed bytes
as they are), new members deflated as they come (sizes in a data descriptor), and members deflated earlier into
a temporary file (`Spool`; also one a forked child wrote, in a file it shares with this process). Nothing is held
whole and nothing is seeked, so the pieces can go to any file."""

from __future__ import annotations

import queue
import struct
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

try:  # ISA-L: the same deflate format and checksum, 5-8 times faster than zlib (installed where it has wheels)
    from isal import isal_zlib as deflating
except ImportError:  # a platform without them: zlib
    import zlib as deflating  # type: ignore[no-redef]

CHUNK = 1 << 20
SPOOL_BLOCK = 1 << 21  # bytes a Spool's thread deflates at a time (at most three such blocks held)
LEVEL = 1  # generated XML is repetitive: zlib's level 1 is several times faster than 6 and ~20 % larger
_LIMIT = 0xFFFFFFFF  # no zip64: the limits on what is read keep every copy far below 4 GiB
_UTF8 = 0x800


class ZipTooLarge(ValueError):
    """The copy would need zip64 (a member or the archive over 4 GiB)."""


def _dos_time(date_time: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time[:6]
    return (hour << 11) | (minute << 5) | (second // 2), ((max(year, 1980) - 1980) << 9) | (month << 5) | day


class Spool:
    """One member's content deflated into a temporary file, to be added to the archive later; written in many
    small pieces, deflated SPOOL_BLOCK at a time by a thread of its own (the deflater lets go of the interpreter while it
    works: the deflating goes on beside the Python that makes the next pieces; the block is large because the
    thread waits for the interpreter after each call, up to its switch interval of 5 ms)."""

    def __init__(self, file: BinaryIO | None = None) -> None:
        """Into a temporary file of its own, or at the end of `file` (which other spools may share, one after
        another, and its owner closes)."""
        self._owned = file is None
        self.file: BinaryIO = tempfile.TemporaryFile() if file is None else file  # noqa: SIM115  (see release)
        self.start = self.file.seek(0, 2)
        self.crc = self.size = self.compressed = 0
        self._pending: list[bytes] = []
        self._held = 0
        self._blocks: queue.Queue[bytes | None] = queue.Queue(maxsize=2)  # what waits to be deflated
        self._worker: threading.Thread | None = None
        self._failed: BaseException | None = None

    def write(self, data: bytes) -> None:
        self._pending.append(data)
        self._held += len(data)
        if self._held >= SPOOL_BLOCK:
            self._flush()

    def _flush(self) -> None:
        data = b"".join(self._pending)
        self._pending.clear()
        self._held = 0
        if self._worker is None:
            self._worker = threading.Thread(target=self._deflate, name="nomenklatur-spool", daemon=True)
            self._worker.start()
        self._blocks.put(data)
        if self._failed is not None:
            self.close()

    def _deflate(self) -> None:
        deflate = deflating.compressobj(LEVEL, deflating.DEFLATED, -15)
        ended = False  # close() has said there is no more
        try:
            while (data := self._blocks.get()) is not None:
                self.crc = deflating.crc32(data, self.crc)
                self.size += len(data)
                out = deflate.compress(data)
                self.compressed += len(out)
                self.file.write(out)
            ended = True
            out = deflate.flush()
            self.compressed += len(out)
            self.file.write(out)
        except BaseException as exc:  # noqa: BLE001  (raised in the writing thread by close)
            self._failed = exc
            while not ended and self._blocks.get() is not None:  # the writer may still put: nothing is deflated
                pass

    def close(self) -> None:
        """Everything written deflated and the file ready to read (a failure to write it raised here)."""
        if self._pending or self._worker is None:
            self._flush()
        assert self._worker is not None
        if self._worker.is_alive():
            self._blocks.put(None)
            self._worker.join()
        if self._failed is not None:
            raise self._failed
        self.file.seek(self.start)

    def handed(self) -> tuple[int, int, int, int]:
        """What another process needs to add this closed spool from the file they share (`written`)."""
        return self.start, self.crc, self.size, self.compressed

    @classmethod
    def written(cls, file: BinaryIO, handed: tuple[int, int, int, int]) -> Spool:
        """A spool another process deflated into `file` (which it shares with this one), as `handed` says."""
        spool = cls.__new__(cls)
        spool.file, spool._owned = file, False
        spool.start, spool.crc, spool.size, spool.compressed = handed
        return spool

    def release(self) -> None:
        """Its temporary file closed, once the archive has the member (a shared file is its owner's to close)."""
        if self._owned:
            self.file.close()


class ZipStream:
    """Members in the order they are added; `finish` gives the central directory."""

    def __init__(self) -> None:
        self.offset = 0
        self._central: list[bytes] = []
        self._now = _dos_time(time.localtime()[:6])

    def _local(self, name: bytes, flags: int, method: int, dos: tuple[int, int], crc: int, csize: int,
               size: int, made: int = 20, attrs: tuple[int, int] = (0, 0)) -> bytes:
        if max(self.offset, csize, size) >= _LIMIT:
            raise ZipTooLarge(name.decode("utf-8", "replace"))
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, method, dos[0], dos[1], crc, csize, size,
                             len(name), 0) + name
        self._central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", made, 20, flags, method, dos[0], dos[1], crc,
                                         csize, size, len(name), 0, 0, 0, attrs[0], attrs[1], self.offset) + name)
        return header

    def copy(self, source: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """A member of the zip open as `source`, its compressed bytes unchanged."""
        source.seek(info.header_offset)
        fixed = source.read(30)
        if fixed[:4] != b"PK\x03\x04" or info.flag_bits & 1:
            raise zipfile.BadZipFile(f"{info.filename}: no local header, or encrypted")
        name_len, extra_len = struct.unpack("<2H", fixed[26:30])
        source.seek(info.header_offset + 30 + name_len + extra_len)
        name = info.filename.encode("utf-8")
        flags = (info.flag_bits & ~0x08) | (_UTF8 if not name.isascii() else 0)
        header = self._local(name, flags, info.compress_type, _dos_time(info.date_time), info.CRC, info.compress_size,
                             info.file_size, (info.create_system << 8) | info.create_version,
                             (info.internal_attr, info.external_attr))
        yield header
        self.offset += len(header)
        left = info.compress_size
        while left:
            data = source.read(min(CHUNK, left))
            if not data:
                raise zipfile.BadZipFile(f"{info.filename}: truncated")
            left -= len(data)
            self.offset += len(data)
            yield data

    def write(self, name: str, pieces: Iterable[bytes | str]) -> Iterator[bytes]:
        """A new member deflated as its pieces come."""
        raw = name.encode("utf-8")
        flags = 0x08 | (_UTF8 if not raw.isascii() else 0)
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, zipfile.ZIP_DEFLATED, *self._now, 0, 0, 0,
                             len(raw), 0) + raw
        start = self.offset
        yield header
        self.offset += len(header)
        deflate = deflating.compressobj(LEVEL, deflating.DEFLATED, -15)
        crc = size = 0
        for piece in pieces:
            data = piece.encode("utf-8") if isinstance(piece, str) else piece
            crc = deflating.crc32(data, crc)
            size += len(data)
            out = deflate.compress(data)
            if out:
                self.offset += len(out)
                yield out
        out = deflate.flush()
        self.offset += len(out)
        yield out
        csize = self.offset - start - len(header)
        if max(start, csize, size) >= _LIMIT:
            raise ZipTooLarge(name)
        yield struct.pack("<4s3L", b"PK\x07\x08", crc, csize, size)
        self.offset += 16
        self._central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, zipfile.ZIP_DEFLATED, *self._now,
                                         crc, csize, size, len(raw), 0, 0, 0, 0, 0, start) + raw)

    def add(self, name: str, spool: Spool) -> Iterator[bytes]:
        """A member deflated earlier into `spool` (closed), copied from its temporary file."""
        raw = name.encode("utf-8")
        header = self._local(raw, _UTF8 if not raw.isascii() else 0, zipfile.ZIP_DEFLATED, self._now, spool.crc,
                             spool.compressed, spool.size)
        yield header
        self.offset += len(header)
        spool.file.seek(spool.start)
        left = spool.compressed
        while left:
            data = spool.file.read(min(CHUNK, left))
            if not data:
                raise ValueError(f"{name}: the deflated member ends early")
            left -= len(data)
            self.offset += len(data)
            yield data
        spool.release()

    def finish(self) -> Iterator[bytes]:
        """The central directory and its end record."""
        directory = b"".join(self._central)
        if self.offset + len(directory) >= _LIMIT or len(self._central) >= 0xFFFF:
            raise ZipTooLarge("central directory")
        yield directory
        yield struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(self._central), len(self._central), len(directory),
                          self.offset, 0)
