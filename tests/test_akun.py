"""The account rule NK501 at its edges: account codes typed as numbers, charts imported by the user that stop
above a code, the note that says why a finding is only a warning. Real workbooks, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from workbooks import write_xlsx

HEADER = ("Kode Rekening", "Uraian Rekening", "Jumlah")


def _findings(cli, path: Path, *args: str) -> list[dict]:
    result = cli("check", str(path), "--tingkat", "kabkota", "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["findings"]


def _import_chart(cli, tmp_path: Path, rows: list[tuple[str, str]], *args: str) -> None:
    """A user's account chart, imported as `akun-uji` for the years in args."""
    source = tmp_path / "bagan.csv"
    source.write_text("kode;nama\n" + "".join(f"{c};{n}\n" for c, n in rows), encoding="utf-8")
    made = cli("tables", "import", str(source), "--name", "akun-uji", "--jenis", "akun", "--regulasi", "Uji", *args)
    assert made.returncode == 0, made.stderr


def test_an_account_code_typed_as_a_whole_number_is_judged_as_its_code(tmp_path: Path, cli) -> None:
    """Kode rekening 4 typed as a number (an Excel cell of type number, not text) is PENDAPATAN DAERAH: read as
    that code, and a name that is not its name is a warning on the name's cell."""
    path = write_xlsx(tmp_path / "rka.xlsx", {"RKA": [
        HEADER, ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", 100),
        (4, "Belanja Pegawai", 100)]})
    found = _findings(cli, path, "--tahun", "2021")
    assert [(f["rule"], f["severity"], f["cell"], f["expected"]) for f in found] == [
        ("NK501", "warning", "B3", "PENDAPATAN DAERAH")], found


def test_a_user_chart_that_stops_at_a_top_account_does_not_judge_codes_below_it(tmp_path: Path, cli) -> None:
    """A chart imported for FY2022 knows PENDAPATAN DAERAH (4) without any account below it: 4.1.01 is deeper
    than the chart goes and is not called unknown; 5.1.01, below a 5.1 that has accounts, is unknown (an error,
    the chart being the year's own), and so is 6.1.01, of which the chart knows no ancestor at all."""
    _import_chart(cli, tmp_path, [("4", "PENDAPATAN DAERAH"), ("5", "BELANJA DAERAH"), ("5.1", "BELANJA OPERASI"),
                                  ("5.1.02", "Belanja Barang dan Jasa")], "--tahun", "2022")
    path = write_xlsx(tmp_path / "rka.xlsx", {"RKA": [
        HEADER, ("4.1.01", "Pajak Daerah", 100), ("5.1.01", "Belanja Pegawai", 100),
        ("5.1.02", "Belanja Barang dan Jasa", 5), ("6.1.01", "Sisa Lebih Perhitungan Anggaran", 5)]})
    found = _findings(cli, path, "--tahun", "2022")
    assert [(f["rule"], f["severity"], f["cell"]) for f in found] == [("NK501", "error", "A3"),
                                                                      ("NK501", "error", "A5")], found


def test_a_wrong_account_name_that_sorts_before_the_official_one_is_still_wrong(tmp_path: Path, cli) -> None:
    """Names are the same when their keys are equal (or the given words lie within the official name), not when
    one key merely sorts before the other: "Belanja Alat Listrik" is not "Belanja Makanan dan Minuman Rapat"."""
    path = write_xlsx(tmp_path / "rka.xlsx", {"RKA": [
        HEADER, ("5.1.02.01.01.0052", "Belanja Alat Listrik", 100),
        ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", 100)]})
    found = _findings(cli, path, "--tahun", "2021")
    assert [(f["rule"], f["severity"], f["cell"], f["expected"]) for f in found] == [
        ("NK501", "warning", "B2", "Belanja Makanan dan Minuman Rapat")], found
    assert found[0]["suggestion"]["safe"] is False  # the official name is offered, never written by `fix` alone


def test_an_unknown_account_of_the_2026_shape_is_named_in_its_4_digit_form(tmp_path: Path, cli) -> None:
    """A 2026-shape account the observed FY2026 chart lacks is a warning that names the 4-digit form it was
    looked up as, in both languages; one whose last segment has no 4-digit form says '-'."""
    path = write_xlsx(tmp_path / "rak.xlsx", {"RAK": [
        ("Kode Rekening", "Uraian", "Anggaran"), ("5.1.02.02.001.00999", "Belanja Entah", 100),
        ("5.1.02.02.001.99999", "Belanja Entah Lagi", 100)]})
    for lang, words in (("id", "dalam bentuk 4 digitnya {}); bagan akun bentuk 2026"),
                        ("en", "in its 4-digit form {}); the chart of the 2026 shape")):
        found = _findings(cli, path, "--tahun", "2026", "--lang", lang)
        unknown = [f for f in found if f["rule"] == "NK501"]
        assert [(f["severity"], f["cell"]) for f in unknown] == [("warning", "A2"), ("warning", "A3")], found
        assert words.format("5.1.02.02.01.0999") in unknown[0]["message"], unknown[0]["message"]
        assert words.format("-") in unknown[1]["message"], unknown[1]["message"]


def test_revenue_and_financing_are_errors_to_objek_and_warnings_below_it(tmp_path: Path, cli) -> None:
    """The FY2021 chart is complete for pendapatan and pembiayaan down to objek (four segments): an unknown code
    there is an error, one below it a warning saying the chart is incomplete there. Bantuan Keuangan (4.2.02.02)
    is known to objek only: a rincian objek below it is not judged."""
    path = write_xlsx(tmp_path / "apbd.xlsx", {"Lampiran": [
        HEADER, ("4.1.99", "Pendapatan Entah", 1), ("4.1.01.01.99", "PKB Entah", 1), ("6.1.99", "Pembiayaan Entah", 1),
        ("6.1.01.05.99", "SiLPA Entah", 1), ("4.2.02.02.01", "Bantuan Keuangan Umum", 1),
        ("5.1.99", "Belanja Entah", 1), ("5.1.02.01.01.9999", "Belanja Barang Entah", 1),
        ("4.1.01.99", "Pajak Entah", 1)]})
    found = _findings(cli, path, "--tahun", "2021")
    assert [(f["rule"], f["severity"], f["cell"]) for f in found] == [
        ("NK501", "error", "A2"), ("NK501", "warning", "A3"), ("NK501", "error", "A4"), ("NK501", "warning", "A5"),
        ("NK501", "error", "A7"), ("NK501", "error", "A8"), ("NK501", "error", "A9")], found
    assert all("di bawah objek tidak lengkap" in f["message"] for f in found if f["severity"] == "warning")


def test_a_chart_that_is_not_the_year_s_own_says_which_it_is(tmp_path: Path, cli) -> None:
    """FY2024 has no account chart: the nearest is FY2025's observed one, and the warning says it is not the
    official chart of FY2024 (FY2025 itself: only accounts observed in use), in both languages. A belanja name
    is still compared (a warning); names of pembiayaan are not, by a chart not the year's own, as those of
    pendapatan are not."""
    path = write_xlsx(tmp_path / "apbd.xlsx", {"Lampiran": [
        HEADER, ("5.1.02.01.01.9999", "Belanja Entah", 1), ("6.1", "Belanja Pegawai", 1),
        ("6.1.01", "Pendapatan Asli Daerah", 1), ("5.1.02.01.01.0052", "Belanja Alat Listrik", 1)]})
    for year, lang, words in (
            ("2024", "id", "bagan ini bukan bagan resmi TA 2024, jadi hanya peringatan"),
            ("2024", "en", "this chart is not the official chart of FY2024, so only a warning"),
            ("2025", "id", "bagan TA 2025 yang tersedia hanya rekening yang teramati dipakai"),
            ("2025", "en", "the FY2025 chart available holds only accounts observed in use, so only a warning")):
        found = [f for f in _findings(cli, path, "--tahun", year, "--lang", lang) if f["rule"] == "NK501"]
        assert [(f["severity"], f["cell"]) for f in found] == [("warning", "A2"), ("warning", "B5")], found
        assert words in found[0]["message"], found[0]["message"]


def test_names_in_a_chart_s_own_lines_are_compared_from_objek_down(tmp_path: Path, cli) -> None:
    """Under a bare "Uraian", a sheet listing the chart's own lines has its names compared from objek (four
    segments) down: a wrong name of objek 5.1.02.01 is a warning, one of jenis 5.1.02 (three) is not judged."""
    path = write_xlsx(tmp_path / "lampiran.xlsx", {"Lampiran III": [
        ("Kode Rekening", "Uraian", "Jumlah"), ("5.1.02", "Program Pelayanan Umum", 300),
        ("5.1.02.01", "Belanja Jasa Kantor", 300), ("5.1.02.01.01", "Belanja Barang Pakai Habis", 300),
        ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", 300)]})
    found = _findings(cli, path, "--tahun", "2021")
    assert [(f["rule"], f["severity"], f["cell"], f["expected"]) for f in found] == [
        ("NK501", "warning", "B3", "Belanja Barang")], found


def test_a_name_close_enough_is_the_same_account_a_little_less_is_not(tmp_path: Path, cli) -> None:
    """A shortened or mistyped name is the official one when it scores 85 or more within it: "Makanan dan
    Minumxxx" scores 85 against "Belanja Makanan dan Minuman Rapat" and passes, "Makanan dan Minuxxx" 84.2 and
    is a warning."""
    path = write_xlsx(tmp_path / "rka.xlsx", {"RKA": [
        HEADER, ("5.1.02.01.01.0052", "Makanan dan Minumxxx", 100), ("5.1.02.01.01.0052", "Makanan dan Minuxxx", 100)]})
    found = _findings(cli, path, "--tahun", "2021")
    assert [(f["rule"], f["severity"], f["cell"]) for f in found] == [("NK501", "warning", "B3")], found


def test_an_unknown_account_is_an_error_on_each_line_a_doubtful_one_a_warning_once_a_sheet(tmp_path: Path,
                                                                                         cli) -> None:
    """Where the chart proves a code wrong (FY2021 belanja), each line that writes it is an error; where it cannot
    (the observed FY2026 chart), the warning is said once per code and sheet."""
    lines = [("Kode Rekening", "Uraian", "Anggaran"), ("5.1.02.01.01.9999", "Belanja Entah", 1),
             ("5.1.02.01.01.9999", "Belanja Entah", 2)]
    found = _findings(cli, write_xlsx(tmp_path / "rka.xlsx", {"RKA": lines}), "--tahun", "2021")
    assert [(f["rule"], f["severity"], f["cell"]) for f in found] == [("NK501", "error", "A2"),
                                                                      ("NK501", "error", "A3")], found
    observed = [("Kode Rekening", "Uraian", "Anggaran"), ("5.1.02.02.001.00999", "Belanja Entah", 1),
                ("5.1.02.02.001.00999", "Belanja Entah", 2)]
    path = write_xlsx(tmp_path / "rak.xlsx", {"RAK": observed, "RAK 2": observed})
    found = [f for f in _findings(cli, path, "--tahun", "2026") if f["rule"] == "NK501"]
    assert [(f["severity"], f["sheet"], f["cell"]) for f in found] == [("warning", "RAK", "A2"),
                                                                      ("warning", "RAK 2", "A2")], found


def test_an_old_account_with_two_successors_suggests_the_one_it_names(tmp_path: Path, cli) -> None:
    """5.1.02.03.03.030 of the 2019 chart has two FY2021 successors of its name (…0030 and …0037): the finding
    names the first, and its suggestion replaces the code with that same one."""
    path = write_xlsx(tmp_path / "rka.xlsx", {"RKA": [HEADER, ("5.1.02.03.03.030", "", 100)]})
    (found,) = _findings(cli, path, "--tahun", "2021")
    assert (found["rule"], found["cell"], found["expected"]) == ("NK501", "A2", "5.1.02.03.03.0030"), found
    assert found["suggestion"]["replacement"] == "5.1.02.03.03.0030" and found["suggestion"]["safe"] is False, found
