"""The plan being drafted, kept with the autosave so closing the window mid-round loses
nothing: written as it changes, and restored when the game is continued.

A kept draft is only ever a convenience: restoring it goes through the planner, one choice at
a time, so a draft from an older scenario or a hand-edited file can never make a plan the
planner would refuse; what cannot be restored is skipped.
"""

from __future__ import annotations

import contextlib
from typing import Any

from .planner import Draft, Impossible, Planner


def draft_to_dict(planner: Planner) -> dict[str, Any]:
    """The draft as JSON-ready data: {"round": n, "build": [id, ...], "discover": [[id,
    method], ...], "answers": [[id, answer], ...], "displaced": [[id, answer], ...]}."""
    draft = planner.draft
    return {
        "round": planner.view.round,
        "build": list(draft.build),
        "discover": [list(pair) for pair in draft.discover],
        "answers": [list(pair) for pair in draft.answers],
        "displaced": [list(pair) for pair in draft.displaced],
    }


def restore_draft(planner: Planner, data: object) -> Planner:
    """`planner` with the kept draft put back, when it is for the round the planner is on;
    choices that no longer apply are skipped. The undo history starts empty."""
    if not isinstance(data, dict) or data.get("round") != planner.view.round:
        return planner
    build = _ids(data.get("build"))
    for rid in planner.draft.build:
        if rid not in build:
            _try(planner.uncommit, rid)
    for rid in build:
        _try(planner.commit, rid)
    for rid, method in _pairs(data.get("discover")):
        _try(planner.discover, rid, method)
    for rid, answer in _pairs(data.get("answers")):
        if answer in ("next", "later", "not_now", "no"):
            _try(planner.answer, rid, answer)
    displaced = tuple(p for p in _pairs(data.get("displaced")) if p[0] in planner.draft.build)
    planner.draft = Draft(planner.draft.build, planner.draft.discover, planner.draft.answers,
                          displaced)
    planner.undo_stack.clear()
    planner.redo_stack.clear()
    return planner


def _ids(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _pairs(value: object) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        return []
    return [(v[0], v[1]) for v in value
            if isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)]


def _try(step: Any, *args: str) -> None:
    """One choice of a kept draft, skipped when the planner refuses it."""
    with contextlib.suppress(Impossible, KeyError):
        step(*args)
