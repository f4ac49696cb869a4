"""After the last round: the score, the truth behind every request, and the lessons that apply."""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import holds
from .evidence import fill
from .game import Game
from .scoring import Score, score


@dataclass(frozen=True, slots=True)
class RequestTruth:
    id: str
    title: str
    asked_by: str
    status: str
    estimate: int
    cost: int
    """What it really cost (or would have)."""
    claimed_impact: dict[str, float]
    """The numbers the pitch claimed this game."""
    impact: dict[str, float]
    """What it was really worth when shipped on time."""
    neglect: dict[str, float]
    """What leaving it undone cost each round."""
    shipped_in: int | None
    discovered: tuple[str, ...]
    evidence: dict[str, str]
    """What each discovery method would have shown (method name: evidence)."""
    findings: dict[str, dict[str, float]]
    """What each discovery method run on it found (method name: metric or 'cost': value), to
    set beside the truth: where evidence misled, and by how much."""


@dataclass(frozen=True, slots=True)
class Lesson:
    principle: str
    text: str
    id: str = ""
    """The scenario's id for the lesson, or `lesson-N` (its place in the list, from 1)."""
    kind: str = "note"
    """'praise' (what the player did well), 'mistake' (what went wrong or was missed) or
    'note' (neither)."""


@dataclass(frozen=True, slots=True)
class WorldTruth:
    """The world the game was played in, hidden until now (see the format's `worlds`)."""

    id: str
    title: str
    chance: float
    """Its probability, 0-1: how likely a player should have thought it before any evidence."""
    story: str | None
    beliefs: tuple[tuple[str, str, str], ...] = ()
    """(stakeholder's name, id and title of the world they pitched from), in file order: whose
    hunch about the market was right this game."""


@dataclass(frozen=True, slots=True)
class Debrief:
    score: Score
    metric_history: tuple[dict[str, float], ...]
    """Metrics at the start, then at the end of every round."""
    trust_history: tuple[dict[str, float], ...]
    requests: tuple[RequestTruth, ...]
    lessons: tuple[Lesson, ...]
    world: WorldTruth | None = None
    """None when the scenario states no worlds."""


def debrief(game: Game) -> Debrief:
    if not game.over:
        raise ValueError("the debrief comes after the last round")
    truth = game.truth
    return Debrief(
        score=score(game),
        metric_history=(dict(game.start_metrics), *game.metric_history),
        trust_history=(dict(game.start_trust), *game.trust_history),
        requests=tuple(
            RequestTruth(
                id=r.id,
                title=r.title,
                asked_by=r.asked_by,
                status=game.status[r.id],
                estimate=r.estimate,
                cost=truth.cost[r.id],
                claimed_impact=dict(truth.claims[r.id]),
                impact=dict(truth.impact[r.id]),
                neglect=dict(truth.neglect[r.id]),
                shipped_in=game.shipped_in.get(r.id),
                discovered=game.discovered.get(r.id, ()),
                evidence={
                    game.lookup.methods[m].name: fill(text, truth.findings[(r.id, m)])
                    for m, text in r.evidence.items()
                },
                findings={
                    game.lookup.methods[m].name: dict(truth.findings[(r.id, m)])
                    for m in game.discovered.get(r.id, ())
                },
            )
            for r in game.scenario.requests
        ),
        lessons=lessons(game),
        world=_world(game),
    )


def _world(game: Game) -> WorldTruth | None:
    titles = {w.id: w.title for w in game.scenario.worlds}
    beliefs = tuple((s.name, game.truth.belief[s.id], titles[game.truth.belief[s.id]])
                    for s in game.scenario.stakeholders if s.id in game.truth.belief)
    for world in game.scenario.worlds:
        if world.id == game.truth.world:
            return WorldTruth(world.id, world.title, world.chance, world.story, beliefs)
    return None


def lessons(game: Game) -> tuple[Lesson, ...]:
    """The scenario's lessons whose condition holds now, mistakes first (in file order)."""
    found = [
        Lesson(lesson.principle, lesson.text, lesson.id or f"lesson-{index}", lesson.kind)
        for index, lesson in enumerate(game.scenario.lessons, start=1)
        if lesson.when is None or holds(lesson.when, game)
    ]
    return tuple(sorted(found, key=lambda lesson: lesson.kind != "mistake"))
