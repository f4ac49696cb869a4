"""Drafting a plan: commit, discover, answer, undo and redo, and the end-of-round warnings,
all through the typed plan actions every shell uses."""

from __future__ import annotations

import pytest

from pmsim.catalog import load
from pmsim.engine import new_game, play_round, view
from pmsim.play.actions import (
    Answer,
    Commit,
    Discover,
    PlaceOnRoadmap,
    Redo,
    Uncommit,
    Undo,
    apply,
    toggle_answer,
    toggle_commit,
)
from pmsim.play.planner import Concern, Impossible, Planner


@pytest.fixture
def planner() -> Planner:
    return Planner.for_view(view(new_game(load("tutorial").scenario, 1)))


def test_commit_updates_planned_points_and_undo_redo(planner) -> None:
    assert planner.planned == 0
    apply(planner, Commit("double-booking"))
    assert planner.planned == planner.view.request("double-booking").estimate
    apply(planner, Commit("db-upgrade"))
    both = planner.planned
    assert apply(planner, Undo()) == "undone" and planner.draft.build == ("double-booking",)
    assert apply(planner, Redo()) == "redone" and planner.planned == both
    with pytest.raises(Impossible, match="nothing to redo"):
        apply(planner, Redo())
    apply(planner, toggle_commit(planner, "double-booking"))  # take it off again
    assert planner.draft.build == ("db-upgrade",)


def test_a_new_change_clears_redo(planner) -> None:
    apply(planner, Commit("double-booking"))
    apply(planner, Undo())
    apply(planner, Commit("db-upgrade"))
    with pytest.raises(Impossible):
        apply(planner, Redo())


def test_changes_made_as_one_step_are_undone_at_once(planner) -> None:
    """A typed `b 2 3` is one step of undo; `b 4 4` (in, then out again) is none, and what
    redo had is kept."""
    with planner.one_step():
        apply(planner, Commit("double-booking"))
        apply(planner, Commit("db-upgrade"))
    assert len(planner.undo_stack) == 1
    apply(planner, Undo())
    assert planner.draft.build == ()
    with planner.one_step():
        apply(planner, toggle_commit(planner, "db-upgrade"))
        apply(planner, toggle_commit(planner, "db-upgrade"))
    assert planner.undo_stack == [] and planner.draft.build == ()
    apply(planner, Redo())  # the step undone before is still there to redo
    assert planner.draft.build == ("double-booking", "db-upgrade")
    with planner.one_step():
        pass
    assert len(planner.undo_stack) == 1


def test_an_impossible_action_changes_nothing(planner) -> None:
    before = planner.draft
    with pytest.raises(Impossible):
        apply(planner, Discover("branded-app", "no-such-method"))
    with pytest.raises(Impossible):
        apply(planner, PlaceOnRoadmap("branded-app", "someday"))
    with pytest.raises(Impossible):
        apply(planner, Undo())
    assert planner.draft == before and not planner.undo_stack


def test_locked_requests_cannot_be_committed() -> None:
    game = new_game(load("tutorial").scenario, 1)
    game, _ = play_round(game, Planner.for_view(view(game)).decision())
    planner = Planner.for_view(view(game))
    locked = [r for r in planner.view.open_requests if r.locked_by]
    assert locked, "deposit refunds arrive in round 2, locked behind online deposits"
    with pytest.raises(Impossible, match="shipped first"):
        apply(planner, Commit(locked[0].id))
    assert locked[0].id not in planner.draft.build
    needs = planner.view.request(locked[0].locked_by[0]).title
    with pytest.raises(Impossible, match=needs):
        apply(planner, Commit(locked[0].id))


def test_discovery_costs_capacity_and_answers_replace_builds(planner) -> None:
    method = planner.view.methods[0]
    apply(planner, Discover("branded-app", method.id))
    assert planner.planned == method.cost
    apply(planner, Commit("double-booking"))
    apply(planner, Answer("double-booking", "later"))
    assert "double-booking" not in planner.draft.build
    assert planner.draft.answer_for("double-booking") == "later"
    decision = planner.decision()
    assert decision.discover == (("branded-app", method.id),)
    assert decision.answers == {"double-booking": "later"}
    apply(planner, toggle_answer(planner, "double-booking", "later"))
    assert planner.draft.answer_for("double-booking") is None


def test_dropping_on_lanes_commits_or_answers(planner) -> None:
    apply(planner, PlaceOnRoadmap("double-booking", "now"))
    assert planner.draft.build == ("double-booking",)
    apply(planner, PlaceOnRoadmap("double-booking", "next"))
    assert planner.draft.answer_for("double-booking") == "next"
    assert planner.draft.build == ()
    apply(planner, Uncommit("db-upgrade"))  # not committed: nothing changes, nothing to undo
    assert len(planner.undo_stack) == 2


def test_warnings_for_silence_and_broken_promises(planner) -> None:
    promised = [r.id for r in planner.view.open_requests if r.promised_for == 1]
    assert promised, "the tutorial inherits a promise for round 1"
    assert planner.broken_promises() == promised
    assert set(planner.unanswered()) >= {"double-booking"}
    concerns = [w.concern for w in planner.review().warnings]
    assert Concern.BROKEN_PROMISE in concerns and Concern.UNANSWERED in concerns
    apply(planner, Commit(promised[0]))
    assert planner.broken_promises() == []
    assert Concern.BROKEN_PROMISE not in [w.concern for w in planner.warnings()]


def test_review_lists_forced_work_builds_and_discovery(planner) -> None:
    method = planner.view.methods[0]
    apply(planner, Commit("double-booking"))
    apply(planner, Discover("branded-app", method.id))
    review = planner.review()
    titles = [c.title for c in review.commitments]
    assert planner.view.request("double-booking").title in titles
    assert [c.method for c in review.commitments if c.method] == [method.name]


def test_unfinished_work_is_carried_into_the_next_plan() -> None:
    scenario = load("tutorial").scenario
    game = new_game(scenario, 1)
    planner = Planner.for_view(view(game))
    for rid in ("branded-app", "online-deposits", "db-upgrade"):
        apply(planner, Commit(rid))
    game, report = play_round(game, planner.decision())
    spilled = [w.request for w in report.work if w.outcome == "spilled"]
    nxt = Planner.for_view(view(game))
    assert list(nxt.draft.build) == spilled
