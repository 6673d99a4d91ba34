"""The bundled samples yield exactly the findings listed in samples/expected.yaml (rule, severity, sheet, cell,
the value the cell holds, the correction), and samples/make_samples.py writes exactly the committed files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
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
    got = sorted((f["rule"], f["severity"], f["sheet"], f["cell"]) for f in data["findings"])
    want = sorted((f["rule"], f["severity"], f["sheet"], f["cell"]) for f in spec["findings"])
    assert got == want, json.dumps(data["findings"], indent=1, ensure_ascii=False)[:4000]
    by_place = {(f["rule"], f["sheet"], f["cell"]): f for f in data["findings"]}
    for f in spec["findings"]:
        found = by_place[(f["rule"], f["sheet"], f["cell"])]
        # the value as written; a code cell with the name glued to it is reported by the code it starts with
        glued = isinstance(f["value"], str) and found["value"] and f["value"].startswith(f"{found['value']} ")
        assert found["value"] == f["value"] or glued, (found["value"], f)
        if f["expected"] is not None:
            assert f["expected"] in (found["expected"], (found["suggestion"] or {}).get("replacement")), found
        else:  # no single right value: nothing to type (a partial code or another cell's value would mislead)
            assert found["expected"] is None, found
    assert result.returncode == (1 if spec["findings"] else 0)


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.endswith(".xlsx") and EXPECTED[n]["findings"]))
def test_the_listed_values_are_what_the_sample_cells_hold(name: str) -> None:
    """expected.yaml's `value` is the cell's content as written (null: an empty cell), read here with openpyxl."""
    book = openpyxl.load_workbook(SAMPLES / name)
    for f in EXPECTED[name]["findings"]:
        assert book[f["sheet"]][f["cell"]].value == f["value"], f


def test_the_generator_writes_exactly_the_committed_samples(tmp_path: Path) -> None:
    """`python samples/make_samples.py` rewrites the samples and expected.yaml byte for byte: edit the script, not
    the files."""
    shutil.copy(SAMPLES / "make_samples.py", tmp_path)
    subprocess.run([sys.executable, str(tmp_path / "make_samples.py")], check=True, timeout=120)
    written = sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".csv", ".yaml"))
    assert written == sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv", ".yaml"))
    for name in written:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name
