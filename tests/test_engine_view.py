"""The player view holds what the player may know, and nothing of the hidden truth.

Protects the 'hidden truth, visible view' contract: before discovery the view is the same for
every seed (so it cannot carry anything drawn from one), no true cost or impact can be found
anywhere in it, evidence and requests appear only once earned or arrived; discovery narrows
the known ranges around the truth (exactly onto it at precision 0); shipping reveals the real
cost; and the debrief, after the game, reveals everything.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest
from test_engine_support import D, make, play, req, seed_where, tutorial

from pmsim import engine
from pmsim.scenario import Scenario

METHODS = [
    {"id": "exact", "name": "Exact look", "cost": 1, "reveals": "impact", "precision": 0},
    {"id": "size", "name": "Size it", "cost": 1, "reveals": "cost", "precision": 0},
    {"id": "proto", "name": "Prototype", "cost": 2, "reveals": "both", "precision": 0},
    {"id": "half", "name": "Half look", "cost": 1, "reveals": "both", "precision": 0.5},
    {"id": "half2", "name": "Second look", "cost": 1, "reveals": "both", "precision": 0.5},
]


def uncertain() -> Scenario:
    """Wide ranges everywhere, distinctive numbers, evidence, a later arrival and a chance event
    that cannot fire in round 1."""
    return make(
        requests=[
            req("secret", estimate=18, cost=[17, 19], impact={"revenue": [1234.5, 1234.9]},
                neglect={"customers": [-7.77, -7.71]},
                evidence={"exact": "EVIDENCE-EXACT", "half": "EVIDENCE-HALF"}),
            req("wide", estimate=4, cost=[2, 10],
                impact={"satisfaction": [0, 100], "customers": [-50, 50]}),
            req("plain", estimate=2, impact={"satisfaction": [3, 3]}),
            req("later", estimate=3, cost=[1, 8], arrives=2, pitch="LATER-PITCH"),
            req("added", estimate=3, pitch="ADDED-PITCH"),
        ],
        discovery=METHODS,
        events=[
            {"id": "maybe", "title": "Maybe", "message": "It may happen.", "round": 2,
             "chance": 0.5, "effects": {"add_requests": ["added"]}},
        ],
    )


def walk(value: Any, path: str = "view") -> Iterator[tuple[str, Any]]:
    """Every string and number reachable from a view, with where it is. Anything that is not
    plain data (a Game, a Truth, a scenario model) fails the test: the view must not hold it."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str | int | float):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        assert type(value).__module__ in ("pmsim.engine.view", "pmsim.engine.report"), path
        for field in dataclasses.fields(value):
            yield from walk(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(key, f"{path}[key]")
            yield from walk(item, f"{path}[{key!r}]")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")
    else:
        raise AssertionError(f"{path} holds a {type(value).__name__}, not plain data")


def hidden_values(game: engine.Game, rid: str) -> tuple[set[float], set[str]]:
    """The truth about one request as numbers, and as the words a string would carry."""
    numbers: set[float] = {float(game.truth.cost[rid])}
    numbers |= set(game.truth.impact[rid].values()) | set(game.truth.neglect[rid].values())
    words = {f"{n:g}" for n in numbers} | {f"{n:.2f}" for n in numbers if n != int(n)}
    return numbers, words


CLAIMED = ("claimed_impact", ".pitch", "].message")
"""Where the pitches' numbers show. Claims are drawn from the truth on purpose (times the
asker's optimism and a noise factor, rounded to two figures), so one can equal a hidden number
by chance; what they say is tested in test_engine_model."""


def assert_hides(view: engine.PlayerView, numbers: set[float], words: set[str]) -> None:
    for path, value in walk(view):
        if any(part in path for part in CLAIMED):
            continue
        if isinstance(value, str):
            for word in words:
                assert not re.search(rf"(?<![\d.]){re.escape(word)}(?![\d])", value), (path, word)
        else:
            assert float(value) not in numbers, (path, value)


def _without_claims(view: engine.PlayerView) -> engine.PlayerView:
    """The view with what the pitches claim blanked out (claims are drawn from the truth on
    purpose: they are evidence, biased and noisy)."""
    requests = tuple(dataclasses.replace(r, claimed_impact={}, pitch="") for r in view.requests)
    news = tuple(dataclasses.replace(n, message="") if n.kind == "arrival" else n
                 for n in view.news)
    return dataclasses.replace(view, requests=requests, news=news)


def test_the_first_view_differs_between_seeds_only_in_what_the_pitches_claim() -> None:
    for scenario in (uncertain(), tutorial()):
        first = _without_claims(engine.view(engine.new_game(scenario, 0)))
        truths = set()
        claims = set()
        for seed in range(1, 40):
            game = engine.new_game(scenario, seed)
            truths.add(repr(game.truth.cost) + repr(game.truth.impact))
            claims.add(repr(game.truth.claims))
            assert _without_claims(engine.view(game)) == first, (
                f"seed {seed} shows something seed 0 does not")
        assert len(truths) > 1 and len(claims) > 1


def test_no_true_cost_or_impact_can_be_found_in_the_view() -> None:
    scenario = uncertain()
    seeds = [s for s in range(40) if engine.new_game(scenario, s).truth.cost["secret"] != 18]
    assert len(seeds) > 10
    for seed in seeds[:10]:
        game = engine.new_game(scenario, seed)
        numbers, words = hidden_values(game, "secret")
        assert_hides(engine.view(game), numbers, words)
        # the wide request's impacts are two-decimal draws: none may show either (its cost, a
        # small whole number, is indistinguishable from the estimates and method costs)
        wide = {v for v in game.truth.impact["wide"].values() if v != int(v)}
        assert_hides(engine.view(game), wide, {f"{v:.2f}" for v in wide})
        # one round later, with other work shipped and discovery on another request
        after, _ = play(game, D(build=["plain"], discover=[("wide", "half")],
                                answers={"secret": "later"}))
        impact = set(game.truth.impact["secret"].values())
        assert_hides(engine.view(after), impact | {float(game.truth.cost["secret"])},
                     {f"{n:.2f}" for n in impact} | {str(game.truth.cost["secret"])})


def test_the_leak_scan_would_catch_a_leak() -> None:
    """The scan above is not vacuous: a true number or its text planted in a view is found."""
    scenario = uncertain()
    game = engine.new_game(scenario, seed_where(scenario, lambda g: g.truth.cost["secret"] != 18))
    numbers, words = hidden_values(game, "secret")
    view = engine.view(game)
    secret = view.request("secret")
    impact = game.truth.impact["secret"]["revenue"]
    planted = [
        dataclasses.replace(secret, real_cost=game.truth.cost["secret"]),
        dataclasses.replace(secret, known_impact={"revenue": (impact, impact)}),
        dataclasses.replace(secret, title=f"It is worth {impact:.2f} a sprint."),
    ]
    for leaky in planted:
        others = tuple(r for r in view.requests if r.id != "secret")
        with pytest.raises(AssertionError):
            assert_hides(dataclasses.replace(view, requests=(leaky, *others)), numbers, words)


def test_unearned_evidence_and_unarrived_requests_are_not_in_the_view() -> None:
    game = engine.new_game(uncertain(), 0)
    strings = [v for _, v in walk(engine.view(game)) if isinstance(v, str)]
    for hidden in ("EVIDENCE-EXACT", "EVIDENCE-HALF", "LATER-PITCH", "ADDED-PITCH"):
        assert not any(hidden in s for s in strings), hidden
    assert {r.id for r in engine.view(game).requests} == {"secret", "wide", "plain"}
    after, (report,) = play(game, D(discover=[("secret", "exact")]))
    (evidence,) = engine.view(after).request("secret").evidence
    assert (evidence.method, evidence.method_name, evidence.text) == (
        "exact", "Exact look", "EVIDENCE-EXACT"
    )
    assert report.discoveries[0].evidence == "EVIDENCE-EXACT"
    strings = [v for _, v in walk(engine.view(after)) if isinstance(v, str)]
    assert not any("EVIDENCE-HALF" in s for s in strings)
    assert "later" in {r.id for r in engine.view(after).requests}


@pytest.mark.parametrize(
    ("method", "shows_impact", "shows_cost"),
    [("exact", True, False), ("size", False, True), ("proto", True, True)],
)
def test_discovery_at_precision_zero_reveals_the_truth(
    method: str, shows_impact: bool, shows_cost: bool
) -> None:
    scenario = uncertain()
    for seed in range(8):
        game = engine.new_game(scenario, seed)
        before = engine.view(game).request("wide")
        assert before.known_impact == {} and before.known_cost is None
        assert "exact" in before.discovery_left
        after, _ = play(game, D(discover=[("wide", method)]))
        view = engine.view(after).request("wide")
        truth = game.truth
        if shows_impact:
            assert view.known_impact == {m: (v, v) for m, v in truth.impact["wide"].items()}
        else:
            assert view.known_impact == {}
        if shows_cost:
            assert view.known_cost == (truth.cost["wide"], truth.cost["wide"])
        else:
            assert view.known_cost is None
        assert method not in view.discovery_left
        assert view.real_cost is None


def test_discovery_ranges_are_honest_and_narrow_as_methods_are_added() -> None:
    """A finding is noisy: the combined estimate plus and minus one standard error holds the
    truth in about two games in three (a normal error's 68 %), and a second method narrows
    the range."""
    scenario = uncertain()
    inside = total = 0
    for seed in range(200):
        game = engine.new_game(scenario, seed)
        once, _ = play(game, D(discover=[("wide", "half")]))
        twice, _ = play(once, D(discover=[("wide", "half2")]))
        for metric in ("satisfaction", "customers"):
            low1, high1 = engine.view(once).request("wide").known_impact[metric]
            low2, high2 = engine.view(twice).request("wide").known_impact[metric]
            assert high2 - low2 < high1 - low1
            value = game.truth.impact["wide"][metric]
            inside += low2 <= value <= high2
            total += 1
    assert 0.55 < inside / total < 0.8


def test_shipping_reveals_the_real_cost() -> None:
    scenario = uncertain()
    seed = seed_where(scenario, lambda g: g.truth.cost["wide"] != 4 and g.truth.cost["wide"] <= 8)
    game = engine.new_game(scenario, seed)
    assert engine.view(game).request("wide").real_cost is None
    after, _ = play(game, D(build=["wide"]))
    view = engine.view(after).request("wide")
    assert view.status == "shipped"
    assert view.real_cost == game.truth.cost["wide"] != view.estimate


def test_the_debrief_reveals_the_truth_after_the_game() -> None:
    scenario = uncertain()
    game = engine.new_game(scenario, 4)
    with pytest.raises(ValueError, match="after the last round"):
        engine.debrief(game)
    end, _ = play(game, D(build=["plain"]), D(), D())
    debrief = engine.debrief(end)
    for item in debrief.requests:
        assert item.cost == game.truth.cost[item.id]
        assert item.impact == game.truth.impact[item.id]
        assert item.neglect == game.truth.neglect[item.id]
    assert debrief.score == engine.score(end)
    assert len(debrief.metric_history) == 4


def test_the_view_after_the_game() -> None:
    game = engine.new_game(uncertain(), 0)
    end, _ = play(game, D(), D(), D())
    view = engine.view(end)
    assert view.over and view.round == 3 and view.capacity == 0
    assert len(view.metric_history) == 4
