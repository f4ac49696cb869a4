"""Robustness: does a scenario's lesson survive small changes to its numbers?

A lesson that hinges on one number is fragile: an instructor who nudges a rule, or a class
whose team is one point bigger, would teach the opposite. This plays the scenario with every
number of its `rules` moved by -20 % and +20 % in turn, and with the capacity of every round
one point lower and one higher, and checks that the ordering `evidence` > RICE > HiPPO
(`loudest`) holds in the mean over the seeds each time.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..engine import score
from ..scenario.models import Rules, Scenario
from .policies import POLICIES, play
from .pool import parallel_starmap, workers_for

ORDER = ("evidence", "rice", "loudest")
"""The ordering that must hold: each policy above the next."""
FACTORS = (0.8, 1.2)


@dataclass(frozen=True)
class Variant:
    name: str
    """What was changed, e.g. 'rules.trust.later x0.8' or 'capacity +1'."""
    means: dict[str, float]

    @property
    def holds(self) -> bool:
        values = [self.means[name] for name in ORDER]
        return all(a > b for a, b in itertools.pairwise(values))


@dataclass(frozen=True)
class RobustReport:
    scenario_id: str
    seeds: int
    variants: tuple[Variant, ...]

    @property
    def failures(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if not v.holds)

    def as_dict(self) -> dict[str, object]:
        return {
            "scenario": self.scenario_id,
            "seeds": self.seeds,
            "order": list(ORDER),
            "holds": len(self.variants) - len(self.failures),
            "of": len(self.variants),
            "variants": [{"change": v.name, "holds": v.holds,
                          "means": {k: round(x, 2) for k, x in v.means.items()}}
                         for v in self.variants],
        }


def variants(scenario: Scenario) -> Iterator[tuple[str, Scenario]]:
    """Every single-number change: each rule x0.8 and x1.2 (where the format allows the new
    value), and capacity -1 and +1 in every round (never below 1)."""
    data = scenario.model_dump(by_alias=True)
    for section, fields in data["rules"].items():
        for name, value in fields.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value == 0:
                continue
            for factor in FACTORS:
                new = value * factor
                if _whole(section, name):
                    new = round(new) if round(new) != value else value + (1 if factor > 1 else -1)
                changed = _with(data, ("rules", section, name), new)
                if changed is not None:
                    yield f"rules.{section}.{name} {value} -> {new:g}", changed
    for delta in (-1, 1):
        capacity = [max(1, c + delta) for c in scenario.capacity]
        changed = _with(data, ("capacity",), capacity)
        if changed is not None:
            yield f"capacity {delta:+d}", changed


def _whole(section: str, name: str) -> bool:
    """Whether a rule is a whole number (moved by one), not a real one (moved by 20 %)."""
    model = type(getattr(Rules(), section))
    return model.model_fields[name].annotation is int


def _with(data: dict[str, Any], path: tuple[str, ...], value: object) -> Scenario | None:
    copy: dict[str, Any] = {**data, "rules": {k: dict(v) for k, v in data["rules"].items()}}
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    try:
        return Scenario.model_validate(copy)
    except ValidationError:
        return None  # outside what the format allows: not a change an instructor could make


def _means(scenario: Scenario, seeds: int) -> dict[str, float]:
    return {
        name: statistics.fmean(score(play(scenario, s, POLICIES[name], explain=False)).total
                               for s in range(1, seeds + 1))
        for name in ORDER
    }


def _one(item: tuple[str, Scenario], seeds: int) -> Variant:
    name, scenario = item
    return Variant(name, _means(scenario, seeds))


def robust(scenario: Scenario, seeds: int = 20, workers: int | None = None) -> RobustReport:
    """Play every variant of `scenario` on `seeds` seeds (in parallel processes)."""
    items = [("as written", scenario), *variants(scenario)]
    workers = workers_for(workers)
    if workers > 1:
        found = parallel_starmap(_one, [(item, seeds) for item in items], workers)
    else:
        found = [_one(item, seeds) for item in items]
    return RobustReport(scenario.id, seeds, tuple(found))
