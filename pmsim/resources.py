"""Where the bundled scenarios and assets are, installed or in a checkout.

A wheel carries them inside the package (`pmsim/_data/`, see pyproject.toml); a checkout keeps
them at the top of the repository, where authors find them.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def scenarios_dir() -> Path:
    return _data_dir("scenarios")


def assets_dir() -> Path:
    return _data_dir("assets")
