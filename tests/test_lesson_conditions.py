"""Lesson conditions about what went wrong or was missed: promises broken, plans beyond
capacity, discovery never used, evidence ignored, a pillar neglected, and the difference
between 'shipped', 'shipped on time' and 'shipped by choice'."""

from __future__ import annotations

import pytest
from conftest import load_text

from pmsim.engine import Decision, debrief, new_game, play_round
from pmsim.engine.conditions import flagged, holds, tally
from pmsim.scenario import models as m

SMALL = """\
format: 2
id: small
title: Small
summary: A small scenario for lesson conditions.
briefing: You are the PM.
rounds: 3
capacity: 6
stakeholders:
  - id: ana
    name: Ana
    role: Head of Sales
    trust: 70
    influence: 5
  - id: bo
    name: Bo
    role: Support
requests:
  - id: trap
    title: The trap
    asked_by: ana
    pitch: It brings {revenue} dollars.
    estimate: 3
    cost: [3, 3]
    claims: [revenue]
    impact: {revenue: [-1000, -900]}
  - id: report
    title: The report
    asked_by: bo
    pitch: Customers need it.
    estimate: 4
    cost: [4, 4]
    deadline: 1
    impact: {satisfaction: [2, 3]}
discovery:
  - id: data
    name: Check the data
    cost: 1
    precision: 0
events:
  - id: push
    title: Leadership pushes the report
    message: The report goes in now.
    round: 3
    effects: {force_requests: [report]}
lessons:
  - id: broken
    principle: roadmap
    kind: mistake
    text: A promise broken.
    when: {count: promises_broken, above: 0}
  - principle: roadmap
    text: On time.
    when: {shipped_on_time: report}
"""


def small() -> m.Scenario:
    result = load_text(SMALL)
    assert result.scenario is not None, result.render()
    return result.scenario


def cond(data: dict[str, object]) -> object:
    return m.Lesson.model_validate({"principle": "roadmap", "text": "x", "when": data}).when


def play(scenario: m.Scenario, *decisions: Decision):  # type: ignore[no-untyped-def]
    game = new_game(scenario, 1)
    for decision in decisions:
        game, _ = play_round(game, decision)
    return game


def test_a_broken_promise_gets_the_broken_promise_lesson() -> None:
    scenario = small()
    game = play(scenario, Decision(answers={"trap": "next"}), Decision(), Decision())
    assert tally(game, "promises_broken") == 1
    assert holds(cond({"broke_promise": "trap"}), game)
    lessons = {lesson.id: lesson for lesson in debrief(game).lessons}
    assert lessons["broken"].kind == "mistake"
    kept = play(scenario, Decision(answers={"trap": "next"}), Decision(build=("trap",)),
                Decision())
    assert tally(kept, "promises_broken") == 0 and tally(kept, "promises_kept") == 1
    assert "broken" not in {lesson.id for lesson in debrief(kept).lessons}


def test_forced_in_late_is_shipped_but_neither_on_time_nor_by_choice() -> None:
    game = play(small(), Decision(), Decision(), Decision())
    assert game.shipped_in["report"] == 3  # the event forced it in, after its deadline
    assert holds(cond({"shipped": "report"}), game)
    assert not holds(cond({"shipped_on_time": "report"}), game)
    assert not holds(cond({"shipped_by_choice": "report"}), game)
    assert "On time." not in [lesson.text for lesson in debrief(game).lessons]
    chosen = play(small(), Decision(build=("report",)), Decision(), Decision())
    assert holds(cond({"shipped_on_time": "report"}), chosen)
    assert holds(cond({"shipped_by_choice": "report"}), chosen)


def test_overbooked_rounds_and_discovery_runs_are_counted() -> None:
    game = play(small(), Decision(build=("trap", "report"), discover=(("trap", "data"),)),
                Decision(), Decision())
    assert tally(game, "overbooked_rounds") == 1  # 3 + 4 + 1 points asked of 6
    assert tally(game, "discovery_runs") == 1
    assert holds(cond({"count": "discovery_runs", "above": 0}), game)
    idle = play(small(), Decision(), Decision(), Decision())
    assert tally(idle, "overbooked_rounds") == 0
    assert holds(cond({"count": "discovery_runs", "below": 1}), idle)


def test_building_what_discovery_flagged_is_counted() -> None:
    scenario = small()
    tested = play(scenario, Decision(discover=(("trap", "data"),)))
    assert flagged(tested, "trap")  # the exact finding shows a loss
    built, _ = play_round(tested, Decision(build=("trap",)))
    assert tally(built, "flagged_built") == 1
    blind = play(scenario, Decision(build=("trap",)))
    assert not flagged(blind, "trap") and tally(blind, "flagged_built") == 0


@pytest.mark.parametrize("pillar", ["customer", "business", "technology", "trust"])
def test_a_pillar_condition_reads_the_score(pillar: str) -> None:
    from pmsim.engine import score

    game = play(small(), Decision(build=("trap",)), Decision(), Decision())
    value = score(game).pillars[pillar]
    assert holds(cond({"pillar": pillar, "below": value + 0.01}), game)
    assert not holds(cond({"pillar": pillar, "below": value - 0.01}), game)


def test_lessons_have_ids_and_mistakes_come_first() -> None:
    game = play(small(), Decision(answers={"trap": "next"}), Decision(build=("report",)),
                Decision())
    found = debrief(game).lessons
    assert [lesson.kind for lesson in found] == sorted(
        (lesson.kind for lesson in found), key=lambda kind: kind != "mistake")
    assert found[0].id == "broken"


def test_unknown_request_in_a_new_condition_is_located() -> None:
    text = SMALL.replace("{shipped_on_time: report}", "{shipped_on_time: reprot}")
    result = load_text(text)
    assert result.scenario is None
    assert "reprot" in result.render()
