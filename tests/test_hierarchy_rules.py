"""The structure rules on the words and values of their findings: NK303 (a bidang that is not the office's own)
names the office's bidang as its kode organisasi gives them, judges programs as well as their rows, leaves
the generic `X.XX` form alone and offers the supporting program's code under the office's own bidang. Real
workbooks, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from workbooks import write_xlsx

OPTIONS = ("--tahun", "2021", "--tingkat", "kabkota")
DPMPD = "2.13.0.00.0.00.01.0000"             # one bidang: 2.13
DUA = "2.13.2.12.0.00.01.0000"               # two bidang: 2.13, 2.12
TIGA = "2.13.2.12.1.02.01.0000"              # three bidang: 2.13, 2.12, 1.02
KES_PMD = "1.02.2.13.0.00.01.0000"           # two bidang: 1.02, 2.13
PERENCANAAN = "Penyusunan Dokumen Perencanaan Perangkat Daerah"


def _found(cli, path: Path, rule: str) -> dict[str, dict]:
    done = cli("check", str(path), *OPTIONS, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    return {f["cell"]: f for f in json.loads(done.stdout)["findings"] if f["rule"] == rule}


def _said(f: dict) -> tuple:
    s = f["suggestion"]
    return f["severity"], f["message"], f["expected"], s["text"], s["safe"]


def test_an_office_s_bidang_are_those_its_kode_organisasi_names(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [
        ("Kode OPD", "Perangkat Daerah", "Kode", "Uraian"),
        (DPMPD, "Dinas PMD", "X.XX.01.2.01.01", ""),      # the generic form names no bidang: not judged
        (DPMPD, "Dinas PMD", "1.02.02", ""),              # a program of another bidang: said on the program row
        (DPMPD, "Dinas PMD", "1.02.02.2.01.01", ""),      # ... and not again on its rows
        (TIGA, "Dinas Tiga", "1.02.02.2.01.01", ""),      # the third bidang is the office's own
        (TIGA, "Dinas Tiga", "1.03.02.2.01.01", ""),
        (TIGA, "Dinas Tiga", "1.03.01.2.01.01", ""),      # a foreign supporting program of a several-bidang office
        (DPMPD, "Dinas PMD", "1.03.01.2.02.01", ""),      # ... and of a one-bidang office
        (DUA, "Dinas Dua", "1.03.01.2.01.01", ""),        # ... and of a two-bidang office
        (KES_PMD, "Dinas Kes PMD", "2.13.01.2.01.01", ""),  # its own second bidang, which sorts after the first
    ]})
    found = _found(cli, path, "NK303")
    assert {cell: _said(f) for cell, f in found.items()} == {
        "C3": ("warning", "bidang 1.02 pada kode 1.02.02 bukan urusan perangkat daerah ini (2.13)", None,
               "program penunjang (X.XX.01) memakai bidang perangkat daerah sendiri: 2.13", False),
        "C6": ("warning", "bidang 1.03 pada kode 1.03.02.2.01.01 bukan urusan perangkat daerah ini (2.13, 2.12, 1.02)",
               None, "program penunjang (X.XX.01) memakai bidang perangkat daerah sendiri: 2.13, 2.12, 1.02", False),
        "C7": ("warning", "bidang 1.03 pada kode 1.03.01.2.01.01 bukan urusan perangkat daerah ini (2.13, 2.12, 1.02)",
               "2.13.01.2.01.01", "program penunjang (X.XX.01) memakai bidang pertama perangkat daerah: 2.13", False),
        "C8": ("warning", "bidang 1.03 pada kode 1.03.01.2.02.01 bukan urusan perangkat daerah ini (2.13)",
               "2.13.01.2.02.01", "program penunjang (X.XX.01) memakai bidang perangkat daerah sendiri: 2.13", False),
        "C9": ("warning", "bidang 1.03 pada kode 1.03.01.2.01.01 bukan urusan perangkat daerah ini (2.13, 2.12)",
               "2.13.01.2.01.01", "program penunjang (X.XX.01) memakai bidang pertama perangkat daerah: 2.13", False),
        "C10": ("warning", ("program penunjang 2.13.01.2.01.01 memakai bidang 2.13, padahal program penunjang perangkat "
                           "daerah ini memakai bidang pertamanya, 1.02 (bidangnya: 1.02, 2.13)"),
                "1.02.01.2.01.01", "program penunjang (X.XX.01) memakai bidang pertama perangkat daerah: 1.02", False),
    }


def test_without_kode_organisasi_the_supporting_program_is_offered_under_the_office_s_bidang(
        tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [
        ("Perangkat Daerah", "Kode", "Uraian"),
        ("Dinas PMD", "2.13.02.2.01.01", ""),
        ("Dinas PMD", "1.02.01.2.01.01", PERENCANAAN),
        ("Dinas Dua", "2.13.02.2.01.01", ""),
        ("Dinas Dua", "1.02.02.2.01.01", ""),
        ("Dinas Dua", "1.03.01.2.01.01", PERENCANAAN),   # two bidang of its own: no single right code
    ]})
    found = _found(cli, path, "NK303")
    assert {cell: _said(f) for cell, f in found.items()} == {
        "B3": ("warning", ("program penunjang 1.02.01.2.01.01 memakai bidang 1.02, padahal program perangkat daerah "
                          "ini ada di bidang 2.13"), "2.13.01.2.01.01",
               "program penunjang (X.XX.01) memakai bidang perangkat daerah sendiri: 2.13", False),
        "B6": ("warning", ("program penunjang 1.03.01.2.01.01 memakai bidang 1.03, padahal program perangkat daerah "
                          "ini ada di bidang 1.02, 2.13"), None,
               "program penunjang (X.XX.01) memakai bidang perangkat daerah sendiri: 1.02, 2.13", False),
    }


def test_a_row_under_the_wrong_parent_and_a_kegiatan_of_the_wrong_level(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [
        ("Kode", "Uraian"),
        ("2.13.02.1.01.01", ""),                                   # a provincial kegiatan in a kabupaten's file
        ("2.13.02.2.01", ""),
        ("2.13.03.2.01.02", "Fasilitasi Tata Wilayah Desa"),       # the name of 2.13.02.2.01.02
    ]})
    done = cli("check", str(path), *OPTIONS, "--format", "json")
    by = {(f["rule"], f["cell"]): f for f in json.loads(done.stdout)["findings"] if f["rule"] in ("NK301", "NK302")}
    assert sorted(by) == [("NK301", "A4"), ("NK302", "A2")]
    assert _said(by["NK302", "A2"]) == (
        "error", "kode 2.13.02.1.01.01 adalah kegiatan tingkat provinsi, padahal berkas ini berkas kabupaten/kota",
        None, "pakai kegiatan tingkat yang sesuai (digit ke-4 kode: 1 provinsi, 2 kabupaten/kota)", False)
    assert _said(by["NK301", "A4"]) == (
        "error", "kode 2.13.03.2.01.02 tidak berada di bawah 2.13.02.2.01 (baris 3) yang menaunginya",
        "2.13.02.2.01.02", "pindahkan baris ke bawah induk yang benar, atau perbaiki kodenya", False)
    assert [r["cell"] for r in by["NK301", "A4"]["related"]] == ["A3"]
