"""Does a memorised pitch reader come close to `evidence`? (An open finding of issue 11.)

A fresh tester (2026-12-01) found a template the panel lacks: a player who replayed the scenario
300 times learns, for each request, how its true worth per point follows its own pitch (a ridge
regression of worth per point on the standardised logs of the request's claims, per request),
then plays from the pitches alone: value = the prediction, weighed up as a deadline nears;
promises falling due first while worth keeping, then the best; built while above 0; answered
like `evidence` (`judgement._answers`), or promises renewed and 'later' to the rest, or the
next in line promised (`naive._promising`). It never runs discovery. On seeds 101-130 it came
within 15 % of `evidence` in eight of nine scenarios (roadmap 1.07, bikeshare 1.09, pressure
1.11), so the claims and what replays teach about each request tell most of what discovery does.

Run: .venv/bin/python bench/pitch_reader_bench.py [--seeds 30] [--first-seed 101] [FILES]
About a minute a scenario on this machine. Figures recorded by hand in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics

from pmsim.analysis.judgement import _answers as evidence_answers
from pmsim.analysis.kind_weighted import _ranking
from pmsim.analysis.naive import _promising
from pmsim.analysis.policies import POLICIES, play
from pmsim.analysis.signals import true_points
from pmsim.analysis.valuation import DecideFn, Policy, answer_rest, due, fill
from pmsim.catalog import bundled
from pmsim.engine import Decision, score
from pmsim.engine.truth import draw
from pmsim.engine.view import PlayerView, RequestView
from pmsim.scenario import load_file
from pmsim.scenario.models import Scenario

LEARNED_FROM = range(5001, 5301)
"""The replayed games: apart from the seeds measured and from the panel's `REPLAYED_SEEDS`."""
RIDGE = 1.0


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems are a few unknowns)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and abs(m[c][c]) > 1e-12:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def learn(scenario: Scenario) -> dict[str, tuple[dict[str, tuple[float, float]], list[float]]]:
    """Per request: each claimed metric's mean and spread of the log-claim, and the ridge
    coefficients (intercept first) of worth per point on the standardised log-claims."""
    truths = [draw(scenario, seed) for seed in LEARNED_FROM]
    model = {}
    for request in scenario.requests:
        metrics = sorted({m for t in truths for m, v in t.claims[request.id].items() if v > 0})
        logs = {m: [math.log(t.claims[request.id][m]) for t in truths
                    if t.claims[request.id].get(m, 0) > 0] for m in metrics}
        norm = {m: (statistics.fmean(x), max(statistics.pstdev(x), 1e-6)) for m, x in logs.items()}
        rows = [[1.0, *(_z(t.claims[request.id], m, norm[m]) for m in metrics)] for t in truths]
        worth = [true_points(scenario, t, request.id) / max(1, t.cost[request.id]) for t in truths]
        d = len(metrics) + 1
        a = [[sum(x[i] * x[j] for x in rows) + (RIDGE if i == j and i else 0.0) for j in range(d)]
             for i in range(d)]
        b = [sum(x[i] * y for x, y in zip(rows, worth, strict=True)) for i in range(d)]
        model[request.id] = (norm, _solve(a, b))
    return model


def _z(claims: dict[str, float], metric: str, norm: tuple[float, float]) -> float:
    value = claims.get(metric, 0.0)
    return (math.log(value) - norm[0]) / norm[1] if value > 0 else 0.0


def _ranked(model: dict[str, tuple[dict[str, tuple[float, float]], list[float]]]
            ) -> tuple[DecideFn, DecideFn, DecideFn]:
    def density(v: PlayerView) -> dict[str, float]:
        out = {}
        for r in v.open_requests:
            norm, coef = model[r.id]
            x = coef[0] + sum(w * _z(r.claimed_impact, m, norm[m])
                              for w, m in zip(coef[1:], sorted(norm), strict=True))
            if r.deadline is not None and v.round <= r.deadline and x > 0:
                x *= 1 + 1 / (r.deadline - v.round + 1)
            out[r.id] = x
        return out

    def rank(v: PlayerView, rng: random.Random) -> list[RequestView]:
        return _ranking(v, density(v))

    def like_evidence(v: PlayerView, rng: random.Random) -> Decision:
        dens, ranked = density(v), rank(v, rng)
        build = fill(v, [r for r in ranked if dens[r.id] > 0 or due(v, r)])
        return Decision(tuple(build), (), evidence_answers(v, ranked, build, set(), dens))

    def later(v: PlayerView, rng: random.Random) -> Decision:
        build = fill(v, rank(v, rng))
        return Decision(tuple(build), (), answer_rest(v, build, lambda r: (
            None if (r.promised_for or 0) > v.round else "next" if r.promised_for else "later")))

    return like_evidence, later, _promising(rank)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--first-seed", type=int, default=101)
    parser.add_argument("scenarios", nargs="*", help="scenario files (default: the bundled)")
    args = parser.parse_args()
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    for path in args.scenarios or bundled():
        scenario = load_file(path).scenario
        if scenario is None:
            continue
        rules = dict(zip(("answers-like-evidence", "later", "promise-fill"),
                         _ranked(learn(scenario)), strict=True))

        def mean(policy: Policy, scenario: Scenario = scenario) -> float:
            return statistics.fmean(score(play(scenario, s, policy, explain=False)).total
                                    for s in seeds)

        fair = mean(POLICIES["evidence"])
        ratios = {name: fair / max(mean(Policy(name, "", rule)), 1e-9)
                  for name, rule in rules.items()}
        print(f"{scenario.id:10s} evidence {fair:6.1f}  " + "  ".join(
            f"{name} {ratio:.3f}" for name, ratio in ratios.items()), flush=True)


if __name__ == "__main__":
    main()
