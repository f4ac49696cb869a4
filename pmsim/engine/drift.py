"""What happens in a round whatever the player does: value still arriving from earlier work,
problems left undone, tech decay, outages, churn and growth, the team's recovery."""

from __future__ import annotations

from .game import WORKABLE, Game
from .ledger import Ledger
from .report import NewsItem
from .status import Status

NEGLECTED = (*WORKABLE, Status.DECLINED)
"""States in which a request's problem stays: open, in progress, or declined."""


def timeliness(deadline: int | None, late_value: float, shipped: int, late_rounds: int) -> float:
    """Share of a request's value kept when it ships in round `shipped`: all of it up to the
    deadline, then sliding down to `late_value` over `late_rounds` rounds (a ramp)."""
    if deadline is None or shipped <= deadline:
        return 1.0
    lost = min(1.0, (shipped - deadline) / late_rounds)
    return 1.0 - lost * (1.0 - late_value)


def drift(game: Game, ledger: Ledger, upkeep: float) -> tuple[NewsItem, ...]:
    """Apply this round's drift to `game`, given the points of tech-debt work shipped this
    round (`upkeep`); returns the incidents the player should read."""
    _adoption(game, ledger)
    _neglect(game, ledger)
    _decay(game, ledger, upkeep)
    incidents = _outage(game, ledger)
    _customers(game, ledger)
    _recovery(game, ledger)
    return incidents


def _decay(game: Game, ledger: Ledger, upkeep: float) -> None:
    """Code wears each round; shipped tech-debt work holds the wear off in proportion to its
    size, fully from `tech_upkeep` points."""
    product = game.scenario.rules.product
    held = 1.0 if product.tech_upkeep <= 0 else min(1.0, upkeep / product.tech_upkeep)
    unit = game.scenario.round_name
    if held <= 0:
        ledger.metric("tech_health", -product.tech_decay, "no tech-debt work shipped this {}",
                      unit)
    else:
        ledger.metric("tech_health", -product.tech_decay * (1.0 - held),
                      "wear that {:.0f} points of tech-debt work did not hold off this {}",
                      upkeep, unit)


def _adoption(game: Game, ledger: Ledger) -> None:
    """Shipped work whose value arrives over several rounds gains its next share."""
    late_rounds = game.scenario.rules.product.late_rounds
    for rid, arrived in list(game.adopting.items()):
        if game.shipped_in.get(rid) == game.round:
            continue  # shipped this round: its first share came with it
        request = game.lookup.requests[rid]
        factor = timeliness(request.deadline, request.late_value, game.shipped_in[rid],
                            late_rounds)
        for metric, amount in game.truth.impact[rid].items():
            ledger.metric(metric, amount * factor / request.adoption, "{}: adoption grows",
                          request.title)
        if arrived + 1 >= request.adoption:
            del game.adopting[rid]
        else:
            game.adopting[rid] = arrived + 1


def _neglect(game: Game, ledger: Ledger) -> None:
    requests = game.lookup.requests
    for rid, amounts in game.truth.neglect.items():
        if not amounts:
            continue
        state = game.status[rid]
        if state not in NEGLECTED:
            continue
        why = ("{} was declined; the problem remains" if state == Status.DECLINED
               else "{} is still not done")
        for metric, amount in amounts.items():
            ledger.metric(metric, amount, why, requests[rid].title)


def _outage(game: Game, ledger: Ledger) -> tuple[NewsItem, ...]:
    product = game.scenario.rules.product
    health = game.metrics["tech_health"]
    if health >= product.outage_below:
        return ()
    chance = (product.outage_below - health) / product.outage_below
    if game.truth.outage_rolls[game.round - 1] >= chance:
        return ()
    ledger.metric("satisfaction", product.outage_satisfaction,
                  f"an outage: fragile code gave way (tech health {health:.0f})")
    unit = game.scenario.round_name
    return (NewsItem("outage", "Outage", f"The product went down this {unit}. Fragile code "
                     f"(tech health {health:.0f}) makes outages likelier."),)


def _customers(game: Game, ledger: Ledger) -> None:
    """Churn below a satisfaction line and word of mouth above another, each growing with
    the distance from its line (slopes, not cliffs); revenue follows customers."""
    product = game.scenario.rules.product
    satisfaction = game.metrics["satisfaction"]
    customers = game.metrics["customers"]
    if customers <= 0:
        return
    if satisfaction < product.churn_below:
        change = -customers * product.churn_per_point * (product.churn_below - satisfaction)
        reason = f"customers left: satisfaction is {satisfaction:.0f}"
    elif satisfaction > product.growth_above:
        change = customers * product.growth_per_point * (satisfaction - product.growth_above)
        reason = f"word of mouth: satisfaction is {satisfaction:.0f}"
    else:
        return
    revenue = game.metrics["revenue"]
    ledger.metric("customers", change, reason)
    ledger.metric("revenue", revenue * change / customers, reason)


def _recovery(game: Game, ledger: Ledger) -> None:
    if "morale" in ledger.lowered:
        return
    recovery = game.scenario.rules.team.morale_recovery
    if game.metrics["morale"] < 100 and recovery:
        ledger.metric("morale", recovery, f"a sustainable pace this {game.scenario.round_name}")
