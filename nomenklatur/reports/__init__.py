"""Output formats: each renders the same findings; `render(name, run, lang)` picks one."""

from __future__ import annotations

from typing import Callable

from nomenklatur.engine import RunResult


def _text(run: RunResult, lang: str, statistics: bool = False) -> str:
    from nomenklatur.reports.text import render

    return render(run, lang, statistics)


def _json(run: RunResult, lang: str, statistics: bool = False) -> str:
    from nomenklatur.reports.json_report import render

    return render(run, lang)


FORMATS: dict[str, Callable[[RunResult, str, bool], str]] = {"text": _text, "json": _json}
