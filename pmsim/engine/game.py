"""The state of one game. A `Game` is a value: the engine never changes one it has handed out;
`play_round` returns a new one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..scenario.models import METRICS, DiscoveryMethod, Request, Scenario, Stakeholder
from .decision import Decision
from .report import Cause, NewsItem, Replan, RoundReport
from .status import Status
from .truth import Truth, metric_step

PERCENT_METRICS = frozenset(("satisfaction", "tech_health", "morale"))

VISIBLE = (Status.OPEN, Status.ACTIVE, Status.SHIPPED, Status.DECLINED)
WORKABLE = (Status.OPEN, Status.ACTIVE)


def scenario_hash(scenario: Scenario) -> str:
    """A fingerprint of the scenario's content (not its comments or layout): what replays pin."""
    return hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Lookup:
    """Indexes into the scenario, built once per game and shared by all its states."""

    requests: dict[str, Request]
    methods: dict[str, DiscoveryMethod]
    people: dict[str, Stakeholder]
    added_by_events: frozenset[str]
    """Requests an event adds: without an 'arrives' round, they arrive only when it fires."""
    steps: dict[str, float]
    """One step of each metric (see `scoring.steps`): how policies and reports weigh them."""
    asks: dict[str, tuple[str, ...]]
    """Each stakeholder's requests, in the scenario's order."""
    arrivals: dict[int, tuple[str, ...]]
    """The requests due to arrive at the start of each round, in the scenario's order (round 1
    also has those without an 'arrives' round that no event adds)."""

    @classmethod
    def of(cls, scenario: Scenario) -> Lookup:
        added = frozenset(rid for event in scenario.events for rid in event.effects.add_requests)
        return cls(
            requests={r.id: r for r in scenario.requests},
            methods={d.id: d for d in scenario.discovery},
            people={s.id: s for s in scenario.stakeholders},
            added_by_events=added,
            steps={m: metric_step(scenario, m) for m in METRICS},
            asks=_asks(scenario),
            arrivals=_arrivals(scenario, added),
        )


def _asks(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    asks: dict[str, list[str]] = {}
    for request in scenario.requests:
        asks.setdefault(request.asked_by, []).append(request.id)
    return {sid: tuple(ids) for sid, ids in asks.items()}


def _arrivals(scenario: Scenario, added: frozenset[str]) -> dict[int, tuple[str, ...]]:
    due: dict[int, list[str]] = {}
    for request in scenario.requests:
        if request.arrives is not None:
            due.setdefault(request.arrives, []).append(request.id)
        elif request.id not in added:
            due.setdefault(1, []).append(request.id)
    return {r: tuple(ids) for r, ids in due.items()}


class _Cache:
    """Work saved for later, not part of a game's value: every cache equals every other, and a
    deep copy starts empty (a snapshot of a game compares what the game is, not what was
    computed from it)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Cache)

    __hash__ = None  # type: ignore[assignment]

    def __deepcopy__(self, memo: dict[int, object]) -> _Cache:
        return type(self)()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Memo(_Cache):
    """Work done once for a whole game and shared by all its states: texts and views that
    depend only on the game's truth, or on state that a key says has not changed.

    Every entry is a pure function of its key and of the game's scenario and truth (which
    never change), so sharing it between states, and between the branches analysis plays
    from one start, cannot change any result: it only saves building the same thing twice.
    """

    __slots__ = ("evidence", "methods", "pitch", "requests", "static", "step_points")

    def __init__(self) -> None:
        self.pitch: dict[str, str] = {}
        """Each request's pitch with its claims filled in."""
        self.evidence: dict[tuple[str, str], Any] = {}
        """The evidence view of each (request, method) run."""
        self.requests: dict[str, tuple[tuple[object, ...], Any]] = {}
        """The last view of each request, with the state it was built from (see `view`)."""
        self.methods: Any = None
        """The views of the discovery methods."""
        self.static: dict[str, tuple[Any, ...]] = {}
        """What a request's view shows that never changes in a game (title ... estimate)."""
        self.step_points: dict[str, float] | None = None
        """What a step of each metric adds to the score (`scoring.step_points`)."""


class StateMemo(_Cache):
    """Work done once for one state of a game (a state handed out never changes)."""

    __slots__ = ("capacity",)

    def __init__(self) -> None:
        self.capacity: tuple[tuple[object, ...], tuple[int, tuple[Cause, ...]]] | None = None
        """(what capacity depends on, the capacity and its causes), see `ledger.capacity`."""


@dataclass(slots=True)
class Game:
    scenario: Scenario
    lookup: Lookup
    seed: int
    truth: Truth
    round: int
    """The round being planned; `rounds + 1` once the game is over."""
    metrics: dict[str, float]
    trust: dict[str, float]
    status: dict[str, Status]
    progress: dict[str, int] = field(default_factory=dict)
    """Points of work done on requests not yet shipped."""
    arrived_in: dict[str, int] = field(default_factory=dict)
    shipped_in: dict[str, int] = field(default_factory=dict)
    discovered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Discovery methods run on each request, in order."""
    known_impact: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    """What discovery has revealed: a range around the true impact."""
    known_cost: dict[str, tuple[int, int]] = field(default_factory=dict)
    evidence_in: dict[str, int] = field(default_factory=dict)
    """The latest round in which new evidence about a request arrived (discovery or an event)."""
    answers: dict[str, str] = field(default_factory=dict)
    """The standing answer to each open request (next, later, not_now)."""
    parked_in: dict[str, int] = field(default_factory=dict)
    """The round each request now under 'later' or 'not now' was parked in."""
    redated: dict[str, int] = field(default_factory=dict)
    """Requests whose promise was re-dated, and when: keeping the new date is not 'kept'."""
    adopting: dict[str, int] = field(default_factory=dict)
    """Shipped requests whose impact is still arriving: the shares already arrived."""
    promises: dict[str, int] = field(default_factory=dict)
    """Requests promised to be built in a given round."""
    forced: tuple[str, ...] = ()
    """Requests forced into this round by an escalation or an event."""
    capacity_events: tuple[Cause, ...] = ()
    """Changes to this round's capacity from events, with their reasons."""
    promised_in: dict[str, int] = field(default_factory=dict)
    """The round in which each standing promise was made."""
    fired: dict[str, int] = field(default_factory=dict)
    escalated_in: dict[str, int] = field(default_factory=dict)
    news: tuple[NewsItem, ...] = ()
    """What happened at the start of this round."""
    revenue_earned: float = 0.0
    """Revenue summed over the rounds played."""
    start_metrics: dict[str, float] = field(default_factory=dict)
    start_trust: dict[str, float] = field(default_factory=dict)
    metric_history: tuple[dict[str, float], ...] = ()
    """Metrics at the end of each round played."""
    trust_history: tuple[dict[str, float], ...] = ()
    decisions: tuple[Decision, ...] = ()
    reports: tuple[RoundReport, ...] = ()
    replans: tuple[Replan, ...] = ()
    """Every promise re-planned with new evidence, in order (see `Replan`)."""
    explained: bool = True
    """Whether every round was played with its reasons (see `play_round`'s `explain`): a
    state from the scoring-only path has reports that keep only what the record needs."""
    memo: Memo = field(default_factory=Memo)
    """Shared by every state of this game (see `Memo`)."""
    state_memo: StateMemo = field(default_factory=StateMemo)
    """This state's own (see `StateMemo`); a copy starts a new one."""

    @property
    def over(self) -> bool:
        return self.round > self.scenario.rounds

    def copy(self) -> Game:
        """A copy whose containers can be changed without touching this game: the values
        never changed in place are shared, the dicts a round changes are copied (`_COPIED`),
        and the copy gets its own `state_memo`.

        Written out field by field: `dataclasses.replace` re-runs `__init__`, and setting
        the fields by name in a loop took a fifth of a round; tests/test_fast_path.py checks
        that every field is here.
        """
        new = object.__new__(Game)
        new.scenario = self.scenario
        new.lookup = self.lookup
        new.seed = self.seed
        new.truth = self.truth
        new.round = self.round
        new.forced = self.forced
        new.capacity_events = self.capacity_events
        new.news = self.news
        new.revenue_earned = self.revenue_earned
        new.start_metrics = self.start_metrics
        new.start_trust = self.start_trust
        new.metric_history = self.metric_history
        new.trust_history = self.trust_history
        new.decisions = self.decisions
        new.reports = self.reports
        new.replans = self.replans
        new.explained = self.explained
        new.memo = self.memo
        new.metrics = self.metrics.copy()
        new.trust = self.trust.copy()
        new.status = self.status.copy()
        new.progress = self.progress.copy()
        new.arrived_in = self.arrived_in.copy()
        new.shipped_in = self.shipped_in.copy()
        new.discovered = self.discovered.copy()
        new.known_impact = self.known_impact.copy()
        new.known_cost = self.known_cost.copy()
        new.evidence_in = self.evidence_in.copy()
        new.answers = self.answers.copy()
        new.promises = self.promises.copy()
        new.promised_in = self.promised_in.copy()
        new.fired = self.fired.copy()
        new.escalated_in = self.escalated_in.copy()
        new.parked_in = self.parked_in.copy()
        new.adopting = self.adopting.copy()
        new.redated = self.redated.copy()
        new.state_memo = StateMemo()
        return new


_COPIED = (  # the containers a round changes in place; everything else is shared
    "metrics", "trust", "status", "progress", "arrived_in", "shipped_in", "discovered",
    "known_impact", "known_cost", "evidence_in", "answers", "promises", "promised_in", "fired",
    "escalated_in", "parked_in", "adopting", "redated",
)
