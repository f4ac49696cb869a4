"""The hindsight-optimal plan: the best play found by someone who knows this seed's truth.

The decision space (subsets, orders, answers and discovery, every round) is far too large to
enumerate, so this searches a smaller, well-chosen space: a *plan* is a priority order over the
requests plus a set never to build and a way of answering the rest. Each plan is played out
with the real engine on the same seed. The search starts from plans ranked by true value per
true point, adds every baseline's actual decisions as candidates (so no baseline can beat it on
its own seed), then improves the best plan by local search. The result says it is the best
found, not proven optimal.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..engine import Decision, Game, new_game, play_round, score
from ..engine.decision import Answer
from ..engine.game import WORKABLE
from ..engine.rounds import capacity
from ..engine.status import Status
from ..scenario.models import Scenario
from .starts import Played, start, step

STYLES = ("later", "no-excluded", "promise", "evidence-no")
"""How a plan answers what it does not build: everything 'later'; a flat no to what it will
never build; a promise to the next request in line; or a no backed by the cheapest discovery."""


@dataclass(frozen=True)
class Plan:
    order: tuple[str, ...]
    excluded: frozenset[str]
    style: str


@dataclass(frozen=True)
class OptimalResult:
    game: Game
    score: float
    evaluated: int
    method: str
    """How it was found, in words a debrief can show."""
    exact: bool = False


def true_value(game: Game, rid: str) -> float:
    """Value in score steps of shipping `rid` in round 1, from the truth (hindsight)."""
    scenario = game.scenario
    scales = game.lookup.steps
    rounds = scenario.rounds
    value = 0.0
    for metric, amount in game.truth.impact[rid].items():
        value += amount / scales[metric]  # revenue from round 1: the whole game's step
    for metric, amount in game.truth.neglect[rid].items():
        value -= amount / scales[metric] * rounds / 2
    return value


def play_plan(
    scenario: Scenario, seed: int, plan: Plan, start: Game | None = None,
    played: Played | None = None,
) -> Game:
    """The game `plan` plays from `start` (by default the seed's first round), on the
    scoring-only path (see `explained`). With `played`, rounds already played from the same
    state with the same decision are looked up there instead of played again (the engine is
    deterministic: the result is the same)."""
    game = start or new_game(scenario, seed)
    order = _with_dependencies_first(plan.order, game)
    while not game.over:
        decision = _decide(game, plan, order)
        if played is None:
            game, _ = play_round(game, decision, explain=False)
        else:
            game = step(game, decision, played)  # a search replays about half its rounds
    return game


def explained(game: Game, start: Game) -> Game:
    """`game` with every round's reasons: replayed from `start` on the full path when it
    was played on the scoring-only one (the same decisions give the same game)."""
    if game.explained:
        return game
    for decision in game.decisions[len(start.decisions):]:
        start, _ = play_round(start, decision)
    return start


def _with_dependencies_first(order: tuple[str, ...], game: Game) -> list[str]:
    """The same priorities, but every request preceded by what it depends on."""
    requests = game.lookup.requests
    placed: list[str] = []
    seen: set[str] = set()

    def place(rid: str, trail: frozenset[str]) -> None:
        if rid in seen or rid in trail:
            return
        for dep in requests[rid].depends_on:
            place(dep, trail | {rid})
        seen.add(rid)
        placed.append(rid)

    for rid in order:
        place(rid, frozenset())
    return placed


def _decide(game: Game, plan: Plan, order: list[str]) -> Decision:
    requests = game.lookup.requests
    status = game.status
    left, _ = capacity(game)
    build: list[str] = []
    for rid in game.forced:
        left -= game.truth.cost[rid] - game.progress.get(rid, 0)
    started_big = False
    for rid in order:
        if rid in plan.excluded or rid in game.forced or status[rid] not in WORKABLE:
            continue
        if any(status[d] != Status.SHIPPED for d in requests[rid].depends_on):
            continue
        need = game.truth.cost[rid] - game.progress.get(rid, 0)
        if need <= left:
            build.append(rid)
            left -= need
        elif left > 0 and not started_big:
            # Start the next piece of work with what is left: it spills into the next round,
            # which is how work bigger than a round's capacity ever gets done.
            build.append(rid)
            left = 0
            started_big = True
    answers: dict[str, Answer] = {}
    discover: list[tuple[str, str]] = []
    upcoming = [
        rid for rid in order
        if rid not in plan.excluded and rid not in build and status[rid] in WORKABLE
    ]
    methods = sorted(game.scenario.discovery, key=lambda m: (m.cost, m.id))
    for rid, state in status.items():
        if state not in WORKABLE or rid in build or rid in game.forced:
            continue
        if rid in plan.excluded and plan.style == "evidence-no" and not game.discovered.get(rid):
            method = next((m for m in methods if m.cost <= left), None)
            if method is not None:
                discover.append((rid, method.id))
                left -= method.cost
            answers[rid] = "no"
        elif rid in plan.excluded:
            answers[rid] = "no" if plan.style != "later" else "later"
        elif plan.style == "promise" and upcoming and rid == upcoming[0]:
            answers[rid] = "next"
        else:
            answers[rid] = "later"
    return Decision(tuple(build), tuple(discover), answers)


def search(
    scenario: Scenario,
    seed: int,
    candidates: Sequence[Game] = (),
    budget: int = 60,
) -> OptimalResult:
    """The best game found for this seed within `budget` plan evaluations; when every
    possible sequence of decisions can be played (tiny scenarios), the exact optimum."""
    base = start(scenario, seed)
    exact = exhaustive(base)
    if exact is not None:
        best, games = exact
        best = explained(best, base)
        return OptimalResult(game=best, score=score(best).total, evaluated=games,
                             method=f"exact: every possible sequence of decisions was played "
                             f"({games} games)", exact=True)
    rng = random.Random(f"optimal:{seed}")
    ids = [r.id for r in scenario.requests]
    density = {
        rid: true_value(base, rid) / max(1, base.truth.cost[rid]) for rid in ids
    }
    by_density = tuple(sorted(ids, key=lambda rid: (-density[rid], rid)))
    worthless = frozenset(rid for rid in ids if density[rid] <= 0)

    best_game: Game | None = None
    best_score = -1.0
    best_plan: Plan | None = None
    evaluated = 0

    def consider(game: Game, plan: Plan | None) -> bool:
        nonlocal best_game, best_score, best_plan
        total = score(game).total
        if total > best_score:
            best_game, best_score = game, total
            if plan is not None:
                best_plan = plan
            return True
        return False

    played: Played = {}
    for game in candidates:
        consider(game, None)
    for style in STYLES:
        for excluded in (worthless, frozenset()):
            plan = Plan(by_density, excluded, style)
            consider(play_plan(scenario, seed, plan, base, played), plan)
            evaluated += 1
    plan = best_plan or Plan(by_density, worthless, "later")
    while evaluated < budget:
        candidate = _neighbour(plan, ids, rng)
        game = play_plan(scenario, seed, candidate, base, played)
        evaluated += 1
        if consider(game, candidate):
            plan = candidate
    assert best_game is not None
    return OptimalResult(
        game=explained(best_game, base),
        score=best_score,
        evaluated=evaluated,
        method=f"best of {evaluated} plans by local search (plus every baseline's own play); "
        "not proven optimal",
    )


def _neighbour(plan: Plan, ids: list[str], rng: random.Random) -> Plan:
    order = list(plan.order)
    excluded = set(plan.excluded)
    style = plan.style
    move = rng.randrange(4)
    if move == 0 and len(order) > 1:
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
    elif move == 1 and len(order) > 1:
        i = rng.randrange(1, len(order))
        order.insert(rng.randrange(i), order.pop(i))
    elif move == 2:
        excluded ^= {rng.choice(ids)}
    else:
        style = rng.choice(STYLES)
    return Plan(tuple(order), frozenset(excluded), style)


EXHAUSTIVE_LIMIT = 20_000
"""Most complete games the exact search plays before it gives up for the local search."""

ANSWER_CHOICES: tuple[Answer | None, ...] = (None, "next", "later", "not_now", "no")


class _TooMany(Exception):
    pass


def exhaustive(start: Game, limit: int = EXHAUSTIVE_LIMIT) -> tuple[Game, int] | None:
    """Play every possible sequence of decisions from `start` (depth first) and return the
    best final game and how many were played; None as soon as there would be more than
    `limit` games, which is every scenario but the smallest."""
    best: list[Game] = []
    played = [0]

    def visit(game: Game) -> None:
        if game.over:
            played[0] += 1
            if played[0] > limit:
                raise _TooMany
            if not best or score(game).total > score(best[0]).total:
                best[:] = [game]
            return
        for decision in _every_decision(game, limit):
            visit(play_round(game, decision, explain=False)[0])

    try:
        visit(start)
    except _TooMany:
        return None
    return best[0], played[0]


def _every_decision(game: Game, limit: int) -> list[Decision]:
    """Every valid decision in this round: what to build, what to test, how to answer."""
    from itertools import chain, combinations, product

    from ..engine import check

    open_ids = [rid for rid, s in game.status.items() if s in WORKABLE and rid not in game.forced]
    pairs = [(rid, m.id) for rid in open_ids for m in game.scenario.discovery
             if m.id not in game.discovered.get(rid, ())]

    # An upper bound first, so that a scenario far too large gives up at once.
    if 2 ** len(open_ids) * 2 ** len(pairs) * len(ANSWER_CHOICES) ** len(open_ids) > limit * 4:
        raise _TooMany

    def subsets(items: list) -> chain:
        return chain.from_iterable(combinations(items, k) for k in range(len(items) + 1))

    decisions: list[Decision] = []
    for build in subsets(open_ids):
        if check(game, Decision(build=build)):
            continue  # a dependency not shipped yet
        rest = [rid for rid in open_ids if rid not in build]
        for discover in subsets(pairs):
            for answers in product(ANSWER_CHOICES, repeat=len(rest)):
                decisions.append(Decision(build, discover, {
                    rid: a for rid, a in zip(rest, answers, strict=True) if a is not None}))
                if len(decisions) > limit:
                    raise _TooMany
    return decisions
