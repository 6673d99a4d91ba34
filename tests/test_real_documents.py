"""Every real document of ../shared/reference/samples-real against its expected findings, written and verified
by hand in tests/real/ (errors with the official entry that proves them, warnings per rule, rows per role), through
the real CLI. Skips cleanly without ../shared."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

EXPECTED = Path(__file__).parent / "real"
CASES = sorted(EXPECTED.glob("*.yaml"))


def _expected(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_every_real_document_has_its_expected_findings(reference: Path) -> None:
    documents = {p.name for p in (reference / "samples-real").iterdir() if p.suffix in (".xlsx", ".xls", ".csv")}
    assert documents == {_expected(p)["file"] for p in CASES}


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_a_real_document_gives_exactly_its_hand_verified_findings(case: Path, reference: Path, cli) -> None:
    want = _expected(case)
    path = reference / "samples-real" / want["file"]
    result = cli("check", str(path), "--tahun", str(want["tahun"]), "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    data = json.loads(result.stdout)
    found = data["files"][0]
    assert found["level"] == want["level"]
    if "region" in want:
        assert found["region"] == want["region"]
    assert found["roles"] == want["roles"]
    errors = sorted((f["rule"], f["sheet"], f["cell"]) for f in data["findings"] if f["severity"] == "error")
    assert errors == sorted((e["rule"], e["sheet"], e["cell"]) for e in want["errors"]), data["findings"]
    assert all(e.get("proof") for e in want["errors"]), "every expected error names what proves it"
    by_severity = {s: Counter(f["rule"] for f in data["findings"] if f["severity"] == s) for s in ("warning", "info")}
    assert by_severity["warning"] == Counter(want.get("warnings") or {})
    assert by_severity["info"] == Counter(want.get("info") or {})
    assert result.returncode == want["exit"]


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_a_real_document_is_checked_as_its_own_year(case: Path, reference: Path, cli, tmp_path: Path) -> None:
    """Without --tahun a real document is checked as the year it shows (copied under a name without a year,
    so its title or codes must tell, where they can); with a wrong --tahun it gets one error naming its year,
    and what is measured against the wrong list is not called an error."""
    want = _expected(case)
    path = reference / "samples-real" / want["file"]
    data = json.loads(cli("check", str(path), "--format", "json").stdout)
    assert data["files"][0]["fiscal_year"] == want["tahun"]
    unnamed = tmp_path / f"dokumen{path.suffix}"
    unnamed.write_bytes(path.read_bytes())
    data = json.loads(cli("check", str(unnamed), "--format", "json").stdout)
    year, source = data["files"][0]["fiscal_year"], data["files"][0]["fiscal_year_source"]
    if source == "judul":
        assert year == want["tahun"]
    elif source == "kode":  # the codes tell the era: checked as its first year with a list of its own
        assert (year >= 2024) == (want["tahun"] >= 2024) and year <= want["tahun"]
    else:  # nothing shows the year: said, and nothing is called an error on the strength of a list
        assert source == "bawaan" and {f["rule"] for f in data["findings"] if f["severity"] == "error"} <= {"NK006"}
    wrong = 2021 if want["tahun"] >= 2024 else 2024
    result = cli("check", str(path), "--tahun", str(wrong), "--format", "json")
    data = json.loads(result.stdout)
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    assert [f["rule"] for f in errors if f["rule"] == "NK007"] == ["NK007"] and result.returncode == 1
    assert f"--tahun {want['tahun']}" in errors[0]["message"] or want["tahun"] not in (2021, 2024)
    assert {f["rule"] for f in errors} <= {"NK007", "NK006"}, errors  # NK006: not Permendagri 90 at all
    assert sum(1 for f in data["findings"] if f["severity"] != "info") < 200
