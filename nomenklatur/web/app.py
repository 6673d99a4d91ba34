"""The web application of `nomenklatur serve` (Starlette): check files, synchronize a province with its
kabupaten/kota, look up a code, in the browser. Forms work without JavaScript; with it the check shows its
progress (a stream of JSON lines from /api/…). Nothing uploaded outlives its request (see unggahan.py), and
every failure is one sentence on the page, never a stack trace."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from nomenklatur.config import SyncSettings, UserConfig, effective_rules, load_profile, profile_names
from nomenklatur.engine import CheckOptions
from nomenklatur.errors import describe_error
from nomenklatur.reports.html import CSS
from nomenklatur.tahun import YEARS
from nomenklatur.web import halaman
from nomenklatur.web.pekerja import Dapur, Jawaban, Penuh, Permintaan
from nomenklatur.web.unggahan import BukanLembarKerja, Tempat, TerlaluBesar, display_name, limited, save

DOWNLOADS = ("xlsx", "csv", "json")
MAX_FILES = 200  # files in one request
MAX_FIELD_BYTES = 64 * 1024  # a form field that is not a file
HEADERS = {  # on every response: no outside content, no framing, no sniffing, nothing cached or referred
    "content-security-policy": "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "cache-control": "no-store",
    "x-frame-options": "DENY",
}
_SAID = {
    "id": {"besar": "unggahan melebihi batas {size} (dapat dinaikkan dengan nomenklatur serve --maks-unggah)",
           "sibuk": "server sedang sibuk ({n} pemeriksaan menunggu); coba lagi sebentar lagi",
           "tanpa_berkas": "pilih sedikitnya satu berkas", "banyak": "paling banyak {n} berkas sekaligus",
           "bukan": "berkas {name!r} bukan lembar kerja: yang dapat diperiksa xlsx, xlsm, xls, ods, csv",
           "tahun": "tahun anggaran {value!r} tidak dikenal (daftar tersedia untuk TA {first}-{last})",
           "tahun_wajib": "pilih tahun anggaran", "tingkat": "tingkat {value!r} tidak dikenal (provinsi atau kabkota)",
           "wilayah": "kode wilayah {value!r} tidak dikenal: sebutkan kode provinsi atau kabupaten/kota, mis. 64 "
                      "atau 64.02",
           "profil": "profil {value!r} tidak ada (pilihan: {known})", "format": "format unduhan {value!r} tidak ada",
           "provinsi": "pilih satu berkas rencana provinsi", "kabkota": "pilih sedikitnya satu berkas kabupaten/kota",
           "rusak": "formulir tidak dapat dibaca: {reason}", "tidak_ada": "halaman ini tidak ada",
           "antre": "Menunggu giliran…", "mulai": "Memeriksa…", "baris": "Memeriksa: {rows} baris dibaca, {done} dari "
           "{total} berkas selesai", "internal": "kesalahan internal; pesan ini sudah dicatat di log server"},
    "en": {"besar": "the upload is over the {size} limit (raise it with nomenklatur serve --maks-unggah)",
           "sibuk": "the server is busy ({n} checks waiting); try again in a moment",
           "tanpa_berkas": "choose at least one file", "banyak": "at most {n} files at once",
           "bukan": "the file {name!r} is not a spreadsheet: xlsx, xlsm, xls, ods and csv can be checked",
           "tahun": "fiscal year {value!r} is not known (lists exist for FY{first}-{last})",
           "tahun_wajib": "choose the fiscal year", "tingkat": "level {value!r} is not known (provinsi or kabkota)",
           "wilayah": "region code {value!r} is not known: give a province or regency/city code, e.g. 64 or 64.02",
           "profil": "no profile {value!r} (choices: {known})", "format": "no download format {value!r}",
           "provinsi": "choose the province's plan (one file)", "kabkota": "choose at least one regency/city file",
           "rusak": "the form cannot be read: {reason}", "tidak_ada": "no such page",
           "antre": "Waiting for a turn…", "mulai": "Checking…", "baris": "Checking: {rows} rows read, {done} of "
           "{total} files done", "internal": "internal error; the server's log has the details"},
}


class FormError(Exception):
    """A request the user can correct: said in the page's language, with an HTTP status."""

    def __init__(self, key: str, status: int = 400, **values: Any) -> None:
        super().__init__(key)
        self.key, self.status, self.values = key, status, values
        self.lang: str | None = None  # the language the form asked for, once it was read

    def text(self, lang: str) -> str:
        return _SAID[self.lang or lang][self.key].format(**self.values)


@dataclass
class Setelan:
    """What the server allows: checks at once, requests waiting, upload size; the user's config (limits,
    header aliases) and where temporary folders go."""

    serentak: int = 2
    antrean: int = 16
    lang: str = "id"  # the pages' language when the address does not ask for one
    maks_unggah: int = 100 * 1024 * 1024
    config: UserConfig = field(default_factory=UserConfig)
    temp_root: str | None = None


class _Pelindung:
    """Every HTTP request gets its own upload folder (removed when the response ends or the browser leaves), the
    server's language, and the safety headers."""

    def __init__(self, app: Any, temp_root: str | None, lang: str) -> None:
        self.app, self.temp_root, self.lang = app, temp_root, lang

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tempat = Tempat(self.temp_root)
        scope["nomenklatur.tempat"], scope["nomenklatur.lang"] = tempat, self.lang

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      *((k.encode(), v.encode()) for k, v in HEADERS.items())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            tempat.remove()


def _lang(request: Request, form: Any = None) -> str:
    """The page's language: the form's or the address's `lang`, else the server's (`serve --lang`)."""
    asked = (form.get("lang") if form is not None else None) or request.query_params.get("lang")
    return halaman.bahasa(asked or request.scope.get("nomenklatur.lang"))


def _files(form: Any, name: str) -> list[UploadFile]:
    return [f for f in form.getlist(name) if isinstance(f, UploadFile) and (f.filename or f.size)]


class Aplikasi:
    """The routes and what they share: the settings, the worker pool (`Dapur`)."""

    def __init__(self, setelan: Setelan) -> None:
        self.setelan = setelan
        self.dapur: Dapur | None = None
        self.profiles = profile_names()
        self.years = list(YEARS)

    # -- reading a request --------------------------------------------------------------------------------------
    async def _permintaan(self, request: Request, jenis: str, keluaran: str) -> tuple[Permintaan, str]:
        """The request's files saved in its folder and its choices checked: (Permintaan, language)."""
        s = self.setelan
        if int(request.headers.get("content-length") or 0) > s.maks_unggah:
            raise FormError("besar", 413, size=_size(s.maks_unggah))
        request = Request(request.scope, limited(request.receive, s.maks_unggah))
        folder = request.scope["nomenklatur.tempat"].path
        lang = _lang(request)
        try:
            async with request.form(max_files=MAX_FILES, max_fields=50, max_part_size=MAX_FIELD_BYTES) as form:
                lang = _lang(request, form)
                choices = self._choices(form, jenis)
                taken: set[str] = set()
                groups = {"berkas": []} if jenis == "periksa" else {"provinsi": [], "kabkota": [], "sasaran": []}
                for group in groups:
                    for upload in _files(form, group):
                        try:
                            name = display_name(upload.filename, taken)
                        except BukanLembarKerja as exc:
                            raise FormError("bukan", name=exc.name) from None
                        await asyncio.to_thread(save, upload.file, folder, name)
                        groups[group].append(name)
        except TerlaluBesar:
            raise FormError("besar", 413, size=_size(s.maks_unggah)) from None
        except ClientDisconnect:
            raise
        except FormError as exc:
            exc.lang = lang
            raise
        except Exception as exc:  # a malformed multipart body: said, never a stack trace
            raise FormError("rusak", reason=str(exc)[:200]) from None
        try:
            return self._request_of(jenis, keluaran, lang, str(folder), groups, choices), lang
        except FormError as exc:
            exc.lang = lang
            raise

    def _choices(self, form: Any, jenis: str) -> dict[str, Any]:
        from nomenklatur.region import known
        from nomenklatur.tables import default_catalog

        raw = {key: str(form.get(key) or "").strip() for key in ("tahun", "tingkat", "wilayah", "profil")}
        tahun = None
        if raw["tahun"]:
            if not raw["tahun"].isdigit() or int(raw["tahun"]) not in YEARS:
                raise FormError("tahun", value=raw["tahun"][:20], first=YEARS[0], last=YEARS[-1])
            tahun = int(raw["tahun"])
        elif jenis == "sinkron":
            raise FormError("tahun_wajib")
        if raw["tingkat"] not in ("", "provinsi", "kabkota"):
            raise FormError("tingkat", value=raw["tingkat"][:20])
        if raw["wilayah"] and not known(default_catalog(), raw["wilayah"]):
            raise FormError("wilayah", value=raw["wilayah"][:20])
        profil = raw["profil"] or "default"
        if profil not in self.profiles:  # a name from the list, never a path
            raise FormError("profil", value=profil[:40], known=", ".join(self.profiles))
        return {"tahun": tahun, "tingkat": raw["tingkat"] or None, "wilayah": raw["wilayah"] or None, "profil": profil}

    def _request_of(self, jenis: str, keluaran: str, lang: str, folder: str, groups: dict[str, list[str]],
                    choices: dict[str, Any]) -> Permintaan:
        profile = load_profile(choices["profil"])
        config = self.setelan.config
        severities, params = effective_rules(profile, config, [], [])
        options = CheckOptions(tahun=choices["tahun"], severities=severities, params=params,
                               tingkat=choices["tingkat"] or profile.tingkat, wilayah=choices["wilayah"],
                               headers=config.headers, limits=config.read_limits())
        if jenis == "periksa":
            if not groups["berkas"]:
                raise FormError("tanpa_berkas")
            return Permintaan(jenis, folder, groups["berkas"], options, keluaran, lang)
        if len(groups["provinsi"]) != 1:
            raise FormError("provinsi")
        if not groups["kabkota"]:
            raise FormError("kabkota")
        target = groups["sasaran"][0] if groups["sasaran"] else None
        names = groups["provinsi"] + groups["kabkota"] + ([target] if target else [])
        return Permintaan(jenis, folder, names, options, keluaran, lang, target, profile.sync or SyncSettings())

    # -- running -------------------------------------------------------------------------------------------------
    async def _run(self, permintaan: Permintaan, kabar: Any = None) -> Jawaban | None:
        assert self.dapur is not None
        try:
            async with self.dapur.giliran():
                if kabar is not None:
                    kabar({"tahap": "mulai"})  # its turn came
                return await self.dapur.jalankan(permintaan, kabar)
        except Penuh:
            raise FormError("sibuk", 503, n=self.dapur.waiting) from None

    def _progress(self, lang: str, item: dict[str, Any]) -> dict[str, Any]:
        if item["tahap"] == "mulai":
            return {**item, "teks": _SAID[lang]["mulai"]}
        rows = f"{item['baris']:,}".replace(",", "." if lang == "id" else ",")
        return {**item, "teks": _SAID[lang]["baris"].format(rows=rows, done=item["berkas"], total=item["dari"])}

    async def stream(self, request: Request, jenis: str) -> Response:
        """/api/periksa, /api/sinkron: JSON lines — waiting, progress, then the report (or one failure)."""
        try:
            permintaan, lang = await self._permintaan(request, jenis, "html")
        except FormError as exc:
            lang = _lang(request)
            return Response(json.dumps({"tahap": "gagal", "pesan": exc.text(lang)}, ensure_ascii=False) + "\n",
                            exc.status, media_type="application/x-ndjson")

        async def lines() -> AsyncIterator[str]:
            news: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
            yield _line({"tahap": "antre", "teks": _SAID[lang]["antre"]})
            job = asyncio.ensure_future(self._run(permintaan, news.put_nowait))
            try:
                while not job.done():
                    waiting = asyncio.ensure_future(news.get())
                    await asyncio.wait({job, waiting}, return_when=asyncio.FIRST_COMPLETED)
                    if waiting.done():
                        yield _line(self._progress(lang, waiting.result()))
                    else:
                        waiting.cancel()
                answer = job.result()
            except FormError as exc:
                yield _line({"tahap": "gagal", "pesan": exc.text(lang)})
                return
            except Exception as exc:
                yield _line({"tahap": "gagal", "pesan": describe_error(exc, lang)})
                return
            finally:
                job.cancel()
            if answer is not None:
                yield _line({"tahap": "selesai", "html": halaman.report(lang, answer.isi.decode()),
                             "ringkasan": answer.ringkasan, "berkas": answer.files})

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    async def page(self, request: Request, jenis: str) -> Response:
        """/periksa, /sinkron without JavaScript: the form again with the report below it."""
        page = halaman.check_page if jenis == "periksa" else halaman.sync_page
        lang = _lang(request)
        try:
            permintaan, lang = await self._permintaan(request, jenis, "html")
            answer = await self._run(permintaan)
        except FormError as exc:
            lang = exc.lang or lang
            return HTMLResponse(page(lang, self.years, self.profiles, halaman.failure(lang, exc.text(lang))), exc.status)
        except Exception as exc:
            return HTMLResponse(page(lang, self.years, self.profiles, halaman.failure(lang, describe_error(exc, lang))),
                                400)
        body = halaman.report(lang, answer.isi.decode()) if answer is not None else ""
        return HTMLResponse(page(lang, self.years, self.profiles, body))

    async def download(self, request: Request, jenis: str) -> Response:
        """/unduh/{fmt}, /sinkron/unduh/{fmt}: the annotated copy, the task list or the JSON, as a file."""
        fmt = request.path_params["fmt"]
        lang = _lang(request)
        try:
            if fmt not in DOWNLOADS or (jenis == "sinkron" and fmt == "xlsx"):
                raise FormError("format", 404, value=fmt[:20])
            permintaan, lang = await self._permintaan(request, jenis, fmt)
            answer = await self._run(permintaan)
        except FormError as exc:
            return PlainTextResponse(exc.text(lang), exc.status)
        except Exception as exc:
            return PlainTextResponse(describe_error(exc, lang), 400)
        if answer is None or answer.berkas is None:
            return Response(status_code=499)
        ascii_name = answer.nama.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
        return FileResponse(answer.berkas, media_type=answer.media, headers={
            "content-disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(answer.nama)}"})

    # -- pages ---------------------------------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        return HTMLResponse(halaman.check_page(_lang(request), self.years, self.profiles))

    async def sync_form(self, request: Request) -> Response:
        return HTMLResponse(halaman.sync_page(_lang(request), self.years, self.profiles))

    async def lookup(self, request: Request) -> Response:
        from nomenklatur import kode
        from nomenklatur import lookup as lk
        from nomenklatur.tables import default_catalog

        lang = _lang(request)
        query = request.query_params.get("q", "").strip()[:200]
        tahun = request.query_params.get("tahun", "")
        found = ""
        if query:
            catalog = default_catalog()
            try:
                parsed = kode.parse(query)
            except kode.KodeError:
                parsed = None
            if parsed is not None:
                found = halaman.code_report(lang, lk.lookup_code(catalog, parsed, None, lang))
            else:
                choice = catalog.choose(int(tahun), "kabkota") if tahun.isdigit() and int(tahun) in YEARS else None
                found = halaman.name_matches(lang, lk.search_list(catalog, query, None, choice, None, 20, lang))
        return HTMLResponse(halaman.lookup_page(lang, query, tahun if tahun.isdigit() else "", self.years, found))


def _size(n: int) -> str:
    """A byte count as people read it: 100 MB, 4 KB."""
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def _line(item: dict[str, Any]) -> str:
    return json.dumps(item, ensure_ascii=False) + "\n"


async def _css(_request: Request) -> Response:
    return Response(CSS + halaman.WEB_CSS, media_type="text/css; charset=utf-8")


async def _script(_request: Request) -> Response:
    return Response(halaman.SCRIPT, media_type="text/javascript; charset=utf-8")


async def _health(_request: Request) -> Response:
    return PlainTextResponse("ok")


def create_app(setelan: Setelan | None = None) -> Any:
    """The application, ready for any ASGI server (`nomenklatur serve` runs it with uvicorn)."""
    aplikasi = Aplikasi(setelan or Setelan())

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        aplikasi.dapur = Dapur(aplikasi.setelan.serentak, aplikasi.setelan.antrean)
        try:
            yield
        finally:
            dapur, aplikasi.dapur = aplikasi.dapur, None
            await asyncio.to_thread(dapur.close)

    async def not_found(request: Request, exc: HTTPException) -> Response:
        lang = _lang(request)
        said = _SAID[lang]["tidak_ada"] if exc.status_code == 404 else str(exc.detail)
        return HTMLResponse(halaman.frame(lang, "", halaman.failure(lang, said)), exc.status_code)

    async def failed(request: Request, exc: Exception) -> Response:
        lang = _lang(request)
        return HTMLResponse(halaman.frame(lang, "", halaman.failure(lang, _SAID[lang]["internal"])), 500)

    routes = [
        Route("/", aplikasi.home), Route("/sinkron", aplikasi.sync_form), Route("/cari", aplikasi.lookup),
        *(Route(path, partial(answer, jenis=jenis), methods=["POST"])
          for jenis, prefix in (("periksa", "/periksa"), ("sinkron", "/sinkron"))
          for path, answer in ((prefix, aplikasi.page), (f"/api{prefix}", aplikasi.stream),
                               (f"{'/unduh' if jenis == 'periksa' else '/sinkron/unduh'}/{{fmt}}", aplikasi.download))),
        Route("/aset/gaya.css", _css), Route("/aset/halaman.js", _script), Route("/sehat", _health),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={HTTPException: not_found, Exception: failed})
    return _Pelindung(app, aplikasi.setelan.temp_root, aplikasi.setelan.lang)
