"""What the player knows about a request: the pitch's claims and what discovery found.

Findings are combined the way a careful analyst would, by weighting each by its precision
(the inverse-variance weighted mean; its spread shrinks as methods are added). A method's lean
(`bias`) is not known to the player, so it stays in the combined estimate: evidence can
mislead, and two methods that disagree are a reason to look again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from ..scenario.models import DiscoveryMethod, Request
from .truth import COST, Truth, measured

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def combine(
    request: Request, methods: list[DiscoveryMethod], truth: Truth
) -> tuple[dict[str, tuple[float, float]], tuple[int, int] | None]:
    """The ranges the findings of `methods` put the impact and cost in: the combined estimate
    plus and minus one combined standard error. Returns ({metric: (low, high)}, cost range or
    None when no method measured the cost)."""
    impact: dict[str, tuple[float, float]] = {}
    metrics = dict.fromkeys(m for method in methods for m in _impact_metrics(request, method))
    for metric in metrics:
        low, high = request.impact_range(metric)
        readings = [
            (truth.findings[(request.id, m.id)][metric], m.precision * (high - low))
            for m in methods
            if metric in truth.findings[(request.id, m.id)]
        ]
        estimate, spread = _pool(readings)
        impact[metric] = (round(estimate - spread, 2), round(estimate + spread, 2))
    cost_low, cost_high = request.cost or (request.estimate, request.estimate)
    cost_readings = [
        (truth.findings[(request.id, m.id)][COST], m.precision * (cost_high - cost_low))
        for m in methods
        if COST in truth.findings[(request.id, m.id)]
    ]
    cost = None
    if cost_readings:
        estimate, spread = _pool(cost_readings)
        cost = (max(1, round(estimate - spread)), max(1, round(estimate + spread)))
    return impact, cost


def _impact_metrics(request: Request, method: DiscoveryMethod) -> tuple[str, ...]:
    return measured(request, method) if method.reveals in ("impact", "both") else ()


def _pool(readings: list[tuple[float, float]]) -> tuple[float, float]:
    """Inverse-variance weighted mean and its standard error; an exact reading wins (a spread
    whose square is 0 in floating point, such as a `precision` of 1e-300, counts as exact)."""
    exact = [value for value, spread in readings if spread * spread <= 0]
    if exact:
        return exact[-1], 0.0
    weights = [1 / spread**2 for _, spread in readings]
    total = sum(weights)
    mean = sum(w * value for w, (value, _) in zip(weights, readings, strict=True)) / total
    return mean, 1 / math.sqrt(total)


def amount_words(metric: str, value: float) -> str:
    """A number as a person says it in a pitch: '6,000', '12', '2.5'."""
    if abs(value) >= 100 or metric in ("customers", "revenue"):
        return f"{value:,.0f}"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def fill(text: str, numbers: Mapping[str, float]) -> str:
    """`text` with each `{metric}` replaced by its number; unknown names are left as written
    (the loader reports them to the author)."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in numbers:
            return match.group(0)
        return amount_words(name, numbers[name])

    return PLACEHOLDER.sub(one, text)


def estimate_value(
    claims: Mapping[str, float],
    known: Mapping[str, tuple[float, float]],
    steps: Mapping[str, float],
) -> tuple[float, float]:
    """(claimed value, value by the evidence), in metric steps, over the claimed metrics and
    whatever else the evidence measured. Metrics the evidence did not measure count as
    claimed."""
    claimed = sum(amount / steps[m] for m, amount in claims.items())
    evidenced = 0.0
    for metric in dict.fromkeys((*claims, *known)):
        if metric in known:
            low, high = known[metric]
            evidenced += (low + high) / 2 / steps[metric]
        else:
            evidenced += claims[metric] / steps[metric]
    return claimed, evidenced
