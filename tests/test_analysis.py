"""Policies, the hindsight-optimal search, skill versus luck, and the balance report."""

from __future__ import annotations

import pytest

from pmsim.analysis import POLICIES, analyze, compare, play, search, skill_vs_luck
from pmsim.analysis.luck import play_decisions, sanitize
from pmsim.catalog import load
from pmsim.engine import Decision, check, new_game, score


@pytest.fixture(scope="module")
def tutorial():
    return load("tutorial").scenario


@pytest.mark.parametrize("name", sorted(POLICIES))
def test_policies_play_whole_games_deterministically(tutorial, name) -> None:
    a = play(tutorial, 11, POLICIES[name])
    b = play(tutorial, 11, POLICIES[name])
    assert a.over and len(a.decisions) == tutorial.rounds
    assert a.decisions == b.decisions
    assert score(a).total == score(b).total


def test_loudest_never_discovers_and_serves_influence_first(tutorial) -> None:
    game = play(tutorial, 3, POLICIES["loudest"])
    assert all(not d.discover for d in game.decisions)
    influence = {s.id: s.influence for s in tutorial.stakeholders}
    first = game.decisions[0].build
    asked = {r.id: r.asked_by for r in tutorial.requests}
    assert first and influence[asked[first[0]]] == max(influence.values())


def test_rice_discover_runs_discovery(tutorial) -> None:
    game = play(tutorial, 3, POLICIES["rice-discover"])
    assert any(d.discover for d in game.decisions)
    assert not any(d.discover for d in play(tutorial, 3, POLICIES["rice"]).decisions)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_optimal_is_never_beaten_on_its_seed(tutorial, seed) -> None:
    games = [play(tutorial, seed, p) for p in POLICIES.values()]
    best = search(tutorial, seed, candidates=games, budget=30)
    assert best.score >= max(score(g).total for g in games)
    assert best.score == score(best.game).total
    assert "not proven optimal" in best.method


def test_optimal_search_alone_beats_the_hippo(tutorial) -> None:
    hippo = sum(score(play(tutorial, s, POLICIES["loudest"])).total for s in range(1, 6))
    best = sum(search(tutorial, s, budget=30).score for s in range(1, 6))
    assert best > hippo


def test_sanitize_drops_only_what_cannot_be_played(tutorial) -> None:
    game = new_game(tutorial, 1)
    decision = Decision(
        build=("double-booking", "nonexistent", "double-booking"),
        discover=(("branded-app", "check-data"), ("branded-app", "nope")),
        answers={"branded-app": "later", "double-booking": "no", "ghost": "no"},
    )
    assert check(game, decision)
    clean = sanitize(game, decision)
    assert clean.build == ("double-booking",)
    assert clean.discover == (("branded-app", "check-data"),)
    assert clean.answers == {"branded-app": "later"}
    assert check(game, clean) == []


def test_skill_vs_luck_separates_decisions_from_dice(tutorial) -> None:
    game = play(tutorial, 4, POLICIES["wsjf"])
    luck = skill_vs_luck(game, samples=20)
    assert luck.samples == 20
    assert luck.low <= luck.expected <= luck.high
    assert 0 <= luck.percentile <= 100
    assert luck.luck == pytest.approx(luck.actual - luck.expected)
    # the same decisions in the game's own world give the actual score
    planned = [r.planned for r in game.reports]
    own = play_decisions(tutorial, game.seed, game.decisions, game.seed, planned)
    assert score(own).total == pytest.approx(luck.actual)


def test_better_decisions_have_better_expected_scores(tutorial) -> None:
    good = skill_vs_luck(play(tutorial, 4, POLICIES["wsjf"]), samples=20)
    bad = skill_vs_luck(play(tutorial, 4, POLICIES["loudest"]), samples=20)
    assert good.expected > bad.expected


def test_compare_lists_every_baseline_on_the_same_seed(tutorial) -> None:
    game = play(tutorial, 6, POLICIES["random"])
    comparison = compare(game, samples=5, budget=20)
    names = [b.name for b in comparison.baselines]
    assert names == ["loudest", "rice", "wsjf", "random", "evidence", "optimal"]
    assert comparison.baseline("random").score == pytest.approx(score(game).total)
    assert comparison.baseline("optimal").score >= max(b.score for b in comparison.baselines)
    assert all(len(b.shipped) == tutorial.rounds for b in comparison.baselines)


def test_balance_report_shape_and_warnings(tutorial) -> None:
    report = analyze(tutorial, seeds=8)
    data = report.as_dict()
    for name in ("random", "loudest", "rice", "optimal"):
        stats = data["policies"][name]
        assert stats["min"] <= stats["mean"] <= stats["max"]
    assert data["policies"]["optimal"]["mean"] >= data["policies"]["rice"]["mean"]
    assert set(data["shipped_by_optimal"]) == {r.id for r in tutorial.requests}
    assert set(data["events_fired"]) == {e.id for e in tutorial.events}
    for eid, share in data["events_fired"].items():
        if share == 0:
            assert any(eid in w for w in data["warnings"])


TRIVIAL = """\
format: 1
id: trivial
title: Nothing to decide
summary: One request, room to spare.
briefing: Build the one thing.
rounds: 2
capacity: 10
stakeholders:
  - {id: ann, name: Ann, role: CEO}
requests:
  - id: only
    title: The only request
    asked_by: ann
    pitch: Please build it.
    kind: tech_debt
    estimate: 2
    claimed_impact: {satisfaction: 5}
    impact: {satisfaction: [5, 5], tech_health: [5, 5]}
"""


def test_balance_warns_when_the_hippo_is_as_good_as_thinking() -> None:
    from conftest import load_text

    scenario = load_text(TRIVIAL).scenario
    report = analyze(scenario, seeds=3, budget=10)
    assert report.mean("optimal") >= report.mean("loudest") >= 0.9 * report.mean("optimal")
    assert any("does not reward thinking" in w for w in report.warnings), report.warnings


def test_parallel_and_sequential_analysis_agree(tutorial) -> None:
    one = analyze(tutorial, seeds=8, workers=1).as_dict()
    two = analyze(tutorial, seeds=8, workers=2).as_dict()
    assert one == two


def test_slack_left_on_purpose_is_not_filled_in_other_worlds(tutorial) -> None:
    """A player who plans one small request and leaves the rest of the capacity free gets the
    same one request in every redrawn world, not their later priorities."""
    from pmsim.engine import play_round

    game = new_game(tutorial, 3)
    game, _ = play_round(game, Decision(build=("double-booking",)))
    game, _ = play_round(game, Decision(build=("db-upgrade",)))
    game, _ = play_round(game, Decision())
    planned = [r.planned for r in game.reports]
    for truth_seed in (5, 6, 7):
        other = play_decisions(tutorial, game.seed, game.decisions, truth_seed, planned)
        first = other.reports[0]
        assert [w.request for w in first.work] == ["double-booking"]


def test_optimal_is_exact_where_the_search_space_allows() -> None:
    from conftest import load_text

    scenario = load_text(TRIVIAL).scenario
    result = search(scenario, 3, budget=10)
    assert result.exact and result.method.startswith("exact")
    for policy in POLICIES.values():
        assert result.score >= score(play(scenario, 3, policy)).total
    assert result.evaluated > 1


def test_optimal_says_when_it_is_only_the_best_found(tutorial) -> None:
    result = search(tutorial, 3, budget=10)
    assert not result.exact and "not proven optimal" in result.method
