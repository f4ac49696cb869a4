"""The player view: what the player may know now, and nothing more.

Front ends draw only from this. It is built from the scenario's visible fields and from what
discovery and shipping have revealed; the drawn truth enters only through those revelations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..scenario.models import METRICS, Request
from .evidence import fill
from .game import VISIBLE, WORKABLE, Game
from .ledger import capacity, remaining_estimate, weighted_trust
from .report import Cause, NewsItem
from .scoring import step_points
from .start import pitch
from .status import Status


@dataclass(frozen=True, slots=True)
class EvidenceView:
    method: str
    method_name: str
    text: str | None
    """What the method's findings say, in words (with this game's numbers filled in)."""
    findings: dict[str, float]
    """What it measured: the found value of each metric it sees, and the cost under 'cost'
    when it sizes the work. Noisy: another method may disagree."""


@dataclass(frozen=True, slots=True)
class RequestView:
    id: str
    title: str
    asked_by: str
    asker_name: str
    pitch: str
    kind: str
    estimate: int
    claimed_impact: dict[str, float]
    """The numbers in the pitch: the asker's belief, drawn each game from the truth and
    their optimism. Evidence, not an answer."""
    status: Status
    """open, active (started, unfinished), shipped or declined."""
    progress: int
    """Points already done on unfinished work."""
    remaining_estimate: int
    deadline: int | None
    depends_on: tuple[str, ...]
    locked_by: tuple[str, ...]
    """Dependencies not shipped yet: it cannot be built until they are."""
    evidence: tuple[EvidenceView, ...]
    known_impact: dict[str, tuple[float, float]]
    """What the findings so far say of each measured metric: their combined estimate, plus
    and minus one standard error (empty until discovery). Not a guarantee: findings err."""
    known_cost: tuple[int, int] | None
    real_cost: int | None
    """Known once it has shipped."""
    discovery_left: tuple[str, ...]
    """Discovery methods not yet run on it."""
    new: bool
    forced: bool
    promised_for: int | None
    answer: str | None
    """The standing answer: next, later or not_now."""
    arrived: int = 1
    """The round it came onto the board (1 for those there from the start)."""


@dataclass(frozen=True, slots=True)
class StakeholderView:
    id: str
    name: str
    role: str
    influence: int
    cares_about: tuple[str, ...]
    trust: float
    bio: str | None


@dataclass(frozen=True, slots=True)
class MethodView:
    id: str
    name: str
    description: str | None
    cost: int
    reveals: str
    sees: tuple[str, ...]
    """The metrics it measures (when it reveals impact); it is silent about the others."""
    precision: float
    """How noisy its findings are (0 exact ... 1): part of knowing your methods. Its lean
    (`bias`) is not shown."""


@dataclass(frozen=True, slots=True)
class PlayerView:
    scenario_id: str
    title: str
    round: int
    rounds: int
    round_name: str
    over: bool
    capacity: int
    capacity_causes: tuple[Cause, ...]
    metrics: dict[str, float]
    average_trust: float
    stakeholders: tuple[StakeholderView, ...]
    requests: tuple[RequestView, ...]
    methods: tuple[MethodView, ...]
    news: tuple[NewsItem, ...]
    hints: tuple[str, ...]
    roadmap: dict[str, tuple[str, ...]]
    """Lanes: now (forced and in progress), next (promised), later."""
    metric_history: tuple[dict[str, float], ...]
    steps: dict[str, float]
    """One step of each metric, as the score counts it (the scenario's `scoring.steps`)."""
    step_points: dict[str, float]
    """Final-score points one of those steps adds while its pillar is within 0-150
    (`scoring.step_points`): what the scenario's scoring section, which the player reads,
    says a step of each metric is worth."""

    open_requests: tuple[RequestView, ...] = field(init=False, repr=False, compare=False)
    """The requests still open or in progress: what a plan can build or answer (computed
    once, as policies ask for it many times a decision)."""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "open_requests", tuple(r for r in self.requests if r.status in WORKABLE)
        )

    def request(self, rid: str) -> RequestView:
        """The request `rid` (KeyError when it is not in the view)."""
        for item in self.requests:
            if item.id == rid:
                return item
        raise KeyError(rid)


def view(game: Game) -> PlayerView:
    """What the player may know now: built from the scenario's visible fields, the drawn
    claims, and what discovery, shipping and events have revealed."""
    scenario = game.scenario
    cap, causes = capacity(game) if not game.over else (0, ())
    requests = _requests(game)
    return PlayerView(
        scenario_id=scenario.id,
        title=scenario.title,
        round=min(game.round, scenario.rounds),
        rounds=scenario.rounds,
        round_name=scenario.round_name,
        over=game.over,
        capacity=cap,
        capacity_causes=causes,
        metrics=dict(game.metrics),
        average_trust=weighted_trust(game),
        stakeholders=tuple(
            StakeholderView(s.id, s.name, s.role, s.influence, tuple(s.cares_about),
                            game.trust[s.id], s.bio)
            for s in scenario.stakeholders
        ),
        requests=requests,
        methods=_methods(game),
        news=game.news,
        hints=tuple(h.text for h in scenario.hints if h.round == game.round),
        roadmap=_roadmap(requests, game.round),
        metric_history=(dict(game.start_metrics), *game.metric_history),
        steps=dict(game.lookup.steps),
        step_points=_step_points(game),
    )


def _step_points(game: Game) -> dict[str, float]:
    """`scoring.step_points`, worked out once a game (it follows from the scenario alone)."""
    if game.memo.step_points is None:
        game.memo.step_points = step_points(game)
    return dict(game.memo.step_points)


def _methods(game: Game) -> tuple[MethodView, ...]:
    """The discovery methods (the same for the whole game: built once)."""
    known = game.memo.methods
    if known is None:
        known = game.memo.methods = tuple(
            MethodView(m.id, m.name, m.description, m.cost, m.reveals,
                       tuple(m.sees) if m.sees is not None else METRICS, m.precision)
            for m in game.scenario.discovery
        )
    found: tuple[MethodView, ...] = known
    return found


def _requests(game: Game) -> tuple[RequestView, ...]:
    """The view of every visible request, in the scenario's order. The view built before is
    reused when nothing it shows has changed since: its key holds everything
    `_build_request` reads that can change during a game."""
    status = game.status
    progress, discovered, arrived = game.progress, game.discovered, game.arrived_in
    promises, answers, forced, r = game.promises, game.answers, game.forced, game.round
    memo = game.memo.requests
    views: list[RequestView] = []
    for request in game.scenario.requests:
        rid = request.id
        state = status[rid]
        if state not in VISIBLE:
            continue
        known = memo.get(rid)
        if (state is Status.SHIPPED and known is not None and known[1].status is state
                and known[0][2] == discovered.get(rid, ())):
            # Shipped is final: only the evidence gathered before can differ (between games
            # played from one start, which share the memo).
            views.append(known[1])
            continue
        deps = request.depends_on
        key = (state, progress.get(rid, 0), discovered.get(rid, ()), arrived.get(rid) == r,
               rid in forced, promises.get(rid), answers.get(rid),
               tuple([status[d] for d in deps]) if deps else ())
        if known is not None and known[0] == key:
            views.append(known[1])
        else:
            built = _build_request(game, request)
            memo[rid] = (key, built)
            views.append(built)
    return tuple(views)


def _build_request(game: Game, request: Request) -> RequestView:
    rid = request.id
    status = game.status
    state = status[rid]
    ran = game.discovered.get(rid, ())
    static = game.memo.static.get(rid)
    if static is None:
        static = game.memo.static[rid] = (
            request.title, request.asked_by, game.lookup.people[request.asked_by].name,
            pitch(game, rid), request.kind, request.estimate,
        )
    title, asked_by, asker, text, kind, estimate = static
    progress = game.progress.get(rid, 0)
    deps = request.depends_on
    return RequestView(
        rid, title, asked_by, asker, text, kind, estimate,
        dict(game.truth.claims[rid]),
        state,
        progress,
        remaining_estimate(game, rid),
        request.deadline,
        tuple(deps),
        tuple([d for d in deps if status[d] != Status.SHIPPED]) if deps else (),
        tuple([_evidence(game, rid, m) for m in ran]) if ran else (),
        dict(game.known_impact.get(rid, {})),
        game.known_cost.get(rid),
        game.truth.cost[rid] if state == Status.SHIPPED else None,
        tuple([m for m in game.lookup.methods if m not in ran]),
        game.arrived_in.get(rid) == game.round,
        rid in game.forced,
        game.promises.get(rid),
        game.answers.get(rid),
        game.arrived_in.get(rid, 1),
    )


def _roadmap(requests: tuple[RequestView, ...], round_: int) -> dict[str, tuple[str, ...]]:
    """Now (forced, in progress, promised for this round), next (promised), later."""
    now: list[str] = []
    promised: list[str] = []
    later: list[str] = []
    for r in requests:
        if r.status not in WORKABLE:
            continue
        if r.forced or r.status == Status.ACTIVE or r.promised_for == round_:
            now.append(r.id)
            continue
        if r.promised_for:
            promised.append(r.id)
        if r.answer == "later":
            later.append(r.id)
    return {"now": tuple(now), "next": tuple(promised), "later": tuple(later)}


def _evidence(game: Game, rid: str, mid: str) -> EvidenceView:
    """What running `mid` on `rid` showed (once per game: findings are drawn with the truth)."""
    known = game.memo.evidence.get((rid, mid))
    if known is None:
        known = game.memo.evidence[(rid, mid)] = _build_evidence(game, rid, mid)
    found: EvidenceView = known
    return found


def _build_evidence(game: Game, rid: str, mid: str) -> EvidenceView:
    findings = dict(game.truth.findings[(rid, mid)])
    text = game.lookup.requests[rid].evidence.get(mid)
    method = game.lookup.methods[mid]
    return EvidenceView(mid, method.name, fill(text, findings) if text else None, findings)
