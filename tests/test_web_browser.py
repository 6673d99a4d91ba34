"""`nomenklatur serve` in a real browser: the real command serves, headless Chromium (driven by Playwright)
uploads a sample, sees its expected findings, switches language, and downloads the annotated copy. Skips when
Chromium is not installed (`.ci/run` installs it on the CI machine)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from serve import started
from workbooks import write_many_rows

ROOT = Path(__file__).resolve().parents[1]
PASER = ROOT / "samples" / "paser_renja_2021.xlsx"
EXPECTED = yaml.safe_load((ROOT / "samples" / "expected.yaml").read_text(encoding="utf-8"))["paser_renja_2021.xlsx"]
CHROMIUM = os.environ.get("NOMENKLATUR_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium as root in a container, and no calls home on a closed network
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright tidak terpasang")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium tidak terpasang")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`nomenklatur serve` as a user starts it, on a free port; stopped after the tests."""
    with started("--serentak", "1", cwd=tmp_path_factory.mktemp("serve")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_a_planner_checks_a_workbook_switches_language_and_downloads_the_copy(server, browser, tmp_path) -> None:
    page = browser.new_page(accept_downloads=True)
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.set_input_files("input[name=berkas]", str(PASER))
    assert page.locator(".daftar-berkas").first.inner_text() == "paser_renja_2021.xlsx"
    page.select_option("select[name=tahun]", "2021")
    page.get_by_role("button", name="Periksa", exact=True).click()
    report = page.locator("#hasil .laporan")
    report.wait_for(timeout=60_000)
    text = report.inner_text()
    assert "Hasil pemeriksaan" in text and "6 galat" in text and "5 peringatan" in text
    for finding in EXPECTED["findings"]:
        assert f"Sub Keg Renja_DPA!{finding['cell']}" in text, finding
        assert page.locator(f"#file-1-{finding['rule']}").count() == 1, finding
    assert page.locator("#kemajuan").is_hidden()

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Check", exact=True).is_visible()
    page.set_input_files("input[name=berkas]", str(PASER))
    page.select_option("select[name=tahun]", "2021")
    page.get_by_role("button", name="Check", exact=True).click()
    page.locator("#hasil .laporan").wait_for(timeout=60_000)
    assert "Findings per rule" in page.locator("#hasil").inner_text()

    with page.expect_download(timeout=60_000) as waiting:
        page.get_by_role("button", name="Download the annotated copy (.xlsx)").click()
    download = waiting.value
    assert download.suggested_filename == "paser_renja_2021-koreksi.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames[0] == "Koreksi"
    flagged = book["Sub Keg Renja_DPA"][EXPECTED["findings"][0]["cell"]]
    assert flagged.comment is not None and EXPECTED["findings"][0]["rule"] in flagged.comment.text
    page.close()


def test_a_bad_file_is_one_sentence_on_the_page(server, browser) -> None:
    page = browser.new_page()
    page.goto(server + "/")
    page.set_input_files("input[name=berkas]", files=[{"name": "catatan.txt", "mimeType": "text/plain",
                                                        "buffer": b"bukan lembar kerja"}])
    page.get_by_role("button", name="Periksa", exact=True).click()
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=30_000)
    assert "catatan.txt" in alert.inner_text() and "bukan lembar kerja" in alert.inner_text()
    assert "Traceback" not in page.content()
    page.close()


def test_the_code_search_shows_every_version(server, browser) -> None:
    page = browser.new_page()
    page.goto(server + "/cari")
    page.fill("input[name=q]", "penataan desa")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="2.13.02", exact=True).first.click()
    page.wait_for_load_state()
    assert "Kepmendagri 050-3708/2020 (TA 2021)" in page.locator("table.versi").inner_text()
    page.close()


def test_the_progress_of_a_big_workbook_is_shown_while_it_is_checked(server, browser, tmp_path) -> None:
    big = write_many_rows(tmp_path / "besar.xlsx", 80_000)
    page = browser.new_page()
    page.goto(server + "/")
    page.set_input_files("input[name=berkas]", str(big))
    page.get_by_role("button", name="Periksa", exact=True).click()
    status = page.get_by_role("status")
    status.filter(has_text="baris dibaca").wait_for(timeout=60_000)
    assert "0 dari 1 berkas selesai" in status.inner_text()
    page.locator("#hasil .laporan").wait_for(timeout=120_000)
    assert status.is_hidden()
    page.close()
