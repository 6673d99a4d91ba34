"""The JSON report: the documented shape (keys may be added, never renamed)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]

from nomenklatur.baris import ROLES
from nomenklatur.engine import TOOL, RunResult
from nomenklatur.findings import Finding, Location, plain
from nomenklatur.reports.common import STREAM, json_chunks, json_scalar


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
    """The report's text, a few hundred findings at a time."""
    return json_chunks(_document(run, lang, STREAM), run.findings, functools.partial(finding_text, lang=lang))


def finding_text(f: Finding, depth: str, lang: str = "id") -> str:
    """`indented(f.to_dict(lang), depth)`, written straight from the finding: no dict, no walk over its keys
    (a million findings; tests/test_report_stream.py holds the two equal)."""
    inner, text = depth + "  ", encode_basestring  # for what is always text
    loc, sug = f.location, f.suggestion
    if sug is None:
        suggestion = "null"
    else:
        deeper = inner + "  "
        suggestion = (f'{{\n{deeper}"text": {json_scalar(f.suggestion_text(lang))},\n{deeper}"replacement": '
                      f'{json_scalar(sug.replacement)},\n{deeper}"safe": {json_scalar(sug.safe)}\n{inner}}}')
    related = _related(f.related, inner) if f.related else "[]"
    return (f'{{\n{inner}"rule": {text(f.rule)},\n{inner}"category": {text(f.category)},\n{inner}"severity": '
            f'{text(f.severity)},\n{inner}"message": {text(f.text(lang))},\n{inner}"file": {json_scalar(loc.file)},\n'
            f'{inner}"sheet": {json_scalar(loc.sheet)},\n{inner}"cell": {json_scalar(loc.cell)},\n{inner}"row": '
            f'{json_scalar(loc.row)},\n{inner}"column": {json_scalar(loc.column)},\n{inner}"header": {json_scalar(loc.header)},\n'
            f'{inner}"value": {json_scalar(plain(f.value))},\n{inner}"expected": {json_scalar(plain(f.expected))},\n'
            f'{inner}"suggestion": {suggestion},\n{inner}"related": {related},\n{inner}"reference": '
            f'{json_scalar(f.reference)},\n{inner}"fingerprint": {text(f.fingerprint)}\n{depth}}}')


def render(run: RunResult, lang: str = "id") -> str:
    return "".join(chunks(run, lang))


def _related(places: Sequence[Location], depth: str) -> str:
    """`indented([r.to_dict() for r in places], depth)` (NK403 lists every repeated row: hundreds a finding)."""
    item, field = depth + "  ", depth + "    "
    return "[\n" + ",\n".join(
        f'{item}{{\n{field}"file": {json_scalar(r.file)},\n{field}"sheet": {json_scalar(r.sheet)},\n{field}"cell": '
        f'{json_scalar(r.cell)},\n{field}"row": {json_scalar(r.row)}\n{item}}}' for r in places) + "\n" + depth + "]"
