"""NK502, kode sumber dana against the SIPD-RI master of the fiscal year: the message says when a code is of the
other shape than the master's (4-digit codes against the 2026 master, 2026-shape codes against an older one),
and what is no code at all is not judged. Real workbooks, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from workbooks import write_xlsx

HEADER = ("Kode", "Uraian", "Pagu", "Kode Sumber Dana")
MASTER_2025 = "Master sumber dana SIPD-RI (TA 2025)"
MASTER_2026 = "Master sumber dana SIPD-RI (TA 2026)"


def _nk502(cli, tmp_path: Path, tahun: str, dana: list[object]) -> dict[str, tuple[str, str]]:
    """cell -> (severity, message) of the NK502 findings of a sheet of sub kegiatan rows with these funding
    codes."""
    rows = [HEADER, *((f"2.13.02.2.01.{n:04d}", "", 100, d) for n, d in enumerate(dana, 1))]
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": rows})
    done = cli("check", str(path), "--tahun", tahun, "--tingkat", "kabkota", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    return {f["cell"]: (f["severity"], f["message"]) for f in json.loads(done.stdout)["findings"]
            if f["rule"] == "NK502"}


def test_a_2025_master_names_a_2026_shape_code_and_nothing_about_a_4_digit_one(tmp_path: Path, cli) -> None:
    found = _nk502(cli, tmp_path, "2025", [
        "2.2.01.05.01.9999",      # 4-digit shape, as the master: only unknown
        "2.2.01.08.002.99999",    # the 2026 shape
        "2.2.01.05.01.0001",      # Dana Desa: known
        "2.2.01.05.01.0001",
        "2.2.01.05.01.0001",
        5,                        # a number: read as a code like any other
        "",
    ])
    assert found == {
        "D2": ("warning", f"kode sumber dana 2.2.01.05.01.9999 tidak ada dalam {MASTER_2025}"),
        "D3": ("warning", (f"kode sumber dana 2.2.01.08.002.99999 tidak ada dalam {MASTER_2025} (kode bentuk 2026; "
                          "master ini memakai bentuk 4 digit)")),
        "D7": ("warning", f"kode sumber dana 5 tidak ada dalam {MASTER_2025}"),
    }
    # a name where a code belongs: nothing to compare
    found = _nk502(cli, tmp_path, "2025", ["2.2.01.05.01.9999", *["2.2.01.05.01.0001"] * 4, "Dana Desa"])
    assert found == {"D2": ("warning", f"kode sumber dana 2.2.01.05.01.9999 tidak ada dalam {MASTER_2025}")}


def test_the_2026_master_names_a_4_digit_code_and_nothing_about_a_5_segment_one(tmp_path: Path, cli) -> None:
    found = _nk502(cli, tmp_path, "2026", ["2.2.01.05.01.0001", "2.2.01.08.002.00004", "2.2.01.05.99"])
    assert found == {
        "D2": ("warning", (f"kode sumber dana 2.2.01.05.01.0001 tidak ada dalam {MASTER_2026} (kode bentuk 4 digit; "
                          "master TA 2026 memakai bentuk 2026, mis. 2.2.01.08.002.00004)")),
        "D4": ("warning", f"kode sumber dana 2.2.01.05.99 tidak ada dalam {MASTER_2026}"),
    }


def test_the_older_classification_before_2025_names_no_shape(tmp_path: Path, cli) -> None:
    found = _nk502(cli, tmp_path, "2024", ["2.2.01.05.01.9999", "2.2.01.05.01.9999"])
    assert list(found) == ["D2"]
    assert found["D2"][1].startswith("kode sumber dana 2.2.01.05.01.9999 tidak ada dalam Klasifikasi sumber dana")
    assert "bentuk" not in found["D2"][1]
