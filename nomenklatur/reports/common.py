"""What several report formats share: the words in both languages, a finding's OPD, counting, and
keeping user text from turning into a live formula."""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from nomenklatur.findings import Finding

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

WORDS: dict[str, dict[str, str]] = {
    "id": {"error": "galat", "warning": "peringatan", "info": "info", "rule": "Aturan", "severity": "Tingkat",
           "file": "Berkas", "sheet": "Lembar", "cell": "Sel", "row": "Baris", "opd": "OPD", "message": "Pesan",
           "value": "Nilai tertulis", "expected": "Seharusnya", "suggestion": "Saran", "safe": "Perbaikan otomatis",
           "fingerprint": "Sidik", "done": "Selesai", "no": "No", "title": "Judul", "count": "Jumlah",
           "total": "Jumlah", "yes": "ya", "none_opd": "(tanpa OPD)", "header": "Kolom"},
    "en": {"error": "error", "warning": "warning", "info": "info", "rule": "Rule", "severity": "Severity",
           "file": "File", "sheet": "Sheet", "cell": "Cell", "row": "Row", "opd": "OPD", "message": "Message",
           "value": "Value found", "expected": "Expected", "suggestion": "Suggestion", "safe": "Automatic fix",
           "fingerprint": "Fingerprint", "done": "Done", "no": "No", "title": "Title", "count": "Count",
           "total": "Total", "yes": "yes", "none_opd": "(no OPD)", "header": "Column"},
}

SEVERITY_ORDER = ("error", "warning", "info")


def words(lang: str) -> dict[str, str]:
    return WORDS["en" if lang == "en" else "id"]


OpdNames = dict[tuple[str, str], str]  # (file, sheet) -> the office a sheet without an office column is about


def opd_names(results: Iterable[Any]) -> OpdNames:
    """The office of each checked sheet that has no office column (FileResult.sheets' "opd"; "" for none)."""
    return {(r.path, s["name"]): s["opd"] for r in results for s in r.sheets if "opd" in s}


def opd_of(finding: Finding, names: OpdNames | None = None) -> str:
    """The OPD a finding belongs to: the first part of its business key, where a row or column named it. Where
    the key holds the sheet's name only because nothing named an office, the office `names` gives for the
    sheet (from its title, or the sheet's name when it is an office's), else "".

    File-level findings (category `file`) belong to no OPD and give "".
    """
    return opd_in(finding.category, finding.key, finding.location.file, finding.location.sheet, names)


def opd_in(category: str, key: tuple[Any, ...], file: str, sheet: str | None, names: OpdNames | None = None) -> str:
    """`opd_of` a finding given as its category, key, file and sheet (as a packed finding holds them)."""
    if category == "file" or not key:
        return ""
    opd = str(key[0])
    if names and opd == sheet:
        return names.get((file, opd), opd)
    return opd


def shown(value: Any) -> str:
    """A value as a person reads it ("" for none)."""
    return "" if value is None else str(value)


def amount(value: float, lang: str = "id") -> str:
    """A rupiah amount with its digits grouped as the user's Excel reads it: "205.250.000" ("1.234,5");
    "205,250,000" in English."""
    text = f"{value:,.2f}"
    text = text[:-3] if text.endswith(".00") else text.rstrip("0")
    return text if lang == "en" else text.replace(",", "_").replace(".", ",").replace("_", ".")


def value_shown(finding: Finding, value: Any, lang: str = "id") -> str:
    """A finding's value or expected as a person reads it: amounts of an amount rule with grouped digits."""
    return rule_value_shown(finding.rule, value, lang)


def rule_value_shown(rule: str, value: Any, lang: str = "id") -> str:
    """`value_shown` for a finding of `rule`."""
    from nomenklatur.checks import REGISTRY

    found = REGISTRY.get(rule)
    if found is not None and found.amounts and isinstance(value, (int, float)) and not isinstance(value, bool):
        return amount(value, lang)
    return shown(value)


def defuse(text: str) -> str:
    """Text that a spreadsheet will not run as a formula: a leading `'` before `=`, `+`, `-`, `@`, tab, CR."""
    return "'" + text if text.startswith(FORMULA_START) else text


def by_rule(findings: list[Finding]) -> list[tuple[str, int]]:
    """(rule, count), rules in order."""
    return sorted(Counter(f.rule for f in findings).items())


def by_opd(findings: list[Finding], names: OpdNames | None = None) -> list[tuple[str, dict[str, int]]]:
    """(OPD, {severity: count}) ordered by OPD name; file-level findings and those of no known office under ""."""
    table: dict[str, Counter[str]] = {}
    for f in findings:
        table.setdefault(opd_of(f, names), Counter())[f.severity] += 1
    return [(opd, {s: counts.get(s, 0) for s in SEVERITY_ORDER}) for opd, counts in sorted(table.items())]


_XML_BAD = {c: "\ufffd" for c in (*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF)}


def xml_safe(text: str) -> str:
    """Text that XML 1.0 (and HTML) can carry: control characters other than tab/newline become U+FFFD."""
    return text.translate(_XML_BAD)


def place(finding: Finding) -> str:
    """`Sheet!D17` (or the sheet, or the sheet and row, or "" for the whole file)."""
    loc = finding.location
    if loc.sheet is None:
        return ""
    if loc.cell:
        return f"{loc.sheet}!{loc.cell}"
    return f"{loc.sheet}!{loc.row}:{loc.row}" if loc.row else loc.sheet


class ReportError(ValueError):
    """A report that cannot be made as asked (e.g. a binary format without --output); the message says why."""

    def __init__(self, text_id: str, text_en: str) -> None:
        super().__init__(text_id)
        self.text_id, self.text_en = text_id, text_en

    def message(self, lang: str = "id") -> str:
        return self.text_en if lang == "en" else self.text_id


STREAM = "\u0000nomenklatur: the list written item by item\u0000"  # marks where json_chunks puts its items
BATCH = 500  # items per written piece
PIECE_CHARS = 1 << 20  # or fewer, once a piece has this many characters (a finding that lists 200 related rows)


def json_chunks(document: Any, items: Iterable[Any], write: Callable[[Any, str], str] | None = None) -> Iterator[str]:
    """The text of `json.dumps(document, ensure_ascii=False, indent=2)` where the one value STREAM in `document`
    is the list `items`, written a batch of items at a time: a report of a million findings is never one
    string or one list of dicts (a piece holds at most BATCH items or about PIECE_CHARS characters). `write`
    gives an item's text at a depth, as `indented` does for the item it stands for (default: `indented`)."""
    return json_list(document, lambda inner: _batched(items, write or indented, inner))


def json_list(document: Any, pieces: Callable[[str], Iterable[str]]) -> Iterator[str]:
    """The text of `document` as `json_chunks` writes it, the list's items given by `pieces(inner)`: their texts,
    each at depth `inner` and led by it, joined by ",\n", some items a piece."""
    marker = json.dumps(STREAM, ensure_ascii=False)
    before, after = json.dumps(document, ensure_ascii=False, indent=2).split(marker)
    line = before[before.rfind("\n") + 1:]
    outer = " " * (len(line) - len(line.lstrip(" ")))  # the list's closing bracket sits at its line's depth
    first = True
    for piece in pieces(outer + "  "):
        if piece:
            yield (before + "[\n" if first else ",\n") + piece
            first = False
    yield (before + "[]" if first else f"\n{outer}]") + after


def _batched(items: Iterable[Any], write: Callable[[Any, str], str], inner: str) -> Iterator[str]:
    written: list[str] = []
    size = 0
    for item in items:
        text = inner + write(item, inner)
        written.append(text)
        size += len(text)
        if len(written) >= BATCH or size >= PIECE_CHARS:
            yield ",\n".join(written)
            written, size = [], 0
    if written:
        yield ",\n".join(written)


_ENCODER = json.JSONEncoder(ensure_ascii=False).encode  # any other value, as json.dumps writes it


def json_scalar(value: Any) -> str:
    """One value as json.dumps(ensure_ascii=False) writes it; the common kinds without the encoder's overhead."""
    kind = value.__class__
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and value == value and value not in (float("inf"), float("-inf")):
        return float.__repr__(value)
    return _ENCODER(value)


_KEYS: dict[str, str] = {}  # a dict key as written before its value: `"rule": `


def indented(value: Any, depth: str = "") -> str:
    """What `json.dumps(value, ensure_ascii=False, indent=2)` writes at `depth` (the spaces its line starts
    with), without the pure-Python encoder `indent` switches to: a finding's few nested levels by hand, each
    string by the C function json uses, each key written once (several times faster on many findings)."""
    kind = value.__class__
    if kind is dict:
        if not value:
            return "{}"
        inner = depth + "  "
        parts = []
        for k, v in value.items():
            key = _KEYS.get(k)
            if key is None:
                key = _KEYS[k] = encode_basestring(str(k)) + ": "
            held = v.__class__
            if held is str:
                text = encode_basestring(v)
            elif v is None:
                text = "null"
            elif held is dict or held is list or held is tuple:
                text = indented(v, inner)
            else:
                text = json_scalar(v)
            parts.append(inner + key + text)
        return "{\n" + ",\n".join(parts) + "\n" + depth + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = depth + "  "
        return "[\n" + ",\n".join(inner + indented(v, inner) for v in value) + "\n" + depth + "]"
    if isinstance(value, dict | list | tuple):  # a subclass (OrderedDict, a named tuple): as its base
        return indented(dict(value) if isinstance(value, dict) else list(value), depth)
    return json_scalar(value)


SYNC_HEAD = {  # `nomenklatur sync`: the summary table's title and columns
    "id": ("Sinkronisasi per kabupaten/kota",
           ("kab/kota", "desa sasaran", "tercakup", "bankeu dikirim", "bankeu diterima", "selisih")),
    "en": ("Synchronization per regency/city",
           ("regency/city", "target villages", "covered", "aid sent", "aid received", "difference")),
}


def rupiah(value: object) -> str:
    """Rupiah with dots; "-" where nothing is known (no file of that kabupaten/kota)."""
    if value is None:
        return "-"
    return f"{value:,.0f}".replace(",", ".") if isinstance(value, (int, float)) else str(value)


def sync_cells(rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """The sync summary's rows as shown: the kabupaten/kota, its target and covered villages, the aid."""
    return [(f"{r['kabkota']} {r['name']}", str(r["target_villages"]), str(r["covered_villages"]),
             rupiah(r["bankeu_sent"]), rupiah(r["bankeu_received"]), rupiah(r["difference"])) for r in rows]
