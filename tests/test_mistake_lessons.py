"""Every bundled scenario can tell a learner what went wrong: at least two lessons for mistakes,
and a naive rule played through it triggers at least one of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsim import catalog
from pmsim.analysis.policies import play_named
from pmsim.engine import debrief
from pmsim.resources import scenarios_dir

BUNDLED = sorted(p.stem for p in scenarios_dir().glob("*.yaml"))


def load(name: str):  # type: ignore[no-untyped-def]
    scenario = catalog.load(name).scenario
    assert scenario is not None
    return scenario


def test_there_are_bundled_scenarios() -> None:
    assert len(BUNDLED) >= 7 and Path(scenarios_dir()).is_dir()


@pytest.mark.parametrize("name", BUNDLED)
def test_every_scenario_has_two_mistake_lessons(name: str) -> None:
    mistakes = [lesson for lesson in load(name).lessons if lesson.kind == "mistake"]
    assert len(mistakes) >= 2, name
    assert all(lesson.when is not None for lesson in mistakes), "a mistake needs a condition"


@pytest.mark.parametrize("name", BUNDLED)
def test_the_hippo_gets_told_a_mistake(name: str) -> None:
    """The HiPPO rule (build for the loudest voice, never test a claim) makes mistakes in every
    scenario; the debrief must name at least one, on every seed tried."""
    scenario = load(name)
    for seed in (1, 2, 3):
        found = debrief(play_named(scenario, seed, "loudest")).lessons
        assert any(lesson.kind == "mistake" for lesson in found), (name, seed)


@pytest.mark.parametrize("name", BUNDLED)
def test_the_fair_policy_is_not_told_it_never_tested(name: str) -> None:
    """The no-discovery lesson reads the game: a player who tests claims does not get it."""
    game = play_named(load(name), 1, "evidence")
    assert any(game.discovered.values()), "evidence tests claims"
    ids = [lesson.id for lesson in debrief(game).lessons]
    assert "no-discovery" not in ids
