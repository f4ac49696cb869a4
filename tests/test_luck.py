"""Skill versus luck is centred: worlds are redrawn given what the player saw, so a player who
read the evidence well is not told they were lucky, and the mean luck of any way of deciding
over many games is about zero."""

from __future__ import annotations

import random
import statistics

import pytest

from pmsim import engine
from pmsim.analysis import POLICIES, play, skill_vs_luck
from pmsim.analysis.luck import (
    Replay,
    _as_priorities,
    _likeness,
    _report,
    replay_in,
    with_capacity,
)
from pmsim.analysis.posterior import redraw
from pmsim.catalog import bundled
from pmsim.engine import Decision
from pmsim.engine.rounds import capacity
from pmsim.scenario import load_file
from tests.conftest import load_text
from tests.test_engine_model import MODEL, model


def _bundled(stem: str):
    return load_file(next(p for p in bundled() if p.stem == stem)).scenario


def test_a_redrawn_world_keeps_what_the_player_saw() -> None:
    scenario = model(optimism=1.0, uncertainty=0.6, precision=0.3)
    game = engine.new_game(scenario, 4)
    game, _ = engine.play_round(game, Decision(build=("bug",), discover=(("big", "data"),)))
    rng = random.Random(1)
    worlds = [redraw(game, rng) for _ in range(30)]
    for world in worlds:
        assert world.claims == game.truth.claims and world.findings == game.truth.findings
        assert world.event_rolls == game.truth.event_rolls
        assert world.cost["bug"] == game.truth.cost["bug"]  # shipped: its real cost was shown
    assert len({w.impact["big"]["revenue"] for w in worlds}) > 10


def test_redrawn_worlds_follow_the_evidence() -> None:
    """A precise finding pins the redrawn truth near it; without it the truth is spread over
    the range."""
    scenario = model(optimism=1.0, uncertainty=1.5, precision=0.05)
    game = engine.new_game(scenario, 9)
    checked, _ = engine.play_round(game, Decision(discover=(("big", "data"),)))
    found = checked.truth.findings[("big", "data")]["revenue"]
    rng = random.Random(2)
    near = [abs(redraw(checked, rng).impact["big"]["revenue"] - found) for _ in range(40)]
    far = [abs(redraw(game, rng).impact["big"]["revenue"] - found) for _ in range(40)]
    assert statistics.fmean(near) < 0.1 * 2000
    assert statistics.fmean(near) < 0.5 * statistics.fmean(far)


@pytest.mark.parametrize("stem", ["tutorial", "pressure"])
def test_mean_luck_of_every_way_of_deciding_is_about_zero(stem: str) -> None:
    scenario = _bundled(stem)
    for name in ("rice", "evidence", "random"):
        lucks = [skill_vs_luck(play(scenario, s, POLICIES[name]), samples=12).luck
                 for s in range(201, 231)]
        mean = statistics.fmean(lucks)
        error = statistics.stdev(lucks) / len(lucks) ** 0.5
        # within 2 points, or within three standard errors where games swing widely
        assert abs(mean) <= max(2.0, 3 * error), (stem, name, mean, error)


def test_a_replay_plans_the_players_own_choices_within_that_worlds_capacity() -> None:
    """The player saw the capacity before deciding: where a redrawn world's team has less of
    it, their choices are played as far as it goes, plus the overtime they chose in their own
    game, and the rest is answered 'later' (charging overtime they never chose made techdebt's
    players look luckier than they were)."""
    text = MODEL.format(optimism=1.0, uncertainty=0.0, precision=0.0, adoption=1)
    scenario = load_text(text.replace("capacity: 10", "capacity: 6")).scenario
    game = engine.new_game(scenario, 2)
    chosen = Decision(build=("big", "bug", "extra"))  # 9 points, planned where there were 9
    within = _as_priorities(game, chosen, ["big", "bug", "extra"], None, [], over=0)
    assert within.build == ("big", "bug") and within.answers == {"extra": "later"}
    overtime = _as_priorities(game, chosen, ["big", "bug", "extra"], None, [], over=3)
    assert overtime.build == ("big", "bug", "extra")


def test_a_replay_keeps_the_team_capacity_the_player_had() -> None:
    """In techdebt, tech health sets the capacity, so a redrawn outcome of shipped tech-debt
    work gives a replay another team; the player's plan was made for theirs, so the replay
    keeps it (without that, `rice`'s mean luck there was 2.3 points higher)."""
    scenario = _bundled("techdebt")
    game = play(scenario, 103, POLICIES["rice"])
    planned = [r.planned for r in game.reports]
    overtime = [max(0, r.planned - r.capacity) for r in game.reports]
    had = [r.capacity for r in game.reports]
    rng = random.Random(5)
    moved = 0
    for _ in range(8):
        truth = redraw(game, rng)
        free = replay_in(scenario, game.seed, game.decisions, truth, planned, False,
                         overtime).game
        kept = replay_in(scenario, game.seed, game.decisions, truth, planned, False, overtime,
                         capacities=had).game
        moved += [r.capacity for r in free.reports] != had
        assert [r.capacity for r in kept.reports] == had
    assert moved >= 2  # the redrawn worlds do change the capacity when left alone


def test_with_capacity_lands_on_the_target_through_slowdowns() -> None:
    scenario = _bundled("techdebt")  # starts with tech health below `slow_below`: slowed
    game = engine.new_game(scenario, 1)
    for target in (0, 3, 5, 9):
        assert capacity(with_capacity(game, target))[0] == target
    assert with_capacity(game, capacity(game)[0]) is game


def test_a_world_that_would_have_shown_another_capacity_or_other_events_weighs_less() -> None:
    """The player's later decisions follow the capacity they saw and the events that fired: a
    redrawn world that would have shown them something else keeps less weight (without the
    weights, techdebt's `rice-discover` looked +5.4 points lucky on average)."""
    scenario = _bundled("techdebt")
    game = play(scenario, 103, POLICIES["rice"])
    planned = [r.planned for r in game.reports]
    overtime = [max(0, r.planned - r.capacity) for r in game.reports]
    had = [r.capacity for r in game.reports]
    assert _likeness(game, Replay(game, tuple(had)), had) == 1.0
    rng = random.Random(5)
    weights = []
    for _ in range(8):
        replay = replay_in(scenario, game.seed, game.decisions, redraw(game, rng), planned,
                           False, overtime, capacities=had)
        assert len(replay.own_capacity) == len(had)
        weight = _likeness(game, replay, had)
        same = list(replay.own_capacity) == had and replay.game.fired == game.fired
        assert (weight == 1.0) == same and 0.0 < weight <= 1.0
        weights.append(weight)
    assert min(weights) < 0.5  # some redrawn worlds would have shown another capacity


def test_the_report_weighs_each_replay() -> None:
    report = _report(15.0, [(10.0, 1.0), (20.0, 0.0), (30.0, 1.0)])
    assert report.expected == 20.0 and report.percentile == 50.0 and report.samples == 3
    assert report.low == 10.0 and report.high == 30.0
    assert report.alike == 2.0  # two worlds count, one does not
    unlike = _report(15.0, [(10.0, 0.0), (20.0, 0.0)])  # no world like the player's: equal
    assert unlike.expected == 15.0 and unlike.percentile == 50.0 and unlike.alike == 0.0
    even = _report(15.0, [(10.0, 0.5), (20.0, 0.5), (30.0, 0.5)])
    assert abs(even.alike - 3.0) < 1e-9
