"""Reading workbooks (xlsx, xlsm, xls, ods, csv) into located rows, and finding their header.

Reader choice, measured by `bench/readers.py` (100,000 rows x 10 columns xlsx; figures in the commit
message and README of the bench):

- python-calamine: fastest, but python-calamine 0.9 loads the whole sheet into memory before the first
  row (`CalamineSheet.iter_rows` walks an in-memory range; there is no lazy API), so peak memory grows
  with the rows (~1 KB per 10-column row: about 1 GB for a million rows), and it turns error cells
  (#REF!, #DIV/0!) into empty strings.
- openpyxl read-only: flat memory, but about 15x slower than calamine.
- our own expat pass over the sheet XML (`xlsx.py`): flat memory, about 3x slower than calamine and 5x
  faster than openpyxl, keeps error cells, never expands an entity.

So xlsx/xlsm are always streamed with `xlsx.py` (one code path, flat memory at any size); xls and ods
go through python-calamine (the only reader available; xls is capped at 65,536 rows by its format).
"""

from .book import Workbook, open_workbook
from .errors import REASONS, WorkbookError
from .header import FIELDS, Layout, detect_layout, load_aliases, normalize
from .model import CellError, ReadLimits, SheetRows, cell_ref, column_letter

__all__ = [
    "FIELDS", "REASONS", "CellError", "Layout", "ReadLimits", "SheetRows", "Workbook", "WorkbookError",
    "cell_ref", "column_letter", "detect_layout", "load_aliases", "normalize", "open_workbook",
]
