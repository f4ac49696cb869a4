"""The start of a round: arrivals, events, escalations. Changes the game it is given."""

from __future__ import annotations

from ..scenario.models import Scenario
from . import truth as truth_module
from .conditions import holds
from .evidence import fill
from .game import WORKABLE, Game, Lookup
from .ledger import Ledger, ramp
from .report import Cause, NewsItem
from .status import Status
from .truth import Truth

DEFAULT_QUOTES = {
    "built": "Thank you, this makes a real difference for us.",
    "declined": "I'm disappointed. I hope you know what you're doing.",
    "postponed": "All right. I hope it comes back on the table soon.",
    "promise_kept": "You said you would, and you did. Thank you.",
    "promise_broken": "You promised this. What happened?",
    "escalated": "I've taken this to leadership. It can't wait any longer.",
}


def pitch(game: Game, rid: str) -> str:
    """The request's pitch with its claimed numbers filled in (once per game: the claims are
    drawn with the truth and never change)."""
    known = game.memo.pitch
    text = known.get(rid)
    if text is None:
        text = known[rid] = fill(game.lookup.requests[rid].pitch, game.truth.claims[rid])
    return text


def start_round(game: Game, ledger: Ledger | None) -> None:
    """Arrivals, events and escalations at the start of `game.round` (changes `game`)."""
    ledger = ledger or Ledger(game)
    news: list[NewsItem] = []
    forced = list(game.forced)
    for rid in game.lookup.arrivals.get(game.round, ()):
        _arrive(game, rid, news)
    _fire_events(game, ledger, news, forced)
    _escalate(game, news, forced)
    game.forced = tuple(forced)
    game.news = tuple(news)


def _arrive(game: Game, rid: str, news: list[NewsItem]) -> None:
    if game.status[rid] != Status.WAITING:
        return
    game.status[rid] = Status.OPEN
    game.arrived_in[rid] = game.round
    if game.round > 1:
        request = game.lookup.requests[rid]
        name = game.lookup.people[request.asked_by].name
        news.append(NewsItem("arrival", f"New request: {request.title}",
                             f"{name}: {pitch(game, rid)}", request.asked_by))


def _fire_events(game: Game, ledger: Ledger, news: list[NewsItem], forced: list[str]) -> None:
    r = game.round
    capacity_events = list(game.capacity_events)
    for event in game.scenario.events:
        if event.id in game.fired and not event.repeat:
            continue
        if event.round is not None and event.round != r:
            continue
        if game.truth.event_rolls[event.id][r - 1] >= event.chance:
            continue  # rolled before the condition: both must pass, and the roll is cheaper
        if event.when is not None and not holds(event.when, game):
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
            _arrive(game, rid, news)
        for rid in effects.withdraw_requests:
            _withdraw(game, rid)
        for rid in effects.force_requests:
            _arrive(game, rid, news)
            if game.status[rid] in WORKABLE and rid not in forced and _ready(game, rid):
                forced.append(rid)
        for rid in (*event.informs, *effects.add_requests, *effects.force_requests):
            game.evidence_in[rid] = r
    game.capacity_events = tuple(capacity_events)


def _withdraw(game: Game, rid: str) -> None:
    if game.status[rid] in (Status.WAITING, *WORKABLE):
        game.status[rid] = Status.WITHDRAWN
        for table in (game.promises, game.promised_in, game.answers, game.progress,
                      game.parked_in):
            table.pop(rid, None)


def _ready(game: Game, rid: str) -> bool:
    return all(game.status[d] == Status.SHIPPED for d in game.lookup.requests[rid].depends_on)


def _escalate(game: Game, news: list[NewsItem], forced: list[str]) -> None:
    """A stakeholder whose trust is low may go over the PM's head. The chance ramps from 0 at
    `escalation_below` to 1 a band lower; the roll is the seed's, so replays agree."""
    rules = game.scenario.rules.trust
    r = game.round
    requests = game.lookup.requests
    for person in game.scenario.stakeholders:
        last = game.escalated_in.get(person.id)
        if last is not None and r - last <= rules.escalation_cooldown:
            continue
        chance = ramp(game.trust[person.id], rules.escalation_below, rules.escalation_band)
        if game.truth.escalation_rolls[person.id][r - 1] >= chance:
            continue
        theirs = [
            rid for rid in game.lookup.asks.get(person.id, ())
            if game.status[rid] in WORKABLE and rid not in forced and _ready(game, rid)
        ]
        if not theirs:
            continue
        rid = min(theirs, key=lambda x: (requests[x].deadline or r + 1000, -_claimed(game, x)))
        forced.append(rid)
        game.escalated_in[person.id] = r
        quote = person.quotes.get("escalated") or DEFAULT_QUOTES["escalated"]
        title = requests[rid].title
        news.append(NewsItem(
            "escalation", f"{person.name} escalated: {title}",
            f"{quote} (Trust {game.trust[person.id]:.0f}: leadership has put '{title}' into "
            f"this {game.scenario.round_name} over your head.)",
            person.id,
        ))


def _claimed(game: Game, rid: str) -> float:
    steps = game.lookup.steps
    return sum(abs(v) / steps[m] for m, v in game.truth.claims[rid].items())


def new_game(scenario: Scenario, seed: int, truth: Truth | None = None) -> Game:
    """Round 1, ready to plan: the truth drawn, the first requests arrived, round-1 events fired.

    `truth` lets analysis replay the same decisions in a redrawn world; by default it is drawn
    from the seed.
    """
    metrics = scenario.metrics.model_dump()
    trust = {s.id: float(s.trust) for s in scenario.stakeholders}
    status = {r.id: Status.WAITING for r in scenario.requests}
    game = Game(
        scenario=scenario,
        lookup=Lookup.of(scenario),
        seed=seed,
        truth=truth if truth is not None else truth_module.draw(scenario, seed),
        round=1,
        metrics={k: float(v) for k, v in metrics.items()},
        trust=trust,
        status=status,
        start_metrics={k: float(v) for k, v in metrics.items()},
        start_trust=dict(trust),
    )
    roadmap = scenario.roadmap
    for rid, due in roadmap.dated().items():
        game.promises[rid] = min(due, scenario.rounds)
        game.promised_in[rid] = 0
        if due > 1:
            game.answers[rid] = "next"
    for rid in roadmap.later:
        game.answers[rid] = "later"
        game.parked_in[rid] = 1
    start_round(game, None)
    # Round-1 events are part of the starting position: the score measures from after them.
    game.start_metrics = dict(game.metrics)
    game.start_trust = dict(game.trust)
    return game
