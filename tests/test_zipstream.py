"""The zip written as a stream (reports/zipstream.py): a member deflated earlier by a Spool's own thread reads
back as written, through zipfile; a failure in that thread is raised where the Spool is closed."""

from __future__ import annotations

import io
import random
import threading
import zipfile
import zlib
from pathlib import Path

import pytest

from nomenklatur.reports.zipstream import SPOOL_BLOCK, Spool, ZipStream


def _pieces(size: int) -> list[bytes]:
    rng = random.Random(size)
    out, left = [], size
    while left:
        n = min(left, rng.randint(1, 70_000))
        out.append(bytes(rng.choice(b"<row r=\"1\"><c/></row>0123456789") for _ in range(n)))
        left -= n
    return out


@pytest.mark.parametrize("size", [0, 10, SPOOL_BLOCK - 1, 3 * SPOOL_BLOCK + 12_345])
def test_a_spooled_member_reads_back_as_written(tmp_path: Path, size: int) -> None:
    pieces = _pieces(size)
    spool = Spool()
    for piece in pieces:
        spool.write(piece)
    spool.close()
    data = b"".join(pieces)
    assert (spool.size, spool.crc) == (len(data), zlib.crc32(data))
    zs = ZipStream()
    written = b"".join([*zs.add("xl/worksheets/sheet1.xml", spool), *zs.write("b.txt", ["dua"]), *zs.finish()])
    (tmp_path / "a.zip").write_bytes(written)
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.testzip() is None
        assert archive.read("xl/worksheets/sheet1.xml") == data and archive.read("b.txt") == b"dua"


def test_spools_that_share_a_file_are_added_from_another_process_as_they_hand_themselves_on(tmp_path: Path) -> None:
    """A forked child deflates into a file it shares with the parent (the Koreksi sheet), one spool after the
    other, and hands on where each lies: the parent adds them from that file, which stays its own to close."""
    shared = (tmp_path / "bersama").open("w+b")
    shared.write(b"not a member")  # a spool starts where the file ends
    first, second = _pieces(SPOOL_BLOCK + 5), _pieces(777)
    handed = []
    for pieces in (first, second):
        spool = Spool(shared)
        for piece in pieces:
            spool.write(piece)
        spool.close()
        handed.append(spool.handed())
    reread = (tmp_path / "bersama").open("rb")  # as the parent holds it: another file object
    zs = ZipStream()
    written = b"".join([*zs.add("dua.xml", Spool.written(reread, handed[1])),
                        *zs.add("satu.xml", Spool.written(reread, handed[0])), *zs.finish()])
    assert not reread.closed
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        assert archive.testzip() is None
        assert archive.read("satu.xml") == b"".join(first) and archive.read("dua.xml") == b"".join(second)
    reread.close()
    shared.close()


def test_a_spool_that_cannot_write_says_so_when_closed() -> None:
    spool = Spool()
    spool.file.close()
    spool.file = io.BufferedReader(io.BytesIO(b""))  # replaced by one that cannot be written to
    with pytest.raises(io.UnsupportedOperation):
        for piece in _pieces(3 * SPOOL_BLOCK):
            spool.write(piece)
        spool.close()
    assert spool._worker is not None and not spool._worker.is_alive()  # no thread left waiting


class _FullDisk(io.BytesIO):
    """A file that takes nothing: writing any byte fails, as on a full disk."""

    def write(self, data) -> int:  # type: ignore[override]
        if data:
            raise OSError(28, "No space left on device")
        return 0


def test_a_spool_whose_last_write_fails_says_so_when_closed() -> None:
    """The failure comes after the last block (zlib holds a small member until its end): close raises it, and
    does not wait forever for a block that will not come."""
    spool = Spool()
    spool.file.close()
    spool.file = _FullDisk()
    spool.write(b"<row/>" * 10)
    raised: list[BaseException] = []

    def close() -> None:
        try:
            spool.close()
        except OSError as exc:
            raised.append(exc)

    closing = threading.Thread(target=close, daemon=True)
    closing.start()
    closing.join(timeout=20)
    assert not closing.is_alive(), "close() waits forever"
    assert [str(e) for e in raised] == ["[Errno 28] No space left on device"]
    assert spool._worker is not None and not spool._worker.is_alive()


def test_where_isal_is_missing_zlib_writes_the_same_members(tmp_path: Path) -> None:
    """isal is installed only where it has wheels; elsewhere zlib deflates and checksums: the members read back the
    same through zipfile either way."""
    import subprocess
    import sys

    from nomenklatur.reports import zipstream

    pytest.importorskip("isal", reason="isal is not installed on this platform: zlib is the only deflater here")
    program = (
        "import sys\n"
        "sys.modules['isal'] = None  # as on a platform without its wheels\n"
        "from nomenklatur.reports import zipstream\n"
        "assert zipstream.deflating.__name__ == 'zlib', zipstream.deflating\n"
        "from nomenklatur.reports.zipstream import Spool, ZipStream\n"
        "spool = Spool()\n"
        "for n in range(40_000):\n"
        "    spool.write(b'<row r=\"%d\"><c r=\"A%d\" s=\"3\"/></row>' % (n, n))\n"
        "spool.close()\n"
        "zs = ZipStream()\n"
        "sys.stdout.buffer.write(b''.join([*zs.add('xl/worksheets/sheet1.xml', spool),\n"
        "                                  *zs.write('b.txt', ['dua' * 9_000]), *zs.finish()]))\n")
    with_zlib = subprocess.run([sys.executable, "-c", program], capture_output=True, check=True).stdout
    assert zipstream.deflating.__name__ == "isal.isal_zlib"
    spool = Spool()
    for n in range(40_000):
        spool.write(b'<row r="%d"><c r="A%d" s="3"/></row>' % (n, n))
    spool.close()
    zs = ZipStream()
    with_isal = b"".join([*zs.add("xl/worksheets/sheet1.xml", spool), *zs.write("b.txt", ["dua" * 9_000]),
                          *zs.finish()])
    members = []
    for data in (with_zlib, with_isal):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
            members.append({name: archive.read(name) for name in archive.namelist()})
    assert members[0] == members[1] and len(members[0]["xl/worksheets/sheet1.xml"]) > 1_000_000
