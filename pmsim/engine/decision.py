"""What the player decides in a round, and the checks that keep a decision whole.

A decision is checked completely before anything is applied: it is either accepted as a whole
or rejected with every reason, never half-applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Answer = Literal["next", "later", "not_now", "no"]
ANSWERS: tuple[str, ...] = ("next", "later", "not_now", "no")


@dataclass(frozen=True, slots=True)
class Decision:
    build: tuple[str, ...] = ()
    """Requests to work on this round, in priority order (unfinished work spills over)."""
    discover: tuple[tuple[str, str], ...] = ()
    """(request, method) pairs: discovery to run this round, before any building."""
    answers: Mapping[str, Answer] = field(default_factory=dict)
    """An answer to open requests not built: promise it for next round, put it on the roadmap
    for later, not now, or no. A request left unanswered is ignored, and its asker notices."""

    def __post_init__(self) -> None:
        # A decision is part of the game's history: it must not change after the fact, even
        # if the caller keeps editing the lists and dict it was built from.
        object.__setattr__(self, "build", tuple(self.build))
        object.__setattr__(self, "discover", tuple(tuple(p) for p in self.discover))
        object.__setattr__(self, "answers", dict(self.answers))

    def to_dict(self) -> dict[str, object]:
        return {
            "build": list(self.build),
            "discover": [list(pair) for pair in self.discover],
            "answers": dict(sorted(self.answers.items())),
        }

    @classmethod
    def from_dict(cls, data: object) -> Decision:
        """From the JSON form; raises ValueError on anything not of that shape."""
        if not isinstance(data, dict) or set(data) - {"build", "discover", "answers"}:
            raise ValueError("a decision is an object with 'build', 'discover' and 'answers'")
        build = data.get("build", [])
        discover = data.get("discover", [])
        answers = data.get("answers", {})
        if not (isinstance(build, list) and all(isinstance(b, str) for b in build)):
            raise ValueError("'build' must be a list of request ids")
        if not (
            isinstance(discover, list)
            and all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
                for p in discover
            )
        ):
            raise ValueError("'discover' must be a list of [request, method] pairs")
        if not (
            isinstance(answers, dict)
            and all(isinstance(k, str) and v in ANSWERS for k, v in answers.items())
        ):
            raise ValueError("'answers' must map request ids to one of: " + ", ".join(ANSWERS))
        return cls(tuple(build), tuple((r, m) for r, m in discover), dict(answers))


class InvalidDecision(ValueError):
    """The decision cannot be played; `reasons` says every reason, in plain words."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons
