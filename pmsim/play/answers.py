"""The answers a player can give a request they do not build, with every word each shell uses.

One table, so a new kind of answer is one row here (plus its meaning in the engine): the
board's buttons, keys, card marks and roadmap lanes, and the terminal's words all read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AnswerKind:
    key: str
    """The engine's name for it, as a decision carries it."""
    label: str
    """On a button: 'Not now'."""
    mark: str
    """On a card, when it is the plan: 'NOT NOW'."""
    word: str
    """What a player types in the terminal: 'notnow'."""
    hotkey: str
    """The board's key for it (one letter)."""
    tip: str
    lane: str | None = None
    """The roadmap lane it puts the request in (None: off the roadmap)."""


ANSWER_KINDS: tuple[AnswerKind, ...] = (
    AnswerKind("next", "Next", "NEXT", "next", "n", "Promise it for the next round", "next"),
    AnswerKind("later", "Later", "LATER", "later", "l", "Put it on the roadmap with no date",
               "later"),
    AnswerKind("not_now", "Not now", "NOT NOW", "notnow", "p", "Not now"),
    AnswerKind("no", "No", "NO", "no", "x", "Decline it"),
)

LANES: tuple[str, ...] = ("now", "next", "later")
"""The roadmap: now is this round's plan; the others are answers with a lane."""


def answer_kind(key: str) -> AnswerKind:
    """The row for an engine answer; KeyError for one this table does not know."""
    for kind in ANSWER_KINDS:
        if kind.key == key:
            return kind
    raise KeyError(key)


def answer_for_word(word: str) -> AnswerKind | None:
    """The answer a typed word names (its word, its engine key or its label), or None."""
    word = word.lower().replace(" ", "")
    for kind in ANSWER_KINDS:
        if word in (kind.word, kind.key, kind.label.lower().replace(" ", "")):
            return kind
    return None


def answer_for_lane(lane: str) -> AnswerKind | None:
    return next((kind for kind in ANSWER_KINDS if kind.lane == lane), None)
