"""Skill versus luck: how good were the decisions, apart from how the dice fell?

The player's decisions are replayed in many redrawn worlds: the same scenario and the same
chance events, and the same claims and findings the player saw, but other true costs and
impacts, drawn given what they saw (`posterior.py`). Their mean score is the quality of the
decisions; the difference between the actual score and that mean is luck. Drawing the worlds
given the evidence keeps the mean luck over many games at about zero for every way of
deciding: a player who read the evidence well is not told they were lucky.

Three things keep the replay fair to a player who adapted as they went. Chance events are
kept, because a decision about a request an event brought in cannot be replayed in a world where
that event never happened. The team's capacity each round is kept as the player had it, because
their plan for a round was made for the capacity they saw: what they would have planned with
another is not in their decisions, and a fixed plan loses points wherever capacity differs (cut
work on a smaller team, nothing new to start on a bigger one), so replays in worlds where shipped
work changed tech health or morale scored below what the player would have done there. And the
decisions are replayed as the player's priorities: each round builds what the player built that
round, and when work finished sooner or later than it did here, the spare capacity goes to what
the player built next, by estimate, as they would have.

What the kept capacity leaves out: the capacity a bet's outcome gave or took is counted as the
player's, not as luck; its effect on the metrics and the score still is luck.

Keeping the capacity is not enough where outcomes feed back: a player's later decisions follow
what they saw (the capacity each round, the events that fired), so replaying them in a world
that would have shown something else scores below what the player would have done there, and
players look lucky on average. So each redrawn world is also weighted by how well it matches
what the player saw as the game went (`_likeness`: a normal kernel on the capacity it would
have given each round, a factor per event that fired otherwise): approximate Bayesian
computation on the observations the posterior leaves out. Only what the world decides is
weighed, not what the replay chose: weighing also what shipped when (which follows the
replay's own use of spare capacity) helped in techdebt but pushed `rice` in pressure 3 points
the other way. Measured in techdebt, where tech health sets capacity and decides two events
(seeds 101-200, 24 redraws a game, the same replays weighted and not), mean luck went from
+5.17 to +1.68 for `rice`, +5.37 to +2.84 for `rice-discover` and +4.44 to +0.36 for `wsjf`
(bench/RESULTS.md, 2026-12-02).

How centred it is can only be seen over many games: one game's luck has a standard deviation of
15-30 points, so 100 games' mean has a standard error of 1.5-3 and a block of seeds whose truths
fell low reads as unlucky for every policy at once (bikeshare's HiPPO: -9.94 on seeds 101-200,
+2.57 on 201-300, -2.60 (1.66) over 101-400). `bench/posterior_bench.py` tells a lean of the
posterior from a lean of the seeds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..engine import Decision, Game, check, new_game, play_round, score
from ..engine.game import WORKABLE
from ..engine.report import Cause
from ..engine.rounds import capacity, remaining_estimate
from ..engine.status import Status
from ..engine.truth import Truth, draw
from ..scenario.models import Scenario
from .posterior import redraw


@dataclass(frozen=True)
class LuckReport:
    actual: float
    expected: float
    """Mean score of the same decisions over redrawn worlds: the quality of the decisions."""
    low: float
    high: float
    """The 10th and 90th percentile of those scores."""
    percentile: float
    """Share of redrawn worlds (0-100) in which the same decisions scored less than they did."""
    samples: int
    alike: float
    """How many of the redrawn worlds, in effect, looked like the player's game (Kish's
    effective sample size of the weights, 0 to `samples`): 0 when none did and each was
    counted the same."""

    @property
    def luck(self) -> float:
        return self.actual - self.expected

    def as_dict(self) -> dict[str, float]:
        return {
            "actual": round(self.actual, 2),
            "expected": round(self.expected, 2),
            "luck": round(self.luck, 2),
            "percentile": round(self.percentile, 1),
            "low": round(self.low, 2),
            "high": round(self.high, 2),
            "samples": self.samples,
            "alike": round(self.alike, 1),
        }


def sanitize(game: Game, decision: Decision) -> Decision:
    """The parts of `decision` that can be played in `game` (another world may not offer them)."""
    build = tuple(
        dict.fromkeys(rid for rid in decision.build if not check(game, Decision(build=(rid,))))
    )
    discover = tuple(
        dict.fromkeys(p for p in decision.discover if not check(game, Decision(discover=(p,))))
    )
    answers = {
        rid: answer
        for rid, answer in decision.answers.items()
        if rid not in build and not check(game, Decision(answers={rid: answer}))
    }
    return Decision(build, discover, answers)


def play_decisions(
    scenario: Scenario,
    seed: int,
    decisions: Sequence[Decision],
    truth_seed: int,
    planned: Sequence[int] | None = None,
) -> Game:
    """Play fixed decisions with the costs and impacts of `truth_seed` and the chance events of
    `seed`, skipping anything that world does not allow."""
    own = draw(scenario, seed)
    other = draw(scenario, truth_seed)
    truth = replace(other, event_rolls=own.event_rolls, outage_rolls=own.outage_rolls,
                    escalation_rolls=own.escalation_rolls)
    return replay_in(scenario, seed, decisions, truth, planned).game


@dataclass(frozen=True)
class Replay:
    """Fixed decisions played in a redrawn world."""

    game: Game
    own_capacity: tuple[int, ...]
    """The capacity this world would have given each round before the player's was kept
    (points); empty when the player's capacity was not kept."""


def replay_in(
    scenario: Scenario,
    seed: int,
    decisions: Sequence[Decision],
    truth: Truth,
    planned: Sequence[int] | None = None,
    explain: bool = True,
    overtime: Sequence[int] | None = None,
    capacities: Sequence[int] | None = None,
) -> Replay:
    """Play fixed decisions in the world `truth`, as the player's priorities (with
    `explain=False` on the scoring-only path: the same game, without reasons in reports).
    `planned` is the load the player planned each round and `overtime` how far past the
    round's capacity they chose to plan (points, 0 or more); without `overtime`, the player's
    own choices are played whatever the capacity. `capacities` is the team's capacity each
    round as the player had it (points); without it, each round has this world's own."""
    game = new_game(scenario, seed, truth=truth)
    priorities = list(dict.fromkeys(rid for d in decisions for rid in d.build))
    own: list[int] = []
    for index, decision in enumerate(decisions):
        if game.over:
            break
        limit = planned[index] if planned is not None and index < len(planned) else None
        over = overtime[index] if overtime is not None and index < len(overtime) else None
        if capacities is not None and index < len(capacities):
            own.append(capacity(game)[0])
            game = with_capacity(game, capacities[index])
        clean = sanitize(game, decision)
        earlier = [rid for d in decisions[:index] for rid in d.build]
        game, _ = play_round(game, _as_priorities(game, clean, priorities, limit, earlier, over),
                             explain)
    return Replay(game, tuple(own))


KEPT_CAPACITY = "the team's capacity as the player had it"
"""The reason on the capacity change a replay adds to keep the player's capacity."""


def with_capacity(game: Game, target: int) -> Game:
    """`game` with its team's capacity this round moved to `target` points (0 or more), by a
    capacity change like an event's; `game` itself when it already has that capacity. Slowdowns
    scale with the total, so the change is corrected until it lands (a few steps at most)."""
    have = capacity(game)[0]
    if have == target:
        return game
    moved = game.copy()
    change = 0
    for _ in range(4):
        change += target - have
        moved.capacity_events = (*game.capacity_events, Cause(change, KEPT_CAPACITY))
        have = capacity(moved)[0]
        if have == target:
            break
    return moved


def _as_priorities(
    game: Game,
    decision: Decision,
    priorities: list[str],
    limit: int | None,
    earlier: list[str] = (),  # type: ignore[assignment]
    over: int | None = None,
) -> Decision:
    """The round's decision as the player's priorities, in a world where work may have
    finished sooner or later than it did for them.

    The player's own choices for this round come first, in their order, as they chose them,
    as far as this world's capacity plus the overtime they chose (`over`) allows: the player
    saw the capacity before deciding, and a team with less of it here would not have been
    planned past it (replaying the plan anyway charged overtime the player never chose: in
    techdebt, `rice`'s mean luck was 1.4 points higher for it, seeds 101-130). An own choice
    that does not fit is answered 'later'. Then, if room is left (by estimate, up to the load
    the player planned that round: slack left on purpose stays), unfinished work carried on,
    work they committed to in earlier rounds that has not started here, and what they built
    next. In the game's own world this is exactly the player's decision.
    """
    cap, _ = capacity(game)
    room = cap if limit is None else min(cap, limit)
    own_room = None if over is None else cap + over
    methods = game.lookup.methods
    planned = sum(remaining_estimate(game, rid) for rid in game.forced)
    planned += sum(methods[m].cost for _, m in decision.discover)
    carried = [rid for rid, state in game.status.items()
               if state == Status.ACTIVE and rid not in game.forced and rid not in decision.build
               and decision.answers.get(rid) != "no"]
    build: list[str] = []
    committed = [rid for rid in earlier if game.status.get(rid) in WORKABLE]
    for rid in (*decision.build, *carried, *committed, *priorities):
        if rid in build or rid in game.forced or decision.answers.get(rid) == "no":
            continue
        if check(game, Decision(build=(rid,))):
            continue
        need = remaining_estimate(game, rid)
        bound = own_room if rid in decision.build else room
        if bound is None or planned + need <= bound:
            build.append(rid)
            planned += need
    answers = {rid: a for rid, a in decision.answers.items() if rid not in build}
    answers.update({rid: "later" for rid in decision.build
                    if rid not in build and not check(game, Decision(answers={rid: "later"}))})
    return Decision(tuple(build), decision.discover, answers)


CAPACITY_TOLERANCE = 1.0
"""Points: how far a redrawn world's own capacity in a round may be from the player's and the
world still count as one they could not tell apart (the spread of a normal kernel; a world one
point off keeps 0.61 of its weight, two points off 0.14)."""

EVENT_MISMATCH = 0.1
"""The weight a redrawn world keeps for each event that fired there in another round, or not
at all, than in the player's game (or fired there and not for them): the player saw the news."""


def skill_vs_luck(game: Game, samples: int = 40) -> LuckReport:
    """The game's score against its decisions replayed in `samples` worlds the player could
    not have told apart from theirs (see `posterior`), each weighted by how well it also
    matches what the player saw as the game went: the team's capacity each round and the
    events that fired (an approximate-Bayesian-computation kernel, `CAPACITY_TOLERANCE` and
    `EVENT_MISMATCH`). `samples` is 1 or more."""
    actual = score(game).total
    planned = [report.planned for report in game.reports]
    capacities = [report.capacity for report in game.reports]
    overtime = [max(0, report.planned - report.capacity) for report in game.reports]
    rng = random.Random(f"luck:{game.seed}")
    weighted: list[tuple[float, float]] = []
    for _ in range(samples):
        replay = replay_in(game.scenario, game.seed, game.decisions, redraw(game, rng), planned,
                           explain=False, overtime=overtime, capacities=capacities)
        weighted.append((score(replay.game).total, _likeness(game, replay, capacities)))
    return _report(actual, weighted)


def _likeness(game: Game, replay: Replay, capacities: Sequence[int]) -> float:
    """How well a replay matches what the player saw that the posterior does not condition on
    (0-1]: the capacity this world gave each round, and the events it fired. Decisions follow
    what was seen, so worlds that would have shown something else are worlds in which the
    player would have decided otherwise; replaying their decisions there made techdebt's
    players look lucky (bench/RESULTS.md, 2026-12-02)."""
    off = sum((mine - had) ** 2
              for mine, had in zip(replay.own_capacity, capacities, strict=False))
    events = len(set(replay.game.fired.items()) ^ set(game.fired.items()))
    return math.exp(-off / (2 * CAPACITY_TOLERANCE ** 2)) * EVENT_MISMATCH ** events


def _report(actual: float, weighted: list[tuple[float, float]]) -> LuckReport:
    """The report for the replays' (score, weight) pairs: weighted mean and percentiles.
    Should every weight vanish (no replay like the player's game), they count equally and the
    report says none was alike."""
    total = sum(w for _, w in weighted)
    alike = total * total / sum(w * w for _, w in weighted) if total > 1e-12 else 0.0
    if total <= 1e-12:
        weighted = [(s, 1.0) for s, _ in weighted]
        total = float(len(weighted))
    ranked = sorted(weighted)
    expected = sum(s * w for s, w in ranked) / total
    below = sum(w for s, w in ranked if s < actual)
    return LuckReport(
        actual=actual,
        expected=expected,
        low=_quantile(ranked, total, 0.1),
        high=_quantile(ranked, total, 0.9),
        percentile=100.0 * below / total,
        samples=len(ranked),
        alike=alike,
    )


def _quantile(ranked: list[tuple[float, float]], total: float, share: float) -> float:
    """The score below which `share` (0-1) of the weight lies, from (score, weight) pairs in
    order of score."""
    seen = 0.0
    for value, weight in ranked:
        seen += weight
        if seen >= share * total:
            return value
    return ranked[-1][0]
