"""Reader benchmark: python-calamine vs openpyxl read-only vs nomenklatur's streaming xlsx reader.

Writes an Excel-like xlsx (shared strings, a date style; 10 columns) of each size into bench/out/,
then reads every row of it with each reader in a fresh process and prints wall time and peak RSS
(VmHWM, Linux), plus the memory growth per 100,000 rows between the two sizes, extrapolated to a
million rows. Usage: python bench/readers.py [--rows 100000] [--small 25000] [--skip-openpyxl] [--inline]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent / "out"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

READERS = {
    "calamine": "from python_calamine import CalamineWorkbook\n"
                "for row in CalamineWorkbook.from_path(PATH).get_sheet_by_index(0).iter_rows(): n += 1",
    "openpyxl-ro": "import openpyxl\n"
                   "book = openpyxl.load_workbook(PATH, read_only=True, data_only=True)\n"
                   "for row in book.worksheets[0].iter_rows(values_only=True): n += 1",
    "nomenklatur": "from nomenklatur.workbook import open_workbook\n"
                   "with open_workbook(PATH) as book:\n"
                   "    for sheet in book.sheets():\n"
                   "        for row in sheet.rows: n += 1",
    "baseline": "import python_calamine, openpyxl, nomenklatur.workbook",
}

# Peak RSS from VmHWM: ru_maxrss of a child carries the parent's high-water mark across fork+exec.
RUN = """
import sys, time
PATH = sys.argv[1]
n = 0
start = time.perf_counter()
{body}
seconds = time.perf_counter() - start
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
print(seconds, peak, n)
"""


def write_xlsx(path: Path, rows: int, inline: bool = False) -> None:
    """An xlsx as Excel writes it (shared strings, cell references, a date number format), or with
    inline strings as openpyxl and many exporters write it."""
    strings: dict[str, int] = {}

    def s(text: str) -> str:
        if inline:
            return escape(text)
        return str(strings.setdefault(text, len(strings)))

    header = ["KODE SUB KEGIATAN", "PROGRAM DAN KEGIATAN", "INDIKATOR", "TARGET", "PAGU", "LOKASI", "SUMBER DANA",
              "OPD", "TANGGAL", "KETERANGAN"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        t, o, e = ('t="inlineStr"', "<is><t>", "</t></is>") if inline else ('t="s"', "<v>", "</v>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode())
            sheet.write("".join(f'<c r="{chr(65 + i)}1" {t}>{o}{s(h)}{e}</c>'
                                for i, h in enumerate(header)).encode() + b"</row>")
            for i in range(1, rows + 1):
                r = i + 1
                cells = (
                    f'<c r="A{r}" {t}>{o}{s(f"1.{i % 40:02d}.{i % 30:02d}.2.{i % 9 + 1:02d}.{i % 9999 + 1:04d}")}{e}</c>'
                    f'<c r="B{r}" {t}>{o}{s(f"Sub kegiatan nomor {i} penyediaan sarana dan prasarana")}{e}</c>'
                    f'<c r="C{r}" {t}>{o}{s(f"Jumlah dokumen jenis {i % 50}")}{e}</c>'
                    f'<c r="D{r}" {t}>{o}{s(f"{i % 100} Dokumen")}{e}</c>'
                    f'<c r="E{r}"><v>{(i * 7919) % 10 ** 10 * 1.0}</v></c>'
                    f'<c r="F{r}" {t}>{o}{s(f"Kecamatan {i % 200}, Semua Desa")}{e}</c>'
                    f'<c r="G{r}" {t}>{o}{s(("PAD", "DAU", "DAK Fisik")[i % 3])}{e}</c>'
                    f'<c r="H{r}"><v>{i % 60}</v></c>'
                    f'<c r="I{r}" s="1"><v>{45292 + i % 365}</v></c>'
                    + (f'<c r="J{r}" {t}>{o}{s(f"catatan {i}")}{e}</c>' if i % 3 == 0 else "")
                )
                sheet.write(f'<row r="{r}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        table = "".join(f"<si><t>{escape(t)}</t></si>" for t in strings)
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}" uniqueCount="{len(strings)}">{table}</sst>')
        archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
                                          '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                                            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                         f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                         f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>')
        archive.writestr("_rels/.rels",
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
                         "</Relationships>")
        ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        archive.writestr("[Content_Types].xml",
                         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                         f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
                         f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
                         f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
                         f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/></Types>')


def measure(reader: str, path: Path) -> tuple[float, float, int]:
    code = RUN.format(body=READERS[reader])
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    seconds, rss, rows = done.stdout.split()
    return float(seconds), float(rss), int(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=25_000)
    parser.add_argument("--skip-openpyxl", action="store_true")
    parser.add_argument("--inline", action="store_true", help="inline strings instead of a shared-string table")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    readers = [r for r in ("calamine", "openpyxl-ro", "nomenklatur") if not (args.skip_openpyxl and r == "openpyxl-ro")]
    results: dict[tuple[str, int], tuple[float, float, int]] = {}
    for rows in (args.small, args.rows):
        path = OUT / f"readers_{rows}x10{'_inline' if args.inline else ''}.xlsx"
        if not path.exists():
            write_xlsx(path, rows, args.inline)
        base = measure("baseline", path)[1]
        print(f"\n{rows:,} rows x 10 columns, {'inline' if args.inline else 'shared'} strings, "
              f"{path.stat().st_size / 2**20:.1f} MiB on disk; "
              f"baseline RSS after imports {base:.0f} MB")
        print(f"{'reader':<13}{'seconds':>9}{'peak RSS MB':>13}{'above base':>12}{'rows':>10}")
        for reader in readers:
            seconds, rss, count = measure(reader, path)
            results[reader, rows] = (seconds, rss - base, count)
            print(f"{reader:<13}{seconds:>9.2f}{rss:>13.0f}{rss - base:>12.0f}{count:>10,}")
    print("\nper 100,000 rows (difference between the two sizes), and extrapolated to 1,000,000 rows:")
    span = (args.rows - args.small) / 100_000
    for reader in readers:
        (t1, m1, _), (t2, m2, _) = results[reader, args.small], results[reader, args.rows]
        per_time, per_mem = (t2 - t1) / span, (m2 - m1) / span
        print(f"{reader:<13}{per_time:6.2f} s {per_mem:7.1f} MB   -> 1M rows ~{t2 + per_time * (10 - args.rows / 1e5):5.0f} s,"
              f" ~{m2 + per_mem * (10 - args.rows / 1e5):5.0f} MB above base")
    fast = results["calamine", args.rows][0]
    for reader in readers[1:]:
        print(f"{reader} / calamine time at {args.rows:,} rows: {results[reader, args.rows][0] / fast:.1f}x")


if __name__ == "__main__":
    main()
