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
regression (`ridge`, penalty `RIDGE`, intercept unpenalised) of its true worth per point
(final-score points, `world_reader.worth_per_point`) on the standardised logs of its claims,
one feature per metric it ever claims (a claim of 0 or less counts as the usual one). The joint
reader (`naive:pitch-read-joint/*`, after a second tester's rule of 2026-12-01) adds what the
whole table of pitches says: the odds of each world from every pitch in view
(`world_reader.pitches_odds`) and how high the request's asker pitches on average (their mean
standardised claim, an optimism cue). With 200 replays it is the stronger of the two in
roadmap (evidence / it 1.18 against 1.24) and ferry (1.16 against 1.19), the weaker in
pressure and discovery (more features to learn from the same games), so the panel holds both.

In play, a request's value is the prediction from the pitches in view, weighed up as its
deadline nears (1 + 1 / rounds left to it); ranked as `evidence` ranks
(`kind_weighted._ranking`: promises falling due first while worth keeping, then the value,
best first). Three shapes each: built while above 0 (or due) and answered like the `evidence`
policy (`/answers-like-evidence`, `judgement._answers`); promises renewed and 'later' to the
rest (`/later`); the next in line promised (`/promise-fill`).
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..engine import Decision
from ..engine.truth import Truth
from ..engine.view import PlayerView, RequestView
from ..scenario.models import Scenario
from .judgement import _answers as evidence_answers
from .kind_weighted import Shape, _ranking
from .valuation import Policy, due, fill
from .world_reader import Pitched, WorldModel, pitches_odds, replayed_truths, worth_per_point
from .world_reader import learn as world_model

RIDGE = 1.0
"""The ridge penalty on the slopes (the features are standardised or shares, so one unit of
penalty is worth about one replayed game): it keeps a feature seen in few games from deciding
alone."""

SPREAD_FLOOR = 1e-6
"""The least spread of a log-claim, so that a claim that never varies standardises to 0."""

Pitch = tuple[str, str]
"""A request and one of its claimed metrics."""

Context = tuple[list[float], dict[str, float]]
"""What the whole table of pitches says, shared by every request's features: the odds of each
world but the first (`world_reader.pitches_odds`), and each asker's mean standardised claim."""


@dataclass(frozen=True)
class PitchReader:
    """What the replays taught: per request, how its worth per point follows its own pitch,
    the worlds' odds and how high its asker pitches in general."""

    norms: dict[Pitch, tuple[float, float]]
    """Per pitch, the mean and the spread of the log of its claim over the replays."""
    metrics: dict[str, tuple[str, ...]]
    """Per request, the metrics it claims (sorted): one feature each."""
    asker: dict[str, str]
    worlds: WorldModel | None
    """The world reader's model, with two worlds or more."""
    joint: bool
    """Whether the features hold what the whole table says (`Context`), or the request's own
    pitch only."""
    coefficients: dict[str, tuple[float, ...]]
    """Per request: the intercept (worth per point at the usual pitch), then one slope per
    feature (`features`' order)."""

    def z(self, rid: str, metric: str, claims: Mapping[str, float]) -> float:
        """The standardised log of a claim; a claim of 0 or less counts as the usual one."""
        value = claims.get(metric, 0.0)
        mean, spread = self.norms[(rid, metric)]
        return (math.log(value) - mean) / spread if value > 0 else 0.0

    def context(self, pitches: Sequence[Pitched]) -> Context:
        """The features every request shares, from every pitch in view (none unless
        `joint`)."""
        if not self.joint:
            return [], {}
        odds = []
        if self.worlds is not None:
            chance = pitches_odds(self.worlds, pitches)
            odds = [chance[w] for w in list(self.worlds.prior)[1:]]
        by_asker: dict[str, list[float]] = {}
        for r in pitches:
            for metric in self.metrics.get(r.id, ()):
                if r.claimed_impact.get(metric, 0.0) > 0:
                    by_asker.setdefault(r.asked_by, []).append(
                        self.z(r.id, metric, r.claimed_impact))
        return odds, {a: statistics.fmean(zs) for a, zs in by_asker.items()}

    def features(self, rid: str, claims: Mapping[str, float], context: Context) -> list[float]:
        """1, the request's standardised log-claims, and if `joint` the worlds' odds and its
        asker's mean."""
        odds, askers = context
        own = [1.0, *(self.z(rid, m, claims) for m in self.metrics[rid])]
        return [*own, *odds, askers.get(self.asker[rid], 0.0)] if self.joint else own

    def predict(self, pitches: Sequence[Pitched], ids: Sequence[str]) -> dict[str, float]:
        """The worth per point (final-score points, any sign) the pitches foretell for `ids`."""
        context = self.context(pitches)
        claims = {r.id: r.claimed_impact for r in pitches}
        return {rid: sum(c * x for c, x in zip(
            self.coefficients[rid], self.features(rid, claims.get(rid, {}), context),
            strict=True)) for rid in ids}


@dataclass(frozen=True)
class _Pitch:
    id: str
    asked_by: str
    claimed_impact: Mapping[str, float]


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


def ridge(rows: Sequence[Sequence[float]], worth: Sequence[float]) -> tuple[float, ...]:
    """Least squares of `worth` on `rows` (each starting with 1, the intercept), the slopes
    penalised by `RIDGE`. Raises ValueError if the lengths differ or there are no rows."""
    if len(rows) != len(worth) or not rows:
        raise ValueError(f"{len(rows)} rows against {len(worth)} worths")
    d = len(rows[0])
    a = [[sum(x[i] * x[j] for x in rows) + (RIDGE if i == j and i else 0.0) for j in range(d)]
         for i in range(d)]
    b = [sum(x[i] * y for x, y in zip(rows, worth, strict=True)) for i in range(d)]
    return tuple(_solve(a, b))


def learn(scenario: Scenario, truths: Sequence[Truth], joint: bool = False) -> PitchReader:
    """The `PitchReader` fitted over the games of `truths` (at least one); `joint` reads the
    whole table of pitches too."""
    logs: dict[Pitch, list[float]] = {}
    for t in truths:
        for rid, claims in t.claims.items():
            for metric, value in claims.items():
                if value > 0:
                    logs.setdefault((rid, metric), []).append(math.log(value))
    norms = {p: (statistics.fmean(x), max(statistics.pstdev(x), SPREAD_FLOOR))
             for p, x in logs.items()}
    asker = {r.id: r.asked_by for r in scenario.requests}
    reader = PitchReader(
        norms, {r.id: tuple(sorted(m for rid, m in norms if rid == r.id))
                for r in scenario.requests}, asker,
        world_model(scenario) if joint and len(scenario.worlds) >= 2 else None, joint, {})
    rows: dict[str, list[list[float]]] = {r.id: [] for r in scenario.requests}
    for t in truths:
        pitches = [_Pitch(rid, asker[rid], claims) for rid, claims in t.claims.items()]
        context = reader.context(pitches)
        for rid in rows:
            rows[rid].append(reader.features(rid, t.claims[rid], context))
    worths = [worth_per_point(scenario, t) for t in truths]
    return replace(reader, coefficients={
        rid: ridge(x, [w[rid] for w in worths]) for rid, x in rows.items()})


def _values(v: PlayerView, reader: PitchReader) -> dict[str, float]:
    """Every open request's foretold worth per point, weighed up as its deadline nears."""
    out = reader.predict(v.requests, [r.id for r in v.open_requests])
    for r in v.open_requests:
        if r.deadline is not None and v.round <= r.deadline and out[r.id] > 0:
            out[r.id] *= 1 + 1 / (r.deadline - v.round + 1)
    return out


def pitch_reader(scenario: Scenario, later: Shape, promise_fill: Shape) -> dict[str, Policy]:
    """The pitch-reader rules for `scenario`, learned once from the replayed games: each
    request's own pitch (`naive:pitch-read/*`) and the whole table of pitches
    (`naive:pitch-read-joint/*`), three shapes each; the two shapes that build from a ranking
    are passed in (`kind_weighted.Shape`)."""
    truths = replayed_truths(scenario)
    rules: dict[str, Policy] = {}
    for base, joint, words in (
            ("naive:pitch-read", False, "as its pitch foretold it"),
            ("naive:pitch-read-joint", True, "as its pitch, the worlds' odds from every pitch "
             "and how high its asker pitches foretold it")):
        rules.update(_shapes(base, f"promises falling due first, then each request's worth per "
                             f"point {words} in earlier games (more as a deadline nears)",
                             learn(scenario, truths, joint), later, promise_fill))
    return rules


def _shapes(base: str, what: str, reader: PitchReader, later: Shape,
            promise_fill: Shape) -> dict[str, Policy]:
    def rank(v: PlayerView, rng: random.Random) -> list[RequestView]:
        return _ranking(v, _values(v, reader))

    def like_evidence(v: PlayerView, rng: random.Random) -> Decision:
        values = _values(v, reader)
        ranked = _ranking(v, values)
        build = fill(v, [r for r in ranked if values[r.id] > 0 or due(v, r)])
        return Decision(tuple(build), (), evidence_answers(v, ranked, build, set(), values))

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
