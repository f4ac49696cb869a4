"""Finding a scenario from what a user types: a path to a file, or the id of a bundled one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .headers import scenario_paths
from .resources import scenarios_dir

if TYPE_CHECKING:
    from .scenario import LoadResult

__all__ = ["Clash", "ScenarioNotFound", "bundled", "clashes", "load", "load_file", "resolve",
           "shadowed"]


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
    """A path that exists, or the file of a bundled scenario whose id or file name matches
    (a file here wins: see `shadowed` for the words when it is not the one meant)."""
    path = Path(reference)
    if path.is_file():
        return path
    found = _named(reference, search_dirs(extra_dirs))
    if found is not None:
        return found
    known = ", ".join(sorted(p.stem for p in bundled())) or "none"
    raise ScenarioNotFound(
        f"no scenario '{reference}': not a file, and not a bundled scenario (bundled: {known})"
    )


def _named(reference: str, folders: list[Path]) -> Path | None:
    """The scenario in `folders` whose file name, else whose id, is `reference`."""
    for candidate in scenario_paths(folders):
        if candidate.stem == reference:
            return candidate
    for candidate in scenario_paths(folders):
        result = load_file(candidate)
        if result.scenario is not None and result.scenario.id == reference:
            return candidate
    return None


def shadowed(reference: str, path: Path, extra_dirs: list[Path] | None = None) -> str | None:
    """When `resolve` gave `path`, a file in the current folder named `reference`, and a
    scenario pmsim knows has that name too: the words saying which was read, for the error
    when that file does not load (a stray file named `tutorial` would otherwise fail as if
    the bundled tutorial were broken). None otherwise."""
    if path != Path(reference) or path.parent != Path("."):
        return None
    hidden = _named(reference, search_dirs(extra_dirs))
    if hidden is None:
        return None
    what = (f"the bundled scenario '{reference}'" if hidden.parent == scenarios_dir()
            else f"the scenario '{reference}' in {hidden.parent}")
    return (f"read ./{reference}, a file in this folder, not {what}; use ./{reference} or "
            "rename it")


@dataclass(frozen=True)
class Clash:
    """Two or more scenario files with the same id. Each stays listed and opens by its own
    path (or from the game's picker); the id alone opens `opens`, as `resolve` finds it."""

    id: str
    paths: tuple[Path, ...]
    """In search order: bundled, the player's folder, folders given."""
    opens: Path

    def warning(self) -> str:
        """One line for `pmsim list`, naming every file."""
        names = [str(p) for p in self.paths]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        others = ("the other by its path, or give it another id" if len(names) == 2
                  else "the others by their paths, or give them other ids")
        return (f"warning: {len(names)} scenario files have the id '{self.id}': {listed}; "
                f"`pmsim play {self.id}` opens {self.opens}; open {others}")


def clashes(found: Iterable[tuple[str | None, Path]]) -> list[Clash]:
    """The ids that more than one of `found` (id, path) has, in the order `resolve` searches
    (an id of None, a file with errors, clashes with nothing). `opens` is what `resolve` gives
    for the id: the first file named after it, else the first with it."""
    found = list(found)
    groups: dict[str, list[Path]] = {}
    for scenario_id, path in found:
        if scenario_id is not None:
            groups.setdefault(scenario_id, []).append(path)
    result = []
    for scenario_id, paths in groups.items():
        if len(paths) > 1:
            named = next((p for _, p in found if p.stem == scenario_id), paths[0])
            result.append(Clash(scenario_id, tuple(paths), named))
    return result


def load(reference: str, extra_dirs: list[Path] | None = None) -> LoadResult:
    return load_file(resolve(reference, extra_dirs))
