"""The JSON report: the documented shape (keys may be added, never renamed)."""

from __future__ import annotations

from collections.abc import Iterator

from nomenklatur.baris import ROLES
from nomenklatur.engine import TOOL, RunResult
from nomenklatur.reports.common import STREAM, json_chunks


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
    return json_chunks(_document(run, lang, STREAM), (f.to_dict(lang) for f in run.findings))


def render(run: RunResult, lang: str = "id") -> str:
    return "".join(chunks(run, lang))
