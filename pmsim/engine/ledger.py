"""The ledger of a round: every change to a metric or to trust, with its reason.

Every change goes through a `Ledger`, which applies it (clamped to the metric's range) and
remembers why, so the round report can say why each number moved and its causes add up.
"""

from __future__ import annotations

from collections import defaultdict

from .game import PERCENT_METRICS, Game
from .labels import METRIC_LABELS
from .report import Cause, Change


class Ledger:
    """Applies a round's changes; with `explain` (the default) also keeps each one's reason.

    A reason is given as a `str.format` template and its arguments, formatted only when
    explaining: the scoring-only path (`play_round(..., explain=False)`) makes no text.
    """

    def __init__(self, game: Game, explain: bool = True):
        self.game = game
        self.explain = explain
        self.metric_before = dict(game.metrics)
        self.trust_before = dict(game.trust)
        self.metric_causes: dict[str, list[Cause]] = defaultdict(list)
        self.trust_causes: dict[str, list[Cause]] = defaultdict(list)
        self.lowered: set[str] = set()
        """The metrics some change lowered this round (kept with or without reasons)."""

    def metric(self, name: str, amount: float, reason: str, *args: object) -> None:
        if not amount:
            return
        metrics = self.game.metrics
        old = metrics[name]
        new = old + amount
        new = min(100.0, max(0.0, new)) if name in PERCENT_METRICS else max(0.0, new)
        metrics[name] = new
        if new != old:
            if new < old:
                self.lowered.add(name)
            if self.explain:
                self.metric_causes[name].append(
                    Cause(new - old, reason.format(*args) if args else reason))

    def trust(self, sid: str, amount: float, reason: str, *args: object) -> None:
        if not amount or sid not in self.game.trust:
            return
        old = self.game.trust[sid]
        new = min(100.0, max(0.0, old + amount))
        self.game.trust[sid] = new
        if new != old and self.explain:
            self.trust_causes[sid].append(
                Cause(new - old, reason.format(*args) if args else reason))

    def changes(self) -> tuple[tuple[Change, ...], tuple[Change, ...]]:
        game = self.game
        people = game.lookup.people
        metrics = tuple(
            Change(m, METRIC_LABELS[m], self.metric_before[m], game.metrics[m], tuple(causes))
            for m, causes in self.metric_causes.items()
        )
        trust = tuple(
            Change(s, people[s].name, self.trust_before[s], game.trust[s], tuple(causes))
            for s, causes in self.trust_causes.items()
        )
        return metrics, trust


def ramp(value: float, start: float, band: float) -> float:
    """How far (0-1) `value` has gone below `start`, over a band of `band`: 0 at `start` or
    above, 1 at `start - band` or below. Every threshold effect of the model is such a ramp,
    so no lesson hinges on one number."""
    if band <= 0:
        return 1.0 if value < start else 0.0
    return min(1.0, max(0.0, (start - value) / band))


def weighted_trust(game: Game, trust: dict[str, float] | None = None) -> float:
    """Average trust, weighted by influence (of `trust`, by default the current trust)."""
    trust = game.trust if trust is None else trust
    people = game.scenario.stakeholders
    total = sum(p.influence for p in people)
    return sum(p.influence * trust[p.id] for p in people) / total


def capacity(game: Game) -> tuple[int, tuple[Cause, ...]]:
    """Effective capacity of the current round in points (0 or more), and what made it so.

    Computed once per state (the view, the policies and `play_round` all ask), and again
    whenever anything it depends on differs from when it was computed.
    """
    metrics = game.metrics
    key = (game.round, metrics["morale"], metrics["tech_health"], tuple(game.trust.values()),
           game.capacity_events)
    memo = game.state_memo
    if memo.capacity is not None and memo.capacity[0] == key:
        return memo.capacity[1]
    found = _capacity(game)
    memo.capacity = (key, found)
    return found


def _capacity(game: Game) -> tuple[int, tuple[Cause, ...]]:
    scenario = game.scenario
    rules = scenario.rules
    base = scenario.capacity_in(min(game.round, scenario.rounds))
    causes = [Cause(base, f"the team's capacity this {scenario.round_name}")]
    total = base + sum(c.amount for c in game.capacity_events)
    causes.extend(game.capacity_events)
    total = max(0, total)
    losses = 0.0
    slow = rules.team.slow_below
    morale = game.metrics["morale"]
    if morale < slow:
        loss = total * (slow - morale) * rules.team.tired_per_point
        losses += loss
        causes.append(Cause(-loss, f"team morale is low ({morale:.0f}): people are tired"))
    health = game.metrics["tech_health"]
    if health < slow:
        loss = total * (slow - health) * rules.team.debt_per_point
        losses += loss
        causes.append(Cause(-loss, f"tech debt slows every change (tech health {health:.0f})"))
    trust = weighted_trust(game)
    share = ramp(trust, rules.trust.cooperation_below, rules.trust.cooperation_band)
    if share > 0:
        loss = total * rules.trust.cooperation_penalty * share
        losses += loss
        causes.append(
            Cause(-loss, f"stakeholders are slow to cooperate (average trust {trust:.0f})")
        )
    return max(0, round(total - losses)), tuple(causes)


def remaining_estimate(game: Game, rid: str) -> int:
    """What the plan counts for a request: its estimate, less work already done."""
    request = game.lookup.requests[rid]
    return max(1, request.estimate - game.progress.get(rid, 0))
