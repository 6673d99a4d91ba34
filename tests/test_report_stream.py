"""Reports written piece by piece (issue 17): json, sarif, gitlab and csv come out a batch of findings at a
time, and the text is exactly the one the whole report gave (the documented JSON contract unchanged)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from workbooks import write_xlsx

from conftest import run_cli
from nomenklatur.reports.common import BATCH, STREAM as STREAM_MARK

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PENATAAN = "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa"


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """A workbook with more findings than two batches: a FY2024 sub kegiatan with a pagu below zero on every row."""
    from nomenklatur.tables import default_catalog

    codes = [e for e in default_catalog().table("fy2024").entries("kabkota") if e.kind == "sub_kegiatan"]
    rows = [("Kode", "Uraian", "Pagu"), *((e.code, e.name, -1000) for e in codes[:2 * BATCH + 7])]
    return write_xlsx(tmp_path_factory.mktemp("stream") / "renja_2024.xlsx", {"Renja": rows})


def _whole(text: str) -> str:
    """The document as json.dumps writes it whole (the way the reports were written before they streamed)."""
    return json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
@pytest.mark.parametrize("which", ["many", "samples", "clean"])
def test_the_streamed_report_is_the_whole_report(fmt: str, which: str, many: Path, tmp_path: Path) -> None:
    paths = {"many": [many], "clean": [SAMPLES / "kaltim_dpmpd_2021.xlsx"],
             "samples": [SAMPLES / "kubar_renja_2021.xlsx", SAMPLES / "paser_renja_2021.xlsx"]}[which]
    shown = run_cli("check", *map(str, paths), "--format", fmt)
    assert shown.returncode in (0, 1), shown.stderr
    assert shown.stdout == _whole(shown.stdout)
    out = tmp_path / f"laporan.{fmt}"
    written = run_cli("check", *map(str, paths), "--format", fmt, "-o", str(out))
    assert written.returncode == shown.returncode and out.read_text(encoding="utf-8") == shown.stdout
    found = {"json": lambda d: d["findings"], "sarif": lambda d: d["runs"][0]["results"],
             "gitlab": lambda d: d}[fmt](json.loads(shown.stdout))
    summary = json.loads(run_cli("check", *map(str, paths), "--format", "json").stdout)["summary"]
    assert len(found) == sum(summary.values())
    assert len(found) >= {"many": 2 * BATCH + 7, "samples": 18, "clean": 0}[which]


def test_the_csv_task_list_streams_whole_rows(many: Path, tmp_path: Path) -> None:
    out = tmp_path / "tugas.csv"
    shown = run_cli("check", str(many), "--format", "csv", "-o", str(out))
    lines = out.read_bytes().decode("utf-8").lstrip("\ufeff").split("\r\n")
    assert lines[-1] == "" and len(lines) >= 2 * BATCH + 9  # header, a row per finding, the last line ending
    numbers = [line.split(";")[0] for line in lines[1:-1]]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]  # no row lost or doubled at a batch's edge
    assert shown.returncode == 1
    assert run_cli("check", str(many), "--format", "csv").stdout == out.read_text(encoding="utf-8")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_a_value_is_written_as_json_dumps_writes_it(value: object) -> None:
    from nomenklatur.reports.common import indented

    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert indented(value, "    ") == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def test_findings_that_list_many_rows_are_written_in_pieces_of_bounded_size() -> None:
    """An NK403 warning lists every repeated row: 500 of them with 400 rows each would be one 40 MB piece."""
    from nomenklatur.reports.common import PIECE_CHARS, json_chunks

    items = [{"rule": "NK403", "related": [{"sheet": "Renja", "cell": f"A{r}", "row": r} for r in range(n, n + 400)]}
             for n in range(600)]
    document = {"tool": "nomenklatur", "findings": STREAM_MARK, "summary": {"warning": 600}}
    pieces = list(json_chunks(document, iter(items)))
    assert max(len(p) for p in pieces) < 2 * PIECE_CHARS and len(pieces) > 20
    assert "".join(pieces) == json.dumps({**document, "findings": items}, ensure_ascii=False, indent=2)


FINDING_VALUES = st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.decimals(allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(value=FINDING_VALUES, expected=FINDING_VALUES, text=st.text(), suggested=st.booleans(),
       related=st.integers(0, 3), lang=st.sampled_from(["id", "en"]), safe=st.sampled_from([False, True, 0, 1]),
       reference=st.sampled_from(["fy2021: Kepmendagri", "fy2024: Kepmendagri 900", None]))
def test_a_finding_is_written_as_its_dict_is(value, expected, text, suggested, related, lang, safe, reference) -> None:
    """The JSON report writes a finding straight from it (speed): the text must be that of its documented dict."""
    from nomenklatur.findings import Finding, Location, Message, Suggestion
    from nomenklatur.reports.common import indented
    from nomenklatur.reports.json_report import finding_text
    from nomenklatur.temuan import packed

    where = Location("a.xlsx", "Renja \"1\"", "B7", 7, "B", "Uraian")
    suggestion = Suggestion(Message({"id": "pakai {expected}", "en": "use {expected}"}, {"expected": text}),
                            text or None, safe) if suggested else None  # a 0 or 1 as written, not as false or true
    f = Finding("NK202", "name", "error", Message({"id": "nama {value}", "en": "name {value}"}, {"value": text}),
                where, value, expected, suggestion, tuple(Location("a.xlsx", "Renja", f"A{r}", r) for r in range(related)),
                reference, ("OPD", text))
    for depth in ("", "    "):
        assert finding_text(packed(f), depth, lang) == indented(f.to_dict(lang), depth)


def test_a_suggestion_without_replacement_is_written_as_its_own_safe_value() -> None:
    """The text after a suggestion without replacement is made once per `safe`: false and 0, true and 1 apart."""
    from nomenklatur.findings import Finding, Location, Suggestion
    from nomenklatur.reports.common import indented
    from nomenklatur.reports.json_report import finding_text
    from nomenklatur.temuan import packed

    for safe in (False, 0, True, 1, False):
        f = Finding("NK202", "name", "error", {"id": "x"}, Location("a.xlsx"), suggestion=Suggestion({"id": "y"}, None, safe))
        assert finding_text(packed(f), "  ", "id") == indented(f.to_dict("id"), "  ")


def test_every_sample_finding_is_written_as_its_dict_is() -> None:
    from nomenklatur.engine import check_paths, options_for
    from nomenklatur.reports.common import indented
    from nomenklatur.reports.json_report import finding_text
    from nomenklatur.temuan import packed

    run = check_paths([str(p) for p in sorted(SAMPLES.glob("*.xlsx"))], options_for())
    findings = list(run.findings)
    assert len(findings) >= 18 and any(f.suggestion for f in findings) and any(f.related for f in findings)
    for f in findings:
        for lang in ("id", "en"):
            assert finding_text(packed(f), "    ", lang) == indented(f.to_dict(lang), "    ")


@pytest.mark.parametrize("template, params", [
    ({"id": "nama {value}", "en": "name {value}"}, {"value": "Desa"}),
    ({"id": "nama {value}"}, {"value": "Desa"}),  # no English: the Indonesian
    ({"id": "{value}", "en": "{value}"}, {"value": ""}),  # empty in English: the Indonesian (empty too)
    ({"id": "tanpa nilai", "en": "{missing}"}, {}),  # a value the English lacks
    ({"id": "{{kurung}} {value}", "en": "plain"}, {"value": 1}),
    ({"id": "buka {{ saja", "en": "tutup }} saja"}, {}),  # one kind of brace only: still filled ("{{" is "{")
])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_packed_message_reads_as_the_finding_does(template: dict, params: dict, lang: str) -> None:
    from nomenklatur.findings import Finding, Location, Message, Suggestion
    from nomenklatur.temuan import packed, said

    f = Finding("NK202", "name", "error", Message(template, params), Location("a.xlsx"),
                suggestion=Suggestion(Message(template, params)))
    t = packed(f)
    assert said(t[3], lang) == f.text(lang) and said(t[7][0], lang) == f.suggestion_text(lang)
    plain = Finding("NK202", "name", "error", dict(Message(template, params)) if "missing" not in str(template)
                    else {"id": "x"}, Location("a.xlsx"))
    assert said(packed(plain)[3], lang) == plain.text(lang)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "csv", "html", "xlsx", "junit", "gitlab", "github"])
def test_a_report_is_written_with_the_collector_paused_and_leaves_no_cycles_per_finding(
        fmt: str, many: Path, tmp_path: Path, capsys) -> None:
    """The CLI writes a report with the garbage collector paused (a run's findings read back are not walked again
    and again); that is only safe while writing makes no reference cycles per finding: what it leaves for the
    collector is the same for a tenth of the findings as for all of them, and the collector is on again after."""
    import gc

    from nomenklatur import cli
    from nomenklatur.engine import check_paths, options_for

    run = check_paths([str(many)], options_for(tahun=2024, tingkat="kabkota"))
    few = check_paths([str(many)], options_for(tahun=2024, tingkat="kabkota"))
    few.files[0].findings = few.files[0].findings.keep(lambda f: f.location.row is None or f.location.row % 10 == 0)
    assert len(run.findings) > 9 * len(few.findings) >= 9 * 100
    left, collected = [], []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            collected.append(info["generation"])

    for n, which in enumerate((few, run)):
        output = None if fmt in ("text", "json") else tmp_path / f"r{n}.{fmt}"
        gc.collect()
        gc.callbacks.append(seen)
        try:
            cli._print_report(which, fmt, "id", False, output, [str(many)], True)
        finally:
            gc.callbacks.remove(seen)
        assert gc.isenabled() and len(collected) <= 1, collected  # none while written; one due as it is resumed
        collected.clear()
        left.append(gc.collect())
    capsys.readouterr()
    assert left[1] <= left[0] + 10, left
    gc.disable()
    try:
        cli._print_report(few, "csv", "id", False, tmp_path / "off.csv", [str(many)], True)
        assert not gc.isenabled()  # paused by the caller: left paused
    finally:
        gc.enable()


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGSTOP"), reason="job control signals are POSIX")
def test_a_report_piped_out_is_whole_when_the_job_is_stopped_and_continued(tmp_path: Path) -> None:
    """With PYTHONUNBUFFERED=1 (common in containers and CI), stdout's writes go straight to the pipe, and Python's
    text layer drops what a write cut short by a signal did not take (CPython gh-85393): a job stopped and continued
    (Ctrl-Z and `fg`, a paused container) while its report went into `| jq` came out garbled. The report is whole."""
    import os
    import signal
    import subprocess
    import sys
    import threading
    import time

    from nomenklatur.tables import default_catalog

    codes = [e for e in default_catalog().table("fy2024").entries("kabkota") if e.kind == "sub_kegiatan"]
    rows = [("Kode", "Uraian", "Pagu"), *((codes[n % len(codes)].code, codes[n % len(codes)].name, -1000)
                                          for n in range(6_000))]
    path = write_xlsx(tmp_path / "renja_2024.xlsx", {"Renja": rows})
    args = [sys.executable, "-m", "nomenklatur", "check", str(path), "--tahun", "2024", "--format", "json"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    expected = subprocess.run(args, capture_output=True, env=env, timeout=120).stdout
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    got = bytearray()

    def read_slowly() -> None:
        assert process.stdout is not None
        while chunk := os.read(process.stdout.fileno(), 16_384):
            got.extend(chunk)
            time.sleep(0.001)

    reader = threading.Thread(target=read_slowly)
    reader.start()
    try:
        while process.poll() is None:
            os.kill(process.pid, signal.SIGSTOP)
            time.sleep(0.002)
            os.kill(process.pid, signal.SIGCONT)
            time.sleep(0.003)
    except ProcessLookupError:
        pass
    finally:
        os.kill(process.pid, signal.SIGCONT) if process.poll() is None else None
        process.wait(timeout=120)
        reader.join(timeout=120)
    assert len(json.loads(expected)["findings"]) >= 6_000
    assert bytes(got) == expected
