"""A count of rounds that can be 1 says '1 round' (or '1 sprint'), never '1 rounds'."""

from __future__ import annotations

from pmsim.catalog import load
from pmsim.commands.simulate import print_summary
from pmsim.engine import new_game
from pmsim.scenario import crossref
from pmsim.terminal.render import briefing


def _one_round():
    return load("tutorial").scenario.model_copy(update={"rounds": 1})


def test_a_round_past_a_one_round_game_says_one_round() -> None:
    found = crossref.check({"rounds": 1, "events": [{"id": "e", "round": 2}]})
    messages = [(f.message, f.hint) for f in found if "round 2" in f.message]
    assert messages, found
    message, hint = messages[0]
    assert message.endswith("the game has only 1 round"), message
    assert hint is not None and hint.startswith("use round 1"), hint
    found = crossref.check({"rounds": 3, "events": [{"id": "e", "round": 5}]})
    assert any(f.message.endswith("only 3 rounds") for f in found), found


def test_a_capacity_list_of_one_is_not_counted_as_rounds() -> None:
    # a single number is valid (every round); two for a three-round game is the error
    found = crossref.check({"rounds": 3, "capacity": [5, 5]})
    assert any("'capacity' lists 2 rounds, but" in f.message for f in found), found


def test_the_briefing_of_a_one_round_game() -> None:
    scenario = _one_round()
    text = briefing(scenario)
    assert f"The game lasts 1 {scenario.round_name}." in text
    assert f"1 {scenario.round_name}s" not in text


def test_an_unfinished_one_round_game_summary(capsys) -> None:
    scenario = _one_round()
    print_summary(new_game(scenario, 1), "t")
    out = capsys.readouterr().out
    assert f"after 0 of 1 {scenario.round_name} the" in out, out
