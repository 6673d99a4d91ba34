"""Output formats: each renders the same findings; `FORMATS[name](run, lang, statistics)` picks one.

A format is text (`str`, may go to standard output) or binary (`bytes`, such as the annotated xlsx copy,
which needs `--output FILE`). Each format's module has `render(run, lang)` (the text report also takes
`statistics`). Renderers are imported only when used, so start-up stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nomenklatur.engine import RunResult


@dataclass(frozen=True)
class Format:
    """One output format: the module whose `render` makes it, whether it is bytes, whether it counts per rule."""

    name: str
    module: str
    binary: bool = False
    statistics: bool = False
    description: str = ""

    def __call__(self, run: RunResult, lang: str = "id", statistics: bool = False) -> str | bytes:
        render = import_module(f"nomenklatur.reports.{self.module}").render
        return render(run, lang, statistics) if self.statistics else render(run, lang)

    def chunks(self, run: RunResult, lang: str = "id", statistics: bool = False) -> Iterator[str | bytes]:
        """The report in pieces that join to what calling the format gives: formats whose module has `chunks`
        write a batch of findings at a time; the others are one piece."""
        module = import_module(f"nomenklatur.reports.{self.module}")
        if hasattr(module, "chunks") and not self.statistics:
            return module.chunks(run, lang)
        return iter((self(run, lang, statistics),))


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("text", "text", statistics=True, description="laporan teks (bawaan)"),
    Format("json", "json_report", description="JSON terdokumentasi"),
    Format("csv", "csv_report", description="daftar tugas perbaikan untuk Excel (UTF-8 dengan BOM)"),
    Format("html", "html", description="satu halaman HTML mandiri, dengan konteks baris"),
    Format("xlsx", "xlsx", binary=True, description="salinan buku kerja bertanda + lembar Koreksi"),
    Format("sarif", "sarif", description="SARIF 2.1.0 untuk code scanning"),
    Format("junit", "junit", description="JUnit XML untuk CI"),
    Format("github", "github", description="anotasi GitHub Actions"),
    Format("gitlab", "gitlab", description="GitLab Code Quality JSON"),
)}
