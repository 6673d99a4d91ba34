"""`nomenklatur sync` through the real CLI on real workbooks: the sample sets, every cross-file rule, folders,
a separate target list, English, profiles without targets; and the IDM thresholds and the target-list reader."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml
from workbooks import write_xlsx

from nomenklatur import idm
from nomenklatur.targets import read_targets

ROOT = Path(__file__).resolve().parents[1]
SYNC = ROOT / "samples" / "sync"
EXPECTED = yaml.safe_load((SYNC / "expected.yaml").read_text(encoding="utf-8"))

PROGRAM_HEADER = ("Kode", "Uraian", "Lokasi", "Kode Lokasi", "Pagu")
BANKEU_HEADER = ("Kode Rekening", "Uraian Rekening", "Lokasi", "Kode Lokasi", "Jumlah")
PENDAPATAN_HEADER = ("Kode Rekening", "Uraian Rekening", "Jumlah")
TARGET_HEADER = ("Kode Desa", "Nama Desa", "Kabupaten/Kota", "Nilai IDM 2019", "Status IDM 2019", "Tahun Target",
                 "Status Target")
FIRST = 4  # every sheet written here: a title row, a blank row, the header, data from row 4

KEPALA_TELAKE, PETIKU, LUAN = "64.01.08.2012", "64.01.08.2019", "64.01.10.2004"  # Paser
MUARA_TUBOQ = "64.02.12.2017"  # Kutai Kartanegara
BANKEU_UMUM = ("5.4.02.03.01.0001", "Belanja Bantuan Keuangan Umum Daerah Provinsi ke Kabupaten/Kota")
BANKEU_DESA = ("5.4.02.05.01.0002", "Belanja Bantuan Keuangan Umum Provinsi kepada Desa")
PENDAPATAN_BANKEU = ("4.2.02.02", "Bantuan Keuangan")
IDENTIFIKASI_MHA = "Identifikasi dan Inventarisasi Masyarakat Hukum Adat"
ADMINISTRASI = "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa"


def target(code: str, name: str, kab: str = "Paser", nilai: object = 0.5512, status: object = "Tertinggal",
           tahun: object = 2021, status_target: str = "Berkembang") -> tuple[object, ...]:
    return (code, name, kab, nilai, status, tahun, status_target)


def sheet(title: str, header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    return [(title,), (), header, *rows]


def province(path: Path, renja: list | None = None, bankeu: list | None = None, targets: list | None = None) -> Path:
    """A province workbook: its plan (level-1 codes), bankeu rows and target list, each sheet when given."""
    sheets = {"Renja": sheet("PROVINSI KALIMANTAN TIMUR", PROGRAM_HEADER, renja or [
        ("2.13.05.1.01.03", "Peningkatan Kapasitas Kelembagaan", "Provinsi Kalimantan Timur", "64", 100_000_000)])}
    if bankeu is not None:
        sheets["Bantuan Keuangan"] = sheet("BANTUAN KEUANGAN PROVINSI KALIMANTAN TIMUR", BANKEU_HEADER, bankeu)
    if targets is not None:
        sheets["Desa Sasaran"] = sheet("DAFTAR DESA SASARAN", TARGET_HEADER, targets)
    return write_xlsx(path, sheets)


def kabupaten(path: Path, name: str, renja: list, pendapatan: list | None = None, title: str | None = None) -> Path:
    sheets = {"Renja": sheet(f"KABUPATEN {name}" if title is None else title, PROGRAM_HEADER, renja)}
    if pendapatan is not None:
        sheets["Pendapatan"] = sheet(f"PENDAPATAN KABUPATEN {name}", PENDAPATAN_HEADER, pendapatan)
    return write_xlsx(path, sheets)


def profile(tmp_path: Path, targets: dict[int, int] | None = None) -> str:
    """A regional profile like kaltim-2021 with other target counts (none: no targets at all)."""
    sync = {"provinsi": "64", "programs": ["2.13.05", "2.13.02", "2.13.04", "2.11.03"]}
    if targets is not None:
        sync["targets"] = targets
    path = tmp_path / "profil.yaml"
    path.write_text(yaml.safe_dump({"extends": "default", "sync": sync}), encoding="utf-8")
    return str(path)


def sync(cli, *args: str, fmt: str = "json"):
    result = cli("sync", *args, "--tahun", "2021", "--format", fmt)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result, (json.loads(result.stdout) if fmt == "json" else None)


def found(data: dict) -> list[tuple[str, str, str, str | None, str | None]]:
    """(rule, severity, file name, sheet, cell) of every finding, sorted."""
    return sorted((f["rule"], f["severity"], Path(f["file"]).name, f["sheet"], f["cell"]) for f in data["findings"])


def by_cell(data: dict) -> dict[tuple[str, str | None], dict]:
    return {(f["rule"], f["cell"]): f for f in data["findings"]}


def summary(data: dict) -> dict[str, dict]:
    return {row["kabkota"]: row for row in data["sync"]}


# --- the sample sets ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_set_yields_exactly_its_listed_findings_and_summary(name: str, cli) -> None:
    spec = EXPECTED[name]
    result, data = sync(cli, str(SYNC / name), "--profil", "kaltim-2021")
    files = {Path(f["path"]).name: {"level": f["level"], "region": f["region"]} for f in data["files"]}
    assert files == spec["files"]
    assert Path(data["files"][0]["path"]).name == "kaltim_provinsi_2021.xlsx"  # recognized by its title
    got = sorted((f["rule"], f["severity"], Path(f["file"]).name, f["sheet"], f["cell"], f["value"])
                 for f in data["findings"])
    want = sorted((f["rule"], f["severity"], f["file"], f["sheet"], f["cell"], f["value"]) for f in spec["findings"])
    assert got == want, json.dumps(data["findings"], indent=1, ensure_ascii=False)[:4000]
    keys = ("kabkota", "target_villages", "covered_villages", "bankeu_sent", "bankeu_received")
    assert [{k: row[k] for k in keys} for row in data["sync"]] == spec["sync"]
    assert result.returncode == (1 if spec["findings"] else 0)
    # a plan across governments is changed by people who agree on it: no sync finding's fix is applied unseen
    assert not [f for f in data["findings"] if f["rule"].startswith("NK7") and (f["suggestion"] or {}).get("safe")]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_one_process_and_several_processes_give_the_same_report(name: str, cli) -> None:
    """sync checks the files in as many processes as there are cores unless told --jobs 1."""
    one, _ = sync(cli, str(SYNC / name), "--profil", "kaltim-2021", "--jobs", "1")
    two, _ = sync(cli, str(SYNC / name), "--profil", "kaltim-2021", "--jobs", "2")
    auto, _ = sync(cli, str(SYNC / name), "--profil", "kaltim-2021")
    assert one.stdout == two.stdout == auto.stdout
    assert one.returncode == two.returncode == auto.returncode


def test_the_generator_writes_exactly_the_committed_samples(tmp_path: Path) -> None:
    copy = tmp_path / "samples"
    (copy / "sync").mkdir(parents=True)
    shutil.copy(ROOT / "samples" / "make_samples.py", copy)
    shutil.copy(SYNC / "make_sync_samples.py", copy / "sync")
    subprocess.run([sys.executable, str(copy / "sync" / "make_sync_samples.py")], check=True, timeout=120)
    written = sorted(p.relative_to(copy / "sync") for p in (copy / "sync").rglob("*") if p.is_file()
                     and p.suffix in (".xlsx", ".csv", ".yaml"))
    assert written == sorted(p.relative_to(SYNC) for p in SYNC.rglob("*") if p.is_file()
                             and p.suffix in (".xlsx", ".csv", ".yaml"))
    for relative in written:
        assert (copy / "sync" / relative).read_bytes() == (SYNC / relative).read_bytes(), relative


def test_english_messages_and_summary(cli) -> None:
    result, _ = sync(cli, str(SYNC / "kesalahan"), "--profil", "kaltim-2021", "--lang", "en", fmt="text")
    text = result.stdout
    assert "Synchronization per regency/city" in text and "target villages" in text
    assert "NK701 [error] target village 64.02.11.2008 (Tunjungan) of 2021 has no sub kegiatan located in it" in text
    assert "only has sub kegiatan outside the priority programs (2.13.03.2.01.01)" in text
    assert "IDM value 0.5512 means tertinggal, but the status says Sangat Tertinggal" in text
    assert "target village 64.07.12.2015 (Siram Jaya) was developing in 2019" in text
    assert "galat" not in text and "desa sasaran" not in text


# --- NK701 -------------------------------------------------------------------------------------------

def test_nk701_target_villages_without_a_priority_sub_kegiatan(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", targets=[
        target(KEPALA_TELAKE, "Kepala Telake"),            # 4 covered by 2.13.04
        target(PETIKU, "Petiku"),                          # 5 only 2.13.03 (not a priority program)
        target(LUAN, "Luan", nilai=0.5989),                # 6 nothing
        target(MUARA_TUBOQ, "Muara Tuboq", "Kutai Kartanegara"),  # no Kutai Kartanegara file: not checked
        target("64.01.08.2020", "Muara Adang II", tahun=2022),   # another year: not checked
    ])
    kab = kabupaten(tmp_path / "paser.xlsx", "PASER", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Desa Kepala Telake", KEPALA_TELAKE, 50_000_000),
        ("2.13.03.2.01.01", "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota", "Desa Petiku", PETIKU, 40_000_000),
    ])
    result, data = sync(cli, str(prov), str(kab), "--profil", profile(tmp_path, {2021: 4}))
    assert found(data) == [("NK701", "error", "prov.xlsx", "Desa Sasaran", "A5"),
                           ("NK701", "error", "prov.xlsx", "Desa Sasaran", "A6")]
    assert result.returncode == 1
    other, uncovered = by_cell(data)[("NK701", "A5")], by_cell(data)[("NK701", "A6")]
    assert "hanya punya sub kegiatan di luar program prioritas (2.13.03.2.01.01)" in other["message"]
    assert uncovered["message"].startswith("desa sasaran 64.01.10.2004 (Luan) tahun 2021 tidak punya sub kegiatan")
    assert [Path(r["file"]).name for r in uncovered["related"]] == ["paser.xlsx"]
    rows = summary(data)
    assert (rows["64.01"]["target_villages"], rows["64.01"]["covered_villages"]) == (3, 1)
    assert rows["64.01"]["uncovered_villages"] == 2
    assert rows["64.02"]["files"] == [] and rows["64.02"]["bankeu_received"] is None
    text, _ = sync(cli, str(prov), str(kab), "--profil", profile(tmp_path, {2021: 4}), fmt="text")
    line = next(l for l in text.stdout.splitlines() if "64.02 KAB. KUTAI KARTANEGARA" in l)
    assert line.split()[-3:] == ["0", "-", "-"]  # sent, received, difference: no file of that kabupaten


def test_a_kabupaten_file_without_a_title_is_placed_by_its_kode_lokasi(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", targets=[target(KEPALA_TELAKE, "Kepala Telake")])
    kab = kabupaten(tmp_path / "renja.xlsx", "", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Kepala Telake", KEPALA_TELAKE, 50_000_000)], title="RENJA DPMD 2021")
    _, data = sync(cli, str(prov), str(kab), "--profil", profile(tmp_path, {2021: 1}))
    assert data["files"][1]["region"] == "64.01"
    assert found(data) == []
    assert summary(data)["64.01"]["covered_villages"] == 1


# --- NK702 -------------------------------------------------------------------------------------------

def test_nk702_bankeu_sent_and_received(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", bankeu=[
        ("5.4.02.03", "Belanja Bantuan Keuangan Daerah Provinsi ke Kabupaten/Kota", None, None, 4_000_000_000),  # 4
        (*BANKEU_UMUM, "Kab. Paser", "64.01", 1_000_000_000),                       # 5 received: 999.999.999,5
        (*BANKEU_UMUM, "Kabupaten Kutai Kartanegara", None, 1_500_000_000),         # 6 recipient from the text
        (*BANKEU_UMUM, "Berau", None, 500_000_000),                                 # 7 not budgeted by Berau
        (*BANKEU_UMUM, "Semua kabupaten/kota", None, 1_000_000_000),                # 8 no recipient
    ])
    paser = kabupaten(tmp_path / "paser.xlsx", "PASER", [], [
        ("4.2.02", "Pendapatan Transfer Antar Daerah", 999_999_999.5),
        (*PENDAPATAN_BANKEU, 999_999_999.5)])
    kukar = kabupaten(tmp_path / "kukar.xlsx", "KUTAI KARTANEGARA", [], [(*PENDAPATAN_BANKEU, 1_400_000_000)])
    berau = kabupaten(tmp_path / "berau.xlsx", "BERAU", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Kab. Berau", "64.03", 10_000_000)])
    kubar = kabupaten(tmp_path / "kubar.xlsx", "KUTAI BARAT", [], [(*PENDAPATAN_BANKEU, 200_000_000)])
    result, data = sync(cli, *(str(p) for p in (prov, paser, kukar, berau, kubar)), "--select", "NK7")
    assert found(data) == sorted([
        ("NK702", "error", "prov.xlsx", "Bantuan Keuangan", "A6"),
        ("NK702", "error", "prov.xlsx", "Bantuan Keuangan", "A7"),
        ("NK702", "warning", "prov.xlsx", "Bantuan Keuangan", "A8"),
        ("NK702", "error", "kubar.xlsx", "Pendapatan", "A4"),
    ])
    cells = by_cell(data)
    assert cells[("NK702", "A6")]["message"] == (
        "bantuan keuangan provinsi ke 64.02 KAB. KUTAI KARTANEGARA Rp 1.500.000.000, tetapi 64.02 KAB. KUTAI "
        "KARTANEGARA menganggarkan penerimaan Rp 1.400.000.000 (selisih Rp 100.000.000)")
    assert cells[("NK702", "A6")]["related"][0]["file"].endswith("kukar.xlsx")
    assert "tidak dianggarkan sebagai pendapatan oleh 64.03 KAB. BERAU" in cells[("NK702", "A7")]["message"]
    assert "tidak menyebut kabupaten/kota penerimanya" in cells[("NK702", "A8")]["message"]
    assert "provinsi tidak menganggarkannya" in cells[("NK702", "A4")]["message"]
    rows = summary(data)
    assert rows["64.01"]["bankeu_sent"] == 1_000_000_000  # the 5.4.02.03 subtotal is not counted again
    assert rows["64.01"]["bankeu_received"] == 999_999_999.5  # within a rupiah: not a finding
    assert (rows["64.07"]["bankeu_sent"], rows["64.07"]["bankeu_received"]) == (0, 200_000_000)


@pytest.mark.parametrize("received, differs", [(1_000_000_001, False), (999_999_999, False), (1_000_000_002, True),
                                               (999_999_998, True)])
def test_nk702_a_rupiah_of_rounding_between_the_two_budgets_is_no_difference(tmp_path: Path, cli, received: int,
                                                                              differs: bool) -> None:
    prov = province(tmp_path / "prov.xlsx", bankeu=[(*BANKEU_UMUM, "Kab. Paser", "64.01", 1_000_000_000)])
    paser = kabupaten(tmp_path / "paser.xlsx", "PASER", [], [(*PENDAPATAN_BANKEU, received)])
    _, data = sync(cli, str(prov), str(paser), "--select", "NK702")
    assert found(data) == ([("NK702", "error", "prov.xlsx", "Bantuan Keuangan", "A4")] if differs else []), data


def test_nk702_goes_on_after_aid_to_a_kabupaten_without_a_file(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", bankeu=[
        (*BANKEU_UMUM, "Kab. Paser", "64.01", 500_000_000),                         # 4 no Paser file: not compared
        (*BANKEU_UMUM, "Kab. Kutai Kartanegara", "64.02", 1_000_000_000)])          # 5
    kukar = kabupaten(tmp_path / "kukar.xlsx", "KUTAI KARTANEGARA", [], [(*PENDAPATAN_BANKEU, 1_200_000_000)])
    _, data = sync(cli, str(prov), str(kukar), "--select", "NK702")
    assert found(data) == [("NK702", "error", "prov.xlsx", "Bantuan Keuangan", "A5")]


def test_nk702_a_kabupaten_booking_more_aid_than_the_province_sends(tmp_path: Path, cli) -> None:
    """The difference counts either way: Paser books 1,2 billion of bankeu, the province sends it 1 billion."""
    prov = province(tmp_path / "prov.xlsx", bankeu=[(*BANKEU_UMUM, "Kab. Paser", "64.01", 1_000_000_000)])  # 4
    paser = kabupaten(tmp_path / "paser.xlsx", "PASER", [], [(*PENDAPATAN_BANKEU, 1_200_000_000)])
    _, data = sync(cli, str(prov), str(paser), "--select", "NK702")
    assert found(data) == [("NK702", "error", "prov.xlsx", "Bantuan Keuangan", "A4")]
    assert by_cell(data)[("NK702", "A4")]["message"] == (
        "bantuan keuangan provinsi ke 64.01 KAB. PASER Rp 1.000.000.000, tetapi 64.01 KAB. PASER menganggarkan "
        "penerimaan Rp 1.200.000.000 (selisih Rp 200.000.000)")
    assert (summary(data)["64.01"]["bankeu_sent"], summary(data)["64.01"]["bankeu_received"]) == (
        1_000_000_000, 1_200_000_000)
    assert summary(data)["64.01"]["difference"] == -200_000_000  # sent less received


# --- NK703 -------------------------------------------------------------------------------------------

def test_nk703_province_and_kabupaten_fund_the_same_sub_kegiatan_in_one_village(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", renja=[
        ("2.13.05.1.01.01", IDENTIFIKASI_MHA, "Desa Petiku", PETIKU, 100_000_000),
        ("2.13.02.1.01.01", "Identifikasi dan Inventarisasi Kesatuan Masyarakat Hukum Adat", "Kab. Paser", "64.01",
         90_000_000)])
    kab = kabupaten(tmp_path / "paser.xlsx", "PASER", [
        ("2.13.05.2.01.01", IDENTIFIKASI_MHA, "Desa Petiku", PETIKU, 60_000_000),                 # 4 the same
        ("2.13.05.2.01.02", "Fasilitasi Penataan, Pemberdayaan dan Pendayagunaan Kelembagaan", "Desa Petiku",
         PETIKU, 60_000_000),                                                                     # 5 another
        ("2.13.05.2.01.03", "Peningkatan Kapasitas Kelembagaan", "Desa Luan", LUAN, 60_000_000),  # 6 elsewhere
        ("2.13.02.2.01.01", "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa", "Kab. Paser",
         "64.01", 70_000_000),                                                                    # 7 not a village
    ])
    _, data = sync(cli, str(prov), str(kab), "--select", "NK7")
    assert found(data) == [("NK703", "warning", "paser.xlsx", "Renja", "A4")]
    finding = data["findings"][0]
    assert finding["message"] == ("64.01 KAB. PASER mendanai sub kegiatan 2.13.05.2.01.01 di desa 64.01.08.2019 "
                                  "(Petiku), yang juga didanai provinsi (2.13.05.1.01.01)")
    assert finding["related"] == [{"file": str(prov), "sheet": "Renja", "cell": "A4", "row": 4}]


def test_nk701_goes_on_after_targets_without_a_file_without_a_code_and_listed_twice(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", targets=[
        target(MUARA_TUBOQ, "Muara Tuboq", "Kutai Kartanegara"),  # 4 no Kutai Kartanegara file: not checked
        target("belum ada", "Entah"),                              # 5 no village code at all: NK601 only
        target(KEPALA_TELAKE, "Kepala Telake"),                    # 6 covered
        target(KEPALA_TELAKE, "Kepala Telake"),                    # 7 listed twice: NK704 only
        target(LUAN, "Luan", nilai=0.5989),                        # 8 nothing planned there
    ])
    kab = kabupaten(tmp_path / "paser.xlsx", "PASER", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Desa Kepala Telake", KEPALA_TELAKE, 50_000_000)])
    _, data = sync(cli, str(prov), str(kab), "--profil", profile(tmp_path, {2021: 3}), "--select", "NK701")
    assert found(data) == [("NK701", "error", "prov.xlsx", "Desa Sasaran", "A8")]


# --- NK704 -------------------------------------------------------------------------------------------

def test_nk704_count_and_a_village_listed_twice(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", targets=[
        target(KEPALA_TELAKE, "Kepala Telake"), target(PETIKU, "Petiku"), target(KEPALA_TELAKE, "Kepala Telake"),
        target(LUAN, "Luan", tahun="2022")])
    _, data = sync(cli, str(prov), str(kabupaten(tmp_path / "paser.xlsx", "PASER", [])),
                   "--profil", profile(tmp_path, {2021: 3, 2022: 5}), "--select", "NK704", "--ignore", "NK002")
    assert found(data) == [("NK704", "error", "prov.xlsx", "Desa Sasaran", None),
                           ("NK704", "warning", "prov.xlsx", "Desa Sasaran", "A6")]
    count = by_cell(data)[("NK704", None)]
    assert (count["value"], count["expected"]) == (2, 3)
    assert count["message"] == ("daftar desa sasaran tahun 2021 berisi 2 desa yang sah (dari 3 baris), padahal "
                                "targetnya 3 desa")
    assert by_cell(data)[("NK704", "A6")]["related"][0]["cell"] == "A4"


def test_nk704_a_profile_with_targets_needs_the_list(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx")
    kab = kabupaten(tmp_path / "paser.xlsx", "PASER", [])
    _, data = sync(cli, str(prov), str(kab), "--profil", "kaltim-2021", "--select", "NK7", "--ignore", "NK002")
    assert found(data) == [("NK704", "error", "prov.xlsx", None, None)]
    assert data["findings"][0]["message"].startswith(f"tidak ada daftar desa sasaran di {prov}")


def test_a_profile_without_targets_raises_no_nk704(tmp_path: Path, cli) -> None:
    with_list = province(tmp_path / "prov.xlsx", targets=[target(KEPALA_TELAKE, "Kepala Telake")])
    without = province(tmp_path / "prov_tanpa.xlsx")
    kab = kabupaten(tmp_path / "paser.xlsx", "PASER", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Desa Kepala Telake", KEPALA_TELAKE, 50_000_000)])
    for prov in (with_list, without):
        for args in (("--profil", profile(tmp_path)), ()):  # a profile without sync.targets; the default one
            result, data = sync(cli, str(prov), str(kab), *args)
            assert found(data) == [], (prov, args)
            assert result.returncode == 0
    assert summary(data)["64.01"]["target_villages"] == 0


# --- NK705 -------------------------------------------------------------------------------------------

def test_nk705_levels_mixed_and_provincial_programs_the_province_does_not_run(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", renja=[
        ("2.13.05.1.01.03", "Peningkatan Kapasitas Kelembagaan", "Provinsi Kalimantan Timur", "64", 100_000_000),
        ("2.13.04.2.01.01", ADMINISTRASI, "Provinsi Kalimantan Timur", "64", 100_000_000),           # 5 level 2
        ("2.13.04.2.01", "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
         "Provinsi Kalimantan Timur", "64", 100_000_000)])                                          # 6 a kegiatan
    paser = kabupaten(tmp_path / "paser.xlsx", "PASER", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Kab. Paser", "64.01", 10_000_000),
        ("2.13.03.1.01.01", "Fasilitasi Kerja Sama antardesa Lintas Kabupaten/Kota", "Kab. Paser", "64.01", 1),  # 5
        ("2.13.03.1.01.02", "Fasilitasi Kerja Sama Desa dengan Pihak Ketiga", "Kab. Paser", "64.01", 1)])
    kukar = kabupaten(tmp_path / "kukar.xlsx", "KUTAI KARTANEGARA", [
        ("2.13.05.1.01.03", "Peningkatan Kapasitas Kelembagaan", "Kab. Kutai Kartanegara", "64.02", 1),  # 4
        ("2.13.04.2.01.01", ADMINISTRASI, "Kab. Kutai Kartanegara", "64.02", 10_000_000)])
    _, data = sync(cli, str(prov), str(paser), str(kukar), "--select", "NK705")
    assert found(data) == [("NK705", "error", "kukar.xlsx", "Renja", "A4"),
                           ("NK705", "error", "paser.xlsx", "Renja", "A5"),
                           ("NK705", "error", "prov.xlsx", "Renja", "A5")]
    cells = {Path(f["file"]).name: f for f in data["findings"]}
    assert cells["paser.xlsx"]["message"] == ("64.01 KAB. PASER memakai kegiatan tingkat provinsi (digit 1) dari "
                                              "program 2.13.03 (2 baris), padahal provinsi sendiri tidak "
                                              "menjalankan program itu")
    assert cells["kukar.xlsx"]["message"] == ("berkas ini mencampur kegiatan tingkat provinsi (1 baris) dan "
                                              "kabupaten/kota (1 baris)")
    assert cells["prov.xlsx"]["message"] == ("berkas ini mencampur kegiatan tingkat provinsi (1 baris) dan "
                                             "kabupaten/kota (2 baris)")  # a kegiatan row counts as a sub kegiatan's


# --- NK706 -------------------------------------------------------------------------------------------

def test_nk706_bankeu_desa_outside_the_target_villages(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", bankeu=[
        (*BANKEU_DESA, "Desa Petiku", PETIKU, 250_000_000),
        (*BANKEU_DESA, "Desa Luan", LUAN, 250_000_000),
    ], targets=[target(PETIKU, "Petiku"), target(LUAN, "Luan", tahun=2019)])
    _, data = sync(cli, str(prov), str(kabupaten(tmp_path / "paser.xlsx", "PASER", [])), "--select", "NK706",
                   "--ignore", "NK002")
    assert found(data) == [("NK706", "warning", "prov.xlsx", "Bantuan Keuangan", "A5")]
    assert data["findings"][0]["message"] == ("bantuan keuangan provinsi Rp 250.000.000 ke desa 64.01.10.2004 (Luan), "
                                              "padahal desa itu bukan desa sasaran tahun 2021")


# --- NK801-NK803 -------------------------------------------------------------------------------------

def test_an_idm_value_of_0_or_1_is_in_range_above_1_is_not(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", targets=[
        target(KEPALA_TELAKE, "Kepala Telake", nilai=0, status="Sangat Tertinggal"),  # 4
        target(PETIKU, "Petiku", nilai=1, status="Mandiri"),                          # 5
        target(LUAN, "Luan", nilai=1.0001, status="Mandiri")])                        # 6 NK803
    _, data = sync(cli, str(prov), str(kabupaten(tmp_path / "paser.xlsx", "PASER", [])), "--select", "NK803",
                   "--ignore", "NK002")
    assert found(data) == [("NK803", "error", "prov.xlsx", "Desa Sasaran", "D6")]


def test_idm_value_and_status_of_the_target_villages(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", targets=[
        target(KEPALA_TELAKE, "Kepala Telake", nilai=0.6520, status="Berkembang"),      # 4 NK801 (value)
        target(PETIKU, "Petiku", nilai=0.5512, status="Sangat Tertinggal"),            # 5 NK802
        target(LUAN, "Luan", nilai=55.12, status="Tertinggal"),                        # 6 NK803 0-100 scale
        target("64.01.08.2020", "Muara Adang II", nilai="belum ada", status="T"),      # 7 NK803 not a number
        target("64.01.08.2018", "Sebakung Makmur", nilai=0.4907, status="Sangat Tertinggal"),  # 8 boundary
        target("64.01.08.2011", "Muara Lambakan", nilai="0,5989", status="T"),         # 9 decimal comma
        target("64.01.10.2008", "Rantau Bintungan", nilai=None, status="Maju"),        # 10 NK801 (status)
        target("64.01.01.2016", "Rantau Layung", nilai=0.55, status="Desa Tertinggal"),  # 11
        target("64.01.08.2009", "Perkuwen", nilai=0.5, status="Kurang"),               # 12 NK802 unknown
    ])
    _, data = sync(cli, str(prov), str(kabupaten(tmp_path / "paser.xlsx", "PASER", [])), "--select", "NK8",
                   "--ignore", "NK002")
    assert found(data) == sorted([
        ("NK801", "error", "prov.xlsx", "Desa Sasaran", "D4"), ("NK802", "error", "prov.xlsx", "Desa Sasaran", "E5"),
        ("NK803", "error", "prov.xlsx", "Desa Sasaran", "D6"), ("NK803", "error", "prov.xlsx", "Desa Sasaran", "D7"),
        ("NK801", "error", "prov.xlsx", "Desa Sasaran", "E10"), ("NK802", "error", "prov.xlsx", "Desa Sasaran", "E12"),
    ])
    cells = by_cell(data)
    assert cells[("NK801", "D4")]["message"] == ("desa sasaran 64.01.08.2012 (Kepala Telake) berstatus berkembang "
                                                 "pada 2019, bukan sangat tertinggal atau tertinggal")
    assert cells[("NK802", "E5")]["message"] == ("nilai IDM 0,5512 berarti tertinggal, tetapi statusnya ditulis "
                                                 "Sangat Tertinggal")
    assert cells[("NK802", "E5")]["suggestion"]["replacement"] == "tertinggal"
    assert cells[("NK802", "E5")]["suggestion"]["safe"] is False  # the value or the status may be the wrong one
    assert "mungkin Indeks Pembangunan Desa BPS/Bappenas 0-100" in cells[("NK803", "D6")]["message"]
    assert cells[("NK803", "D7")]["message"] == "nilai IDM 'belum ada' bukan angka (tulis mis. 0,5512)"
    assert cells[("NK802", "E12")]["message"].startswith("status IDM 'Kurang' tidak dikenal")
    assert {f["reference"] for f in data["findings"]} == {idm.SOURCE}


# --- NK601 across files ------------------------------------------------------------------------------

def test_nk601_target_villages_outside_the_province_in_another_kabupaten_or_renamed(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", targets=[
        target("65.02.01.2003", "Temalang", "Malinau"),                      # 4 Kalimantan Utara
        target("64.07.12.2003", "Tanjung Soke", "Kutai Kartanegara"),        # 5 lies in Kutai Barat
        target(MUARA_TUBOQ, "Muara Tubo", "Kab. Kutai Kartanegara"),         # 6 official: Muara Tuboq
        target("64.02.12.2013", "MUARA TIQ", "64.02"),                       # 7 same name, capitals
        target("64.72.01.1001", "Rawa Makmur", "Samarinda"),                 # 8 a kelurahan (Kota Samarinda)
        target("64.02.99.2001", "Desa Baru", "Kutai Kartanegara"),           # 9 no such code
        target("64.02.03.20O1", "Desa X", "Kutai Kartanegara"),              # 10 letter O
        target("64.07.12.2001", "Kampung Gerungung", "Kab. Kutai Barat"),    # 11 "Kampung": the same name
        target("64.07.05.2008", "Linggang Muara Leban", "Kab. Paser"),       # 12 Kutai Barat, written "Kab."
        target("64.07.05.2009", "Long Iram Seberang", "64.01"),              # 13 Kutai Barat, written as a code
    ])
    _, data = sync(cli, str(prov), str(kabupaten(tmp_path / "paser.xlsx", "PASER", [])), "--select", "NK601",
                   "--ignore", "NK002")
    assert found(data) == sorted([
        ("NK601", "error", "prov.xlsx", "Desa Sasaran", "A4"), ("NK601", "error", "prov.xlsx", "Desa Sasaran", "C5"),
        ("NK601", "warning", "prov.xlsx", "Desa Sasaran", "B6"), ("NK601", "error", "prov.xlsx", "Desa Sasaran", "A8"),
        ("NK601", "error", "prov.xlsx", "Desa Sasaran", "A9"), ("NK601", "error", "prov.xlsx", "Desa Sasaran", "A10"),
        ("NK601", "error", "prov.xlsx", "Desa Sasaran", "C12"), ("NK601", "error", "prov.xlsx", "Desa Sasaran", "C13"),
    ])
    cells = by_cell(data)
    # the kabupaten it lies in, written the way the cell writes one: a name, "Kab." and a name, or a code
    assert [cells[("NK601", c)]["expected"] for c in ("C5", "C12", "C13")] == ["Kutai Barat", "Kab. Kutai Barat", "64.07"]
    assert cells[("NK601", "A4")]["message"] == ("desa sasaran 65.02.01.2003 (Temalang) tidak berada di provinsi "
                                                 "64 KALIMANTAN TIMUR")
    assert cells[("NK601", "C5")]["message"] == ("desa 64.07.12.2003 (Tanjung Soke) berada di 64.07 KAB. KUTAI BARAT, "
                                                 "bukan di 64.02 KAB. KUTAI KARTANEGARA seperti tertulis")
    assert cells[("NK601", "B6")]["expected"] == "Muara Tuboq"
    assert cells[("NK601", "B6")]["suggestion"]["text"] == "nama resmi: Muara Tuboq"
    assert cells[("NK601", "B6")]["suggestion"]["safe"] is False  # a village renamed, or another one meant
    assert "adalah kelurahan, bukan desa" in cells[("NK601", "A8")]["message"]


# --- files, folders, --target --------------------------------------------------------------------------

def test_a_folder_with_the_province_file_anywhere_and_a_plan_split_over_two_files(tmp_path: Path, cli) -> None:
    folder = tmp_path / "berkas"
    folder.mkdir()
    kabupaten(folder / "a_paser_renja.xlsx", "PASER", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Desa Kepala Telake", KEPALA_TELAKE, 50_000_000)])
    kabupaten(folder / "b_paser_pendapatan.xlsx", "PASER", [], [(*PENDAPATAN_BANKEU, 1_000_000_000)])
    province(folder / "c_kaltim.xlsx", bankeu=[(*BANKEU_UMUM, "Kab. Paser", "64.01", 1_000_000_000)],
             targets=[target(KEPALA_TELAKE, "Kepala Telake")])
    result, data = sync(cli, str(folder), "--profil", profile(tmp_path, {2021: 1}))
    assert Path(data["files"][0]["path"]).name == "c_kaltim.xlsx"
    assert found(data) == []
    row = summary(data)["64.01"]
    assert [Path(p).name for p in row["files"]] == ["a_paser_renja.xlsx", "b_paser_pendapatan.xlsx"]
    assert (row["covered_villages"], row["bankeu_sent"], row["bankeu_received"]) == (1, 1_000_000_000, 1_000_000_000)
    assert result.returncode == 0


def test_a_folder_without_a_province_file_is_a_one_line_error(tmp_path: Path, cli) -> None:
    folder = tmp_path / "berkas"
    folder.mkdir()
    kabupaten(folder / "paser.xlsx", "PASER", [("2.13.04.2.01.01", ADMINISTRASI, "Kab. Paser", "64.01", 1)])
    kabupaten(folder / "kukar.xlsx", "KUTAI KARTANEGARA", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Kab. Kutai Kartanegara", "64.02", 1)])
    result = cli("sync", str(folder), "--tahun", "2021")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("nomenklatur: galat: berkas provinsi tidak dikenali")
    assert len(result.stderr.strip().splitlines()) == 1


def test_target_list_in_a_separate_file(tmp_path: Path, cli) -> None:
    folder = tmp_path / "berkas"
    folder.mkdir()
    prov = province(folder / "kaltim.xlsx")
    kabupaten(folder / "paser.xlsx", "PASER", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Desa Kepala Telake", KEPALA_TELAKE, 50_000_000)])
    targets = write_xlsx(folder / "sasaran.xlsx", {"Sasaran 2021": sheet("DESA SASARAN", TARGET_HEADER, [
        target(KEPALA_TELAKE, "Kepala Telake"), target(LUAN, "Luan")])})
    result, data = sync(cli, str(folder), "--target", str(targets), "--profil", profile(tmp_path, {2021: 2}))
    assert [Path(f["path"]).name for f in data["files"]] == ["kaltim.xlsx", "paser.xlsx"]  # not a plan
    assert found(data) == [("NK701", "error", "sasaran.xlsx", "Sasaran 2021", "A5")]
    assert summary(data)["64.01"]["target_villages"] == 2
    _, data = sync(cli, str(prov), str(folder / "paser.xlsx"), "--target", str(folder / "paser.xlsx"),
                   "--profil", profile(tmp_path, {2021: 2}), "--select", "NK704")
    assert [f["message"] for f in data["findings"]] == [
        f"tidak ada daftar desa sasaran di {folder / 'paser.xlsx'} (sheet dengan kolom Kode Desa dan Tahun Target, "
        "Status Target atau Nilai IDM)"]
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 bukan xlsx")
    _, data = sync(cli, str(prov), str(folder / "paser.xlsx"), "--target", str(broken), "--select", "NK704")
    assert [(f["rule"], f["message"].split(":")[0]) for f in data["findings"]] == [
        ("NK704", f"daftar desa sasaran {broken} tidak dapat dibaca")]


def test_an_unreadable_file_is_nk001_and_an_unreadable_province_stops_the_comparison(tmp_path: Path, cli) -> None:
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 bukan xlsx")
    kab = kabupaten(tmp_path / "paser.xlsx", "PASER", [], [(*PENDAPATAN_BANKEU, 1_000_000_000)])
    prov = province(tmp_path / "prov.xlsx", bankeu=[(*BANKEU_UMUM, "Kab. Paser", "64.01", 1_000_000_000)])
    result = cli("sync", str(prov), str(broken), str(kab), "--tahun", "2021", "--format", "json")
    assert result.returncode == 2
    assert found(json.loads(result.stdout)) == [("NK001", "error", "rusak.xlsx", None, None)]
    result = cli("sync", str(broken), str(kab), "--tahun", "2021", "--format", "json")
    data = json.loads(result.stdout)
    assert result.returncode == 2
    assert found(data) == [("NK001", "error", "rusak.xlsx", None, None)]  # no NK702 "not sent"
    assert data["sync"] == []


# --- the library parts -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "status"), [
    (0.0, "sangat tertinggal"), (0.4907, "sangat tertinggal"), (0.49070000000000005, "sangat tertinggal"),
    (0.4908, "tertinggal"), (0.5989, "tertinggal"), (0.599, "berkembang"), (0.7072, "berkembang"),
    (0.7073, "maju"), (0.8155, "maju"), (0.8156, "mandiri"), (1.0, "mandiri"),
])
def test_idm_status_at_every_threshold(value: float, status: str) -> None:
    assert idm.status_of(value) == status


@pytest.mark.parametrize(("text", "status"), [
    ("Sangat Tertinggal", "sangat tertinggal"), ("SANGAT TERTINGGAL", "sangat tertinggal"), ("ST", "sangat tertinggal"),
    ("T", "tertinggal"), ("Desa Tertinggal", "tertinggal"), ("status berkembang", "berkembang"), ("Maju", "maju"),
    ("MANDIRI", "mandiri"), ("Kurang", None), ("", None), (None, None), (0.5, None),
])
def test_idm_stated_status(text: object, status: str | None) -> None:
    assert idm.parse_status(text) == status


@pytest.mark.parametrize(("cell", "value"), [
    (0.5512, 0.5512), (1, 1.0), ("0,5512", 0.5512), (" 0.5512 ", 0.5512), ("55,12", 55.12), ("belum ada", None),
    ("", None), (None, None), (True, None), ("nan", None), (float("nan"), None), ("1.234,5", None),
])
def test_idm_value_from_a_cell(cell: object, value: float | None) -> None:
    assert idm.parse_value(cell) == value


def test_target_list_header_variants_and_the_base_year(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    renja = book.active
    renja.title = "Renja"
    renja.append(("Kode", "Uraian", "Kode Lokasi", "Pagu"))
    for number in range(300):  # a long plan before the list
        renja.append(("2.13.04.2.01.01", ADMINISTRASI, KEPALA_TELAKE, number))
    lst = book.create_sheet("Lampiran")
    lst.append(("Lampiran II: desa sasaran",))
    lst.append(("No", "Kode Kemendagri", "Nama Kampung", "Kab/Kota", "IDM Tahun 2020", "Status 2020", "Tahun",
                "Status Target 2023"))
    lst.append((None, "KABUPATEN PASER", None, None, None, None, None, None))  # a heading row, not a village
    lst.append((1, KEPALA_TELAKE, "Kepala Telake", "Paser", "0,5398", "T", 2021.0, "B"))
    lst.append((2, None, None, None, None, None, None, None))
    lst.append((3, PETIKU, "Petiku", "Paser", 0.5512, "Tertinggal", "TA 2022", "Berkembang"))
    book.save(tmp_path / "daftar.xlsx")
    targets = read_targets(str(tmp_path / "daftar.xlsx"))
    assert targets is not None and (targets.sheet, targets.base_year) == ("Lampiran", 2020)
    rows = [(t.row, t.kode_desa, t.nama_desa, t.kabkota, t.nilai, t.status, t.tahun, t.status_target)
            for t in targets.rows]
    assert rows == [(4, KEPALA_TELAKE, "Kepala Telake", "Paser", "0,5398", "tertinggal", 2021, "berkembang"),
                    (6, PETIKU, "Petiku", "Paser", 0.5512, "tertinggal", 2022, "berkembang")]
    assert targets.rows[0].loc("status_idm").cell == "F4"


def test_a_plan_with_kode_lokasi_tahun_and_status_columns_is_not_a_target_list(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "renja.xlsx", {"Renja": [
        (*PROGRAM_HEADER, "Tahun", "Status"),
        ("2.13.04.2.01.01", ADMINISTRASI, "Desa Petiku", PETIKU, 1, 2021, "Lanjutan")]})
    assert read_targets(str(path)) is None


def test_nk704_a_target_status_other_than_the_regional_target(tmp_path: Path, cli) -> None:
    prov = province(tmp_path / "prov.xlsx", targets=[
        target(KEPALA_TELAKE, "Kepala Telake"), target(PETIKU, "Petiku", status_target="Maju")])
    _, data = sync(cli, str(prov), str(kabupaten(tmp_path / "paser.xlsx", "PASER", [])),
                   "--profil", profile(tmp_path, {2021: 2}), "--select", "NK704", "--ignore", "NK002")
    assert found(data) == [("NK704", "warning", "prov.xlsx", "Desa Sasaran", "G5")]
    status = by_cell(data)[("NK704", "G5")]
    assert (status["value"], status["expected"]) == ("maju", "berkembang")
    assert "Petiku" in status["message"] and PETIKU in status["message"], status["message"]


# --- whose plan each file is: read from its content, in any order of the arguments ------------------------

KUKAR_FIRST = ["kukar_rkpd_2021.xlsx", "kaltim_provinsi_2021.xlsx", "paser_renja_dpmd_2021.xlsx",
               "kubar_renja_2021.xlsx", "berau_renja_dpmk_2021.xlsx", "berau_pendapatan_2021.csv"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_any_order_of_the_files_gives_the_same_findings_and_the_documented_result(name: str, cli) -> None:
    """The province is the file whose content says so (title, kegiatan level digit, bankeu lines, kode lokasi,
    target list), wherever it stands: Kutai Kartanegara named first is still a kabupaten."""
    spec = EXPECTED[name]
    keys = ("kabkota", "target_villages", "covered_villages", "bankeu_sent", "bankeu_received")
    reports = []
    for order in (KUKAR_FIRST, sorted(spec["files"], reverse=True)):
        result, data = sync(cli, *(str(SYNC / name / f) for f in order), "--profil", "kaltim-2021")
        files = {Path(f["path"]).name: {"level": f["level"], "region": f["region"]} for f in data["files"]}
        assert files == spec["files"], order
        assert Path(data["files"][0]["path"]).name == "kaltim_provinsi_2021.xlsx"
        got = sorted((f["rule"], f["severity"], Path(f["file"]).name, f["sheet"], f["cell"], f["value"])
                     for f in data["findings"])
        want = sorted((f["rule"], f["severity"], f["file"], f["sheet"], f["cell"], f["value"])
                      for f in spec["findings"])
        assert got == want, order
        assert [{k: row[k] for k in keys} for row in data["sync"]] == spec["sync"]
        assert result.returncode == (1 if spec["findings"] else 0)
        reports.append(sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in data["findings"]))
    assert reports[0] == reports[1]


def test_two_provinces_or_a_target_list_among_the_plans_is_a_usage_error(tmp_path: Path, cli) -> None:
    result = cli("sync", str(SYNC), "--tahun", "2021", "--profil", "kaltim-2021")  # konsisten/ and kesalahan/
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("nomenklatur: galat: lebih dari satu berkas provinsi")
    for folder in ("konsisten", "kesalahan"):
        assert str(SYNC / folder / "kaltim_provinsi_2021.xlsx") in result.stderr
    folder = tmp_path / "berkas"
    folder.mkdir()
    prov = province(folder / "kaltim.xlsx", targets=[target(KEPALA_TELAKE, "Kepala Telake")])
    paser = kabupaten(folder / "paser.xlsx", "PASER", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Desa Kepala Telake", KEPALA_TELAKE, 50_000_000)])
    sasaran = write_xlsx(folder / "sasaran.xlsx", {"Sasaran": sheet("DESA SASARAN PROVINSI KALIMANTAN TIMUR",
                                                                    TARGET_HEADER, [target(LUAN, "Luan")])})
    for args in ((str(folder),), (str(sasaran), str(prov), str(paser))):
        result = cli("sync", *args, "--tahun", "2021")
        assert result.returncode == 2 and result.stdout == "", args
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith(f"nomenklatur: galat: {sasaran} berisi daftar desa sasaran, bukan rencana")
        assert f"--target {sasaran}" in result.stderr
    result = cli("sync", str(sasaran), str(prov), str(paser), "--tahun", "2021", "--lang", "en")
    assert result.stderr.startswith(f"nomenklatur: error: {sasaran} holds a target-village list, not a plan")


def test_a_target_list_titled_with_the_province_is_not_taken_for_the_province(tmp_path: Path, cli) -> None:
    folder = tmp_path / "berkas"
    folder.mkdir()
    sasaran = write_xlsx(folder / "a_sasaran.xlsx", {"Sasaran 2021": sheet(
        "DESA SASARAN PROVINSI KALIMANTAN TIMUR", TARGET_HEADER,
        [target(KEPALA_TELAKE, "Kepala Telake"), target(LUAN, "Luan")])})
    province(folder / "kaltim.xlsx")
    kabupaten(folder / "paser.xlsx", "PASER", [
        ("2.13.04.2.01.01", ADMINISTRASI, "Desa Kepala Telake", KEPALA_TELAKE, 50_000_000)])
    _, data = sync(cli, str(folder), "--target", str(sasaran), "--profil", profile(tmp_path, {2021: 2}))
    assert [(Path(f["path"]).name, f["level"]) for f in data["files"]] == [("kaltim.xlsx", "provinsi"),
                                                                           ("paser.xlsx", "kabkota")]
    assert found(data) == [("NK701", "error", "a_sasaran.xlsx", "Sasaran 2021", "A5")]
    assert summary(data)["64.01"]["target_villages"] == 2


def test_nk702_bankeu_from_another_kabupaten_is_not_aid_from_the_province(tmp_path: Path, cli) -> None:
    """4.2.02.02.01/.02: bantuan keuangan from the province; .03/.04: from a kabupaten/kota (akun-2019)."""
    prov = province(tmp_path / "prov.xlsx", bankeu=[(*BANKEU_UMUM, "Kab. Paser", "64.01", 1_000_000_000)])
    paser = kabupaten(tmp_path / "paser.xlsx", "PASER", [], [
        (*PENDAPATAN_BANKEU, 1_500_000_000),
        ("4.2.02.02.01", "Bantuan Keuangan Umum dari Pemerintah Provinsi", 1_000_000_000),
        ("4.2.02.02.03", "Bantuan Keuangan Umum dari Pemerintah Kabupaten/Kota", 500_000_000)])
    kukar = kabupaten(tmp_path / "kukar.xlsx", "KUTAI KARTANEGARA", [], [
        (*PENDAPATAN_BANKEU, 300_000_000),
        ("4.2.02.02.04", "Bantuan Keuangan Khusus dari Pemerintah Kabupaten/Kota", 300_000_000)])
    berau = kabupaten(tmp_path / "berau.xlsx", "BERAU", [], [
        ("4.2.02.02.04.001", "Bantuan Keuangan Khusus dari Pemerintah Daerah Kabupaten/Kota", 200_000_000)])
    result, data = sync(cli, str(prov), str(paser), str(kukar), str(berau), "--select", "NK702")
    assert found(data) == []
    assert result.returncode == 0
    rows = summary(data)
    assert (rows["64.01"]["bankeu_sent"], rows["64.01"]["bankeu_received"]) == (1_000_000_000, 1_000_000_000)
    assert rows["64.02"]["bankeu_received"] == 0 and rows["64.03"]["bankeu_received"] == 0


def test_files_without_a_title_are_told_by_their_kegiatan_digit_bankeu_and_kode_lokasi(tmp_path: Path, cli) -> None:
    """No title names a government: the province is the file with level-1 kegiatan codes, bankeu to the
    kabupaten/kota and the target list, even when named after the kabupaten's."""
    prov = write_xlsx(tmp_path / "renja_2021.xlsx", {
        "Renja": sheet("RENJA 2021", PROGRAM_HEADER, [
            ("2.13.05.1.01.03", "Peningkatan Kapasitas Kelembagaan", "Samarinda", "64", 100_000_000)]),
        "Bantuan Keuangan": sheet("BANTUAN KEUANGAN", BANKEU_HEADER, [
            (*BANKEU_UMUM, "Kab. Paser", "64.01", 1_000_000_000)]),
        "Desa Sasaran": sheet("DAFTAR DESA SASARAN", TARGET_HEADER, [target(KEPALA_TELAKE, "Kepala Telake")])})
    kab = write_xlsx(tmp_path / "rkpd_2021.xlsx", {
        "Renja": sheet("RENJA DPMD 2021", PROGRAM_HEADER, [
            ("2.13.04.2.01.01", ADMINISTRASI, "Kepala Telake", KEPALA_TELAKE, 50_000_000)]),
        "Pendapatan": sheet("PROYEKSI PENDAPATAN", PENDAPATAN_HEADER, [(*PENDAPATAN_BANKEU, 1_000_000_000)])})
    bankeu = write_xlsx(tmp_path / "bankeu.xlsx", {  # only a province spends 5.4.02.03
        "Bankeu": sheet("RINCIAN", BANKEU_HEADER, [(*BANKEU_UMUM, "Kab. Berau", "64.03", 500_000_000)])})
    for order in ((kab, prov), (prov, kab)):
        result, data = sync(cli, *(str(p) for p in order), "--profil", profile(tmp_path, {2021: 1}))
        assert [(Path(f["path"]).name, f["level"]) for f in data["files"]] == [("renja_2021.xlsx", "provinsi"),
                                                                               ("rkpd_2021.xlsx", "kabkota")]
        assert found(data) == []
        row = summary(data)["64.01"]
        assert (row["covered_villages"], row["bankeu_sent"], row["bankeu_received"]) == (1, 1_000_000_000,
                                                                                         1_000_000_000)
    result = cli("sync", str(kab), str(bankeu), str(prov), "--tahun", "2021")
    assert result.returncode == 2
    assert result.stderr.startswith("nomenklatur: galat: lebih dari satu berkas provinsi")
    assert f"{bankeu} (belanja bantuan keuangan ke kabupaten/kota (5.4.02.03))" in result.stderr
    assert f"{prov} (kode kegiatan tingkat provinsi (digit ke-4: 1))" in result.stderr


# --- one clue at a time: what read_pemda decides a file is, and from what -------------------------------------

PLAN = ("Kode", "Uraian", "Pagu", "Kode Lokasi")
REKENING = ("Kode Rekening", "Uraian Rekening", "Jumlah", "Kode Lokasi")


@pytest.mark.parametrize("rows, level, region, told", [
    # the kegiatan level digit most rows have
    ([PLAN, ("2.13.05.1.01.03", "Kapasitas", 1, None), ("2.13.05.1.01.02", "Lain", 1, None),
      ("2.13.05.2.01.01", "Desa", 1, None)], "provinsi", None, "digit ke-4: 1"),
    ([PLAN, ("2.13.05.2.01.03", "Kapasitas", 1, None), ("2.13.05.2.01.02", "Lain", 1, None),
      ("2.13.05.1.01.01", "Desa", 1, None)], "kabkota", None, "digit ke-4: 2"),
    # bankeu spent (a province) or received (a kabupaten/kota), when the digits tie
    ([REKENING, (*BANKEU_UMUM[:1], "Bantuan", 1, None)], "provinsi", None, "belanja bantuan keuangan"),
    ([REKENING, ("4.2.02.02.01.0001", "Bantuan diterima", 1, None)], "kabkota", None, "pendapatan bantuan keuangan"),
    ([REKENING, (*BANKEU_UMUM[:1], "Bantuan", 1, None), ("4.2.02.02.01.0001", "Diterima", 1, None)], None, None, None),
    # kode lokasi: a province's own code, or one kabupaten/kota's (the most used one of it)
    ([PLAN, ("2.13.05.1.01.03", "A", 1, "64"), ("2.13.05.2.01.03", "B", 1, "64.01.08.2019")], "provinsi", "64",
     "kode lokasi 64"),
    ([PLAN, ("2.13.05.1.01.03", "A", 1, "64.01.08.2019"), ("2.13.05.2.01.03", "B", 1, "64.01")], "kabkota", "64.01",
     "kode lokasi di 64.01"),
    ([PLAN, ("2.13.05.1.01.03", "A", 1, "64.01"), ("2.13.05.2.01.03", "B", 1, "64.02")], None, None, None),
    # the offices named in an office column (before any digit)
    ([("Perangkat Daerah", "Kode", "Uraian", "Pagu"), ("Dinas Kesehatan Kabupaten Paser", "1.02.02.1.01.01", "A", 1),
      ("Dinas Kesehatan Kabupaten Paser", "1.02.02.1.01.02", "B", 1)], "kabkota", "64.01", "perangkat daerah"),
    # a province told by its digits takes its code from the kabupaten/kota it locates rows in
    ([PLAN, ("2.13.05.1.01.03", "A", 1, "64.01"), ("2.13.05.1.01.02", "B", 1, "64.02")], "provinsi", "64",
     "digit ke-4: 1"),
])
def test_whose_plan_a_file_is_from_one_clue(tmp_path: Path, rows: list, level: str | None, region: str | None,
                                             told: str | None) -> None:
    from nomenklatur.config import effective_rules, load_profile, load_user_config
    from nomenklatur.engine import CheckOptions
    from nomenklatur.sync import read_pemda
    from nomenklatur.tables.catalog import default_catalog
    from nomenklatur.workbook import load_aliases

    catalog = default_catalog()
    wilayah = catalog.table(catalog.choose(2021, jenis="wilayah").table)
    severities, params = effective_rules(load_profile("default"), load_user_config(None), [], [])
    path = write_xlsx(tmp_path / "rencana.xlsx", {"Lembar": rows})
    found = read_pemda(str(path), CheckOptions(tahun=2021, severities=severities, params=params),
                       load_profile("kaltim-2021").sync, wilayah, load_aliases())
    assert (found.level, found.region, found.plan) == (level, region, True), found
    assert (told is None and not found.why) or told in found.why["id"], found.why
