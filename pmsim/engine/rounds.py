"""Playing a round: check the decision, execute the work, move metrics and trust, start the next.

Every change goes through a `_Ledger`, which applies it (clamped to the metric's range) and
remembers its reason, so the round report can say why each number moved.
"""

from __future__ import annotations

from collections import defaultdict

from ..scenario.models import DiscoveryMethod, Request
from .conditions import holds
from .decision import ANSWERS, Decision, InvalidDecision
from .game import PERCENT_METRICS, WORKABLE, Game
from .labels import METRIC_LABELS
from .report import Cause, Change, Discovery, NewsItem, Reaction, RoundReport, WorkItem

DEFAULT_QUOTES = {
    "built": "Thank you, this makes a real difference for us.",
    "declined": "I'm disappointed. I hope you know what you're doing.",
    "postponed": "All right. I hope it comes back on the table soon.",
    "promise_kept": "You said you would, and you did. Thank you.",
    "promise_broken": "You promised this. What happened?",
    "escalated": "I've taken this to leadership. It can't wait any longer.",
}


class _Ledger:
    def __init__(self, game: Game):
        self.game = game
        self.metric_before = dict(game.metrics)
        self.trust_before = dict(game.trust)
        self.metric_causes: dict[str, list[Cause]] = defaultdict(list)
        self.trust_causes: dict[str, list[Cause]] = defaultdict(list)

    def metric(self, name: str, amount: float, reason: str) -> None:
        if not amount:
            return
        metrics = self.game.metrics
        old = metrics[name]
        new = old + amount
        new = min(100.0, max(0.0, new)) if name in PERCENT_METRICS else max(0.0, new)
        metrics[name] = new
        if new != old:
            self.metric_causes[name].append(Cause(new - old, reason))

    def trust(self, sid: str, amount: float, reason: str) -> None:
        if not amount or sid not in self.game.trust:
            return
        old = self.game.trust[sid]
        new = min(100.0, max(0.0, old + amount))
        self.game.trust[sid] = new
        if new != old:
            self.trust_causes[sid].append(Cause(new - old, reason))

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


def weighted_trust(game: Game, trust: dict[str, float] | None = None) -> float:
    """Average trust, weighted by influence (of `trust`, by default the current trust)."""
    trust = game.trust if trust is None else trust
    people = game.scenario.stakeholders
    total = sum(p.influence for p in people)
    return sum(p.influence * trust[p.id] for p in people) / total


def capacity(game: Game) -> tuple[int, tuple[Cause, ...]]:
    """Effective capacity of the current round, and what made it so."""
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
        loss = total * (slow - morale) / 100
        losses += loss
        causes.append(Cause(-loss, f"team morale is low ({morale:.0f}): people are tired"))
    health = game.metrics["tech_health"]
    if health < slow:
        loss = total * (slow - health) / 125
        losses += loss
        causes.append(Cause(-loss, f"tech debt slows every change (tech health {health:.0f})"))
    trust = weighted_trust(game)
    if trust < rules.trust.cooperation_below:
        loss = total * rules.trust.cooperation_penalty
        losses += loss
        causes.append(
            Cause(-loss, f"stakeholders are slow to cooperate (average trust {trust:.0f})")
        )
    return max(0, round(total - losses)), tuple(causes)


def remaining_estimate(game: Game, rid: str) -> int:
    """What the plan counts for a request: its estimate, less work already done."""
    request = game.lookup.requests[rid]
    return max(1, request.estimate - game.progress.get(rid, 0))


def check(game: Game, decision: Decision) -> list[str]:
    """Every reason the decision cannot be played now; empty when it can."""
    if game.over:
        return ["the game is over"]
    requests = game.lookup.requests
    methods = game.lookup.methods
    status = game.status
    reasons: list[str] = []
    building: set[str] = set()
    for rid in decision.build:
        request = requests.get(rid)
        if request is None:
            reasons.append(f"there is no request '{rid}'")
            continue
        if rid in building:
            reasons.append(f"'{request.title}' is listed twice")
            continue
        building.add(rid)
        state = status[rid]
        if state not in WORKABLE:
            reasons.append(f"'{request.title}' cannot be built: {_why_not(state)}")
            continue
        for dep in request.depends_on:
            if status[dep] != "shipped":
                reasons.append(
                    f"'{request.title}' needs '{requests[dep].title}' shipped first"
                )
    running: set[tuple[str, str]] = set()
    for rid, mid in decision.discover:
        request = requests.get(rid)
        method = methods.get(mid)
        if request is None or method is None:
            missing = f"request '{rid}'" if request is None else f"discovery method '{mid}'"
            reasons.append(f"there is no {missing}")
            continue
        if status[rid] not in WORKABLE:
            reasons.append(f"cannot run discovery on '{request.title}': {_why_not(status[rid])}")
        elif mid in game.discovered.get(rid, ()) or (rid, mid) in running:
            reasons.append(f"{method.name} has already been run on '{request.title}'")
        running.add((rid, mid))
    for rid, answer in decision.answers.items():
        request = requests.get(rid)
        if request is None:
            reasons.append(f"there is no request '{rid}'")
            continue
        if answer not in ANSWERS:
            reasons.append(f"'{answer}' is not an answer; use one of: " + ", ".join(ANSWERS))
        elif rid in building:
            reasons.append(f"'{request.title}' is being built, so it needs no answer")
        elif status[rid] not in WORKABLE:
            why = _why_not(status[rid])
            reasons.append(f"'{request.title}' is not waiting for an answer: {why}")
        elif rid in game.forced:
            reasons.append(f"'{request.title}' was forced into this round over your head")
    return reasons


def _why_not(state: str) -> str:
    return {
        "waiting": "it has not arrived yet",
        "shipped": "it has already shipped",
        "declined": "it was declined",
        "withdrawn": "it was withdrawn",
    }.get(state, state)


def play_round(game: Game, decision: Decision) -> tuple[Game, RoundReport]:
    """Resolve the current round; raises InvalidDecision (with every reason) and changes
    nothing when the decision cannot be played."""
    reasons = check(game, decision)
    if reasons:
        raise InvalidDecision(reasons)
    g = game.copy()
    scenario = g.scenario
    rules = scenario.rules
    truth = g.truth
    requests = g.lookup.requests
    methods = g.lookup.methods
    people = g.lookup.people
    r = g.round
    unit = scenario.round_name
    ledger = _Ledger(g)
    reactions: list[Reaction] = []

    def react(rid: str, kind: str) -> None:
        person = people[requests[rid].asked_by]
        quote = person.quotes.get(kind) or DEFAULT_QUOTES[kind]  # type: ignore[call-overload]
        reactions.append(Reaction(person.id, person.name, kind, rid, quote))

    cap, cap_causes = capacity(g)
    build = list(g.forced) + [rid for rid in decision.build if rid not in g.forced]
    planned = sum(remaining_estimate(g, rid) for rid in build)
    planned += sum(methods[mid].cost for _, mid in decision.discover)
    over = max(0, planned - cap)
    if over:
        ledger.metric(
            "morale",
            -over * rules.team.overcommit_morale,
            f"the plan asked for {planned} points with capacity for {cap}: overtime",
        )
        ledger.metric(
            "tech_health",
            -over * rules.team.overcommit_tech_health,
            f"corners cut to squeeze {over} extra points into the {unit}",
        )

    available = cap
    used = 0
    discoveries = []
    for rid, mid in decision.discover:
        method = methods[mid]
        spent = min(available, method.cost)
        available -= spent
        used += spent
        _reveal(g, requests[rid], method)
        discoveries.append(Discovery(rid, mid, method.name, requests[rid].evidence.get(mid)))

    work: list[WorkItem] = []
    shipped_kinds: set[str] = set()
    for rid in build:
        request = requests[rid]
        need = truth.cost[rid] - g.progress.get(rid, 0)
        if available >= need:
            available -= need
            used += need
            g.status[rid] = "shipped"
            g.shipped_in[rid] = r
            g.progress.pop(rid, None)
            g.answers.pop(rid, None)
            shipped_kinds.add(request.kind)
            late = request.deadline is not None and r > request.deadline
            factor = request.late_value if late else 1.0
            reason = f"{request.title} shipped"
            if late:
                reason += f" after its deadline ({unit} {request.deadline}): value lost"
            for metric, amount in truth.impact[rid].items():
                ledger.metric(metric, amount * factor, reason)
            work.append(WorkItem(rid, request.title, "shipped", need, truth.cost[rid], late))
            asker = request.asked_by
            ledger.trust(asker, rules.trust.built, f"{request.title} shipped")
            react(rid, "built")
            due = g.promises.pop(rid, None)
            g.promised_in.pop(rid, None)
            if due is not None and due >= r:
                ledger.trust(asker, rules.trust.kept_promise, f"promise kept: {request.title}")
                react(rid, "promise_kept")
            elif due is None and g.arrived_in.get(rid) == r and rid not in game.forced:
                # Delivered in the round it was asked for: nobody had to wait. Worth as much as
                # a promise kept, or promising first and delivering a round later would pay
                # better than delivering at once. (Not for work forced over the PM's head.)
                ledger.trust(asker, rules.trust.kept_promise,
                             f"{request.title} delivered as soon as it was asked for")
        else:
            done = available
            available = 0
            used += done
            g.progress[rid] = g.progress.get(rid, 0) + done
            if done:
                g.status[rid] = "active"
            outcome = "spilled" if done else "not_started"
            work.append(WorkItem(rid, request.title, outcome, done, None))

    # Answers, and promises falling due.
    # Committing a request is its answer, even when the capacity ran out before it started.
    committed = set(build)
    for rid in [rid for rid in requests if g.status[rid] in WORKABLE and rid not in committed]:
        request = requests[rid]
        asker = request.asked_by
        answer = decision.answers.get(rid)
        if answer == "next" and r == scenario.rounds:
            answer = "later"  # there is no next round to promise: it is a 'later'
        standing = g.answers.get(rid)
        due = g.promises.get(rid)
        if due is not None:
            if due > r and answer in (None, "next"):
                continue  # a promise for a later round stands
            made = g.promised_in.pop(rid, 0)
            del g.promises[rid]
            if answer is None:
                ledger.trust(asker, rules.trust.broken_promise, f"promise broken: {request.title}")
                react(rid, "promise_broken")
                g.answers.pop(rid, None)
                continue
            evidence = g.evidence_in.get(rid, -1) > made
            if evidence:
                amount = rules.trust.replanned_with_evidence
                reason = f"{request.title} taken off its promised {unit}, with new evidence"
            else:
                amount = rules.trust.replanned
                reason = f"{request.title} taken off its promised {unit}, without new evidence"
            if answer == "no":  # a promise turned into a no costs at least what a no costs
                refusal = (rules.trust.declined_with_evidence if g.discovered.get(rid)
                           else rules.trust.declined)
                amount = min(amount, refusal)
                reason = f"{request.title} was promised, and is now declined"
            ledger.trust(asker, amount, reason)
            standing = answer  # the replanning was the answer; it is not charged twice
            if answer == "no":
                g.status[rid] = "declined"
                g.answers.pop(rid, None)
                g.progress.pop(rid, None)
                continue
        if answer is None:
            if standing is None:
                ledger.trust(asker, rules.trust.ignored, f"no answer about {request.title}")
            continue
        if answer == "no":
            g.status[rid] = "declined"
            g.answers.pop(rid, None)
            g.promises.pop(rid, None)
            g.progress.pop(rid, None)
            if g.discovered.get(rid):
                ledger.trust(
                    asker,
                    rules.trust.declined_with_evidence,
                    f"{request.title} declined, with the evidence explained",
                )
            else:
                ledger.trust(asker, rules.trust.declined, f"{request.title} declined flatly")
            react(rid, "declined")
            continue
        if answer != standing:
            if answer == "not_now":
                ledger.trust(asker, rules.trust.postponed, f"'not now' for {request.title}")
                react(rid, "postponed")
            elif answer == "later":
                ledger.trust(asker, rules.trust.later, f"{request.title} placed under 'later'")
        if answer == "next" and r < scenario.rounds:
            g.promises[rid] = r + 1
            g.promised_in[rid] = r
        g.answers[rid] = answer
    # Committed work that did not finish keeps its promise alive for one more round.
    for rid in committed:
        if g.status[rid] in WORKABLE and rid in g.promises:
            g.promises[rid] = max(g.promises[rid], r + 1)

    _drift(g, ledger, shipped_kinds)

    # Stakeholders react to the metrics they care about.
    for person in scenario.stakeholders:
        if not person.cares_about:
            continue
        total = 0.0
        for metric in person.cares_about:
            before = ledger.metric_before[metric]
            delta = g.metrics[metric] - before
            if metric in PERCENT_METRICS:
                total += delta / 5
            elif before > 0:
                total += (delta / before) / 0.05
        limit = rules.trust.metric_reaction
        total = max(-limit, min(limit, total))
        if abs(total) >= 0.5:
            watched = ", ".join(METRIC_LABELS[m].lower() for m in person.cares_about)
            mood = "pleased" if total > 0 else "worried"
            ledger.trust(person.id, round(total, 1), f"{person.name} is {mood} about {watched}")

    g.revenue_earned += g.metrics["revenue"]
    g.decisions = (*g.decisions, decision)
    g.round = r + 1
    g.forced = ()
    g.capacity_events = ()
    incidents = g.news  # set by _drift for this round (an outage)
    if not g.over:
        start_round(g, ledger)
        news = (*incidents, *g.news)
        g.news = news
    else:
        g.news = ()
        news = incidents
    g.metric_history = (*g.metric_history, dict(g.metrics))
    g.trust_history = (*g.trust_history, dict(g.trust))
    metric_changes, trust_changes = ledger.changes()
    report = RoundReport(
        round=r,
        capacity=cap,
        capacity_causes=cap_causes,
        planned=planned,
        used=used,
        work=tuple(work),
        discoveries=tuple(discoveries),
        metrics=metric_changes,
        trust=trust_changes,
        reactions=tuple(reactions),
        news=news,
    )
    g.reports = (*g.reports, report)
    return g, report


def _reveal(game: Game, request: Request, method: DiscoveryMethod) -> None:
    """Narrow what the player knows to a range around the truth, as wide as the method's
    precision leaves it."""
    rid = request.id
    game.discovered[rid] = (*game.discovered.get(rid, ()), method.id)
    game.evidence_in[rid] = game.round
    offset = game.truth.reveal_offsets[(rid, method.id)]
    if method.reveals in ("impact", "both"):
        known = dict(game.known_impact.get(rid, {}))
        for metric, (low, high) in request.impact.items():
            low, high = known.get(metric, (low, high))
            value = game.truth.impact[rid][metric]
            width = (high - low) * method.precision
            start = max(low, min(value - width * offset, high - width))
            known[metric] = (round(start, 2), round(start + width, 2))
        game.known_impact[rid] = known
    if method.reveals in ("cost", "both"):
        low, high = game.known_cost.get(rid, tuple(request.cost or (request.estimate,) * 2))
        value = game.truth.cost[rid]
        width = (high - low) * method.precision
        start = max(low, min(value - width * offset, high - width))
        game.known_cost[rid] = (int(start), max(int(start + width + 0.999), int(start)))


def _drift(game: Game, ledger: _Ledger, shipped_kinds: set[str]) -> None:
    """What happens whatever the player does: neglect, tech decay, outages, churn, recovery."""
    scenario = game.scenario
    product = scenario.rules.product
    unit = scenario.round_name
    requests = game.lookup.requests
    for rid, amounts in game.truth.neglect.items():
        state = game.status[rid]
        if state in ("open", "active", "declined") and amounts:
            title = requests[rid].title
            why = f"{title} was declined; the problem remains" if state == "declined" else (
                f"{title} is still not done"
            )
            for metric, amount in amounts.items():
                ledger.metric(metric, amount, why)
    if "tech_debt" not in shipped_kinds:
        ledger.metric(
            "tech_health", -product.tech_decay, f"no tech-debt work shipped this {unit}"
        )
    news: list[NewsItem] = []
    health = game.metrics["tech_health"]
    if health < product.outage_below:
        chance = (product.outage_below - health) / product.outage_below
        if game.truth.outage_rolls[game.round - 1] < chance:
            ledger.metric(
                "satisfaction",
                product.outage_satisfaction,
                f"an outage: fragile code gave way (tech health {health:.0f})",
            )
            news.append(
                NewsItem("outage", "Outage", f"The product went down this {unit}. Fragile code "
                         f"(tech health {health:.0f}) makes outages likelier.")
            )
    game.news = tuple(news)
    satisfaction = game.metrics["satisfaction"]
    customers = game.metrics["customers"]
    change = 0.0
    if satisfaction < product.churn_below:
        change = -customers * product.churn_per_point * (product.churn_below - satisfaction)
        reason = f"customers left: satisfaction is {satisfaction:.0f}"
    elif satisfaction > product.growth_above:
        change = customers * product.growth_per_point * (satisfaction - product.growth_above)
        reason = f"word of mouth: satisfaction is {satisfaction:.0f}"
    if change and customers > 0:
        revenue = game.metrics["revenue"]
        ledger.metric("customers", change, reason)
        ledger.metric("revenue", revenue * change / customers, reason)
    if not ledger.metric_causes.get("morale") or all(
        c.amount >= 0 for c in ledger.metric_causes["morale"]
    ):
        recovery = scenario.rules.team.morale_recovery
        if game.metrics["morale"] < 100 and recovery:
            ledger.metric("morale", recovery, f"a sustainable pace this {unit}")


def start_round(game: Game, ledger: _Ledger | None) -> None:
    """Arrivals, events and escalations at the start of `game.round` (changes `game`)."""
    ledger = ledger or _Ledger(game)
    scenario = game.scenario
    r = game.round
    requests = game.lookup.requests
    people = game.lookup.people
    news: list[NewsItem] = []
    added = game.lookup.added_by_events

    def arrive(rid: str) -> None:
        if game.status[rid] == "waiting":
            game.status[rid] = "open"
            game.arrived_in[rid] = r
            if r > 1:
                request = requests[rid]
                name = people[request.asked_by].name
                news.append(NewsItem("arrival", f"New request: {request.title}",
                                     f"{name}: {request.pitch}", request.asked_by))

    for request in scenario.requests:
        if request.arrives == r or (request.arrives is None and r == 1 and request.id not in added):
            arrive(request.id)

    capacity_events = list(game.capacity_events)
    forced = list(game.forced)
    for event in scenario.events:
        if event.id in game.fired and not event.repeat:
            continue
        if event.round is not None and event.round != r:
            continue
        if event.when is not None and not holds(event.when, game):
            continue
        if game.truth.event_rolls[event.id][r - 1] >= event.chance:
            continue
        game.fired[event.id] = game.fired.get(event.id, 0) + 1
        news.append(NewsItem("event", event.title, event.message, event.speaker, event.id))
        effects = event.effects
        for metric, amount in effects.metrics.items():
            ledger.metric(metric, amount, event.title)
        for sid, amount in effects.trust.items():
            ledger.trust(sid, amount, event.title)
        if effects.capacity:
            capacity_events.append(Cause(effects.capacity, event.title))
        for rid in effects.add_requests:
            arrive(rid)
        for rid in effects.withdraw_requests:
            if game.status[rid] in ("waiting", "open", "active"):
                game.status[rid] = "withdrawn"
                for table in (game.promises, game.promised_in, game.answers, game.progress):
                    table.pop(rid, None)
        for rid in effects.force_requests:
            arrive(rid)
            ready = all(game.status[d] == "shipped" for d in requests[rid].depends_on)
            if game.status[rid] in WORKABLE and rid not in forced and ready:
                forced.append(rid)
        for rid in (*event.informs, *effects.add_requests, *effects.force_requests):
            game.evidence_in[rid] = r

    threshold = scenario.rules.trust.escalation_below
    for person in scenario.stakeholders:
        if game.trust[person.id] >= threshold or r - game.escalated_in.get(person.id, -99) <= 2:
            continue
        theirs = [
            rid for rid in requests
            if requests[rid].asked_by == person.id and game.status[rid] in WORKABLE
            and rid not in forced
            and all(game.status[d] == "shipped" for d in requests[rid].depends_on)
        ]
        if not theirs:
            continue
        rid = min(theirs, key=lambda x: (requests[x].deadline or 99, -_claimed(requests[x])))
        forced.append(rid)
        game.escalated_in[person.id] = r
        quote = person.quotes.get("escalated") or DEFAULT_QUOTES["escalated"]
        news.append(
            NewsItem(
                "escalation",
                f"{person.name} escalated: {requests[rid].title}",
                f"{quote} (Trust {game.trust[person.id]:.0f}: leadership has put "
                f"'{requests[rid].title}' into this {scenario.round_name} over your head.)",
                person.id,
            )
        )
    game.forced = tuple(forced)
    game.capacity_events = tuple(capacity_events)
    game.news = tuple(news)


def _claimed(request: Request) -> float:
    return sum(abs(v) for v in request.claimed_impact.values())
