"""Where the package's data files live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def rules_dir() -> Path:
    """The rules folder: `nomenklatur/rules/` in an installed wheel, else the checkout's top-level `rules/`."""
    inside = _PACKAGE / "rules"
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / "rules"


def load_yaml(stream: Any) -> Any:
    """YAML through safe loading only (no tags that build objects), with libyaml's C loader when present."""
    import yaml

    return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders only
