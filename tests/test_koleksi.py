"""A collection: a folder tree of governments' files checked in one run, with findings per folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_a_collection_is_summed_up_per_folder_in_text_and_json(tmp_path: Path, cli) -> None:
    paser, kubar = tmp_path / "64.01 Paser", tmp_path / "64.07 Kutai Barat"
    for folder, names in ((paser, ["paser_renja_2021.xlsx"]), (kubar, ["kubar_renja_2021.xlsx", "kaltim_dpmpd_2021.xlsx"])):
        folder.mkdir()
        for name in names:
            shutil.copy(SAMPLES / name, folder / name)
    one = json.loads(cli("check", str(tmp_path), "--format", "json").stdout)
    two = json.loads(cli("check", str(tmp_path), "--format", "json", "--jobs", "2").stdout)
    assert one["findings"] == two["findings"] and one["folders"] == two["folders"]
    by = {Path(f["folder"]).name: f for f in one["folders"]}
    assert (by["64.01 Paser"]["files"], by["64.07 Kutai Barat"]["files"]) == (1, 2)
    for name, row in by.items():  # each folder's counts are its files' findings
        mine = [f for f in one["findings"] if Path(f["file"]).parent.name == name]
        assert {s: row[s] for s in ("error", "warning", "info")} == \
            {s: sum(f["severity"] == s for f in mine) for s in ("error", "warning", "info")}
    assert sum(r["error"] for r in one["folders"]) == one["summary"]["error"]
    text = cli("check", str(tmp_path)).stdout
    table = text.split("Per folder:")[1].splitlines()
    assert table[1].split() == ["folder", "berkas", "galat", "peringatan", "info"]
    assert table[2].strip().startswith(str(paser)) and table[2].split()[-4:] == \
        [str(by["64.01 Paser"][k]) for k in ("files", "error", "warning", "info")]
    alone = json.loads(cli("check", str(SAMPLES / "paser_renja_2021.xlsx"), "--format", "json").stdout)
    assert "folders" not in alone and "Per folder:" not in cli("check", str(SAMPLES / "paser_renja_2021.xlsx")).stdout


def test_the_library_function_is_mapped_over_files_by_any_pool_with_the_clis_findings(cli) -> None:
    """check_file(path, options) is a pure function of its arguments: a process pool maps it over a collection
    and gets, for each file, the findings the command line reports."""
    from concurrent.futures import ProcessPoolExecutor

    from nomenklatur.engine import check_file, options_for

    files = [str(SAMPLES / name) for name in ("paser_renja_2021.xlsx", "kubar_renja_2021.xlsx", "kukar_rkpd_2021.csv")]
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(check_file, files, [options_for()] * len(files)))
    for path, result in zip(files, results):
        said = json.loads(cli("check", path, "--format", "json").stdout)
        assert [(f.rule, f.severity, f.location.cell, f.text("id")) for f in result.findings] == \
            [(f["rule"], f["severity"], f["cell"], f["message"]) for f in said["findings"]]
        assert (result.tahun, result.level) == (said["files"][0]["fiscal_year"], said["files"][0]["level"])
