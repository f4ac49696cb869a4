"""The world reader (pmsim/analysis/world_reader.py): a naive rule that learns from replays what
the pitches look like in each world and guesses this game's world from them, without discovery.
"""

from __future__ import annotations

from statistics import mean

import pytest

from pmsim.analysis import play
from pmsim.analysis.naive import panel
from pmsim.analysis.world_reader import learn, world_odds, world_reader
from pmsim.catalog import load
from pmsim.engine import new_game, score, view
from pmsim.engine.truth import draw
from tests.conftest import BASE, load_text

TELLING = """\
# Askers pitch from the real world (`insight: 1`): the pitches follow the truth.
format: 3
id: telling
title: Telling pitches
summary: Two markets whose pitches look nothing alike.
briefing: You are the PM.
rounds: 3
capacity: 5
stakeholders:
  - id: ann
    name: Ann
    role: Sales
    optimism: [1, 1]
    insight: 1
  - id: bo
    name: Bo
    role: Support
    optimism: [1, 1]
    insight: 1
worlds:
  - id: boom
    title: Buyers had money
    chance: {chance}
  - id: bust
    title: Buyers had none
    chance: {rest}
requests:
  - id: premium
    title: Premium tier
    asked_by: ann
    pitch: "It brings {{revenue}}."
    estimate: 2
    uncertainty: 0
    claims: [revenue]
    impact: {{revenue: [-300, -200]}}
    impact_in:
      boom: {{revenue: [2000, 3000]}}
  - id: upsell
    title: Upsell flow
    asked_by: ann
    pitch: "It brings {{revenue}}."
    estimate: 3
    uncertainty: 0
    claims: [revenue]
    impact: {{revenue: [-1500, -1000]}}
    impact_in:
      boom: {{revenue: [1500, 2500]}}
  - id: care
    title: Care line
    asked_by: bo
    pitch: "Customers will be {{satisfaction}} happier."
    estimate: 3
    uncertainty: 0
    claims: [satisfaction]
    impact: {{satisfaction: [4, 6]}}
    impact_in:
      boom: {{satisfaction: [-6, -4]}}
"""


def telling(chance: float = 0.5):
    text = TELLING.format(chance=chance, rest=round(1 - chance, 2))
    result = load_text(text)
    assert result.ok, result.render()
    return result.scenario


@pytest.fixture(scope="module")
def tutorial():
    return load("tutorial").scenario


def test_no_reader_without_worlds() -> None:
    result = load_text(BASE)
    assert result.ok, result.render()
    assert not result.scenario.worlds
    assert world_reader(result.scenario) == {}
    assert not any("world-reader" in name for name in panel(result.scenario))


def test_the_panel_holds_both_readers(tutorial) -> None:
    rules = panel(tutorial)
    for name in ("naive:world-reader/no-to-losers", "naive:world-reader/later"):
        assert name in rules and rules[name].description


def test_the_reader_never_runs_discovery_and_plays_whole_games(tutorial) -> None:
    for rule in world_reader(tutorial).values():
        built = 0
        for seed in range(1, 6):
            game = play(tutorial, seed, rule)  # raises InvalidDecision on a bad decision
            assert game.over
            assert len(game.decisions) == tutorial.rounds
            assert not any(d.discover for d in game.decisions), rule.name
            built += sum(len(d.build) for d in game.decisions)
        assert built, rule.name


def test_the_odds_are_a_distribution_over_the_worlds(tutorial) -> None:
    model = learn(tutorial)
    ids = {w.id for w in tutorial.worlds}
    assert set(model.prior) == ids == set(model.claims) == set(model.worth)
    for seed in range(1, 6):
        odds = world_odds(model, view(new_game(tutorial, seed)))
        assert set(odds) == ids
        assert sum(odds.values()) == pytest.approx(1)
        assert all(0 <= p <= 1 for p in odds.values())


def test_telling_pitches_give_the_world_away() -> None:
    scenario = telling()
    model = learn(scenario)
    right = 0
    for seed in range(1, 51):
        odds = world_odds(model, view(new_game(scenario, seed)))
        right += max(odds, key=lambda w: odds[w]) == draw(scenario, seed).world
    assert right >= 45


def test_reading_the_world_beats_the_memorised_order_when_pitches_tell() -> None:
    scenario = telling()
    rules = panel(scenario)
    seeds = range(1, 51)

    def average(name: str) -> float:
        return mean(score(play(scenario, s, rules[name], explain=False)).total for s in seeds)

    reader = average("naive:world-reader/no-to-losers")
    memorised = average("naive:replayed-winners/no-to-losers")
    assert reader > memorised + 1


def test_without_pitches_the_odds_are_the_worlds_chances() -> None:
    scenario = telling(chance=0.3)
    model = learn(scenario)
    seen = view(new_game(scenario, 1))
    hidden = type(seen)(**{**{f: getattr(seen, f) for f in seen.__dataclass_fields__
                              if f != "open_requests"}, "requests": ()})
    assert world_odds(model, hidden) == pytest.approx({"boom": 0.3, "bust": 0.7})


def test_a_world_never_replayed_keeps_its_chance_and_the_pooled_pitches() -> None:
    scenario = telling(chance=0.001)
    model = learn(scenario)
    assert model.prior["boom"] == pytest.approx(0.001)
    assert set(model.claims["boom"]) == set(model.claims["bust"])
    odds = world_odds(model, view(new_game(scenario, 1)))
    assert sum(odds.values()) == pytest.approx(1) and odds["bust"] > 0.99
