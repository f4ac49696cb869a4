"""What a round did, and why: every change carries its causes in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cause:
    amount: float
    reason: str


@dataclass(frozen=True, slots=True)
class Change:
    """One metric's (or one stakeholder's trust) movement over a round."""

    target: str
    label: str
    before: float
    after: float
    causes: tuple[Cause, ...]

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class NewsItem:
    """Something that happened at the start of a round: an event, an escalation, an arrival."""

    kind: str  # "event", "escalation", "arrival", "outage"
    title: str
    message: str
    speaker: str | None = None
    event: str | None = None


@dataclass(frozen=True, slots=True)
class WorkItem:
    request: str
    title: str
    outcome: str  # "shipped" or "spilled"
    points_this_round: int
    cost: int | None
    """The real cost, known once it ships."""
    late: bool = False


@dataclass(frozen=True, slots=True)
class Discovery:
    request: str
    method: str
    method_name: str
    evidence: str | None
    """What the method's findings say, in words, with this game's numbers filled in."""
    findings: dict[str, float] = field(default_factory=dict)
    """What it measured: each metric it sees, and 'cost' when it sizes the work."""


@dataclass(frozen=True, slots=True)
class Reaction:
    stakeholder: str
    name: str
    kind: str  # one of the format's Reaction names
    request: str | None
    quote: str


@dataclass(frozen=True, slots=True)
class Replan:
    """A promise changed with new evidence behind it: a re-plan, not a break."""

    request: str
    round: int
    """The round it was re-planned in."""
    due: int
    """The round it had been promised for."""
    answer: str
    """What became of it: 'next' (re-dated to `round + 1`), 'later', 'not_now', 'no', or
    'slipped' (committed, but the work proved bigger than estimated)."""


@dataclass(frozen=True, slots=True)
class RoundReport:
    round: int
    capacity: int
    """Effective capacity this round, in points."""
    capacity_causes: tuple[Cause, ...]
    planned: int
    """Points the plan asked for, by estimate (discovery included)."""
    used: int
    work: tuple[WorkItem, ...]
    discoveries: tuple[Discovery, ...]
    metrics: tuple[Change, ...]
    trust: tuple[Change, ...]
    reactions: tuple[Reaction, ...]
    news: tuple[NewsItem, ...]
    """What happened at the start of the next round (events, escalations, new requests)."""

    def change(self, target: str) -> Change | None:
        for item in (*self.metrics, *self.trust):
            if item.target == target:
                return item
        return None
