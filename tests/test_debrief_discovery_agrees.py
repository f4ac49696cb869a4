"""The debrief never contradicts itself about discovery: a lesson praising a check does not sit
beside a discovery principle that says nothing was tested, a test on a small decision is named
as such, and a check listed among the decisions that 'cost most' says what its worth measures.

The tester's game: the tutorial, seed 3, the data checked on the branded app and on the
double-booking bug in sprint 1, the branded app left under 'later' until the chain signed
elsewhere (the event withdraws it). The lesson praised the check, the principle read "You
tested 0 of your 4 biggest decisions" and both checks were listed at about -2 points."""

from __future__ import annotations

import pytest
from conftest import load_text
from test_principles import SMALL, finish

from pmsim import catalog
from pmsim.analysis.coach import Coaching, coach
from pmsim.analysis.luck import sanitize
from pmsim.analysis.principles import principles
from pmsim.engine import Decision, Game, debrief, new_game, play_round
from pmsim.engine.status import Status
from pmsim.play.debrief_lines import CHECK_PRICE, lesson_lines, principle_lines, worth_lines

CHECKS = (("branded-app", "check-data"), ("double-booking", "check-data"))


@pytest.fixture(scope="module")
def game() -> Game:
    scenario = catalog.load("tutorial").scenario
    assert scenario is not None
    played = new_game(scenario, 3)
    for decision in (
        Decision(build=("online-deposits", "sms-reminders"), discover=CHECKS),
        Decision(build=("sms-reminders", "calendar-sync"), answers={"branded-app": "later"}),
        Decision(build=("db-upgrade", "log-cleanup", "gift-vouchers")),
    ):
        played, _ = play_round(played, sanitize(played, decision))
    assert played.over and played.status["branded-app"] == Status.WITHDRAWN
    return played


@pytest.fixture(scope="module")
def coaching(game: Game) -> Coaching:
    return coach(game, samples=3)


def test_a_praised_check_is_credited_by_the_discovery_principle(game: Game) -> None:
    lessons = [line.text for line in lesson_lines(debrief(game), principles(game))]
    assert any(text.startswith("Well done (discovery): You spent one point checking the "
                               "branded-app pitch") for text in lessons)
    found = principles(game)["discovery"]
    assert found.score > 0
    assert found.why.startswith("You tested 1 of your 5 biggest decisions before taking them, "
                                "counting Branded mobile app for each clinic, which you tested "
                                "and then did not build")
    # the other check was on a small decision, and the sentence says so
    assert found.why.endswith("; your other test was on a smaller one (Fix double bookings "
                              "after the clock change).")


def test_a_check_that_cost_points_says_what_its_worth_measures(game: Game,
                                                               coaching: Coaching) -> None:
    checks = [w for w in coaching.cost if w.choice.action == "discover"]
    assert {w.choice.request for w in checks} == {"branded-app", "double-booking"}
    scenario = game.scenario
    lines = [line.text for line in worth_lines(
        coaching, {r.id: r.title for r in scenario.requests},
        {m.id: m.name for m in scenario.discovery}, scenario.round_name)]
    assert "(against not running it, deciding the same)." in " ".join(lines)
    assert lines.count(CHECK_PRICE) == 1  # said once, under the first check
    assert "not what it told you" in CHECK_PRICE
    words = " ".join(line.text for line in principle_lines(coaching.principles))
    assert "Discovery: 20 of 100. You tested 1 of your 5" in words


def test_a_big_request_tested_and_left_open_is_a_tested_decision() -> None:
    result = load_text(SMALL + "discovery:\n  - id: data\n    name: Data\n    cost: 1\n")
    assert result.scenario is not None
    left = principles(finish(result.scenario, Decision(discover=(("loss", "data"),)),
                             Decision()))
    assert left["discovery"].score == 100
    assert left["discovery"].why == ("You tested your biggest decision before taking it, "
                                     "counting A loss, which you tested and then did not "
                                     "build.")


def test_one_big_decision_or_none_reads_as_such() -> None:
    """Not "0 of your 1 biggest decisions", nor "0 of your 0"."""
    result = load_text(SMALL + "discovery:\n  - id: data\n    name: Data\n    cost: 1\n")
    assert result.scenario is not None
    nothing = principles(finish(result.scenario, Decision(), Decision()))["discovery"]
    assert nothing.why == "You built and declined nothing, so there was no decision to test."
    built = principles(finish(result.scenario, Decision(build=("loss",)), Decision()))
    assert built["discovery"].why.startswith(
        "You did not test your biggest decision before taking it")


def test_tests_only_on_small_decisions_are_named_so() -> None:
    text = SMALL.replace("requests:\n", """requests:
  - id: tiny
    title: A tiny one
    asked_by: ana
    pitch: Small.
    estimate: 1
    cost: [1, 1]
    impact: {satisfaction: [1, 1]}
""") + "discovery:\n  - id: data\n    name: Data\n    cost: 1\n"
    result = load_text(text)
    assert result.scenario is not None, result.render()
    game = finish(result.scenario, Decision(discover=(("tiny", "data"),), build=("win",)),
                  Decision(build=("loss", "tiny")))
    found = principles(game)["discovery"]
    assert found.score == 0
    assert found.why == ("You tested 0 of your 2 biggest decisions before taking them; your "
                         "one test was on a smaller one (A tiny one).")
