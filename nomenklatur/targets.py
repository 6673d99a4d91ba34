"""A province's target-village list (desa sasaran IDM): finding it in a workbook and reading its rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from pathlib import Path


from nomenklatur import idm
from nomenklatur.findings import Location
from nomenklatur.resources import load_yaml, rules_dir
from nomenklatur.workbook import cell_ref, column_letter, open_workbook
from nomenklatur.workbook.header import Layout, detect_layout, normalize

_YEAR = re.compile(r"\b(19|20)\d\d\b")
HEAD_ROWS = 70  # header search: up to 40 title and header rows plus 30 data rows


@dataclass
class Target:
    """One target village: its code as written, where it stands, and its base-year IDM."""

    file: str
    sheet: str
    row: int
    columns: dict[str, tuple[int, ...]]
    labels: dict[int, str]
    kode_desa: object
    nama_desa: str | None
    kabkota: str | None
    nilai: object
    status: str | None
    status_raw: object
    tahun: int | None
    status_target: str | None

    def loc(self, field: str) -> Location:
        cols = self.columns.get(field) or self.columns["kode_desa"]
        col = cols[0]
        return Location(self.file, self.sheet, cell_ref(self.row, col), self.row, column_letter(col), self.labels.get(col))


@dataclass
class TargetList:
    """The target villages of a workbook, with the base year read from its headers."""

    file: str
    sheet: str
    base_year: int | None
    rows: list[Target]


def _aliases() -> dict[str, list[str]]:
    with (rules_dir() / "targets.yaml").open(encoding="utf-8") as handle:
        return load_yaml(handle)


def _cell(values: tuple[object, ...], cols: tuple[int, ...] | None) -> object:
    if not cols or cols[0] - 1 >= len(values):
        return None
    value = values[cols[0] - 1]
    return value.strip() or None if isinstance(value, str) else value


def _year(value: object) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1990 <= value <= 2100:
        return int(value)
    match = _YEAR.search(str(value or ""))
    return int(match.group(0)) if match else None


def _is_target_list(layout: Layout) -> bool:
    """A village-code column and a column only a target list has: IDM value, target status, or a target year or
    IDM status headed more precisely than a bare "Tahun" / "Status" (which plans have too)."""
    cols = layout.columns
    if "kode_desa" not in cols:
        return False
    if "nilai_idm" in cols or "status_target" in cols:
        return True
    return any(normalize(layout.labels.get(cols[f][0], "")) not in ("tahun", "status")
               for f in ("tahun_target", "status_idm") if f in cols)


def read_targets(path: str, limits=None) -> TargetList | None:
    """The first sheet of `path` that is a target-village list, or None when there is none."""
    aliases = _aliases()
    kwargs = {"limits": limits} if limits is not None else {}
    with open_workbook(Path(path), **kwargs) as workbook:
        for sheet in workbook.sheets():
            rows = iter(sheet.rows)
            head = [row for _, row in zip(range(HEAD_ROWS), rows)]  # other sheets are not read further
            layout = detect_layout(head, aliases, lambda: workbook.merged_ranges(sheet.name)) if head else None
            if layout is None or not _is_target_list(layout):
                continue
            labels = layout.labels
            base = next((y for f in ("nilai_idm", "status_idm") for c in layout.columns.get(f, ())
                         if (y := _year(labels.get(c)))), None)
            targets = []
            for number, values in chain(head, rows):
                if number < layout.data_start:
                    continue
                code = _cell(values, layout.columns["kode_desa"])
                if code is None or (isinstance(code, str) and not any(ch.isdigit() for ch in code)):
                    continue  # blank, or a heading row ("KABUPATEN PASER", "JUMLAH")
                status_raw = _cell(values, layout.columns.get("status_idm"))
                nama = _cell(values, layout.columns.get("nama_desa"))
                kab = _cell(values, layout.columns.get("kabkota"))
                targets.append(Target(
                    path, sheet.name, number, layout.columns, labels, code,
                    None if nama is None else str(nama), None if kab is None else str(kab),
                    _cell(values, layout.columns.get("nilai_idm")), idm.parse_status(status_raw), status_raw,
                    _year(_cell(values, layout.columns.get("tahun_target"))),
                    idm.parse_status(_cell(values, layout.columns.get("status_target"))),
                ))
            return TargetList(path, sheet.name, base, targets)
    return None
