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
