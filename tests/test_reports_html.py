"""The HTML report: self-contained, escaped, each finding in its row's context; rendered in headless Chromium."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import run_cli
from report_books import EXPECTED, INJECTED, SEVERITY_WORDS, check, sample_expected, write_proposal

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
    """Each finding written down for the proposal (report_books.EXPECTED) once, errors first, then warnings, then
    information, by rule within each, by row within a rule."""
    from nomenklatur.reports import FORMATS

    html = FORMATS["html"](check(write_proposal(tmp_path / "usulan.xlsx")), "id")
    shown = re.findall(r'<span class="where">([^<]+)</span>', html)
    assert shown == ["Renja!A5", "Renja!B4", "Renja!B6", "Renja!A3", "Renja!E9"]
    assert sorted(shown) == sorted(f"{sheet}!{cell}" for _, _, sheet, cell, _ in EXPECTED)


def test_each_file_counts_the_findings_written_down_for_it(page) -> None:
    """Per file: the badges count its findings by severity and each rule's group its findings, as
    samples/expected.yaml lists them for the samples and report_books.EXPECTED for the proposal (the page is
    made without --tingkat, so the proposal also gets NK003, info: its level is inferred from the codes)."""
    _, html = page
    proposal = [(rule, severity) for rule, severity, *_ in EXPECTED] + [("NK003", "info")]
    want = {"paser_renja_2021.xlsx": [f[:2] for f in sample_expected("paser_renja_2021.xlsx")],
            "kubar_renja_2021.xlsx": [f[:2] for f in sample_expected("kubar_renja_2021.xlsx")],
            "usulan.xlsx": proposal}
    sections = html.split('<section class="file"')[1:]
    assert len(sections) == 3
    for section in sections:
        name = Path(re.search(r"<h2>([^<]+)</h2>", section).group(1)).name
        badges = dict((w, int(n)) for n, w in re.findall(r'<span class="badge b-\w+">(\d+) (\w+)</span>', section))
        by_severity = Counter(SEVERITY_WORDS[severity] for _, severity in want[name])
        assert badges == {word: by_severity[word] for word in badges} and set(by_severity) <= set(badges), badges
        groups = {rule: int(n) for rule, n in re.findall(r"(NK\d{3}) · [^<·]+ · (\d+) temuan", section)}
        assert groups == dict(Counter(rule for rule, _ in want[name])), (name, groups)


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
