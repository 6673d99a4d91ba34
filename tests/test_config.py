"""Settings: the shipped profiles are built without pydantic, so they must pass its validation unchanged."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nomenklatur.config import Profile, _shipped_profile, _validated, load_profile
from nomenklatur.resources import load_yaml, rules_dir

PROFILES = sorted(p for p in rules_dir().glob("*.yaml") if p.stem not in ("headers", "targets"))


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_a_shipped_profile_is_what_validation_makes_of_it(path) -> None:
    data = load_yaml(path.read_text(encoding="utf-8"))
    assert _shipped_profile(data) == _validated(Profile, data, path)
    assert load_profile(path.stem) == load_profile(str(path))  # by name (trusted) and as a file (validated)


def test_checking_without_a_config_file_does_not_import_pydantic(tmp_path) -> None:
    code = ("import sys\n"
            "from nomenklatur.config import effective_rules, load_profile, load_user_config\n"
            "effective_rules(load_profile('kaltim-2021'), load_user_config(None), [], [])\n"
            "print('pydantic' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
