"""Warnings for a valid scenario: things that load fine but cannot do what the author meant.

They run only once a file has no errors, on the validated model (for the logic) and the raw
data (for the positions).
"""

from __future__ import annotations

from collections.abc import Iterator

from .crossref import Finding
from .models import Event, MetricName, Scenario
from .yamlsource import At, Path


def lint(scenario: Scenario, data: object) -> list[Finding]:
    findings: list[Finding] = []
    findings.extend(_events(scenario))
    findings.extend(_requests(scenario))
    findings.extend(_promises(scenario))
    findings.extend(_methods(scenario))
    findings.extend(_impact_ranges(scenario))
    findings.extend(_stakeholders(scenario))
    findings.extend(_wear(scenario))
    findings.extend(_todos(data, ()))
    return findings


def _never_fires(event: Event) -> str | None:
    if event.chance == 0:
        return "its chance is 0"
    first = _from_round(event.when)
    if event.round is not None and first is not None and first > event.round:
        return f"it is scheduled for round {event.round} but its condition starts in {first}"
    return None


def _from_round(condition: object) -> int | None:
    """The round a condition cannot hold before, when it says so at its top level."""
    if condition is None:
        return None
    first = getattr(condition, "from_round", None)
    if isinstance(first, int):
        return first
    items = getattr(condition, "all", None)
    if items:
        found = [f for f in (_from_round(c) for c in items) if f is not None]
        return max(found) if found else None
    return None


def _events(scenario: Scenario) -> Iterator[Finding]:
    for index, event in enumerate(scenario.events):
        why = _never_fires(event)
        if why:
            yield Finding(("events", index, "id"), "warning",
                          f"event '{event.id}' can never fire: {why}")


def _requests(scenario: Scenario) -> Iterator[Finding]:
    firing = {e.id for e in scenario.events if _never_fires(e) is None}
    adders: dict[str, list[str]] = {}
    for event in scenario.events:
        for rid in event.effects.add_requests:
            adders.setdefault(rid, []).append(event.id)
    for index, request in enumerate(scenario.requests):
        base: Path = ("requests", index)
        if request.arrives is None and request.id in adders and not (
            set(adders[request.id]) & firing
        ):
            yield Finding((*base, "id"), "warning",
                          f"request '{request.id}' can never arrive: only events that never "
                          "fire add it")
            continue
        start = request.arrives or 1
        end = request.deadline or scenario.rounds
        if request.deadline is not None and request.late_value > 0:
            end = scenario.rounds
        room = sum(scenario.capacity_in(r) for r in range(start, end + 1))
        least = request.cost[0] if request.cost else request.estimate
        if least > room:
            span = f"round {start} holds" if start == end else f"rounds {start}-{end} hold"
            yield Finding((*base, "estimate"), "warning",
                          f"request '{request.id}' can never be finished in time: it needs at "
                          f"least {least:.0f} points, and {span} {room} in all")


IMPACT_STEPS = 10
"""How many steps of the score an impact's bound may reach before it is surely a slip (a
typo, a total for a per-round figure): a pillar runs from 0 to its cap of 150 over three steps,
and no bundled scenario's impact reaches seven."""


def score_steps(scenario: Scenario) -> dict[str, float]:
    """One step of each metric, as the score and the analysis count it: a share of the start
    for customers and revenue, `scoring.steps` for the rest."""
    steps = scenario.scoring.steps
    start = scenario.metrics
    return {"customers": steps.growth * start.customers, "revenue": steps.growth * start.revenue,
            "satisfaction": steps.satisfaction, "tech_health": steps.tech_health,
            "morale": steps.morale}


def _impact_ranges(scenario: Scenario) -> Iterator[Finding]:
    """An impact whose bound is more than IMPACT_STEPS steps of the score: past what the
    score can count (it only saturates a pillar), and it swamps every request beside it."""
    steps = score_steps(scenario)
    for index, request in enumerate(scenario.requests):
        ranges: list[tuple[Path, dict[MetricName, list[float]]]] = [
            (("requests", index, "impact"), request.impact)]
        ranges += [(("requests", index, "impact_in", world), impact)
                   for world, impact in request.impact_in.items()]
        for base, impact in ranges:
            for metric, bounds in impact.items():
                step = steps.get(metric, 0.0)
                bound = max(bounds, key=abs)
                if step > 0 and abs(bound) > IMPACT_STEPS * step:
                    name = metric.replace("_", " ")
                    yield Finding(
                        (*base, metric), "warning",
                        f"an impact of {_figure(bound, '+')} on {name} is "
                        f"{abs(bound) / step:,.0f} steps of the score (one step: "
                        f"{_figure(step)}); past {IMPACT_STEPS} steps the score cannot count "
                        "it: a pillar runs from 0 to 150 over 3 steps",
                        f"check the number (a typo? a total where a per-round change belongs?),"
                        f" or the starting {name} and scoring.steps",
                    )


def _figure(value: float, sign: str = "") -> str:
    """A number for a message: whole with thousands separators, or three figures when small."""
    return f"{value:{sign},.0f}" if abs(value) >= 10 else f"{value:{sign}.3g}"


def _promise_paths(scenario: Scenario) -> Iterator[tuple[str, int, Path]]:
    """Each promise on the inherited roadmap: the request, its round, and where it is."""
    roadmap = scenario.roadmap
    for lane, due in (("now", 1), ("next", 2)):
        for position, rid in enumerate(getattr(roadmap, lane)):
            yield rid, due, ("roadmap", lane, position)
    for position, promise in enumerate(roadmap.promised):
        yield promise.request, promise.round, ("roadmap", "promised", position, "round")


def _promises(scenario: Scenario) -> Iterator[Finding]:
    """A promise that can never be kept: its request needs more points, at the least, than
    the capacity of the rounds from its arrival up to the round it is promised for."""
    requests = {r.id: r for r in scenario.requests}
    for rid, due, path in _promise_paths(scenario):
        request = requests.get(rid)
        if request is None or due > scenario.rounds:
            continue  # reported as errors
        start = request.arrives or 1
        least = request.cost[0] if request.cost else request.estimate
        room = sum(scenario.capacity_in(r) for r in range(start, due + 1))
        if start > due or least <= room:
            continue  # a promise due before arrival has its own warning
        span = f"round {start} holds" if start == due else f"rounds {start}-{due} hold"
        what = "its cost range starts at" if request.cost else "its estimate is"
        yield Finding(path, "warning",
                      f"'{rid}' is promised for round {due} but can never be delivered by then: "
                      f"{what} {least:.0f} points, and {span} {room} in all",
                      _promise_fix(scenario, start, least))


def _promise_fix(scenario: Scenario, start: int, least: float) -> str:
    """What to change so that a promise too big for its rounds can be kept."""
    room = 0
    for r in range(start, scenario.rounds + 1):
        room += scenario.capacity_in(r)
        if room >= least:
            return (f"promise it for round {r} or later, or make it smaller (its estimate and "
                    "cost), or give the team more capacity")
    return ("no round of the game leaves room for it: make it smaller (its estimate and cost) "
            "or give the team more capacity")


def _methods(scenario: Scenario) -> Iterator[Finding]:
    used = {m for r in scenario.requests for m in r.evidence}
    for index, method in enumerate(scenario.discovery):
        if method.id not in used:
            yield Finding(("discovery", index, "id"), "warning",
                          f"discovery method '{method.id}' has no evidence on any request: "
                          "running it shows the player nothing to read",
                          "add `evidence:` for it on the requests where it would find something")


def _stakeholders(scenario: Scenario) -> Iterator[Finding]:
    heard = {r.asked_by for r in scenario.requests}
    heard |= {e.speaker for e in scenario.events if e.speaker}
    for index, person in enumerate(scenario.stakeholders):
        if person.id not in heard:
            yield Finding(("stakeholders", index, "id"), "warning",
                          f"nobody hears from {person.name}: they ask for nothing and speak in "
                          "no event", "give them a request, or make them the speaker of an event")


def tech_relief(scenario: Scenario, rounds: int,
                work: tuple[float, float, float] | None = None) -> float:
    """The most tech-health wear any play can hold off or repair in `rounds` rounds: every
    point of tech-debt work on the board holding off its share of a round's wear
    (`tech_upkeep` points hold off a whole round), and every positive tech-health impact and
    event effect at its largest, all at once. An upper bound, found without simulating.
    `work` is `_tech_work(scenario)`, when already known."""
    upkeep, repair, each_round = work or _tech_work(scenario)
    product = scenario.rules.product
    if product.tech_upkeep <= 0:
        return product.tech_decay * rounds  # nothing wears
    held = product.tech_decay * min(float(rounds), upkeep / product.tech_upkeep)
    return held + repair + each_round * rounds


def _tech_work(scenario: Scenario) -> tuple[float, float, float]:
    """The points of tech-debt work on the board (each at its largest cost), the largest
    tech-health repair of requests and one-off events, and that of repeating events (a round)."""
    upkeep = sum((r.cost[1] if r.cost else r.estimate)
                 for r in scenario.requests if r.kind == "tech_debt")
    repair = sum(max([0.0, *(impact["tech_health"][1]
                             for impact in (r.impact, *r.impact_in.values())
                             if "tech_health" in impact)])
                 for r in scenario.requests)
    gains = [(max(0.0, e.effects.metrics.get("tech_health", 0.0)), e.repeat)
             for e in scenario.events]
    repair += sum(gain for gain, repeat in gains if not repeat)
    return float(upkeep), repair, sum(gain for gain, repeat in gains if repeat)


def best_tech_health(scenario: Scenario, rounds: int,
                     work: tuple[float, float, float] | None = None) -> float:
    """The most tech health (0-100) any play can have after `rounds` rounds: the start, less
    `tech_decay` a round, plus `tech_relief`. Real play also cuts corners and ships late."""
    wear = scenario.rules.product.tech_decay * rounds
    return max(0.0, min(100.0, scenario.metrics.tech_health - wear
                        + tech_relief(scenario, rounds, work)))


def _wear(scenario: Scenario) -> Iterator[Finding]:
    """A game so long that the code wears out whatever the player does: even the best play
    ends with the technology pillar below 50 (0 two steps below its target: the engine's
    scoring rule), and below `outage_below` outages cut satisfaction and customers leave, so
    every pillar sinks and every policy, the hindsight optimum too, can score 0."""
    rounds = scenario.rounds
    product = scenario.rules.product
    work = _tech_work(scenario)
    best = best_tech_health(scenario, rounds, work)
    start = scenario.metrics.tech_health
    given = scenario.scoring.targets.tech_health
    target = float(given) if given is not None else float(start)
    step = max(abs(target - start), scenario.scoring.steps.tech_health)

    def pillar(health: float) -> float:  # the engine's rule (engine/scoring.py, `_pillar`)
        return max(0.0, min(150.0, 100.0 + 50.0 * (health - target) / step))

    unworn = min(100.0, start + work[1] + work[2] * rounds)
    if product.tech_decay <= 0 or pillar(best) >= 50 or pillar(unworn) < 50:
        return  # no wear, or it leaves room; or the target is out of reach even without it
    unit = scenario.round_name
    ends = ("so the technology pillar is 0 in every game" if pillar(best) <= 0 else
            "so the technology pillar ends below 50 in every game, and the balance penalty "
            "takes points from every player")
    message = (f"over {_plural(rounds, unit)} the code wears away "
               f"{_figure(product.tech_decay * rounds)} points of tech health "
               f"({_figure(product.tech_decay)} a {unit}, rules.product.tech_decay), and the "
               f"file's tech-debt work and tech-health impacts can hold off or repair at most "
               f"{_figure(tech_relief(scenario, rounds, work))} of it: even the best play ends "
               f"with tech health at {_figure(best)}, against a target of {_figure(target)}, "
               f"{ends}")
    sinking = next((k for k in range(1, rounds + 1)  # best_tech_health falls with k
                    if best_tech_health(scenario, k, work) < product.outage_below), None)
    if sinking is not None:
        message += (f"; from {unit} {sinking} at the latest it is below "
                    f"{_figure(product.outage_below)}, where outages cut satisfaction and "
                    "customers leave, so every pillar sinks and every policy can score 0")
    yield Finding(("rounds",), "warning", message,
                  f"shorten the game, add tech-debt requests that arrive through it "
                  f"({_figure(product.tech_upkeep)} points of tech-debt work a {unit} hold off "
                  f"its wear: rules.product.tech_upkeep), or lower rules.product.tech_decay; "
                  f"`pmsim analyze` shows what every policy scores")


def _plural(count: int, unit: str) -> str:
    """'52 sprints', '1 round'."""
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _todos(data: object, path: Path) -> Iterator[Finding]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _todos(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _todos(value, (*path, index))
    elif isinstance(data, str) and "TODO" in data:  # at the TODO, lines into a long text
        yield Finding((*path, At(data.index("TODO"))), "warning", "this text still has a TODO",
                      "finish the text before players read it")
