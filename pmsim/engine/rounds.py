"""Playing a round: check the decision, then resolve it in named phases.

The phases, in order: overtime (a plan beyond capacity), discovery, work (building and
shipping), answers and promises, drift (what happens whatever the player does), stakeholders'
reactions to the metrics they watch, and the start of the next round. Each phase writes its
changes through the round's ledger, so the report can say why every number moved.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from .decision import ANSWERS, Decision, InvalidDecision
from .drift import drift, timeliness
from .evidence import combine, estimate_value, fill
from .game import WORKABLE, Game
from .labels import METRIC_LABELS
from .ledger import Ledger, capacity, ramp, remaining_estimate, weighted_trust
from .report import Discovery, NewsItem, Reaction, Replan, RoundReport, WorkItem
from .start import DEFAULT_QUOTES, start_round
from .status import Status

__all__ = [
    "capacity", "check", "play_round", "remaining_estimate", "start_round", "weighted_trust",
]

PARKED = ("later", "not_now")
"""Answers that park a request without a date: they wear thin round after round."""


def check(game: Game, decision: Decision) -> list[str]:
    """Every reason the decision cannot be played now, each said once (an unknown id listed
    three times is one mistake); empty when it can."""
    if game.over:
        return ["the game is over"]
    building: set[str] = set()
    return list(dict.fromkeys([
        *_check_build(game, decision, building),
        *_check_discover(game, decision),
        *_check_answers(game, decision, building),
    ]))


def _check_build(game: Game, decision: Decision, building: set[str]) -> list[str]:
    requests = game.lookup.requests
    reasons: list[str] = []
    listed = Counter(decision.build)
    for rid in decision.build:
        request = requests.get(rid)
        if request is None:
            reasons.append(f"there is no request '{rid}'")
            continue
        if rid in building:
            if rid in listed:  # said once, however many times it is listed
                reasons.append(f"'{request.title}' is listed {_times(listed.pop(rid))}")
            continue
        building.add(rid)
        state = game.status[rid]
        if state not in WORKABLE:
            reasons.append(f"'{request.title}' cannot be built: {_why_not(state)}")
            continue
        reasons.extend(
            f"'{request.title}' needs '{requests[dep].title}' shipped first"
            for dep in request.depends_on if game.status[dep] != Status.SHIPPED
        )
    return reasons


def _times(count: int) -> str:
    """How often something is listed, as a refusal says it: 'twice', then '3 times'."""
    return "twice" if count == 2 else f"{count} times"


def _check_discover(game: Game, decision: Decision) -> list[str]:
    reasons: list[str] = []
    running: set[tuple[str, str]] = set()
    listed = Counter(decision.discover)
    for rid, mid in decision.discover:
        request = game.lookup.requests.get(rid)
        method = game.lookup.methods.get(mid)
        if request is None or method is None:
            missing = f"request '{rid}'" if request is None else f"discovery method '{mid}'"
            reasons.append(f"there is no {missing}")
            continue
        state = game.status[rid]
        if state not in WORKABLE:
            reasons.append(f"cannot run discovery on '{request.title}': {_why_not(state)}")
        elif (rid, mid) in running:  # not run before: asked for twice at once
            if (rid, mid) in listed:  # said once, however many times it is listed
                reasons.append(f"{method.name} on '{request.title}' is listed "
                               f"{_times(listed.pop((rid, mid)))} in the same round")
        elif mid in game.discovered.get(rid, ()):
            reasons.append(f"{method.name} has already been run on '{request.title}'")
        running.add((rid, mid))
    return reasons


def _check_answers(game: Game, decision: Decision, building: set[str]) -> list[str]:
    reasons: list[str] = []
    for rid, answer in decision.answers.items():
        request = game.lookup.requests.get(rid)
        if request is None:
            reasons.append(f"there is no request '{rid}'")
        elif answer not in ANSWERS:
            reasons.append(f"'{answer}' is not an answer; use one of: " + ", ".join(ANSWERS))
        elif rid in building:
            reasons.append(f"'{request.title}' is being built, so it needs no answer")
        elif game.status[rid] not in WORKABLE:
            why = _why_not(game.status[rid])
            reasons.append(f"'{request.title}' is not waiting for an answer: {why}")
        elif rid in game.forced:
            reasons.append(f"'{request.title}' was forced into this round over your head")
    return reasons


def _why_not(state: Status) -> str:
    return {
        Status.WAITING: "it has not arrived yet",
        Status.SHIPPED: "it has already shipped",
        Status.DECLINED: "it was declined",
        Status.WITHDRAWN: "it was withdrawn",
    }.get(state, str(state))


@dataclass
class _Round:
    """One round being resolved: the new state, what the player decided, and what happened."""

    game: Game
    decision: Decision
    forced: tuple[str, ...]
    ledger: Ledger
    reactions: list[Reaction] = field(default_factory=list)
    work: list[WorkItem] = field(default_factory=list)
    discoveries: list[Discovery] = field(default_factory=list)
    upkeep: float = 0.0
    """Points of tech-debt work shipped this round (they hold off the code's wear)."""

    def react(self, rid: str, kind: str) -> None:
        game = self.game
        person = game.lookup.people[game.lookup.requests[rid].asked_by]
        quote = person.quotes.get(kind) or DEFAULT_QUOTES[kind]  # type: ignore[call-overload]
        self.reactions.append(Reaction(person.id, person.name, kind, rid, quote))

    def trust(self, rid: str, amount: float, reason: str, *args: object) -> None:
        self.ledger.trust(self.game.lookup.requests[rid].asked_by, amount, reason, *args)


def play_round(
    game: Game, decision: Decision, explain: bool = True
) -> tuple[Game, RoundReport]:
    """Resolve the current round; raises InvalidDecision (with every reason) and changes
    nothing when the decision cannot be played.

    With `explain=False` (the scoring-only path, for searches and analysis that read only
    scores and states) the new state is exactly the same, but the report keeps only what
    the game's record needs (capacity, planned, used, reactions, news): no reasons, metric
    or trust changes, work items or discoveries; the new state's `explained` is False.
    """
    reasons = check(game, decision)
    if reasons:
        raise InvalidDecision(reasons)
    g = game.copy()
    if not explain:
        g.explained = False
    rnd = _Round(g, decision, game.forced, Ledger(g, explain))
    cap, cap_causes = capacity(g)
    build = [*g.forced, *(rid for rid in decision.build if rid not in g.forced)]
    planned = _overtime(rnd, build, cap)
    available = _discover(rnd, cap)
    available = _work(rnd, build, available)
    _answer_all(rnd, set(build))
    _spilled_promises(rnd, build)
    incidents = drift(g, rnd.ledger, rnd.upkeep)
    _watchers(rnd)
    news = _next_round(rnd, incidents)
    metric_changes, trust_changes = rnd.ledger.changes() if explain else ((), ())
    report = RoundReport(
        round=game.round, capacity=cap, capacity_causes=cap_causes, planned=planned,
        used=cap - available, work=tuple(rnd.work), discoveries=tuple(rnd.discoveries),
        metrics=metric_changes, trust=trust_changes, reactions=tuple(rnd.reactions), news=news,
    )
    g.reports = (*g.reports, report)
    return g, report


def _overtime(rnd: _Round, build: list[str], cap: int) -> int:
    """Points planned; a plan beyond capacity costs morale and tech health per extra point."""
    g = rnd.game
    team = g.scenario.rules.team
    methods = g.lookup.methods
    planned = sum(remaining_estimate(g, rid) for rid in build)
    planned += sum(methods[mid].cost for _, mid in rnd.decision.discover)
    over = max(0, planned - cap)
    if over:
        rnd.ledger.metric("morale", -over * team.overcommit_morale,
                          f"the plan asked for {planned} points with capacity for {cap}: overtime")
        rnd.ledger.metric("tech_health", -over * team.overcommit_tech_health,
                          f"corners cut to squeeze {over} extra "
                          f"point{'' if over == 1 else 's'} into the "
                          f"{g.scenario.round_name}")
    return planned


def _discover(rnd: _Round, available: int) -> int:
    """Run the round's discovery before any building; returns the capacity left."""
    g = rnd.game
    for rid, mid in rnd.decision.discover:
        method = g.lookup.methods[mid]
        available -= min(available, method.cost)
        request = g.lookup.requests[rid]
        g.discovered[rid] = (*g.discovered.get(rid, ()), mid)
        g.evidence_in[rid] = g.round
        ran = [g.lookup.methods[m] for m in g.discovered[rid]]
        known_impact, known_cost = combine(request, ran, g.truth)
        g.known_impact[rid] = known_impact
        if known_cost is not None:
            g.known_cost[rid] = known_cost
        if not rnd.ledger.explain:
            continue
        found = g.truth.findings[(rid, mid)]
        text = request.evidence.get(mid)
        rnd.discoveries.append(Discovery(rid, mid, method.name,
                                         fill(text, found) if text else None, dict(found)))
    return available


def _work(rnd: _Round, build: list[str], available: int) -> int:
    """Build in the planned order with the real costs; returns the capacity left."""
    g = rnd.game
    for rid in build:
        g.parked_in.pop(rid, None)
        request = g.lookup.requests[rid]
        need = g.truth.cost[rid] - g.progress.get(rid, 0)
        if available >= need:
            available -= need
            _ship(rnd, rid, need)
            continue
        done = available
        available = 0
        g.progress[rid] = g.progress.get(rid, 0) + done
        if done:
            g.status[rid] = Status.ACTIVE
        if rnd.ledger.explain:
            outcome = "spilled" if done else "not_started"
            rnd.work.append(WorkItem(rid, request.title, outcome, done, None))
    return available


def _ship(rnd: _Round, rid: str, need: int) -> None:
    g = rnd.game
    r = g.round
    request = g.lookup.requests[rid]
    g.status[rid] = Status.SHIPPED
    g.shipped_in[rid] = r
    g.progress.pop(rid, None)
    g.answers.pop(rid, None)
    if request.kind == "tech_debt":
        rnd.upkeep += g.truth.cost[rid]
    factor = timeliness(request.deadline, request.late_value, r,
                        g.scenario.rules.product.late_rounds)
    late = request.deadline is not None and r > request.deadline
    reason = f"{request.title} shipped"
    if late:
        reason += (f" after its deadline ({g.scenario.round_name} {request.deadline}): "
                   "part of its value lost")
    if request.adoption > 1:
        reason += f" (first of {request.adoption} shares as adoption grows)"
        g.adopting[rid] = 1
    for metric, amount in g.truth.impact[rid].items():
        rnd.ledger.metric(metric, amount * factor / request.adoption, reason)
    if rnd.ledger.explain:
        rnd.work.append(WorkItem(rid, request.title, "shipped", need, g.truth.cost[rid], late))
    rules = g.scenario.rules.trust
    rnd.trust(rid, rules.built, "{} shipped", request.title)
    rnd.react(rid, "built")
    due = g.promises.pop(rid, None)
    g.promised_in.pop(rid, None)
    if due is not None and due >= r and rid not in g.redated:
        rnd.trust(rid, rules.kept_promise, "promise kept: {}", request.title)
        rnd.react(rid, "promise_kept")
    elif due is None and g.arrived_in.get(rid) == r and rid not in rnd.forced:
        rnd.trust(rid, rules.delivered_at_once,
                  f"{request.title} delivered in the {g.scenario.round_name} it was asked for")


def _answer_all(rnd: _Round, committed: set[str]) -> None:
    """Answers, and promises falling due. Committing a request is its answer, even when the
    capacity ran out before it started."""
    g = rnd.game
    given = rnd.decision.answers
    standing = g.answers
    waiting = [rid for rid, state in g.status.items()
               if state in WORKABLE and rid not in committed]
    for rid in waiting:
        answer = given.get(rid)
        if answer in PARKED and answer == standing.get(rid) and rid not in g.promises:
            g.parked_in.setdefault(rid, g.round)  # the same answer again: nothing else moves
        else:
            _answer(rnd, rid)
    for rid in waiting:
        if standing.get(rid) in PARKED:
            _wear(rnd, rid)


def _answer(rnd: _Round, rid: str) -> None:
    g = rnd.game
    rules = g.scenario.rules.trust
    title = g.lookup.requests[rid].title
    answer = rnd.decision.answers.get(rid)
    if answer == "next" and g.round == g.scenario.rounds:
        answer = "later"  # there is no next round to promise: it is a 'later'
    standing = g.answers.get(rid)
    if rid in g.promises:
        settled, standing = _promise_due(rnd, rid, answer)
        if settled:
            return
    if answer is None:
        if standing is None:
            rnd.trust(rid, rules.ignored, "no answer about {}", title)
        return
    if answer == "no":
        _decline(rnd, rid)
        return
    if answer != standing and answer == "not_now":
        rnd.trust(rid, rules.postponed, "'not now' for {}", title)
        rnd.react(rid, "postponed")
    elif answer != standing and answer == "later":
        rnd.trust(rid, rules.later, "{} placed under 'later'", title)
    if answer in PARKED:
        g.parked_in.setdefault(rid, g.round)
    else:
        g.parked_in.pop(rid, None)
    if answer == "next":
        if standing == "next" and rid not in g.promises:
            g.redated[rid] = g.round  # the old promise fell due unkept: this is a new date
        g.promises[rid] = g.round + 1
        g.promised_in[rid] = g.round
    g.answers[rid] = answer


def _promise_due(rnd: _Round, rid: str, answer: str | None) -> tuple[bool, str | None]:
    """A standing promise meets this round's answer. Returns (settled, the standing answer
    from here on): a promise for a later round stands; a promise not kept is broken when
    nothing is said or when it is re-dated without new evidence, and re-planned otherwise."""
    g = rnd.game
    rules = g.scenario.rules.trust
    title = g.lookup.requests[rid].title
    unit = g.scenario.round_name
    if g.promises[rid] > g.round and answer in (None, "next"):
        return True, None
    made = g.promised_in.pop(rid, 0)
    due = g.promises.pop(rid)
    evidence = g.evidence_in.get(rid, -1) > made
    if evidence and answer is not None:
        g.replans = (*g.replans, Replan(rid, g.round, due, answer))
    if answer is None or (answer == "next" and not evidence):
        what = "re-dated without new evidence" if answer else "not delivered, without a word"
        rnd.trust(rid, rules.broken_promise, f"promise broken: {title} {what}")
        rnd.react(rid, "promise_broken")
        if answer is None:
            g.answers.pop(rid, None)
            return True, None
        return False, answer
    if evidence:
        amount = rules.replanned_with_evidence
        reason = f"{title} taken off its promised {unit}, with new evidence"
    else:
        amount = rules.replanned
        reason = f"{title} taken off its promised {unit}, without new evidence"
        rnd.react(rid, "promise_broken")  # to the asker, a promise dropped for no reason
    if answer == "no":  # a promise turned into a no costs at least what the no costs
        amount = min(amount, _decline_cost(g, rid)[0])
        reason = f"{title} was promised, and is now declined"
        rnd.trust(rid, amount, reason)
        _set_declined(g, rid)
        return True, None
    rnd.trust(rid, amount, reason)
    return False, answer  # the replanning was the answer; it is not charged twice


def _decline(rnd: _Round, rid: str) -> None:
    g = rnd.game
    title = g.lookup.requests[rid].title
    amount, share = _decline_cost(g, rid)
    if not g.discovered.get(rid):
        reason = f"{title} declined flatly"
    elif share >= 1:
        reason = f"{title} declined, with evidence that undercut the pitch"
    elif share > 0:
        reason = f"{title} declined; the evidence only partly undercut the pitch"
    else:
        reason = f"{title} declined, although the evidence backed the pitch"
    rnd.trust(rid, amount, reason)
    rnd.react(rid, "declined")
    _set_declined(g, rid)


def _decline_cost(g: Game, rid: str) -> tuple[float, float]:
    """What a no costs in trust, and how far (0-1) the evidence explains it. A no is fully
    explained when the findings put the request's value per point at most
    `evidence_undercuts` of what the pitch claimed; it is flat when they back the pitch, and
    slides in between."""
    rules = g.scenario.rules.trust
    if not g.discovered.get(rid):
        return rules.declined, 0.0
    request = g.lookup.requests[rid]
    claimed, evidenced = estimate_value(
        g.truth.claims[rid], g.known_impact.get(rid, {}), g.lookup.steps
    )
    low, high = g.known_cost.get(rid, (request.estimate, request.estimate))
    if claimed <= 0:
        share = 1.0
    else:
        ratio = (evidenced / ((low + high) / 2)) / (claimed / request.estimate)
        share = ramp(ratio, 1.0, 1.0 - rules.evidence_undercuts)
    return rules.declined + share * (rules.declined_with_evidence - rules.declined), share


def _set_declined(g: Game, rid: str) -> None:
    g.status[rid] = Status.DECLINED
    for table in (g.answers, g.promises, g.promised_in, g.progress, g.parked_in):
        table.pop(rid, None)


def _wear(rnd: _Round, rid: str) -> None:
    """A request parked without a date wears thin: each further round costs more."""
    g = rnd.game
    answer = g.answers.get(rid)
    if g.status[rid] not in WORKABLE or answer not in PARKED:
        return
    rounds = g.round - g.parked_in.setdefault(rid, g.round)
    if rounds <= 0:
        return
    rules = g.scenario.rules.trust
    amount = max(rules.parked_wear_max, rules.parked_wear * rounds)
    title = g.lookup.requests[rid].title
    label = "later" if answer == "later" else "not now"
    unit = g.scenario.round_name
    rnd.trust(rid, amount, "{} has waited under '{}' for {} more {}{}", title, label, rounds,
              unit, "s" if rounds > 1 else "")


def _spilled_promises(rnd: _Round, build: list[str]) -> None:
    """Promised work committed this round but not finished: the promise is not kept. It is a
    re-plan with evidence when the work proved bigger than its estimate or news came in, and
    a broken promise otherwise (the plan was overfull). It is never 'kept' later."""
    g = rnd.game
    rules = g.scenario.rules.trust
    for rid in build:
        due = g.promises.get(rid)
        if g.status[rid] not in WORKABLE or due is None or due > g.round:
            continue
        made = g.promised_in.pop(rid, 0)
        del g.promises[rid]
        request = g.lookup.requests[rid]
        if g.truth.cost[rid] > request.estimate or g.evidence_in.get(rid, -1) > made:
            g.replans = (*g.replans, Replan(rid, g.round, due, "slipped"))
            rnd.trust(rid, rules.replanned_with_evidence,
                      f"{request.title} slipped past its promised {g.scenario.round_name}: "
                      "the work proved bigger than estimated")
        else:
            rnd.trust(rid, rules.broken_promise,
                      f"promise broken: {request.title} was not finished as promised")
            rnd.react(rid, "promise_broken")


def _watchers(rnd: _Round) -> None:
    """Stakeholders react to the metrics they care about: two trust points per step moved,
    at most `metric_reaction` a round."""
    g = rnd.game
    steps = g.lookup.steps
    before = rnd.ledger.metric_before
    moved = {m: 2 * (value - before[m]) / steps[m] for m, value in g.metrics.items()}
    limit = g.scenario.rules.trust.metric_reaction
    for person in g.scenario.stakeholders:
        if not person.cares_about:
            continue
        total = sum(moved[m] for m in person.cares_about)
        total = max(-limit, min(limit, total))
        if abs(total) < 0.5:
            continue
        rnd.ledger.trust(person.id, round(total, 1), "{} is {} about {}", person.name,
                         "pleased" if total > 0 else "worried",
                         _watched(tuple(person.cares_about)) if rnd.ledger.explain else "")


@cache
def _watched(metrics: tuple[str, ...]) -> str:
    """'revenue, customers': what a stakeholder watches, in words (the same every round)."""
    return ", ".join(METRIC_LABELS[m].lower() for m in metrics)


def _next_round(rnd: _Round, incidents: tuple[NewsItem, ...]) -> tuple[NewsItem, ...]:
    """Close the round and start the next; returns the news the report shows."""
    g = rnd.game
    g.revenue_earned += g.metrics["revenue"]
    g.decisions = (*g.decisions, rnd.decision)
    g.round += 1
    g.forced = ()
    g.capacity_events = ()
    news = incidents
    if not g.over:
        start_round(g, rnd.ledger)
        news = (*incidents, *g.news)
        g.news = news
    else:
        g.news = ()
    g.metric_history = (*g.metric_history, dict(g.metrics))
    g.trust_history = (*g.trust_history, dict(g.trust))
    return news
