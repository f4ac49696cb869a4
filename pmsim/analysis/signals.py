"""How much the visible cues say about the hidden value: the check that claims are evidence,
informative but far from an answer key, and that no single cue stands in for judgement.

Measured over seeds: for every request, its claimed value per estimated point (what a pitch
says) against its true value per true point (what it was worth). Spearman's rank correlation
(ranks, then Pearson's r; ties get their mean rank) is 1 when the pitches rank requests
exactly, 0 when they say nothing.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..engine.truth import Truth, draw
from ..scenario.models import Scenario


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation of two equally long sequences (0 when either is constant)."""
    rx, ry = _ranks(xs), _ranks(ys)
    if len(set(rx)) < 2 or len(set(ry)) < 2:
        return 0.0
    return statistics.correlation(rx, ry)


STEP_METRICS = ("satisfaction", "customers", "revenue", "tech_health", "morale")


def _steps(scenario: Scenario) -> dict[str, float]:
    from ..engine.truth import metric_step

    return {m: metric_step(scenario, m) for m in STEP_METRICS}


def true_steps(scenario: Scenario, truth: Truth, rid: str,
               steps: dict[str, float] | None = None) -> float:
    """A request's true value in the score's metric steps (`scoring.steps`; a revenue step is
    per round over the whole game, so a revenue gain shipped in round 1 counts one step per
    step of gain): its impact, plus the neglect it stops over half the game."""
    steps = steps if steps is not None else _steps(scenario)
    value = sum(v / steps[m] for m, v in truth.impact[rid].items())
    return value - sum(v * scenario.rounds / 2 / steps[m] for m, v in truth.neglect[rid].items())


PILLAR_OF = {"satisfaction": ("customer", 0.5), "customers": ("customer", 0.5),
             "revenue": ("business", 1.0), "tech_health": ("technology", 1.0)}
"""Which pillar each metric moves, and its share of that pillar (engine/scoring.py: the
customer pillar is the mean of satisfaction's and customers'). Morale moves no pillar."""


def true_points(scenario: Scenario, truth: Truth, rid: str,
                steps: dict[str, float] | None = None) -> float:
    """A request's true worth in final-score points if shipped in round 1: each metric's
    change in steps times 50 (a step is 50 points of its pillar, engine/scoring.py) times
    its share of the pillar times the pillar's weight in the total, plus the neglect it stops
    over half the game. Before the pillars' 0-150 clamps and the neglect penalty, so an
    estimate, not a replay; negative for a request that does harm."""
    steps = steps if steps is not None else _steps(scenario)
    w = scenario.scoring.weights
    raw = {"customer": w.customer, "business": w.business, "technology": w.technology,
           "trust": w.trust}
    total = sum(raw.values())

    def points(metric: str, amount: float) -> float:
        if metric not in PILLAR_OF:
            return 0.0
        pillar, share = PILLAR_OF[metric]
        return 50 * amount / steps[metric] * share * raw[pillar] / total

    value = sum(points(m, v) for m, v in truth.impact[rid].items())
    return value - sum(points(m, v * scenario.rounds / 2) for m, v in truth.neglect[rid].items())


def value_pairs(scenario: Scenario, seeds: Iterable[int],
                as_believed: bool = False) -> list[tuple[float, float]]:
    """(claimed value per estimated point, true value per true point) for every request and
    seed, both in the score's steps (a revenue step is per round over the whole game). With
    `as_believed`, the impact is the one the pitch was drawn from (with worlds, the impact in
    the world its asker believes in), so the pairs say how well a pitch shows its asker's
    belief, whichever world is real."""
    steps = _steps(scenario)
    pairs = []
    for seed in seeds:
        truth = draw(scenario, seed)
        if as_believed and truth.believed:
            truth = replace(truth, impact=truth.believed)
        for r in scenario.requests:
            claimed = sum(v / steps[m] for m, v in truth.claims[r.id].items())
            true = true_steps(scenario, truth, r.id, steps)
            pairs.append((claimed / r.estimate, true / truth.cost[r.id]))
    return pairs


def claim_correlation(scenarios: Iterable[Scenario], seeds: Iterable[int],
                      as_believed: bool = False) -> float:
    """Spearman's rank correlation of claimed and true value per point, pooled over
    `scenarios` and `seeds`, each scenario's values ranked within the scenario (with
    `as_believed`, the value in the world each asker believes in: see `value_pairs`)."""
    seeds = list(seeds)
    xs: list[float] = []
    ys: list[float] = []
    for scenario in scenarios:
        pairs = value_pairs(scenario, seeds, as_believed)
        xs.extend(_ranks([p[0] for p in pairs]))
        ys.extend(_ranks([p[1] for p in pairs]))
    return spearman(xs, ys)
