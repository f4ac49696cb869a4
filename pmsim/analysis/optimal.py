"""The hindsight-optimal plan: the best play found by someone who knows this seed's truth.

The decision space (subsets, orders, answers and discovery, every round) is far too large to
enumerate, so this searches a smaller, well-chosen space: a *plan* is a priority order over the
requests plus a set never to build, a way of answering the rest, and whether it may plan
beyond the capacity (overtime costs morale and tech health). Each plan is played out with the
real engine on the same seed. The search starts from plans ranked by true value per true
point and from the best baseline's own play turned into a plan (its order, and its answers and
discovery kept as a template), adds every baseline's actual decisions as candidates (so no
baseline can beat it on its own seed), then improves the best plan by local search. The result
says it is the best found, not proven optimal.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..engine import Decision, Game, new_game, play_round, score
from ..engine.decision import Answer
from ..engine.game import WORKABLE
from ..engine.rounds import capacity, remaining_estimate
from ..engine.status import Status
from ..scenario.models import Scenario
from .starts import Played, start, step

TRIES = 4
"""Plans tried per game in the budget, at most: a plan that plays a game already played
costs little (its rounds are looked up) and is not counted, but the search must end."""

TEMPLATES = 1
"""Best candidate games whose play is turned into a plan to search from (the second best
was almost never the best start in the bundled scenarios)."""

START_STYLES = ("promise", "evidence-no")
"""The styles the search starts from: in the bundled scenarios the best start is nearly
always in one of them (the others are still reached by the local search's moves)."""

STYLES = ("later", "no-excluded", "promise", "evidence-no")
"""How a plan answers what it does not build: everything 'later'; a flat no to what it will
never build; a promise to the next request in line; or a no backed by the cheapest discovery.
(A plan made from a game also has "template": that game's own answers and discovery.)"""


@dataclass(frozen=True)
class Plan:
    """A whole game's play in a few choices, so that a search can change it one at a time
    and the engine replays the rest (work that spills, requests that arrive late)."""

    order: tuple[str, ...]
    excluded: frozenset[str]
    style: str
    overtime: bool = True
    """Whether the plan may ask for more than the capacity (the engine counts estimates)."""
    template: tuple[Decision, ...] = ()
    """With the style "template": a game's decisions whose discovery and answers are kept,
    round by round, for what the plan does not build."""


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
    """The plan's decision this round: discovery first when it copies a template (it takes
    capacity before any building, as in the engine), then building, then answers."""
    status = game.status
    left, _ = capacity(game)
    copied = plan.template[game.round - 1] if plan.style == "template" else None
    kept = _kept_discovery(game, copied)
    left -= sum(game.lookup.methods[mid].cost for _, mid in kept)
    build, left = _build(game, plan, order, left)
    if copied is not None:
        return Decision(tuple(build), kept, _copied_answers(game, plan, copied, build))
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


def _build(game: Game, plan: Plan, order: list[str], left: int) -> tuple[list[str], int]:
    """What the plan works on this round, in its order, and the capacity left. Without
    overtime, the plan also keeps within the capacity as the engine counts a plan (by
    estimates), as a team that will not work overtime does."""
    requests = game.lookup.requests
    status = game.status
    room = left - sum(remaining_estimate(game, rid) for rid in game.forced)
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
        counted = remaining_estimate(game, rid)
        if not plan.overtime and counted > room:
            continue
        if need <= left:
            build.append(rid)
            left -= need
            room -= counted
        elif left > 0 and not started_big:
            # Start the next piece of work with what is left: it spills into the next round,
            # which is how work bigger than a round's capacity ever gets done.
            build.append(rid)
            left = 0
            room -= counted
            started_big = True
    return build, left


def _kept_discovery(game: Game, copied: Decision | None) -> tuple[tuple[str, str], ...]:
    """The template's discovery this round that can still run."""
    if copied is None:
        return ()
    kept: list[tuple[str, str]] = []
    for rid, mid in copied.discover:
        if game.status[rid] in WORKABLE and mid not in game.discovered.get(rid, ()) \
                and (rid, mid) not in kept:
            kept.append((rid, mid))
    return tuple(kept)


def _copied_answers(
    game: Game, plan: Plan, copied: Decision, build: list[str]
) -> dict[str, Answer]:
    """The template's answers to what is open and not built; 'no' only to what the plan
    excludes, and 'later' where the template had none (it built the request then)."""
    answers: dict[str, Answer] = {}
    for rid, state in game.status.items():
        if state not in WORKABLE or rid in build or rid in game.forced:
            continue
        given = copied.answers.get(rid)
        if given == "no" and rid not in plan.excluded:
            given = "later"
        answers[rid] = given or ("no" if rid in plan.excluded and rid in copied.build
                                 else "later")
    return answers


def as_plan(game: Game, density_order: tuple[str, ...]) -> Plan:
    """A plan that builds in the order `game` started its work, excludes what it never
    built, and answers and discovers as it did: `game`'s own play, as a point to search
    from."""
    worked = game.shipped_in.keys() | {rid for rid, done in game.progress.items() if done}
    started = list(dict.fromkeys(rid for d in game.decisions for rid in d.build
                                 if rid in worked))
    rest = [rid for rid in density_order if rid not in started]
    return Plan(tuple(started + rest), frozenset(rest), "template", False, game.decisions)


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
    ids = [r.id for r in scenario.requests]
    density = {
        rid: true_value(base, rid) / max(1, base.truth.cost[rid]) for rid in ids
    }
    by_density = tuple(sorted(ids, key=lambda rid: (-density[rid], rid)))
    worthless = frozenset(rid for rid in ids if density[rid] <= 0)
    scored = [(score(game).total, game) for game in candidates]  # each scored once
    starts = _start_plans(by_density, worthless, scored)
    best_game, evaluated = _climb(base, starts, budget, random.Random(f"optimal:{seed}"))
    best_score = score(best_game).total
    for total, game in scored:  # a plan must do strictly better to replace a candidate's game
        if total >= best_score:
            best_game, best_score = game, total
    return OptimalResult(
        game=explained(best_game, base),
        score=best_score,
        evaluated=evaluated,
        method=f"best of {evaluated} plans by local search (plus every baseline's own play); "
        "not proven optimal",
    )


def _climb(base: Game, starts: list[Plan], budget: int,
           rng: random.Random) -> tuple[Game, int]:
    """The best game of the plans tried from `base`, and how many different games were
    played: every start, then small changes to the best plan so far until `budget` games.

    The plans climb on their own scores, not against the candidates' games: a baseline that
    no plan beats yet must not stop the search from improving on its best plan (it did, and
    the search then only sampled around one fixed plan). A change that plays a game already
    played (its rounds are looked up, nearly free) is a step sideways, not counted."""
    played: Played = {}
    seen: dict[int, Game] = {}  # the games played, by id (kept, so that ids stay theirs)
    games = max(budget, len(starts))
    plan, best, best_score = starts[0], base, -1.0
    for tried in range(TRIES * games):
        if len(seen) >= games:
            break
        candidate = starts[tried] if tried < len(starts) else _neighbour(plan, rng)
        game = play_plan(base.scenario, base.seed, candidate, base, played)
        seen.setdefault(id(game), game)
        total = score(game).total
        if total >= best_score:
            plan = candidate
        if total > best_score:
            best, best_score = game, total
    return best, len(seen)


def _start_plans(
    by_density: tuple[str, ...], worthless: frozenset[str],
    candidates: Sequence[tuple[float, Game]],
) -> list[Plan]:
    """Where the local search starts: the requests by true value per point in every style,
    with and without overtime (which pays depends on the scenario's costs), and the best
    candidate games' own play as plans (`candidates`: each game with its score)."""
    plans = [Plan(by_density, worthless, style, overtime)
             for style in START_STYLES for overtime in (False, True)]
    ranked = sorted(candidates, key=lambda scored: -scored[0])
    plans.extend(as_plan(game, by_density) for _, game in ranked[:TEMPLATES])
    return plans


def _neighbour(plan: Plan, rng: random.Random) -> Plan:
    """A plan one small change away: swap two neighbours in the order, move one request
    elsewhere in it, exclude one, include one, change the style, or toggle overtime. Order
    moves act on the requests the plan builds (moving an excluded one changes nothing)."""
    active = [rid for rid in plan.order if rid not in plan.excluded]
    left_out = [rid for rid in plan.order if rid in plan.excluded]
    move = rng.randrange(6)
    if move == 0 and len(active) > 1:
        i = rng.randrange(len(active) - 1)
        active[i], active[i + 1] = active[i + 1], active[i]
    elif move == 1 and len(active) > 1:
        active.insert(rng.randrange(len(active)), active.pop(rng.randrange(len(active))))
    elif move == 2 and active:
        rid = active.pop(rng.randrange(len(active)))
        return replace(plan, order=(*active, *left_out, rid),
                       excluded=plan.excluded | {rid})
    elif move == 3 and left_out:
        rid = left_out.pop(rng.randrange(len(left_out)))
        active.insert(rng.randrange(len(active) + 1), rid)
        return replace(plan, order=(*active, *left_out), excluded=plan.excluded - {rid})
    elif move == 4:
        styles = (*STYLES, "template") if plan.template else STYLES
        return replace(plan, style=rng.choice(styles))
    else:
        return replace(plan, overtime=not plan.overtime)
    return replace(plan, order=(*active, *left_out))


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
