"""The rules, one module per family; importing this package fills `REGISTRY`."""

from nomenklatur.checks import akun, amounts, codes, dana, files, format, hierarchy, suppress, sync, wilayah  # noqa: F401
from nomenklatur.checks.base import REGISTRY, Context, Rule

ROW_ORDER = tuple(sorted(REGISTRY))

__all__ = ["REGISTRY", "ROW_ORDER", "Context", "Rule"]
