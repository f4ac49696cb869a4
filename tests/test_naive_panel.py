"""The panel of naive rules: a family of templates that read no evidence, wide enough that a
scenario cannot pass by beating a short list (pmsim/analysis/naive.py)."""

from __future__ import annotations

import itertools
import random

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.analysis.kind_weighted import LABEL_TABLES, POWERS, learned_weights
from pmsim.analysis.naive import PROMISE_SHARE, SIZE_CAPS, panel, replayed_worth
from pmsim.analysis.policies import play_together
from pmsim.catalog import load
from pmsim.engine import new_game, play_round, score, view
from tests.conftest import load_text


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


KINDS = """\
format: 1
id: kinds
title: Kinds that pay
summary: A bug that pays, a feature that loses, an experiment in between.
briefing: You are the PM.
rounds: 3
capacity: 6
stakeholders:
  - id: ann
    name: Ann
    role: Sales
  - id: bo
    name: Bo
    role: Support
requests:
  - id: crash
    title: Crash fix
    asked_by: bo
    kind: bug
    pitch: It crashes.
    estimate: 3
    claims: [satisfaction]
    impact: {satisfaction: [4, 6]}
  - id: shiny
    title: Shiny feature
    asked_by: ann
    kind: feature
    pitch: Everyone wants it.
    estimate: 3
    claims: [revenue]
    impact: {revenue: [-400, -200]}
  - id: trial
    title: Pricing trial
    asked_by: ann
    kind: experiment
    pitch: Worth a look.
    estimate: 3
    claims: [revenue]
    impact: {revenue: [100, 300]}
"""


def _kinds(text: str = KINDS):
    scenario = load_text(text).scenario
    assert scenario is not None
    return scenario


def test_the_learned_kind_weights_order_kinds_by_what_they_paid_in_replays() -> None:
    """A replaying player learns that the bug pays, the experiment a little and the feature
    loses; the honest learned rule then never builds the feature and tells its asker 'no'."""
    scenario = _kinds()
    worth = replayed_worth(scenario)
    weights = learned_weights(scenario, worth)
    assert weights == pytest.approx({r.kind: worth[r.id] for r in scenario.requests})
    assert weights["bug"] > weights["experiment"] > 0 > weights["feature"]
    honest = panel(scenario)["naive:kind-weighted-learned-sqrt/no-to-losers"]
    decision = honest.decide(view(new_game(scenario, 3)), random.Random(0))
    assert "shiny" not in decision.build and decision.answers["shiny"] == "no"
    assert "crash" in decision.build


def test_the_panel_weighs_the_claim_by_kind_learned_and_by_label_tables() -> None:
    rules = panel(load("roadmap").scenario)
    for table in ("learned", *LABEL_TABLES):
        for power in POWERS:
            for answer in ("later", "promise-fill", "no-to-losers", "answers-like-evidence"):
                assert f"naive:kind-weighted-{table}-{power}/{answer}" in rules
    one_kind = _kinds(KINDS.replace("kind: bug", "kind: feature")
                      .replace("kind: experiment", "kind: feature"))
    assert not [n for n in panel(one_kind) if "kind-weighted" in n]


def test_a_kind_weighted_rule_reads_the_view_and_weighs_by_kind() -> None:
    """The same view, the same decision (the rules see nothing else); the maintenance table
    builds at least as much upkeep (bugs, tech debt, compliance) as its inverse, and the
    weights change what gets built."""
    roadmap = load("roadmap").scenario
    rules = panel(roadmap)
    for seed in range(1, 6):
        seen = view(new_game(roadmap, seed))
        for name, rule in rules.items():
            if "kind-weighted" in name:
                assert rule.decide(seen, random.Random(1)) == rule.decide(seen, random.Random(2))
    differ = 0
    for seed in range(1, 11):
        seen = view(new_game(roadmap, seed))
        fixes = rules["naive:kind-weighted-maintenance-sqrt/later"].decide(seen, random.Random(0))
        bets = rules["naive:kind-weighted-bets-sqrt/later"].decide(seen, random.Random(0))
        kind = {r.id: r.kind for r in seen.open_requests}
        upkeep = ("bug", "tech_debt", "compliance")
        assert (sum(kind[i] in upkeep for i in fixes.build)
                >= sum(kind[i] in upkeep for i in bets.build)), seed
        differ += fixes.build != bets.build
    assert differ, "the weight per kind changes what gets built"


def test_a_kind_weighted_rule_answers_like_evidence_honestly_past_the_horizon() -> None:
    """'no' only to what lies past what the rounds left can build (early in a long game), at
    most one 'next' a round, and nobody without an answer."""
    roadmap = load("roadmap").scenario
    rule = panel(roadmap)["naive:kind-weighted-maintenance-sqrt/answers-like-evidence"]
    noes = 0
    for seed in range(1, 6):
        game = new_game(roadmap, seed)
        while not game.over:
            seen = view(game)
            decision = rule.decide(seen, random.Random(0))
            assert not decision.discover
            assert list(decision.answers.values()).count("next") <= 1
            silent = [r.id for r in seen.open_requests if r.id not in decision.build
                      and r.id not in decision.answers and not r.forced
                      and not (r.promised_for or 0) > seen.round]
            assert not silent
            noes += list(decision.answers.values()).count("no")
            game, _ = play_round(game, decision)
    assert noes, "past the horizon, an honest no"


def test_a_kind_weighted_rule_as_the_best_template_gets_its_own_hint() -> None:
    """Not the promise-fill hint, though its name ends so: the lever is what pays per kind."""
    from pmsim.analysis.breakdown import RequestFigures
    from pmsim.analysis.suggest import suggestions
    from pmsim.analysis.verdict import Check

    scenario = _kinds()
    built = {"optimal": 0.9, "evidence": 0.5, "rice": 0.5, "loudest": 0.5, "best naive": 0.95}
    rows = [RequestFigures(r.id, r.id, 3, built, 1.0, 0.95) for r in scenario.requests]
    for name in ("naive:kind-weighted-maintenance-sqrt/promise-fill",
                 "naive:kind-weighted-learned-linear/answers-like-evidence"):
        failed = [Check(f"evidence / best naive rule ({name})", 1.0, 1.15, False)]
        hint = [s.text for s in suggestions(scenario, failed, rows, [], [])
                if "best template" in s.text]
        assert len(hint) == 1 and "gems and duds in every kind" in hint[0], name


def test_the_panel_prefers_the_pitches_that_claim_each_metric(tutorial) -> None:
    rules = panel(tutorial)
    claimed = {m for r in tutorial.requests for m in r.claimed_metrics()}
    assert len(claimed) >= 2
    for metric in claimed:
        for answer in ("later", "promise-fill"):
            assert f"naive:{metric}-claims-first/{answer}" in rules
    assert not any(n.startswith("naive:morale-claims-first") for n in rules
                   if "morale" not in claimed)


def test_a_claims_first_rule_builds_what_claims_its_metric_before_the_rest(tutorial) -> None:
    """After promises and deadlines, the pitches that claim the metric come first, by claim
    per point; the capacity left goes to the others."""
    for metric in sorted({m for r in tutorial.requests for m in r.claimed_metrics()}):
        rule = panel(tutorial)[f"naive:{metric}-claims-first/later"]
        v = view(new_game(tutorial, 7))
        decision = rule.decide(v, random.Random(0))
        requests = {r.id: r for r in v.open_requests}
        built = [rid for rid in decision.build
                 if not requests[rid].forced and requests[rid].promised_for is None
                 and requests[rid].deadline is None]
        claims = [metric in requests[rid].claimed_impact for rid in built]
        assert claims == sorted(claims, reverse=True), (metric, built)
        left_out = [r for r in v.open_requests if metric in r.claimed_impact
                    and r.id not in decision.build and not r.locked_by]
        if any(not c for c in claims):  # it moved on to other pitches: none of its own fit
            spare = v.capacity - sum(requests[rid].remaining_estimate for rid in decision.build)
            assert all(r.remaining_estimate > spare for r in left_out), metric


def test_a_claims_first_rule_as_the_best_template_gets_its_own_hint(tutorial) -> None:
    """Not the kinds' hint, though its name ends in '-first': the lever is the claimed
    metric."""
    from pmsim.analysis.breakdown import RequestFigures
    from pmsim.analysis.suggest import suggestions
    from pmsim.analysis.verdict import Check

    built = {"optimal": 0.9, "evidence": 0.5, "rice": 0.5, "loudest": 0.5, "best naive": 0.95}
    rows = [RequestFigures(r.id, r.id, 3, built, 1.0, 0.95) for r in tutorial.requests]
    name = "naive:revenue-claims-first/promise-fill"
    failed = [Check(f"evidence / best naive rule ({name})", 1.0, 1.15, False)]
    hint = [s.text for s in suggestions(tutorial, failed, rows, [], [])
            if "best template" in s.text]
    assert len(hint) == 1 and "claim one metric" in hint[0]
