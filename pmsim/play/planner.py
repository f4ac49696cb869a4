"""A plan being drafted for one round, with undo and redo: shared by every front end.

The engine only ever sees a finished `Decision`; misclicks are undone here, before it. What a
player may not have meant (overtime, a broken promise, silence) is worked out here once, as a
`Review`, and each shell shows it in its own way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import cast

from ..engine import Decision
from ..engine.decision import Answer
from ..engine.view import PlayerView, RequestView


@dataclass(frozen=True)
class Draft:
    build: tuple[str, ...] = ()
    discover: tuple[tuple[str, str], ...] = ()
    answers: tuple[tuple[str, str], ...] = ()
    displaced: tuple[tuple[str, str], ...] = ()
    """Answers a commit replaced, given back if the request is taken out of the plan again
    (a double click on Add must not silently clear a "Not now")."""

    def answer_for(self, rid: str) -> str | None:
        return dict(self.answers).get(rid)


class Concern(Enum):
    """Why ending the round now might not be what the player meant."""

    OVERBOOKED = "overbooked"
    BROKEN_PROMISE = "broken_promise"
    REPLANNED_PROMISE = "replanned_promise"
    """A promise due this round answered instead of built: it costs trust (less with new
    evidence), and a re-dated one ("next") without new evidence counts as broken."""
    UNANSWERED = "unanswered"


@dataclass(frozen=True)
class Warning:
    concern: Concern
    titles: tuple[str, ...] = ()
    """The requests concerned, by title."""
    planned: int = 0
    capacity: int = 0


@dataclass(frozen=True)
class Commitment:
    """One line of the plan: a request built, or a discovery method run on one."""

    title: str
    points: int
    method: str | None = None
    """The discovery method's name, when this is discovery."""
    forced: bool = False


@dataclass(frozen=True)
class Review:
    """The plan as it will be played, and what the player may not have meant."""

    round: int
    round_name: str
    commitments: tuple[Commitment, ...]
    warnings: tuple[Warning, ...]


class Impossible(Exception):
    """A plan action that cannot be done; the message says why, in the player's words."""


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

    @contextmanager
    def one_step(self) -> Iterator[None]:
        """Plan changes made inside are one step of undo (a typed `b 3 4`, or `b 4 4`, which
        adds and takes out again): undo goes back to the plan before them all, and changes that
        leave the plan as it was record no step and keep what redo had."""
        before, depth, redo = self.draft, len(self.undo_stack), list(self.redo_stack)
        try:
            yield
        finally:
            del self.undo_stack[depth:]
            if self.draft != before:
                self.undo_stack.append(before)
            else:
                self.redo_stack[:] = redo

    def undo(self) -> None:
        if not self.undo_stack:
            raise Impossible("nothing to undo")
        self.redo_stack.append(self.draft)
        self.draft = self.undo_stack.pop()

    def redo(self) -> None:
        if not self.redo_stack:
            raise Impossible("nothing to redo")
        self.undo_stack.append(self.draft)
        self.draft = self.redo_stack.pop()

    def _workable(self, rid: str) -> RequestView:
        request = self.view.request(rid)
        if request.forced:
            raise Impossible(f"'{request.title}' was forced into this {self.view.round_name}; "
                             "it stays")
        if all(r.id != rid for r in self.view.open_requests):
            raise Impossible(f"'{request.title}' is {request.status}")
        return request

    def commit(self, rid: str) -> str:
        """Put a request in this round's plan; returns what to tell the player (that an
        answer it had was set aside, to come back if the request is taken out again)."""
        request = self._workable(rid)
        if rid in self.draft.build:
            return ""
        if request.locked_by:
            names = ", ".join(r.title for r in self.view.requests if r.id in request.locked_by)
            raise Impossible(f"'{request.title}' needs {names or 'another request'} "
                             "shipped first")
        answers = tuple(a for a in self.draft.answers if a[0] != rid)
        had = self.draft.answer_for(rid)
        displaced = tuple(a for a in self.draft.displaced if a[0] != rid)
        if had is not None:
            displaced = (*displaced, (rid, had))
        self._change(replace(self.draft, build=(*self.draft.build, rid), answers=answers,
                             displaced=displaced))
        if had is None:
            return ""
        label = had.replace("_", " ")
        return f"In the plan instead of '{label}' (taking it out again gives that answer back)"

    def uncommit(self, rid: str) -> None:
        """Take a request out of the plan; an answer its commit replaced comes back."""
        self._workable(rid)
        if rid not in self.draft.build:
            return
        back = dict(self.draft.displaced).get(rid)
        answers = self.draft.answers if back is None else (*self.draft.answers, (rid, back))
        self._change(replace(
            self.draft, build=tuple(b for b in self.draft.build if b != rid), answers=answers,
            displaced=tuple(a for a in self.draft.displaced if a[0] != rid)))

    def discover(self, rid: str, method: str, run: bool = True) -> None:
        """Plan a discovery method on a request (`run`), or take it out of the plan."""
        request = self.view.request(rid)
        if method not in {m.id for m in self.view.methods}:
            raise Impossible(f"there is no discovery method '{method}'")
        pair = (rid, method)
        if not run:
            self._change(replace(self.draft,
                                 discover=tuple(p for p in self.draft.discover if p != pair)))
            return
        if method not in request.discovery_left:
            raise Impossible(f"that method has already been run on '{request.title}'")
        if pair not in self.draft.discover:
            self._change(replace(self.draft, discover=(*self.draft.discover, pair)))

    def answer(self, rid: str, answer: str | None) -> None:
        """Answer a request instead of building it (None takes the answer back)."""
        request = self.view.request(rid)
        if request.forced:
            raise Impossible(f"'{request.title}' was forced into this {self.view.round_name}")
        if answer == "next":
            self._check_not_sooner(request)
        answers = tuple(a for a in self.draft.answers if a[0] != rid)
        if answer is not None:
            answers = (*answers, (rid, answer))
        build = tuple(b for b in self.draft.build if b != rid)
        displaced = tuple(a for a in self.draft.displaced if a[0] != rid)
        self._change(replace(self.draft, answers=answers, build=build, displaced=displaced))

    def _check_not_sooner(self, request: RequestView) -> None:
        """'Next' on a request already promised for a later round than the next would bring
        the promise forward, which no answer does: the promise stands until its round."""
        due, now, unit = request.promised_for, self.view.round, self.view.round_name
        if due is None or due <= now + 1:
            return
        raise Impossible(
            f"'{request.title}' is already promised for {unit} {due}: 'next' cannot bring the "
            f"promise forward to {unit} {now + 1}. Build it by {unit} {due} to keep it, or "
            "answer later, not now or no to take it back")

    @property
    def planned(self) -> int:
        """Points the draft asks for, by estimate: forced work, builds and discovery."""
        view = self.view
        total = sum(r.remaining_estimate for r in view.open_requests if r.forced)
        total += sum(view.request(rid).remaining_estimate for rid in self.draft.build)
        costs = {m.id: m.cost for m in view.methods}
        return total + sum(costs[m] for _, m in self.draft.discover)

    def committed(self, rid: str) -> bool:
        """Whether the request is in this round's plan (forced work always is)."""
        return rid in self.draft.build or self.view.request(rid).forced

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

    def replanned_promises(self) -> list[str]:
        """Requests promised for this round that the draft answers instead of building."""
        answered = {rid for rid, _ in self.draft.answers}
        return [r.id for r in self.view.open_requests
                if r.promised_for == self.view.round and r.id in answered and not r.forced]

    def warnings(self) -> tuple[Warning, ...]:
        v = self.view
        out: list[Warning] = []
        if self.planned > v.capacity:
            out.append(Warning(Concern.OVERBOOKED, planned=self.planned, capacity=v.capacity))
        out += [Warning(Concern.BROKEN_PROMISE, (v.request(rid).title,))
                for rid in self.broken_promises()]
        out += [Warning(Concern.REPLANNED_PROMISE, (v.request(rid).title,))
                for rid in self.replanned_promises()]
        silent = tuple(v.request(rid).title for rid in self.unanswered())
        if silent:
            out.append(Warning(Concern.UNANSWERED, silent))
        return tuple(out)

    def review(self) -> Review:
        v = self.view
        forced = [r for r in v.open_requests if r.forced]
        built = [*forced, *(v.request(rid) for rid in self.draft.build)]
        lines = [Commitment(r.title, r.remaining_estimate, forced=r.forced) for r in built]
        methods = {m.id: m for m in v.methods}
        lines += [Commitment(v.request(rid).title, methods[m].cost, methods[m].name)
                  for rid, m in self.draft.discover]
        return Review(v.round, v.round_name, tuple(lines), self.warnings())

    def decision(self) -> Decision:
        answers = cast(dict[str, Answer], dict(self.draft.answers))
        return Decision(self.draft.build, self.draft.discover, answers)
