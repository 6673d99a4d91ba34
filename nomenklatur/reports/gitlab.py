"""GitLab Code Quality report (a JSON list of issues in the Code Climate subset GitLab reads).

GitLab needs a fingerprint unique within the report; a finding's own fingerprint repeats when the same
value is wrong twice in one OPD, so the issue's fingerprint adds the file and the occurrence number —
still free of row numbers, so inserted rows do not make old issues look new.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

from nomenklatur.engine import RunResult
from nomenklatur.reports.common import STREAM, json_chunks, place, words

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def issues(run: RunResult, lang: str = "id") -> list[dict[str, Any]]:
    return list(_issues(run, lang))


def _issues(run: RunResult, lang: str) -> Iterator[dict[str, Any]]:
    w = words(lang)
    seen: Counter[tuple[str, str]] = Counter()
    for f in run.findings:
        loc = f.location
        seen[(loc.file, f.fingerprint)] += 1
        unique = hashlib.sha256(f"{loc.file}\x1f{f.fingerprint}\x1f{seen[(loc.file, f.fingerprint)]}".encode()).hexdigest()
        where = place(f)
        description = f"{where}: {f.text(lang)}" if where else f.text(lang)
        suggestion = f.suggestion_text(lang)
        if suggestion:
            description += f" ({w['suggestion'].lower()}: {suggestion})"
        yield {
            "type": "issue", "check_name": f.rule, "description": description,
            "fingerprint": unique, "severity": SEVERITY[f.severity],
            "location": {"path": loc.file, "lines": {"begin": loc.row or 1}},
        }


def chunks(run: RunResult, lang: str = "id") -> Iterator[str]:
    """The report's text, a few hundred issues at a time."""
    return json_chunks(STREAM, _issues(run, lang))


def render(run: RunResult, lang: str = "id") -> str:
    return "".join(chunks(run, lang))
