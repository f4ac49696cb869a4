"""Pitch-reader rules: each request's worth read from its own pitch, as learned from replays.

Why: the `naive:replayed-*` rules learn each request's mean worth from earlier games, which is
no help when the same request pays in some games and loses in others. A player who replays
more carefully learns, request by request, how the worth follows the pitch: "when the growth
lead claims a big lift for this one, it pays; a modest claim means it loses". A fresh tester
(2026-12-01) found this rule within 15 % of `evidence` in five scenarios (pressure 1.07 on
seeds 1-100), a kind the panel lacked. It reads the pitches and never runs discovery, so a
scenario passes only if the pitch says less about which version of a request this game holds
than discovery does: bets with alike pitches whose outcomes differ.

Method: over the replayed games (`world_reader.REPLAYED_SEEDS`), per request, a ridge
regression (penalty `RIDGE`, intercept unpenalised) of its true worth per point (final-score
points, `world_reader.worth_per_point`) on the standardised logs of its claims, one column per
metric it ever claims (a claim of 0 or less counts as the mean). In play, a request's value is
the prediction from its pitch, weighed up as its deadline nears (1 + 1 / rounds left to it);
ranked as `evidence` ranks (`kind_weighted._ranking`: promises falling due first while worth
keeping, then the value, best first). Three shapes: built while above 0 (or due) and answered
like the `evidence` policy (`/answers-like-evidence`, `judgement._answers`); promises renewed
and 'later' to the rest (`/later`); the next in line promised (`/promise-fill`).
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..engine import Decision
from ..engine.truth import Truth
from ..engine.view import PlayerView, RequestView
from ..scenario.models import Scenario
from .judgement import _answers as evidence_answers
from .kind_weighted import Shape, _ranking
from .valuation import Policy, due, fill
from .world_reader import replayed_truths, worth_per_point

RIDGE = 1.0
"""The ridge penalty on the slopes (the claims are standardised, so one unit of penalty is worth
about one replayed game): it keeps a metric claimed in few games from deciding alone."""

SPREAD_FLOOR = 1e-6
"""The least spread of a log-claim, so that a claim that never varies standardises to 0."""


@dataclass(frozen=True)
class PitchModel:
    """What the replays taught about one request: how its worth follows its pitch."""

    norms: dict[str, tuple[float, float]]
    """Per metric the request claims, the mean and the spread of the log of its claim."""
    coefficients: tuple[float, ...]
    """The intercept (worth per point at the usual pitch), then one slope per metric in
    `norms`' sorted order: worth per point per spread of the log-claim."""

    def predict(self, claims: Mapping[str, float]) -> float:
        """The worth per point this pitch foretells (final-score points, any sign)."""
        slopes = zip(self.coefficients[1:], sorted(self.norms), strict=True)
        return self.coefficients[0] + sum(w * _z(claims, m, self.norms[m]) for w, m in slopes)


def _z(claims: Mapping[str, float], metric: str, norm: tuple[float, float]) -> float:
    value = claims.get(metric, 0.0)
    return (math.log(value) - norm[0]) / norm[1] if value > 0 else 0.0


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a x = b, by Gauss-Jordan elimination with partial pivoting (a is a few rows,
    symmetric and positive definite thanks to the ridge); an unknown with no pivot is 0."""
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


def fit(claims: Sequence[Mapping[str, float]], worth: Sequence[float]) -> PitchModel:
    """The ridge regression of `worth` on the standardised log-claims of one request, over
    paired games (`claims[i]` pitched, `worth[i]` paid). Raises ValueError if the lengths
    differ."""
    if len(claims) != len(worth):
        raise ValueError(f"{len(claims)} pitches against {len(worth)} worths")
    metrics = sorted({m for c in claims for m, v in c.items() if v > 0})
    norms = {}
    for m in metrics:
        logs = [math.log(c[m]) for c in claims if c.get(m, 0) > 0]
        norms[m] = (statistics.fmean(logs), max(statistics.pstdev(logs), SPREAD_FLOOR))
    rows = [[1.0, *(_z(c, m, norms[m]) for m in metrics)] for c in claims]
    d = len(metrics) + 1
    a = [[sum(x[i] * x[j] for x in rows) + (RIDGE if i == j and i else 0.0) for j in range(d)]
         for i in range(d)]
    b = [sum(x[i] * y for x, y in zip(rows, worth, strict=True)) for i in range(d)]
    return PitchModel(norms, tuple(_solve(a, b)))


def learn(scenario: Scenario, truths: Sequence[Truth]) -> dict[str, PitchModel]:
    """Per request id, its `PitchModel` fitted over the games of `truths`."""
    worths = [worth_per_point(scenario, t) for t in truths]
    return {r.id: fit([t.claims[r.id] for t in truths], [w[r.id] for w in worths])
            for r in scenario.requests}


def _values(v: PlayerView, model: Mapping[str, PitchModel]) -> dict[str, float]:
    """Every open request's foretold worth per point, weighed up as its deadline nears."""
    out = {}
    for r in v.open_requests:
        x = model[r.id].predict(r.claimed_impact)
        if r.deadline is not None and v.round <= r.deadline and x > 0:
            x *= 1 + 1 / (r.deadline - v.round + 1)
        out[r.id] = x
    return out


def pitch_reader(scenario: Scenario, later: Shape, promise_fill: Shape) -> dict[str, Policy]:
    """The three pitch-reader rules for `scenario`, learned once from the replayed games; the
    two shapes that build from a ranking are passed in (`kind_weighted.Shape`)."""
    model = learn(scenario, replayed_truths(scenario))

    def rank(v: PlayerView, rng: random.Random) -> list[RequestView]:
        return _ranking(v, _values(v, model))

    def like_evidence(v: PlayerView, rng: random.Random) -> Decision:
        values = _values(v, model)
        ranked = _ranking(v, values)
        build = fill(v, [r for r in ranked if values[r.id] > 0 or due(v, r)])
        return Decision(tuple(build), (), evidence_answers(v, ranked, build, set(), values))

    what = ("promises falling due first, then each request's worth per point as its pitch "
            "foretold it in earlier games (more as a deadline nears)")
    base = "naive:pitch-read"
    return {
        f"{base}/answers-like-evidence": Policy(
            f"{base}/answers-like-evidence", f"{what}, only what scores above 0; answered "
            "like the evidence policy: 'no' past the horizon, one promise for the next round",
            like_evidence),
        f"{base}/later": Policy(f"{base}/later", f"{what}; promises renewed, 'later' to the "
                                "rest", later(rank)),
        f"{base}/promise-fill": Policy(f"{base}/promise-fill", f"{what}; 'next' to the next "
                                       "in line, 'later' to the rest", promise_fill(rank)),
    }
