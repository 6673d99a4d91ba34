"""SARIF 2.1.0 for code-scanning viewers (GitHub code scanning, VS Code SARIF viewer).

A spreadsheet has no lines: the region's `startLine` is the row number, the message starts with
`Sheet!Cell` so every viewer shows where the value is, and the sheet and cell are also given as a
logical location (`fullyQualifiedName` "Sheet!D17") and in the result's properties.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from nomenklatur.checks import REGISTRY
from nomenklatur.engine import TOOL, RunResult
from nomenklatur.findings import Finding
from nomenklatur.reports.common import (
    STREAM,
    OpdNames,
    json_chunks,
    opd_names,
    opd_of,
    place,
)

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A relative path as a relative URI (forward slashes, percent-encoded); an absolute one as file://."""
    given = Path(path)
    return given.as_uri() if given.is_absolute() else quote(given.as_posix())


def _rule(rule_id: str, lang: str) -> dict[str, Any]:
    rule = REGISTRY[rule_id]
    doc = inspect.cleandoc(rule.doc)
    return {
        "id": rule.id, "name": rule.title["en"].title().replace(" ", ""),
        "shortDescription": {"text": rule.title.get(lang) or rule.title["id"]},
        "fullDescription": {"text": doc.split("\n\n")[0]},
        "help": {"text": f"{doc}\n\nnomenklatur rule {rule.id}"},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def _result(f: Finding, lang: str, index: dict[str, int], names: OpdNames) -> dict[str, Any]:
    loc, where = f.location, place(f)
    text = f.text(lang)
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(loc.file)}}
    if loc.row:
        region: dict[str, Any] = {"startLine": loc.row}
        if where:
            region["message"] = {"text": where}
        if f.value is not None:
            region["snippet"] = {"text": str(f.value)}
        physical["region"] = region
    result: dict[str, Any] = {
        "ruleId": f.rule, "ruleIndex": index[f.rule], "level": LEVEL[f.severity],
        "message": {"text": f"{where}: {text}" if where else text},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"nomenklatur/v1": f.fingerprint},
        "properties": {"sheet": loc.sheet, "cell": loc.cell, "column": loc.column, "header": loc.header,
                       "opd": opd_of(f, names) or None, "value": None if f.value is None else str(f.value),
                       "expected": None if f.expected is None else str(f.expected),
                       "suggestion": f.suggestion_text(lang), "category": f.category},
    }
    if where:
        result["locations"][0]["logicalLocations"] = [
            {"name": loc.cell or loc.sheet, "fullyQualifiedName": where, "kind": "element"}]
    return result


def as_dict(run: RunResult, lang: str = "id") -> dict[str, Any]:
    """The whole log as one dict (small runs, tests); `chunks` writes the same text piece by piece."""
    return _document(run, lang, list(_results(run, lang)))


def _results(run: RunResult, lang: str) -> Iterator[dict[str, Any]]:
    index = {r: i for i, r in enumerate(sorted(REGISTRY))}
    names = opd_names(run.files)
    return (_result(f, lang, index, names) for f in run.findings)


def _document(run: RunResult, lang: str, results: object) -> dict[str, Any]:
    rule_ids = sorted(REGISTRY)
    return {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": TOOL["name"], "version": TOOL["version"], "semanticVersion": TOOL["version"],
                                "rules": [_rule(r, lang) for r in rule_ids]}},
            "artifacts": [{"location": {"uri": artifact_uri(r.path)},
                           **({"hashes": {"sha-256": r.sha256}} if r.sha256 else {})} for r in run.files],
            "results": results,
            "properties": {"fiscalYear": run.tahun, "table": run.choice.table if run.choice else None},
        }],
    }


def chunks(run: RunResult, lang: str = "id") -> Iterator[str]:
    """The log's text, a few hundred results at a time."""
    return json_chunks(_document(run, lang, STREAM), _results(run, lang))


def render(run: RunResult, lang: str = "id") -> str:
    return "".join(chunks(run, lang))
