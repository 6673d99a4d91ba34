"""GitLab Code Quality report (a JSON list of issues in the Code Climate subset GitLab reads).

GitLab needs a fingerprint unique within the report; a finding's own fingerprint repeats when the same
value is wrong twice in one OPD, so the issue's fingerprint adds the file and the occurrence number —
still free of row numbers, so inserted rows do not make old issues look new.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from nomenklatur.engine import RunResult
from nomenklatur.reports.common import place, words

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def issues(run: RunResult, lang: str = "id") -> list[dict[str, Any]]:
    w = words(lang)
    seen: Counter[tuple[str, str]] = Counter()
    found = []
    for f in run.findings:
        loc = f.location
        seen[(loc.file, f.fingerprint)] += 1
        unique = hashlib.sha256(f"{loc.file}\x1f{f.fingerprint}\x1f{seen[(loc.file, f.fingerprint)]}".encode()).hexdigest()
        where = place(f)
        description = f"{where}: {f.text(lang)}" if where else f.text(lang)
        suggestion = f.suggestion_text(lang)
        if suggestion:
            description += f" ({w['suggestion'].lower()}: {suggestion})"
        found.append({
            "type": "issue", "check_name": f.rule, "description": description,
            "fingerprint": unique, "severity": SEVERITY[f.severity],
            "location": {"path": loc.file, "lines": {"begin": loc.row or 1}},
        })
    return found


def render(run: RunResult, lang: str = "id") -> str:
    return json.dumps(issues(run, lang), ensure_ascii=False, indent=2)
