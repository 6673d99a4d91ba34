"""GitHub Actions workflow commands: one `::error file=…,line=…,title=…::message` line per finding.

The line is the spreadsheet row; the title names the rule and `Sheet!Cell`. Escaping follows the
runner's rules: in the message `%`, CR and LF are percent-encoded; in properties also `:` and `,`.
"""

from __future__ import annotations

from nomenklatur.engine import RunResult
from nomenklatur.reports.common import place, words

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(run: RunResult, lang: str = "id") -> str:
    w = words(lang)
    lines = []
    for f in run.findings:
        loc = f.location
        props = [f"file={escape_property(loc.file)}"]
        if loc.row:
            props.append(f"line={loc.row}")
        where = place(f)
        props.append(f"title={escape_property(f'{f.rule} {where}'.strip())}")
        message = f"{where}: {f.text(lang)}" if where else f.text(lang)
        suggestion = f.suggestion_text(lang)
        if suggestion:
            message += f"\n{w['suggestion']}: {suggestion}"
        lines.append(f"::{COMMAND[f.severity]} {','.join(props)}::{escape_data(message)}")
    return "\n".join(lines)
