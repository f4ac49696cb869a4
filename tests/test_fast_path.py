"""Making the engine faster must not move one score (issue 15).

`fixtures/perf/` keeps copies of the bundled scenarios as they were before the speed-up, and
`scores.json` games recorded on them then (see `fixtures/perf/record.py`): their decisions
and exact final scores, and the hindsight search's best score. The scenarios in `scenarios/`
may be retuned since; these copies are not.
"""

from __future__ import annotations

import dataclasses
import json
import random
from functools import cache
from pathlib import Path

import pytest

from pmsim.analysis.luck import replay_in
from pmsim.analysis.optimal import search
from pmsim.analysis.policies import POLICIES, play, policy_rng
from pmsim.analysis.posterior import redraw
from pmsim.engine import Decision, Game, PlayerView, new_game, play_round, score, view
from pmsim.engine.game import Memo
from pmsim.scenario import load_file
from pmsim.scenario.models import Scenario

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "perf"
RECORDED = json.loads((FIXTURES / "scores.json").read_text(encoding="utf-8"))
OWN_POLICIES = ("random", "loudest", "rice", "rice-discover", "wsjf")
"""Policies whose code belongs to the engine's speed work (the evidence policy is tuned
separately, so only its recorded decisions are replayed)."""


@cache
def scenario(name: str) -> Scenario:
    loaded = load_file(FIXTURES / f"{name}.yaml").scenario
    assert loaded is not None, name
    return loaded


def replayed(entry: dict) -> Game:
    game = new_game(scenario(entry["scenario"]), entry["seed"])
    for data in entry["decisions"]:
        game, _ = play_round(game, Decision.from_dict(data))
    return game


@pytest.mark.parametrize("entry", RECORDED["games"],
                         ids=lambda e: f"{e['scenario']}-{e['seed']}-{e['policy']}")
def test_recorded_decisions_score_exactly_as_before(entry: dict) -> None:
    game = replayed(entry)
    assert game.over
    assert score(game).total == entry["score"]


@pytest.mark.parametrize(
    "entry", [e for e in RECORDED["games"] if e["policy"] in OWN_POLICIES],
    ids=lambda e: f"{e['scenario']}-{e['seed']}-{e['policy']}")
def test_policies_decide_exactly_as_before(entry: dict) -> None:
    game = play(scenario(entry["scenario"]), entry["seed"], POLICIES[entry["policy"]])
    assert [d.to_dict() for d in game.decisions] == entry["decisions"]
    assert score(game).total == entry["score"]


@pytest.mark.parametrize("entry", RECORDED["searches"],
                         ids=lambda e: f"{e['scenario']}-{e['seed']}")
def test_the_hindsight_search_finds_exactly_what_it_found_before(entry: dict) -> None:
    candidates = [replayed(e) for e in RECORDED["games"]
                  if e["scenario"] == entry["scenario"] and e["seed"] == entry["seed"]]
    found = search(scenario(entry["scenario"]), entry["seed"], candidates=candidates, budget=40)
    assert (found.score, found.evaluated) == (entry["score"], entry["evaluated"])
    # its plans are played on the scoring-only path; the game it returns has every reason
    again = replayed({**entry, "decisions": [d.to_dict() for d in found.game.decisions]})
    assert found.game.explained and found.game.reports == again.reports


def fresh_view(game: Game) -> PlayerView:
    """The view built from nothing: a copy of the state with an empty memo."""
    clone = game.copy()
    clone.memo = Memo()
    return view(clone)


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.yaml")))
def test_views_built_from_the_memo_equal_views_built_afresh(name: str) -> None:
    checked = 0
    for policy in ("random", "evidence", "rice-discover"):
        game = new_game(scenario(name), 5)
        rng = policy_rng(policy, 5)
        while not game.over:
            seen = view(game)
            assert seen == fresh_view(game)
            assert seen.open_requests == fresh_view(game).open_requests
            checked += len(seen.requests)
            game, _ = play_round(game, POLICIES[policy].decide(seen, rng))
    assert checked > 0


class CountingTuple(tuple):  # type: ignore[type-arg]
    """A tuple that counts how often it is walked through."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        CountingTuple.walks += 1
        return super().__iter__()


@pytest.mark.parametrize("name", ("rice", "rice-discover", "wsjf", "loudest"))
def test_ranking_policies_walk_the_open_requests_a_fixed_number_of_times(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linear (plus a sort) in the open requests: each is scored once, and nothing walks the
    whole list once per request (wsjf counted what each request unblocks that way)."""
    import pmsim.analysis.policies as policies

    scored: list[str] = []
    real = policies.known_value
    monkeypatch.setattr(policies, "known_value",
                        lambda r, *a: scored.append(r.id) or real(r, *a))
    walks = []
    for rounds in (1, 4):
        game = new_game(scenario("roadmap"), 3)
        for _ in range(rounds - 1):
            game = play_round(game, POLICIES["rice"].decide(view(game), policy_rng("rice", 3)))[0]
        seen = view(game)
        object.__setattr__(seen, "open_requests", CountingTuple(seen.open_requests))
        CountingTuple.walks = 0
        scored.clear()
        POLICIES[name].decide(seen, policy_rng(name, 3))
        walks.append(CountingTuple.walks)
        if name != "loudest":
            assert sorted(scored) == sorted(r.id for r in seen.open_requests)
    assert len(set(walks)) == 1 and walks[0] <= 8, walks


SAME_IN_BOTH = tuple(
    f.name for f in dataclasses.fields(Game)
    if f.name not in ("scenario", "lookup", "memo", "state_memo", "reports", "explained")
)
"""Everything a state is, apart from the reasons the full path adds to its reports."""


@pytest.mark.parametrize("entry", RECORDED["games"][::3],
                         ids=lambda e: f"{e['scenario']}-{e['seed']}-{e['policy']}")
def test_the_scoring_only_path_plays_every_round_as_the_full_path(entry: dict) -> None:
    full = quiet = new_game(scenario(entry["scenario"]), entry["seed"])
    for data in entry["decisions"]:
        decision = Decision.from_dict(data)
        full, report = play_round(full, decision)
        quiet, brief = play_round(quiet, decision, explain=False)
        assert {n: getattr(quiet, n) for n in SAME_IN_BOTH} == {
            n: getattr(full, n) for n in SAME_IN_BOTH}
        assert (brief.round, brief.capacity, brief.planned, brief.used, brief.reactions,
                brief.news) == (report.round, report.capacity, report.planned, report.used,
                                report.reactions, report.news)
        assert brief.metrics == brief.trust == brief.work == () and report.metrics
    assert score(quiet).total == score(full).total == entry["score"]
    assert full.explained and not quiet.explained


@pytest.mark.parametrize("name", ["tutorial", "techdebt"])
def test_decisions_replayed_in_redrawn_worlds_score_alike_on_both_paths(name: str) -> None:
    game = play(scenario(name), 2, POLICIES["rice-discover"])
    planned = [r.planned for r in game.reports]
    rng = random.Random(0)
    for _ in range(4):
        truth = redraw(game, rng)
        full = replay_in(game.scenario, game.seed, game.decisions, truth, planned).game
        quiet = replay_in(game.scenario, game.seed, game.decisions, truth, planned,
                          explain=False).game
        assert score(quiet).total == score(full).total
        assert quiet.metric_history == full.metric_history and not quiet.explained


@pytest.mark.parametrize("entry", RECORDED["games"][1::4],
                         ids=lambda e: f"{e['scenario']}-{e['seed']}-{e['policy']}")
def test_a_policy_plays_alike_on_the_scoring_only_path(entry: dict) -> None:
    """Every policy, the evidence policy included (its decisions are compared as they are
    now, full path against scoring-only path, in the same run)."""
    where = scenario(entry["scenario"])
    full = play(where, entry["seed"], POLICIES[entry["policy"]])
    quiet = play(where, entry["seed"], POLICIES[entry["policy"]], explain=False)
    assert quiet.decisions == full.decisions and not quiet.explained
    assert score(quiet).total == score(full).total


def test_a_copy_shares_the_values_and_copies_the_containers_a_round_changes() -> None:
    from pmsim.engine.game import _COPIED

    game = new_game(scenario("pressure"), 1)
    game, _ = play_round(game, POLICIES["rice"].decide(view(game), policy_rng("rice", 1)))
    copy = game.copy()
    for f in dataclasses.fields(Game):
        mine, theirs = getattr(game, f.name), getattr(copy, f.name)
        if f.name == "state_memo":
            assert theirs is not mine
        elif f.name in _COPIED:
            assert theirs == mine and theirs is not mine, f.name
        else:
            assert theirs is mine, f.name


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.yaml")))
def test_views_stay_right_when_many_games_share_one_start(name: str) -> None:
    """Analysis plays every policy from one starting state, so they share its memo: a view
    remembered in one game must never be handed to another where the request differs."""
    for seed in (6, 7):
        start = new_game(scenario(name), seed)
        for policy in ("rice-discover", "rice", "random", "evidence", "loudest", "wsjf"):
            game = start
            rng = policy_rng(policy, seed)
            while not game.over:
                seen = view(game)
                assert seen == fresh_view(game), policy
                game, _ = play_round(game, POLICIES[policy].decide(seen, rng))


def test_a_request_shipped_in_two_games_from_one_start_shows_each_its_own_evidence() -> None:
    start = new_game(scenario("tutorial"), 3)
    first = view(start)
    target = min((r for r in first.open_requests if not r.locked_by and not r.forced),
                 key=lambda r: r.remaining_estimate)
    method = min(first.methods, key=lambda m: m.cost).id
    tested, _ = play_round(start, Decision(discover=((target.id, method),)))
    tested, _ = play_round(tested, Decision(build=(target.id,)))
    blind, _ = play_round(start, Decision(build=(target.id,)))
    blind, _ = play_round(blind, Decision())
    for game in (tested, blind, tested, blind):
        seen = view(game)
        assert seen.request(target.id).status == "shipped"
        assert seen == fresh_view(game)
    assert view(tested).request(target.id).evidence and not view(blind).request(target.id).evidence


def test_starts_are_drawn_once_per_scenario_object_and_seed() -> None:
    from pmsim.analysis import starts

    one, other = scenario("pressure"), scenario("tutorial")
    first = starts.start(one, 1)
    assert starts.start(other, 1) is not first and starts.start(one, 2) is not first
    assert starts.start(one, 1) is first  # seeds and scenarios interleaved, as robust plays
    fresh = new_game(one, 1)
    assert {f.name: getattr(first, f.name) for f in dataclasses.fields(Game)} == {
        f.name: getattr(fresh, f.name) for f in dataclasses.fields(Game)}
    copy = one.model_copy(deep=True)
    assert starts.start(copy, 1) is not first  # another object: drawn for itself
    assert starts.view_of(first) is starts.view_of(first) == view(fresh)
