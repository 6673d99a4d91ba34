"""The HTML report: self-contained, escaped, each finding in its row's context; rendered in headless Chromium."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from report_books import INJECTED, check, write_proposal

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, str]:
    """The report of the test proposal and two samples, written by the CLI: (path, text)."""
    folder = tmp_path_factory.mktemp("html")
    source = write_proposal(folder / "usulan.xlsx")
    for name in ("paser_renja_2021.xlsx", "kubar_renja_2021.xlsx"):
        shutil.copy(SAMPLES / name, folder / name)
    out = folder / "laporan.html"
    done = run_cli("check", str(source), str(folder / "paser_renja_2021.xlsx"), str(folder / "kubar_renja_2021.xlsx"),
                   "--tahun", "2021", "--format", "html", "--output", str(out))
    assert done.returncode == 1, done.stderr
    return out, out.read_text(encoding="utf-8")


def test_page_needs_nothing_from_the_network(page) -> None:
    _, html = page
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html, re.IGNORECASE)
    assert not re.search(r"\b(src|srcset)\s*=|@import|url\(", html, re.IGNORECASE)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', html))


def test_user_text_is_escaped(page) -> None:
    _, html = page
    assert INJECTED not in html
    assert "=HYPERLINK(&quot;http://contoh.invalid&quot;,&quot;klik&quot;)" in html


def test_findings_grouped_by_rule_with_counts_and_explanations(page) -> None:
    _, html = page
    assert "NK202 · Nama tidak sesuai kode · 2 temuan" in html  # usulan.xlsx: B4 and B6
    assert "NK102 · Kode perlu dirapikan · 2 temuan" in html    # paser: A15 and A22
    assert html.count('<p class="plain">') == html.count('<details class="explain">') == html.count('<div class="rule"')
    assert "tidak sama dengan jumlah pagu rinciannya" in html  # the plain Bahasa explanation of NK402
    assert "Lulus: " in html and "Gagal: " in html  # the rules' examples, their values only
    assert "passes" not in html and "`" not in html  # no English documentation, no raw backticks


def test_each_finding_shows_its_row_with_the_cell_marked(page) -> None:
    _, html = page
    # paser K18: the pagu written in words, in the row of code 2.13.04.2.01.10, under the header labels
    block = html[html.index("Sub Keg Renja_DPA!K18"):]
    table = block[:block.index("</table>")]
    assert "2.13.04.2.01.10" in table and "JUMLAH PAGU" in table
    assert re.search(r'<td class="flag f-error"[^>]*>lima puluh juta</td>', table)


def test_summary_per_file_and_per_opd(page) -> None:
    _, html = page
    assert html.count('<section class="file"') == 3
    # kubar: the office its DPMPD sheet's title names, and a sheet named after its office; paser and the test
    # proposal name no office (their sheets "Sub Keg Renja_DPA", "Renja" are not offices)
    opd_rows = re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">", html)
    assert "Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa" in opd_rows and "Dinas Kesehatan" in opd_rows
    assert not {"DPMPD", "Sub Keg Renja_DPA", "Renja"} & set(opd_rows), opd_rows
    assert "(tanpa OPD)" in opd_rows


def test_every_finding_is_shown(tmp_path: Path) -> None:
    from nomenklatur.reports import FORMATS

    run = check(write_proposal(tmp_path / "usulan.xlsx"))
    html = FORMATS["html"](run, "id")
    shown = re.findall(r'<span class="where">([^<]+)</span>', html)
    assert shown == [f"{f.location.sheet}!{f.location.cell}" for f in sorted(run.findings, key=_by_rule) if f.location.cell]


def _by_rule(f) -> tuple:
    rank = {"error": 0, "warning": 1, "info": 2}
    return (rank[f.severity], f.rule)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_renders_in_headless_chromium_without_console_errors(page, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium tidak terpasang")
    path, _ = page
    shot = tmp_path / "laporan.png"
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run",
                           f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
                           f"--screenshot={shot}", "--window-size=1280,2000", path.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not re.findall(r"CONSOLE|Uncaught|Failed to load", done.stderr), done.stderr[-2000:]
    assert _png_size(shot) == (1280, 2000) and shot.stat().st_size > 50_000
