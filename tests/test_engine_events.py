"""Events: scheduled and conditional news that changes the game at the start of a round.

Protects: `round` and `when` triggers (shipped, declined, discovered, metric, trust, from_round,
all, any, not, fired), `chance` drawn from the seed, `repeat`, every effect (metrics, trust,
capacity, add_requests, withdraw_requests, force_requests), and the event's message reaching
both `view.news` (the round it fires) and the previous round's report.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_engine_support import D, make, metric_delta, person, play, reasons, req, trust_delta

from pmsim import engine
from pmsim.engine.report import Cause

MESSAGE = "Something happened that you should know about."


def event(eid: str = "ev", **fields: Any) -> dict[str, Any]:
    return {"id": eid, "title": f"Event {eid}", "message": f"{MESSAGE} ({eid})", **fields}


def scenario(*events: dict[str, Any], requests: list[dict[str, Any]] | None = None,
             rounds: int = 4, **parts: Any) -> engine.Game:
    """Requests default to 'a' and 'b', both under 'later', which does not wear here (so
    silence costs no trust)."""
    requests = requests or [req("a"), req("b")]
    parts.setdefault("roadmap", {"later": [r["id"] for r in requests]})
    parts.setdefault("rules", {"trust": {"parked_wear": 0}})
    return engine.new_game(make(rounds=rounds, requests=requests, events=list(events), **parts), 0)


def fired_in(game: engine.Game, *decisions: engine.Decision) -> dict[str, list[int]]:
    """The rounds at whose start each event fired, as the player sees it in `view.news`; rounds
    without a decision are played with an empty one."""
    seen: dict[str, list[int]] = {}
    plan = list(decisions)
    while not game.over:
        for item in engine.view(game).news:
            if item.kind == "event":
                seen.setdefault(item.event or "?", []).append(game.round)
        game, _ = engine.play_round(game, plan.pop(0) if plan else D())
    return seen


def test_a_scheduled_event_fires_in_its_round_with_its_message_and_effects() -> None:
    game = scenario(event(round=2, effects={"metrics": {"satisfaction": 5}}))
    assert engine.view(game).news == ()
    after1, (r1,) = play(game, D())
    (news,) = r1.news
    assert (news.kind, news.event, news.title) == ("event", "ev", "Event ev")
    assert news.message == f"{MESSAGE} (ev)"
    assert engine.view(after1).news == (news,)
    assert after1.metrics["satisfaction"] == 65
    assert metric_delta(r1, "satisfaction") == 5
    assert reasons(r1, "satisfaction") == ["Event ev"]
    after2, (r2,) = play(after1, D())
    assert engine.view(after2).news == () and r2.news == ()
    assert fired_in(game) == {"ev": [2]}


def test_a_round_one_event_fires_when_the_game_starts() -> None:
    game = scenario(event(round=1, speaker="ana", effects={"metrics": {"morale": -10}}))
    (news,) = engine.view(game).news
    assert news.speaker == "ana"
    assert game.metrics["morale"] == 70


@pytest.mark.parametrize(
    ("when", "decisions", "expected"),
    [
        ({"shipped": "a"}, [D(), D(build=["a"])], [3]),
        ({"declined": "a"}, [D(answers={"a": "no"})], [2]),
        ({"discovered": "a"}, [D(), D(discover=[("a", "look")])], [3]),
        ({"from_round": 3}, [], [3]),
        ({"all": [{"from_round": 2}, {"not": {"shipped": "a"}}]}, [], [2]),
        ({"all": [{"from_round": 2}, {"not": {"shipped": "a"}}]}, [D(build=["a"])], []),
        ({"any": [{"shipped": "a"}, {"from_round": 4}]}, [D(build=["a"])], [2]),
        ({"any": [{"shipped": "a"}, {"from_round": 4}]}, [], [4]),
        ({"not": {"from_round": 2}}, [], [1]),
    ],
)
def test_conditional_events_fire_in_the_first_round_their_condition_holds(
    when: dict[str, Any], decisions: list[engine.Decision], expected: list[int]
) -> None:
    game = scenario(event(when=when),
                    discovery=[{"id": "look", "name": "Look", "cost": 1}])
    assert fired_in(game, *decisions) == ({"ev": expected} if expected else {})


def test_a_metric_condition_fires_when_the_metric_crosses_the_line() -> None:
    below = scenario(
        event(when={"metric": "satisfaction", "below": 55}),
        requests=[req("a", neglect={"satisfaction": [-3, -3]})],
    )
    assert fired_in(below) == {"ev": [3]}  # 60 -> 57 -> 54
    above = scenario(
        event(when={"metric": "satisfaction", "above": 70}),
        requests=[req("a", impact={"satisfaction": [15, 15]})],
    )
    assert fired_in(above, D(build=["a"])) == {"ev": [2]}


def test_a_trust_condition_fires_when_trust_falls() -> None:
    game = scenario(
        event(when={"trust": "ana", "below": 50}),
        requests=[req("a"), req("b"), req("c")],
        roadmap={},
    )
    answers = [D(answers={"a": "no", "b": "later", "c": "later"}), D(answers={"b": "no"})]
    assert fired_in(game, *answers) == {"ev": [3]}  # 60 -> 53 -> 47


def test_round_and_when_together_need_both() -> None:
    both = event(round=2, when={"shipped": "a"})
    assert fired_in(scenario(both), D(build=["a"])) == {"ev": [2]}
    assert fired_in(scenario(both), D(), D(build=["a"])) == {}  # too late: only round 2


def test_a_fired_condition_follows_the_other_event() -> None:
    game = scenario(
        event("early", when={"fired": "first"}),
        event("first", round=2),
        event("after", when={"fired": "first"}),
    )
    fired = fired_in(game)
    assert fired["first"] == [2]
    assert fired["after"] == [2]  # listed after it: sees it in the same round
    assert fired["early"] in ([2], [3])  # listed before it: never before it


@pytest.mark.parametrize(("chance", "expected"), [(0.0, set()), (1.0, {1})])
def test_chance_zero_never_and_one_always(chance: float, expected: set[int]) -> None:
    scenario_ = make(requests=[req("a")], events=[event(round=1, chance=chance)])
    for seed in range(30):
        game = engine.new_game(scenario_, seed)
        assert {1 for n in engine.view(game).news if n.kind == "event"} == expected


def test_chance_is_drawn_from_the_seed() -> None:
    scenario_ = make(requests=[req("a")], events=[event(round=1, chance=0.5)])
    outcomes = set()
    for seed in range(60):
        game = engine.new_game(scenario_, seed)
        fired = "ev" in game.fired
        assert fired == (game.truth.event_rolls["ev"][0] < 0.5)
        assert fired == any(n.event == "ev" for n in engine.view(game).news)
        assert engine.new_game(scenario_, seed).fired == game.fired  # reproducible
        outcomes.add(fired)
    assert outcomes == {True, False}


def test_a_repeating_event_fires_every_round_its_condition_holds() -> None:
    once = scenario(event(when={"from_round": 1}, effects={"metrics": {"satisfaction": -1}}))
    assert fired_in(once) == {"ev": [1]}
    again = scenario(
        event(when={"from_round": 1}, repeat=True, effects={"metrics": {"satisfaction": -1}})
    )
    assert fired_in(again) == {"ev": [1, 2, 3, 4]}
    end, _ = play(again, D(), D(), D(), D())
    assert end.fired == {"ev": 4}
    assert end.metrics["satisfaction"] == 56  # 60, less 1 at the start of each round


def test_a_repeating_chance_event_rolls_again_each_round() -> None:
    scenario_ = make(rounds=8, requests=[req("a")], roadmap={"later": ["a"]},
                     events=[event(when={"from_round": 1}, repeat=True, chance=0.5)])
    for seed in range(10):
        game = engine.new_game(scenario_, seed)
        rolls = game.truth.event_rolls["ev"]
        expected = [r + 1 for r in range(8) if rolls[r] < 0.5]
        assert fired_in(game).get("ev", []) == expected


def test_an_event_moves_trust() -> None:
    game = scenario(event(round=2, effects={"trust": {"ana": -10}}))
    after, (r1,) = play(game, D())
    assert trust_delta(r1, "ana") == -10
    assert reasons(r1, "ana") == ["Event ev"]
    assert engine.view(after).stakeholders[0].trust == 50


def test_an_event_changes_that_rounds_capacity_only() -> None:
    game = scenario(event(round=2, effects={"capacity": -3}))
    seen = []
    while not game.over:
        view = engine.view(game)
        seen.append(view.capacity)
        if game.round == 2:
            assert Cause(-3, "Event ev") in view.capacity_causes
        game, report = engine.play_round(game, D())
        assert report.capacity == seen[-1]
    assert seen == [10, 7, 10, 10]


def test_an_event_adds_a_request_to_the_board() -> None:
    game = scenario(
        event(round=2, effects={"add_requests": ["n"]}),
        requests=[req("a"), req("n", pitch="A brand new need.")],
        roadmap={"later": ["a"]},
    )
    view = engine.view(game)
    assert [r.id for r in view.requests] == ["a"]
    with pytest.raises(engine.InvalidDecision) as info:
        engine.play_round(game, D(build=["n"]))
    assert info.value.reasons == ["'Request N' cannot be built: it has not arrived yet"]
    after, (r1,) = play(game, D())
    view = engine.view(after)
    assert view.request("n").new and view.request("n").status == "open"
    arrival = [n for n in r1.news if n.kind == "arrival"]
    assert len(arrival) == 1 and "A brand new need." in arrival[0].message
    end, _ = play(after, D(build=["n"]))
    assert end.status["n"] == "shipped"


def test_an_event_withdraws_a_request() -> None:
    game = scenario(
        event(round=2, effects={"withdraw_requests": ["a"]}),
        requests=[req("a", neglect={"satisfaction": [-1, -1]}), req("b")],
        roadmap={"next": ["a"], "later": ["b"]},
    )
    after, (r1,) = play(game, D())
    assert r1.trust == ()
    assert after.status["a"] == "withdrawn"
    assert [r.id for r in engine.view(after).requests] == ["b"]
    with pytest.raises(engine.InvalidDecision) as info:
        engine.play_round(after, D(build=["a"]))
    assert "withdrawn" in info.value.reasons[0]
    _, (r2, r3) = play(after, D(), D())
    # the promise went with it (no broken promise), and so did its neglect
    assert r2.trust == () and r3.trust == ()
    assert r2.metrics == () and r3.metrics == ()


def test_an_event_forces_a_request_into_the_round() -> None:
    game = scenario(event(round=2, effects={"force_requests": ["b"]}))
    assert not engine.view(game).request("b").forced
    after, _ = play(game, D())
    view = engine.view(after)
    assert view.request("b").forced and view.roadmap["now"] == ("b",)
    with pytest.raises(engine.InvalidDecision):
        engine.play_round(after, D(answers={"b": "no"}))
    end, (r2,) = play(after, D(build=["a"]))
    assert end.status["a"] == end.status["b"] == "shipped"
    assert [w.request for w in r2.work] == ["b", "a"]  # forced work comes first


def test_a_request_only_an_event_forces_is_on_the_board_from_round_one() -> None:
    game = scenario(
        event(round=2, effects={"force_requests": ["f"]}),
        requests=[req("a"), req("f")],
        roadmap={"later": ["a", "f"]},
    )
    assert engine.view(game).request("f").status == "open"


def test_a_forced_request_still_waits_for_its_dependencies() -> None:
    game = scenario(
        event(round=1, effects={"force_requests": ["top"]}),
        requests=[req("base", estimate=3), req("top", estimate=2, depends_on=["base"])],
        roadmap={"later": ["base"]},
    )
    assert engine.view(game).request("top").locked_by == ("base",)
    end, _ = play(game, D())
    assert end.status["top"] != "shipped"


def test_events_can_speak_for_several_people() -> None:
    game = engine.new_game(
        make(
            stakeholders=[person("ana"), person("bob")],
            requests=[req("a")],
            roadmap={"later": ["a"]},
            events=[event(round=2, effects={"trust": {"ana": 5, "bob": -5}})],
        ),
        0,
    )
    _, (r1,) = play(game, D())
    assert (trust_delta(r1, "ana"), trust_delta(r1, "bob")) == (5, -5)
