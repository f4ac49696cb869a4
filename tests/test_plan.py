"""Drafting a plan: commit, discover, answer, undo and redo, and the end-of-round warnings."""

from __future__ import annotations

import pytest

from pmsim.catalog import load
from pmsim.engine import new_game, play_round, view
from pmsim.plan import Planner


@pytest.fixture
def planner() -> Planner:
    return Planner.for_view(view(new_game(load("tutorial").scenario, 1)))


def test_commit_updates_planned_points_and_undo_redo(planner) -> None:
    assert planner.planned == 0
    assert planner.toggle_build("double-booking") is None
    assert planner.planned == planner.view.request("double-booking").estimate
    assert planner.toggle_build("db-upgrade") is None
    both = planner.planned
    assert planner.undo() and planner.draft.build == ("double-booking",)
    assert planner.redo() and planner.planned == both
    assert not planner.redo()
    planner.toggle_build("double-booking")  # take it off again
    assert planner.draft.build == ("db-upgrade",)


def test_a_new_change_clears_redo(planner) -> None:
    planner.toggle_build("double-booking")
    planner.undo()
    planner.toggle_build("db-upgrade")
    assert not planner.redo()


def test_locked_requests_cannot_be_committed() -> None:
    game = new_game(load("tutorial").scenario, 1)
    game, _ = play_round(game, Planner.for_view(view(game)).decision())
    planner = Planner.for_view(view(game))
    locked = [r for r in planner.view.open_requests if r.locked_by]
    assert locked, "deposit refunds arrive in round 2, locked behind online deposits"
    assert "shipped first" in (planner.toggle_build(locked[0].id) or "")
    assert locked[0].id not in planner.draft.build


def test_discovery_costs_capacity_and_answers_replace_builds(planner) -> None:
    method = planner.view.methods[0]
    planner.toggle_discovery("branded-app", method.id)
    assert planner.planned == method.cost
    planner.toggle_build("double-booking")
    planner.set_answer("double-booking", "later")
    assert "double-booking" not in planner.draft.build
    assert planner.draft.answer_for("double-booking") == "later"
    decision = planner.decision()
    assert decision.discover == (("branded-app", method.id),)
    assert decision.answers == {"double-booking": "later"}


def test_warnings_for_silence_and_broken_promises(planner) -> None:
    promised = [r.id for r in planner.view.open_requests if r.promised_for == 1]
    assert promised, "the tutorial inherits a promise for round 1"
    assert planner.broken_promises() == promised
    assert set(planner.unanswered()) >= {"double-booking"}
    planner.toggle_build(promised[0])
    assert planner.broken_promises() == []


def test_unfinished_work_is_carried_into_the_next_plan() -> None:
    scenario = load("tutorial").scenario
    game = new_game(scenario, 1)
    planner = Planner.for_view(view(game))
    for rid in ("branded-app", "online-deposits", "db-upgrade"):
        planner.toggle_build(rid)
    game, report = play_round(game, planner.decision())
    spilled = [w.request for w in report.work if w.outcome == "spilled"]
    nxt = Planner.for_view(view(game))
    assert list(nxt.draft.build) == spilled
