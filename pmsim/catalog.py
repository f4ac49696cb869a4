"""Finding a scenario from what a user types: a path to a file, or the id of a bundled one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .headers import scenario_paths
from .resources import scenarios_dir

if TYPE_CHECKING:
    from .scenario import LoadResult

__all__ = ["ScenarioNotFound", "bundled", "load", "load_file", "resolve"]


def load_file(path: Path) -> LoadResult:
    """`pmsim.scenario.load_file`, imported when first used (listing and resolving an id
    need no models)."""
    from .scenario import load_file as load

    return load(path)


class ScenarioNotFound(LookupError):
    pass


def bundled() -> list[Path]:
    return scenario_paths([scenarios_dir()])


def user_dir() -> Path:
    """The player's own scenarios: listed in the game's picker and by `pmsim list`, and
    found by id like the bundled ones."""
    from .saves import data_dir

    return data_dir() / "scenarios"


def search_dirs(extra: list[Path] | None = None) -> list[Path]:
    return [d for d in (scenarios_dir(), user_dir(), *(extra or [])) if d.is_dir()]


def resolve(reference: str, extra_dirs: list[Path] | None = None) -> Path:
    """A path that exists, or the file of a bundled scenario whose id or file name matches."""
    path = Path(reference)
    if path.is_file():
        return path
    folders = search_dirs(extra_dirs)
    for candidate in scenario_paths(folders):
        if candidate.stem == reference:
            return candidate
    for candidate in scenario_paths(folders):
        result = load_file(candidate)
        if result.scenario is not None and result.scenario.id == reference:
            return candidate
    known = ", ".join(sorted(p.stem for p in bundled())) or "none"
    raise ScenarioNotFound(
        f"no scenario '{reference}': not a file, and not a bundled scenario (bundled: {known})"
    )


def load(reference: str, extra_dirs: list[Path] | None = None) -> LoadResult:
    return load_file(resolve(reference, extra_dirs))
