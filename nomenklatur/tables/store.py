"""The on-disk format of a table: one JSON document, one row a line, diffable and fast to load.

```
{"format": 1, "meta": {...},
 "columns": ["pemda", "code", "kind", "name", "asal", "keterangan"],
 "rows": [
["kabkota","2.13.02","program","PROGRAM PENATAAN DESA","",""],
...
]}
```
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from nomenklatur.atomic import write_atomic
from nomenklatur.tables.meta import TableMeta

FORMAT = 1
ROW_COLUMNS = ("pemda", "code", "kind", "name", "asal", "keterangan")
CROSSWALK_COLUMNS = ("pemda", "from_code", "to_code", "relation")
SHIPPED_DIR = Path(__file__).parent / "data"
INDEX_NAME = "index.json"


def user_dir() -> Path:
    """Where `nomenklatur tables import` puts a user's own tables ($NOMENKLATUR_DATA overrides)."""
    override = os.environ.get("NOMENKLATUR_DATA")
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "nomenklatur" / "tables"


def columns_for(meta: TableMeta) -> tuple[str, ...]:
    return CROSSWALK_COLUMNS if meta.jenis == "crosswalk" else ROW_COLUMNS


def dumps(meta: TableMeta, rows: list[tuple[str, ...]]) -> str:
    """Serialize a table deterministically (same input, same bytes)."""
    head = {"format": FORMAT, "meta": meta.to_dict(), "columns": list(columns_for(meta))}
    lines = [json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1] + ', "rows": [']
    lines.append(",\n".join(json.dumps(list(r), ensure_ascii=False) for r in rows))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def read_table(path: Path) -> tuple[TableMeta, list[list[str]]]:
    """Load one table file: its metadata and its rows."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("format") != FORMAT:
        raise ValueError(f"{path}: format tabel {doc.get('format')!r} tidak dikenal")
    return TableMeta.from_dict(doc["meta"]), doc["rows"]


_ROWS_OPEN_BYTES = b', "rows": ['
_BLANK = b" \t\r\n"  # white space JSON allows after the document


def read_table_text(path: Path) -> tuple[TableMeta, str]:
    """Load one table file's metadata and its rows as text, undecoded: "\n" + one JSON array a line (as
    `dumps` writes them, commas included) + "\n". Rows are then decoded as they are used, so the
    91,000-row region table is ready in milliseconds. The bytes are cut before they are decoded (a
    non-ASCII text takes two or four bytes a character: copying it again would cost more than reading
    it). A file in another layout is decoded whole."""
    data = path.read_bytes()
    first = data.find(b"\n")
    stop = len(data)
    while stop and data[stop - 1] in _BLANK:
        stop -= 1
    end = data.rfind(b"\n", 0, stop)
    head = data[:first] if first >= 0 else data
    if first < 0 or not head.endswith(_ROWS_OPEN_BYTES) or data[end + 1:stop] != b"]}":
        meta, rows = read_table(path)
        return meta, "\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    doc = json.loads(head[:-len(_ROWS_OPEN_BYTES)].decode("utf-8") + "}")
    if doc.get("format") != FORMAT:
        raise ValueError(f"{path}: format tabel {doc.get('format')!r} tidak dikenal")
    return TableMeta.from_dict(doc["meta"]), str(memoryview(data)[first:end + 1], "utf-8")


def write_index(directory: Path) -> None:
    """Write index.json: the metadata of every table in a directory, so listing needs no row."""
    metas = []
    for path in sorted(directory.glob("*.json")):
        if path.name == INDEX_NAME:
            continue
        meta, _ = read_table(path)
        metas.append(meta.to_dict())
    write_atomic(directory / INDEX_NAME, json.dumps({"format": FORMAT, "tables": metas}, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def read_index(directory: Path) -> list[TableMeta]:
    """The metadata of every table in a directory (empty when there is none)."""
    path = directory / INDEX_NAME
    if not path.is_file():
        return []
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [TableMeta.from_dict(m) for m in doc["tables"]]
