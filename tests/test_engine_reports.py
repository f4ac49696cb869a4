"""Round reports explain themselves, and bad decisions are refused whole.

Protects two promises of the engine. Every metric and trust change in a report carries causes, in
words, that add up to the change (so a learner can always answer 'why did this move?'), and no
number moves without one. A decision that cannot be played is rejected with every reason at once
and nothing applied: the game object handed in is never changed, by a rejected or an accepted
decision.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import BASE
from test_engine_support import (
    D,
    load,
    make,
    person,
    play,
    play_randomly,
    req,
    snapshot,
    tutorial,
)

from pmsim import engine
from pmsim.engine.game import Game
from pmsim.engine.report import RoundReport

# --- causes --------------------------------------------------------------------------------------


def assert_explained(before: Game, after: Game, report: RoundReport) -> None:
    """Every change adds up from its causes, and every moved number has a change."""
    for change in (*report.metrics, *report.trust):
        assert change.causes, change
        assert abs(sum(c.amount for c in change.causes) - change.delta) < 1e-6, change
        for cause in change.causes:
            assert isinstance(cause.reason, str) and cause.reason.strip(), change
            assert cause.amount != 0, change
        assert change.label
    by_metric = {c.target: c for c in report.metrics}
    for name, value in after.metrics.items():
        if name in by_metric:
            assert by_metric[name].before == before.metrics[name]
            assert by_metric[name].after == value
        else:
            assert value == before.metrics[name], f"{name} moved without a cause"
    by_person = {c.target: c for c in report.trust}
    for sid, value in after.trust.items():
        if sid in by_person:
            assert by_person[sid].before == before.trust[sid]
            assert by_person[sid].after == value
        else:
            assert value == before.trust[sid], f"trust of {sid} moved without a cause"
    for cause in report.capacity_causes:
        assert cause.reason.strip()
    assert report.capacity == max(0, round(sum(c.amount for c in report.capacity_causes)))


def test_tutorial_reports_add_up_whatever_the_player_does() -> None:
    for seed in range(25):
        end, rounds = play_randomly(tutorial(), seed, policy_seed=seed * 7 + 1)
        afters = [before for before, _ in rounds[1:]] + [end]
        for (before, report), after in zip(rounds, afters, strict=True):
            assert_explained(before, after, report)


def test_reports_add_up_at_the_edges_of_every_range() -> None:
    """Clamped metrics (0-100, never below 0) and trust at its limits still add up."""
    scenario = make(
        quiet=False,
        metrics={"satisfaction": 97, "tech_health": 3, "morale": 2, "customers": 5,
                 "revenue": 10},
        stakeholders=[person("ana", trust=99, cares_about=["satisfaction", "revenue"]),
                      person("bob", trust=1, cares_about=["tech_health"])],
        requests=[
            req("up", impact={"satisfaction": [30, 30], "morale": [50, 50]}),
            req("down", by="bob", impact={"customers": [-50, -50], "revenue": [-50, -50]},
                neglect={"tech_health": [-9, -9]}),
            req("x", estimate=9),
        ],
        events=[{"id": "hit", "title": "Hit", "message": "Ouch.", "when": {"from_round": 2},
                 "repeat": True, "effects": {"metrics": {"satisfaction": -40, "morale": 20},
                                             "trust": {"ana": 10, "bob": -10}}}],
    )
    for seed in range(10):
        game = engine.new_game(scenario, seed)
        for decision in (D(build=["up", "down", "x"]), D(), D()):
            before = game
            open_ids = {r.id for r in engine.view(game).open_requests}
            if not set(decision.build) <= open_ids:
                decision = D()
            game, report = engine.play_round(game, decision)
            assert_explained(before, game, report)


# --- invalid decisions ---------------------------------------------------------------------------


def _base() -> Game:
    return engine.new_game(load(BASE), 1)


def _after(*decisions: engine.Decision) -> Callable[[], Game]:
    def setup() -> Game:
        game, _ = play(_base(), *decisions)
        return game
    return setup


SHIPPED = _after(D(build=["sso"]))  # 4-8 points in a capacity of 10: it always ships
DISCOVERED = _after(D(discover=[("sso", "interviews")], answers={"sso": "later"}))
DECLINED = _after(D(answers={"sso": "no"}))
OVER = _after(D(), D(), D())

CASES = [
    ("unknown request", _base, D(build=["nope"]), ["there is no request 'nope'"]),
    ("locked by a dependency", _base, D(build=["export"]),
     ["'CSV export' needs 'Single sign-on' shipped first"]),
    ("listed twice", _base, D(build=["sso", "sso"]), ["'Single sign-on' is listed twice"]),
    ("answering work being built", _base, D(build=["sso"], answers={"sso": "no"}),
     ["'Single sign-on' is being built, so it needs no answer"]),
    ("discovery on an unknown request", _base, D(discover=[("nope", "interviews")]),
     ["there is no request 'nope'"]),
    ("unknown discovery method", _base, D(discover=[("sso", "tarot")]),
     ["there is no discovery method 'tarot'"]),
    ("the same discovery twice at once", _base,
     D(discover=[("sso", "interviews"), ("sso", "interviews")]),
     ["Customer interviews on 'Single sign-on' is listed twice in the same round"]),
    ("discovery already run", DISCOVERED, D(discover=[("sso", "interviews")]),
     ["Customer interviews has already been run on 'Single sign-on'"]),
    ("answer to an unknown request", _base, D(answers={"nope": "no"}),
     ["there is no request 'nope'"]),
    ("not an answer", _base, D(answers={"sso": "maybe"}),
     ["'maybe' is not an answer; use one of: next, later, not_now, no"]),
    ("already shipped", SHIPPED, D(build=["sso"]),
     ["'Single sign-on' cannot be built: it has already shipped"]),
    ("answering a shipped request", SHIPPED, D(answers={"sso": "no"}),
     ["'Single sign-on' is not waiting for an answer: it has already shipped"]),
    ("discovery on a shipped request", SHIPPED, D(discover=[("sso", "interviews")]),
     ["cannot run discovery on 'Single sign-on': it has already shipped"]),
    ("building a declined request", DECLINED, D(build=["sso"]),
     ["'Single sign-on' cannot be built: it was declined"]),
    ("game over", OVER, D(), ["the game is over"]),
    ("everything at once", _base,
     D(build=["nope", "export", "sso", "sso"], discover=[("sso", "tarot")],
       answers={"sso": "no", "ghost": "later"}),
     ["there is no request 'nope'",
      "'CSV export' needs 'Single sign-on' shipped first",
      "'Single sign-on' is listed twice",
      "there is no discovery method 'tarot'",
      "'Single sign-on' is being built, so it needs no answer",
      "there is no request 'ghost'"]),
]


@pytest.mark.parametrize(
    ("setup", "decision", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_an_invalid_decision_is_rejected_with_every_reason_and_nothing_applied(
    setup: Callable[[], Game], decision: engine.Decision, expected: list[str]
) -> None:
    game = setup()
    state = snapshot(game)
    view = engine.view(game)
    assert engine.check(game, decision) == expected
    with pytest.raises(engine.InvalidDecision) as info:
        engine.play_round(game, decision)
    assert info.value.reasons == expected
    assert str(info.value) == "; ".join(expected)
    assert snapshot(game) == state
    assert engine.view(game) == view


def test_a_valid_decision_leaves_the_game_it_was_given_unchanged() -> None:
    for seed in range(5):
        game = engine.new_game(tutorial(), seed)
        state = snapshot(game)
        view = engine.view(game)
        decision = D(build=["online-deposits", "double-booking"],
                     discover=[("branded-app", "check-data")],
                     answers={"branded-app": "no", "db-upgrade": "next"})
        after, _ = engine.play_round(game, decision)
        assert snapshot(game) == state
        assert engine.view(game) == view
        assert after is not game and after.round == game.round + 1
        # the same decision on the same state gives the same result
        again, _ = engine.play_round(game, decision)
        assert snapshot(again) == snapshot(after)


def test_a_valid_decision_has_no_reasons() -> None:
    game = _base()
    assert engine.check(game, D(build=["sso"], discover=[("sso", "interviews")])) == []
