"""The finding record: the one contract every output format is rendered from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


# A Location's fields as a finding holds them (temuan.packed): what the checks give where a row is at hand.
Place = tuple[str, "str | None", "str | None", "int | None", "str | None", "str | None"]


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen one is made five times slower (one a finding)
class Location:
    """Where a value sits: file as given by the user, sheet, A1 cell, 1-based row, column letter, header. Never
    changed once made (hashed as its fields)."""

    file: str
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None

    def short(self) -> str:
        """`file:Sheet!D17` (or less, when less is known)."""
        return short_place(self.file, self.sheet, self.cell, self.row)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell, "row": self.row}


class Message(Mapping[str, str]):
    """A sentence in both languages ({"id": …, "en": …}), filled in from its template when read: a
    finding keeps the shared template and its values, not two rendered strings (1M-row files)."""

    __slots__ = ("template", "params")

    def __init__(self, template: Mapping[str, str], params: Mapping[str, Any]) -> None:
        self.template, self.params = template, params

    def __getitem__(self, lang: str) -> str:
        return filled(self.template, self.params, lang)

    def __iter__(self) -> Iterator[str]:
        return iter(self.template)

    def __len__(self) -> int:
        return len(self.template)

    def __repr__(self) -> str:
        return repr(dict(self))


@dataclass(slots=True, unsafe_hash=True)  # not frozen, as Location
class Suggestion:
    """What the value should be: a sentence, the replacement value, and whether a fix may apply it alone."""

    text: Mapping[str, str]
    replacement: str | None = None
    safe: bool = False


@dataclass(slots=True)
class Finding:
    """One problem found: what, where, the value found and expected, and how to fix it."""

    rule: str
    category: str
    severity: str
    message: Mapping[str, str]  # {"id": ..., "en": ...}, a dict or a Message
    location: Location
    value: Any = None
    expected: Any = None
    suggestion: Suggestion | None = None
    related: Sequence[Location] = ()
    reference: str | None = None
    key: tuple[str, ...] = ()  # business key for the fingerprint: OPD, code

    @property
    def fingerprint(self) -> str:
        """Stable across inserted rows: built from the rule, the business key and the value, never the row."""
        return fingerprint_of(self.rule, self.key, self.value)

    def text(self, lang: str = "id") -> str:
        return self.message.get(lang) or self.message["id"]

    def suggestion_text(self, lang: str = "id") -> str | None:
        if self.suggestion is None:
            return None
        return self.suggestion.text.get(lang) or self.suggestion.text.get("id")

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        """The JSON shape of a finding (keys are a contract: more may be added, none renamed)."""
        loc = self.location
        return {
            "rule": self.rule, "category": self.category, "severity": self.severity,
            "message": self.text(lang), "file": loc.file, "sheet": loc.sheet, "cell": loc.cell,
            "row": loc.row, "column": loc.column, "header": loc.header,
            "value": plain(self.value), "expected": plain(self.expected),
            "suggestion": None if self.suggestion is None else {
                "text": self.suggestion_text(lang), "replacement": self.suggestion.replacement,
                "safe": self.suggestion.safe},
            "related": [r.to_dict() for r in self.related],
            "reference": self.reference,
            "fingerprint": self.fingerprint,
        }


def filled(template: Mapping[str, str], params: Mapping[str, Any], lang: str) -> str:
    """A template's text in `lang` with its values filled in (KeyError where the text or a value is missing)."""
    text = template[lang]
    return text.format_map(params) if "{" in text or "}" in text else text  # format(**params) copies them first


def short_place(file: str, sheet: str | None, cell: str | None, row: int | None) -> str:
    """`file:Sheet!D17` (or less, when less is known)."""
    if sheet is not None:
        return f"{file}:{sheet}!{cell}" if cell else f"{file}:{sheet}"
    return file if row is None else f"{file}:{row}"


def fingerprint_of(rule: str, key: tuple[str, ...], value: Any) -> str:
    """Stable across inserted rows: the rule, the business key and the value, never the row. The same finding on
    many rows (a sub kegiatan's account lines, a wrong value copied down) is hashed once (FINGERPRINTS_KEPT)."""
    text = "" if value is None else value if value.__class__ is str else str(value)
    seen = (rule, key, text)  # the value as written: Decimal("5.0") equals Decimal("5") but is another text
    found = _FINGERPRINTS.get(seen)
    if found is None:
        if len(_FINGERPRINTS) >= FINGERPRINTS_KEPT:
            _FINGERPRINTS.clear()
        joined = "\x1f".join((rule, *key, text))
        found = _FINGERPRINTS[seen] = hashlib.sha256(joined.encode("utf-8")).hexdigest()[:20]
    return found


FINGERPRINTS_KEPT = 4_096
_FINGERPRINTS: dict[tuple[Any, ...], str] = {}


def plain(value: Any) -> Any:
    """A value as JSON carries it: text, number, true/false or null as they are, anything else as text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def sort_key(finding: Finding) -> tuple[Any, ...]:
    loc = finding.location
    return (loc.file, loc.sheet or "", loc.row or 0, loc.column or "", finding.rule)
