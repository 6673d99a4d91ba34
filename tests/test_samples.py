"""The bundled samples yield exactly the findings listed in samples/expected.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
EXPECTED = yaml.safe_load((SAMPLES / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_yields_exactly_its_listed_findings(name: str, cli) -> None:
    spec = EXPECTED[name]
    result = cli("check", str(SAMPLES / name), "--tahun", "2021", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert data["files"][0]["level"] == spec["level"]
    assert data["files"][0]["region"] == spec["region"]
    got = sorted((f["rule"], f["sheet"], f["cell"]) for f in data["findings"])
    want = sorted((f["rule"], f["sheet"], f["cell"]) for f in spec["findings"])
    assert got == want, json.dumps(data["findings"], indent=1, ensure_ascii=False)[:4000]
    by_place = {(f["rule"], f["sheet"], f["cell"]): f for f in data["findings"]}
    for f in spec["findings"]:
        found = by_place[(f["rule"], f["sheet"], f["cell"])]
        if f["expected"] is not None:
            assert f["expected"] in (found["expected"], (found["suggestion"] or {}).get("replacement")), found
        else:  # no single right value: nothing to type (a partial code or another cell's value would mislead)
            assert found["expected"] is None, found
    assert result.returncode == (1 if spec["findings"] else 0)
