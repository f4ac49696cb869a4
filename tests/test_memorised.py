"""Memorised plans (pmsim/analysis/memorised.py): a replaying player's table of worth per world,
played with the one check that best tells the worlds apart, or told the world outright."""

from __future__ import annotations

import random

import pytest

from pmsim import engine
from pmsim.analysis import play
from pmsim.analysis.author import author_report
from pmsim.analysis.memorised import finding_model, probe, probe_odds, telling_check, told
from pmsim.analysis.verdict import EVIDENCE_OVER_MEMORISED
from pmsim.analysis.world_reader import learn, replayed_truths, world_reader
from pmsim.commands.analyze import report_lines
from pmsim.engine.truth import draw
from tests.conftest import load_text
from tests.test_worlds import WORLDS, _without_worlds, worlds


def _blind_askers():
    """The test_worlds scenario with askers who never know the world: only a check tells it."""
    stated = "    optimism: [1, 1]\n    insight: 0\n"
    return worlds(text=WORLDS.replace("    optimism: [1, 1]\n", stated))


def test_the_telling_check_is_the_one_whose_finding_names_the_world() -> None:
    scenario = _blind_askers()
    found = telling_check(scenario, replayed_truths(scenario))
    assert found is not None
    (rid, mid), accuracy = found
    assert mid == "data" and rid in ("discount", "fast-path")  # the two the worlds change
    assert accuracy > 0.95


def test_the_probe_runs_its_one_check_in_round_1_and_no_other() -> None:
    scenario = _blind_askers()
    rules = probe(scenario)
    assert set(rules) == {"memorised:probe/no-to-losers", "memorised:probe/later"}
    (check, _), = [telling_check(scenario, replayed_truths(scenario))]
    for policy in rules.values():
        for seed in range(5):
            game = play(scenario, seed, policy)
            runs = [run for d in game.decisions for run in d.discover]
            assert runs == [check] and check in game.decisions[0].discover


def test_the_told_table_builds_what_pays_in_the_world_it_is_told() -> None:
    scenario = _blind_askers()
    worth = learn(scenario).worth
    for world in ("zebra-price", "zebra-speed"):
        seed = next(s for s in range(60) if draw(scenario, s).world == world)
        first = play(scenario, seed, told(scenario, world)["memorised:told/later"]).decisions[0]
        best = max(("discount", "fast-path"), key=lambda rid: worth[world][rid])
        assert best in first.build


def test_after_its_check_the_probe_knows_the_world_and_before_it_does_not() -> None:
    scenario = _blind_askers()
    truths = replayed_truths(scenario)
    (check, _) = telling_check(scenario, truths)
    odds = probe_odds(learn(scenario), finding_model(truths, check), check)
    honest = probe(scenario)["memorised:probe/no-to-losers"]
    for seed in range(12):
        world = draw(scenario, seed).world
        before = odds(engine.view(engine.new_game(scenario, seed)))
        assert 0.2 < before[world] < 0.8  # blind askers: the pitches do not tell
        game = engine.new_game(scenario, seed)
        game, _ = engine.play_round(game, honest.decide(engine.view(game), random.Random(0)))
        assert odds(engine.view(game))[world] > 0.95


def test_no_memorised_plans_without_worlds() -> None:
    plain = load_text(_without_worlds(WORLDS.format(chance=0.5, rest=0.5)))
    assert plain.ok, plain.render()
    assert probe(plain.scenario) == {} and told(plain.scenario, "") == {}
    assert engine.new_game(plain.scenario, 1).truth.world == ""


def test_analyze_holds_evidence_to_a_bar_over_the_probe_and_says_what_to_change() -> None:
    """With blind askers and worlds that settle what pays, the probe plays as well as
    `evidence`: the verdict's memorised line fails, the report names the plan, and the
    suggestion is to make the requests bets within each world."""
    scenario = _blind_askers()
    report = author_report(scenario, seeds=6, robust_seeds=None, workers=1)
    line = next(c for c in report.checks if c.name.startswith("evidence / best memorised plan"))
    best = report.balance.best_memorised
    assert best is not None and best.name in line.name
    assert line.value == pytest.approx(report.balance.mean("evidence") / best.mean)
    assert not line.passed and line.bar == EVIDENCE_OVER_MEMORISED
    (said,) = [s for s in report.suggestions if s.about == "evidence / best memorised plan"]
    (rid, mid), _ = telling_check(scenario, replayed_truths(scenario))
    assert "within each world" in said.text and f"`{mid}` on '{rid}'" in said.text
    assert said.requests == (rid,)
    assert report.as_dict()["best_memorised"] == best.name
    row = next(r for r in report_lines(report, scenario, 1) if r.startswith("memorised "))
    assert row.split()[1] == f"{best.mean:.1f}" and best.name in row
    assert set(report.as_dict()["memorised"]) == set(probe(scenario))


def test_without_worlds_analyze_has_no_memorised_line() -> None:
    plain = load_text(_without_worlds(WORLDS.format(chance=0.5, rest=0.5))).scenario
    report = author_report(plain, seeds=2, robust_seeds=None, workers=1)
    assert report.balance.best_memorised is None
    assert not any("memorised" in c.name for c in report.checks)
    assert "memorised" not in "\n".join(report_lines(report, plain, 1))


def test_one_world_has_no_world_to_tell_and_no_memorised_plan_or_world_reader() -> None:
    plain = _without_worlds(WORLDS.format(chance=0.5, rest=0.5))
    one = plain.replace("requests:", "worlds:\n  - id: only\n    title: The only one\n"
                        "    chance: 1\nrequests:", 1)
    result = load_text(one)
    assert result.ok and len(result.scenario.worlds) == 1, result.render()
    assert probe(result.scenario) == {} and world_reader(result.scenario) == {}
