"""Memorised plans: a replaying player's table of worth per world, played with one fixed check,
or told the world outright.

Why: with `worlds`, which request pays depends on the world. A player who replayed a scenario
(`world_reader.REPLAYED_SEEDS`) can learn each request's mean worth in each world, and which
single check tells the worlds apart best. If running that check in every game and then playing
the memorised table comes close to the `evidence` policy, the scenario teaches "run check X,
then play the list", not judgement: within each world, some requests that matter must still be
bets that only their own check resolves. The table *told* the world bounds every template that
finds the world and then plays a memorised table, however it finds it.

These rules read a finding, so they are not in the naive panel; `bench/memorised_bench.py`
measures them against `evidence` (figures in bench/RESULTS.md).

Method: per world, each finding of each (request, method) pair is a Gaussian fitted to the
replayed games (mean and spread per metric). The telling check is the pair whose finding names
the right world most often on the second half of the replays when fitted on the first, less
2 % per point it costs. In a game, the worlds' odds are the world reader's (`world_odds`, from
the pitches) times the finding's likelihood once it is in view.
"""

from __future__ import annotations

import math
from statistics import fmean, pstdev

from ..engine.truth import COST, Truth
from ..engine.view import PlayerView
from ..scenario.models import Scenario
from .valuation import Policy
from .world_reader import (
    Check,
    Odds,
    WorldModel,
    honest_rule,
    later_rule,
    learn,
    replayed_truths,
    world_odds,
)

FindingModel = dict[str, dict[str, tuple[float, float]]]
"""Per world, per metric: the mean and spread of one check's finding."""

COST_PENALTY = 0.02
"""How much accuracy in telling the worlds apart one point of a check is worth giving up."""


def finding_model(truths: tuple[Truth, ...], check: Check) -> FindingModel:
    """The finding of `check` in each world, fitted to `truths` (the cost finding left out)."""
    found: dict[str, dict[str, list[float]]] = {}
    for truth in truths:
        for metric, value in truth.findings.get(check, {}).items():
            if metric != COST:
                found.setdefault(truth.world, {}).setdefault(metric, []).append(value)
    return {world: {metric: (fmean(xs), max(pstdev(xs), 1e-6 * max(1.0, abs(fmean(xs)))))
                    for metric, xs in per.items()}
            for world, per in found.items()}


def finding_logs(model: FindingModel, findings: dict[str, float]) -> dict[str, float]:
    """The log-likelihood of `findings` in each world of `model` (up to a constant)."""
    logs: dict[str, float] = {}
    for world, per in model.items():
        total = 0.0
        for metric, value in findings.items():
            if metric in per:
                mean, sd = per[metric]
                total -= 0.5 * ((value - mean) / sd) ** 2 + math.log(sd)
        logs[world] = total
    return logs


def telling_check(scenario: Scenario, truths: tuple[Truth, ...]) -> tuple[Check, float] | None:
    """The check that best tells the worlds apart, and how often it names the right one on
    held-out replays (0-1); None when no method measures impact."""
    costs = {m.id: m.cost for m in scenario.discovery if m.reveals in ("impact", "both")}
    half = len(truths) // 2
    best: tuple[float, Check, float] | None = None
    for request in scenario.requests:
        for mid, cost in costs.items():
            check = (request.id, mid)
            model = finding_model(truths[:half], check)
            if len(model) < len(scenario.worlds):
                continue
            right = sum(_likeliest(finding_logs(model, _impact(t, check))) == t.world
                        for t in truths[half:])
            accuracy = right / max(1, len(truths) - half)
            score = accuracy - COST_PENALTY * cost
            if best is None or (score, check) > (best[0], best[1]):
                best = (score, check, accuracy)
    return None if best is None else (best[1], best[2])


def _impact(truth: Truth, check: Check) -> dict[str, float]:
    return {k: v for k, v in truth.findings.get(check, {}).items() if k != COST}


def _likeliest(logs: dict[str, float]) -> str:
    return max(sorted(logs), key=lambda w: logs[w])


def probe(scenario: Scenario) -> dict[str, Policy]:
    """The memorised table played with the telling check run in every game (two shapes, as
    the world reader's); none with fewer than two worlds (there is no world to tell) or
    without a check that measures impact."""
    if len(scenario.worlds) < 2:
        return {}
    truths = replayed_truths(scenario)
    found = telling_check(scenario, truths)
    if found is None:
        return {}
    check, accuracy = found
    model = learn(scenario)
    fitted = finding_model(truths, check)

    odds = probe_odds(model, fitted, check)
    what = f"runs {check[1]} on {check[0]} in every game (it tells the world {accuracy:.0%})"
    return _shapes("memorised:probe", what, model, odds, check)


def probe_odds(model: WorldModel, fitted: FindingModel, check: Check) -> Odds:
    """The worlds' odds from the pitches (`world_odds`) times the likelihood of `check`'s
    finding (fitted per world, `finding_model`) once it is in view."""
    def odds(v: PlayerView) -> dict[str, float]:
        logs = {w: math.log(max(p, 1e-300)) for w, p in world_odds(model, v).items()}
        request = next((r for r in v.requests if r.id == check[0]), None)
        for evidence in request.evidence if request is not None else ():
            if evidence.method == check[1]:
                seen = {k: x for k, x in evidence.findings.items() if k != COST}
                for world, fit in finding_logs(fitted, seen).items():
                    logs[world] = logs.get(world, 0.0) + fit
        top = max(logs.values())
        weights = {w: math.exp(x - top) for w, x in logs.items()}
        total = sum(weights.values())
        return {w: x / total for w, x in weights.items()}

    return odds


def told(scenario: Scenario, world: str) -> dict[str, Policy]:
    """The memorised table told that the world is `world` (two shapes): an upper reference
    for any template that finds the world and plays a memorised table. Needs the game's
    world, so it is played per seed (bench/memorised_bench.py), never in a real game."""
    if not scenario.worlds:
        return {}
    model = learn(scenario)
    certain = {w.id: float(w.id == world) for w in scenario.worlds}
    return _shapes("memorised:told", "is told the world", model, lambda v: certain, None)


def _shapes(name: str, what: str, model: WorldModel, odds: Odds,
            check: Check | None) -> dict[str, Policy]:
    honest, later = f"{name}/no-to-losers", f"{name}/later"
    return {
        honest: Policy(honest, f"{what}; only what pays in the likeliest worlds, best per "
                       "point first; 'no' to losers, 'next' to the best that did not fit",
                       honest_rule(model, odds, check)),
        later: Policy(later, f"{what}; what pays in the likeliest worlds best per point first, "
                      "'later' to the rest", later_rule(model, odds, check)),
    }
