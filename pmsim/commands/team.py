"""`pmsim play --team NAME` without `--join`: the team's name, checked before any play, so
that the result file written at the end is one `pmsim workshop import` takes and never
replaces another team's (the shells reach the workshop only through here and pmsim.play)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..workshop.service import WorkshopError, clean_name, team_key
from ..workshop.team import result_name, result_team
from . import UsageError, load_scenario

__all__ = ["NewGame", "new_game_for", "offline_team"]

if TYPE_CHECKING:
    from ..scenario import Scenario


@dataclass(frozen=True)
class NewGame:
    """What `pmsim play` decided a new game plays, from what the user typed (which stays as
    typed): the scenario's file and model, and for a team without --join its name as the
    workshop shows it (its result file is written under that name)."""

    path: Path
    scenario: Scenario
    team: str | None = None


def new_game_for(reference: str, team: str | None = None) -> NewGame:
    """The game of the scenario `reference` (an id or a path), for `team` when one is named
    (checked as `offline_team` does). UsageError or InputError when it cannot be played."""
    path, scenario = load_scenario(reference)
    name = None if team is None else offline_team(team, scenario.id)
    return NewGame(path, scenario, name)


def offline_team(team: str, scenario_id: str) -> str:
    """The `--team` name of a game played without a network, checked before any play: the
    workshop's own rule (so `workshop import` takes the result file), and no result file of
    another team under the same file name (it would be replaced). Returns the name as the
    workshop shows it; raises UsageError otherwise."""
    try:
        name = clean_name(team)
    except WorkshopError as exc:
        raise UsageError(f"--team {team!r}: {exc.message}") from None
    _check_result_file(name, scenario_id)
    return name


def _check_result_file(name: str, scenario_id: str) -> None:
    """UsageError when the result file `name` would write already holds another team's (or
    something that is not a result file): a result is never replaced silently."""
    path = Path(result_name(scenario_id, name))
    if not (path.exists() or path.is_symlink()):
        return
    other = result_team(path)
    if other is None:
        raise UsageError(f"--team {name!r}: its result file, {path}, already exists and is not "
                         "a result file; move it away first")
    if team_key(other) != team_key(name):
        raise UsageError(f"--team {name!r}: its result file, {path}, already holds the result "
                         f"of team {other!r}, which would be replaced; choose another team "
                         "name, or move that file away first")
