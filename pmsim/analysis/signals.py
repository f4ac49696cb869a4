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

from ..engine.truth import draw
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


def value_pairs(scenario: Scenario, seeds: Iterable[int]) -> list[tuple[float, float]]:
    """(claimed value per estimated point, true value per true point) for every request and
    seed, both in the score's steps (a revenue step is per round over the whole game)."""
    from ..engine.truth import metric_step

    steps = {m: metric_step(scenario, m) for m in
             ("satisfaction", "customers", "revenue", "tech_health", "morale")}
    weight = {m: 1 / steps[m] for m in steps}  # revenue's step is over the whole game
    pairs = []
    for seed in seeds:
        truth = draw(scenario, seed)
        for r in scenario.requests:
            claimed = sum(weight[m] * v for m, v in truth.claims[r.id].items())
            true = sum(weight[m] * v for m, v in truth.impact[r.id].items())
            true -= sum(weight[m] * v * scenario.rounds / 2 for m, v in truth.neglect[r.id].items())
            pairs.append((claimed / r.estimate, true / truth.cost[r.id]))
    return pairs


def claim_correlation(scenarios: Iterable[Scenario], seeds: Iterable[int]) -> float:
    """Spearman's rank correlation of claimed and true value per point, pooled over
    `scenarios` and `seeds`, each scenario's values ranked within the scenario."""
    seeds = list(seeds)
    xs: list[float] = []
    ys: list[float] = []
    for scenario in scenarios:
        pairs = value_pairs(scenario, seeds)
        xs.extend(_ranks([p[0] for p in pairs]))
        ys.extend(_ranks([p[1] for p in pairs]))
    return spearman(xs, ys)
