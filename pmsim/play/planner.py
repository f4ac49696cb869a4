"""A plan being drafted for one round, with undo and redo: shared by every front end.

The engine only ever sees a finished `Decision`; misclicks are undone here, before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .engine import Decision
from .engine.view import PlayerView


@dataclass(frozen=True)
class Draft:
    build: tuple[str, ...] = ()
    discover: tuple[tuple[str, str], ...] = ()
    answers: tuple[tuple[str, str], ...] = ()

    def answer_for(self, rid: str) -> str | None:
        return dict(self.answers).get(rid)


@dataclass
class Planner:
    """The current draft plus undo and redo history, for the round shown in `view`."""

    view: PlayerView
    draft: Draft = field(default_factory=Draft)
    undo_stack: list[Draft] = field(default_factory=list)
    redo_stack: list[Draft] = field(default_factory=list)

    @classmethod
    def for_view(cls, view: PlayerView) -> Planner:
        """A fresh plan: unfinished work continues, and standing answers stand."""
        carried = tuple(r.id for r in view.open_requests if r.status == "active" and not r.forced)
        return cls(view, Draft(build=carried))

    def _change(self, draft: Draft) -> None:
        if draft != self.draft:
            self.undo_stack.append(self.draft)
            self.redo_stack.clear()
            self.draft = draft

    def undo(self) -> bool:
        if not self.undo_stack:
            return False
        self.redo_stack.append(self.draft)
        self.draft = self.undo_stack.pop()
        return True

    def redo(self) -> bool:
        if not self.redo_stack:
            return False
        self.undo_stack.append(self.draft)
        self.draft = self.redo_stack.pop()
        return True

    def toggle_build(self, rid: str) -> str | None:
        """Commit or un-commit a request; returns why not, when it cannot be built."""
        request = self.view.request(rid)
        if request.forced:
            return f"'{request.title}' was forced into this {self.view.round_name}; it stays"
        if request.status not in ("open", "active"):
            return f"'{request.title}' is {request.status}"
        if rid in self.draft.build:
            self._change(replace(self.draft, build=tuple(b for b in self.draft.build if b != rid)))
            return None
        if request.locked_by:
            names = ", ".join(self.view.request(d).title for d in request.locked_by
                              if any(r.id == d for r in self.view.requests))
            return f"'{request.title}' needs {names or 'another request'} shipped first"
        answers = tuple(a for a in self.draft.answers if a[0] != rid)
        self._change(replace(self.draft, build=(*self.draft.build, rid), answers=answers))
        return None

    def toggle_discovery(self, rid: str, method: str) -> str | None:
        request = self.view.request(rid)
        if method not in request.discovery_left:
            return f"that method has already been run on '{request.title}'"
        pair = (rid, method)
        if pair in self.draft.discover:
            runs = tuple(p for p in self.draft.discover if p != pair)
        else:
            runs = (*self.draft.discover, pair)
        self._change(replace(self.draft, discover=runs))
        return None

    def set_answer(self, rid: str, answer: str | None) -> str | None:
        request = self.view.request(rid)
        if request.forced:
            return f"'{request.title}' was forced into this {self.view.round_name}"
        answers = tuple(a for a in self.draft.answers if a[0] != rid)
        if answer is not None:
            answers = (*answers, (rid, answer))
        build = tuple(b for b in self.draft.build if b != rid)
        self._change(replace(self.draft, answers=answers, build=build))
        return None

    @property
    def planned(self) -> int:
        """Points the draft asks for, by estimate: forced work, builds and discovery."""
        view = self.view
        total = sum(r.remaining_estimate for r in view.open_requests if r.forced)
        total += sum(view.request(rid).remaining_estimate for rid in self.draft.build)
        costs = {m.id: m.cost for m in view.methods}
        return total + sum(costs[m] for _, m in self.draft.discover)

    def unanswered(self) -> list[str]:
        """Open requests the draft neither builds nor answers, and that have no standing
        answer: their askers will notice the silence."""
        answered = {rid for rid, _ in self.draft.answers}
        return [
            r.id for r in self.view.open_requests
            if r.id not in self.draft.build and r.id not in answered and not r.forced
            and r.answer is None and r.promised_for is None
        ]

    def broken_promises(self) -> list[str]:
        """Requests promised for this round that the draft neither builds nor re-plans."""
        answered = {rid for rid, _ in self.draft.answers}
        return [
            r.id for r in self.view.open_requests
            if r.promised_for == self.view.round and r.id not in self.draft.build
            and r.id not in answered and not r.forced
        ]

    def decision(self) -> Decision:
        return Decision(self.draft.build, self.draft.discover, dict(self.draft.answers))
