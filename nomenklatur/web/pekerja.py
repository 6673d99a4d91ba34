"""Checks of the web application run in worker processes (a hostile or huge file costs a worker, never the
server; the cores work in parallel), at most `serentak` at once, others waiting their turn up to a bound.
Progress goes back through one queue shared by the workers; a check whose request folder is gone (the browser
left) stops at its next progress report."""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import os
import threading
import zipfile
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from nomenklatur.engine import CheckOptions, RunResult

TASKS_PER_WORKER = 50  # a worker is replaced after this many checks: memory a check left behind is returned
MEDIA = {"html": "text/html; charset=utf-8", "json": "application/json", "csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12", "zip": "application/zip"}


@dataclass
class Permintaan:
    """What one request asks: check files (`periksa`) or a province with its kabupaten/kota (`sinkron`), and
    the form of the answer (`html` for the page, or a download: `xlsx`, `csv`, `json`)."""

    jenis: str
    folder: str
    names: list[str]  # the uploaded files, by display name, inside `folder`
    options: CheckOptions
    keluaran: str = "html"
    lang: str = "id"
    target: str | None = None  # sinkron: the target-village list's display name
    sync: Any = None  # sinkron: the profile's SyncSettings


@dataclass
class Jawaban:
    """A finished check: the page fragment (`isi`), or the file to download written in the request's folder
    (`berkas`: a report of a million findings is streamed from disk, never held whole), and the counts."""

    isi: bytes
    media: str
    nama: str
    ringkasan: dict[str, int] = field(default_factory=dict)
    files: int = 0
    berkas: str | None = None


DOWNLOAD = ".unduhan"  # the download's file in the request's folder (no upload is named with a leading dot)


class Dibatalkan(BaseException):
    """The request is gone: the check is abandoned (not an error of the file, so not an Exception that the
    engine would report as a finding)."""


_kabar: Any = None  # the workers' progress queue (set in each worker by _mulai)


def _mulai(kabar: Any) -> None:
    """A new worker: keep the progress queue, read the code lists and the report code before the first request
    needs them (a few MB, a tenth of a second)."""
    global _kabar
    _kabar = kabar
    import nomenklatur.reports.html  # noqa: F401
    import nomenklatur.suppress  # noqa: F401
    from nomenklatur.tables import default_catalog

    catalog = default_catalog()
    for jenis in ("nomenklatur", "akun", "wilayah"):
        for name in catalog.names(jenis):
            catalog.table(name)


def _siap() -> None:
    """Nothing: submitted once per worker at start, so that every worker is made (and ready) before requests."""


def kerjakan(tugas: int, permintaan: Permintaan) -> Jawaban | None:
    """Run one request in this worker, inside its folder (so the files are named as uploaded); None when the
    request went away before the check ended."""
    folder = Path(permintaan.folder)
    told = {"rows": 0, "files": 0}

    def tell(kind: str, n: int) -> None:
        if not folder.is_dir():
            raise Dibatalkan
        told[kind] += n
        if _kabar is not None:
            _kabar.put((tugas, {"tahap": "periksa", "baris": told["rows"], "berkas": told["files"],
                                "dari": len(permintaan.names)}))

    here = os.getcwd()
    os.chdir(folder)
    try:
        options = replace(permintaan.options, overlap_from=None, on_rows=lambda n: tell("rows", n))
        run = _run(permintaan, options, lambda _result: tell("files", 1))
        return _answer(run, permintaan)
    except Dibatalkan:
        return None
    finally:
        os.chdir(here)


def _run(permintaan: Permintaan, options: CheckOptions, done: Callable[[Any], None]) -> RunResult:
    from nomenklatur.engine import check_paths
    from nomenklatur.suppress import apply_markers

    if permintaan.jenis == "sinkron":
        from nomenklatur.sync import pick_province, run_sync

        province, kabkota = pick_province(permintaan.names, options, permintaan.target, permintaan.sync)
        return run_sync(province, kabkota, options, permintaan.sync, permintaan.target, jobs=1)
    return apply_markers(check_paths(permintaan.names, options, done=done), options.severities)


def _report(run: RunResult, fmt: str, lang: str, out: IO[bytes]) -> None:
    from nomenklatur.reports import FORMATS

    for piece in FORMATS[fmt].chunks(run, lang):
        out.write(piece.encode("utf-8") if isinstance(piece, str) else piece)


def _answer(run: RunResult, permintaan: Permintaan) -> Jawaban:
    from nomenklatur.reports.html import body

    fmt, lang, counts = permintaan.keluaran, permintaan.lang, run.summary()
    if fmt == "html":
        return Jawaban(body(run, lang).encode(), MEDIA["html"], "", counts, len(run.files))
    base = Path(permintaan.names[0]).stem if len(permintaan.names) == 1 else "nomenklatur"
    target = str(Path(permintaan.folder) / DOWNLOAD)
    with open(target, "xb") as out:
        if fmt == "xlsx" and len(run.files) > 1:  # one annotated copy per file, in a zip
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                for result in run.files:
                    one = RunResult([result], result.tahun or run.tahun, run.choice)
                    with archive.open(f"{Path(result.path).stem}-koreksi.{_copy_kind(result.path)}", "w") as member:
                        _report(one, "xlsx", lang, member)
            media, name = MEDIA["zip"], "nomenklatur-koreksi.zip"
        elif fmt == "xlsx":
            kind = _copy_kind(run.files[0].path)
            _report(run, fmt, lang, out)
            media, name = MEDIA[kind], f"{base}-koreksi.{kind}"
        else:
            _report(run, fmt, lang, out)
            media, name = MEDIA[fmt], f"{base}-temuan.{fmt}"
    return Jawaban(b"", media, name, counts, len(run.files), target)


def _copy_kind(path: str) -> str:
    """xlsm when the annotated copy keeps the workbook's macros (Excel opens them only under that name)."""
    from nomenklatur.workbook import ReadLimits, WorkbookError
    from nomenklatur.workbook.container import identify

    try:
        fmt, archive = identify(Path(path), ReadLimits())
    except WorkbookError:
        return "xlsx"
    if archive is not None:
        archive.close()
    return "xlsm" if fmt == "xlsm" else "xlsx"


class Penuh(Exception):
    """More requests wait than the server allows."""


class Dapur:
    """The worker pool, the limit on checks at once and on requests waiting, and the progress reader."""

    def __init__(self, serentak: int, antrean: int) -> None:
        self.serentak, self.antrean = serentak, antrean
        self.waiting = 0
        self._slots: asyncio.Semaphore | None = None
        self._ids = itertools.count(1)
        self._listeners: dict[int, Callable[[dict[str, Any]], None]] = {}
        context = multiprocessing.get_context("spawn")
        self._kabar = context.Queue()
        self._pool = ProcessPoolExecutor(max_workers=serentak, mp_context=context, initializer=_mulai,
                                         initargs=(self._kabar,), max_tasks_per_child=TASKS_PER_WORKER)
        self._reader = threading.Thread(target=self._read, name="nomenklatur-kabar", daemon=True)
        self._reader.start()
        for _ in range(serentak):
            self._pool.submit(_siap)

    def _read(self) -> None:
        while (item := self._kabar.get()) is not None:
            tugas, kabar = item
            listener = self._listeners.get(tugas)
            if listener is not None:
                listener(kabar)

    @asynccontextmanager
    async def giliran(self) -> AsyncIterator[None]:
        """Wait for a free slot (Penuh when too many already wait)."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.serentak)
        if self.waiting >= self.antrean and self._slots.locked():
            raise Penuh
        self.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self.waiting -= 1
        try:
            yield
        finally:
            self._slots.release()

    async def jalankan(self, permintaan: Permintaan,
                       kabar: Callable[[dict[str, Any]], None] | None = None) -> Jawaban | None:
        """Run a request in a worker (within a slot taken by `giliran`), telling `kabar` of its progress."""
        loop = asyncio.get_running_loop()
        tugas = next(self._ids)
        if kabar is not None:
            self._listeners[tugas] = lambda item: loop.call_soon_threadsafe(kabar, item)
        try:
            return await loop.run_in_executor(self._pool, kerjakan, tugas, permintaan)
        finally:
            self._listeners.pop(tugas, None)

    def close(self) -> None:
        self._kabar.put(None)
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._reader.join(timeout=5)
