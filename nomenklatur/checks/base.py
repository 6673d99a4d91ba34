"""The rule engine's parts: a rule's identity and messages, the registry, and the per-file context."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterable

from nomenklatur.findings import SEVERITY_RANK, Location, Place
from nomenklatur.temuan import Temuan, place_of

if TYPE_CHECKING:
    from nomenklatur.baris import Baris
    from nomenklatur.tables import Catalog, Choice, Table


@dataclass(frozen=True)
class Rule:
    """A rule: stable id, category, default severity, messages in both languages, and its checks.

    `row` is called for every mapped row, `close` when a row's block (its children) has ended, `finish`
    once after the file's last row. `memo` names what a row rule's outcome depends on alone (a key of
    `baris.MEMO_KEYS`): a sheet's rows with the same such values are judged once. `needs` names the column
    (a header field) without which the row check can never fire: on a sheet without it, it is not called.
    `roles` are the row roles (see `nomenklatur.baris`) the row check judges; None: every role yielded. `also` are
    roles it judges on a sheet without its `needs` column too (an account line in a sheet's one code column).
    `amounts`: its findings' numeric value and expected are rupiah (reports write them "205.250.000").
    The docstring of the function that defines the rule (its passing and failing example) is the rule's
    documentation.
    """

    id: str
    category: str
    severity: str
    title: dict[str, str]
    messages: dict[str, dict[str, str]]
    doc: str
    row: Callable[["Context", "Baris"], None] | None = None
    close: Callable[["Context", "Baris"], None] | None = None
    finish: Callable[["Context"], None] | None = None
    memo: str | None = None
    needs: str | None = None
    roles: frozenset[str] | None = None
    also: frozenset[str] = frozenset()
    amounts: bool = False


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.id in REGISTRY:
        raise ValueError(f"rule {rule.id} registered twice")
    REGISTRY[rule.id] = rule
    return rule


def render(template: dict[str, str], params: dict[str, Any]) -> dict[str, str]:
    """Fill a {id, en} message template with parameters."""
    return {lang: text.format(**params) if "{" in text or "}" in text else text for lang, text in template.items()}


@dataclass
class Context:
    """What the checks of one file see: tables, level, region, settings; and where findings go."""

    file: str
    catalog: "Catalog"
    table: "Table"
    choice: "Choice"
    tahun: int
    pemda: str
    region: str | None
    severities: dict[str, str]
    params: dict[str, dict[str, Any]]
    # why the year's list cannot prove a code wrong in this file (its year is unknown, or the document shows
    # another year than asked): the clause findings that depend on the list add, {"id", "en"}; None when it can
    tahun_doubt: dict[str, str] | None = None
    findings: Temuan = field(default_factory=Temuan)
    state: dict[str, Any] = field(default_factory=dict)
    cache: dict[Any, Any] = field(default_factory=dict)

    @cached_property
    def standin(self) -> dict[str, str] | None:
        """When the file's list is not the official list of its year and level (the nearest list, or the 2019
        annex for FY2021 provinces): the clause findings that depend on the list add, {"id", "en"}, and such
        findings are warnings at most. None for an official list (or one the user chose with --tabel)."""
        choice = self.choice
        if self.tahun_doubt is not None:
            return self.tahun_doubt
        if choice.exact and choice.note is None:
            return None
        meta = self.table.meta
        if not meta.full and self.tahun in meta.fiscal_years:
            return {"id": f"; daftar TA {self.tahun} yang tersedia hanya kode yang teramati dipakai ({meta.regulation} "
                          f"sendiri tidak tersedia), jadi hanya peringatan",
                    "en": f"; the FY{self.tahun} list available holds only codes observed in use ({meta.regulation} "
                          f"itself is not available), so only a warning"}
        return {"id": f"; daftar {self.table.meta.label()} bukan daftar resmi TA {self.tahun} untuk tingkat ini, "
                      f"jadi hanya peringatan",
                "en": f"; {self.table.meta.label('en')} is not the official list of FY{self.tahun} for this level, "
                      f"so only a warning"}

    @cached_property
    def table_label(self) -> dict[str, str]:
        """The file's list as people know it, per language: "Kepmendagri 050-3708/2020 (TA 2021)"."""
        return {lang: self.table.meta.label(lang) for lang in ("id", "en")}

    def labels(self, names: Iterable[str]) -> dict[str, str]:
        """Tables named as people know them, per language, joined by commas."""
        metas = [self.catalog.meta(name) for name in names]
        return {lang: ", ".join(meta.label(lang) for meta in metas) for lang in ("id", "en")}

    def list_params(self) -> dict[str, Any]:
        """The parameters findings that depend on the list carry: `note`/`note_en` (see `standin`) and the
        severity cap."""
        standin = self.standin
        if standin is None:
            return {"note": "", "note_en": ""}
        return {"note": standin["id"], "note_en": standin["en"], "at_most": "warning"}

    @cached_property
    def reference(self) -> str:
        """The table a finding refers to; one shared string per file, not one per finding."""
        meta = self.table.meta
        return f"{meta.name}: {meta.regulation}"

    def param(self, rule_id: str, name: str, default: Any = None) -> Any:
        return self.params.get(rule_id, {}).get(name, default)

    def code_table(self, jenis: str) -> "Table":
        """The akun or wilayah table for this file's fiscal year (loaded once)."""
        key = ("table", jenis)
        if key not in self.cache:
            self.cache[key] = self.catalog.table(self.catalog.choose(self.tahun, jenis=jenis).table)
        return self.cache[key]

    def emit(self, rule_id: str, variant: str, location: Location | Place, *, value: Any = None, expected: Any = None,
             suggestion: tuple[str, str | None, bool] | None = None, related: list[Location | Place] | None = None,
             key: tuple[str, ...] = (), at_most: str | None = None, **params: Any) -> None:
        """Record a finding of `rule_id` with its message `variant`, unless the rule is switched off.

        `suggestion` is (message variant, replacement, safe); message parameters come from `params`
        plus `value` and `expected`. `at_most` caps the severity for a milder variant (e.g. "warning").
        Places may be given as a row gives them (`Baris.place`: no Location made a finding).
        """
        severity = self.severities.get(rule_id)
        if severity is None:
            return
        if at_most is not None and SEVERITY_RANK[at_most] < SEVERITY_RANK[severity]:
            severity = at_most
        rule = REGISTRY[rule_id]
        values = params  # a dict of this call's own: the message's values, with the finding's value and expected
        values["value"], values["expected"] = value, expected
        messages = rule.messages
        self.findings.add((  # the finding packed as Temuan holds it (temuan.packed): no objects made per finding
            rule_id, rule.category, severity, (messages[variant], values),
            location if location.__class__ is tuple else place_of(location), value, expected,
            None if suggestion is None else ((messages[suggestion[0]], values), suggestion[1], suggestion[2]),
            tuple(r if r.__class__ is tuple else place_of(r) for r in related) if related else (), self.reference, key))
