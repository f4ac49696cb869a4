"""A decision listing a build or a discovery three times is told so once ("listed 3 times"), not
"is listed twice" twice; any other reason repeated by repeated ids is said once too."""

from __future__ import annotations

import pytest

from pmsim import engine
from pmsim.catalog import load
from pmsim.engine import Decision, Replay, ReplayError, new_game, play_round, scenario_hash

PAIR = ("branded-app", "check-data")
BUG = "'Fix double bookings after the clock change'"


def refusal(*decisions: Decision) -> str:
    scenario = load("tutorial").scenario
    rep = Replay(scenario.id, scenario_hash(scenario), 7, decisions)
    with pytest.raises(ReplayError) as info:
        engine.replay(scenario, rep)
    return str(info.value)


def reasons(decision: Decision) -> list[str]:
    return engine.check(new_game(load("tutorial").scenario, 7), decision)


def test_a_build_listed_three_times_is_reported_once() -> None:
    said = refusal(Decision(build=("double-booking",) * 3))
    assert said == f"round 1 of the replay cannot be played: {BUG} is listed 3 times"


def test_a_build_listed_twice_is_still_listed_twice() -> None:
    assert reasons(Decision(build=("double-booking",) * 2)) == [f"{BUG} is listed twice"]


def test_two_builds_each_repeated_are_each_reported_once() -> None:
    said = reasons(Decision(build=("double-booking", "branded-app", "double-booking",
                                   "branded-app", "double-booking")))
    assert said == [f"{BUG} is listed 3 times",
                    "'Branded mobile app for each clinic' is listed twice"]


def test_a_discovery_listed_three_times_is_reported_once() -> None:
    assert reasons(Decision(discover=(PAIR,) * 3)) == [
        "Check the data on 'Branded mobile app for each clinic' is listed 3 times in the same "
        "round"]


def test_run_before_and_listed_three_times_gives_each_reason_once() -> None:
    game, _ = play_round(new_game(load("tutorial").scenario, 7), Decision(discover=(PAIR,)))
    assert engine.check(game, Decision(discover=(PAIR,) * 3)) == [
        "Check the data has already been run on 'Branded mobile app for each clinic'",
        "Check the data on 'Branded mobile app for each clinic' is listed 3 times in the same "
        "round",
    ]


def test_an_unknown_request_listed_three_times_is_reported_once() -> None:
    assert reasons(Decision(build=("nope",) * 3)) == ["there is no request 'nope'"]
