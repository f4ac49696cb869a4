"""Plan actions: what a key, a button, a drop on a lane or a typed command asks of the plan.

Every shell turns its input into one of these and hands it to `GameSession.perform`, so a
click and a keystroke can never mean two different things. An action that cannot be done
raises `Impossible` with the reason in the player's words; the plan is then unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from .answers import answer_for_lane
from .planner import Impossible, Planner


@dataclass(frozen=True, slots=True)
class Commit:
    request: str


@dataclass(frozen=True, slots=True)
class Uncommit:
    request: str


@dataclass(frozen=True, slots=True)
class Discover:
    request: str
    method: str
    run: bool = True
    """False takes the method out of the plan again."""


@dataclass(frozen=True, slots=True)
class Answer:
    request: str
    answer: str | None
    """An engine answer key (see answers.ANSWER_KINDS); None takes the answer back."""


@dataclass(frozen=True, slots=True)
class PlaceOnRoadmap:
    """A card dropped on a lane: now commits it, next and later answer it."""

    request: str
    lane: str


@dataclass(frozen=True, slots=True)
class Undo:
    pass


@dataclass(frozen=True, slots=True)
class Redo:
    pass


@dataclass(frozen=True, slots=True)
class EndRound:
    """Play the plan (after the shell has shown the review and the player agreed)."""


PlanAction = Commit | Uncommit | Discover | Answer | PlaceOnRoadmap | Undo | Redo
Action = PlanAction | EndRound


def toggle_commit(planner: Planner, rid: str) -> Commit | Uncommit:
    """The Add / Remove toggle: the action that flips a card."""
    return Uncommit(rid) if rid in planner.draft.build else Commit(rid)


def toggle_discovery(planner: Planner, rid: str, method: str) -> Discover:
    return Discover(rid, method, run=(rid, method) not in planner.draft.discover)


def toggle_answer(planner: Planner, rid: str, answer: str) -> Answer:
    """Choosing the answer a request already has takes it back."""
    return Answer(rid, None if planner.draft.answer_for(rid) == answer else answer)


def apply(planner: Planner, action: PlanAction) -> str:
    """Change the draft; returns what to tell the player (often nothing). Raises Impossible."""
    match action:
        case Commit(rid):
            return planner.commit(rid)
        case Uncommit(rid):
            planner.uncommit(rid)
        case Discover(rid, method, run):
            planner.discover(rid, method, run)
        case Answer(rid, answer):
            planner.answer(rid, answer)
        case PlaceOnRoadmap(rid, lane):
            return apply(planner, _placement(planner, rid, lane))
        case Undo():
            planner.undo()
            return "undone"
        case Redo():
            planner.redo()
            return "redone"
    return ""


def _placement(planner: Planner, rid: str, lane: str) -> PlanAction:
    if lane == "now":
        return Commit(rid)
    kind = answer_for_lane(lane)
    if kind is None:
        raise Impossible(f"there is no '{lane}' lane on the roadmap")
    return Answer(rid, kind.key)
