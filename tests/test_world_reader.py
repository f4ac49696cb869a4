"""The world reader (pmsim/analysis/world_reader.py): a naive rule that learns from replays what
the pitches look like in each world and guesses this game's world from them, without discovery.
"""

from __future__ import annotations

from dataclasses import replace
from math import exp, log
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
    insight: {ann}
  - id: bo
    name: Bo
    role: Support
    optimism: [1, 1]
    insight: {insight}
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


def telling(chance: float = 0.5, insight: float = 1, ann: float = 1):
    """The telling scenario; Bo (who asks for `care`) has `insight`, Ann (`premium`, `upsell`)
    has `ann`."""
    text = TELLING.format(chance=chance, rest=round(1 - chance, 2), insight=insight, ann=ann)
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


def pitched(seen, model, asker: str, world: str):
    """`seen` with every pitch of `asker` replaced by its typical claim when believing `world`."""
    def typical(r):
        if r.asked_by != asker:
            return r
        return replace(r, claimed_impact={m: exp(model.claims[world][(r.id, m)][0])
                                          for m in r.claimed_impact})

    return replace(seen, requests=tuple(typical(r) for r in seen.requests))


def test_a_random_believer_does_not_move_the_odds_an_insightful_one_does() -> None:
    # Bo believes in a world drawn by chance (`insight: 0`): his pitch says nothing of the real
    # world however it looks, while Ann's (`insight: 1`) follow it. Treating every pitch as
    # independent evidence of the real world (the old reader) lets Bo's pitch swing the odds.
    scenario = telling(insight=0)
    model = learn(scenario)
    for seed in range(1, 11):
        seen = view(new_game(scenario, seed))
        for ann in ("boom", "bust"):
            by_ann = pitched(seen, model, "ann", ann)
            odds = {bo: world_odds(model, pitched(by_ann, model, "bo", bo))["boom"]
                    for bo in ("boom", "bust")}
            assert odds["boom"] == pytest.approx(odds["bust"], abs=0.1), (seed, ann, odds)
            assert (odds["boom"] > 0.9) if ann == "boom" else (odds["boom"] < 0.1), (seed, odds)


def test_a_random_believer_alone_leaves_the_worlds_chances() -> None:
    scenario = telling(chance=0.3, insight=0)
    model = learn(scenario)
    right = 0
    seeds = range(1, 101)
    for seed in seeds:
        seen = view(new_game(scenario, seed))
        only_bo = replace(seen, requests=tuple(r for r in seen.requests if r.asked_by == "bo"))
        assert only_bo.requests
        odds = world_odds(model, only_bo)
        assert odds["boom"] == pytest.approx(0.3, abs=0.1), (seed, odds)
        right += max(odds, key=lambda w: odds[w]) == draw(scenario, seed).world
    prior = sum(draw(scenario, seed).world == "bust" for seed in seeds)
    assert abs(right - prior) <= 5


def test_the_insightful_asker_still_gives_the_world_away_beside_a_random_believer() -> None:
    scenario = telling(insight=0)
    model = learn(scenario)
    right = 0
    for seed in range(1, 51):
        odds = world_odds(model, view(new_game(scenario, seed)))
        right += max(odds, key=lambda w: odds[w]) == draw(scenario, seed).world
    assert right >= 45


def test_one_askers_pitches_count_once() -> None:
    # Ann (`insight: 0.5`) pitches both her requests from one belief: right with chance
    # 0.5 + 0.5 x 0.5, so however many of her pitches look like a boom, the odds of a boom
    # are about 0.75, not the near-certainty of counting each pitch as independent evidence.
    scenario = telling(ann=0.5)
    model = learn(scenario)
    for seed in range(1, 6):
        seen = view(new_game(scenario, seed))
        only_ann = replace(seen, requests=tuple(r for r in seen.requests if r.asked_by == "ann"))
        assert len(only_ann.requests) == 2
        boom = world_odds(model, pitched(only_ann, model, "ann", "boom"))["boom"]
        bust = world_odds(model, pitched(only_ann, model, "ann", "bust"))["boom"]
        assert 0.6 < boom < 0.9 and 0.1 < bust < 0.4, (seed, boom, bust)


def test_the_pitches_are_learned_per_believed_world() -> None:
    # Ann pitches `premium` from the world she believes in (2000-3000 in a boom, the claim
    # floor of 750 in a bust), whatever the real world: grouped by the real world, her claims
    # would mix the two.
    scenario = telling(ann=0.5)
    model = learn(scenario)
    boom_mean, boom_sd = model.claims["boom"][("premium", "revenue")]
    bust_mean, bust_sd = model.claims["bust"][("premium", "revenue")]
    assert log(2000) <= boom_mean <= log(3000) and boom_sd < 0.2
    assert bust_mean == pytest.approx(log(750), abs=0.05) and bust_sd < 0.2
    # Ann believes in a boom more often when there is one; the chances of a belief sum to 1.
    assert model.belief["ann"]["boom"]["boom"] > model.belief["ann"]["bust"]["boom"]
    for real in ("boom", "bust"):
        assert sum(model.belief["bo"][real].values()) == pytest.approx(1)


@pytest.mark.parametrize("old, new", [("asked_by: ann", "asked_by: {who: ann}"),
                                      ("- id: ann", "- id: [ann]")])
def test_a_malformed_asker_in_a_file_with_worlds_is_an_error_not_a_crash(old: str,
                                                                         new: str) -> None:
    """The check that every asker knows the world read `asked_by` and stakeholder ids as
    hashable (a mapping there crashed `validate`, found by the mutation test)."""
    text = TELLING.format(chance=0.5, rest=0.5, insight=1, ann=1).replace(old, new, 1)
    loaded = load_text(text)
    assert loaded.scenario is None and loaded.errors
