"""The command line: parse arguments, call the library, print. Heavy imports happen inside commands."""

from __future__ import annotations

import functools
import io
import json
import os
import sys
from pathlib import Path
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Callable

import click

from nomenklatur.klik import Kelompok, in_bahasa_indonesia
from nomenklatur.reports import FORMATS as REPORT_FORMATS

in_bahasa_indonesia()  # click's own words (usage, option errors), before any command is built

if TYPE_CHECKING:
    from nomenklatur.engine import RunResult

LANG = click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
                    help="Bahasa pesan: id (Indonesia) atau en (English).")
DEBUG = click.option("--debug", is_flag=True, help="Tampilkan traceback bila terjadi kesalahan.")
JSON = click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")


class UserError(ValueError):
    """A problem the user can fix; printed as a message, exit status 2."""


def _run_safely(func: Callable[..., Any]) -> Callable[..., Any]:
    """Print known errors as one clear line and exit 2; never a traceback unless --debug. SIGTERM unwinds the
    command as Ctrl-C does (`henti.sigterm_unwinds`): no temporary file is left behind."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from nomenklatur.errors import describe_error
        from nomenklatur.henti import sigterm_unwinds

        lang, debug = kwargs.get("lang", "id"), kwargs.pop("debug", False)
        click.get_current_context().meta["nomenklatur.debug"] = debug  # read by _check_options
        try:
            with sigterm_unwinds():
                return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # the reader went away (`| head`): nothing to say
            sys.stderr = open(os.devnull, "w")
            sys.exit(0)
        except Exception as exc:  # every failure reaches the user as a sentence, never a traceback
            if debug:
                raise
            click.echo(describe_error(exc, lang), err=True)
            sys.exit(2)

    return wrapper


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=Kelompok, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nomenklatur")
def main() -> None:
    """Periksa kode dan nomenklatur Permendagri 90/2019 dalam dokumen perencanaan dan anggaran daerah."""
    _stdout_written_whole()


def _stdout_written_whole() -> None:
    """Reports go to stdout whole. With PYTHONUNBUFFERED=1 (common in containers and CI) sys.stdout writes straight
    to the raw file, and Python's text layer drops the part of a write that a signal cut short (CPython gh-85393):
    a job stopped and continued while its report went into a pipe gave a garbled report. A buffered layer in
    between writes every byte; each `click.echo` still flushes at once."""
    stream = sys.stdout
    if os.name != "posix" or not isinstance(stream, io.TextIOWrapper) or \
            not isinstance(getattr(stream, "buffer", None), io.RawIOBase):
        return
    stream.flush()
    raw = stream.detach()
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(raw), encoding=stream.encoding, errors=stream.errors,
                                  newline="\n", line_buffering=stream.line_buffering, write_through=True)


@main.group(invoke_without_command=True)
@JSON
@LANG
@DEBUG
@click.pass_context
@_run_safely
def tables(ctx: click.Context, as_json: bool, lang: str) -> None:
    """Daftar versi tabel kode beserta jumlah dan asal-usulnya."""
    if ctx.invoked_subcommand is not None:
        return
    from nomenklatur.tables import default_catalog

    from nomenklatur.tables.catalog import governance

    catalog = default_catalog()
    metas = [catalog.meta(n) for n in catalog.names()]
    years = governance(catalog)
    if as_json:
        _echo_json({"tables": [m.to_dict() for m in metas], "years": years})
        return
    en = lang == "en"
    click.echo("Lists used per fiscal year and level:" if en else "Daftar yang dipakai per tahun anggaran dan tingkat:")
    status = {"lengkap": "full" if en else "lengkap", "pengganti": "stand-in" if en else "pengganti",
              "teramati": "observed subset" if en else "sebagian teramati"}
    jenis = {"program": "program codes" if en else "kode program", "akun": "accounts" if en else "rekening",
             "sumber_dana": "funding sources" if en else "sumber dana", "wilayah": "regions" if en else "wilayah"}
    for row in years:
        click.echo(f"  {'FY' if en else 'TA '}{row['tahun']}  {_word(str(row['tingkat']), lang)}")
        for key, word in jenis.items():
            used = row[key]
            click.echo(f"      {word}: {used['regulation_en' if en else 'regulation']} [{status[used['status']]}]")
    click.echo("")
    for meta in metas:
        years = ", ".join(str(y) for y in meta.fiscal_years) or "-"
        click.echo(f"{meta.name}  [{meta.jenis}]  {meta.title}")
        click.echo(f"    {'regulation' if lang == 'en' else 'regulasi'}: {meta.regulation}"
                   f"{f' ({meta.regulation_date})' if meta.regulation_date else ''}")
        click.echo(f"    {'fiscal years' if lang == 'en' else 'tahun anggaran'}: {years}")
        for level, counts in meta.counts.items():
            click.echo(f"    {_word(level, lang)}: " + ", ".join(f"{_word(k, lang)} {v}" for k, v in counts.items()))
        used: dict[tuple[str, str], int] = {}  # a source read for two levels is one line
        for source in meta.sources:
            used[source.file, source.role] = used.get((source.file, source.role), 0) + source.rows_used
        for (file, role), rows in used.items():
            click.echo(f"    {'source' if lang == 'en' else 'sumber'}: {file} ({role}, {rows})")


# Words of the tables' counts as people say them (the JSON keeps the keys).
_WORDS = {"kabkota": ("kabupaten/kota", "regency/city"), "semua": ("semua tingkat", "all levels"),
          "provinsi": ("provinsi", "province"), "sub_kegiatan": ("sub kegiatan", "sub kegiatan"),
          "rincian_objek": ("rincian objek", "rincian objek"), "sub_rincian_objek": ("sub rincian objek",
                                                                                    "sub rincian objek"),
          "same": ("tetap", "unchanged"), "renamed": ("ganti nama", "renamed"), "moved": ("pindah", "moved"),
          "removed": ("dihapus", "removed"), "successor": ("berpengganti", "succeeded"),
          "unmatched": ("tak ada yang senama", "no same-named code")}


def _word(key: str, lang: str) -> str:
    said = _WORDS.get(key)
    return key if said is None else said[1 if lang == "en" else 0]


@tables.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--name", "--nama", "name", required=True, help="Nama versi baru, mis. fy2026.")
@click.option("--years", "--tahun", "years", default="", help="Tahun anggaran yang diatur, mis. 2026 atau 2025,2026.")
@click.option("--jenis", type=click.Choice(["nomenklatur", "akun", "wilayah"]), default="nomenklatur", show_default=True,
              help="Jenis daftar: nomenklatur (program, kegiatan, sub kegiatan), akun (rekening) atau wilayah.")
@click.option("--tingkat", type=click.Choice(["provinsi", "kabkota"]), default=None,
              help="Tingkat pemda daftar ini (bila berkas tak punya kolom jenis_pemda).")
@click.option("--regulasi", "--regulation", "regulation", default="", help="Dasar hukum, mis. 'Kepmendagri 900.1-861/2026'.")
@click.option("--tanggal", "regulation_date", default=None, help="Tanggal regulasi (YYYY-MM-DD).")
@click.option("--judul", "title", default="", help="Judul singkat versi.")
@click.option("--induk", "parents", multiple=True, type=click.Path(path_type=Path),
              help="Daftar pendukung: hanya dipakai untuk melengkapi kode induk yang tidak ada.")
@click.option("--pinjam", "borrow", multiple=True, metavar="TINGKAT=TABEL",
              help="Ambil satu tingkat dari tabel lain, mis. provinsi=sipd-2027.")
@click.option("--output", "output", type=click.Path(path_type=Path), default=None,
              help="Folder tujuan (bawaan: folder tabel pengguna).")
@click.option("--force", is_flag=True, help="Timpa versi pengguna dengan nama yang sama.")
@LANG
@DEBUG
@_run_safely
def tables_import(files: tuple[Path, ...], name: str, years: str, jenis: str, tingkat: str | None,
                  regulation: str, regulation_date: str | None, title: str, parents: tuple[Path, ...],
                  borrow: tuple[str, ...], output: Path | None, force: bool, lang: str) -> None:
    """Buat versi tabel baru dari daftar resmi (csv atau xlsx).

    Kolom yang dibaca (baris judul pertama yang memuat kolom kode): kode (code, kode_sub_kegiatan,
    kode_rekening), nama (name, uraian, nomenklatur), tingkatan (level, kind; opsional, diperiksa terhadap
    kodenya), jenis_pemda (PROV/KABKOT; atau --tingkat), keterangan (opsional). CSV boleh dipisah koma atau
    titik koma.
    """
    from nomenklatur.tables import default_catalog
    from nomenklatur.tables.catalog import Catalog
    from nomenklatur.tables.importer import ImportSpec, SourceSpec, compile_table
    from nomenklatur.tables.store import SHIPPED_DIR, dumps, user_dir, write_atomic, write_index

    catalog = default_catalog()
    target = output or user_dir()
    if name in catalog.names() and (catalog.path(name).parent == SHIPPED_DIR or not force):
        raise UserError(f"versi {name!r} sudah ada; pakai nama lain" + ("" if catalog.path(name).parent == SHIPPED_DIR
                                                                        else " atau --force"))
    try:
        fiscal_years = tuple(int(y) for y in years.replace(" ", "").split(",") if y)
        borrowed = tuple((level, table) for level, table in (item.split("=", 1) for item in borrow))
    except ValueError:
        raise UserError("--years harus berisi tahun (mis. 2026 atau 2025,2026) dan --pinjam berbentuk TINGKAT=TABEL")
    sources = tuple(SourceSpec(f, name, pemda=tingkat) for f in files)
    sources += tuple(SourceSpec(f, f.stem, role="induk", pemda=tingkat) for f in parents)
    spec = ImportSpec(name=name, jenis=jenis, title=title or name, regulation=regulation or "-",
                      regulation_date=regulation_date, fiscal_years=fiscal_years, sources=sources, borrow=borrowed)
    meta, rows = compile_table(spec, catalog)
    target.mkdir(parents=True, exist_ok=True)
    write_atomic(target / f"{name}.json", dumps(meta, rows))
    write_index(target)
    Catalog((target,))  # re-read to prove the written table loads
    counts = "; ".join(f"{lv}: " + ", ".join(f"{k} {v}" for k, v in c.items()) for lv, c in meta.counts.items())
    click.echo(f"{'imported' if lang == 'en' else 'diimpor'} {name} -> {target / (name + '.json')} ({counts})")


@main.command(short_help="Cari kode atau nama di daftar kode.")
@click.argument("query")
@click.option("--tahun", "--year", "tahun", type=int, default=None,
              help="Tahun anggaran untuk pencarian nama: dicari di daftarnya (tanpa --tahun/--tabel: daftar terbaru).")
@click.option("--tabel", "--table", "table", default=None,
              help="Versi tabel untuk pencarian nama (lihat `nomenklatur tables`); didahulukan dari --tahun.")
@click.option("--tingkat", type=click.Choice(["provinsi", "kabkota"]), default=None, help="Tingkat pemda.")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True,
              help="Jumlah hasil pencarian nama paling banyak.")
@JSON
@LANG
@DEBUG
@_run_safely
def lookup(query: str, tahun: int | None, table: str | None, tingkat: str | None, limit: int,
           as_json: bool, lang: str) -> None:
    """Cari kode (mis. 2.13.02) atau nama (mis. "penataan desa")."""
    from nomenklatur import kode, lookup as lk
    from nomenklatur.tables import default_catalog

    catalog = default_catalog()
    try:
        parsed = kode.parse(query)
    except kode.KodeError:
        parsed = None
    if parsed is not None:
        report = lk.lookup_code(catalog, parsed, tingkat, lang)
        _echo_json(lk.code_report_dict(report)) if as_json else click.echo(lk.render_code_report(report, lang))
        if not report.known:
            sys.exit(1)
        return
    choice = catalog.choose(_valid_year(tahun), tingkat or "kabkota") if tahun and not table else None
    search = lk.search_list(catalog, query, table, choice, tingkat, limit, lang)
    _echo_json(lk.matches_dict(search)) if as_json else click.echo(lk.render_matches(search, lang))


SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def _expand(paths: tuple[str, ...], lang: str = "id") -> list[str]:
    """Files as given, each once; a folder stands for the spreadsheets inside it (sorted), except nomenklatur's
    own reports (an annotated copy, a csv task list), which are named on stderr as not checked. A report named
    on its own is checked (an annotated copy's Koreksi sheet is skipped), a csv task list is refused."""
    from nomenklatur.laporan_sendiri import own_report

    files: dict[Path, str] = {}  # the real file -> the name the user gave
    reports: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.suffix.lower() in SPREADSHEET_SUFFIXES
                           and not p.name.startswith(("~$", ".")))
            if not found:
                raise UserError(f"folder {given!r} tidak berisi berkas xlsx/xls/ods/csv")
            for name in found:
                if _real(name) in files:
                    continue
                if own_report(name):
                    reports.append(name)
                else:
                    files[_real(name)] = name
        elif path.suffix.lower() == ".csv" and own_report(path):
            reports.append(given)
        else:
            files.setdefault(_real(given), given)
    if reports:
        said = "not checked, reports written by nomenklatur" if lang == "en" else \
            "tidak diperiksa, laporan buatan nomenklatur"
        click.echo(f"nomenklatur: {said}: {', '.join(reports)}", err=True)
    if not files:
        raise UserError("tidak ada berkas usulan untuk diperiksa: yang disebut hanya laporan buatan nomenklatur")
    return list(files.values())


def _real(name: str) -> Path:
    """The file a name stands for (the same file by another path, or by a link, is one file)."""
    try:
        return Path(name).resolve()
    except (OSError, RuntimeError):  # a link loop: the name itself (reading it says what is wrong)
        return Path(os.path.abspath(name))


def _split_codes(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _check_target(output: Path | None, inputs: list[str], force: bool) -> None:
    """An output file may never be an input, nor replace an existing file without --force."""
    if output is None:
        return
    if any(_real(str(output)) == _real(p) for p in inputs):  # a link loop on either side: compared as named
        raise UserError(f"{output}: berkas keluaran tidak boleh sama dengan berkas masukan")
    if output.exists() and not force:
        raise UserError(f"{output}: berkas sudah ada; pakai --force untuk menimpanya")


def _write_output(content: str | bytes | Iterable[str | bytes], output: Path, inputs: list[str], force: bool) -> None:
    """Text or bytes, or their pieces, into `output` (atomically; text ends with a newline)."""
    from nomenklatur.atomic import write_atomic

    _check_target(output, inputs, force)
    write_atomic(output, _ending_in_newline((content,) if isinstance(content, (str, bytes)) else content))


def _ending_in_newline(pieces: Iterable[str | bytes]) -> Iterator[str | bytes]:
    """The pieces, then a newline where the text's last piece does not end with one (bytes as they are)."""
    last: str | bytes = b""
    for piece in pieces:
        if piece:
            last = piece
            yield piece
    if isinstance(last, str) and not last.endswith("\n"):
        yield "\n"


def _check_options(tahun: int | None, tingkat: str | None, wilayah: str | None, profil: str | None,
                   config_path: Path | None, select: tuple[str, ...], ignore: tuple[str, ...], tabel: str | None):
    """The check's settings from the command line, the user's config and the profile: (CheckOptions, config)."""
    from nomenklatur.config import effective_rules, find_user_config, load_profile, load_user_config
    from nomenklatur.engine import CheckOptions
    from nomenklatur.tables import default_catalog

    config = load_user_config(config_path if config_path else find_user_config(Path.cwd()))
    profile = load_profile(profil or config.profil or (tingkat or config.tingkat or "default"))
    year = _valid_year(tahun or config.tahun)
    if tabel:
        default_catalog().table(tabel)
    severities, params = effective_rules(profile, config, _split_codes(select), _split_codes(ignore))
    region = _valid_region(wilayah or config.wilayah)
    options = CheckOptions(tahun=year, severities=severities, params=params,
                           tingkat=tingkat or config.tingkat or profile.tingkat, wilayah=region,
                           tabel=tabel, headers=config.headers, limits=config.read_limits(), debug=_debug())
    return options, config


def _valid_region(code: str | None) -> str | None:
    """A province or kabupaten/kota code that a region list holds (`64.02`); another is a usage error."""
    if code is None:
        return None
    from nomenklatur.region import known
    from nomenklatur.tables import default_catalog

    code = code.strip()
    if known(default_catalog(), code):
        return code
    raise UserError(f"kode wilayah {code!r} tidak dikenal: sebutkan kode provinsi atau kabupaten/kota, "
                    f"mis. 64 (Kalimantan Timur) atau 64.02 (Kutai Kartanegara)")


def _valid_year(year: int | None) -> int | None:
    """A fiscal year that a list (or a neighbouring year's list) exists for; another is a usage error."""
    from nomenklatur.tahun import YEARS

    if year is not None and year not in YEARS:
        raise UserError(f"tahun anggaran {year} tidak dikenal: daftar nomenklatur tersedia untuk TA {YEARS[0]}-"
                        f"{YEARS[-1]} (tulis tahunnya lengkap, mis. --tahun 2024)")
    return year


def _debug() -> bool:
    """Whether --debug was given: a failure of nomenklatur on one file is then raised, not reported as NK002."""
    context = click.get_current_context(silent=True)
    return bool(context and context.meta.get("nomenklatur.debug"))


@main.command(short_help="Periksa berkas usulan terhadap nomenklatur tahunnya.")
@click.argument("files", nargs=-1, required=True)
@click.option("--tahun", "--year", "tahun", type=int, default=None, help="Tahun anggaran, mis. 2021.")
@click.option("--tingkat", type=click.Choice(["provinsi", "kabkota"]), default=None,
              help="Tingkat pemda berkas (bawaan: dari judul berkas, atau disimpulkan dari kode).")
@click.option("--wilayah", default=None, help="Kode wilayah berkas, mis. 64.02 (Kutai Kartanegara).")
@click.option("--profil", "--profile", "profil", default=None, help="Profil aturan di rules/ (default, provinsi, kabkota) atau berkas YAML.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Berkas pengaturan (bawaan: .nomenklatur.yaml atau [tool.nomenklatur] di pyproject.toml).")
@click.option("--select", multiple=True, help="Hanya aturan ini (kode atau awalan, pisahkan dengan koma).")
@click.option("--ignore", multiple=True, help="Abaikan aturan ini (kode atau awalan, pisahkan dengan koma).")
@click.option("--tabel", "--table", "tabel", default=None, help="Paksa versi tabel tertentu (lihat: nomenklatur tables).")
@click.option("--format", "fmt", type=click.Choice(list(REPORT_FORMATS)), default="text", show_default=True,
              help="Bentuk laporan: text, json, csv (daftar tugas), html (halaman), xlsx (salinan bertanda, "
                   "perlu --output), sarif, junit, github, gitlab (untuk CI).")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="Tulis laporan ke berkas ini.")
@click.option("--force", is_flag=True, help="Timpa berkas keluaran yang sudah ada.")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Abaikan temuan yang sudah tercatat di berkas garis dasar ini (JSON dari --write-baseline).")
@click.option("--write-baseline", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Catat semua temuan sekarang sebagai garis dasar (JSON) di berkas ini.")
@click.option("--statistics", is_flag=True, help="Tambahkan jumlah temuan per aturan.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Periksa beberapa berkas sekaligus dalam N proses.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Tingkat temuan yang membuat status keluar 1 (bawaan: error).")
@LANG
@DEBUG
@_run_safely
def check(files: tuple[str, ...], tahun: int | None, tingkat: str | None, wilayah: str | None, profil: str | None,
          config_path: Path | None, select: tuple[str, ...], ignore: tuple[str, ...], tabel: str | None, fmt: str,
          output: Path | None, force: bool, baseline: Path | None, write_baseline: Path | None, statistics: bool,
          jobs: int, fail_on: str | None, lang: str) -> None:
    """Periksa berkas usulan (xlsx, xls, ods, csv, atau folder) terhadap nomenklatur tahun anggarannya.

    Penanda 'nomenklatur: abaikan NK202' di sel atau catatan sel pada baris yang sama menyembunyikan temuan itu.

    Status keluar: 0 tanpa temuan setingkat --fail-on, 1 ada temuan, 2 berkas tak terbaca atau pengaturan salah.
    """
    from nomenklatur.suppress import apply_baseline, apply_markers, baseline_dict

    chosen = REPORT_FORMATS[fmt]
    if chosen.binary and output is None:
        raise UserError(f"format {fmt} berupa berkas biner dan tidak dapat ditampilkan di layar; "
                        f"sebutkan berkas tujuan dengan --output, mis. --output koreksi.{fmt}")
    options, config = _check_options(tahun, tingkat, wilayah, profil, config_path, select, ignore, tabel)
    inputs = _expand(files, lang)
    for target in (output, write_baseline):
        _check_target(target, inputs, force)
    if chosen.name == "xlsx" and output is not None and len(inputs) == 1:
        from nomenklatur.reports.xlsx import check_copy_name

        check_copy_name(inputs[0], output)
    run = apply_markers(_checked_with_progress(inputs, options, jobs, lang), options.severities)
    if write_baseline is not None:
        _write_output(json.dumps(baseline_dict(run, write_baseline), ensure_ascii=False, indent=1), write_baseline,
                      inputs, force)
        click.echo(f"{len(run.findings)} {'findings recorded in' if lang == 'en' else 'temuan dicatat di'} "
                   f"{write_baseline}", err=True)
    if baseline is not None or write_baseline is not None:
        apply_baseline(run, baseline or write_baseline)
    _print_report(run, fmt, lang, statistics, output, inputs, force)
    sys.exit(run.exit_code(fail_on or config.fail_on))


def _checked_with_progress(inputs: list[str], options: Any, jobs: int, lang: str) -> RunResult:
    """The run, with a progress line on stderr while it lasts when stderr is a terminal (kemajuan.py)."""
    from dataclasses import replace

    from nomenklatur.engine import check_paths
    from nomenklatur.kemajuan import Kemajuan

    progress = Kemajuan.for_terminal(len(inputs), lang)
    if progress is None:
        return check_paths(inputs, options, jobs=jobs)
    try:
        return check_paths(inputs, replace(options, on_rows=progress.read), jobs=jobs,
                           done=lambda result: progress.done(len(result.findings)))
    finally:
        progress.close()


def _print_report(run: RunResult, fmt: str, lang: str, statistics: bool, output: Path | None, inputs: list[str],
                  force: bool, piece: int = 1 << 20) -> None:
    """A run's report into `output`, or on the screen; the text report about a megabyte at a time (a run of
    100,000 findings is not held as one text). On the screen or piped, the report is the text a file would hold
    (`color=True`: click leaves it unsearched for colour codes, which nomenklatur never writes). The garbage
    collector is paused meanwhile (engine.collector_paused: a report of many findings makes no cycles)."""
    from nomenklatur.engine import collector_paused

    with collector_paused():
        chosen = REPORT_FORMATS[fmt]
        if output is None and chosen.module == "text":
            from nomenklatur.reports.text import lines

            block: list[str] = []
            size = 0
            for line in lines(run, lang, statistics):
                block.append(line)
                size += len(line)
                if size >= piece:
                    click.echo("\n".join(block), color=True)
                    block, size = [], 0
            if block:
                click.echo("\n".join(block), color=True)
            return
        if output is not None:
            _write_output(chosen.chunks(run, lang, statistics), output, inputs, force)
            _say_written(run, fmt, output, lang)
            return
        last = ""
        for piece in chosen.chunks(run, lang, statistics):
            click.echo(piece, nl=False, color=True)
            last = piece or last
        if not str(last).endswith("\n"):
            click.echo()


def _say_written(run: RunResult, fmt: str, output: Path, lang: str) -> None:
    """One line on stderr after a report was written to a file: what, where, and the counts."""
    from nomenklatur.reports.text import summary_counts

    counts = summary_counts(run, lang)
    said = "{fmt} report written to {output}: {counts}" if lang == "en" else "laporan {fmt} ditulis ke {output}: {counts}"
    click.echo(said.format(fmt=fmt, output=output, counts=counts), err=True)


_FIX_WORDS = {
    "id": {"none": "tidak ada perbaikan aman untuk berkas ini", "skipped": "tidak diubah",
           "diff": "perubahan (--diff: tidak ada berkas yang ditulis)", "written": "perubahan ditulis ke",
           "need_output": "sebutkan berkas hasil dengan --output FILE.xlsx, atau pakai --diff untuk melihat "
                          "perubahannya saja",
           "suffix": "berkas hasil harus berakhiran .xlsx atau .xlsm",
           "format": "perbaikan otomatis hanya dapat ditulis untuk berkas xlsx/xlsm; berkas ini {fmt}. Simpan "
                     "sebagai .xlsx lalu ulangi, atau lihat perubahannya dengan --diff"},
    "en": {"none": "no safe fixes for this file", "skipped": "not changed",
           "diff": "changes (--diff: no file written)", "written": "changes written to",
           "need_output": "name the fixed file with --output FILE.xlsx, or use --diff to only see the changes",
           "suffix": "the fixed file must end in .xlsx or .xlsm",
           "format": "automatic fixes can only be written for xlsx/xlsm files; this file is {fmt}. Save it as "
                     ".xlsx and run again, or see the changes with --diff"},
}


@main.command(short_help="Tulis salinan berkas dengan perbaikan aman saja.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Berkas hasil perbaikan (.xlsx/.xlsm); berkas asli tidak pernah diubah.")
@click.option("--diff", is_flag=True, help="Hanya tampilkan perubahan, tanpa menulis berkas.")
@click.option("--force", is_flag=True, help="Timpa berkas hasil yang sudah ada.")
@click.option("--tahun", "--year", "tahun", type=int, default=None, help="Tahun anggaran, mis. 2021.")
@click.option("--tingkat", type=click.Choice(["provinsi", "kabkota"]), default=None, help="Tingkat pemda berkas.")
@click.option("--wilayah", default=None, help="Kode wilayah berkas, mis. 64.02.")
@click.option("--profil", "--profile", "profil", default=None, help="Profil aturan (default, provinsi, kabkota) atau berkas YAML.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None, help="Berkas pengaturan.")
@click.option("--select", multiple=True, help="Hanya perbaiki temuan aturan ini (mis. NK102).")
@click.option("--ignore", multiple=True, help="Jangan perbaiki temuan aturan ini.")
@click.option("--tabel", "--table", "tabel", default=None, help="Paksa versi tabel tertentu.")
@LANG
@DEBUG
@_run_safely
def fix(file: Path, output: Path | None, diff: bool, force: bool, tahun: int | None, tingkat: str | None,
        wilayah: str | None, profil: str | None, config_path: Path | None, select: tuple[str, ...],
        ignore: tuple[str, ...], tabel: str | None, lang: str) -> None:
    """Tulis salinan berkas dengan perbaikan aman saja (format kode, nama resmi), dan tampilkan perubahannya.

    Sel yang isinya tidak persis sama dengan yang diperiksa tidak diubah. Hanya xlsx/xlsm yang dapat ditulis;
    --diff menampilkan perubahan untuk semua format tanpa menulis apa pun.
    """
    from nomenklatur.engine import check_paths
    from nomenklatur.fix import WRITABLE, plan, write_fixed
    from nomenklatur.suppress import apply_markers

    w = _FIX_WORDS["en" if lang == "en" else "id"]
    if not diff:
        if output is None:
            raise UserError(w["need_output"])
        if output.suffix.lower() not in (".xlsx", ".xlsm"):
            raise UserError(f"{output}: {w['suffix']}")
        _check_target(output, [str(file)], force)
    options, _ = _check_options(tahun, tingkat, wilayah, profil, config_path, select, ignore, tabel)
    result = apply_markers(check_paths([str(file)], options), options.severities).files[0]
    if not result.readable:
        raise UserError(result.findings[0].text(lang) if result.findings else str(file))
    changes = plan(result)
    if not diff and changes.format not in WRITABLE:
        raise UserError(w["format"].format(fmt=changes.format))
    for change in changes.changes:
        click.echo(f"{change.describe()}  ({change.rule})")
    for skip in changes.skipped:
        loc = skip.finding.location
        click.echo(f"{w['skipped']}: {loc.sheet}!{loc.cell} ({skip.finding.rule}): {skip.reason[lang]}")
    if not changes.changes:
        click.echo(w["none"])
    elif diff:
        click.echo(f"{len(changes.changes)} {w['diff']}")
    else:
        write_fixed(file, changes.changes, output)
        click.echo(f"{len(changes.changes)} {w['written']} {output}")


@main.command(short_help="Jelaskan satu aturan, atau daftar semua aturan.")
@click.argument("rule_id", required=False)
@click.option("--markdown", is_flag=True, help="Semua aturan sebagai dokumen Markdown (docs/rules.md).")
@JSON
@LANG
@DEBUG
@_run_safely
def rule(rule_id: str | None, markdown: bool, as_json: bool, lang: str) -> None:
    """Jelaskan satu aturan (mis. NK201), atau daftar semua aturan."""
    from nomenklatur.checks import REGISTRY

    if markdown:
        from nomenklatur.checks.docs import rules_markdown

        click.echo(rules_markdown(lang), nl=False)
        return
    if rule_id is None:
        rules = [REGISTRY[r] for r in sorted(REGISTRY)]
        if as_json:
            _echo_json([{"id": r.id, "category": r.category, "severity": r.severity, "title": r.title[lang]} for r in rules])
        else:
            for r in rules:
                click.echo(f"{r.id}  {r.category:<14} {r.severity:<8} {r.title[lang]}")
        return
    found = REGISTRY.get(rule_id.strip().upper())
    if found is None:
        raise UserError(f"aturan {rule_id!r} tidak ada; lihat: nomenklatur rule")
    if as_json:
        _echo_json({"id": found.id, "category": found.category, "severity": found.severity, "title": found.title,
                    "doc": found.doc.strip(), "messages": found.messages})
        return
    from nomenklatur.checks.docs import details, explain

    severity = found.severity if lang == "en" else {"error": "galat", "warning": "peringatan", "info": "info"}[
        found.severity]
    click.echo(f"{found.id}: {found.title[lang]}  ({found.category + ', ' if lang == 'en' else ''}{severity})\n")
    click.echo(explain(found.id, lang) + "\n")
    click.echo(details(found.id, lang))


@main.command(short_help="Periksa berkas provinsi bersama kabupaten/kotanya.")
@click.argument("files", nargs=-1, required=True)
@click.option("--tahun", "--year", "tahun", type=int, default=None, help="Tahun anggaran, mis. 2021.")
@click.option("--profil", "--profile", "profil", default=None,
              help="Profil wilayah dengan target (mis. kaltim-2021) atau berkas YAML.")
@click.option("--target", "target_file", type=click.Path(path_type=Path), default=None,
              help="Berkas daftar desa sasaran (bawaan: sheet di berkas provinsi).")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Berkas pengaturan (bawaan: .nomenklatur.yaml atau [tool.nomenklatur] di pyproject.toml).")
@click.option("--select", multiple=True, help="Hanya aturan ini (kode atau awalan, pisahkan dengan koma).")
@click.option("--ignore", multiple=True, help="Abaikan aturan ini (kode atau awalan, pisahkan dengan koma).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Bentuk laporan: text (dibaca orang) atau json (untuk mesin).")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="Tulis laporan ke berkas ini.")
@click.option("--force", is_flag=True, help="Timpa berkas keluaran yang sudah ada.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Tingkat temuan yang membuat status keluar 1 (bawaan: error).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Periksa berkas dalam N proses sekaligus (bawaan: sebanyak inti prosesor).")
@LANG
@DEBUG
@_run_safely
def sync(files: tuple[str, ...], tahun: int | None, profil: str | None, target_file: Path | None,
         config_path: Path | None, select: tuple[str, ...], ignore: tuple[str, ...], fmt: str, output: Path | None,
         force: bool, fail_on: str | None, jobs: int | None, lang: str) -> None:
    """Periksa berkas provinsi bersama berkas kabupaten/kotanya: desa sasaran IDM, bantuan keuangan, tingkat.

    FILES: berkas provinsi dan berkas kabupaten/kotanya, dalam urutan apa pun, atau satu folder. Setiap
    berkas dikenali dari isinya: judul, perangkat daerah, digit tingkat kode kegiatan (1 provinsi, 2
    kabupaten/kota), baris bantuan keuangan, kode lokasi, daftar desa sasaran.
    """
    from nomenklatur.config import SyncSettings, effective_rules, find_user_config, load_profile, load_user_config
    from nomenklatur.engine import CheckOptions
    from nomenklatur.sync import pick_province, run_sync
    from nomenklatur.workbook.overlap import cores

    config = load_user_config(config_path if config_path else find_user_config(Path.cwd()))
    profile = load_profile(profil or config.profil or "default")
    year = _valid_year(tahun or config.tahun)
    if year is None:
        raise UserError("sebutkan tahun anggaran dengan --tahun (mis. --tahun 2021)")
    severities, params = effective_rules(profile, config, _split_codes(select), _split_codes(ignore))
    inputs = _expand(files, lang)
    if len(inputs) < 2:
        raise UserError("sync butuh berkas provinsi dan sedikitnya satu berkas kabupaten/kota")
    options = CheckOptions(tahun=year, severities=severities, params=params, headers=config.headers,
                           limits=config.read_limits(), debug=_debug())
    settings, target = profile.sync or SyncSettings(), str(target_file) if target_file else None
    province, kabkota = pick_province(inputs, options, target, settings)  # by content, in any order
    run = run_sync(province, kabkota, options, settings, target, jobs=jobs or cores())
    _print_report(run, fmt, lang, False, output, inputs, force)
    sys.exit(run.exit_code(fail_on or config.fail_on))


@main.command(short_help="Jalankan halaman web untuk memeriksa berkas di peramban.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Alamat yang didengarkan; 0.0.0.0 agar dapat dibuka dari komputer lain di jaringan kantor.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Nomor port.")
@click.option("--serentak", type=click.IntRange(1, 64), default=None,
              help="Pemeriksaan yang berjalan bersamaan, masing-masing dalam prosesnya sendiri (bawaan: sebanyak "
                   "inti prosesor).")
@click.option("--antrean", type=click.IntRange(0, 10_000), default=16, show_default=True,
              help="Permintaan yang boleh menunggu giliran; permintaan berikutnya ditolak (server sibuk).")
@click.option("--maks-unggah", "maks_unggah", type=click.IntRange(1, 10_000), default=100, show_default=True,
              help="Ukuran unggahan terbesar per permintaan, dalam MB.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="Berkas pengaturan untuk batas baca dan alias judul kolom (bawaan: .nomenklatur.yaml atau "
                   "[tool.nomenklatur] di pyproject.toml di folder kerja).")
@LANG
@DEBUG
@_run_safely
def serve(host: str, port: int, serentak: int | None, antrean: int, maks_unggah: int, config_path: Path | None,
          lang: str) -> None:
    """Jalankan halaman web (bawaan: hanya untuk komputer ini, http://127.0.0.1:8080): unggah berkas, baca
    koreksinya, unduh salinan bertanda; sinkronisasi provinsi dan kabupaten/kota; cari kode. Halamannya
    berbahasa Indonesia (--lang en: English), dengan tombol untuk berganti bahasa.

    Berkas unggahan hanya dipakai selama pemeriksaan lalu dihapus. Berhenti dengan Ctrl+C.
    """
    import uvicorn

    from nomenklatur.config import find_user_config, load_user_config
    from nomenklatur.henti import default_sigterm
    from nomenklatur.web.app import Setelan, create_app
    from nomenklatur.workbook.overlap import cores

    default_sigterm()  # uvicorn stops on SIGTERM itself, then ends by it as a service manager (systemd) expects

    config = load_user_config(config_path if config_path else find_user_config(Path.cwd()))
    setelan = Setelan(serentak=serentak or cores(), antrean=antrean, maks_unggah=maks_unggah * 1024 * 1024,
                      config=config, lang=lang)
    _can_listen(host, port)
    shown = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    said = "open {url} in a browser; stop with Ctrl+C" if lang == "en" else "buka {url} di peramban; hentikan dengan Ctrl+C"
    click.echo(f"nomenklatur: {said.format(url=shown)}", err=True)
    uvicorn.run(create_app(setelan), host=host, port=port, log_level="warning", server_header=False,
                timeout_graceful_shutdown=5)


def _can_listen(host: str, port: int) -> None:
    """A usage error, said plainly, when the address cannot be listened on (taken, or not this machine's)."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise UserError(f"tidak dapat mendengarkan di {host}:{port}: {exc.strerror or exc} (port dipakai program "
                        f"lain? pilih yang lain dengan --port, atau alamat komputer ini dengan --host)") from None
