"""`nomenklatur serve`: the application's routes through Starlette's test client (real uploads of real
workbooks, real worker processes), its limits and bad input, and the same findings as the command line."""

from __future__ import annotations

import asyncio
import io
import json
import os
import queue
import re
import shutil
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from starlette.testclient import TestClient

from nomenklatur.engine import options_for
from nomenklatur.web import pekerja
from nomenklatur.web.app import Setelan, create_app
from nomenklatur.web.pekerja import Dapur, Penuh, Permintaan, kerjakan
from nomenklatur.web.unggahan import BukanLembarKerja, display_name

from conftest import REFERENCE, run_cli
from serve import started
from workbooks import write_many_rows

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EXPECTED = yaml.safe_load((SAMPLES / "expected.yaml").read_text(encoding="utf-8"))
SYNC_EXPECTED = yaml.safe_load((SAMPLES / "sync" / "expected.yaml").read_text(encoding="utf-8"))
PASER = SAMPLES / "paser_renja_2021.xlsx"


@pytest.fixture(scope="module")
def temp_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web-uploads")


@pytest.fixture(scope="module")
def client(temp_root: Path):
    with TestClient(create_app(Setelan(serentak=2, temp_root=str(temp_root)))) as c:
        yield c


def _upload(path: Path, name: str | None = None, field: str = "berkas") -> tuple:
    return (field, (name or path.name, path.read_bytes()))


def _cells(text: str) -> set[tuple[str, str]]:
    """(rule, cell) of every finding drawn in a report page: each rule's block, then each finding's place."""
    found = set()
    for rule, block in re.findall(r'<div class="rule" id="file-\d+-(NK\d{3})">(.*?)(?=<div class="rule"|</section>)',
                                  text, re.S):
        found |= {(rule, cell) for cell in re.findall(r'<span class="where">[^<]*!([A-Z]+\d+)</span>', block)}
    return found


# -- pages -------------------------------------------------------------------------------------------------------

def test_the_page_is_in_bahasa_indonesia_and_switches_to_english(client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="id">' in page.text
    assert "Tahun anggaran" in page.text and "Unduh salinan bertanda (.xlsx)" in page.text
    assert "Fiscal year" not in page.text
    english = client.get("/?lang=en")
    assert '<html lang="en">' in english.text and "Fiscal year" in english.text and "Tahun anggaran" not in english.text
    assert 'href="/?lang=en"' in page.text and 'href="/?lang=id"' in english.text


def test_the_server_can_speak_english_first(temp_root: Path) -> None:
    with TestClient(create_app(Setelan(serentak=1, lang="en", temp_root=str(temp_root)))) as english:
        assert '<html lang="en">' in english.get("/").text
        assert '<html lang="id">' in english.get("/?lang=id").text
        said = english.post("/periksa", files=[("berkas", ("notes.txt", b"hi"))])
        assert "is not a spreadsheet" in said.text


def test_everything_the_page_loads_comes_from_the_server_itself(client) -> None:
    for url in ("/", "/sinkron", "/cari?q=2.13.02", "/aset/gaya.css", "/aset/halaman.js"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not re.search(r"(src|href)=\"(https?:)?//|@import|url\(\s*['\"]?https?:", response.text), url
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"
    assert 'src="/aset/halaman.js"' in client.get("/").text


def test_an_unknown_page_is_a_page_not_a_trace(client) -> None:
    response = client.get("/tidak-ada")
    assert response.status_code == 404 and "halaman ini tidak ada" in response.text and "Traceback" not in response.text


# -- checking ------------------------------------------------------------------------------------------------------

def test_the_check_page_shows_the_samples_expected_findings(client) -> None:
    response = client.post("/periksa", data={"tahun": "2021"}, files=[_upload(PASER)])
    assert response.status_code == 200
    want = {(f["rule"], f["cell"]) for f in EXPECTED["paser_renja_2021.xlsx"]["findings"]}
    assert _cells(response.text) == want
    counts = {s: sum(1 for f in EXPECTED["paser_renja_2021.xlsx"]["findings"] if f["severity"] == s)
              for s in ("error", "warning")}
    assert f'{counts["error"]} galat</span>' in response.text and f'{counts["warning"]} peringatan</span>' in response.text
    assert '<table class="sheet">' in response.text  # each finding in its spreadsheet context
    assert "Fasilitasi Pengelolaan Keuangan Desa" in response.text  # NK202's expected name


def test_the_stream_tells_the_turn_and_the_progress_then_gives_the_report(client) -> None:
    response = client.post("/api/periksa", data={"tahun": "2021", "lang": "en"}, files=[_upload(PASER)])
    events = [json.loads(line) for line in response.text.splitlines()]
    stages = [e["tahap"] for e in events]
    assert stages[:2] == ["antre", "mulai"] and stages[-1] == "selesai" and "periksa" in stages
    progress = [e for e in events if e["tahap"] == "periksa"]
    assert progress[-1]["berkas"] == 1 and progress[-1]["dari"] == 1 and progress[-1]["baris"] > 20
    assert "rows read, 1 of 1 files done" in progress[-1]["teks"]
    done = events[-1]
    assert done["ringkasan"]["error"] == 6 and done["ringkasan"]["warning"] == 5
    assert _cells(done["html"]) == {(f["rule"], f["cell"]) for f in EXPECTED["paser_renja_2021.xlsx"]["findings"]}
    assert "Findings per rule" in done["html"] and "Temuan per aturan" not in done["html"]


def test_several_files_at_once(client) -> None:
    response = client.post("/periksa", data={"tahun": "2021"},
                           files=[_upload(PASER), _upload(SAMPLES / "kukar_rkpd_2021.csv"),
                                  _upload(SAMPLES / "kaltim_dpmpd_2021.xlsx")])
    text = response.text
    for index, name in enumerate(("paser_renja_2021.xlsx", "kukar_rkpd_2021.csv", "kaltim_dpmpd_2021.xlsx"), 1):
        assert f'<a href="#file-{index}">{name}</a>' in text
    assert text.count("Tidak ada temuan: berkas ini sesuai nomenklatur.") == 2  # the two clean samples


def test_the_annotated_copy_downloads_and_opens(client) -> None:
    response = client.post("/unduh/xlsx", data={"tahun": "2021"}, files=[_upload(PASER)])
    assert response.status_code == 200
    assert 'filename="paser_renja_2021-koreksi.xlsx"' in response.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Koreksi"
    sheet = book["Sub Keg Renja_DPA"]
    for f in EXPECTED["paser_renja_2021.xlsx"]["findings"]:
        cell = sheet[f["cell"]]
        assert cell.comment is not None and f["rule"] in cell.comment.text, f
        assert cell.fill.fgColor.rgb.endswith({"error": "FFC7CE", "warning": "FFEB9C"}[f["severity"]]), f


def test_a_macro_workbooks_copy_keeps_its_macros_under_an_xlsm_name(client, tmp_path: Path) -> None:
    from test_reports_xlsx_package import VBA, rich_workbook

    source = rich_workbook(tmp_path / "Renja Makro.xlsm", macro=True)
    response = client.post("/unduh/xlsx", files=[_upload(source)])
    assert 'filename="Renja Makro-koreksi.xlsm"' in response.headers["content-disposition"]
    assert response.headers["content-type"] == "application/vnd.ms-excel.sheet.macroEnabled.12"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.read("xl/vbaProject.bin") == VBA


def test_several_annotated_copies_come_as_one_zip(client) -> None:
    response = client.post("/unduh/xlsx", data={"tahun": "2021"},
                           files=[_upload(PASER), _upload(SAMPLES / "kubar_renja_2021.xlsx")])
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["kubar_renja_2021-koreksi.xlsx", "paser_renja_2021-koreksi.xlsx"]


def test_the_task_list_and_the_json_hold_every_finding(client) -> None:
    want = {(f["rule"], f["severity"], f["sheet"], f["cell"]) for f in EXPECTED["paser_renja_2021.xlsx"]["findings"]}
    data = json.loads(client.post("/unduh/json", data={"tahun": "2021"}, files=[_upload(PASER)]).content)
    got = {(f["rule"], f["severity"], f["sheet"], f["cell"]) for f in data["findings"]}
    assert got == want and data["files"][0]["path"] == "paser_renja_2021.xlsx"
    csv_text = client.post("/unduh/csv", data={"tahun": "2021"}, files=[_upload(PASER)]).content.decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == len(want) + 1


@pytest.mark.parametrize("sample", ["paser_renja_2021.xlsx", "kubar_renja_2021.xlsx", "kukar_rkpd_2021.csv"])
def test_the_page_finds_what_the_command_line_finds(client, sample: str, tmp_path: Path) -> None:
    shutil.copy(SAMPLES / sample, tmp_path / sample)
    cli = json.loads(run_cli("check", sample, "--format", "json", cwd=tmp_path).stdout)
    web = json.loads(client.post("/unduh/json", files=[_upload(SAMPLES / sample)]).content)
    assert web["findings"] == cli["findings"] and web["summary"] == cli["summary"]


def test_every_real_document_gets_the_command_lines_findings(client, tmp_path: Path) -> None:
    folder = REFERENCE / "samples-real"
    if not folder.is_dir():
        pytest.skip("../shared/reference/samples-real tidak tersedia")
    documents = sorted(p for p in folder.iterdir() if p.suffix in (".xlsx", ".xls", ".csv"))
    assert len(documents) >= 12
    for path in documents:
        shutil.copy(path, tmp_path / path.name)
        cli = json.loads(run_cli("check", path.name, "--format", "json", cwd=tmp_path, timeout=300).stdout)
        web = json.loads(client.post("/unduh/json", files=[_upload(path)]).content)
        assert web["findings"] == cli["findings"], path.name
        assert web["summary"] == cli["summary"], path.name


# -- bad input and limits -------------------------------------------------------------------------------------------

def test_a_file_that_is_not_a_spreadsheet_is_one_sentence(client) -> None:
    response = client.post("/periksa", files=[("berkas", ("catatan.txt", b"halo"))])
    assert response.status_code == 400
    assert "berkas &#x27;catatan.txt&#x27; bukan lembar kerja" in response.text and "Traceback" not in response.text
    streamed = client.post("/api/periksa", data={"lang": "en"}, files=[("berkas", ("notes.txt", b"hi"))])
    assert streamed.status_code == 400
    assert json.loads(streamed.text) == {"tahap": "gagal", "pesan": "the file 'notes.txt' is not a spreadsheet: "
                                         "xlsx, xlsm, xls, ods and csv can be checked"}


def test_a_corrupt_workbook_gets_the_command_lines_finding(client) -> None:
    data = json.loads(client.post("/unduh/json", files=[("berkas", ("rusak.xlsx", b"PK\x03\x04 bukan zip"))]).content)
    assert [(f["rule"], f["severity"]) for f in data["findings"]] == [("NK001", "error")]
    page = client.post("/periksa", files=[("berkas", ("rusak.xlsx", b"PK\x03\x04 bukan zip"))])
    assert page.status_code == 200 and "NK001" in page.text


@pytest.mark.parametrize(("field", "value", "said"), [
    ("tahun", "21", "tahun anggaran &#x27;21&#x27; tidak dikenal"),
    ("tahun", "1999", "tahun anggaran &#x27;1999&#x27; tidak dikenal"),
    ("wilayah", "99.99", "kode wilayah &#x27;99.99&#x27; tidak dikenal"),
    ("tingkat", "desa", "tingkat &#x27;desa&#x27; tidak dikenal"),
    ("profil", "../../etc/passwd", "profil &#x27;../../etc/passwd&#x27; tidak ada"),
])
def test_a_wrong_choice_is_said_by_name(client, field: str, value: str, said: str) -> None:
    response = client.post("/periksa", data={field: value}, files=[_upload(PASER)])
    assert response.status_code == 400 and said in response.text


def test_no_file_chosen(client) -> None:
    response = client.post("/periksa", data={"tahun": "2021"})
    assert response.status_code == 400 and "pilih sedikitnya satu berkas" in response.text


def test_an_upload_over_the_limit_is_refused(temp_root: Path) -> None:
    with TestClient(create_app(Setelan(serentak=1, maks_unggah=4096, temp_root=str(temp_root)))) as small:
        response = small.post("/periksa", files=[_upload(PASER)])
        assert response.status_code == 413 and "unggahan melebihi batas 4 KB" in response.text
        boundary = "batas-bagian"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"a.xlsx\"\r\n\r\n"
                .encode() + PASER.read_bytes() + f"\r\n--{boundary}--\r\n".encode())
        chunked = small.post("/api/periksa", content=iter([body[i:i + 1000] for i in range(0, len(body), 1000)]),
                             headers={"content-type": f"multipart/form-data; boundary={boundary}"})
        assert "content-length" not in chunked.request.headers  # the size is counted as the body comes
        assert chunked.status_code == 413 and "4 KB" in json.loads(chunked.text)["pesan"]
        ok = small.post("/periksa", files=[("berkas", ("kecil.csv", b"kode;nama\n2.13;PMD\n"))])
        assert ok.status_code == 200
    assert list(temp_root.iterdir()) == []


def test_upload_names_never_name_a_place_and_nothing_is_kept(client, temp_root: Path) -> None:
    outside = temp_root.parent / "jahat.xlsx"
    response = client.post("/unduh/json", files=[_upload(PASER, "../../jahat.xlsx"),
                                                   _upload(PASER, "..\\..\\jahat.xlsx")])
    paths = [f["path"] for f in json.loads(response.content)["files"]]
    assert paths == ["jahat.xlsx", "jahat (2).xlsx"]
    assert not outside.exists() and list(temp_root.iterdir()) == []


def test_display_names() -> None:
    taken: set[str] = set()
    assert display_name("C:\\Users\\ana\\Renja PMD 2021.xlsx", taken) == "Renja PMD 2021.xlsx"
    assert display_name("renja pmd 2021.XLSX", taken) == "renja pmd 2021 (2).xlsx"
    assert display_name(".xlsx", taken) == "berkas.xlsx"
    assert display_name("a;b|c<d>.csv", taken) == "a_b_c_d_.csv"
    assert len(display_name("x" * 500 + ".ods", taken)) == 100
    with pytest.raises(BukanLembarKerja):
        display_name("laporan.xlsx.exe", taken)


# -- concurrency and cancellation --------------------------------------------------------------------------------

def test_beyond_the_waiting_limit_the_server_says_it_is_busy() -> None:
    async def scenario() -> list[str]:
        dapur = Dapur(serentak=1, antrean=1)
        said = []
        try:
            async with dapur.giliran():
                second = asyncio.ensure_future(_hold(dapur))
                await asyncio.sleep(0.05)  # the second waits for the slot
                try:
                    async with dapur.giliran():
                        said.append("third ran")
                except Penuh:
                    said.append("third refused")
            said.append(await second)
        finally:
            await asyncio.to_thread(dapur.close)
        return said

    async def _hold(dapur: Dapur) -> str:
        async with dapur.giliran():
            return "second ran"

    assert asyncio.run(scenario()) == ["third refused", "second ran"]


def test_a_check_stops_when_its_request_is_gone(tmp_path: Path) -> None:
    folder = tmp_path / "permintaan"
    folder.mkdir()
    write_many_rows(folder / "besar.xlsx", 45_000)  # several progress reports
    news: queue.Queue = queue.Queue()
    pekerja._kabar = news
    try:
        outcome: list = []
        worker = threading.Thread(target=lambda: outcome.append(
            kerjakan(1, Permintaan("periksa", str(folder), ["besar.xlsx"], options_for(tahun=2021)))))
        worker.start()
        _tugas, first = news.get(timeout=60)
        shutil.rmtree(folder)  # the browser left: its folder goes
        worker.join(timeout=60)
    finally:
        pekerja._kabar = None
    assert first["baris"] < 45_000 and outcome == [None]
    assert os.getcwd() != str(folder)


# -- sync and lookup -----------------------------------------------------------------------------------------------

def test_the_sync_form_puts_the_summary_per_kabupaten_first(client) -> None:
    folder = SAMPLES / "sync" / "kesalahan"
    files = [_upload(folder / "kaltim_provinsi_2021.xlsx", field="provinsi")]
    files += [_upload(p, field="kabkota") for p in sorted(folder.iterdir()) if p.name != "kaltim_provinsi_2021.xlsx"]
    response = client.post("/sinkron", data={"tahun": "2021", "profil": "kaltim-2021"}, files=files)
    assert response.status_code == 200
    text = response.text
    assert text.index("Sinkronisasi per kabupaten/kota") < text.index("Berkas yang diperiksa")
    table = text[text.index('<table class="grid sync">'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr><td>(\d\d\.\d\d) [^<]*</td><td class=\"num\">(\d+)</td><td class=\"num\">(\d+)</td>", table)
    want = [(r["kabkota"], str(r["target_villages"]), str(r["covered_villages"]))
            for r in SYNC_EXPECTED["kesalahan"]["sync"]]
    assert rows == want
    for f in SYNC_EXPECTED["kesalahan"]["findings"]:
        assert f["rule"] in text, f


def test_the_sync_stream_ends_with_the_summary_and_the_downloads_hold_it(client) -> None:
    folder = SAMPLES / "sync" / "konsisten"
    files = [_upload(folder / "kaltim_provinsi_2021.xlsx", field="provinsi")]
    files += [_upload(p, field="kabkota") for p in sorted(folder.iterdir()) if p.name != "kaltim_provinsi_2021.xlsx"]
    data = {"tahun": "2021", "profil": "kaltim-2021", "lang": "en"}
    events = [json.loads(line) for line in client.post("/api/sinkron", data=data, files=files).text.splitlines()]
    assert events[-1]["tahap"] == "selesai" and events[-1]["ringkasan"] == {"error": 0, "warning": 0, "info": 0}
    assert "Synchronization per regency/city" in events[-1]["html"]
    report = json.loads(client.post("/sinkron/unduh/json", data=data, files=files).content)
    assert [(r["kabkota"], r["target_villages"], r["bankeu_sent"]) for r in report["sync"]] == \
        [(r["kabkota"], r["target_villages"], r["bankeu_sent"]) for r in SYNC_EXPECTED["konsisten"]["sync"]]


def test_sync_with_a_separate_target_list_finds_what_the_command_line_finds(client, tmp_path: Path) -> None:
    from test_sync import ADMINISTRASI, KEPALA_TELAKE, LUAN, TARGET_HEADER, kabupaten, province, sheet, target
    from workbooks import write_xlsx

    prov = province(tmp_path / "kaltim.xlsx")
    paser = kabupaten(tmp_path / "paser.xlsx", "PASER", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Desa Kepala Telake", KEPALA_TELAKE, 50_000_000)])
    targets = write_xlsx(tmp_path / "sasaran.xlsx", {"Sasaran 2021": sheet("DESA SASARAN", TARGET_HEADER, [
        target(KEPALA_TELAKE, "Kepala Telake"), target(LUAN, "Luan")])})
    cli = json.loads(run_cli("sync", prov.name, paser.name, "--target", targets.name, "--tahun", "2021",
                             "--profil", "kaltim-2021", "--format", "json", cwd=tmp_path).stdout)
    files = [_upload(prov, field="provinsi"), _upload(paser, field="kabkota"), _upload(targets, field="sasaran")]
    web = json.loads(client.post("/sinkron/unduh/json", data={"tahun": "2021", "profil": "kaltim-2021"},
                                 files=files).content)
    assert ("NK701", "sasaran.xlsx", "A5") in {(f["rule"], f["file"], f["cell"]) for f in web["findings"]}
    assert web["findings"] == cli["findings"] and web["sync"] == cli["sync"]


def test_sync_needs_the_year_and_both_kinds_of_file(client) -> None:
    folder = SAMPLES / "sync" / "konsisten"
    only_province = [_upload(folder / "kaltim_provinsi_2021.xlsx", field="provinsi")]
    assert "pilih tahun anggaran" in client.post("/sinkron", files=only_province).text
    said = client.post("/sinkron", data={"tahun": "2021"}, files=only_province)
    assert said.status_code == 400 and "pilih sedikitnya satu berkas kabupaten/kota" in said.text


def test_lookup_shows_a_code_in_every_version(client) -> None:
    text = client.get("/cari", params={"q": "2.13.02.2.01.01"}).text
    versions = re.findall(r"<tr><td>([^<]+)</td><td>[^<]+</td><td>2\.13\.02\.2\.01\.0*1</td>", text)
    assert "Kepmendagri 050-3708/2020 (TA 2021)" in versions and len(versions) >= 2


def test_lookup_by_words_ranks_and_links_each_code(client) -> None:
    text = client.get("/cari", params={"q": "penataan desa", "tahun": "2021", "lang": "en"}).text
    first = re.search(r'<tr><td><a href="/cari\?lang=en&amp;q=([\d.]+)">[^<]+</a></td><td>([^<]+)</td>', text)
    assert first is not None and first.group(2) == "PROGRAM PENATAAN DESA" and first.group(1) == "2.13.02"


def test_a_browser_that_leaves_takes_its_files_with_it(tmp_path: Path) -> None:
    """The real server: an upload of a big workbook, the connection closed after the first progress line; the
    request's folder is gone within a second (not when the check would have ended) and the server goes on."""
    import http.client
    from urllib.parse import urlsplit

    temp = tmp_path / "tmp"
    temp.mkdir()
    big = write_many_rows(tmp_path / "besar.xlsx", 120_000)  # a check of several seconds
    boundary = "batas-bagian"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"besar.xlsx\"\r\n\r\n"
            .encode() + big.read_bytes() + f"\r\n--{boundary}--\r\n".encode())
    with started("--serentak", "1", cwd=tmp_path, env={"TMPDIR": str(temp)}) as url:
        where = urlsplit(url)
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
        connection.request("POST", "/api/periksa", body,
                           {"content-type": f"multipart/form-data; boundary={boundary}"})
        answer = connection.getresponse()
        while json.loads(answer.readline())["tahap"] != "periksa":
            pass
        assert [p.name for p in temp.iterdir() if p.name.startswith("nomenklatur-web-")] != []
        connection.sock.shutdown(2)
        connection.close()
        for _ in range(10):  # within a second: long before the check of the rest of the rows could end
            if not [p for p in temp.iterdir() if p.name.startswith("nomenklatur-web-")]:
                break
            time.sleep(0.1)
        assert [p.name for p in temp.iterdir() if p.name.startswith("nomenklatur-web-")] == []
        with urllib.request.urlopen(f"{url}/sehat", timeout=5) as still:
            assert still.read() == b"ok"


def test_a_taken_port_is_one_sentence(tmp_path: Path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = run_cli("serve", "--port", str(port), cwd=tmp_path, timeout=30)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"tidak dapat mendengarkan di 127.0.0.1:{port}" in done.stderr
