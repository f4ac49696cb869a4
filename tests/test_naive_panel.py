"""The panel of naive rules: a family of templates that read no evidence, wide enough that a
scenario cannot pass by beating a short list (pmsim/analysis/naive.py)."""

from __future__ import annotations

import itertools
import random

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.analysis.naive import PROMISE_SHARE, SIZE_CAPS, panel
from pmsim.analysis.policies import play_together
from pmsim.catalog import load
from pmsim.engine import new_game, play_round, score, view


@pytest.fixture(scope="module")
def tutorial():
    return load("tutorial").scenario


def test_the_panel_prefers_every_kind_and_every_pair_of_kinds(tutorial) -> None:
    rules = panel(tutorial)
    kinds = sorted({r.kind for r in tutorial.requests})
    for size in (1, 2):
        for chosen in itertools.combinations(kinds, size):
            for cue in ("cheapest", "claim-per-point"):
                assert f"naive:{'+'.join(chosen)}-first/{cue}/later" in rules


def test_no_naive_rule_runs_discovery(tutorial) -> None:
    for rule in panel(tutorial).values():
        game = play(tutorial, 5, rule, explain=False)
        assert not any(d.discover for d in game.decisions), rule.name


def test_a_kinds_first_rule_builds_those_kinds_before_anything_else(tutorial) -> None:
    rule = panel(tutorial)["naive:bug+compliance-first/claim-per-point/later"]
    game = play(tutorial, 5, rule)
    kinds = {r.id: r.kind for r in tutorial.requests}
    promised = {r.id for r in view(new_game(tutorial, 5)).open_requests if r.promised_for == 1}
    first = [rid for rid in game.decisions[0].build if rid not in promised]
    preferred = [rid for rid in first if kinds[rid] in ("bug", "compliance")]
    assert preferred and first[:len(preferred)] == preferred
    others = [r for r in first if kinds[r] not in ("bug", "compliance")]
    assert others, "fills the rest of the capacity by claim per point"


@pytest.mark.parametrize("stem", ["tutorial", "roadmap"])
def test_playing_the_panel_together_gives_each_rule_its_own_game(stem: str) -> None:
    scenario = load(stem).scenario
    policies = [*POLICIES.values(), *panel(scenario).values()]
    for seed in (3, 8):
        together = play_together(scenario, seed, policies)
        for policy, game in zip(policies, together, strict=True):
            alone = play(scenario, seed, policy, explain=False)
            assert game.decisions == alone.decisions, policy.name
            assert score(game) == score(alone), policy.name


def test_a_size_capped_rule_never_builds_an_ask_over_its_share_of_the_capacity(tutorial) -> None:
    rules = panel(tutorial)
    assert {f"naive:under-{c:.2f}-capacity/claim-per-point/later" for c in SIZE_CAPS} <= set(rules)
    game = play(tutorial, 5, rules["naive:under-0.34-capacity/claim-per-point/later"])
    estimate = {r.id: r.estimate for r in tutorial.requests}
    built = [rid for d in game.decisions for rid in d.build]
    assert built and all(estimate[rid] <= 0.34 * 9 for rid in built)



def test_the_influence_weighted_rules_rank_by_claim_per_point_and_asker() -> None:
    roadmap = load("roadmap").scenario
    rules = panel(roadmap)
    loud = rules["naive:committed-claim-per-point-times-influence/later"]
    quiet = rules["naive:committed-claim-per-point-over-influence/later"]
    differ = 0
    for seed in range(1, 6):
        seen = view(new_game(roadmap, seed))
        influence = {s.id: s.influence for s in seen.stakeholders}

        def loudness(ids: tuple[str, ...], seen=seen, influence=influence) -> float:
            return sum(influence[seen.request(i).asked_by] for i in ids) / len(ids)

        louder = loud.decide(seen, random.Random(1)).build
        quieter = quiet.decide(seen, random.Random(1)).build
        assert loudness(louder) >= loudness(quieter), seed
        differ += louder != quieter
    assert differ, "the asker's influence changes what gets built"


@pytest.mark.parametrize(("name", "least_kept"), [
    ("naive:committed-cheapest/promise-fill", 5),
    ("naive:under-0.50-capacity/claim-per-point/promise-fill", 5),
    ("naive:under-0.34-capacity/claim-per-point/promise-fill", 0),  # little fits under a third
])
def test_a_promise_filling_rule_promises_the_next_in_line_and_keeps_those_promises(
        name: str, least_kept: int) -> None:
    """'next' to the next in line up to PROMISE_SHARE of the capacity, 'later' to everything
    else it does not build (nobody left without an answer), and its promises built (kept) the
    round they fall due, even where a size cap would skip them: trust earned without
    evidence."""
    scenario = load("ferry").scenario
    rule = panel(scenario)[name]
    kept = 0
    for seed in range(1, 11):
        game = new_game(scenario, seed)
        while not game.over:
            seen = view(game)
            decision = rule.decide(seen, random.Random(0))
            promised = [rid for rid, a in decision.answers.items() if a == "next"]
            size = {r.id: r.remaining_estimate for r in seen.open_requests}
            standing = sum(r.remaining_estimate for r in seen.open_requests
                           if r.promised_for == seen.round + 1)
            assert standing + sum(size[rid] for rid in promised) <= PROMISE_SHARE * seen.capacity
            assert set(decision.answers.values()) <= {"next", "later"}
            assert not promised or seen.round < seen.rounds
            silent = [r.id for r in seen.open_requests if r.id not in decision.build
                      and r.id not in decision.answers and not r.forced
                      and not (r.promised_for or 0) > seen.round]
            assert not silent, (seed, seen.round, silent)
            game, report = play_round(game, decision)
            assert not [x for x in report.reactions if x.kind == "promise_broken"], (seed, name)
            if seen.round > 1:
                kept += sum(1 for r in seen.open_requests if r.promised_for == seen.round
                            and r.id in decision.build)
    assert kept >= least_kept
