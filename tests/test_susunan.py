"""The hierarchy of a sheet's rows (susunan.py) as NK402 sees it: which rows are children of which, which rows
make a total unverifiable. Real workbooks, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from workbooks import write_xlsx

PROGRAM = ("2.13.02", "PROGRAM PENATAAN DESA")
KEGIATAN = ("2.13.02.2.01", "Penyelenggaraan Penataan Desa")
PENATAAN = ("2.13.02.2.01.0001", "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa")
ATK = ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor")


def totals(cli, rows: list[tuple], tmp_path: Path) -> list[tuple[str, str, str | None, str]]:
    path = write_xlsx(tmp_path / "t.xlsx", {"Renja": [("Kode", "Uraian", "Pagu"), *rows]})
    result = cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota", "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    return [(f["rule"], f["severity"], f["cell"], f["message"]) for f in json.loads(result.stdout)["findings"]
            if f["rule"] == "NK402"]


def test_paket_lines_with_a_pagu_leave_the_total_judged(tmp_path: Path, cli) -> None:
    """Paket lines (no code, a pagu) under a sub kegiatan are neither its children nor unreadable rows: the
    JUMLAH below them is still compared with the sub kegiatan's 300."""
    rows = [(*PROGRAM, 300), (*KEGIATAN, 300), (*PENATAAN, 300), (None, "Pembangunan jalan desa A", 100),
            (None, "Pembangunan jalan desa B", 200), ("JUMLAH", None, 500)]
    assert totals(cli, rows, tmp_path) == [
        ("NK402", "error", "C7", "pagu JUMLAH = 500, tetapi jumlah rinciannya 300 (selisih 200)")]


def test_a_one_segment_account_line_is_a_child_of_its_sub_kegiatan(tmp_path: Path, cli) -> None:
    """BELANJA DAERAH (5) written as the first account line of a sub kegiatan sits below it, not beside it nor
    above it: the sub kegiatan's 300 is compared with its accounts' 200 (a warning), and the kegiatan's 300 with
    its one sub kegiatan's 300."""
    rows = [(*PROGRAM, 300), (*KEGIATAN, 300), (*PENATAAN, 300), ("5", "BELANJA DAERAH", 200),
            ("5.1", "BELANJA OPERASI", 200), ("5.1.02", "Belanja Barang dan Jasa", 200), (*ATK, 200)]
    assert [finding[:3] for finding in totals(cli, rows, tmp_path)] == [("NK402", "warning", "C4")]


def block(office: str, pagu: int) -> list[tuple]:
    return [(f"2.13.0.00.0.00.0{office}.0000", "Dinas", pagu), (*PROGRAM, pagu), (*KEGIATAN, pagu), (*PENATAAN, pagu)]


def test_a_grand_total_after_an_office_without_its_subtotal_adds_up_everything(tmp_path: Path, cli) -> None:
    """Office 1 has its JUMLAH, office 2 none: the TOTAL below office 2 is the grand total when it is nearer the
    sum of everything (150) than office 2's own rows (50); halfway between, it is taken for office 2's total."""
    rows = [*block("1", 100), ("JUMLAH", None, 100), *block("2", 50), ("TOTAL", None, 150)]
    assert totals(cli, rows, tmp_path) == []
    rows[-1] = ("TOTAL", None, 100)
    assert totals(cli, rows, tmp_path) == [
        ("NK402", "error", "C11", "pagu TOTAL = 100, tetapi jumlah rinciannya 50 (selisih 50)")]


def test_a_grand_total_right_after_the_one_subtotal_is_compared_with_everything_above(tmp_path: Path,
                                                                                      cli) -> None:
    """A TOTAL right below a JUMLAH adds up every row above it: two rupiah off is a difference, named with the
    sum of the rows (100), not with the JUMLAH row's own block, which is empty."""
    rows = [*block("1", 100), ("JUMLAH", None, 100), ("TOTAL", None, 102)]
    assert totals(cli, rows, tmp_path) == [
        ("NK402", "error", "C7", "pagu TOTAL = 102, tetapi jumlah rinciannya 100 (selisih 2)")]


def test_a_deeper_account_of_another_branch_is_no_child_of_the_account_above_it(tmp_path: Path, cli) -> None:
    """5.2.02.01.01 (a belanja modal) right below objek 5.1.02.01 is deeper but not below it: both are children
    of the sub kegiatan, whose 300 they make up; 5.1.02.01, with no account below it, is not compared."""
    rows = [(*PROGRAM, 300), (*KEGIATAN, 300), (*PENATAAN, 300), ("5.1.02.01", "Belanja Barang", 100),
            ("5.2.02.01.01", "Belanja Modal Alat Berat", 200)]
    assert totals(cli, rows, tmp_path) == []


def test_a_grand_total_two_rupiah_from_everything_is_named_with_everything(tmp_path: Path, cli) -> None:
    """Office 1 (50) has its JUMLAH, office 2 (100) none: a TOTAL of 148 is nearer everything (150) than office
    2's rows (100), so it is the grand total, two rupiah short."""
    rows = [*block("1", 50), ("JUMLAH", None, 50), *block("2", 100), ("TOTAL", None, 148)]
    assert totals(cli, rows, tmp_path) == [
        ("NK402", "error", "C11", "pagu TOTAL = 148, tetapi jumlah rinciannya 150 (selisih -2)")]


def test_a_grand_total_over_rows_of_zero_rupiah_is_still_compared(tmp_path: Path, cli) -> None:
    """An office whose rows all carry 0, its JUMLAH 0, then a TOTAL of 5: rows with a pagu of 0 are rows with a
    pagu, so the TOTAL is compared with them."""
    rows = [*block("1", 0), ("JUMLAH", None, 0), ("TOTAL", None, 5)]
    assert totals(cli, rows, tmp_path) == [
        ("NK402", "error", "C7", "pagu TOTAL = 5, tetapi jumlah rinciannya 0 (selisih 5)")]


def test_an_unreadable_row_leaves_the_jumlah_below_it_unjudged(tmp_path: Path, cli) -> None:
    """A sub kegiatan of 100 and a row whose code cannot be read (2.13.02.2.O1.0002, a letter O) of 200: the
    JUMLAH of 300 cannot be verified, so it is not compared with the 100 that could be read."""
    rows = [(*PENATAAN, 100), ("2.13.02.2.O1.0002", "Fasilitasi Tata Wilayah Desa", 200), ("JUMLAH", None, 300)]
    assert totals(cli, rows, tmp_path) == []


def test_an_urusan_is_the_parent_of_its_bidang(tmp_path: Path, cli) -> None:
    """Urusan 2 of 300 above bidang 2.13 of 200: the bidang is its child, so the urusan's pagu differs from the
    sum below it."""
    rows = [("2", "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR", 300),
            ("2.13", "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA", 200), (*PROGRAM, 200)]
    assert [finding[:3] for finding in totals(cli, rows, tmp_path)] == [("NK402", "error", "C2")]


def test_a_grand_total_after_a_negative_office_adds_up_everything(tmp_path: Path, cli) -> None:
    """Office 1 written negative (-100, a correction) with its JUMLAH, office 2 (50) without: a TOTAL of -50 is
    everything (-100 + 50), not office 2's 50."""
    rows = [*block("1", -100), ("JUMLAH", None, -100), *block("2", 50), ("TOTAL", None, -50)]
    assert totals(cli, rows, tmp_path) == []


def test_a_pagu_that_is_no_number_leaves_the_jumlah_below_it_unjudged(tmp_path: Path, cli) -> None:
    """A sub kegiatan of 100 and one whose pagu is words ("dua ratus", NK401): the JUMLAH of 300 cannot be
    verified, so it is not compared with the 100 that could be read."""
    rows = [(*PENATAAN, 100), ("2.13.02.2.01.0002", "Fasilitasi Tata Wilayah Desa", "dua ratus"), ("JUMLAH", None, 300)]
    assert totals(cli, rows, tmp_path) == []


def test_a_grand_total_after_a_subtotal_of_minus_one_rupiah_still_counts_its_rows(tmp_path: Path, cli) -> None:
    """Office 1 (100) and office 2 (-1, a correction), each with its JUMLAH, then a TOTAL of 200: the TOTAL is
    compared with everything above (99), office 2's rows counted as rows, not by their rupiah."""
    rows = [*block("1", 100), ("JUMLAH", None, 100), *block("2", -1), ("JUMLAH", None, -1), ("TOTAL", None, 200)]
    assert totals(cli, rows, tmp_path) == [
        ("NK402", "error", "C12", "pagu TOTAL = 200, tetapi jumlah rinciannya 99 (selisih 101)")]


def test_only_rows_with_children_that_carry_a_pagu_are_closed() -> None:
    """A block that ends is handed to the close rules only when it has children with a pagu: the program and
    kegiatan above two sub kegiatan are closed, the sub kegiatan themselves (no children) and a kegiatan whose one
    child has no pagu are not; a TOTAL row is compared with its block."""
    from decimal import Decimal

    from nomenklatur import kode
    from nomenklatur.baris import Baris, SheetMap
    from nomenklatur.susunan import Susunan

    sheet = SheetMap("f.xlsx", "Renja", {"kode": (1,), "pagu": (3,)}, {})

    def row(number: int, code: str, pagu: int | None) -> Baris:
        parsed = kode.parse(code, "program")
        return Baris(sheet, number, parsed.kind, "Dinas", code, parsed, pagu=None if pagu is None else Decimal(pagu))

    closed: list[int] = []
    tree = Susunan([lambda b: closed.append(b.row)])
    for b in [row(2, "2.13.02", 300), row(3, "2.13.02.2.01", 300), row(4, "2.13.02.2.01.01", 100),
              row(5, "2.13.02.2.01.02", 200), row(6, "2.13.02.2.02", 50), row(7, "2.13.02.2.02.01", None)]:
        tree.add(b)
    tree.total(Baris(sheet, 8, "jumlah", "Dinas", nama="JUMLAH", pagu=Decimal(300), total=True))
    tree.end()
    assert closed == [3, 8, 2]
