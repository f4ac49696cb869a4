"""The coaching debrief: everything the debrief says about what to do differently, worked out
once for a finished game (in the background in the window; a second or two for 12 rounds).

It gathers: what each decision was worth (`worth.py`, by real replays), the better plans
beside the player's (the hindsight-optimal plan and `evidence`, the fair policy, round by
round), one line per baseline explaining its result in this world, the seven principles
scored (`principles.py`), the scenario's lessons that apply, and skill versus luck.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..engine import Game, score
from ..engine.conditions import chosen
from ..engine.debrief import Lesson, lessons
from ..engine.labels import impact_words
from .compare import BaselineResult, Comparison, compare
from .optimal import true_value
from .principles import PrincipleScore, principles, weakest
from .worth import Worth, top, worths

NAMES = {
    "loudest": "The HiPPO (loudest voice)", "rice": "RICE", "wsjf": "WSJF",
    "random": "Random play", "evidence": "Evidence (the fair policy)",
    "optimal": "The hindsight-optimal plan",
}
"""What each baseline is called in the debrief's lines."""

HOW = {
    "loudest": "said yes to the most influential voice first",
    "rice": "ranked by the pitches' claimed value per point",
    "wsjf": "ranked by the claimed cost of delay per point",
    "random": "picked at random",
    "evidence": "tested the big claims and built what the evidence backed",
    "optimal": "knew this world's truth (hindsight)",
}
"""How each baseline decides, in the words of its one-line explanation."""


@dataclass(frozen=True)
class RoundPlan:
    """One round of a plan: what was committed, what shipped, discovery run, answers given."""

    round: int
    build: tuple[str, ...]
    shipped: tuple[str, ...]
    discover: tuple[tuple[str, str], ...]
    answers: dict[str, str]

    def as_dict(self) -> dict[str, object]:
        return {"round": self.round, "build": list(self.build), "shipped": list(self.shipped),
                "discover": [list(p) for p in self.discover], "answers": dict(self.answers)}


@dataclass(frozen=True)
class Coaching:
    worths: tuple[Worth, ...]
    helped: tuple[Worth, ...]
    """The three decisions that helped most, largest worth first."""
    cost: tuple[Worth, ...]
    """The three decisions that cost most, most negative first."""
    plans: dict[str, tuple[RoundPlan, ...]]
    """'you', 'optimal' and 'evidence', round by round."""
    explanations: dict[str, str]
    """One line per baseline (and the optimal plan): why it scored what it did here."""
    principles: dict[str, PrincipleScore]
    lessons: tuple[Lesson, ...]
    comparison: Comparison
    world: str = ""
    """The id of the world the game was played in ('' when the scenario states none)."""
    beliefs: dict[str, str] = field(default_factory=dict)
    """The id of the world each stakeholder pitched from, by their id (empty without worlds)."""

    @property
    def weakest(self) -> PrincipleScore:
        return weakest(self.principles)


def plan_of(game: Game) -> tuple[RoundPlan, ...]:
    """A game's decisions as plans, round by round, with what shipped."""
    return tuple(
        RoundPlan(report.round, tuple(decision.build),
                  tuple(w.request for w in report.work if w.outcome == "shipped"),
                  tuple(decision.discover), dict(sorted(decision.answers.items())))
        for decision, report in zip(game.decisions, game.reports, strict=True)
    )


def explain(b: BaselineResult, mine: float, titles: Mapping[str, str]) -> str:
    """Why a baseline scored what it did in this world, in one line: how it decides, its
    worst pick and the best request it never shipped (by true value)."""
    game = b.game
    gap = b.score - mine
    versus = ("the same as you" if abs(gap) < 0.05
              else f"{abs(gap):.1f} {'above' if gap > 0 else 'below'} you")
    line = f"{NAMES.get(b.name, b.name)} {b.score:.1f} ({versus}): it " + HOW.get(
        b.name, b.description)
    if game is None:
        return line + "."
    if b.name == "optimal" and gap < 0.05:
        return line + "; the search found no plan better than yours (it starts from your own game)."
    shipped = [w.request for report in game.reports for w in report.work
               if w.outcome == "shipped"]
    values = {rid: true_value(game, rid) for rid in game.arrived_in}
    built = [rid for rid in shipped if chosen(game, rid)]
    worst = min(built, key=lambda rid: values[rid], default=None)
    imposed = min((rid for rid in shipped if rid not in built), key=lambda rid: values[rid],
                  default=None)
    missed = max((rid for rid in values if rid not in shipped), key=lambda rid: values[rid],
                 default=None)
    parts = []
    if worst is not None and values[worst] < 0:
        parts.append(f"it built {titles[worst]}, really "
                     f"{impact_words(game.truth.impact[worst]) or 'worth nothing'}")
    if imposed is not None and values[imposed] < 0:
        parts.append(f"it had {titles[imposed]} forced in over its head, really "
                     f"{impact_words(game.truth.impact[imposed]) or 'worth nothing'}")
    if missed is not None and values[missed] > 0:
        parts.append(f"it never shipped {titles[missed]}, really "
                     f"{impact_words(game.truth.impact[missed]) or 'a cost while it waited'}")
    return line + ("; " + "; ".join(parts) if parts else "") + "."


def coach(game: Game, samples: int = 30,
          progress: Callable[[float], None] | None = None) -> Coaching:
    """The whole coaching debrief of a finished game. `progress` hears the share done (0-1):
    the replays of the player's decisions are the first half, the baselines the second."""
    if not game.over:
        raise ValueError("the debrief comes after the last round")
    titles = {r.id: r.title for r in game.scenario.requests}

    def half(share: float) -> None:
        if progress is not None:
            progress(share / 2)

    measured = worths(game, half)
    comparison = compare(game, samples=samples,
                         progress=lambda share: half(1.0 + share))
    helped, cost = top(measured)
    mine = score(game).total
    games = {b.name: b.game for b in comparison.baselines if b.game is not None}
    plans = {"you": plan_of(game)}
    plans.update({name: plan_of(games[name]) for name in ("optimal", "evidence")
                  if name in games})
    return Coaching(
        worths=tuple(measured), helped=tuple(helped), cost=tuple(cost), plans=plans,
        explanations={b.name: explain(b, mine, titles) for b in comparison.baselines},
        principles=principles(game), lessons=lessons(game), comparison=comparison,
        world=game.truth.world, beliefs=dict(game.truth.belief),
    )


def as_dict(c: Coaching) -> dict[str, object]:
    """The machine-readable debrief (`--json --debrief`)."""
    return {
        "decisions": [
            {"round": w.choice.round, "request": w.choice.request, "action": w.choice.action,
             **({"detail": w.choice.detail} if w.choice.detail else {}),
             "worth": round(w.worth, 2), "score_without": round(w.without, 2),
             "causes": list(w.causes)}
            for w in c.worths
        ],
        "helped": [_ref(w) for w in c.helped],
        "cost": [_ref(w) for w in c.cost],
        "optimal_plan": [p.as_dict() for p in c.plans.get("optimal", ())],
        "evidence_plan": [p.as_dict() for p in c.plans.get("evidence", ())],
        "baselines": {b.name: {"score": round(b.score, 2), "why": c.explanations[b.name]}
                      for b in c.comparison.baselines},
        "principles": {name: round(p.score, 1) for name, p in c.principles.items()},
        "principle_reasons": {name: p.why for name, p in c.principles.items()},
        "weakest_principle": c.weakest.principle,
        "lessons": [{"id": lesson.id, "kind": lesson.kind, "principle": lesson.principle,
                     "text": lesson.text} for lesson in c.lessons],
        "luck": c.comparison.player.as_dict(),
        **({"world": c.world, "beliefs": c.beliefs} if c.world else {}),
    }


def _ref(w: Worth) -> dict[str, object]:
    return {"round": w.choice.round, "request": w.choice.request, "action": w.choice.action,
            "worth": round(w.worth, 2)}
