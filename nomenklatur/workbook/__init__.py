"""Reading workbooks (xlsx, xlsm, xls, ods, csv) into located rows, and finding their header.

Reader choice, measured with `bench/readers.py` (10-column xlsx, every row read in a fresh process;
2-core shared machine, so times are +-20%; RSS above the baseline of the imports). Session 4 figures, with
openpyxl's from session 1 (it was not re-run):

    100,000 rows             shared strings (as Excel)      inline strings (as openpyxl)
    python-calamine          1.6 s        65 MB             1.3 s    73 MB
    openpyxl read-only       15-20 s      38 MB             20 s      5 MB
    nomenklatur (xlsx_sheet) 3.2-3.5 s    16 MB             2.0 s    ~0 MB
    growth per 100,000 rows  calamine ~82-89 MB; openpyxl ~8-42 MB; nomenklatur ~0-22 MB

- python-calamine 0.9 has no lazy reader: `get_sheet_by_*` loads the whole sheet into a Rust range
  and `CalamineSheet.iter_rows` only converts that range row by row (python-calamine issue #42, PR #43),
  so a million rows need ~0.8-0.9 GB, far over the 300 MB budget. It also turns error cells (#REF!,
  #DIV/0!) into empty strings.
- openpyxl read-only streams, but is 10-20x slower than calamine.
- `xlsx_sheet.py` reads a sheet's rows with one regular expression over stretches of whole rows (expat for
  any form it does not cover, and for the prolog and the rest of the part), streams in flat memory (only
  the shared-string table grows, with the number of distinct strings: ~22 MB per 100,000 rows of mostly
  unique text), is 1.5-2.3x slower than calamine and ~10x faster than openpyxl, keeps error cells, and
  refuses any DOCTYPE so no entity is ever expanded (the expat-only reader before session 4 was 4-5x
  slower than calamine).

So xlsx/xlsm always go through `xlsx.py` and `xlsx_sheet.py` (one code path at every size); xls and ods go through
python-calamine, the only reader for them here (xls is capped at 65,536 rows by its format; an ods
has passed the size limits first). Formulas give their cached values; a formula without one reads
as empty; nothing is evaluated. Header detection lives in `header.py`.
"""

from .book import Workbook, open_workbook
from .errors import REASONS, WorkbookError
from .header import FIELDS, Layout, detect_layout, load_aliases, normalize
from .model import CellError, ReadLimits, SheetRows, cell_ref, column_letter

__all__ = [
    "FIELDS", "REASONS", "CellError", "Layout", "ReadLimits", "SheetRows", "Workbook", "WorkbookError",
    "cell_ref", "column_letter", "detect_layout", "load_aliases", "normalize", "open_workbook",
]
