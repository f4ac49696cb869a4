"""The figures behind a balance report that tell an author what to change: demand against
capacity round by round, how often each policy builds each request and what it was worth,
the games that score 0 and why, and the seeds where the lesson shows clearly.

All of it is read from a `BalanceReport` (the games already played) and the scenario's truth
draws; nothing here plays a game.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from ..engine.scoring import NEGLECT_LINE
from ..engine.truth import draw
from ..scenario.models import Scenario
from .balance import BalanceReport, GameFacts
from .signals import true_points

SHOWN = ("optimal", "evidence", "rice", "loudest")
"""The policies whose build rates the request table shows, beside the best naive rule."""
DEBRIEF = ("loudest", "rice", "wsjf", "random")
"""The baselines the in-game debrief shows beside `evidence` and the optimum (compare.py)."""
ZERO = 0.05
"""A final score below this counts as a game scoring 0 (scores are shown to one decimal)."""
TELLING = 0.25
"""How much more often (a share of games) an event must fire in the games scoring 0 than in
the rest to be named as a cause."""


@dataclass(frozen=True)
class RoundDemand:
    round: int
    capacity: int
    asked: float
    """Mean estimate points of the requests arriving this round (over the seeds)."""
    asked_so_far: float
    """Mean estimate points asked up to and including this round."""
    capacity_so_far: int

    def as_dict(self) -> dict[str, object]:
        return {"round": self.round, "capacity": self.capacity, "asked": round(self.asked, 1),
                "asked_so_far": round(self.asked_so_far, 1),
                "capacity_so_far": self.capacity_so_far}


def demand(report: BalanceReport, scenario: Scenario) -> tuple[RoundDemand, ...]:
    """Points asked (estimates of the requests arriving, mean over the seeds, from the
    optimal game's board) against capacity, each round and so far."""
    estimate = {r.id: r.estimate for r in scenario.requests}
    seeds = max(1, len(report.arrivals))
    rows, asked_total, capacity_total = [], 0.0, 0
    for number in range(1, scenario.rounds + 1):
        capacity = scenario.capacity_in(number)
        asked = sum(estimate[rid] for arrived in report.arrivals
                    for rid, when in arrived.items() if when == number) / seeds
        asked_total += asked
        capacity_total += capacity
        rows.append(RoundDemand(number, capacity, asked, asked_total, capacity_total))
    return tuple(rows)


@dataclass(frozen=True)
class RequestFigures:
    id: str
    title: str
    estimate: int
    built: dict[str, float]
    """Share of seeds (0-1) in which each policy, and `best naive`, ships it."""
    worth: float
    """Mean true worth in final-score points if shipped in round 1 (signals.true_points)."""
    gem: float
    """Share of seeds in which its true worth is above 0."""

    @property
    def separates(self) -> float:
        """How much more often the optimum builds it than the best naive rule, or less often
        (-1 to 1): the requests far from 0 are where good play and a template part."""
        return self.built["optimal"] - self.built["best naive"]

    def as_dict(self) -> dict[str, object]:
        return {"title": self.title, "estimate": self.estimate,
                "built": {k: round(v, 3) for k, v in self.built.items()},
                "worth": round(self.worth, 2), "gem": round(self.gem, 3),
                "separates": round(self.separates, 3)}


def requests(report: BalanceReport, scenario: Scenario) -> tuple[RequestFigures, ...]:
    """Every request: how often each shown policy and the best naive rule build it, and what
    it was worth (true_points over the report's seeds)."""
    names = {**{n: n for n in SHOWN}, "best naive": report.best_naive.name}
    truths = [draw(scenario, seed) for seed in report.seeds]
    found = []
    for r in scenario.requests:
        worth = [true_points(scenario, truth, r.id) for truth in truths]
        built = {label: _share(report, name, r.id) for label, name in names.items()}
        found.append(RequestFigures(r.id, r.title, r.estimate, built, statistics.fmean(worth),
                                    sum(w > 0 for w in worth) / len(worth)))
    return tuple(found)


def _share(report: BalanceReport, name: str, rid: str) -> float:
    games = report.games[name]
    return sum(rid in g.shipped for g in games) / len(games)


@dataclass(frozen=True)
class Zeros:
    """The games of one policy that scored 0, and what brought them down."""

    policy: str
    seeds: tuple[int, ...]
    of: int
    low_pillars: dict[str, int]
    """How many of those games had each pillar below the neglect line (50)."""
    events: dict[str, int]
    """How many of those games each telling event fired in (`_telling_events`)."""

    def as_dict(self) -> dict[str, object]:
        return {"games": len(self.seeds), "of": self.of, "seeds": list(self.seeds),
                "low_pillars": self.low_pillars, "events": self.events}


def zeros(report: BalanceReport) -> tuple[Zeros, ...]:
    """For each policy and the best naive rule, the games that scored 0 (below `ZERO`): a
    final score of 0 means the pillars' neglect penalty ate the whole mean."""
    found = []
    for name in (*report.policies, report.best_naive.name):
        games = report.games[name]
        hit = [(seed, g) for seed, g in zip(report.seeds, games, strict=True) if g.score < ZERO]
        if not hit:
            continue
        pillars = Counter(p for _, g in hit for p, v in g.pillars if v < NEGLECT_LINE)
        events = _telling_events([g for _, g in hit], [g for g in games if g.score >= ZERO])
        found.append(Zeros(name, tuple(s for s, _ in hit), len(games),
                           dict(pillars.most_common()), events))
    return tuple(found)


def _telling_events(hit: list[GameFacts], rest: list[GameFacts]) -> dict[str, int]:
    """The events that fired in the games scoring 0 at least `TELLING` (a share of games)
    more often than in the policy's other games: the ones that fire everywhere explain
    nothing. Most frequent first."""
    count = Counter(e for g in hit for e in g.fired)
    other = Counter(e for g in rest for e in g.fired)
    return {e: n for e, n in count.most_common()
            if n / len(hit) - (other[e] / len(rest) if rest else 0.0) >= TELLING}


@dataclass(frozen=True)
class ClassSeed:
    seed: int
    scores: dict[str, float]
    """evidence, optimal, each debrief baseline and the best naive rule on this seed."""
    margin: float
    """evidence's lead over the strongest template on this seed, as a share of its score."""

    def as_dict(self) -> dict[str, object]:
        return {"seed": self.seed, "margin": round(self.margin, 3),
                "scores": {k: round(v, 1) for k, v in self.scores.items()}}


def class_seeds(report: BalanceReport, count: int = 5, bar: float = 0.05,
                room: float = 0.05) -> tuple[ClassSeed, ...]:
    """Good seeds for class: seeds where the debrief shows the lesson plainly. `evidence`
    leads every baseline the debrief shows and the best naive rule by at least `bar` (a share
    of the strongest one's score), RICE beats the HiPPO, and the optimum is at least `room`
    above `evidence`. Up to `count` seeds, the clearest first."""
    naive = report.best_naive.name
    found = []
    for i, seed in enumerate(report.seeds):
        s = {name: report.games[name][i].score for name in (*DEBRIEF, "evidence", "optimal")}
        s["best naive"] = report.games[naive][i].score
        strongest = max(s[name] for name in (*DEBRIEF, "best naive"))
        if s["evidence"] <= 0 or s["rice"] <= s["loudest"]:
            continue
        if s["evidence"] < (1 + bar) * strongest or s["optimal"] < (1 + room) * s["evidence"]:
            continue
        found.append(ClassSeed(seed, s, (s["evidence"] - strongest) / s["evidence"]))
    found.sort(key=lambda c: (-c.margin, c.seed))
    return tuple(found[:count])
