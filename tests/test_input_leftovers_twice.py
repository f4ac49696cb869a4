"""A plan or replay that lists the same discovery twice in one round is refused for that, not
as a method "already run" on the request (it never was: it is listed twice)."""

from __future__ import annotations

import pytest

from pmsim import engine
from pmsim.catalog import load
from pmsim.engine import Decision, Replay, ReplayError, new_game, play_round, scenario_hash

PAIR = ("branded-app", "check-data")


def refusal(*decisions: Decision) -> str:
    """Why a replay of the tutorial made of `decisions` cannot be played."""
    scenario = load("tutorial").scenario
    rep = Replay(scenario.id, scenario_hash(scenario), 7, decisions)
    with pytest.raises(ReplayError) as info:
        engine.replay(scenario, rep)
    return str(info.value)


def test_the_same_discovery_twice_in_a_round_is_said_to_be_listed_twice() -> None:
    said = refusal(Decision(discover=(PAIR, PAIR)))
    assert said == ("round 1 of the replay cannot be played: Check the data on 'Branded mobile "
                    "app for each clinic' is listed twice in the same round")
    assert "already" not in said


def test_a_discovery_run_in_an_earlier_round_is_still_said_to_have_been_run() -> None:
    said = refusal(Decision(discover=(PAIR,)), Decision(discover=(PAIR,)))
    assert said == ("round 2 of the replay cannot be played: Check the data has already been "
                    "run on 'Branded mobile app for each clinic'")


def test_run_before_and_listed_twice_now_gives_both_reasons() -> None:
    game, _ = play_round(new_game(load("tutorial").scenario, 7), Decision(discover=(PAIR,)))
    reasons = engine.check(game, Decision(discover=(PAIR, PAIR)))
    assert reasons == [
        "Check the data has already been run on 'Branded mobile app for each clinic'",
        "Check the data on 'Branded mobile app for each clinic' is listed twice in the same round",
    ]


def test_a_request_built_twice_is_said_to_be_listed_twice() -> None:
    said = refusal(Decision(build=("double-booking", "double-booking")))
    assert said.endswith("'Fix double bookings after the clock change' is listed twice")
