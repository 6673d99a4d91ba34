"""Rule sets and settings: the YAML profiles in rules/ and the user's own config, validated."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nomenklatur.resources import load_yaml, rules_dir

if TYPE_CHECKING:
    from nomenklatur.workbook import ReadLimits

Severity = Literal["error", "warning", "info"]
SeverityOrOff = Literal["error", "warning", "info", "off"]
USER_FILES = (".nomenklatur.yaml", ".nomenklatur.yml")
_Model = TypeVar("_Model", bound=BaseModel)


class ConfigError(ValueError):
    """A config file or profile that cannot be used; the message names the file and the bad key."""

    def __init__(self, source: str, key: str, problem_id: str, problem_en: str) -> None:
        super().__init__(f"{source}: {key}: {problem_id}")
        self.source, self.key, self.problem_id, self.problem_en = source, key, problem_id, problem_en

    def message(self, lang: str = "id") -> str:
        if lang == "en":
            return f"{self.source}: setting '{self.key}': {self.problem_en}"
        return f"{self.source}: pengaturan '{self.key}': {self.problem_id}"


class RuleSetting(BaseModel):
    """A rule's severity (or `off`) and parameters."""

    model_config = ConfigDict(extra="forbid")
    severity: SeverityOrOff | None = None
    params: dict[str, Any] = Field(default_factory=dict)


def _check_rule_ids(rules: dict[str, RuleSetting]) -> dict[str, RuleSetting]:
    from nomenklatur.checks import REGISTRY

    for rule_id in rules:
        if rule_id not in REGISTRY:
            raise ValueError(f"aturan {rule_id!r} tidak dikenal / unknown rule")
    return rules


class SyncSettings(BaseModel):
    """What a regional profile says about a province and its kabupaten/kota planning together."""

    model_config = ConfigDict(extra="forbid")
    provinsi: str | None = None
    base_year: int | None = None
    targets: dict[int, int] = Field(default_factory=dict)
    target_status: Literal["berkembang", "maju", "mandiri"] = "berkembang"
    programs: list[str] = Field(default_factory=list)
    bankeu_kabkota: list[str] = Field(default_factory=lambda: ["5.4.02.03"])
    bankeu_desa: list[str] = Field(default_factory=lambda: ["5.4.02.05"])
    bankeu_diterima: list[str] = Field(default_factory=lambda: ["4.2.02.02"])


class Profile(BaseModel):
    """A rule set in rules/: which rules run, at what severity, with which parameters."""

    model_config = ConfigDict(extra="forbid")
    description: str = ""
    extends: str | None = None
    tingkat: Literal["provinsi", "kabkota"] | None = None
    rules: dict[str, RuleSetting] = Field(default_factory=dict)
    sync: SyncSettings | None = None

    _ids = field_validator("rules")(_check_rule_ids)


class Limits(BaseModel):
    """Bounds on what a file may hold (see nomenklatur.workbook.ReadLimits for the defaults)."""

    model_config = ConfigDict(extra="forbid")
    max_file_bytes: int | None = Field(default=None, gt=0)
    max_uncompressed_bytes: int | None = Field(default=None, gt=0)
    max_compression_ratio: float | None = Field(default=None, gt=1)
    max_rows: int | None = Field(default=None, gt=0)
    max_columns: int | None = Field(default=None, gt=0)
    max_cell_chars: int | None = Field(default=None, gt=0)
    max_blank_run: int | None = Field(default=None, gt=0)
    max_part_bytes: int | None = Field(default=None, gt=0)
    max_cells: int | None = Field(default=None, gt=0)
    max_sheets: int | None = Field(default=None, gt=0)


class UserConfig(BaseModel):
    """The user's `.nomenklatur.yaml` or `[tool.nomenklatur]`."""

    model_config = ConfigDict(extra="forbid")
    profil: str | None = None
    tahun: int | None = Field(default=None, ge=2019, le=2100)
    tingkat: Literal["provinsi", "kabkota"] | None = None
    wilayah: str | None = None
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    fail_on: Severity = "error"
    rules: dict[str, RuleSetting] = Field(default_factory=dict)
    headers: dict[str, list[str]] = Field(default_factory=dict)
    limits: Limits = Field(default_factory=lambda: Limits())

    _ids = field_validator("rules")(_check_rule_ids)

    def read_limits(self) -> "ReadLimits":
        """The reader's bounds: defaults, raised or lowered by the `limits:` section."""
        from nomenklatur.workbook import ReadLimits

        return ReadLimits(**self.limits.model_dump(exclude_none=True))


def _raise_validation(source: str, exc: ValidationError) -> None:
    error = exc.errors()[0]
    key = ".".join(str(p) for p in error["loc"]) or "(akar)"
    if error["type"] == "extra_forbidden":
        raise ConfigError(source, key, "kunci tidak dikenal", "unknown key") from None
    raise ConfigError(source, key, error["msg"], error["msg"]) from None


def _validated(model: type[_Model], data: Any, path: Path) -> _Model:
    """`data` (from YAML or TOML) as the validated `model`; any problem names the file and the key."""
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ConfigError(str(path), "(akar)", "harus berupa pemetaan kunci: nilai", "must be a mapping")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        _raise_validation(str(path), exc)
        raise


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


def load_profile(name: str) -> Profile:
    """A profile from rules/ by name (`default`, `provinsi`, `kabkota`, …) or a path, with `extends` applied."""
    path = Path(name) if name.endswith((".yaml", ".yml")) else rules_dir() / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in rules_dir().glob("*.yaml") if p.stem != "headers")
        raise ConfigError(name, "profil", f"profil tidak ada (pilihan: {', '.join(known)})",
                          f"no such profile (choices: {', '.join(known)})")
    profile = _validated(Profile, _load_yaml(path), path)
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
    for field in config.headers:
        if field not in known:
            raise ConfigError(str(path), f"headers.{field}", "nama kolom tidak dikenal", "unknown field name")
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
