"""Rule sets and settings: the YAML profiles in rules/ and the user's own config, validated.

Settings are plain dataclasses. A user's file (and a profile given as a path) is checked by pydantic
against them: types, unknown keys, bounds, rule ids, each problem naming the file and the key. The
profiles shipped in rules/ are built directly (tests validate them the same way), so a check without a
config file never imports pydantic: that import is a quarter of a cold start.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import yaml

from nomenklatur.resources import load_yaml, rules_dir

if TYPE_CHECKING:
    from nomenklatur.workbook import ReadLimits

Severity = Literal["error", "warning", "info"]
SeverityOrOff = Literal["error", "warning", "info", "off"]
USER_FILES = (".nomenklatur.yaml", ".nomenklatur.yml")
STRICT = {"extra": "forbid"}  # pydantic's config for these dataclasses: an unknown key is an error
_Settings = TypeVar("_Settings")


class ConfigError(ValueError):
    """A config file or profile that cannot be used; the message names the file and the bad key."""

    def __init__(self, source: str, key: str, problem_id: str, problem_en: str) -> None:
        super().__init__(f"{source}: {key}: {problem_id}")
        self.source, self.key, self.problem_id, self.problem_en = source, key, problem_id, problem_en

    def message(self, lang: str = "id") -> str:
        if lang == "en":
            return f"{self.source}: setting '{self.key}': {self.problem_en}"
        return f"{self.source}: pengaturan '{self.key}': {self.problem_id}"


@dataclass
class RuleSetting:
    """A rule's severity (or `off`) and parameters."""

    __pydantic_config__ = STRICT
    severity: SeverityOrOff | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class SyncSettings:
    """What a regional profile says about a province and its kabupaten/kota planning together."""

    __pydantic_config__ = STRICT
    provinsi: str | None = None
    base_year: int | None = None
    targets: dict[int, int] = field(default_factory=dict)
    target_status: Literal["berkembang", "maju", "mandiri"] = "berkembang"
    programs: list[str] = field(default_factory=list)
    bankeu_kabkota: list[str] = field(default_factory=lambda: ["5.4.02.03"])
    bankeu_desa: list[str] = field(default_factory=lambda: ["5.4.02.05"])
    bankeu_diterima: list[str] = field(default_factory=lambda: ["4.2.02.02"])


@dataclass
class Profile:
    """A rule set in rules/: which rules run, at what severity, with which parameters."""

    __pydantic_config__ = STRICT
    description: str = ""
    extends: str | None = None
    tingkat: Literal["provinsi", "kabkota"] | None = None
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    sync: SyncSettings | None = None


@dataclass
class Limits:
    """Bounds on what a file may hold (see nomenklatur.workbook.ReadLimits for the defaults); each above 0,
    the compression ratio above 1."""

    __pydantic_config__ = STRICT
    max_file_bytes: int | None = None
    max_uncompressed_bytes: int | None = None
    max_compression_ratio: float | None = None
    max_rows: int | None = None
    max_columns: int | None = None
    max_cell_chars: int | None = None
    max_blank_run: int | None = None
    max_part_bytes: int | None = None
    max_cells: int | None = None
    max_sheets: int | None = None


@dataclass
class UserConfig:
    """The user's `.nomenklatur.yaml` or `[tool.nomenklatur]`."""

    __pydantic_config__ = STRICT
    profil: str | None = None
    tahun: int | None = None  # 2019-2100
    tingkat: Literal["provinsi", "kabkota"] | None = None
    wilayah: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = "error"
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    headers: dict[str, list[str]] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)

    def read_limits(self) -> "ReadLimits":
        """The reader's bounds: defaults, raised or lowered by the `limits:` section."""
        from nomenklatur.workbook import ReadLimits

        return ReadLimits(**{k: v for k, v in asdict(self.limits).items() if v is not None})


# pydantic's error types, said as people read them (its own messages are English)
_ERRORS = {
    "string_type": ("harus berupa teks", "must be text"),
    "int_type": ("harus berupa bilangan bulat", "must be a whole number"),
    "int_parsing": ("harus berupa bilangan bulat", "must be a whole number"),
    "int_from_float": ("harus berupa bilangan bulat", "must be a whole number"),
    "bool_type": ("harus true atau false", "must be true or false"),
    "bool_parsing": ("harus true atau false", "must be true or false"),
    "list_type": ("harus berupa daftar", "must be a list"),
    "dict_type": ("harus berupa pemetaan kunci: nilai", "must be a mapping"),
    "missing": ("wajib diisi", "is required"),
}


def _raise_validation(source: str, exc: Any) -> None:
    error = exc.errors()[0]
    key = ".".join(str(p) for p in error["loc"]) or "(akar)"
    if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        raise ConfigError(source, key, "kunci tidak dikenal", "unknown key") from None
    if error["type"] == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        raise ConfigError(source, key, f"harus salah satu dari: {expected.replace(' or ', ', ')}",
                          f"must be one of: {expected}") from None
    said = _ERRORS.get(error["type"])
    if said is not None:
        raise ConfigError(source, key, *said) from None
    raise ConfigError(source, key, f"nilai tidak sah ({error['type']})", error["msg"]) from None


@lru_cache(maxsize=None)
def _adapter(kind: type) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


def _validated(kind: type[_Settings], data: Any, path: Path) -> _Settings:
    """`data` (from YAML or TOML) as the validated settings; any problem names the file and the key."""
    from pydantic import ValidationError

    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ConfigError(str(path), "(akar)", "harus berupa pemetaan kunci: nilai", "must be a mapping")
    wilayah = data.get("wilayah")
    if isinstance(wilayah, (int, float)) and not isinstance(wilayah, bool):  # `wilayah: 64.02`, as people type it
        data = {**data, "wilayah": f"{wilayah:.2f}" if isinstance(wilayah, float) else str(wilayah)}
    for key in ("select", "ignore"):  # `select: NK201, NK202` as one text
        if isinstance(data.get(key), str):
            data = {**data, key: [part.strip() for part in data[key].split(",") if part.strip()]}
    try:
        settings = _adapter(kind).validate_python(data)
    except ValidationError as exc:
        _raise_validation(str(path), exc)
        raise
    _check_values(settings, str(path))
    return settings


def _check_values(settings: Any, source: str) -> None:
    """What the types alone do not say: known rule ids, a plausible year, limits above their floor."""
    from nomenklatur.checks import REGISTRY

    for rule_id in getattr(settings, "rules", {}):
        if rule_id not in REGISTRY:
            raise ConfigError(source, f"rules.{rule_id}", f"aturan {rule_id!r} tidak dikenal", f"unknown rule {rule_id!r}")
    if isinstance(settings, UserConfig):
        if settings.tahun is not None and not 2019 <= settings.tahun <= 2100:
            raise ConfigError(source, "tahun", "harus antara 2019 dan 2100", "must be between 2019 and 2100")
        for item in fields(Limits):
            value, floor = getattr(settings.limits, item.name), 1 if item.name == "max_compression_ratio" else 0
            if value is not None and value <= floor:
                raise ConfigError(source, f"limits.{item.name}", f"harus lebih dari {floor}", f"must be greater than {floor}")


def _shipped_profile(data: dict[str, Any]) -> Profile:
    """A profile of rules/ as written there (trusted: tests validate every one of them)."""
    rules = {rule_id: RuleSetting(**(setting or {})) for rule_id, setting in (data.get("rules") or {}).items()}
    sync = data.get("sync")
    return Profile(**{**data, "rules": rules, "sync": SyncSettings(**sync) if sync else None})


def _load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return load_yaml(handle)
    except yaml.YAMLError as exc:
        text = " ".join(str(exc).split())  # one line: PyYAML puts the position on lines of its own
        raise ConfigError(str(path), "(berkas)", f"YAML tidak sah: {text}", f"invalid YAML: {text}") from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), "(berkas)", "bukan teks UTF-8; simpan ulang sebagai UTF-8",
                          "not UTF-8 text; save it again as UTF-8") from None
    except OSError as exc:
        raise ConfigError(str(path), "(berkas)", f"tidak dapat dibaca: {exc.strerror}", f"cannot be read: {exc.strerror}") from None


def profile_names() -> list[str]:
    """The shipped rule profiles: the files of rules/ that set rules or extend a profile (not the header
    aliases or the target lists that live beside them)."""
    names = []
    for path in sorted(rules_dir().glob("*.yaml")):
        data = _load_yaml(path)
        if isinstance(data, dict) and ("rules" in data or "extends" in data):
            names.append(path.stem)
    return names


def load_profile(name: str) -> Profile:
    """A profile from rules/ by name (`default`, `provinsi`, `kabkota`, …) or a path, with `extends` applied."""
    path = Path(name) if name.endswith((".yaml", ".yml")) else rules_dir() / f"{name}.yaml"
    by_name = not name.endswith((".yaml", ".yml"))
    if not path.is_file() or (by_name and name not in profile_names()):
        known = profile_names()
        raise ConfigError(name, "profil", f"profil tidak ada (pilihan: {', '.join(known)})",
                          f"no such profile (choices: {', '.join(known)})")
    shipped = path.parent == rules_dir() and not name.endswith((".yaml", ".yml"))
    data = _load_yaml(path)
    profile = _shipped_profile(data) if shipped else _validated(Profile, data, path)
    if profile.extends:
        base = load_profile(profile.extends)
        merged = {**base.rules}
        for rule_id, setting in profile.rules.items():
            old = merged.get(rule_id, RuleSetting())
            merged[rule_id] = RuleSetting(severity=setting.severity or old.severity, params={**old.params, **setting.params})
        profile = Profile(description=profile.description, tingkat=profile.tingkat or base.tingkat, rules=merged,
                          sync=profile.sync or base.sync)
    return profile


def find_user_config(start: Path) -> Path | None:
    """`.nomenklatur.yaml` in the folder or a parent, else a pyproject.toml with [tool.nomenklatur]."""
    for folder in (start, *start.parents):
        for name in USER_FILES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.nomenklatur]" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None


def load_user_config(path: Path | None) -> UserConfig:
    if path is None:
        return UserConfig()
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("nomenklatur", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(str(path), "(berkas)", f"TOML tidak sah: {exc}", f"invalid TOML: {exc}") from None
    else:
        data = _load_yaml(path)
    config = _validated(UserConfig, data, path)
    from nomenklatur.workbook.header import load_aliases

    known = set(load_aliases())
    for name in config.headers:
        if name not in known:
            raise ConfigError(str(path), f"headers.{name}", "nama kolom tidak dikenal", "unknown field name")
    return config


def _matches(rule_id: str, prefixes: list[str]) -> bool:
    return any(rule_id.startswith(p.strip().upper()) for p in prefixes)


def effective_rules(profile: Profile, config: UserConfig, select: list[str], ignore: list[str]) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Severity and parameters of every rule that runs: profile, then config, then the command line."""
    from nomenklatur.checks import REGISTRY

    for rule_id in select + ignore + config.select + config.ignore:
        if not any(r.startswith(rule_id.strip().upper()) for r in REGISTRY):
            raise ConfigError("--select/--ignore", rule_id, "tidak cocok dengan aturan mana pun", "matches no rule")
    severities: dict[str, str] = {}
    params: dict[str, dict[str, Any]] = {}
    for rule_id, rule in REGISTRY.items():
        severity: str = rule.severity
        rule_params: dict[str, Any] = {}
        for setting in (profile.rules.get(rule_id), config.rules.get(rule_id)):
            if setting is not None:
                severity = setting.severity or severity
                rule_params.update(setting.params)
        chosen = select or config.select
        if chosen and not _matches(rule_id, chosen) and rule.category != "file":
            continue
        if _matches(rule_id, ignore + config.ignore) or severity == "off":
            continue
        severities[rule_id] = severity
        params[rule_id] = rule_params
    return severities, params
