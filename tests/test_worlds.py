"""Worlds (format 3): which request pays can change from one game to the next.

A scenario states ways the world might be, with chances; requests' `impact_in` says what they
are worth in each. The world is drawn from the seed, hidden from the player, shown in the
debrief; claims and findings follow it, so evidence can tell the worlds apart and a memorised
order of request ids cannot.
"""

from __future__ import annotations

import random
from collections import Counter
from statistics import mean

import pytest

from pmsim import engine
from pmsim.analysis.naive import REPLAYED_SEEDS, panel, replayed_worth
from pmsim.analysis.posterior import redraw
from pmsim.analysis.signals import true_points
from pmsim.engine import Decision
from pmsim.engine.truth import draw
from pmsim.play.debrief_lines import lesson_lines
from tests.conftest import load_text

WORLDS = """\
format: 3
id: worlds
title: Worlds
summary: Two ways the market might be.
briefing: You are the PM.
rounds: 3
capacity: 6
stakeholders:
  - id: ann
    name: Ann
    role: Sales
    optimism: [1, 1]
  - id: bo
    name: Bo
    role: Support
worlds:
  - id: zebra-price
    title: Buyers chose on price
    chance: {chance}
    story: A price test would have shown it.
  - id: zebra-speed
    title: Buyers chose on speed
    chance: {rest}
requests:
  - id: discount
    title: Discount plan
    asked_by: ann
    pitch: "It brings {{revenue}}."
    estimate: 3
    uncertainty: 0
    claims: [revenue]
    impact: {{revenue: [-500, 0]}}
    impact_in:
      zebra-price: {{revenue: [2000, 3000]}}
  - id: fast-path
    title: Fast checkout
    asked_by: ann
    pitch: "Faster."
    estimate: 3
    impact: {{satisfaction: [4, 6]}}
    impact_in:
      zebra-price: {{satisfaction: [-1, 0]}}
  - id: bug
    title: Bug
    asked_by: bo
    pitch: Fix it.
    estimate: 2
    impact: {{satisfaction: [1, 2]}}
    neglect: {{satisfaction: [-1, -0.5]}}
    neglect_in:
      zebra-speed: {{satisfaction: [-4, -3]}}
discovery:
  - id: data
    name: Data
    cost: 1
    precision: 0
lessons:
  - principle: discovery
    when: {{world: zebra-price}}
    text: Price mattered most.
"""


def worlds(chance: float = 0.5, text: str = WORLDS):
    result = load_text(text.format(chance=chance, rest=round(1 - chance, 2)))
    assert result.ok, result.render()
    return result.scenario


def test_each_game_is_played_in_one_world_drawn_by_its_chance() -> None:
    scenario = worlds(chance=0.25)
    seen = Counter(draw(scenario, seed).world for seed in range(800))
    assert set(seen) == {"zebra-price", "zebra-speed"}
    assert seen["zebra-price"] / 800 == pytest.approx(0.25, abs=0.05)


def test_the_world_decides_the_range_each_impact_is_drawn_from() -> None:
    scenario = worlds()
    for seed in range(40):
        truth = draw(scenario, seed)
        discount = truth.impact["discount"]["revenue"]
        if truth.world == "zebra-price":
            assert 2000 <= discount <= 3000 and truth.impact["fast-path"]["satisfaction"] <= 0
        else:
            assert -500 <= discount <= 0 and truth.impact["fast-path"]["satisfaction"] >= 4
        assert 1 <= truth.impact["bug"]["satisfaction"] <= 2  # no impact_in: the same range
        waiting = truth.neglect["bug"]["satisfaction"]
        assert (-4 <= waiting <= -3) if truth.world == "zebra-speed" else (-1 <= waiting <= -0.5)


def test_claims_follow_what_the_asker_believes_and_findings_do_not_give_the_world_away(
) -> None:
    scenario = worlds()
    truths = [draw(scenario, seed) for seed in range(120)]
    by_belief = {w: [t for t in truths if t.belief["ann"] == w]
                 for w in ("zebra-price", "zebra-speed")}
    price = mean(t.claims["discount"]["revenue"] for t in by_belief["zebra-price"])
    speed = mean(t.claims["discount"]["revenue"] for t in by_belief["zebra-speed"])
    assert price > 3 * speed  # the pitch is the impact in the world the asker believes in
    shapes = {tuple(sorted(t.findings[("fast-path", "data")])) for t in truths}
    assert shapes == {("satisfaction",)}  # the same metrics measured in every world


def test_a_pitch_is_drawn_from_the_impact_in_the_world_its_asker_believes_in() -> None:
    scenario = worlds()
    kinds = set()
    for seed in range(60):
        truth = draw(scenario, seed)
        believed = truth.believed["discount"]["revenue"]
        right = truth.belief["ann"] == truth.world
        kinds.add(right)
        if right:
            assert truth.believed["discount"] == truth.impact["discount"]
        else:  # the same place in the other world's range
            real = truth.impact["discount"]["revenue"]
            if truth.belief["ann"] == "zebra-price":  # real: [-500, 0]; believed: [2000, 3000]
                expected = 2000 + 1000 * (real + 500) / 500
            else:  # real: [2000, 3000]; believed: [-500, 0]
                expected = -500 + 500 * (real - 2000) / 1000
            assert believed == pytest.approx(expected, abs=0.05)
        assert truth.believed["bug"] == truth.impact["bug"]  # the same in every world
    assert kinds == {True, False}


@pytest.mark.parametrize("insight", [0.0, 0.3, 1.0])
def test_an_asker_is_right_about_the_world_as_often_as_their_insight_says(
        insight: float) -> None:
    stated = f"    optimism: [1, 1]\n    insight: {insight}\n"
    text = WORLDS.replace("    optimism: [1, 1]\n", stated)
    scenario = worlds(text=text)
    truths = [draw(scenario, seed) for seed in range(1000)]
    right = sum(t.belief["ann"] == t.world for t in truths) / len(truths)
    assert right == pytest.approx(insight + (1 - insight) * 0.5, abs=0.05)
    in_price = [t.claims["discount"]["revenue"] for t in truths if t.world == "zebra-price"]
    in_speed = [t.claims["discount"]["revenue"] for t in truths if t.world == "zebra-speed"]
    gap = mean(in_price) / mean(in_speed)
    if insight == 0:  # the pitches are the same whatever the world: they cannot tell it
        assert gap == pytest.approx(1, abs=0.15)
    else:
        assert gap > 1 + insight


def _without_worlds(text: str) -> str:
    """The same scenario with no worlds: no `worlds`, no `impact_in`, no world lesson."""
    head, rest = text.split("worlds:\n", 1)
    body = "requests:" + rest.split("\nrequests:", 1)[1]
    for line in ("    impact_in:\n      zebra-price: {revenue: [2000, 3000]}\n",
                 "    impact_in:\n      zebra-price: {satisfaction: [-1, 0]}\n",
                 "    neglect_in:\n      zebra-speed: {satisfaction: [-4, -3]}\n",
                 "    when: {world: zebra-price}\n"):
        assert line in body
        body = body.replace(line, "")
    return head + body


def test_stating_worlds_does_not_redraw_the_chance_events_or_the_askers() -> None:
    with_worlds = worlds()
    plain = load_text(_without_worlds(WORLDS.format(chance=0.5, rest=0.5)))
    assert plain.ok, plain.render()
    for seed in range(5):
        a, b = draw(with_worlds, seed), draw(plain.scenario, seed)
        assert b.world == "" and a.world
        assert a.event_rolls == b.event_rolls and a.escalation_rolls == b.escalation_rolls
        assert a.optimism == b.optimism and a.outage_rolls == b.outage_rolls
        assert engine.debrief(_play_out(plain.scenario, seed)).world is None


def _play_out(scenario, seed: int):
    game = engine.new_game(scenario, seed)
    while not game.over:
        game, _ = engine.play_round(game, Decision(build=(), answers={}))
    return game


def test_the_player_never_sees_the_world_and_the_debrief_reveals_it() -> None:
    scenario = worlds()
    seed = next(s for s in range(50) if draw(scenario, s).world == "zebra-price")
    game = engine.new_game(scenario, seed)
    shown = repr(engine.view(game))
    assert "zebra" not in shown and "chose on price" not in shown
    done = _play_out(scenario, seed)
    told = engine.debrief(done)
    assert told.world is not None and told.world.title == "Buyers chose on price"
    from pmsim.analysis.principles import principles

    words = " ".join(line.text for line in lesson_lines(told, principles(done)))
    assert "Buyers chose on price (a 50 % chance" in words
    assert "A price test would have shown it." in words


def test_the_debrief_says_whose_pitches_came_from_another_world() -> None:
    scenario = worlds()
    from pmsim.analysis.principles import principles

    seen = set()
    for seed in range(40):
        truth = draw(scenario, seed)
        done = _play_out(scenario, seed)
        told = engine.debrief(done)
        assert told.world is not None and [n for n, *_ in told.world.beliefs] == ["Ann", "Bo"]
        words = " ".join(line.text for line in lesson_lines(told, principles(done)))
        ann_wrong = truth.belief["ann"] != truth.world
        assert ("Pitched believing otherwise: Ann (believed: Buyers chose on" in words) == ann_wrong
        seen.add(ann_wrong)
    assert seen == {True, False}


def test_whose_hunch_was_right_is_told_by_world_id_even_when_titles_repeat() -> None:
    same = WORLDS.replace("title: Buyers chose on speed", "title: Buyers chose on price")
    scenario = worlds(text=same)
    from pmsim.analysis.principles import principles

    for seed in range(20):
        truth = draw(scenario, seed)
        done = _play_out(scenario, seed)
        words = " ".join(line.text for line in lesson_lines(engine.debrief(done),
                                                             principles(done)))
        wrong = [p for p in ("ann", "bo") if truth.belief[p] != truth.world]
        assert ("Pitched believing otherwise" in words) == bool(wrong)
        assert ("hunch about the market was right" in words) == (not wrong)


def test_a_lesson_can_name_the_world() -> None:
    scenario = worlds()
    for seed in range(12):
        texts = [lesson.text for lesson in engine.debrief(_play_out(scenario, seed)).lessons]
        assert ("Price mattered most." in texts) == (draw(scenario, seed).world == "zebra-price")


def _errors(text: str) -> list:
    return [d for d in load_text(text).diagnostics if d.severity == "error"]


def _base() -> str:
    return WORLDS.format(chance=0.5, rest=0.5)


def test_chances_that_do_not_add_up_to_one_are_one_located_error() -> None:
    text = _base().replace("chance: 0.5\n    story", "chance: 0.6\n    story")
    found = _errors(text)
    assert len(found) == 1 and "add up to 1.1" in found[0].message
    assert found[0].line == text.splitlines().index("worlds:") + 1


def test_insight_without_worlds_is_a_located_warning() -> None:
    text = _without_worlds(_base()).replace("    optimism: [1, 1]\n",
                                            "    optimism: [1, 1]\n    insight: 0.7\n")
    result = load_text(text)
    assert result.ok, result.render()
    (said,) = [d for d in result.diagnostics if d.severity == "warning"
               and "insight" in d.message]
    assert "no effect without two worlds" in said.message
    assert said.line == text.splitlines().index("    insight: 0.7") + 1
    assert not [d for d in load_text(WORLDS.format(chance=0.5, rest=0.5).replace(
        "    optimism: [1, 1]\n", "    optimism: [1, 1]\n    insight: 0.7\n")).diagnostics
        if "insight" in d.message]


def test_a_chance_written_as_a_percentage_is_one_error_not_two() -> None:
    text = _base().replace("chance: 0.5\n    story", "chance: 50\n    story")
    found = _errors(text)
    assert len(found) == 1 and "add up to" not in found[0].message, found
    assert found[0].line == text.splitlines().index("    chance: 50") + 1


def test_impact_in_an_unknown_world_suggests_the_right_one() -> None:
    text = _base().replace("      zebra-price: {satisfaction", "      zebra-prise: {satisfaction")
    (found,) = _errors(text)
    assert "there is no world 'zebra-prise'" in found.message
    assert found.hint == "did you mean 'zebra-price'?"
    assert found.line == text.splitlines().index("      zebra-prise: {satisfaction: [-1, 0]}") + 1


def test_impact_in_without_worlds_is_an_error_at_the_key() -> None:
    head, rest = _base().split("worlds:\n", 1)
    plain = head + "requests:" + rest.split("\nrequests:", 1)[1].replace(
        "    when: {world: zebra-price}\n", "")
    found = _errors(plain)
    assert [f.message for f in found] == [
        "'impact_in' names worlds, but the file states none"] * 2 + [
        "'neglect_in' names worlds, but the file states none"]


def test_neglect_in_an_unknown_world_is_located_too() -> None:
    text = _base().replace("      zebra-speed: {satisfaction: [-4, -3]}",
                           "      zebra-sped: {satisfaction: [-4, -3]}")
    (found,) = _errors(text)
    assert "there is no world 'zebra-sped'" in found.message
    assert found.line == text.splitlines().index("      zebra-sped: {satisfaction: [-4, -3]}") + 1


def test_worlds_in_a_format_2_file_say_to_write_format_3() -> None:
    (found,) = _errors(_base().replace("format: 3", "format: 2"))
    assert "new in format 3" in found.message and "format: 3" in (found.hint or "")


def test_an_event_cannot_wait_on_the_hidden_world() -> None:
    text = _base().replace("lessons:", "events:\n  - id: leak\n    title: Leak\n    message: M\n"
                           "    when: {not: {world: zebra-speed}}\nlessons:")
    (found,) = _errors(text)
    assert "an event cannot depend on the world" in found.message
    assert found.line == text.splitlines().index("    when: {not: {world: zebra-speed}}") + 1


def test_a_lesson_naming_an_unknown_world_is_an_error() -> None:
    (found,) = _errors(_base().replace("when: {world: zebra-price}", "when: {world: zebra}"))
    assert "there is no world 'zebra'" in found.message


def test_skill_versus_luck_redraws_the_world_from_what_the_player_saw() -> None:
    scenario = worlds()
    seed = next(s for s in range(50) if draw(scenario, s).world == "zebra-speed")
    blind = engine.new_game(scenario, seed)
    game, _ = engine.play_round(blind, Decision(discover=(("discount", "data"),), answers={}))
    rng = random.Random(7)
    told = Counter(redraw(game, rng).world for _ in range(200))
    assert told["zebra-speed"] == 200  # an exact reading of the discount rules the other out


def test_skill_versus_luck_weighs_each_askers_belief_by_their_insight() -> None:
    """With no evidence but the pitches, an asker who always knows the world makes the redraw
    follow their pitch; one who never does leaves it at the worlds' chances."""
    shares = {}
    for insight in (0.0, 1.0):
        stated = f"    optimism: [1, 1]\n    insight: {insight}\n"
        scenario = worlds(text=WORLDS.replace("    optimism: [1, 1]\n", stated))
        seed = next(s for s in range(50) if draw(scenario, s).belief["ann"] == "zebra-price"
                    and draw(scenario, s).world == "zebra-price")
        game = engine.new_game(scenario, seed)
        rng = random.Random(3)
        told = Counter(redraw(game, rng).world for _ in range(300))
        shares[insight] = told["zebra-price"] / 300
    assert shares[1.0] > 0.9
    assert shares[0.0] == pytest.approx(0.5, abs=0.1)


def test_a_replaying_player_learns_each_requests_mean_worth_per_point() -> None:
    scenario = worlds(chance=0.5)
    worth = replayed_worth(scenario)
    expected = mean(true_points(scenario, t, "discount") / t.cost["discount"]
                    for t in (draw(scenario, s) for s in REPLAYED_SEEDS))
    assert worth["discount"] == pytest.approx(expected)
    rules = panel(scenario)
    assert {"naive:replayed/later", "naive:replayed-winners/later"} <= set(rules)


def test_the_json_debrief_names_the_world() -> None:
    from pmsim.analysis.coach import as_dict, coach

    scenario = worlds()
    seed = next(s for s in range(50) if draw(scenario, s).world == "zebra-speed")
    told = as_dict(coach(_play_out(scenario, seed), samples=2))
    assert told["world"] == "zebra-speed"
    assert told["beliefs"] == draw(scenario, seed).belief and set(told["beliefs"]) == {"ann", "bo"}


def test_a_world_id_that_is_not_an_id_names_the_key_not_its_value() -> None:
    text = _base().replace("      zebra-price: {satisfaction", "      Zebra: {satisfaction")
    messages = [d.message for d in _errors(text)]
    assert any(m.startswith("'Zebra' in 'impact_in' of request 'fast-path' is not a valid id: ")
               for m in messages), messages
    assert not any("{'satisfaction'" in m for m in messages), messages


def test_a_huge_chance_is_written_short() -> None:
    text = _base().replace("chance: 0.5\n    story", "chance: 1e308\n    story")
    messages = " ".join(d.message for d in _errors(text))
    assert "at most 1, not 1e+308" in messages and "000000" not in messages


def test_a_missing_world_title_hint_is_one_line() -> None:
    text = _base().replace("    title: Buyers chose on price\n", "")
    (found,) = _errors(text)
    assert found.hint is not None and "\n" not in found.hint
    assert "e.g. 'Clinics chose on price this year'" in found.hint


def test_a_scenario_states_at_most_a_dozen_worlds() -> None:
    many = "".join(f"  - id: w{i}\n    title: W{i}\n    chance: 0.0625\n" for i in range(16))
    head, rest = _base().split("worlds:\n", 1)
    text = head + "worlds:\n" + many + "requests:" + rest.split("\nrequests:", 1)[1]
    text = text.replace("zebra-price", "w0").replace("zebra-speed", "w1")
    (found,) = _errors(text)
    assert "at most 12 items" in found.message


def test_the_honest_replayer_says_no_to_what_lost_and_promises_one_runner_up() -> None:
    text = _base().replace("capacity: 6", "capacity: 3").replace(
        "    impact: {satisfaction: [1, 2]}\n    neglect:",
        "    impact: {satisfaction: [-30, -20]}\n    neglect:")
    scenario = load_text(text).scenario
    assert scenario is not None
    rule = panel(scenario)["naive:replayed-winners/no-to-losers"]
    worth = replayed_worth(scenario)
    assert worth["bug"] < 0 < min(worth["discount"], worth["fast-path"])
    decision = rule.decide(engine.view(engine.new_game(scenario, 1)), random.Random(1))
    best = max(("discount", "fast-path"), key=lambda rid: worth[rid])
    other = ({"discount", "fast-path"} - {best}).pop()
    assert decision.build == (best,) and decision.discover == ()
    assert decision.answers == {"bug": "no", other: "next"}


def test_askers_who_all_know_the_world_are_a_located_warning() -> None:
    knowing = WORLDS.format(chance=0.5, rest=0.5).replace(
        "    optimism: [1, 1]\n", "    optimism: [1, 1]\n    insight: 0.95\n").replace(
        "    role: Support\n", "    role: Support\n    insight: 1\n")
    result = load_text(knowing)
    assert result.ok, result.render()
    (said,) = [d for d in result.diagnostics if "insight" in d.message]
    assert said.severity == "warning" and "tell the player which world" in said.message
    assert said.line == knowing.splitlines().index("    insight: 0.95") + 1
    # one asker of a request the worlds change who does not know: nothing to say
    unsure = knowing.replace("    insight: 1\n", "    insight: 0.5\n")
    assert not [d for d in load_text(unsure).diagnostics if "insight" in d.message]
