"""The JSON report: the documented shape (keys may be added, never renamed)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from nomenklatur.baris import ROLES
from nomenklatur.engine import TOOL, RunResult
from nomenklatur.findings import fingerprint_of, plain
from nomenklatur.reports.berdua import written
from nomenklatur.reports.common import STREAM, json_list, json_scalar
from nomenklatur.temuan import said


def as_dict(run: RunResult, lang: str = "id") -> dict[str, object]:
    """The whole report as one dict (small runs, tests); `chunks` writes the same text piece by piece."""
    return _document(run, lang, [f.to_dict(lang) for f in run.findings])


def _document(run: RunResult, lang: str, findings: object) -> dict[str, object]:
    return {
        "tool": dict(TOOL),
        "tables": {"version": run.choice.table if run.choice else None, "fiscal_year": run.tahun,
                   "note": run.choice.describe(lang) or None if run.choice else None},
        "files": [{"path": r.path, "sha256": r.sha256, "level": r.level, "region": r.region,
                   "rows_checked": r.rows_checked, "table": r.table, "level_source": r.level_source,
                   "fiscal_year": r.tahun, "fiscal_year_source": r.tahun_source,
                   "regulation": r.regulation.get(lang, r.regulation["id"]) if r.regulation else None,
                   "roles": {role: r.roles[role] for role in ROLES if r.roles.get(role)},
                   "sheets": r.sheets, "sheets_without_codes": list(r.skipped_sheets)}
                  for r in run.files],
        "summary": run.summary(),
        **({"folders": folders} if (folders := run.folders()) else {}),
        "findings": findings,
        **({"sync": run.sync} if run.sync is not None else {}),
    }


def chunks(run: RunResult, lang: str = "id") -> Iterator[str]:
    """The report's text, a segment of findings at a time (reports/berdua.py: a long one written by two processes)."""
    return json_list(_document(run, lang, STREAM), lambda inner: (
        piece for result in run.files
        for piece in written(result.findings, functools.partial(entry_text, depth=inner, lang=lang), ",\n")))


def entry_text(t: tuple[Any, ...], depth: str, lang: str = "id") -> str:
    """A finding as an item of the report's list: its text at `depth`, led by it."""
    return depth + finding_text(t, depth, lang)


def finding_text(t: tuple[Any, ...], depth: str, lang: str = "id") -> str:
    """`indented(f.to_dict(lang), depth)` of the finding packed as `t` (`temuan.packed`), written straight from the
    tuple: no Finding, no dict, no walk over its keys (a million findings; tests/test_report_stream.py holds the
    two equal). The text around a rule's, a place's and a column's fields is made once (`_HEADS`)."""
    rule, category, severity, message, place, value, expected, sug, related, reference, key = t
    file, sheet, cell, row, column, header = place
    inner = depth + "  "
    if sug is None:
        suggestion = "null"
    else:
        deeper = inner + "  "
        if sug[1] is None:  # no replacement: the rest of the suggestion is one of a few texts, made once
            rest = _HEADS.get(("safe", sug[2].__class__, sug[2], inner)) or _kept(
                ("safe", sug[2].__class__, sug[2], inner),
                f',\n{deeper}"replacement": null,\n{deeper}"safe": {json_scalar(sug[2])}\n{inner}}}')
        else:
            rest = f',\n{deeper}"replacement": {json_scalar(sug[1])},\n{deeper}"safe": {json_scalar(sug[2])}\n{inner}}}'
        suggestion = f'{{\n{deeper}"text": {_sentence_json(sug[0], lang)}{rest}'
    head = _HEADS.get(("rule", rule, category, severity, depth)) or _rule_head(rule, category, severity, depth)
    where = _HEADS.get(("place", file, sheet, depth)) or _place_head(file, sheet, depth)
    column_header = _HEADS.get(("column", column, header, inner)) or _column_head(column, header, inner)
    cited = _HEADS.get(("reference", reference, inner)) or _kept(
        ("reference", reference, inner), f',\n{inner}"reference": {json_scalar(reference)},\n{inner}"fingerprint": ')
    return (f'{head}{_sentence_json(message, lang)},\n{where}{json_scalar(cell)},\n{inner}"row": '
            f'{json_scalar(row)},\n{column_header}{_plain_json(value)},\n{inner}"expected": '
            f'{_plain_json(expected)},\n{inner}"suggestion": {suggestion},\n{inner}"related": '
            f'{_related(related, inner) if related else "[]"}{cited}'
            f'{encode_basestring(fingerprint_of(rule, key, value))}\n{depth}}}')


def _sentence_json(words: Any, lang: str) -> str:
    """`json_scalar(said(words, lang))`; a sentence without values (the same on every finding of its kind, as most
    suggestions are) is encoded once."""
    if words.__class__ is tuple:
        text = words[0].get(lang)
        if text and "{" not in text and "}" not in text:
            return _HEADS.get(("said", text)) or _kept(("said", text), encode_basestring(text))
    return json_scalar(said(words, lang))


_PLAIN = frozenset((str, int, float, bool))  # what `plain` gives back as it is


def _plain_json(value: Any) -> str:
    """`json_scalar(plain(value))`, the usual kinds without the call to `plain`."""
    return json_scalar(value if value is None or value.__class__ in _PLAIN else plain(value))


_HEADS: dict[tuple[Any, ...], str] = {}  # the text around a rule's, a place's and a column's fields, made once
HEADS_MOST = 10_000  # a report has a few dozen (rules, sheets, columns); emptied past this


def _kept(key: tuple[Any, ...], text: str) -> str:
    if len(_HEADS) >= HEADS_MOST:
        _HEADS.clear()
    _HEADS[key] = text
    return text


def _rule_head(rule: str, category: str, severity: str, depth: str) -> str:
    """A finding's text up to its message."""
    inner = depth + "  "
    return _kept(("rule", rule, category, severity, depth), f'{{\n{inner}"rule": {encode_basestring(rule)},\n{inner}"category": '
                 f'{encode_basestring(category)},\n{inner}"severity": {encode_basestring(severity)},\n{inner}"message": ')


def _place_head(file: str, sheet: str | None, depth: str) -> str:
    """From the file to the cell's value."""
    inner = depth + "  "
    return _kept(("place", file, sheet, depth), f'{inner}"file": {json_scalar(file)},\n{inner}"sheet": {json_scalar(sheet)},\n'
                 f'{inner}"cell": ')


def _column_head(column: str | None, header: str | None, inner: str) -> str:
    """From the column to the value (at the fields' depth, `inner`)."""
    return _kept(("column", column, header, inner), f'{inner}"column": {json_scalar(column)},\n{inner}"header": '
                 f'{json_scalar(header)},\n{inner}"value": ')


def render(run: RunResult, lang: str = "id") -> str:
    return "".join(chunks(run, lang))


def _related(places: Sequence[tuple[Any, ...]], depth: str) -> str:
    """`indented([r.to_dict() for r in related], depth)` of packed places (NK403 lists every repeated row:
    hundreds a finding)."""
    item, field = depth + "  ", depth + "    "
    return "[\n" + ",\n".join(
        f'{item}{{\n{field}"file": {json_scalar(r[0])},\n{field}"sheet": {json_scalar(r[1])},\n{field}"cell": '
        f'{json_scalar(r[2])},\n{field}"row": {json_scalar(r[3])}\n{item}}}' for r in places) + "\n" + depth + "]"
