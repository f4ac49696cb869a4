"""What each decision was worth: every reported worth is the score difference of actually
replaying the game with that decision changed, and the top-3 lists follow from the worths."""

from __future__ import annotations

import pytest

from pmsim import catalog
from pmsim.analysis.policies import play_named
from pmsim.analysis.worth import choices, top, worths
from pmsim.engine import Decision, Game, check, new_game, play_round, score
from pmsim.scenario.models import Scenario

OTHER_ANSWER = {"next": "later", "later": "no", "not_now": "no", "no": "later"}


def scenario(name: str) -> Scenario:
    loaded = catalog.load(name).scenario
    assert loaded is not None
    return loaded


def allowed(game: Game, decision: Decision) -> Decision:
    """The test's own reading of 'as far as the rules allow': each part kept if the engine's
    check accepts it on its own."""
    build = tuple(r for r in decision.build if not check(game, Decision(build=(r,))))
    discover = tuple(p for p in decision.discover if not check(game, Decision(discover=(p,))))
    answers = {r: a for r, a in decision.answers.items()
               if r not in build and not check(game, Decision(answers={r: a}))}
    return Decision(build, discover, answers)


def replay_without(game: Game, round_number: int, request: str, action: str,
                   detail: str) -> float:
    """Written independently of `worth.py`: play the same seed again with one decision
    changed, and return the final score."""
    replayed = new_game(game.scenario, game.seed)
    for number, decision in enumerate(game.decisions, start=1):
        build = list(decision.build)
        discover = list(decision.discover)
        answers = dict(decision.answers)
        if action == "build" and number >= round_number:
            build = [r for r in build if r != request]
            if number == round_number:
                answers[request] = "later"
        elif action == "discover" and number == round_number:
            discover.remove((request, detail))
        elif action == "answer" and number == round_number:
            answers[request] = OTHER_ANSWER[detail]  # type: ignore[assignment]
        replayed, _ = play_round(replayed, allowed(replayed, Decision(tuple(build),
                                                                      tuple(discover), answers)))
    return score(replayed).total


CASES = [("tutorial", "evidence", 3), ("pressure", "rice", 11), ("influence", "random", 3),
         ("discovery", "evidence", 8)]


@pytest.mark.parametrize(("name", "policy", "seed"), CASES)
def test_each_worth_is_the_score_difference_of_the_replay(name: str, policy: str,
                                                          seed: int) -> None:
    game = play_named(scenario(name), seed, policy)
    actual = score(game).total
    measured = worths(game)
    assert measured, "a whole game has decisions"
    assert any(abs(w.worth) > 0.5 for w in measured), "some decision mattered"
    for w in measured:
        c = w.choice
        again = replay_without(game, c.round, c.request, c.action, c.detail)
        assert w.without == pytest.approx(again, abs=1e-9), c
        assert w.worth == pytest.approx(actual - again, abs=1e-9), c


def test_every_build_discovery_and_new_answer_is_measured() -> None:
    game = play_named(scenario("tutorial"), 3, "evidence")
    found = choices(game)
    first_built = {r for d in game.decisions for r in d.build}
    assert {c.request for c in found if c.action == "build"} == first_built
    runs = [(n, r, m) for n, d in enumerate(game.decisions, 1) for r, m in d.discover]
    assert sorted((c.round, c.request, c.detail) for c in found
                  if c.action == "discover") == sorted(runs)
    assert all(c.detail in OTHER_ANSWER for c in found if c.action == "answer")


@pytest.mark.parametrize(("name", "policy", "seed"), CASES)
def test_the_top_three_follow_from_the_worths(name: str, policy: str, seed: int) -> None:
    measured = worths(play_named(scenario(name), seed, policy))
    helped, cost = top(measured)
    assert len(helped) <= 3 and len(cost) <= 3
    assert [w.worth for w in helped] == sorted((w.worth for w in helped), reverse=True)
    assert [w.worth for w in cost] == sorted(w.worth for w in cost)
    assert all(w.worth > 0 for w in helped) and all(w.worth < 0 for w in cost)
    rest = [w for w in measured if w not in helped and w not in cost]
    if len(helped) == 3:
        assert all(w.worth <= helped[-1].worth for w in rest)
    if len(cost) == 3:
        assert all(w.worth >= cost[-1].worth for w in rest)
    positives = sorted((w.worth for w in measured if w.worth >= 0.05), reverse=True)
    assert [w.worth for w in helped] == positives[:3]
