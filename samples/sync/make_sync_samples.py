"""Write the sample sets of `nomenklatur sync` (a province with its kabupaten/kota) and samples/sync/expected.yaml.

Run from anywhere: ``python samples/sync/make_sync_samples.py``. Deterministic: every run writes the same
bytes (the fixed timestamps of samples/make_samples.py, no randomness).

Two sets of Provinsi Kalimantan Timur (64) for TA 2021, each a folder with the province's workbook and the
plans of four kabupaten (Paser 64.01, Kutai Kartanegara 64.02, Berau 64.03, Kutai Barat 64.07):

* konsisten/  every 2021 target village has a priority-program sub kegiatan located in it, every bankeu the
              province sends is budgeted as revenue by its kabupaten: no finding at all
* kesalahan/  the same plans with one planted error per sync rule (NK701-NK706, NK801-NK803, NK601 across
              files), recorded next to the cell that holds it

Village codes and names are those of Kepmendagri 146.1-4717/2020 (table wilayah-2020), typed here on purpose
(the samples are fixtures). The IDM values of the base year (2019) are ILLUSTRATIVE: no village-level IDM of
2019 was available; they were made up to lie in the sangat tertinggal / tertinggal ranges of Permendesa PDTT
2/2016 and are not the official values of these villages.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from make_samples import BOLD, BOX, MONEY, WRAP, header_cell, save_xlsx, scalar, title, widths  # noqa: E402

TAHUN = 2021
KAB = {"64.01": "Paser", "64.02": "Kutai Kartanegara", "64.03": "Berau", "64.07": "Kutai Barat"}
PROVINSI = "PROVINSI KALIMANTAN TIMUR"


# --- target villages ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Desa:
    """A target village: official code and name, kecamatan, base-year IDM (illustrative) and target year."""

    code: str
    name: str
    kecamatan: str
    idm: float
    tahun: int = TAHUN

    @property
    def kab(self) -> str:
        return self.code[:5]

    @property
    def lokasi(self) -> str:
        return f"Desa {self.name}, Kec. {self.kecamatan}, Kab. {KAB[self.kab]}"


def _desa(code: str, name: str, kecamatan: str, idm: float, tahun: int = TAHUN) -> Desa:
    return Desa(code, name, kecamatan, idm, tahun)


# The 30 target villages of 2021 (illustrative 2019 IDM values, see the module docstring).
TARGETS = [
    _desa("64.01.08.2012", "Kepala Telake", "Long Kali", 0.5398),
    _desa("64.01.08.2019", "Petiku", "Long Kali", 0.5512),
    _desa("64.01.08.2020", "Muara Adang II", "Long Kali", 0.5467),
    _desa("64.01.08.2018", "Sebakung Makmur", "Long Kali", 0.5735),
    _desa("64.01.08.2011", "Muara Lambakan", "Long Kali", 0.5289),
    _desa("64.01.10.2008", "Rantau Bintungan", "Muara Samu", 0.5803),
    _desa("64.01.10.2004", "Luan", "Muara Samu", 0.5989),
    _desa("64.02.08.2018", "Kota Bangun Seberang", "Kota Bangun", 0.5421),
    _desa("64.02.12.2017", "Muara Tuboq", "Tabang", 0.4873),
    _desa("64.02.09.2005", "Tubuhan", "Kenohan", 0.5532),
    _desa("64.02.09.2006", "Semayang", "Kenohan", 0.5588),
    _desa("64.02.12.2013", "Muara Tiq", "Tabang", 0.4796),
    _desa("64.02.12.2015", "Muara Kebaq", "Tabang", 0.4812),
    _desa("64.02.12.2014", "Muara Salung", "Tabang", 0.4907),
    _desa("64.02.17.2011", "Sambera Baru", "Marang Kayu", 0.5604),
    _desa("64.02.11.2008", "Tunjungan", "Muara Kaman", 0.5689),
    _desa("64.03.01.2011", "Long Pelay", "Kelay", 0.5193),
    _desa("64.03.01.2013", "Long Sului", "Kelay", 0.5245),
    _desa("64.03.04.2004", "Long Ayan", "Segah", 0.5377),
    _desa("64.03.04.2013", "Siduung Indah", "Segah", 0.5581),
    _desa("64.03.13.2008", "Bukit Makmur Jaya", "Biatan", 0.5702),
    _desa("64.03.01.2009", "Long Lamcin", "Kelay", 0.5296),
    _desa("64.07.12.2001", "Gerungung", "Bongan", 0.4521),
    _desa("64.07.12.2005", "Lemper", "Bongan", 0.4688),
    _desa("64.07.12.2003", "Tanjung Soke", "Bongan", 0.4753),
    _desa("64.07.12.2004", "Deraya", "Bongan", 0.4902),
    _desa("64.07.12.2002", "Pereng Taliq", "Bongan", 0.5107),
    _desa("64.07.12.2015", "Siram Jaya", "Bongan", 0.5236),
    _desa("64.07.17.2011", "Penawang", "Siluq Ngurai", 0.5318),
    _desa("64.07.12.2006", "Muara Siram", "Bongan", 0.5260),
]
# A few villages of the other years of the 2019-2023 target (the list is an excerpt: only 2021 is checked).
OTHER_YEARS = [
    _desa("64.01.08.2009", "Perkuwen", "Long Kali", 0.5410, 2019),
    _desa("64.02.08.2009", "Pela", "Kota Bangun", 0.5476, 2019),
    _desa("64.07.14.2001", "Randa Empas", "Bentian Besar", 0.4839, 2019),
    _desa("64.02.12.2016", "Muara Belinau", "Tabang", 0.4977, 2020),
    _desa("64.03.01.2006", "Lesan Dayak", "Kelay", 0.5512, 2020),
    _desa("64.07.19.2001", "Tering Baru", "Tering", 0.5366, 2020),
    _desa("64.01.04.2014", "Sungai Langir", "Tanah Grogot", 0.5874, 2022),
    _desa("64.03.07.2001", "Pegat Batumbuk", "Pulau Derawan", 0.5630, 2022),
    _desa("64.07.17.2012", "Lendian Liang Nayuq", "Siluq Ngurai", 0.5120, 2022),
]
DESA = {d.code: d for d in TARGETS + OTHER_YEARS}
KUPANG_BARU = _desa("64.02.11.2015", "Kupang Baru", "Muara Kaman", 0.0)  # not a target village
TEMALANG = ("65.02.01.2003", "Temalang", "Mentarang", "Malinau")  # Kab. Malinau, Kalimantan Utara


def status(value: float) -> str:
    """The IDM status of Permendesa PDTT 2/2016 (values here never fall between the 4-decimal bounds)."""
    for bound, name in ((0.4907, "Sangat Tertinggal"), (0.5989, "Tertinggal"), (0.7072, "Berkembang"),
                        (0.8155, "Maju")):
        if value <= bound:
            return name
    return "Mandiri"


# --- what a set must yield -----------------------------------------------------------------------------

@dataclass
class Expected:
    """One finding: rule, severity, file (name in the set's folder), sheet, A1 cell, the value as written."""

    rule: str
    severity: str
    file: str
    sheet: str | None
    cell: str | None
    value: object
    note: str


@dataclass
class SampleSet:
    """A folder of workbooks, the level and region of each file, its findings and its summary rows."""

    name: str
    errors: bool
    summary_text: str
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    findings: list[Expected] = field(default_factory=list)
    sync: list[dict[str, object]] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return HERE / self.name

    def expect(self, rule: str, severity: str, file: str, sheet: str | None, cell: str | None, value: object,
               note: str) -> None:
        self.findings.append(Expected(rule, severity, file, sheet, cell, value, note))


# --- program rows ------------------------------------------------------------------------------------

@dataclass
class Prog:
    """A program row; a sub kegiatan has its own pagu and place, a parent adds up its children."""

    code: str
    name: str
    pagu: int = 0
    lokasi: str | None = None
    kode_lokasi: str | None = None
    children: list["Prog"] = field(default_factory=list)

    def total(self) -> int:
        return sum(c.total() for c in self.children) if self.children else self.pagu

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def node(code: str, name: str, *children: Prog) -> Prog:
    return Prog(code, name, children=list(children))


def sub(code: str, name: str, pagu: int, lokasi: str, kode_lokasi: str) -> Prog:
    return Prog(code, name, pagu, lokasi, kode_lokasi)


def at(code: str, name: str, pagu: int, desa: Desa) -> Prog:
    """A sub kegiatan located in one village."""
    return sub(code, name, pagu, desa.lokasi, desa.code)


URUSAN_2 = "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR"
BIDANG_PMD = "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA"
BIDANG_LH = "URUSAN PEMERINTAHAN BIDANG LINGKUNGAN HIDUP"
PENATAAN = "PROGRAM PENATAAN DESA"
KERJASAMA = "PROGRAM PENINGKATAN KERJASAMA DESA"
ADMINISTRASI = "PROGRAM ADMINISTRASI PEMERINTAHAN DESA"
LEMBAGA = "PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT DAN MASYARAKAT HUKUM ADAT"
PENCEMARAN = "PROGRAM PENGENDALIAN PENCEMARAN DAN/ATAU KERUSAKAN LINGKUNGAN HIDUP"
PENUNJANG_KAB = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
PERENCANAAN_KAB = "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"
DOKUMEN_PERENCANAAN = "Penyusunan Dokumen Perencanaan Perangkat Daerah"
PENATAAN_KAB = "Penyelenggaraan Penataan Desa"
ADMINISTRASI_KAB = "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa"
LEMBAGA_KAB = ("Pemberdayaan Lembaga Kemasyarakatan yang Bergerak di Bidang Pemberdayaan Desa dan Lembaga Adat "
               "Tingkat Daerah Kabupaten/Kota serta Pemberdayaan Masyarakat Hukum Adat yang Masyarakat Pelakunya "
               "Hukum Adat yang Sama dalam Daerah Kabupaten/Kota")
LKD = "Lembaga Kemasyarakatan Desa/Kelurahan (RT, RW, PKK, Posyandu, LPM, dan Karang Taruna), Lembaga Adat " \
      "Desa/Kelurahan dan Masyarakat Hukum Adat"
PROKLIM = ("Koordinasi, Sinkronisasi dan Pelaksanaan Pengendalian Emisi Gas Rumah Kaca, Mitigasi dan Adaptasi "
           "Perubahan Iklim")


def penunjang_kab(bidang: str, kab: str, pagu: int) -> Prog:
    return node(f"{bidang}.01", PENUNJANG_KAB, node(f"{bidang}.01.2.01", PERENCANAAN_KAB, sub(
        f"{bidang}.01.2.01.01", DOKUMEN_PERENCANAAN, pagu, f"Kab. {KAB[kab]}", kab)))


# --- writing sheets ----------------------------------------------------------------------------------

def program_sheet(ws: Worksheet, titles: list[str], header: list[str], fields: list[str], tree: list[Prog],
                  flat: bool = False, opd: str | None = None) -> dict[str, int]:
    """Title rows, one header row, then the program rows (only sub kegiatan when `flat`); returns the row
    of each code (last occurrence) and, under "@" + kode lokasi, the row of each located sub kegiatan."""
    last = chr(ord("A") + len(header) - 1)
    for number, text in enumerate(titles, start=1):
        title(ws, number, text, last)
    header_row = len(titles) + 2
    for col, text in enumerate(header):
        header_cell(ws, f"{chr(ord('A') + col)}{header_row}", text)
    rows: dict[str, int] = {}
    row = header_row + 1
    for top in tree:
        for item in top.walk():
            leaf = not item.children
            if flat and not leaf:
                continue
            values = {"kode": item.code, "nama": item.name, "lokasi": item.lokasi if leaf else None,
                      "kode_lokasi": item.kode_lokasi if leaf else None, "pagu": item.total(),
                      "opd": opd}
            for col, name in enumerate(fields, start=1):
                cell = ws.cell(row=row, column=col, value=values[name])
                cell.border = BOX
                cell.alignment = WRAP
                if not leaf:
                    cell.font = BOLD
                if name == "pagu":
                    cell.number_format = MONEY
            rows[item.code] = row
            if leaf and item.kode_lokasi:
                rows["@" + item.kode_lokasi] = row
            row += 1
    return rows


# (code, official name, amount); parents are written with the sum of the rows below them
PENDAPATAN_TREE = [
    ("4", "PENDAPATAN DAERAH"),
    ("4.1", "PENDAPATAN ASLI DAERAH (PAD)"),
    ("4.1.01", "Pajak Daerah"),
    ("4.2", "PENDAPATAN TRANSFER"),
    ("4.2.01", "Pendapatan Transfer Pemerintah Pusat"),
    ("4.2.01.01", "Dana Perimbangan"),
    ("4.2.02", "Pendapatan Transfer Antar Daerah"),
    ("4.2.02.01", "Pendapatan Bagi Hasil"),
    ("4.2.02.02", "Bantuan Keuangan"),
]


def pendapatan_rows(pajak: int, perimbangan: int, bagi_hasil: int, bankeu: int) -> list[tuple[str, str, int]]:
    leaves = {"4.1.01": pajak, "4.2.01.01": perimbangan, "4.2.02.01": bagi_hasil, "4.2.02.02": bankeu}
    return [(code, name, sum(v for c, v in leaves.items() if c == code or c.startswith(code + ".")))
            for code, name in PENDAPATAN_TREE]


def pendapatan_sheet(ws: Worksheet, kab: str, rows: list[tuple[str, str, int]]) -> int:
    """The kabupaten's revenue projection by account (objek level); returns the row of 4.2.02.02."""
    title(ws, 1, f"PROYEKSI PENDAPATAN DAERAH TAHUN ANGGARAN {TAHUN}", "C")
    title(ws, 2, f"KABUPATEN {KAB[kab].upper()}", "C")
    for col, text in zip("ABC", ("Kode Rekening", "Uraian Rekening", "Jumlah (Rp)")):
        header_cell(ws, f"{col}4", text)
    found = 0
    for number, (code, name, amount) in enumerate(rows, start=5):
        for col, value in enumerate((code, name, amount), start=1):
            cell = ws.cell(row=number, column=col, value=value)
            cell.border = BOX
            if code.count(".") < 3:
                cell.font = BOLD
        ws.cell(row=number, column=3).number_format = MONEY
        if code == "4.2.02.02":
            found = number
    widths(ws, 16, 48, 22)
    return found


# --- the province ------------------------------------------------------------------------------------

BANKEU_KAB = [  # (kabupaten, account, amount); Berau's row names its recipient only in the lokasi text
    ("64.01", "5.4.02.03.01.0001", 8_750_000_000),
    ("64.02", "5.4.02.03.01.0001", 15_000_000_000),
    ("64.02", "5.4.02.03.02.0001", 3_250_000_000),
    ("64.03", "5.4.02.03.01.0001", 7_500_000_000),
    ("64.07", "5.4.02.03.01.0001", 9_125_000_000),
]
BANKEU_DESA = ["64.07.12.2001", "64.07.12.2005", "64.02.12.2017", "64.02.12.2013", "64.01.08.2012",
               "64.01.08.2019", "64.03.01.2011", "64.03.01.2013"]
BANKEU_DESA_AMOUNT = 250_000_000
AKUN = {
    "5.4.02.03": "Belanja Bantuan Keuangan Daerah Provinsi ke Kabupaten/Kota",
    "5.4.02.03.01.0001": "Belanja Bantuan Keuangan Umum Daerah Provinsi ke Kabupaten/Kota",
    "5.4.02.03.02.0001": "Belanja Bantuan Keuangan Khusus Daerah Provinsi ke Kabupaten/Kota",
    "5.4.02.05": "Belanja Bantuan Keuangan Daerah Provinsi atau Kabupaten/Kota kepada Desa",
    "5.4.02.05.01.0002": "Belanja Bantuan Keuangan Umum Provinsi kepada Desa",
}


def sent(kab: str) -> int:
    return sum(amount for k, _, amount in BANKEU_KAB if k == kab)


def province_tree(errors: bool) -> list[Prog]:
    prov = "Provinsi Kalimantan Timur"
    penunjang = node(
        "2.13.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH",
        node("2.13.01.1.01", "Perencanaan dan Evaluasi Kinerja Perangkat Daerah",
             sub("2.13.01.1.01.01", "Penyusunan Renstra dan Renja Perangkat Daerah", 185_400_000, prov, "64")),
        node("2.13.01.1.02", "Administrasi Keuangan",
             sub("2.13.01.1.02.01", "Penyediaan Gaji dan Tunjangan ASN", 9_846_312_500, prov, "64")))
    penataan = node(
        "2.13.02", PENATAAN,
        node("2.13.02.1.01", "Penatausahaan Penetapan Susunan Kelembagaan, Pengisian Jabatan, dan Masa Jabatan "
                             "Kepala Desa Adat Berdasarkan Hukum Adat",
             sub("2.13.02.1.01.01", "Identifikasi dan Inventarisasi Kesatuan Masyarakat Hukum Adat", 275_000_000,
                 "Kab. Kutai Barat", "64.07"),
             sub("2.13.02.1.01.03", "Fasilitasi Kelembagaan Desa Adat", 156_250_000, "Kab. Paser", "64.01")))
    kerjasama = node(
        "2.13.03", KERJASAMA,
        node("2.13.03.1.01", "Fasilitasi Kerja Sama antardesa yang Menjadi Kewenangan Provinsi",
             sub("2.13.03.1.01.01", "Fasilitasi Kerja Sama antardesa Lintas Kabupaten/Kota", 224_600_000,
                 "Kab. Kutai Kartanegara, Kab. Kutai Barat", "64")))
    lembaga = node(
        "2.13.05", LEMBAGA,
        node("2.13.05.1.01", "Pemberdayaan Lembaga kemasyarakatan yang Bergerak di Bidang Pemberdayaan Desa dan "
                             "Lembaga Adat Tingkat Daerah Provinsi serta Pemberdayaan Masyarakat Hukum Adat yang "
                             "Masyarakat Pelakunya Hukum Adat yang Sama Berada di Lintas Daerah Kabupaten/Kota",
             at("2.13.05.1.01.01", "Identifikasi dan Inventarisasi Masyarakat Hukum Adat", 145_000_000,
                DESA["64.07.12.2001"]),
             sub("2.13.05.1.01.03", "Peningkatan Kapasitas Kelembagaan", 367_900_000, prov, "64"),
             at("2.13.05.1.01.05", "Fasilitasi Pengembangan Usaha Ekonomi Masyarakat", 486_250_000,
                DESA["64.02.12.2017"])))
    # kesalahan: the province does not run 2.13.03, which Berau then uses at provincial level (NK705)
    programs = [penunjang, penataan, lembaga] if errors else [penunjang, penataan, kerjasama, lembaga]
    return [node("2", URUSAN_2, node("2.13", BIDANG_PMD, *programs))]


def province_dlh_tree() -> list[Prog]:
    return [node("2", URUSAN_2, node("2.11", BIDANG_LH, node("2.11.03", PENCEMARAN, node(
        "2.11.03.1.01", "Pencegahan Pencemaran dan/atau Kerusakan Lingkugan Hidup",
        sub("2.11.03.1.01.02", PROKLIM, 1_275_000_000, "Provinsi Kalimantan Timur (Program Kampung Iklim)",
            "64")))))]


PROGRAM_HEADER = ["Kode", "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan", "Lokasi", "Kode Lokasi",
                  "Pagu Indikatif (Rp)"]
PROGRAM_FIELDS = ["kode", "nama", "lokasi", "kode_lokasi", "pagu"]
TARGET_SHEET = "Desa Sasaran"
BANKEU_SHEET = "Bantuan Keuangan"
TARGET_HEADER = ["No", "Kode Desa", "Nama Desa", "Kecamatan", "Kabupaten/Kota", "Nilai IDM 2019",
                 "Status IDM 2019", "Tahun Target", "Status Target"]


def write_province(s: SampleSet) -> None:
    name = "kaltim_provinsi_2021.xlsx"
    s.files[name] = ("provinsi", "64")
    wb = Workbook()
    ws = wb.active
    ws.title = "Renja DPMPD 2021"
    program_sheet(ws, [f"RENCANA KERJA PERANGKAT DAERAH (RENJA) TAHUN {TAHUN}", PROVINSI,
                       "Perangkat Daerah : 2.13.0.00.0.00.01.0000 Dinas Pemberdayaan Masyarakat dan Pemerintahan "
                       "Desa"], PROGRAM_HEADER, PROGRAM_FIELDS, province_tree(s.errors))
    widths(ws, 18, 70, 44, 16, 20)
    ws = wb.create_sheet("Renja DLH 2021")
    program_sheet(ws, [f"RENCANA KERJA PERANGKAT DAERAH (RENJA) TAHUN {TAHUN}", PROVINSI,
                       "Perangkat Daerah : 2.11.0.00.0.00.01.0000 Dinas Lingkungan Hidup"],
                  PROGRAM_HEADER, PROGRAM_FIELDS, province_dlh_tree())
    widths(ws, 18, 70, 44, 16, 20)
    write_bankeu(s, wb.create_sheet(BANKEU_SHEET), name)
    write_targets(s, wb.create_sheet(TARGET_SHEET), name)
    save_xlsx(wb, s.folder / name)


def write_bankeu(s: SampleSet, ws: Worksheet, name: str) -> None:
    title(ws, 1, f"RINCIAN BELANJA BANTUAN KEUANGAN TAHUN ANGGARAN {TAHUN}", "E")
    title(ws, 2, f"{PROVINSI} - BADAN PENGELOLA KEUANGAN DAN ASET DAERAH", "E")
    for col, text in zip("ABCDE", ("Kode Rekening", "Uraian Rekening", "Lokasi", "Kode Lokasi", "Jumlah (Rp)")):
        header_cell(ws, f"{col}4", text)
    desa = BANKEU_DESA + (["64.02.08.2009"] if s.errors else [])
    rows: list[tuple[str, str | None, str | None, int]] = [
        ("5.4.02.03", None, None, sum(amount for _, _, amount in BANKEU_KAB))]
    for kab, akun, amount in BANKEU_KAB:
        if kab == "64.03":  # the recipient only as text: read from "Kabupaten Berau"
            rows.append((akun, "Kabupaten Berau", None, amount))
        else:
            rows.append((akun, f"Kab. {KAB[kab]}", kab, amount))
    rows.append(("5.4.02.05", None, None, BANKEU_DESA_AMOUNT * len(desa)))
    rows += [("5.4.02.05.01.0002", DESA[code].lokasi, code, BANKEU_DESA_AMOUNT) for code in desa]
    first_row: dict[str, int] = {}
    for number, (akun, lokasi, kode_lokasi, amount) in enumerate(rows, start=5):
        for col, value in enumerate((akun, AKUN[akun], lokasi, kode_lokasi, amount), start=1):
            cell = ws.cell(row=number, column=col, value=value)
            cell.border = BOX
            cell.alignment = WRAP
            if akun.count(".") == 3:
                cell.font = BOLD
        ws.cell(row=number, column=5).number_format = MONEY
        first_row.setdefault(kode_lokasi or lokasi or akun, number)
    widths(ws, 20, 58, 50, 16, 20)
    if s.errors:
        s.expect("NK702", "error", name, BANKEU_SHEET, f"A{first_row['64.01']}", 8_750_000_000,
                 "Paser menganggarkan 8.500.000.000, bukan 8.750.000.000")
        s.expect("NK702", "error", name, BANKEU_SHEET, f"A{first_row['64.07']}", 9_125_000_000,
                 "Kutai Barat tidak menganggarkan pendapatan bantuan keuangan provinsi")
        s.expect("NK706", "warning", name, BANKEU_SHEET, f"A{first_row['64.02.08.2009']}", "64.02.08.2009",
                 "bankeu desa ke Pela, desa sasaran 2019, bukan desa sasaran 2021")


def target_rows(errors: bool) -> list[list[object]]:
    """The rows of the target-village list; kesalahan: one planted error per NK601/NK704/NK801-NK803 case."""
    rows: list[list[object]] = []
    for d in sorted(TARGETS + OTHER_YEARS, key=lambda d: (d.tahun, d.code)):
        if errors and d.code == "64.03.01.2009":
            continue  # NK704: 29 villages for 2021
        value: object = d.idm
        stated = status(d.idm)
        name, kab = d.name, KAB[d.kab]
        if d.code == "64.01.08.2020":
            value = "0,5467"  # a decimal comma in a text cell: read as 0.5467, not a finding
        if d.code == "64.02.12.2013":
            name = "MUARA TIQ"  # capitals: the same name, not a finding
        if errors:
            if d.code == "64.07.12.2015":
                value, stated = 0.6270, "Berkembang"  # NK801: berkembang in the base year
            elif d.code == "64.01.08.2019":
                stated = "Sangat Tertinggal"  # NK802: 0.5512 is tertinggal
            elif d.code == "64.02.09.2006":
                value = 55.88  # NK803: the 0-100 scale
            elif d.code == "64.07.12.2003":
                kab = "Kutai Kartanegara"  # NK601: the village lies in Kutai Barat
            elif d.code == "64.02.12.2017":
                name = "Muara Tubo"  # NK601 warning: the official name is Muara Tuboq
        rows.append([d.code, name, d.kecamatan, kab, value, stated, d.tahun, "Berkembang"])
    if errors:  # NK601: a village of Kalimantan Utara among the targets of 2022
        code, name, kecamatan, kab = TEMALANG
        rows.append([code, name, kecamatan, kab, 0.5019, "Tertinggal", 2022, "Berkembang"])
    return rows


def write_targets(s: SampleSet, ws: Worksheet, name: str) -> None:
    title(ws, 1, "DAFTAR DESA SASARAN PENINGKATAN STATUS INDEKS DESA MEMBANGUN (IDM) 2019-2023", "I")
    title(ws, 2, PROVINSI, "I")
    title(ws, 3, "Target: 150 desa sangat tertinggal/tertinggal menjadi berkembang (2019: 15, 2020: 25, "
                 "2021: 30, 2022: 35, 2023: 45) - petikan", "I")
    for col, text in enumerate(TARGET_HEADER):
        header_cell(ws, f"{chr(ord('A') + col)}5", text)
    where: dict[str, int] = {}
    for number, values in enumerate(target_rows(s.errors), start=6):
        for col, value in enumerate([number - 5, *values], start=1):
            cell = ws.cell(row=number, column=col, value=value)
            cell.border = BOX
            if col == 6 and isinstance(value, float) and value < 1:
                cell.number_format = "0.0000"
        where[str(values[0])] = number
    widths(ws, 5, 16, 24, 18, 20, 14, 18, 12, 14)
    ws.freeze_panes = "A6"
    if not s.errors:
        return
    expect = [
        ("NK701", "error", "B", "64.02.11.2008", "tidak ada sub kegiatan di Tunjungan dalam rencana Kutai Kartanegara"),
        ("NK701", "error", "B", "64.01.10.2004", "di Luan hanya ada sub kegiatan 2.13.03 (bukan program prioritas)"),
        ("NK801", "error", "F", "64.07.12.2015", "Siram Jaya berkembang pada 2019 (0,6270)"),
        ("NK802", "error", "G", "64.01.08.2019", "0,5512 berarti tertinggal, tertulis sangat tertinggal"),
        ("NK803", "error", "F", "64.02.09.2006", "55,88: skala 0-100, bukan IDM"),
        ("NK601", "error", "E", "64.07.12.2003", "Tanjung Soke ada di Kutai Barat, tertulis Kutai Kartanegara"),
        ("NK601", "warning", "C", "64.02.12.2017", "nama resmi Muara Tuboq, tertulis Muara Tubo"),
        ("NK601", "error", "B", TEMALANG[0], "Temalang ada di Kab. Malinau, Kalimantan Utara"),
    ]
    values = {"B": lambda c: c, "C": lambda c: "Muara Tubo", "E": lambda c: "Kutai Kartanegara",
              "F": lambda c: "berkembang" if c == "64.07.12.2015" else 55.88, "G": lambda c: "Sangat Tertinggal"}
    for rule, severity, col, code, note in expect:
        s.expect(rule, severity, name, TARGET_SHEET, f"{col}{where[code]}", values[col](code), note)
    s.expect("NK704", "error", name, TARGET_SHEET, None, 29, "29 desa sasaran 2021, targetnya 30")


# --- the kabupaten -----------------------------------------------------------------------------------

def pendapatan(wb: Workbook, kab: str, received: int, base: tuple[int, int, int]) -> None:
    pendapatan_sheet(wb.create_sheet("Pendapatan"), kab, pendapatan_rows(*base, received))


def write_kukar(s: SampleSet) -> None:
    name = "kukar_rkpd_2021.xlsx"
    s.files[name] = ("kabkota", "64.02")
    d = DESA
    tunjungan = KUPANG_BARU if s.errors else d["64.02.11.2008"]  # NK701: the row moved to a non-target village
    tree = [node("2", URUSAN_2, node(
        "2.13", BIDANG_PMD,
        penunjang_kab("2.13", "64.02", 96_500_000),
        node("2.13.02", PENATAAN, node(
            "2.13.02.2.01", PENATAAN_KAB,
            at("2.13.02.2.01.02", "Fasilitasi Tata Wilayah Desa", 185_000_000, d["64.02.08.2018"]),
            at("2.13.02.2.01.06", "Fasilitasi Sarana dan Prasarana Desa", 1_450_000_000, d["64.02.12.2017"]))),
        node("2.13.04", ADMINISTRASI, node(
            "2.13.04.2.01", ADMINISTRASI_KAB,
            at("2.13.04.2.01.03", "Fasilitasi Penyusunan Perencanaan Pembangunan Desa", 124_750_000,
               d["64.02.09.2005"]),
            at("2.13.04.2.01.04", "Fasilitasi Pengelolaan Keuangan Desa", 98_300_000, d["64.02.09.2006"]),
            at("2.13.04.2.01.11", "Fasilitasi Penyusunan Profil Desa", 76_400_000, d["64.02.12.2013"]),
            at("2.13.04.2.01.15", "Fasilitasi Penetapan dan Penegasan Batas Desa", 212_600_000, d["64.02.12.2015"]),
            sub("2.13.04.2.01.18", "Fasilitasi Evaluasi Perkembangan Desa serta Lomba Desa dan Kelurahan",
                142_000_000, "Kab. Kutai Kartanegara", "64.02"))),
        node("2.13.05", LEMBAGA, node(
            "2.13.05.2.01", LEMBAGA_KAB,
            at("2.13.05.2.01.03", f"Peningkatan Kapasitas Kelembagaan {LKD}", 264_500_000, d["64.02.12.2014"]),
            at("2.13.05.2.01.05", "Fasilitasi Pengembangan Usaha Ekonomi Masyarakat dan Pemerintah Desa dalam "
                                  "Meningkatkan Pendapatan Asli Desa", 318_250_000, d["64.02.17.2011"]),
            at("2.13.05.2.01.06", "Fasilitasi Pemerintah Desa dalam Pemanfaatan Teknologi Tepat Guna",
               157_800_000, tunjungan)))))]
    wb = Workbook()
    ws = wb.active
    ws.title = "RKPD 2021"
    program_sheet(ws, [f"RENCANA KERJA PEMERINTAH DAERAH (RKPD) TAHUN {TAHUN}", "KABUPATEN KUTAI KARTANEGARA"],
                  ["Kode", "Program/Kegiatan/Sub Kegiatan", "Lokasi", "Kode Lokasi", "Pagu Indikatif (Rp)",
                   "Perangkat Daerah"], PROGRAM_FIELDS + ["opd"], tree,
                  opd="Dinas Pemberdayaan Masyarakat dan Desa")
    widths(ws, 18, 70, 48, 16, 20, 40)
    pendapatan(wb, "64.02", sent("64.02"), (412_500_000_000, 3_215_400_000_000, 845_000_000_000))
    save_xlsx(wb, s.folder / name)


def write_paser(s: SampleSet) -> None:
    name = "paser_renja_dpmd_2021.xlsx"
    s.files[name] = ("kabkota", "64.01")
    d = DESA
    rows = [
        penunjang_kab("2.13", "64.01", 68_450_000),
        at("2.13.02.2.01.03", "Fasilitasi Penataan Kewenangan Desa", 88_000_000, d["64.01.10.2008"]),
        # kesalahan: Luan keeps only the kerja sama row below, which is not a priority program (NK701)
        *([] if s.errors else [at("2.13.02.2.01.04", "Fasilitasi Penamaan dan Kode Desa", 64_500_000,
                                  d["64.01.10.2004"])]),
        at("2.13.03.2.01.01", "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota", 57_250_000,
           d["64.01.10.2004"]),
        at("2.13.04.2.01.01", "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa", 112_300_000,
           d["64.01.08.2012"]),
        at("2.13.04.2.01.05", "Pembinaan Peningkatan Kapasitas Aparatur Pemerintah Desa", 236_900_000,
           d["64.01.08.2019"]),
        at("2.13.04.2.01.08", "Pembinaan dan Pemberdayaan BUM Desa dan Lembaga Kerja sama antar Desa", 174_000_000,
           d["64.01.08.2020"]),
        at("2.13.05.2.01.02", f"Fasilitasi Penataan, Pemberdayaan dan Pendayagunaan Kelembagaan {LKD}",
           93_600_000, d["64.01.08.2018"]),
        at("2.13.05.2.01.04", f"Fasilitasi Penyediaan Sarana dan Prasarana Kelembagaan {LKD}", 405_000_000,
           d["64.01.08.2011"]),
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "Sub Kegiatan"
    program_sheet(ws, [f"RENCANA KERJA (RENJA) DINAS PEMBERDAYAAN MASYARAKAT DAN DESA TAHUN {TAHUN}",
                       "KABUPATEN PASER"],
                  ["KODE SUB KEGIATAN", "NAMA SUB KEGIATAN", "LOKASI", "KODE LOKASI", "JUMLAH PAGU"],
                  PROGRAM_FIELDS, rows, flat=True)
    widths(ws, 18, 70, 48, 16, 20)
    received = 8_500_000_000 if s.errors else sent("64.01")  # NK702: differs
    pendapatan(wb, "64.01", received, (96_800_000_000, 1_412_600_000_000, 387_250_000_000))
    save_xlsx(wb, s.folder / name)


def write_kubar(s: SampleSet) -> None:
    name = "kubar_renja_2021.xlsx"
    s.files[name] = ("kabkota", "64.07")
    d = DESA
    # kesalahan: the same sub kegiatan as the province's 2.13.05.1.01.01 in Gerungung (NK703)
    gerungung = (at("2.13.05.2.01.01", "Identifikasi dan Inventarisasi Masyarakat Hukum Adat", 96_000_000,
                    d["64.07.12.2001"]) if s.errors else
                 at("2.13.05.2.01.03", f"Peningkatan Kapasitas Kelembagaan {LKD}", 96_000_000, d["64.07.12.2001"]))
    dpmk = [node("2", URUSAN_2, node(
        "2.13", BIDANG_PMD,
        penunjang_kab("2.13", "64.07", 74_900_000),
        node("2.13.02", PENATAAN, node(
            "2.13.02.2.01", PENATAAN_KAB,
            at("2.13.02.2.01.05", "Fasilitasi Penetapan Kesatuan Masyarakat Hukum Adat dan Desa Adat Kewenangan "
                                  "Kabupaten/Kota", 134_200_000, d["64.07.12.2015"]))),
        node("2.13.04", ADMINISTRASI, node(
            "2.13.04.2.01", ADMINISTRASI_KAB,
            at("2.13.04.2.01.02", "Fasilitasi Penyusunan Produk Hukum Desa", 58_700_000, d["64.07.12.2005"]),
            at("2.13.04.2.01.06", "Fasilitasi Penyelenggaraan Musyawarah Desa", 61_350_000, d["64.07.12.2003"]),
            at("2.13.04.2.01.12", "Fasilitasi Manajemen Pemerintahan Desa", 72_800_000, d["64.07.12.2004"]),
            at("2.13.04.2.01.13", "Fasilitasi Pengelolaan Aset Desa", 49_950_000, d["64.07.12.2002"]))),
        node("2.13.05", LEMBAGA, node(
            "2.13.05.2.01", LEMBAGA_KAB,
            gerungung,
            at("2.13.05.2.01.09", "Fasilitasi Tim Penggerak PKK dalam Penyelenggaraan Gerakan Pemberdayaan "
                                  "Masyarakat dan Kesejahteraan Keluarga", 187_400_000, d["64.07.12.2006"]))))),
    ]
    dlh = [node("2", URUSAN_2, node(
        "2.11", BIDANG_LH,
        penunjang_kab("2.11", "64.07", 52_600_000),
        node("2.11.03", PENCEMARAN, node(
            "2.11.03.2.01", "Pencegahan Pencemaran dan/atau Kerusakan Lingkungan Hidup Kabupaten/Kota",
            at("2.11.03.2.01.02", PROKLIM, 215_000_000, d["64.07.17.2011"])))))]
    wb = Workbook()
    wb.remove(wb.active)
    header = ["Kode", "Uraian", "Kode Lokasi", "Lokasi", "Pagu (Rp)"]
    fields = ["kode", "nama", "kode_lokasi", "lokasi", "pagu"]
    where = {}
    for sheet, opd, tree in (("DPMK", "2.13.0.00.0.00.01.0000 Dinas Pemberdayaan Masyarakat dan Kampung", dpmk),
                             ("DLH", "2.11.0.00.0.00.01.0000 Dinas Lingkungan Hidup", dlh)):
        ws = wb.create_sheet(sheet)
        where[sheet] = program_sheet(ws, [f"RENCANA KERJA PERANGKAT DAERAH (RENJA) TAHUN {TAHUN}",
                                          "KABUPATEN KUTAI BARAT", f"Perangkat Daerah : {opd}"],
                                     header, fields, tree)
        widths(ws, 18, 70, 16, 48, 20)
    if not s.errors:  # kesalahan: no revenue sheet, the province's bankeu is not budgeted (NK702)
        pendapatan(wb, "64.07", sent("64.07"), (38_400_000_000, 1_186_000_000_000, 296_500_000_000))
    save_xlsx(wb, s.folder / name)
    if s.errors:
        s.expect("NK703", "warning", name, "DPMK", f"A{where['DPMK']['2.13.05.2.01.01']}", "2.13.05.2.01.01",
                 "provinsi juga mendanai 2.13.05.1.01.01 di Gerungung")


def write_berau(s: SampleSet) -> None:
    name, csv_name = "berau_renja_dpmk_2021.xlsx", "berau_pendapatan_2021.csv"
    s.files[name] = ("kabkota", "64.03")
    s.files[csv_name] = ("kabkota", "64.03")
    d = DESA
    rows = [
        penunjang_kab("2.13", "64.03", 81_200_000),
        at("2.13.02.2.01.06", "Fasilitasi Sarana dan Prasarana Desa", 980_000_000, d["64.03.13.2008"]),
        # kesalahan: a provincial kegiatan of 2.13.03, which the province does not run (NK705; NK302 too)
        *([at("2.13.03.1.01.01", "Fasilitasi Kerja Sama antardesa Lintas Kabupaten/Kota", 120_000_000,
              d["64.03.04.2004"])] if s.errors else []),
        at("2.13.04.2.01.09", "Penyelenggaraan Pemilihan, Pengangkatan dan Pemberhentian Kepala Desa", 426_000_000,
           d["64.03.01.2009"]),
        at("2.13.04.2.01.14", "Pembinaan Peningkatan Kapasitas Anggota BPD", 84_300_000, d["64.03.01.2011"]),
        at("2.13.04.2.01.16", "Fasilitasi Pembinaan Laporan Kepala Desa", 39_800_000, d["64.03.01.2013"]),
        at("2.13.05.2.01.07", "Fasilitasi Bulan Bhakti Gotong Royong Masyarakat", 66_000_000, d["64.03.04.2004"]),
        at("2.13.05.2.01.08", "Fasilitasi Penyelenggaraan Ketentraman, Ketertiban dan Perlindungan Masyarakat "
                              "Desa", 71_500_000, d["64.03.04.2013"]),
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = "Renja DPMK"
    where = program_sheet(ws, ["RENJA DINAS PEMBERDAYAAN MASYARAKAT DAN KAMPUNG", f"KABUPATEN BERAU TAHUN {TAHUN}"],
                          ["Kode Sub Kegiatan", "Nama Sub Kegiatan", "Lokasi", "Kode Lokasi", "Pagu"],
                          PROGRAM_FIELDS, rows, flat=True)
    widths(ws, 18, 70, 48, 16, 20)
    save_xlsx(wb, s.folder / name)
    if s.errors:
        cell = f"A{where['2.13.03.1.01.01']}"
        s.expect("NK302", "error", name, "Renja DPMK", cell, "2.13.03.1.01.01",
                 "sub kegiatan provinsi (digit 1) dalam rencana kabupaten")
        s.expect("NK705", "error", name, "Renja DPMK", cell, "2.13.03",
                 "program 2.13.03 tingkat provinsi, padahal provinsi tidak menjalankannya")
    # The revenue projection of BPKAD Berau, exported as CSV (";", UTF-8, amounts as Indonesian text)
    lines = ["PEMERINTAH KABUPATEN BERAU", f"PROYEKSI PENDAPATAN DAERAH TAHUN ANGGARAN {TAHUN}", "",
             "Kode Rekening;Uraian Rekening;Jumlah (Rp)"]
    for code, uraian, amount in pendapatan_rows(205_300_000_000, 1_698_750_000_000, 512_000_000_000, sent("64.03")):
        lines.append(f"{code};{uraian};{amount:,}".replace(",", ".") + ",00")
    (s.folder / csv_name).write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


# --- summary and expected.yaml -------------------------------------------------------------------------

def summary(s: SampleSet) -> None:
    """The summary rows the set must yield: targets of 2021 per kabupaten, covered ones, bankeu both ways."""
    uncovered = {"64.02.11.2008", "64.01.10.2004"} if s.errors else set()
    dropped = {"64.03.01.2009"} if s.errors else set()
    received = {"64.01": 8_500_000_000, "64.07": 0} if s.errors else {}
    for kab in sorted(KAB):
        villages = [t.code for t in TARGETS if t.kab == kab and t.code not in dropped]
        s.sync.append({"kabkota": kab, "target_villages": len(villages),
                       "covered_villages": len([v for v in villages if v not in uncovered]),
                       "bankeu_sent": sent(kab), "bankeu_received": received.get(kab, sent(kab))})


def cell_order(cell: str | None) -> tuple[int, str]:
    """A1 cells by row, then column (a whole-sheet finding first)."""
    if cell is None:
        return (0, "")
    column = cell.rstrip("0123456789")
    return (int(cell[len(column):]), column)


def write_expected(sets: list[SampleSet]) -> None:
    lines = [
        "# What `nomenklatur sync FOLDER --tahun 2021 --profil kaltim-2021` must yield for each set (folder):",
        "# exactly these findings, no others, and these summary rows. Generated by make_sync_samples.py (edit",
        "# the script, not this file).",
        "#   files     every file of the folder: level and region it must be read as",
        "#   findings  rule, severity, file (name in the folder), sheet, A1 cell (null: the whole sheet) and the",
        "#             offending value as written (NK702: the amount the province sends; NK704: the count of",
        "#             villages; NK801: the base-year status the IDM value means)",
        "#   sync      one row per kabupaten/kota: target villages of 2021, those covered by a sub kegiatan of a",
        "#             priority program, bankeu sent by the province (5.4.02.03) and received (4.2.02.02)",
        "",
    ]
    for s in sets:
        lines += [f"# {s.summary_text}", f"{s.name}:", "  files:"]
        for name, (level, region) in sorted(s.files.items()):
            lines.append(f"    {name}: {{level: {level}, region: {scalar(region)}}}")
        if not s.findings:
            lines.append("  findings: []")
        else:
            lines.append("  findings:")
            for f in sorted(s.findings, key=lambda f: (f.file, f.sheet or "", *cell_order(f.cell), f.rule)):
                lines.append(f"    # {f.note}")
                lines.append(f"    - {{rule: {f.rule}, severity: {f.severity}, file: {f.file}, sheet: {scalar(f.sheet)}, "
                             f"cell: {scalar(f.cell)}, value: {scalar(f.value)}}}")
        lines.append("  sync:")
        for row in s.sync:
            lines.append("    - {" + ", ".join(f"{k}: {scalar(v)}" for k, v in row.items()) + "}")
        lines.append("")
    (HERE / "expected.yaml").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    sets = [SampleSet("konsisten", False, "Konsisten: rencana provinsi dan empat kabupaten selaras, tanpa temuan"),
            SampleSet("kesalahan", True, "Kesalahan: satu kesalahan tertanam untuk setiap aturan sinkronisasi")]
    for s in sets:
        s.folder.mkdir(exist_ok=True)
        write_province(s)
        write_kukar(s)
        write_paser(s)
        write_kubar(s)
        write_berau(s)
        summary(s)
    write_expected(sets)


if __name__ == "__main__":
    main()
