"""The type checker passes on the whole package (strict for the play layer, see
pyproject.toml): a call to a function that does not exist, or with the wrong arguments, fails
here instead of in a player's game."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_mypy_is_clean() -> None:
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
