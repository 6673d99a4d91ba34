"""What a first-time user stumbles on (issue 16): one language, honest values, inputs checked once, quiet
success made visible. Real files, real CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from workbooks import write_xlsx

PENATAAN = "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa"


@pytest.mark.parametrize("name", ["targets", "headers"])
def test_only_rule_profiles_are_profiles(tmp_path: Path, cli, name: str) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [("Kode", "Uraian"), ("2.13.02.2.01.0001", PENATAAN)]})
    result = cli("check", str(path), "--tahun", "2024", "--profil", name)
    assert result.returncode == 2 and "profil tidak ada" in result.stderr and "Traceback" not in result.stderr
    assert "targets" not in result.stderr.split("pilihan:")[1] and "kabkota" in result.stderr


SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _json(result) -> dict:
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


# --- 3. one language, and words people use ----------------------------------------------------------------

def test_a_rule_explained_in_bahasa_indonesia_has_no_english_and_no_backticks(cli) -> None:
    said = cli("rule", "NK201").stdout
    assert "Lulus: 2.13.02.2.01.01" in said and "Gagal: 2.13.02.2.01.09" in said
    assert "`" not in said and "passes" not in said and "fails" not in said and " the " not in said
    english = cli("rule", "NK201", "--lang", "en").stdout
    assert "passes" in english and "`" not in english


def test_clicks_own_words_are_in_bahasa_indonesia_unless_english_is_asked(cli) -> None:
    wrong = cli("check", "x.xlsx", "--bogus")
    assert wrong.returncode == 2 and "pilihan '--bogus' tidak dikenal" in wrong.stderr
    assert "No such option" not in wrong.stderr and "Usage" not in wrong.stderr and "Cara pakai:" in wrong.stderr
    number = cli("check", "x.xlsx", "--tahun", "abc")
    assert "'abc' bukan angka yang sah" in number.stderr and "integer" not in number.stderr
    helped = cli("check", "--help").stdout
    assert "Cara pakai: nomenklatur check [PILIHAN] BERKAS..." in helped and "Tampilkan bantuan ini lalu keluar." in helped
    for english in ("Show this message", "[OPTIONS]", "TEXT", "INTEGER", "default:", "required"):
        assert english not in helped, english
    assert "No such option" in cli("check", "x.xlsx", "--bogus", "--lang", "en").stderr
    assert "Usage: nomenklatur check [OPTIONS] FILES..." in cli("check", "--help", "--lang", "en").stdout


def test_a_region_typed_as_a_number_in_the_configuration_is_taken(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [("Kode", "Uraian"), ("2.13.02.2.01.0001", PENATAAN)]})
    (tmp_path / ".nomenklatur.yaml").write_text("tahun: 2024\nwilayah: 11.10\nselect: NK201, NK202\n", encoding="utf-8")
    data = _json(cli("check", str(path), "--format", "json", cwd=tmp_path))
    assert data["files"][0]["region"] == "11.10"  # Aceh Singkil; YAML reads 11.10 as the number 11.1
    (tmp_path / ".nomenklatur.yaml").write_text("fail_on: semua\n", encoding="utf-8")
    bad = cli("check", str(path), cwd=tmp_path)
    assert bad.returncode == 2 and "fail_on" in bad.stderr and "harus salah satu dari: 'error', 'warning', 'info'" \
        in bad.stderr
    assert "Input should" not in bad.stderr and "Traceback" not in bad.stderr


def test_tables_lookup_and_level_say_the_words_planners_use(tmp_path: Path, cli) -> None:
    listing = cli("tables").stdout
    for key in ("removed", "successor", "renamed", "rincian_objek", "sub_kegiatan", "semua:", "kabkota"):
        assert not re.search(rf"\b{key}\b", listing), key  # file names (fy2021_kabkota_….csv) aside
    assert "dihapus" in listing and "kabupaten/kota" in listing
    assert cli("lookup", "2.13.02.2.01.0001").stdout.startswith("2.13.02.2.01.0001  (kode sub kegiatan)")
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [("Kode", "Uraian"), ("2.13.02.2.01.0001", PENATAAN)]})
    (level,) = [f for f in _json(cli("check", str(path), "--tahun", "2024", "--format", "json"))["findings"]
                if f["rule"] == "NK003"]
    assert "(kabupaten/kota)" in level["message"] and "kabkota" not in level["message"]


def test_english_counts_agree_in_number(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [("Kode", "Uraian", "Pagu"), ("2.13.02.2.01.0001", PENATAAN, -5)]})
    said = cli("check", str(path), "--tahun", "2024", "--lang", "en").stdout.splitlines()[-1]
    assert said == "Summary: 1 file, 1 error, 0 warnings, 1 info", said
    assert cli("check", str(path), "--tahun", "2024").stdout.splitlines()[-1] == \
        "Ringkasan: 1 berkas, 1 galat, 0 peringatan, 1 info"


# --- 4. --help -------------------------------------------------------------------------------------------

def test_every_command_and_option_has_a_whole_help_text(cli) -> None:
    listing = cli("--help").stdout.split("Perintah:")[1]
    lines = [line.strip() for line in listing.strip().splitlines()]
    assert len(lines) == 7 and all(line.endswith(".") and "(mis." not in line for line in lines), lines
    for command, option in (("sync", "--config"), ("sync", "--format"), ("sync", "--fail-on"), ("lookup", "--limit"),
                            ("tables import", "--jenis")):
        helped = cli(*command.split(), "--help").stdout.split("Pilihan:")[1]
        blocks = re.split(r"\n  (?=-)", helped)  # one block per option: its names, metavar, then its help
        (block,) = [b for b in blocks if b.strip().startswith(option)]
        words = block.split()
        assert any(w.isalpha() and w.islower() for w in words[2:]), (command, option, block)  # a sentence


# --- 5. values a user can type into the cell ---------------------------------------------------------------

def test_expected_is_a_value_to_type_or_empty(tmp_path: Path, cli) -> None:
    data = _json(cli("check", str(SAMPLES / "kubar_renja_2021.xlsx"), "--format", "json"))
    by = {(f["rule"], f["cell"]): f for f in data["findings"]}
    assert by["NK301", "A23"]["expected"] is None  # no sub kegiatan of that name under 2.13.04.2.01
    assert by["NK601", "D26"]["expected"] is None  # a village of another kabupaten: no village code is right
    assert by["NK303", "A8"]["expected"] == "1.02.01.2.06.02"  # the supporting program under its own bidang
    assert all("…" not in str(f["expected"]) for f in data["findings"])
    csv = cli("check", str(SAMPLES / "kubar_renja_2021.xlsx"), "--format", "csv").stdout
    (nk402,) = [line for line in csv.splitlines() if ";NK402;" in line]
    assert ";250.250.000;205.250.000;" in nk402  # as the message writes them, and as Indonesian Excel reads them
    program = "PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT DAN MASYARAKAT HUKUM ADAT"
    kegiatan = ("Pemberdayaan Lembaga Kemasyarakatan yang Bergerak di Bidang Pemberdayaan Desa dan Lembaga Adat "
                "Tingkat Daerah Kabupaten/Kota serta Pemberdayaan Masyarakat Hukum Adat yang Masyarakat Pelakunya "
                "Hukum Adat yang Sama dalam Daerah Kabupaten/Kota")
    pkk = ("Fasilitasi Tim Penggerak PKK dalam Penyelenggaraan Gerakan Pemberdayaan Masyarakat dan Kesejahteraan "
           "Keluarga")  # 2.13.05.2.01.09 in FY2021
    moved = write_xlsx(tmp_path / "renja_2021.xlsx", {"Renja": [
        ("Kode", "Uraian"), ("2.13.05", program), ("2.13.05.2.01", kegiatan),
        ("2.13.04.2.01.09", pkk),  # the kegiatan part mistyped: the name and the row above tell the code
        ("2.13.03.2.01.01", "Penyusunan Rencana Pembangunan Desa"),  # another program's row: no single code
        ("2.13.04.2.01.01", "Aaa"), ("2.13.04.2.01.02", "Zzz")]})  # names before and after the list's, by letter
    found = {f["cell"]: f for f in _json(cli("check", str(moved), "--format", "json"))["findings"]
             if f["rule"] == "NK301"}
    assert found["A4"]["expected"] == "2.13.05.2.01.09"
    assert found["A5"]["expected"] is None and found["A6"]["expected"] is None and found["A7"]["expected"] is None


# --- 6. the office of a finding ------------------------------------------------------------------------------

def test_the_opd_column_shows_an_office_never_a_sheet_name(tmp_path: Path, cli) -> None:
    rows = cli("check", str(SAMPLES / "paser_renja_2021.xlsx"), str(SAMPLES / "kubar_renja_2021.xlsx"),
               "--format", "csv").stdout.splitlines()
    head = rows[0].lstrip("\ufeff").split(";")
    opd = {(r.split(";")[head.index("Berkas")].split("/")[-1], r.split(";")[head.index("Lembar")]):
           r.split(";")[head.index("OPD")] for r in rows[1:] if r.split(";")[head.index("Lembar")]}
    assert opd[("paser_renja_2021.xlsx", "Sub Keg Renja_DPA")] == ""  # the file names no office
    assert opd[("kubar_renja_2021.xlsx", "DPMPD")] == "Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa"  # title
    assert opd[("kubar_renja_2021.xlsx", "Dinas Kesehatan")] == "Dinas Kesehatan"  # the sheet is named after it


# --- 7. honest values and formats --------------------------------------------------------------------------------

def test_suggestions_and_numbers_say_the_truth(tmp_path: Path, cli) -> None:
    data = _json(cli("check", str(SAMPLES / "paser_renja_2021.xlsx"), "--format", "json"))
    (negative,) = [f for f in data["findings"] if f["rule"] == "NK401" and str(f["value"]).startswith("-")]
    assert "negatif" in negative["suggestion"]["text"] and "huruf" not in negative["suggestion"]["text"]
    (letter,) = [f for f in data["findings"] if f["rule"] == "NK101"]
    assert "huruf O di tempat angka 0" in letter["message"] and letter["expected"] == "2.13.04.2.01.02"
    sync = cli("sync", str(SAMPLES / "sync" / "kesalahan"), "--tahun", "2021", "--profil", "kaltim-2021")
    nk803 = [line for line in sync.stdout.splitlines() if "NK803" in line]
    nk802 = [line for line in sync.stdout.splitlines() if "NK802" in line]
    assert "nilai IDM 55,88 " in nk803[0] and "nilai IDM 0,5512 " in nk802[0]  # both with a decimal comma


def test_a_region_or_file_that_is_not_what_it_says(tmp_path: Path, cli) -> None:
    path = write_xlsx(tmp_path / "usulan.xlsx", {"Renja": [("Kode", "Uraian"), ("2.13.02.2.01.0001", PENATAAN)]})
    nowhere = cli("check", str(path), "--wilayah", "99.99")
    assert nowhere.returncode == 2 and "kode wilayah '99.99' tidak dikenal" in nowhere.stderr
    text = tmp_path / "catatan.txt"
    text.write_text("Kode,Uraian\n2.13.02.2.01.0001,x\n", encoding="utf-8")
    said = cli("check", str(text), "--tahun", "2024")
    assert said.returncode == 2 and "simpan sebagai .csv" in said.stdout
    posing = tmp_path / "usulan_csv.xlsx"
    posing.write_text(f"Kode,Uraian\n2.13.02.2.01.0001,{PENATAAN}\n", encoding="utf-8")
    data = _json(cli("check", str(posing), "--tahun", "2024", "--format", "json"))
    (named,) = [f for f in data["findings"] if f["rule"] == "NK009"]
    assert named["severity"] == "warning" and ".xlsx" in named["message"] and "csv" in named["message"]


# --- 8. each file once; the tool's own reports are not proposals ----------------------------------------------------

def test_each_file_is_checked_once_and_own_reports_are_skipped_with_a_note(tmp_path: Path, cli) -> None:
    folder = tmp_path / "usulan"
    folder.mkdir()
    source = folder / "paser_renja_2021.xlsx"
    source.write_bytes((SAMPLES / "paser_renja_2021.xlsx").read_bytes())
    assert cli("check", str(source), "--format", "xlsx", "-o", str(folder / "hasil koreksi.xlsx")).returncode == 1
    assert cli("check", str(source), "--format", "csv", "-o", str(folder / "tugas.csv")).returncode == 1
    once = _json(cli("check", str(source), str(folder), str(folder / ".." / "usulan" / source.name),
                     "--format", "json"))
    assert [Path(f["path"]).name for f in once["files"]] == ["paser_renja_2021.xlsx"]
    alone = _json(cli("check", str(source), "--format", "json"))
    assert len(once["findings"]) == len(alone["findings"])
    noted = cli("check", str(folder))
    assert "tidak diperiksa, laporan buatan nomenklatur" in noted.stderr
    assert "hasil koreksi.xlsx" in noted.stderr and "tugas.csv" in noted.stderr
    copy = _json(cli("check", str(folder / "hasil koreksi.xlsx"), "--tahun", "2021", "--format", "json"))
    assert "Koreksi" in copy["files"][0]["sheets_without_codes"]  # named alone: its own sheets checked, not the report's
    assert not [f for f in copy["findings"] if f["sheet"] == "Koreksi"]
    refused = cli("check", str(folder / "tugas.csv"))
    assert refused.returncode == 2 and "hanya laporan buatan nomenklatur" in refused.stderr


# --- 9. a report written to a file says so ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["xlsx", "html", "json"])
def test_a_report_written_to_a_file_says_what_where_and_the_counts(tmp_path: Path, cli, fmt: str) -> None:
    out = tmp_path / f"koreksi.{fmt}"
    done = cli("check", str(SAMPLES / "paser_renja_2021.xlsx"), "--format", fmt, "-o", str(out))
    assert done.returncode == 1 and done.stdout == "" and out.is_file()
    assert done.stderr == f"laporan {fmt} ditulis ke {out}: 1 berkas, 6 galat, 5 peringatan, 1 info\n"


# --- 12. tables ------------------------------------------------------------------------------------------------

def test_tables_lists_each_source_once_and_imports_a_semicolon_csv(tmp_path: Path, cli) -> None:
    listing = cli("tables").stdout
    for block in re.split(r"\n(?=\S)", listing):
        sources = [line.strip() for line in block.splitlines() if line.strip().startswith("sumber:")]
        assert len(sources) == len(set(sources)), block
    assert "CSV boleh dipisah koma atau titik koma" in " ".join(cli("tables", "import", "--help").stdout.split())
    csv = tmp_path / "daftar_2026.csv"
    rows = [("2", "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR"),
            ("2.13", "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA"), ("2.13.02", "PROGRAM PENATAAN DESA"),
            ("2.13.02.2.01", "Penyelenggaraan Penataan Desa"), ("2.13.02.2.01.0001", PENATAAN)]
    csv.write_text("kode;nama;jenis_pemda\n" + "".join(f"{c};{n};KABKOT\n" for c, n in rows), encoding="utf-8")
    made = cli("tables", "import", str(csv), "--name", "uji-2026", "--tahun", "2026", "--regulasi", "Uji")
    assert made.returncode == 0, made.stderr


# --- 14. README ------------------------------------------------------------------------------------------------

def test_readme_says_the_full_suite_needs_the_reference_data() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "../shared" in readme and "skip" in readme.lower()


def _pytest(*args: str, reference: Path, cwd: Path) -> str:
    """Run pytest in a subprocess with the reference data looked for in `reference`: its whole output."""
    import os
    import subprocess
    import sys

    tests = Path(__file__).resolve().parent
    env = {**os.environ, "NOMENKLATUR_REFERENCE": str(reference),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(tests), os.environ.get("PYTHONPATH")]))}
    env.pop("PYTEST_ADDOPTS", None)
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-ra", *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    return done.stdout


def test_a_run_without_the_reference_data_says_how_many_tests_it_left_out(tmp_path: Path) -> None:
    """The tests of the real documents all need ../shared/reference: without it the summary's last line but
    one counts them, so a green run without the data is not taken for the full one."""
    empty = tmp_path / "kosong"
    empty.mkdir()
    root = Path(__file__).resolve().parents[1]
    out = _pytest("tests/test_real_documents.py", reference=empty, cwd=root)
    last, said = out.strip().splitlines()[-1], out.strip().splitlines()[-2]
    skipped = int(re.search(r"(\d+) skipped", last).group(1))
    assert skipped >= 25 and "passed" not in last, out[-2000:]  # 1 + 12 + 12 documents' tests, none ran
    assert said == (f"{skipped} pengujian dilewati karena ../shared/reference tidak ada (data rujukan dicari di "
                    f"{empty}, lihat NOMENKLATUR_REFERENCE); ini bukan hasil pengujian lengkap"), out[-2000:]


def test_only_skips_for_missing_reference_data_are_counted_and_a_full_run_says_nothing(tmp_path: Path) -> None:
    (tmp_path / "test_kecil.py").write_text(
        "import pytest\n\n"
        "def test_needs_the_data(reference):\n    assert (reference / 'nomenklatur').is_dir()\n\n"
        "def test_needs_it_too(reference):\n    assert reference.is_dir()\n\n"
        "def test_skipped_for_another_reason():\n    pytest.skip('LibreOffice (soffice) tidak terpasang')\n\n"
        "def test_needs_nothing():\n    assert True\n", encoding="utf-8")
    empty = tmp_path / "kosong"
    empty.mkdir()
    # the small file lies outside tests/: its conftest is loaded as a plugin, fixtures and summary hook alike
    out = _pytest("-p", "conftest", "test_kecil.py", reference=empty, cwd=tmp_path)
    assert "2 pengujian dilewati karena ../shared/reference tidak ada" in out, out[-2000:]
    assert out.strip().splitlines()[-1].startswith("1 passed, 3 skipped"), out[-2000:]
    present = tmp_path / "ada"
    (present / "nomenklatur").mkdir(parents=True)
    out = _pytest("-p", "conftest", "test_kecil.py", reference=present, cwd=tmp_path)
    assert "pengujian dilewati" not in out and "../shared" not in out, out[-2000:]
    assert out.strip().splitlines()[-1].startswith("3 passed, 1 skipped"), out[-2000:]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a process's CPU time from /proc")
def test_a_check_stopped_with_ctrl_c_says_so_and_exits_130_not_1(tmp_path: Path) -> None:
    """Ctrl-C in the middle of a check: "Dibatalkan!" and exit 130, as shells report an interrupted program, never
    1 (which says findings were found) and never a traceback; no reading or helper process is left behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from nomenklatur.tables import default_catalog
    from nomenklatur.workbook import overlap

    codes = [e for e in default_catalog().table("fy2024").entries("kabkota") if e.kind == "sub_kegiatan"]
    path = write_xlsx(tmp_path / "renja_2024.xlsx", {"Renja": [("Kode", "Uraian", "Pagu"), *(
        (codes[n % len(codes)].code, codes[n % len(codes)].name, -1000) for n in range(40_000))]})
    process = subprocess.Popen([sys.executable, "-m", "nomenklatur", "check", str(path), "--tahun", "2024",
                                "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ticks = os.sysconf("SC_CLK_TCK")
    while process.poll() is None:  # past start-up and the imports: in the check itself
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / ticks >= 0.8:
            break
        time.sleep(0.02)
    children = [int(pid) for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
    assert children or not overlap.available()  # the sheet's reading process, where there is a second core
    process.send_signal(signal.SIGINT)
    stderr = process.communicate(timeout=60)[1].decode()
    assert process.returncode == 130, stderr
    assert "Dibatalkan!" in stderr and "Traceback" not in stderr
    time.sleep(0.5)
    left = [pid for pid in children if Path(f"/proc/{pid}").exists()
            and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    assert left == []


@pytest.mark.skipif(not hasattr(__import__("os"), "killpg"), reason="POSIX signals")
def test_a_check_stopped_with_sigterm_leaves_no_temporary_file_and_exits_143(tmp_path: Path) -> None:
    """SIGTERM (a cancelled CI job) while the annotated copy is being written: the hidden temporary file beside
    the output is removed, nothing is left in the output folder, and the command says "Dibatalkan!" and exits 143
    (128 + SIGTERM) without a traceback. Ended at once by the signal, the file stayed behind."""
    import signal
    import subprocess
    import sys
    import time

    from nomenklatur.tables import default_catalog

    codes = [e for e in default_catalog().table("fy2024").entries("kabkota") if e.kind == "sub_kegiatan"]
    path = write_xlsx(tmp_path / "renja_2024.xlsx", {"Renja": [("Kode", "Uraian", "Pagu"), *(
        (codes[n % len(codes)].code, codes[n % len(codes)].name, -1000) for n in range(40_000))]})
    out = tmp_path / "keluar"
    out.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "nomenklatur", "check", str(path), "--tahun", "2024",
                                "--format", "xlsx", "-o", str(out / "salinan.xlsx")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while process.poll() is None and not list(out.glob(".salinan.xlsx.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the copy was finished before it could be stopped"
    process.send_signal(signal.SIGTERM)
    stderr = process.communicate(timeout=60)[1].decode()
    assert process.returncode == 143, stderr
    assert "Dibatalkan!" in stderr and "Traceback" not in stderr
    assert list(out.iterdir()) == []
