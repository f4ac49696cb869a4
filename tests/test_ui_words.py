"""Wording both shells share: names, plurals, each quote once, the last round, promises."""

from __future__ import annotations

import pytest
from conftest import load_text

from pmsim.catalog import load, resolve
from pmsim.engine import new_game, view
from pmsim.engine.report import Reaction, WorkItem
from pmsim.play.lines import _work_line, reaction_lines, review_lines, short_name
from pmsim.play.numbering import request_numbers
from pmsim.play.planner import Concern, Planner
from pmsim.terminal import render


@pytest.mark.parametrize("name, short", [
    ("Dr. Miriam Hale", "Dr. Hale"), ("Prof Ada Byron King", "Prof King"),
    ("Maya Okafor", "Maya"), ("Dr.", "Dr."), ("Cher", "Cher"), ("Drew Barry", "Drew"),
])
def test_short_names_never_leave_a_title_alone(name, short) -> None:
    assert short_name(name) == short


def hale_scenario():
    text = resolve("tutorial").read_text(encoding="utf-8").replace(
        "name: Maya Okafor", "name: Dr. Miriam Hale")
    scenario = load_text(text).scenario
    assert scenario is not None
    return scenario


def test_the_text_board_names_dr_hale_in_the_trust_line() -> None:
    game = new_game(hale_scenario(), 1)
    board = render.board(Planner.for_view(view(game)), request_numbers(game))
    trust = next(line for line in board.splitlines() if "Trust:" in line)
    assert "Dr. Hale" in trust and "Dr. " not in trust.replace("Dr. Hale", "")


def test_each_quote_is_said_once_with_what_it_was_about() -> None:
    said = [Reaction("maya", "Maya", "declined", rid, "I hear you.") for rid in "abc"]
    said.append(Reaction("maya", "Maya", "shipped", "d", "Thank you!"))
    lines = [line.text for line in reaction_lines(said, {"a": "A", "b": "B", "c": "C"})]
    assert lines == ["Maya: “I hear you.” (about A, B, C)", "Maya: “Thank you!”"]


def test_the_last_round_does_not_promise_a_next_one() -> None:
    item = WorkItem("x", "Export", "spilled", 1, None)
    assert "continues next sprint" in _work_line(item, "sprint").text
    last = _work_line(item, "sprint", last=True).text
    assert "next" not in last and "ended" in last and "1 point done" in last


def test_moving_a_promise_due_now_is_warned_about() -> None:
    planner = Planner.for_view(view(new_game(load("tutorial").scenario, 2)))
    promised = next(r.id for r in planner.view.open_requests
                    if r.promised_for == planner.view.round)
    warned = [w.concern for w in planner.warnings()]
    assert Concern.BROKEN_PROMISE in warned
    planner.answer(promised, "later")
    texts = [line.text for line in review_lines(planner.review())]
    assert any("was promised for this round" in t and "costs trust" in t for t in texts)
    planner.commit(promised)
    assert not any("promised" in line.text for line in review_lines(planner.review()))
