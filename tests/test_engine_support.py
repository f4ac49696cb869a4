"""Building blocks for the engine tests, and the proof that their 'quiet' scenarios are still.

The other `test_engine_*` files import the helpers from here. Each test builds a small scenario
whose numbers make the expected effect unambiguous (cost and impact ranges of width zero), on
top of 'quiet' rules that switch off the background drift (tech decay, churn, growth, morale
recovery, stakeholders reacting to metrics), so that a number moves only because of the
mechanic under test. The tests in this file protect that premise: if a quiet game drifts on its
own, every other engine test would be measuring the wrong thing.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import random
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import yaml
from conftest import load_text

from pmsim import engine
from pmsim.engine.game import Game
from pmsim.engine.report import Cause, RoundReport
from pmsim.engine.view import PlayerView
from pmsim.resources import scenarios_dir
from pmsim.scenario import Scenario, load_file

QUIET_RULES: dict[str, dict[str, float]] = {
    "trust": {"metric_reaction": 0},
    "team": {"morale_recovery": 0},
    "product": {"tech_decay": 0, "churn_per_point": 0, "growth_per_point": 0},
}

QUIET_METRICS: dict[str, float] = {
    "satisfaction": 60,
    "customers": 1000,
    "revenue": 10000,
    "tech_health": 80,
    "morale": 80,
}


def person(sid: str = "ana", *, trust: float = 60, **fields: Any) -> dict[str, Any]:
    """A stakeholder (no metrics watched unless `cares_about` is given)."""
    return {"id": sid, "name": sid.title(), "role": "Colleague", "trust": trust, **fields}


def req(rid: str, *, by: str = "ana", estimate: int = 2, cost: list[int] | None = None,
        **fields: Any) -> dict[str, Any]:
    """A request whose real cost is exactly its estimate unless `cost` says otherwise."""
    return {
        "id": rid,
        "title": f"Request {rid.upper()}",
        "asked_by": by,
        "pitch": f"Please build {rid}.",
        "estimate": estimate,
        "cost": cost if cost is not None else [estimate, estimate],
        **fields,
    }


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def scenario_data(
    *,
    requests: list[dict[str, Any]],
    stakeholders: list[dict[str, Any]] | None = None,
    rounds: int = 3,
    capacity: int | list[int] = 10,
    metrics: Mapping[str, float] | None = None,
    rules: Mapping[str, Any] | None = None,
    quiet: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """The data of a small scenario; `rules` are merged over the quiet rules (if `quiet`)."""
    return {
        "format": 1,
        "id": "engine-test",
        "title": "Engine test",
        "summary": "A purpose-made scenario for one engine mechanic.",
        "briefing": "You are the PM.",
        "rounds": rounds,
        "capacity": capacity,
        "metrics": _merge(QUIET_METRICS, metrics or {}),
        "stakeholders": stakeholders if stakeholders is not None else [person()],
        "requests": requests,
        "rules": _merge(QUIET_RULES if quiet else {}, rules or {}),
        **extra,
    }


def to_yaml(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True)


def load(text: str) -> Scenario:
    """Load scenario YAML text; fails the test with the diagnostics if it is not valid."""
    result = load_text(text)
    assert result.scenario is not None, result.render()
    return result.scenario


def make(**parts: Any) -> Scenario:
    """A scenario from `scenario_data(**parts)`, written out as YAML and loaded like a file."""
    return load(to_yaml(scenario_data(**parts)))


@functools.cache
def tutorial() -> Scenario:
    result = load_file(scenarios_dir() / "tutorial.yaml")
    assert result.scenario is not None, result.render()
    return result.scenario


def D(build: Iterable[str] = (), discover: Iterable[tuple[str, str]] = (),
      answers: Mapping[str, str] | None = None) -> engine.Decision:
    """A decision, with tuples where the engine expects them."""
    return engine.Decision(
        build=tuple(build), discover=tuple(discover), answers=dict(answers or {})  # type: ignore[arg-type]
    )


def play(game: Game, *decisions: engine.Decision) -> tuple[Game, list[RoundReport]]:
    reports = []
    for decision in decisions:
        game, report = engine.play_round(game, decision)
        reports.append(report)
    return game, reports


def seed_where(scenario: Scenario, wanted: Callable[[Game], bool], limit: int = 2000) -> int:
    """The first seed whose drawn world satisfies `wanted` (robust to changes in draw order)."""
    for seed in range(limit):
        if wanted(engine.new_game(scenario, seed)):
            return seed
    raise AssertionError("no seed in range gives the wanted world")


def trust_delta(report: RoundReport, sid: str) -> float:
    change = next((c for c in report.trust if c.target == sid), None)
    return change.delta if change else 0.0


def metric_delta(report: RoundReport, metric: str) -> float:
    change = next((c for c in report.metrics if c.target == metric), None)
    return change.delta if change else 0.0


def causes(report: RoundReport, target: str) -> tuple[Cause, ...]:
    change = report.change(target)
    return change.causes if change else ()


def reasons(report: RoundReport, target: str) -> list[str]:
    return [c.reason for c in causes(report, target)]


def random_decision(view: PlayerView, rng: random.Random) -> engine.Decision:
    """Some valid decision a curious player could make: random builds, discovery and answers."""
    workable = list(view.open_requests)
    buildable = [r.id for r in workable if not r.locked_by]
    build = rng.sample(buildable, rng.randint(0, min(4, len(buildable))))
    discover = [
        (r.id, rng.choice(r.discovery_left))
        for r in workable
        if r.discovery_left and rng.random() < 0.25
    ]
    answers = {
        r.id: rng.choice(engine.ANSWERS)
        for r in workable
        if r.id not in build and not r.forced and rng.random() < 0.6
    }
    return D(build, discover, answers)


def play_randomly(scenario: Scenario, seed: int, policy_seed: int
                  ) -> tuple[Game, list[tuple[Game, RoundReport]]]:
    """A whole game of random decisions; returns the end and (state before, report) per round."""
    rng = random.Random(policy_seed)
    game = engine.new_game(scenario, seed)
    rounds = []
    while not game.over:
        decision = random_decision(engine.view(game), rng)
        before = game
        game, report = engine.play_round(game, decision)
        rounds.append((before, report))
    return game, rounds


def snapshot(game: Game) -> dict[str, Any]:
    """A deep copy of every field of a game except the shared, immutable scenario parts."""
    return {
        f.name: copy.deepcopy(getattr(game, f.name))
        for f in dataclasses.fields(game)
        if f.name not in ("scenario", "lookup")
    }


# --- the premise ---------------------------------------------------------------------------------


def test_a_quiet_game_with_nothing_decided_stands_still() -> None:
    scenario = make(requests=[req("a")], roadmap={"later": ["a"]},
                    rules={"trust": {"parked_wear": 0}})
    game = engine.new_game(scenario, 3)
    end, reports = play(game, D(), D(), D())
    assert end.over
    assert end.metrics == {k: float(v) for k, v in QUIET_METRICS.items()}
    assert end.trust == {"ana": 60.0}
    for report in reports:
        assert report.metrics == ()
        assert report.trust == ()


def test_without_quiet_rules_the_product_drifts() -> None:
    """The control for the premise: the same game with the default rules does move."""
    scenario = make(requests=[req("a")], roadmap={"later": ["a"]}, quiet=False)
    end, _ = play(engine.new_game(scenario, 3), D(), D(), D())
    rules = scenario.rules
    assert end.metrics["tech_health"] == QUIET_METRICS["tech_health"] - 3 * rules.product.tech_decay
    assert end.metrics["morale"] == min(
        100.0, QUIET_METRICS["morale"] + 3 * rules.team.morale_recovery
    )
