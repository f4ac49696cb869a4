"""Replays: (scenario content, seed, decisions) re-create a game exactly, or refuse clearly.

Protects saving, resuming and workshop re-simulation: a recorded game survives the JSON round
trip and replays to the identical state and score; a replay refuses a scenario whose content
changed (but not one whose comments did); and any damaged replay text is answered with a
ReplayError, never another exception.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from test_engine_support import D, load, play, play_randomly, snapshot, tutorial

from pmsim import engine
from pmsim.engine import Replay, ReplayError
from pmsim.resources import scenarios_dir


def tutorial_text() -> str:
    return (scenarios_dir() / "tutorial.yaml").read_text(encoding="utf-8")


def test_a_replay_re_creates_the_game_exactly() -> None:
    for seed in (0, 3, 99):
        end, _ = play_randomly(tutorial(), seed, policy_seed=seed + 10)
        assert end.over
        recorded = engine.record(end)
        assert (recorded.scenario_id, recorded.seed) == ("tutorial", seed)
        assert recorded.scenario_hash == engine.scenario_hash(tutorial())
        text = recorded.to_json()
        parsed = Replay.from_json(text)
        assert parsed == recorded
        assert parsed.to_json() == text
        again = engine.replay(tutorial(), parsed)
        assert snapshot(again) == snapshot(end)
        assert engine.score(again) == engine.score(end)
        assert engine.debrief(again) == engine.debrief(end)


def test_a_replay_of_an_unfinished_game_stops_where_it_was() -> None:
    game = engine.new_game(tutorial(), 5)
    middle, _ = play(game, D(build=["double-booking"], answers={"branded-app": "not_now"}))
    again = engine.replay(tutorial(), Replay.from_json(engine.record(middle).to_json()))
    assert again.round == 2
    assert snapshot(again) == snapshot(middle)
    assert engine.view(again) == engine.view(middle)
    fresh = engine.replay(tutorial(), engine.record(game))
    assert snapshot(fresh) == snapshot(game)


def test_a_changed_scenario_is_refused_with_a_clear_message() -> None:
    end, _ = play_randomly(tutorial(), 1, policy_seed=1)
    recorded = Replay.from_json(engine.record(end).to_json())
    text = tutorial_text()
    assert "Three prospects asked me" in text
    edited = load(text.replace("Three prospects asked me", "Four prospects asked me"))
    with pytest.raises(ReplayError) as info:
        engine.replay(edited, recorded)
    message = str(info.value)
    assert "different version" in message and "'tutorial'" in message
    # a simulation number is content too
    retuned = load(text.replace("ignored: -2 ", "ignored: -3 "))
    assert retuned.rules.trust.ignored == -3
    with pytest.raises(ReplayError):
        engine.replay(retuned, recorded)


def test_comments_and_layout_are_not_content() -> None:
    end, _ = play_randomly(tutorial(), 2, policy_seed=2)
    recorded = engine.record(end)
    text = tutorial_text()
    assert "\nrounds: 3\n" in text
    commented = load(
        "# a facilitator's note\n\n" + text.replace("\nrounds: 3\n", "\nrounds:   3  # short\n")
    )
    again = engine.replay(commented, recorded)
    assert engine.score(again) == engine.score(end)


def _valid() -> dict[str, Any]:
    end, _ = play_randomly(tutorial(), 4, policy_seed=4)
    return json.loads(engine.record(end).to_json())


def _with(**changes: Any) -> str:
    data = _valid()
    for key, value in changes.items():
        if value is ...:
            del data[key]
        else:
            data[key] = value
    return json.dumps(data)


def _decision(**shape: Any) -> str:
    return _with(decisions=[{"build": [], "discover": [], "answers": {}, **shape}])


DAMAGED = {
    "not json": "this is not json {",
    "empty": "",
    "a list": "[]",
    "NaN": "NaN",
    "another kind of file": json.dumps({"kind": "something-else", "version": 1}),
    "no kind": _with(kind=...),
    "newer version": _with(version=3),
    "first rules of play": _with(version=1),
    "no version": _with(version=...),
    "no seed": _with(seed=...),
    "seed as text": _with(seed="7"),
    "seed as boolean": _with(seed=True),
    "seed as fraction": _with(seed=1.5),
    "seed overflowing to infinity": _with(seed=...).replace("{", '{"seed": 1e999, ', 1),
    "no decisions": _with(decisions=...),
    "decisions as object": _with(decisions={"build": []}),
    "no scenario": _with(scenario=...),
    "scenario hash missing": _with(scenario={"id": "tutorial"}),
    "scenario id as number": _with(scenario={"id": 1, "hash": "x"}),
    "decision not an object": _with(decisions=[1]),
    "decision with an unknown key": _decision(trust={"maya": 100}),
    "build not a list": _decision(build="sso"),
    "build with a number": _decision(build=[1]),
    "discover not pairs": _decision(discover=["branded-app"]),
    "discover triple": _decision(discover=[["branded-app", "check-data", "x"]]),
    "discover with numbers": _decision(discover=[[1, 2]]),
    "answers not an object": _decision(answers=["branded-app"]),
    "answer not an answer": _decision(answers={"branded-app": "maybe"}),
    "answer as a list": _decision(answers={"branded-app": ["no"]}),
    "deeply nested": "[" * 100_000 + "]" * 100_000,
    "too large": " " * 2_000_001,
}


@pytest.mark.parametrize("text", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_replay_is_a_replay_error(text: str) -> None:
    with pytest.raises(ReplayError) as info:
        Replay.from_json(text)
    assert str(info.value)


def test_a_replay_with_an_absurdly_long_number_is_a_replay_error() -> None:
    text = _with(seed=...).replace("{", '{"seed": ' + "9" * 5000 + ", ", 1)
    try:
        Replay.from_json(text)
    except ReplayError:
        return
    except Exception as exc:  # anything else is the bug
        pytest.fail(f"{type(exc).__name__}: {exc}")


PLAYABLE_BUT_WRONG = {
    "more decisions than rounds": lambda d: d["decisions"].append(
        {"build": [], "discover": [], "answers": {}}
    ),
    "an unknown request": lambda d: d["decisions"][0].update(build=["no-such-thing"]),
    "a request built twice": lambda d: d["decisions"][0].update(
        build=["double-booking", "double-booking"]
    ),
}


@pytest.mark.parametrize("damage", PLAYABLE_BUT_WRONG.values(), ids=PLAYABLE_BUT_WRONG.keys())
def test_a_replay_that_cannot_be_played_is_a_replay_error(damage: Any) -> None:
    data = _valid()
    damage(data)
    recorded = Replay.from_json(json.dumps(data))
    with pytest.raises(ReplayError) as info:
        engine.replay(tutorial(), recorded)
    assert str(info.value)


JUNK: list[Any] = [
    None, True, False, 0, -1, 7, 1.5, 10**30, "", "x", "next", "no", "branded-app",
    "check-data", [], {}, [[]], [["branded-app", "check-data"]], {"branded-app": "no"},
    {"build": ["db-upgrade"]}, ["db-upgrade"], {"kind": "pmsim-replay"},
]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def test_randomly_damaged_replays_give_a_game_or_a_replay_error() -> None:
    rng = random.Random(2024)
    originals = [_valid()] + [
        json.loads(engine.record(play_randomly(tutorial(), s, policy_seed=s)[0]).to_json())
        for s in (8, 9)
    ]
    outcomes = {"game": 0, "error": 0}
    for _ in range(400):
        data = json.loads(json.dumps(rng.choice(originals)))
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(_paths(data)[1:])
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            if rng.random() < 0.2 and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = json.loads(json.dumps(rng.choice(JUNK)))
        try:
            engine.replay(tutorial(), Replay.from_json(json.dumps(data)))
            outcomes["game"] += 1
        except ReplayError as exc:
            assert str(exc)
            outcomes["error"] += 1
    assert outcomes["game"] and outcomes["error"]


def test_the_recorded_history_does_not_change_behind_the_games_back() -> None:
    game = engine.new_game(tutorial(), 6)
    answers = {"branded-app": "later"}
    after, _ = engine.play_round(game, engine.Decision(answers=answers))  # type: ignore[arg-type]
    answers["branded-app"] = "no"  # a front end reusing its dict for the next round
    again = engine.replay(tutorial(), engine.record(after))
    assert snapshot(again) == snapshot(after)


def test_a_replay_from_the_first_rules_of_play_is_refused_with_the_reason() -> None:
    with pytest.raises(engine.ReplayError, match="first rules of play"):
        engine.Replay.from_json(_with(version=1))
