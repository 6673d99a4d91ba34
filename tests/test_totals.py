"""NK402 on the totals real documents carry: subtotals per office and a grand total, the TOTAL of a flat export,
a sub kegiatan and the accounts below it, totals above a row whose code cannot be read. Real files, real CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbooks import write_xlsx

PROGRAM = ("2.13.02", "PROGRAM PENATAAN DESA")
KEGIATAN = ("2.13.02.2.01", "Penyelenggaraan Penataan Desa")
PENATAAN = ("2.13.02.2.01.0001", "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa")
TATA = ("2.13.02.2.01.0002", "Fasilitasi Tata Wilayah Desa")
ATK = ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor")
KERTAS = ("5.1.02.01.01.0025", "Belanja Alat/Bahan untuk Kegiatan Kantor- Kertas dan Cover")


def totals(cli, rows: list[tuple], tmp_path: Path) -> list[tuple[str, str, str | None]]:
    path = write_xlsx(tmp_path / "t.xlsx", {"Renja": [("Kode", "Uraian", "Pagu"), *rows]})
    result = cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota", "--format", "json")
    return sorted((f["rule"], f["severity"], f["cell"]) for f in json.loads(result.stdout)["findings"])


def block(office: str, pagu: int) -> list[tuple]:
    return [(f"2.13.0.00.0.00.0{office}.0000", "Dinas", pagu), (*PROGRAM, pagu), (*KEGIATAN, pagu), (*PENATAAN, pagu)]


def test_a_subtotal_per_office_and_a_grand_total(tmp_path: Path, cli) -> None:
    rows = [*block("1", 100), ("JUMLAH", None, 100), *block("2", 50), ("JUMLAH", None, 50), ("TOTAL", None, 150)]
    assert totals(cli, rows, tmp_path) == []
    rows[-1] = ("TOTAL", None, 160)
    assert totals(cli, rows, tmp_path) == [("NK402", "error", "C12")]
    rows[4] = ("JUMLAH", None, 90)
    assert ("NK402", "error", "C6") in totals(cli, rows, tmp_path)


def test_the_total_of_account_lines(tmp_path: Path, cli) -> None:
    rows = [(*ATK, 100), (*KERTAS, 50), ("JUMLAH", None, 150)]
    assert totals(cli, rows, tmp_path) == []
    rows[-1] = ("JUMLAH", None, 151.5)
    assert totals(cli, rows, tmp_path) == [("NK402", "error", "C4")]
    result = cli("check", str(tmp_path / "t.xlsx"), "--tahun", "2024", "--tingkat", "kabkota", "--format", "json")
    message = json.loads(result.stdout)["findings"][0]["message"]
    assert message == "pagu JUMLAH = 151,50, tetapi jumlah rinciannya 150 (selisih 1,50)", message  # named as written


def test_a_sub_kegiatan_and_the_accounts_below_it_warn(tmp_path: Path, cli) -> None:
    """The accounts below a sub kegiatan add up to its pagu; when not, a warning (the list may be incomplete)."""
    rows = [(*PROGRAM, 300), (*KEGIATAN, 300), (*PENATAAN, 300), ("5.1.02", "Belanja Barang dan Jasa", 150),
            (*ATK, 100), (*KERTAS, 50), (*TATA, 0)]
    assert totals(cli, rows, tmp_path) == [("NK402", "warning", "C4")]
    rows[3] = ("5.1.02", "Belanja Barang dan Jasa", 300)
    rows[4] = (*ATK, 250)
    assert totals(cli, rows, tmp_path) == []


def test_a_row_whose_code_cannot_be_read_leaves_the_totals_above_it_unjudged(tmp_path: Path, cli) -> None:
    rows = [(*PROGRAM, 300), (*KEGIATAN, 300), (*PENATAAN, 100), ("2.13.02.2.O1.0002", TATA[1], 200),
            ("JUMLAH", None, 300)]
    assert totals(cli, rows, tmp_path) == [("NK101", "error", "A5")]


def test_a_kegiatan_total_below_its_rows_fails_as_one_above_them_does(tmp_path: Path, cli) -> None:
    """250 million over rows of 100 + 200 million is as wrong as 350 million: the difference counts either way.
    The program above equals the sum of its rows as they should be, so only the kegiatan is reported."""
    rows = [(*PROGRAM, 300_000_000), (*KEGIATAN, 250_000_000), (*PENATAAN, 100_000_000), (*TATA, 200_000_000)]
    assert totals(cli, rows, tmp_path) == [("NK402", "error", "C3")]
    rows[1] = (*KEGIATAN, 350_000_000)
    assert totals(cli, rows, tmp_path) == [("NK402", "error", "C3")]


def test_a_rupiah_of_rounding_is_no_difference_and_two_are(tmp_path: Path, cli) -> None:
    """Displayed totals are rounded: a difference of at most 1 rupiah either way passes, 2 rupiah do not."""
    def rows(kegiatan: int) -> list[tuple]:
        return [(*PROGRAM, kegiatan), (*KEGIATAN, kegiatan), (*PENATAAN, 100_000_000), (*TATA, 200_000_000)]

    assert totals(cli, rows(300_000_001), tmp_path) == []
    assert totals(cli, rows(299_999_999), tmp_path) == []
    assert totals(cli, rows(300_000_002), tmp_path) == [("NK402", "error", "C3")]
    assert totals(cli, rows(299_999_998), tmp_path) == [("NK402", "error", "C3")]


def test_a_rupiah_of_rounding_above_a_wrong_kegiatan_is_no_second_difference(tmp_path: Path, cli) -> None:
    """A program above a kegiatan that is off is judged against its rows as they should be: the kegiatan's own
    mistake is not counted twice, and a difference of at most 1 rupiah either way beyond it passes, 2 do not."""
    def rows(program: int) -> list[tuple]:
        return [(*PROGRAM, program), (*KEGIATAN, 350_000_000), (*PENATAAN, 100_000_000), (*TATA, 200_000_000)]

    assert totals(cli, rows(300_000_000), tmp_path) == [("NK402", "error", "C3")]
    assert totals(cli, rows(300_000_001), tmp_path) == [("NK402", "error", "C3")]
    assert totals(cli, rows(299_999_999), tmp_path) == [("NK402", "error", "C3")]
    assert totals(cli, rows(300_000_002), tmp_path) == [("NK402", "error", "C2"), ("NK402", "error", "C3")]
    assert totals(cli, rows(299_999_998), tmp_path) == [("NK402", "error", "C2"), ("NK402", "error", "C3")]


def test_nk402_says_the_pagu_the_sum_and_the_difference_in_rupiah(tmp_path: Path, cli) -> None:
    """A kegiatan off its rows is told as a total, a sub kegiatan and an account off the accounts below them as
    accounts (a warning); each with the pagu, the sum and the difference, in rupiah with sen where there are."""
    rows = [("Kode", "Uraian", "Pagu"), (*PROGRAM, 1300), (*KEGIATAN, 1300), (*PENATAAN, 1000.75),
            ("5.1.02", "Belanja Barang dan Jasa", 150), (*ATK, 100), (*KERTAS, 40.25), (*TATA, 0)]
    path = write_xlsx(tmp_path / "t.xlsx", {"Renja": rows})
    result = cli("check", str(path), "--tahun", "2024", "--tingkat", "kabkota", "--format", "json")
    found = json.loads(result.stdout)["findings"]
    assert not any(f["suggestion"]["safe"] for f in found)
    assert [type(f["value"]) for f in found] == [int, float, int]  # whole rupiah as whole numbers
    assert [(f["cell"], f["severity"], f["message"], f["value"], f["expected"]) for f in found] == [
        ("C3", "error", "pagu 2.13.02.2.01 = 1.300, tetapi jumlah rinciannya 1.000,75 (selisih 299,25)", 1300, 1000.75),
        ("C4", "warning", "pagu 2.13.02.2.01.0001 = 1.000,75, tetapi jumlah rekening di bawahnya 150 (selisih 850,75); "
                          "bisa juga karena daftar rekeningnya tidak lengkap", 1000.75, 150),
        ("C5", "warning", "pagu 5.1.02 = 150, tetapi jumlah rekening di bawahnya 140,25 (selisih 9,75); bisa juga "
                          "karena daftar rekeningnya tidak lengkap", 150, 140.25)], found


def test_nk402_a_program_as_its_rows_should_be_two_levels_down_passes(tmp_path: Path, cli) -> None:
    """A sub kegiatan of 350 over accounts of 100 + 200, its kegiatan of 360: the program of 300 equals its rows
    as they should be (the kegiatan's wrong total replaced by the sub kegiatan's, that one by its accounts')."""
    rows = [(*PROGRAM, 300), (*KEGIATAN, 360), (*PENATAAN, 350), (*ATK, 100), (*KERTAS, 200)]
    assert totals(cli, rows, tmp_path) == [("NK402", "error", "C3"), ("NK402", "warning", "C4")]
    rows[0] = (*PROGRAM, 302)
    assert totals(cli, rows, tmp_path) == [("NK402", "error", "C2"), ("NK402", "error", "C3"), ("NK402", "warning", "C4")]


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False,
                   min_value=-10 ** 15, max_value=10 ** 15) | st.integers(-10 ** 15, 10 ** 15).map(Decimal))
def test_an_amount_is_written_in_rupiah_as_indonesians_write_it(amount: Decimal) -> None:
    """Dots between thousands, a comma before cents, no ",00": the whole numbers take a quicker way there."""
    from nomenklatur.checks.amounts import _both, _number, _rupiah

    value, shown = _both(amount)  # both at once, as NK401 says a negative pagu
    assert (type(value), value, shown) == (type(_number(amount)), _number(amount), _rupiah(amount))
    full = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    expected = full[:-3] if full.endswith(",00") else full
    assert _rupiah(amount) == ("0" if amount == 0 else expected)  # a whole zero is never "-0"
    assert _rupiah(Decimal(-1250000)) == "-1.250.000" and _rupiah(Decimal("1250000.5")) == "1.250.000,50"
