"""An inherited roadmap can promise a request for any round (`roadmap.promised`), not only
'now' and 'next': the engine holds the player to the date, and the loader checks it."""

from __future__ import annotations

from conftest import load_text
from test_engine_support import D, make, play, req, scenario_data, to_yaml, trust_delta

from pmsim import engine


def _dated(round_: int = 3) -> engine.Game:
    scenario = make(rounds=4, requests=[req("a")],
                    roadmap={"promised": [{"request": "a", "round": round_}]})
    return engine.new_game(scenario, 0)


def test_a_dated_promise_shows_its_round_and_stands_until_then() -> None:
    game = _dated()
    view = engine.view(game)
    assert view.request("a").promised_for == 3
    assert "a" in view.roadmap["next"]
    game, reports = play(game, D(), D())
    assert all(trust_delta(r, "ana") == 0 for r in reports)  # not due yet: nothing to keep
    assert engine.view(game).request("a").promised_for == 3


def test_a_dated_promise_is_kept_by_shipping_in_its_round_and_broken_by_silence() -> None:
    game = _dated()
    rules = game.scenario.rules.trust
    early, _ = play(game, D(), D())
    _, (kept,) = play(early, D(build=["a"]))
    assert trust_delta(kept, "ana") == rules.built + rules.kept_promise
    _, (broken,) = play(early, D())
    assert trust_delta(broken, "ana") == rules.broken_promise


def _errors(roadmap: dict[str, object]) -> list[tuple[int, str]]:
    text = to_yaml(scenario_data(rounds=4, requests=[req("a"), req("b")], roadmap=roadmap))
    result = load_text(text)
    return [(d.line, d.message) for d in result.diagnostics if d.severity == "error"]


def test_a_promise_for_an_unknown_request_or_a_round_past_the_end_is_located() -> None:
    (unknown,) = _errors({"promised": [{"request": "zz", "round": 2}]})
    assert "zz" in unknown[1] and unknown[0] > 1
    (late,) = _errors({"promised": [{"request": "a", "round": 6}]})
    assert "round 6" in late[1] and "4 rounds" in late[1]


def test_a_request_promised_twice_on_the_roadmap_is_an_error() -> None:
    (twice,) = _errors({"next": ["a"], "promised": [{"request": "a", "round": 3}]})
    assert "already on the roadmap under 'next'" in twice[1]


def _warnings(roadmap: dict[str, object]) -> list[str]:
    text = to_yaml(scenario_data(rounds=4, requests=[req("a", arrives=3), req("b")],
                                 roadmap=roadmap))
    return [d.message for d in load_text(text).diagnostics if d.severity == "warning"]


def test_a_promise_due_before_its_request_arrives_is_a_warning() -> None:
    (early,) = _warnings({"promised": [{"request": "a", "round": 2}]})
    assert "promised for round 2 but arrives in round 3" in early
    (now,) = _warnings({"now": ["a"]})
    assert "promised for round 1" in now
    assert not _warnings({"promised": [{"request": "a", "round": 3}], "now": ["b"]})


def test_the_debrief_says_a_dated_promise_was_re_planned_with_evidence() -> None:
    """Re-dating a promise with new evidence is a re-plan, not a break: the roadmap principle
    says so, instead of 'no promise fell due'."""
    from pmsim.analysis.principles import principles

    scenario = make(rounds=4, requests=[req("a")],
                    discovery=[{"id": "data", "name": "Data", "cost": 1}],
                    roadmap={"promised": [{"request": "a", "round": 2}]})
    game = engine.new_game(scenario, 0)
    game, _ = play(game, D(discover=[("a", "data")]), D(answers={"a": "next"}),
                   D(build=["a"]), D())
    why = principles(game)["roadmap"].why
    assert "No promise fell due" not in why
    assert "Request A, promised for sprint 2, was re-planned to sprint 3 because of new " \
           "evidence" in why
    assert [(r.request, r.round, r.due, r.answer) for r in game.replans] == [("a", 2, 2, "next")]


def test_a_promise_that_can_never_be_kept_is_a_located_warning() -> None:
    """A request bigger, at the least, than the capacity up to its promised round cannot be
    delivered in time: `validate` says so at the promise and says what to change."""
    big = req("a", estimate=10, cost=[9, 12])
    text = to_yaml(scenario_data(rounds=5, capacity=4, requests=[big, req("b", estimate=6)],
                                 roadmap={"now": ["b"],
                                          "promised": [{"request": "a", "round": 2}]}))
    found = [d for d in load_text(text).diagnostics if "can never be delivered" in d.message]
    assert [(d.severity, d.line) for d in found] == [
        ("warning", text.splitlines().index("  - b") + 1),
        ("warning", text.splitlines().index("    round: 2") + 1)]
    late = found[1]
    assert "'a' is promised for round 2" in late.message
    assert "its cost range starts at 9 points, and rounds 1-2 hold 8 in all" in late.message
    assert late.hint is not None and "promise it for round 3 or later" in late.hint
    kept = to_yaml(scenario_data(rounds=5, capacity=4, requests=[big],
                                 roadmap={"promised": [{"request": "a", "round": 3}]}))
    assert not [d for d in load_text(kept).diagnostics if "can never" in d.message]
