"""Write the sample proposal workbooks of samples/ and samples/expected.yaml (the findings they must yield).

Run from anywhere: ``python samples/make_samples.py``. Deterministic: every run writes the same bytes
(fixed document timestamps, fixed zip entry dates, no randomness). Codes and names are typed here from
the official lists on purpose (the samples are fixtures and must not move when a table is rebuilt); the
planted errors are recorded next to the cells that hold them, and expected.yaml is written from those
records, so a row moved here moves its expected cell too.

Files (East Kalimantan, kode wilayah 64, TA 2021):

* kaltim_dpmpd_2021.xlsx  provincial DPMPD Renja, full codes in one column, hierarchical, clean
* kukar_rkpd_2021.xlsx    Kutai Kartanegara RKPD, split code columns stored as numbers (layout A), clean
* kukar_rkpd_2021.csv     a flat Kutai Kartanegara proposal exported as CSV (";" and cp1252), clean
* paser_renja_2021.xlsx   Paser sub-kegiatan sheet (layout B), with planted errors
* kubar_renja_2021.xlsx   Kutai Barat, code and name glued in one cell, one sheet per OPD (layout C),
                          with planted errors
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2021, 3, 1, 8, 0, 0)
NBSP = "\u00a0"
MONEY = "#,##0"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

SUMBER_PAD = "PENDAPATAN ASLI DAERAH (PAD)"
SUMBER_DAU = "DANA ALOKASI UMUM (DAU)"
SUMBER_DAK = "DAK NON FISIK"
SEMUA_KUKAR = "Kab. Kutai Kartanegara, Semua Kecamatan, Semua Kelurahan/Desa"
SEMUA_PASER = "Kab. Paser, Semua Kecamatan, Semua Kelurahan/Desa"
IND_PENUNJANG = "Persentase penunjang urusan perangkat daerah berjalan sesuai standar"


# --- planted findings ----------------------------------------------------------------------------------

@dataclass
class Expected:
    """One finding a sample must yield: rule id, severity, sheet, A1 cell, the value as written, the fix if
    certain."""

    rule: str
    severity: str
    sheet: str
    cell: str
    value: object
    expected: object = None
    note: str = ""


@dataclass
class Sample:
    """A sample file: its level, its own region and the findings planted in it."""

    name: str
    level: str
    region: str
    summary: str
    findings: list[Expected] = field(default_factory=list)


# --- writing helpers ---------------------------------------------------------------------------------

def save_xlsx(wb: Workbook, path: Path) -> None:
    """Save with fixed timestamps: the document properties and every zip entry date."""
    wb.properties.creator = "Bappeda"
    wb.properties.lastModifiedBy = "Bappeda"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)


def widths(ws: Worksheet, *values: float) -> None:
    for index, width in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def header_cell(ws: Worksheet, ref: str, text: str, merge_to: str | None = None) -> None:
    ws[ref] = text
    ws[ref].font = BOLD
    ws[ref].alignment = CENTER
    ws[ref].border = BOX
    if merge_to:
        ws.merge_cells(f"{ref}:{merge_to}")


def title(ws: Worksheet, row: int, text: str, last_col: str) -> None:
    ws.cell(row=row, column=1, value=text).font = BOLD
    ws.merge_cells(f"A{row}:{last_col}{row}")


# --- a small tree of program rows, totals computed from the leaves -----------------------------------

@dataclass
class Node:
    """A program row: code, name, and for a sub kegiatan its own fields; parents add up their children."""

    code: str
    name: str
    pagu: object = None
    indikator: str = ""
    target: str = ""
    lokasi: object = None
    sumber: str = ""
    opd: str = ""
    akun: tuple[str, str] | None = None
    more: list[tuple[str, str]] = field(default_factory=list)   # continuation rows: (indikator, target)
    children: list["Node"] = field(default_factory=list)
    pagu_written: object = None  # a parent total written wrong on purpose (NK402)
    cell_text: str | None = None  # layout C: the glued "code name" cell written differently on purpose

    def total(self) -> int:
        if not self.children:
            return self.pagu if isinstance(self.pagu, int) else 0
        return sum(child.total() for child in self.children)

    def shown_pagu(self) -> object:
        if self.children:
            return self.pagu_written if self.pagu_written is not None else self.total()
        return self.pagu

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def sub(code: str, name: str, pagu: object, **kw) -> Node:
    return Node(code, name, pagu, **kw)


def parent(code: str, name: str, *children: Node, **kw) -> Node:
    return Node(code, name, children=list(children), **kw)


# --- 1. the province: Kaltim DPMPD Renja, provincial codes (level digit 1), clean --------------------

def kaltim_tree() -> Node:
    lokasi = "Provinsi Kalimantan Timur"
    kw = dict(indikator=IND_PENUNJANG, target=f"100{NBSP}%", lokasi=lokasi, sumber=SUMBER_PAD)
    penunjang = parent(
        "2.13.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH",
        parent("2.13.01.1.01", "Perencanaan dan Evaluasi Kinerja Perangkat Daerah",
               sub("2.13.01.1.01.01", "Penyusunan Renstra dan Renja Perangkat Daerah", 185_400_000, **kw),
               sub("2.13.01.1.01.04", "Koordinasi dan Sinkronisasi Perencanaan Perangkat Daerah", 96_750_000, **kw),
               sub("2.13.01.1.01.05", "Evaluasi Kinerja Perangkat Daerah", 74_200_000, **kw)),
        parent("2.13.01.1.02", "Administrasi Keuangan",
               sub("2.13.01.1.02.01", "Penyediaan Gaji dan Tunjangan ASN", 9_846_312_500, **kw),
               sub("2.13.01.1.02.02", "Penyediaan Administrasi Pelaksanaan Tugas ASN", 412_800_000, **kw),
               sub("2.13.01.1.02.09", "Penyusunan Pelaporan Keuangan Akhir Tahun", 58_650_000, **kw)),
        parent("2.13.01.1.03", "Administrasi Umum",
               sub("2.13.01.1.03.02", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik", 486_000_000, **kw),
               sub("2.13.01.1.03.10", "Penyediaan Alat Tulis Kantor", 142_375_000, **kw),
               sub("2.13.01.1.03.18", "Rapat-rapat Kordinasi dan Konsultasi ke Luar Daerah", 1_254_600_000, **kw),
               sub("2.13.01.1.03.31", "Pemeliharaan Rutin/Berkala Kendaraan Dinas/Operasional", 318_900_000, **kw)),
        parent("2.13.01.1.04", "Peningkatan Disiplin dan Kapasitas Sumber Daya Aparatur",
               sub("2.13.01.1.04.02", "Pengadaan Pakaian Dinas Beserta Perlengkapannya", 87_500_000, **kw),
               sub("2.13.01.1.04.10", "Sosialisasi Peraturan Perundang-Undangan", 64_300_000, **kw)),
        indikator="Nilai SAKIP Perangkat Daerah", target="B")
    kab = "Kab. Kutai Barat, Kab. Mahakam Ulu, Kab. Paser"
    penataan = parent(
        "2.13.02", "PROGRAM PENATAAN DESA",
        parent("2.13.02.1.01", "Penatausahaan Penetapan Susunan Kelembagaan, Pengisian Jabatan, dan Masa "
                               "Jabatan Kepala Desa Adat Berdasarkan Hukum Adat",
               sub("2.13.02.1.01.01", "Identifikasi dan Inventarisasi Kesatuan Masyarakat Hukum Adat", 275_000_000,
                   indikator="Jumlah kesatuan masyarakat hukum adat yang teridentifikasi", target=f"12{NBSP}Kelompok",
                   lokasi=kab, sumber=SUMBER_PAD),
               sub("2.13.02.1.01.02", "Fasilitasi Penataan Kesatuan Masyarakat Hukum Adat", 198_500_000,
                   indikator="Jumlah fasilitasi penataan kesatuan masyarakat hukum adat", target=f"4{NBSP}Kegiatan",
                   lokasi=kab, sumber=SUMBER_PAD),
               sub("2.13.02.1.01.03", "Fasilitasi Kelembagaan Desa Adat", 156_250_000,
                   indikator="Jumlah desa adat yang difasilitasi kelembagaannya", target=f"6{NBSP}Desa",
                   lokasi=kab, sumber=SUMBER_PAD)),
        indikator="Persentase desa yang tertata sesuai ketentuan", target=f"80{NBSP}%")
    kerja_sama = parent(
        "2.13.03", "PROGRAM PENINGKATAN KERJASAMA DESA",
        parent("2.13.03.1.01", "Fasilitasi Kerja Sama antardesa yang Menjadi Kewenangan Provinsi",
               sub("2.13.03.1.01.01", "Fasilitasi Kerja Sama antardesa Lintas Kabupaten/Kota", 224_600_000,
                   indikator="Jumlah kerja sama antardesa lintas kabupaten/kota yang difasilitasi",
                   target=f"3{NBSP}Dokumen", lokasi="Kab. Kutai Kartanegara, Kab. Kutai Timur", sumber=SUMBER_PAD),
               sub("2.13.03.1.01.02", "Fasilitasi Kerja Sama Desa dengan Pihak Ketiga", 132_800_000,
                   indikator="Jumlah kerja sama desa dengan pihak ketiga yang difasilitasi",
                   target=f"5{NBSP}Dokumen", lokasi=lokasi, sumber=SUMBER_PAD)),
        indikator="Jumlah kerja sama desa yang terlaksana", target=f"8{NBSP}Dokumen")
    kw5 = dict(lokasi=lokasi, sumber=SUMBER_PAD)
    lembaga = parent(
        "2.13.05", "PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT DAN MASYARAKAT HUKUM ADAT",
        parent("2.13.05.1.01", "Pemberdayaan Lembaga kemasyarakatan yang Bergerak di Bidang Pemberdayaan Desa "
                               "dan Lembaga Adat Tingkat Daerah Provinsi serta Pemberdayaan Masyarakat Hukum Adat "
                               "yang Masyarakat Pelakunya Hukum Adat yang Sama Berada di Lintas Daerah "
                               "Kabupaten/Kota",
               sub("2.13.05.1.01.01", "Identifikasi dan Inventarisasi Masyarakat Hukum Adat", 145_000_000,
                   indikator="Jumlah masyarakat hukum adat yang terinventarisasi", target=f"10{NBSP}Kelompok", **kw5),
               sub("2.13.05.1.01.02", "Kelembagaan Masyarakat Desa dan Masyarakat Hukum Adat", 210_400_000,
                   indikator="Jumlah lembaga kemasyarakatan desa yang dibina", target=f"40{NBSP}Lembaga", **kw5),
               sub("2.13.05.1.01.03", "Peningkatan Kapasitas Kelembagaan", 367_900_000,
                   indikator="Jumlah pengurus lembaga kemasyarakatan yang dilatih", target=f"300{NBSP}Orang", **kw5),
               sub("2.13.05.1.01.04", "Penyediaan Sarana dan Prasarana Kelembagaan", 1_150_000_000,
                   indikator="Jumlah lembaga yang menerima sarana dan prasarana", target=f"25{NBSP}Lembaga", **kw5),
               sub("2.13.05.1.01.05", "Fasilitasi Pengembangan Usaha Ekonomi Masyarakat", 486_250_000,
                   indikator="Jumlah BUMDes yang difasilitasi", target=f"30{NBSP}BUMDes", **kw5),
               sub("2.13.05.1.01.06", "Fasilitasi Pemanfaatan Teknologi Tepat Guna", 233_700_000,
                   indikator="Jumlah posyantek yang difasilitasi", target=f"10{NBSP}Unit", **kw5)),
        indikator="Persentase lembaga kemasyarakatan desa yang aktif", target=f"75{NBSP}%")
    bidang = parent("2.13", "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA",
                    penunjang, penataan, kerja_sama, lembaga)
    return parent("2", "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR", bidang)


def write_kaltim(sample: Sample) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Renja DPMPD 2021"
    title(ws, 1, "RENCANA KERJA PERANGKAT DAERAH (RENJA) TAHUN 2021", "G")
    title(ws, 2, "PROVINSI KALIMANTAN TIMUR", "G")
    title(ws, 3, "Perangkat Daerah : 2.13.0.00.0.00.01.0000 Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa",
          "G")
    header_cell(ws, "A5", "Kode", "A6")
    header_cell(ws, "B5", "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan", "B6")
    header_cell(ws, "C5", "Indikator Kinerja", "D5")
    header_cell(ws, "C6", "Tolok Ukur")
    header_cell(ws, "D6", "Target")
    header_cell(ws, "E5", "Lokasi", "E6")
    header_cell(ws, "F5", "Pagu Indikatif (Rp)", "F6")
    header_cell(ws, "G5", "Sumber Dana", "G6")
    tree = kaltim_tree()
    row = 7
    for node in tree.walk():
        values = [node.code, node.name, node.indikator or None, node.target or None,
                  node.lokasi if not node.children else None, node.shown_pagu(),
                  node.sumber or None]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.border = BOX
            cell.alignment = WRAP
            if node.children:
                cell.font = BOLD
        ws.cell(row=row, column=6).number_format = MONEY
        row += 1
    ws.cell(row=row, column=1, value="JUMLAH").font = BOLD
    ws.merge_cells(f"A{row}:E{row}")
    total = ws.cell(row=row, column=6, value=tree.total())
    total.font = BOLD
    total.number_format = MONEY
    widths(ws, 18, 60, 45, 14, 30, 18, 30)
    ws.freeze_panes = "C7"
    save_xlsx(wb, HERE / sample.name)


# --- 2. Kutai Kartanegara RKPD, layout A (split code columns as numbers, 3-row header), clean ---------

KUKAR_DINKES = "Dinas Kesehatan"
KUKAR_DPMD = "Dinas Pemberdayaan Masyarakat dan Desa"


def kukar_tree() -> Node:
    def pen(code: str, name: str, pagu: int, opd: str) -> Node:
        return sub(code, name, pagu, indikator=IND_PENUNJANG, target=f"100{NBSP}%", lokasi=SEMUA_KUKAR,
                   sumber=SUMBER_PAD, opd=opd)

    def dpmd(code: str, name: str, pagu: int, indikator: str, target: str, lokasi: str = SEMUA_KUKAR,
             **kw) -> Node:
        return sub(code, name, pagu, indikator=indikator, target=target, lokasi=lokasi, sumber=SUMBER_PAD,
                   opd=KUKAR_DPMD, **kw)

    kesehatan = parent(
        "1.02", "URUSAN PEMERINTAHAN BIDANG KESEHATAN",
        parent("1.02.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
               parent("1.02.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                      pen("1.02.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 148_250_000,
                          KUKAR_DINKES),
                      pen("1.02.01.2.01.06", "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar "
                                             "Realisasi Kinerja SKPD", 52_430_000, KUKAR_DINKES),
                      indikator="Persentase dokumen perencanaan yang tepat waktu", target=f"100{NBSP}%"),
               parent("1.02.01.2.02", "Administrasi Keuangan Perangkat Daerah",
                      pen("1.02.01.2.02.01", "Penyediaan Gaji dan Tunjangan ASN", 38_612_904_300, KUKAR_DINKES),
                      indikator="Persentase ASN yang menerima gaji tepat waktu", target=f"100{NBSP}%"),
               indikator="Nilai SAKIP Perangkat Daerah", target=f"B{NBSP}Nilai"),
        parent("1.02.02", "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT",
               parent("1.02.02.2.01", "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan "
                                      "Daerah Kabupaten/Kota",
                      sub("1.02.02.2.01.09", "Rehabilitasi dan Pemeliharaan Puskesmas", 4_275_000_000,
                          indikator="Jumlah puskesmas yang direhabilitasi", target=f"3{NBSP}unit",
                          lokasi="Kec. Tenggarong, Kec. Loa Kulu, Kec. Sebulu", sumber=SUMBER_DAU, opd=KUKAR_DINKES),
                      sub("1.02.02.2.01.16", "Pengadaan Obat, Vaksin", 6_830_512_000,
                          indikator="Persentase ketersediaan obat esensial", target=f"95{NBSP}%",
                          lokasi=SEMUA_KUKAR, sumber=SUMBER_DAU, opd=KUKAR_DINKES),
                      indikator="Persentase puskesmas dengan sarana prasarana sesuai standar", target=f"80{NBSP}%"),
               parent("1.02.02.2.02", "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah "
                                      "Kabupaten/Kota",
                      sub("1.02.02.2.02.04", "Pengelolaan Pelayanan Kesehatan Balita", 1_126_800_000,
                          indikator="Persentase balita yang mendapat pelayanan kesehatan sesuai standar",
                          target=f"100{NBSP}%", lokasi=SEMUA_KUKAR, sumber=SUMBER_DAK, opd=KUKAR_DINKES,
                          more=[("Cakupan imunisasi dasar lengkap", f"95{NBSP}%")]),
                      sub("1.02.02.2.02.15", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat", 864_350_000,
                          indikator="Prevalensi stunting pada balita", target=f"18{NBSP}%", lokasi=SEMUA_KUKAR,
                          sumber=SUMBER_DAK, opd=KUKAR_DINKES),
                      sub("1.02.02.2.02.33", "Operasional Pelayanan Puskesmas", 12_540_000_000,
                          indikator="Jumlah puskesmas yang beroperasi sesuai standar", target=f"32{NBSP}unit",
                          lokasi=SEMUA_KUKAR, sumber=SUMBER_DAK, opd=KUKAR_DINKES),
                      indikator="Persentase pelayanan kesehatan sesuai SPM", target=f"100{NBSP}%"),
               indikator="Angka Harapan Hidup", target=f"72.5{NBSP}tahun"))
    desa = parent(
        "2.13", "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA",
        parent("2.13.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
               parent("2.13.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                      pen("2.13.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 96_400_000,
                          KUKAR_DPMD),
                      # double spaces as in real SIPD exports: a spacing difference is not a finding
                      pen("2.13.01.2.01.02", "Koordinasi dan Penyusunan  Dokumen RKA-SKPD", 31_275_000, KUKAR_DPMD),
                      indikator="Persentase dokumen perencanaan yang tepat waktu", target=f"100{NBSP}%"),
               parent("2.13.01.2.02", "Administrasi Keuangan Perangkat Daerah",
                      pen("2.13.01.2.02.01", "Penyediaan Gaji dan Tunjangan ASN", 7_412_650_800, KUKAR_DPMD),
                      pen("2.13.01.2.02.02", "Penyediaan Administrasi Pelaksanaan Tugas ASN", 245_000_000,
                          KUKAR_DPMD),
                      indikator="Persentase ASN yang menerima gaji tepat waktu", target=f"100{NBSP}%"),
               parent("2.13.01.2.06", "Administrasi Umum Perangkat Daerah",
                      pen("2.13.01.2.06.02", "Penyediaan Peralatan dan Perlengkapan Kantor", 118_920_000, KUKAR_DPMD),
                      pen("2.13.01.2.06.09", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD", 436_500_000,
                          KUKAR_DPMD),
                      indikator="Persentase layanan administrasi umum yang terpenuhi", target=f"100{NBSP}%"),
               indikator="Nilai SAKIP Perangkat Daerah", target=f"B{NBSP}Nilai"),
        parent("2.13.02", "PROGRAM PENATAAN DESA",
               parent("2.13.02.2.01", "Penyelenggaraan Penataan Desa",
                      dpmd("2.13.02.2.01.02", "Fasilitasi Tata Wilayah Desa", 342_600_000,
                           "Jumlah desa yang batas wilayahnya difasilitasi", f"20{NBSP}Desa",
                           "Kec. Tabang, Kec. Kembang Janggut, Kec. Muara Kaman"),
                      dpmd("2.13.02.2.01.06", "Fasilitasi Sarana dan Prasarana Desa", 1_875_000_000,
                           "Jumlah desa yang menerima fasilitasi sarana dan prasarana", f"15{NBSP}Desa"),
                      indikator="Persentase desa yang tertata", target=f"60{NBSP}%"),
               indikator="Persentase desa yang tertata sesuai ketentuan", target=f"60{NBSP}%"),
        parent("2.13.04", "PROGRAM ADMINISTRASI PEMERINTAHAN DESA",
               parent("2.13.04.2.01", "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
                      dpmd("2.13.04.2.01.01", "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa",
                           284_300_000, "Jumlah desa dengan administrasi pemerintahan tertib", f"193{NBSP}Desa"),
                      dpmd("2.13.04.2.01.03", "Fasilitasi Penyusunan Perencanaan Pembangunan Desa", 415_750_000,
                           "Jumlah desa yang menyusun RPJMDes dan RKPDes tepat waktu", f"193{NBSP}Desa",
                           more=[("Jumlah kader pembangunan desa yang dilatih", f"386{NBSP}Orang")]),
                      dpmd("2.13.04.2.01.04", "Fasilitasi Pengelolaan Keuangan Desa", 527_200_000,
                           "Jumlah desa yang menyampaikan laporan keuangan tepat waktu", f"193{NBSP}Desa"),
                      dpmd("2.13.04.2.01.05", "Pembinaan Peningkatan Kapasitas Aparatur Pemerintah Desa",
                           1_238_400_000, "Jumlah aparatur desa yang dilatih", f"772{NBSP}Orang"),
                      # pagu still 0 in this revision, as in real RKPD exports: not a finding
                      dpmd("2.13.04.2.01.11", "Fasilitasi Penyusunan Profil Desa", 0,
                           "Jumlah desa yang memiliki profil desa", f"0{NBSP}Desa"),
                      dpmd("2.13.04.2.01.18", "Fasilitasi Evaluasi Perkembangan Desa serta Lomba Desa dan "
                                              "Kelurahan", 198_650_000,
                           "Jumlah desa dan kelurahan yang dievaluasi", f"237{NBSP}Desa/Kel"),
                      indikator="Persentase desa dengan tata kelola pemerintahan yang baik", target=f"70{NBSP}%"),
               indikator="Persentase desa dengan tata kelola pemerintahan yang baik", target=f"70{NBSP}%"),
        parent("2.13.05", "PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT DAN MASYARAKAT HUKUM ADAT",
               parent("2.13.05.2.01", "Pemberdayaan Lembaga Kemasyarakatan yang Bergerak di Bidang Pemberdayaan "
                                      "Desa dan Lembaga Adat Tingkat Daerah Kabupaten/Kota serta Pemberdayaan "
                                      "Masyarakat Hukum Adat yang Masyarakat Pelakunya Hukum Adat yang Sama dalam "
                                      "Daerah Kabupaten/Kota",
                      dpmd("2.13.05.2.01.02", "Fasilitasi Penataan, Pemberdayaan dan Pendayagunaan Kelembagaan "
                                              "Lembaga Kemasyarakatan Desa/Kelurahan (RT, RW, PKK, Posyandu, LPM, "
                                              "dan Karang Taruna), Lembaga Adat Desa/Kelurahan dan Masyarakat Hukum "
                                              "Adat", 356_800_000, "Jumlah lembaga kemasyarakatan yang dibina",
                           f"120{NBSP}Lembaga"),
                      dpmd("2.13.05.2.01.07", "Fasilitasi Bulan Bhakti Gotong Royong Masyarakat", 175_000_000,
                           "Jumlah kegiatan BBGRM yang terlaksana", f"1{NBSP}Kegiatan", "Kec. Tenggarong Seberang"),
                      dpmd("2.13.05.2.01.09", "Fasilitasi Tim Penggerak PKK dalam Penyelenggaraan Gerakan "
                                              "Pemberdayaan Masyarakat dan Kesejahteraan Keluarga", 620_450_000,
                           "Jumlah TP PKK desa yang aktif", f"193{NBSP}TP PKK"),
                      indikator="Persentase lembaga kemasyarakatan desa yang aktif", target=f"75{NBSP}%"),
               indikator="Persentase lembaga kemasyarakatan desa yang aktif", target=f"75{NBSP}%"))
    wajib_dasar = parent("1", "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR", kesehatan)
    wajib_lain = parent("2", "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR", desa)
    return parent("", "", wajib_dasar, wajib_lain)


def split_code(code: str) -> list[object]:
    """Layout A's five code cells: urusan, bidang, program and sub kegiatan as Excel numbers, kegiatan as text."""
    parts = code.split(".")
    cells: list[object] = [float(parts[0])]
    if len(parts) >= 2:
        cells.append(float(parts[1]))
    if len(parts) >= 3:
        cells.append(float(parts[2]))
    if len(parts) >= 5:
        cells.append(f"{parts[3]}.{parts[4]}")
    if len(parts) == 6:
        cells.append(float(parts[5]))
    return cells + [None] * (5 - len(cells))


def write_kukar(sample: Sample) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row, text in enumerate(["Rancangan Perubahan Rencana Kerja Pemerintah Daerah (RKPD)",
                                "Kabupaten Kutai Kartanegara", "Tahun 2021"], start=1):
        title(ws, row, text, "L")
    header_cell(ws, "A4", "Kode", "E6")
    header_cell(ws, "F4", "Urusan/ Bidang Urusan/ Program/ Kegiatan/ Sub Kegiatan", "F6")
    header_cell(ws, "G4", "Indikator Program/ Kegiatan/ Sub Kegiatan", "G6")
    header_cell(ws, "H4", "Rencana Tahun 2021", "K4")
    header_cell(ws, "H5", "Target Kinerja")
    header_cell(ws, "I5", "Pagu Indikatif")
    header_cell(ws, "H6", "Menjadi")
    header_cell(ws, "I6", "RKPD 2021 Perubahan")
    header_cell(ws, "J5", "Lokasi", "J6")
    header_cell(ws, "K5", "Sumber Dana", "K6")
    header_cell(ws, "L4", "Perangkat Daerah Penanggung Jawab", "L6")
    tree = kukar_tree()
    row = 7
    for node in tree.walk():
        if not node.code:
            continue
        leaf = not node.children
        values = [*split_code(node.code), node.name, node.indikator or None, node.target or None,
                  node.shown_pagu(), node.lokasi if leaf else None, node.sumber if leaf else None,
                  node.opd if leaf else None]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.alignment = WRAP
            if not leaf:
                cell.font = BOLD
        ws.cell(row=row, column=9).number_format = MONEY
        row += 1
        for indikator, target in node.more:   # a row without code continues the indicators above
            ws.cell(row=row, column=7, value=indikator).alignment = WRAP
            ws.cell(row=row, column=8, value=target)
            row += 1
    ws.cell(row=row, column=1, value="TOTAL").font = BOLD
    ws.merge_cells(f"A{row}:G{row}")
    total = ws.cell(row=row, column=9, value=tree.total())
    total.font = BOLD
    total.number_format = MONEY
    widths(ws, 5, 5, 5, 6, 5, 55, 45, 14, 18, 35, 30, 28)
    ws.freeze_panes = "F7"
    save_xlsx(wb, HERE / sample.name)


# --- 5. the same DPMD rows of Kutai Kartanegara as a flat CSV export (";" and cp1252), clean ----------

def rupiah_text(amount: int) -> str:
    """1250000 -> "1.250.000", the way Indonesian Excel writes amounts into CSV."""
    return f"{amount:,}".replace(",", ".")


def write_kukar_csv(sample: Sample) -> None:
    tree = kukar_tree()
    leaves = [n for n in tree.walk() if not n.children and n.code.startswith("2.13.") and n.pagu]
    header = ["Kode Sub Kegiatan", "Nama Sub Kegiatan", "Indikator Kinerja", "Target", "Lokasi",
              "Pagu Indikatif", "Sumber Dana", "Perangkat Daerah"]
    lines = [";".join(header)]
    for node in leaves:
        values = [node.code, " ".join(node.name.split()), node.indikator, node.target, node.lokasi,
                  rupiah_text(node.pagu), "PAD \u2013 Pendapatan Asli Daerah", node.opd]
        lines.append(";".join(values))
    (HERE / sample.name).write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


# --- 3. Paser sub kegiatan sheet, layout B (flat, header in row 1), with planted errors --------------

PASER_SHEET = "Sub Keg Renja_DPA"


def write_paser(sample: Sample) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = PASER_SHEET
    header = ["KODE SUB KEGIATAN", "PROGRAM DAN KEGIATAN", "TOLAK UKUR CAPAIAN KEG.", "TARGET KINERJA CAPAIAN KEG.",
              "TOLAK UKUR KELUARAN", "TARGET KINERJA KELUARAN", "SUMBER DANA", "LOKASI", "AWAL PELAKSANAAN",
              "AKHIR PELAKSANAAN", "JUMLAH PAGU", "KETERANGAN"]
    for col, text in enumerate(header, start=1):
        header_cell(ws, f"{get_column_letter(col)}1", text)
    tgrogot = "Kab. Paser, Kec. Tanah Grogot, Kec. Kuaro, Kec. Long Ikis"
    hulu = "Kab. Paser, Kec. Batu Sopang, Kec. Muara Komam, Kec. Muara Samu"
    desa_ind = "Persentase desa dengan tata kelola pemerintahan yang baik"
    rows: list[tuple] = [
        # code, name, capaian indicator, capaian target, keluaran, keluaran target, sumber, lokasi, pagu, note
        ("2.13.01.2.01.01", "Penyusunan  Dokumen  Perencanaan Perangkat Daerah", IND_PENUNJANG, 0.96,
         "Jumlah dokumen perencanaan perangkat daerah", f"3{NBSP}Dokumen", SUMBER_PAD, SEMUA_PASER, 68_450_000, None),
        ("2.13.01.2.01.02", "Koordinasi dan Penyusunan Dokumen RKA-SKPD", IND_PENUNJANG, 0.96,
         "Jumlah dokumen RKA-SKPD", f"2{NBSP}Dokumen", SUMBER_PAD, SEMUA_PASER, 24_300_000, None),
        ("2.13.01.2.01.04", "Koordinasi dan Penyusunan DPA- SKPD", IND_PENUNJANG, 0.96,
         "Jumlah dokumen DPA-SKPD", f"2{NBSP}Dokumen", SUMBER_PAD, SEMUA_PASER, 21_750_000, None),
        ("2.13.01.2.02.01", "Penyediaan Gaji dan Tunjangan ASN", IND_PENUNJANG, 0.96,
         "Jumlah orang yang menerima gaji dan tunjangan ASN", f"46{NBSP}Orang/bulan", SUMBER_DAU, SEMUA_PASER,
         5_186_420_700, None),
        ("2.13.01.2.02.02", "Penyediaan Administrasi Pelaksanaan Tugas ASN", IND_PENUNJANG, 0.96,
         "Jumlah dokumen hasil penyediaan administrasi pelaksanaan tugas ASN", f"12{NBSP}Dokumen", SUMBER_DAU,
         SEMUA_PASER, "12.500.000", "pagu ditulis sebagai teks berformat Indonesia"),
        ("2.13.01.2.03.12", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor", IND_PENUNJANG,
         0.96, "Jumlah paket komponen instalasi listrik yang disediakan", f"1{NBSP}Paket", SUMBER_PAD, SEMUA_PASER,
         14_850_000, None),
        ("2.13.01.2.06.04", "Penyediaan Bahan Logistik Kantor", IND_PENUNJANG, 0.96,
         "Jumlah paket bahan logistik kantor yang disediakan", f"12{NBSP}Paket", SUMBER_PAD, SEMUA_PASER,
         57_600_000, None),
        ("2.13.02.2.01.01", "Pembentukan, Penghapusan, Penggabungan, dan Perubahan Status Desa",
         "Persentase desa yang tertata sesuai ketentuan", 0.6, "Jumlah dokumen usulan penataan desa",
         f"2{NBSP}Dokumen", SUMBER_PAD, tgrogot, 186_200_000, None),
        ("2.13.02.2.01.03", "Fasilitasi Penataan Kewenangan Desa", "Persentase desa yang tertata sesuai ketentuan",
         0.6, "Jumlah desa yang difasilitasi penataan kewenangannya", f"139{NBSP}Desa", SUMBER_PAD, SEMUA_PASER,
         97_300_000, None),
        ("2.13.02.2.01.07", "Penyediaan dana Operasional, Penghasilan Tetap, dan Tunjangan Lainnya bagi Perangkat "
                            "Pemerintahan Desa", "Persentase desa yang tertata sesuai ketentuan", 0.6,
         "Jumlah desa yang menerima dana operasional", f"139{NBSP}Desa", SUMBER_DAU, SEMUA_PASER, 2_450_000_000,
         None),
        ("2.13.03.2.01.01", "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota",
         "Jumlah kerja sama desa yang terlaksana", 4, "Jumlah kerja sama antar desa yang difasilitasi",
         f"4{NBSP}Dokumen", SUMBER_PAD, hulu, 88_900_000, None),
        ("2.13.04.2.01.01", "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa", desa_ind, 0.7,
         "Jumlah desa yang difasilitasi", f"139{NBSP}Desa", SUMBER_PAD, SEMUA_PASER, 142_650_000, None),
        ("2.13.04.2.O1.02", "Fasilitasi Penyusunan Produk Hukum Desa", desa_ind, 0.7,
         "Jumlah produk hukum desa yang difasilitasi", f"139{NBSP}Dokumen", SUMBER_PAD, SEMUA_PASER, 76_400_000,
         None),
        ("2.13.4.2.1.3", "Fasilitasi Penyusunan Perencanaan Pembangunan Desa", desa_ind, 0.7,
         "Jumlah desa yang menyusun RKPDes tepat waktu", f"139{NBSP}Desa", SUMBER_PAD, SEMUA_PASER, 118_750_000,
         None),
        ("2.13.04.2.01.04", "Fasilitasi Pengelolaan Keuangan dan Aset Desa", desa_ind, 0.7,
         "Jumlah desa yang difasilitasi pengelolaan keuangannya", f"139{NBSP}Desa", SUMBER_PAD, SEMUA_PASER,
         164_200_000, None),
        ("2.13.04.2.01.05", "Pembinaan Peningkatan Kapasitas Aparatur Pemerintah Desa", desa_ind, 0.7,
         "Jumlah aparatur desa yang dilatih", f"556{NBSP}Orang", SUMBER_DAU, SEMUA_PASER, 925_000_000, None),
        ("2.13.04.2.01.10", "Fasilitasi Pengangkatan dan Pemberhentian Perangkat Desa", desa_ind, 0.7,
         "Jumlah desa yang difasilitasi", f"40{NBSP}Desa", SUMBER_PAD, tgrogot, "lima puluh juta", None),
        ("2.13.04.2.01.15", "Fasilitasi Penetapan dan Penegasan Batas Desa", desa_ind, 0.7,
         "Jumlah segmen batas desa yang ditetapkan", f"25{NBSP}Segmen", SUMBER_PAD, hulu, 312_500_000, None),
        ("2.13.04.2.01.05", "Pembinaan Peningkatan Kapasitas Aparatur Pemerintah Desa", desa_ind, 0.7,
         "Jumlah aparatur desa yang dilatih", f"120{NBSP}Orang", SUMBER_PAD, hulu, 210_000_000, None),
        ("2.13.04.2.01.19", "Fasilitasi Penyusunan Profil Desa", desa_ind, 0.7,
         "Jumlah desa yang memiliki profil desa", f"139{NBSP}Desa", SUMBER_PAD, SEMUA_PASER, 65_800_000, None),
        ("2,13,04,2,01,16", "Fasilitasi Pembinaan Laporan Kepala Desa", desa_ind, 0.7,
         "Jumlah laporan kepala desa yang dibina", f"139{NBSP}Laporan", SUMBER_PAD, SEMUA_PASER, 43_250_000, None),
        ("2.13.05.1.01.06", "Fasilitasi Pemanfaatan Teknologi Tepat Guna",
         "Persentase lembaga kemasyarakatan desa yang aktif", 0.75, "Jumlah posyantek yang difasilitasi",
         f"10{NBSP}Unit", SUMBER_PAD, SEMUA_PASER, 96_000_000, None),
        ("2.13.05.2.01.03", "Peningkatan Kapasitas Kelembagaan Lembaga Kemasyarakatan Desa/Kelurahan (RT, RW, PKK, "
                            "Posyandu, LPM, dan Karang Taruna), Lembaga Adat Desa/Kelurahan dan Masyarakat Hukum "
                            "Adat", "Persentase lembaga kemasyarakatan desa yang aktif", 0.75,
         "Jumlah pengurus lembaga kemasyarakatan yang dilatih", f"278{NBSP}Orang", SUMBER_PAD, SEMUA_PASER,
         254_300_000, None),
        ("2.13.05.2.01.05", "Fasilitasi Pengembangan Usaha Ekonomi Masyarakat dan Pemerintah Desa dalam "
                            "Meningkatkan Pendapatan Asli Desa", "Persentase lembaga kemasyarakatan desa yang aktif",
         0.75, "Jumlah BUMDes yang difasilitasi", f"30{NBSP}BUMDes", SUMBER_PAD, SEMUA_PASER, None,
         "pagu belum diisi"),
        ("2.13.05.2.01.07", "Fasilitasi Bulan Bhakti Gotong Royong Masyarakat",
         "Persentase lembaga kemasyarakatan desa yang aktif", 0.75, "Jumlah kegiatan BBGRM yang terlaksana",
         f"1{NBSP}Kegiatan", SUMBER_PAD, tgrogot, -5_000_000, "pengurangan pada perubahan"),
        ("2.13.05.2.01.09", "FASILITASI TIM PENGGERAK PKK DALAM PENYELENGGARAAN GERAKAN PEMBERDAYAAN MASYARAKAT DAN "
                            "KESEJAHTERAAN KELUARGA", "Persentase lembaga kemasyarakatan desa yang aktif", 0.75,
         "Jumlah TP PKK desa yang dibina", f"139{NBSP}TP PKK", SUMBER_PAD, SEMUA_PASER, 387_600_000, None),
    ]
    start, end = dt.datetime(2021, 1, 1), dt.datetime(2021, 12, 31)
    for row, (code, name, cap, cap_t, kel, kel_t, sumber, lokasi, pagu, note) in enumerate(rows, start=2):
        values = [code, name, cap, cap_t, kel, kel_t, sumber, lokasi, start, end, pagu, note]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.alignment = WRAP
        ws.cell(row=row, column=9).number_format = "dd/mm/yyyy"
        ws.cell(row=row, column=10).number_format = "dd/mm/yyyy"
        ws.cell(row=row, column=11).number_format = MONEY
    widths(ws, 20, 60, 40, 12, 40, 16, 30, 40, 14, 14, 18, 30)
    ws.freeze_panes = "A2"
    save_xlsx(wb, HERE / sample.name)

    def at(code: str, occurrence: int = 1) -> int:
        found = [i for i, r in enumerate(rows, start=2) if r[0] == code]
        return found[occurrence - 1]

    s = PASER_SHEET
    sample.findings += [
        Expected("NK101", "error", s, f"A{at('2.13.04.2.O1.02')}", "2.13.04.2.O1.02", "2.13.04.2.01.02",
                 "huruf O, bukan angka nol"),
        Expected("NK102", "warning", s, f"A{at('2.13.4.2.1.3')}", "2.13.4.2.1.3", "2.13.04.2.01.03", "nol di depan hilang"),
        Expected("NK102", "warning", s, f"A{at('2,13,04,2,01,16')}", "2,13,04,2,01,16", "2.13.04.2.01.16",
                 "koma sebagai pemisah"),
        Expected("NK201", "error", s, f"A{at('2.13.04.2.01.19')}", "2.13.04.2.01.19", "2.13.04.2.01.11",
                 "tidak ada di daftar mana pun; namanya nama resmi 2.13.04.2.01.11"),
        Expected("NK202", "error", s, f"B{at('2.13.04.2.01.04')}", "Fasilitasi Pengelolaan Keuangan dan Aset Desa",
                 "Fasilitasi Pengelolaan Keuangan Desa", "nama 2019, diganti pada TA 2021"),
        Expected("NK203", "warning", s, f"A{at('2.13.01.2.03.12')}", "2.13.01.2.03.12", "2.13.01.2.06.01",
                 "kode 2019 (X.XX.01.2.03.12) dipindah ke X.XX.01.2.06.01"),
        Expected("NK203", "warning", s, f"A{at('2.13.02.2.01.07')}", "2.13.02.2.01.07", None,
                 "kode 2019 yang dihapus pada TA 2021"),
        Expected("NK302", "error", s, f"A{at('2.13.05.1.01.06')}", "2.13.05.1.01.06", None,
                 "sub kegiatan provinsi (digit 1) dalam usulan kabupaten"),
        Expected("NK401", "error", s, f"K{at('2.13.04.2.01.10')}", "lima puluh juta", None, "pagu ditulis dengan huruf"),
        Expected("NK401", "error", s, f"K{at('2.13.05.2.01.07')}", -5_000_000, None, "pagu negatif"),
        Expected("NK403", "warning", s, f"A{at('2.13.04.2.01.05', 2)}", "2.13.04.2.01.05", None,
                 f"kemunculan kedua, dengan pagu, lokasi dan sumber dana lain (peringatan); yang pertama di "
                 f"A{at('2.13.04.2.01.05')}"),
    ]


# --- 4. Kutai Barat, layout C (code and name glued, one sheet per OPD), with planted errors ---------

KUBAR_DPMPD = "DPMPD"
KUBAR_DINKES = "Dinas Kesehatan"


def kubar_dpmpd_tree() -> list[Node]:
    kab = "64.07"

    def pen(code: str, name: str, pagu: int, akun: tuple[str, str] | None = None) -> Node:
        return sub(code, name, pagu, indikator=IND_PENUNJANG, target=f"100{NBSP}%", lokasi=kab,
                   sumber=SUMBER_DAU, akun=akun)

    def desa(code: str, name: str, pagu: int, indikator: str, target: str, lokasi: str | None,
             akun: tuple[str, str] | None = None) -> Node:
        return sub(code, name, pagu, indikator=indikator, target=target, lokasi=lokasi, sumber=SUMBER_DAU,
                   akun=akun)

    penataan = parent(
        "2.13.02", "PROGRAM PENATAAN DESA",
        parent("2.13.02.2.01", "Penyelenggaraan Penataan Desa",
               desa("2.13.02.2.01.02", "Fasilitasi Tata Wilayah Desa", 146_800_000,
                    "Jumlah desa yang difasilitasi tata wilayahnya", f"4{NBSP}Desa", "64.07.12.2003"),
               desa("2.13.02.2.01.04", "Fasilitasi Penamaan dan Kode Desa", 58_450_000,
                    "Jumlah desa yang difasilitasi penamaan dan kodenya", f"2{NBSP}Desa", "64.07.19.2004"),
               indikator="Persentase desa yang tertata", target=f"60{NBSP}%"),
        indikator="Persentase desa yang tertata sesuai ketentuan", target=f"60{NBSP}%")
    # written total with two digits swapped (205.250.000 is right): NK402
    penataan.pagu_written = 250_250_000
    return [
        parent("2.13.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
               parent("2.13.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                      pen("2.13.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 72_350_000,
                          ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor")),
                      pen("2.13.01.2.01.07", "Evaluasi Kinerja Perangkat Daerah", 38_900_000),
                      indikator="Persentase dokumen perencanaan yang tepat waktu", target=f"100{NBSP}%"),
               parent("2.13.01.2.02", "Administrasi Keuangan Perangkat Daerah",
                      pen("2.13.01.2.02.01", "Penyediaan Gaji dan Tunjangan ASN", 4_218_560_400,
                          ("5.1.01.01.01.0001", "Belanja Gaji Pokok PNS")),
                      indikator="Persentase ASN yang menerima gaji tepat waktu", target=f"100{NBSP}%"),
               parent("2.13.01.2.06", "Administrasi Umum Perangkat Daerah",
                      pen("2.13.01.2.06.02", "Penyediaan Peralatan dan Perlengkapan Kantor", 86_700_000),
                      pen("2.13.01.2.06.09", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD", 312_000_000,
                          ("5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa")),
                      indikator="Persentase layanan administrasi umum yang terpenuhi", target=f"100{NBSP}%"),
               indikator="Nilai SAKIP Perangkat Daerah", target=f"B{NBSP}Nilai"),
        penataan,
        parent("2.13.04", "PROGRAM ADMINISTRASI PEMERINTAHAN DESA",
               parent("2.13.04.2.01", "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
                      desa("2.13.04.2.01.03", "Fasilitasi Penyusunan Perencanaan Pembangunan Desa", 164_300_000,
                           "Jumlah desa yang menyusun RKPDes tepat waktu", f"16{NBSP}Desa", "64.07.08.2006"),
                      desa("2.13.04.2.01.06", "Fasilitasi Penyelenggaraan Musyawarah Desa", 92_750_000,
                           "Jumlah musyawarah desa yang difasilitasi", f"16{NBSP}Kegiatan", "64.07.08.2008",
                           ("5.1.02.02.01.0003", "Honorarium Narasumber atau Pembahas, Moderator, Pembawa Acara, "
                                                 "dan Panitia")),
                      desa("2.13.05.2.01.07", "Fasilitasi Bulan Bhakti Gotong Royong Masyarakat", 0,
                           "Jumlah kegiatan BBGRM yang terlaksana", f"1{NBSP}Kegiatan", "64.07.07.2019"),
                      desa("2.13.04.2.01.09", "Penyelenggaraan Pemilihan, Pengangkatan dan Pemberhentian Kepala "
                                              "Desa", 1_475_000_000, "Jumlah kampung yang menyelenggarakan pilkades",
                           f"48{NBSP}Kampung", None),
                      desa("2.13.04.2.01.14", "Pembinaan Peningkatan Kapasitas Anggota BPD", 236_400_000,
                           "Jumlah anggota BPD yang dilatih", f"190{NBSP}Orang", "64.07.07.2005"),
                      desa("2.13.04.2.01.18", "Fasilitasi Evaluasi Perkembangan Desa serta Lomba Desa dan "
                                              "Kelurahan", 127_900_000, "Jumlah desa yang dievaluasi",
                           f"190{NBSP}Desa", "64.02.06.2012"),
                      indikator="Persentase desa dengan tata kelola pemerintahan yang baik", target=f"70{NBSP}%"),
               indikator="Persentase desa dengan tata kelola pemerintahan yang baik", target=f"70{NBSP}%"),
        parent("2.13.05", "PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT DAN MASYARAKAT HUKUM ADAT",
               parent("2.13.05.2.01", "Pemberdayaan Lembaga Kemasyarakatan yang Bergerak di Bidang Pemberdayaan "
                                      "Desa dan Lembaga Adat Tingkat Daerah Kabupaten/Kota serta Pemberdayaan "
                                      "Masyarakat Hukum Adat yang Masyarakat Pelakunya Hukum Adat yang Sama dalam "
                                      "Daerah Kabupaten/Kota",
                      desa("2.13.05.2.01.01", "Identifikasi dan Inventarisasi Masyarakat Hukum Adat", 118_600_000,
                           "Jumlah masyarakat hukum adat yang terinventarisasi", f"6{NBSP}Kelompok", "64.07.06.2001",
                           ("5.1.02.01.01.0094", "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Komputer")),
                      desa("2.13.05.2.01.09", "Fasilitasi Tim Penggerak PKK dalam Penyelenggaraan Gerakan "
                                              "Pemberdayaan Masyarakat dan Kesejahteraan Keluarga", 284_500_000,
                           "Jumlah TP PKK kampung yang aktif", f"190{NBSP}TP PKK", "64.07.06.2003",
                           ("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat")),
                      indikator="Persentase lembaga kemasyarakatan desa yang aktif", target=f"75{NBSP}%"),
               indikator="Persentase lembaga kemasyarakatan desa yang aktif", target=f"75{NBSP}%"),
    ]


def kubar_dinkes_rows() -> list[Node]:
    kw = dict(indikator=IND_PENUNJANG, target=f"100{NBSP}%", lokasi="64.07", sumber=SUMBER_DAU)
    return [
        sub("1.02.01.2.01.01", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 94_600_000, **kw),
        sub("1.02.01.2.02.01", "Penyediaan Gaji dan Tunjangan ASN", 21_347_908_200,
            akun=("5.1.01.01.01.0001", "Belanja Gaji Pokok PNS"), **kw),
        # the supporting program of another OPD (copied from the DPMPD sheet): NK303
        sub("2.13.01.2.06.02", "Penyediaan Peralatan dan Perlengkapan Kantor", 143_250_000, **kw),
        sub("1.02.01.2.06.04", "Penyediaan Bahan Logistik Kantor", 66_800_000,
            akun=("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor"), **kw),
        # a kelurahan is a valid location for a puskesmas: not a finding
        sub("1.02.02.2.01.09", "Rehabilitasi dan Pemeliharaan Puskesmas", 1_860_000_000,
            indikator="Jumlah puskesmas yang direhabilitasi", target=f"1{NBSP}unit", lokasi="64.07.06.1006",
            sumber="DAK FISIK"),
        sub("1.02.02.2.01.16", "Pengadaan Obat, Vaksin", 3_412_750_000,
            indikator="Persentase ketersediaan obat esensial", target=f"95{NBSP}%", lokasi="64.07",
            sumber=SUMBER_DAU),
        sub("1.02.02.2.02.15", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat", 426_900_000,
            indikator="Prevalensi stunting pada balita", target=f"20{NBSP}%", lokasi="64.07.07.2019",
            sumber=SUMBER_DAK, akun=("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat")),
        sub("1.02.02.2.02.33", "Operasional Pelayanan Puskesmas", 5_280_000_000,
            indikator="Jumlah puskesmas yang beroperasi sesuai standar", target=f"19{NBSP}unit",
            lokasi="64.07.12", sumber=SUMBER_DAK),
    ]


def kubar_sheet(wb: Workbook, name: str, opd: str, rows: list[Node]) -> dict[str, int]:
    """One OPD sheet; returns the row number of each glued code text (first occurrence)."""
    ws = wb.create_sheet(name)
    title(ws, 1, "RENCANA KERJA PERANGKAT DAERAH (RENJA) TAHUN 2021", "H")
    title(ws, 2, "KABUPATEN KUTAI BARAT", "H")
    title(ws, 3, f"Perangkat Daerah : {opd}", "H")
    header_cell(ws, "A4", "Kode dan Nomenklatur Program/Kegiatan/Sub Kegiatan", "A5")
    header_cell(ws, "B4", "Indikator Kinerja", "C4")
    header_cell(ws, "B5", "Tolok Ukur")
    header_cell(ws, "C5", "Target")
    header_cell(ws, "D4", "Kode Lokasi", "D5")
    header_cell(ws, "E4", "Rekening Belanja", "F4")
    header_cell(ws, "E5", "Kode Rekening")
    header_cell(ws, "F5", "Uraian Rekening")
    header_cell(ws, "G4", "Pagu Indikatif (Rp)", "G5")
    header_cell(ws, "H4", "Sumber Dana", "H5")
    where: dict[str, int] = {}
    row = 6
    for top in rows:
        for node in top.walk():
            leaf = not node.children
            glued = node.cell_text or f"{node.code} {node.name}"
            where.setdefault(node.code, row)
            akun_code, akun_name = node.akun or (None, None)
            values = [glued, node.indikator or None, node.target or None, node.lokasi if leaf else None,
                      akun_code, akun_name, node.shown_pagu(), node.sumber if leaf else None]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=col, value=value)
                cell.alignment = WRAP
                cell.border = BOX
                if not leaf:
                    cell.font = BOLD
            ws.cell(row=row, column=7).number_format = MONEY
            row += 1
    widths(ws, 70, 42, 14, 16, 20, 42, 18, 22)
    ws.freeze_panes = "B6"
    return where


def write_kubar(sample: Sample) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    dpmpd = kubar_dpmpd_tree()
    musdes = next(n for top in dpmpd for n in top.walk() if n.code == "2.13.04.2.01.06")
    musdes.cell_text = "'2.13.04.2.01.06 Fasilitasi Penyelenggaraan Musyawarah Desa"
    at = kubar_sheet(wb, KUBAR_DPMPD,
                     "2.13.0.00.0.00.01.0000 Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa", dpmpd)
    at_dinkes = kubar_sheet(wb, KUBAR_DINKES, "1.02.0.00.0.00.01.0000 Dinas Kesehatan", kubar_dinkes_rows())
    save_xlsx(wb, HERE / sample.name)

    s, d = KUBAR_DPMPD, KUBAR_DINKES
    sample.findings += [
        Expected("NK102", "warning", s, f"A{at['2.13.04.2.01.06']}", musdes.cell_text, "2.13.04.2.01.06",
                 "tanda petik di depan kode"),
        Expected("NK301", "error", s, f"A{at['2.13.05.2.01.07']}", "2.13.05.2.01.07 Fasilitasi Bulan Bhakti Gotong Royong "
                 "Masyarakat", None, "sub kegiatan program 2.13.05 di bawah kegiatan 2.13.04.2.01"),
        Expected("NK402", "error", s, f"G{at['2.13.02']}", 250_250_000, 205_250_000,
                 "jumlah program tidak sama dengan jumlah kegiatannya"),
        Expected("NK404", "warning", s, f"D{at['2.13.04.2.01.09']}", None, None, "kode lokasi kosong"),
        Expected("NK501", "error", s, f"E{at['2.13.05.2.01.01']}", "5.1.02.01.01.0094", None,
                 "kode rekening tidak ada di bagan akun TA 2021"),
        Expected("NK601", "error", s, f"D{at['2.13.04.2.01.14']}", "64.07.07.2005", None, "kode desa tidak dikenal"),
        Expected("NK601", "error", s, f"D{at['2.13.04.2.01.18']}", "64.02.06.2012", None,
                 "desa di Kutai Kartanegara, bukan Kutai Barat"),
        Expected("NK303", "warning", d, f"A{at_dinkes['2.13.01.2.06.02']}", "2.13.01.2.06.02 Penyediaan Peralatan dan "
                 "Perlengkapan Kantor", "1.02.01.2.06.02",
                 "program penunjang bidang 2.13 di Dinas Kesehatan (bidang 1.02)"),
    ]


# --- expected.yaml -----------------------------------------------------------------------------------

def scalar(value: object) -> str:
    """A YAML scalar: JSON strings and numbers are valid YAML flow scalars; None is null."""
    return "null" if value is None else json.dumps(value, ensure_ascii=True)


def write_expected(samples: list[Sample]) -> None:
    lines = [
        "# Findings each sample must yield with `nomenklatur check FILE --tahun 2021`: exactly these, no others.",
        "# Generated by samples/make_samples.py (edit the script, not this file).",
        "#   rule      rule id (NK101 ... NK601)",
        "#   severity  error, warning or info, as the default rules grade it",
        "#   sheet     sheet name (a CSV has one sheet named after the file)",
        "#   cell      A1 cell of the offending value: the code cell for code rules, the name cell for NK202,",
        "#             the pagu cell for NK401/NK402, the kode lokasi cell for NK404 (empty lokasi) and NK601,",
        "#             the kode rekening cell for NK501",
        "#   value     the cell content exactly as written (null: empty cell)",
        "#   expected  the correction the finding must propose; null: none is certain (a hint is allowed)",
        "",
    ]
    for sample in samples:
        lines.append(f"# {sample.summary}")
        head = f"{sample.name}:"
        if not sample.findings:
            lines.append(f"{head} {{level: {sample.level}, region: {scalar(sample.region)}, findings: []}}")
            lines.append("")
            continue
        lines += [head, f"  level: {sample.level}", f"  region: {scalar(sample.region)}", "  findings:"]
        for f in sorted(sample.findings, key=lambda f: (f.sheet, int(f.cell[1:]), f.cell[0])):
            lines.append(f"    # {f.note}")
            lines.append(f"    - {{rule: {f.rule}, severity: {f.severity}, sheet: {scalar(f.sheet)}, "
                         f"cell: {f.cell}, value: {scalar(f.value)}, expected: {scalar(f.expected)}}}")
        lines.append("")
    (HERE / "expected.yaml").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    samples = [
        Sample("kaltim_dpmpd_2021.xlsx", "provinsi", "64",
               "Provinsi Kalimantan Timur, DPMPD, kode provinsi (digit 1), bersih"),
        Sample("kukar_rkpd_2021.xlsx", "kabkota", "64.02", "Kutai Kartanegara, RKPD tata letak A, bersih"),
        Sample("kukar_rkpd_2021.csv", "kabkota", "64.02", "Kutai Kartanegara, CSV (; dan cp1252), bersih"),
        Sample("paser_renja_2021.xlsx", "kabkota", "64.01", "Paser, Renja/DPA tata letak B, dengan kesalahan"),
        Sample("kubar_renja_2021.xlsx", "kabkota", "64.07", "Kutai Barat, Renja tata letak C, dengan kesalahan"),
    ]
    by_name = {s.name: s for s in samples}
    write_kaltim(by_name["kaltim_dpmpd_2021.xlsx"])
    write_kukar(by_name["kukar_rkpd_2021.xlsx"])
    write_kukar_csv(by_name["kukar_rkpd_2021.csv"])
    write_paser(by_name["paser_renja_2021.xlsx"])
    write_kubar(by_name["kubar_renja_2021.xlsx"])
    write_expected(samples)


if __name__ == "__main__":
    main()
