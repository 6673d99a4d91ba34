"""JUnit XML for CI test views: one test suite per file, one test case per finding.

Errors and warnings are failures; info findings are passing cases with their message in `system-out`;
a file that cannot be read (NK001) is an `error`; a file without findings is one passing case.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from nomenklatur.engine import RunResult
from nomenklatur.reports.common import place, words, xml_safe


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=xml_safe(classname), name=xml_safe(name), time="0")


def render(run: RunResult, lang: str = "id") -> str:
    w = words(lang)
    root = ET.Element("testsuites", name="nomenklatur")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in run.files:
        suite = ET.SubElement(root, "testsuite", name=xml_safe(result.path))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for f in result.findings:
            where = place(f)
            case = _case(suite, result.path, f"{f.rule} {where}".strip())
            counts["tests"] += 1
            detail = xml_safe("\n".join(filter(None, [
                f"{where}: {f.text(lang)}" if where else f.text(lang),
                f"{w['value']}: {f.value}" if f.value is not None else "",
                f"{w['expected']}: {f.expected}" if f.expected is not None else "",
                f"{w['suggestion']}: {f.suggestion_text(lang)}" if f.suggestion else ""])))
            if f.rule == "NK001":
                ET.SubElement(case, "error", type=f.rule, message=xml_safe(f.text(lang))).text = detail
                counts["errors"] += 1
            elif f.severity in ("error", "warning"):
                ET.SubElement(case, "failure", type=f"{f.rule} {w[f.severity]}",
                              message=xml_safe(f.text(lang))).text = detail
                counts["failures"] += 1
            else:
                ET.SubElement(case, "system-out").text = detail
        if not result.findings:
            _case(suite, result.path, "nomenklatur")
            counts["tests"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
