"""Both shells show what each discovery method measured, with this game's numbers, and the
debrief sets it beside the truth."""

from __future__ import annotations

from pmsim import engine
from pmsim.engine import Decision
from pmsim.play.debrief_lines import truth_lines
from pmsim.play.lines import report_lines, request_lines
from tests.test_engine_model import model


def _played():
    scenario = model(optimism=1.0, uncertainty=0.5, precision=0.2)
    game = engine.new_game(scenario, 3)
    game, report = engine.play_round(
        game, Decision(discover=(("big", "data"), ("big", "talk")),
                       answers={"bug": "later", "extra": "later"}))
    return game, report


def test_the_round_report_shows_the_filled_evidence_and_what_was_measured() -> None:
    game, report = _played()
    found = game.truth.findings[("big", "data")]["revenue"]
    texts = [line.text for line in report_lines(report, {"big": "Big deal"}, "sprint").work]
    assert f"Data on 'Big deal': The data says {found:,.0f}." in texts
    assert not any("{revenue}" in t for t in texts)
    assert any(t.strip().startswith("it measured revenue") for t in texts)


def test_a_request_shows_each_finding_and_their_combination() -> None:
    game, _ = _played()
    view = engine.view(game)
    texts = [line.text for line in request_lines(view.request("big"), view)]
    assert sum(t.strip().startswith("it measured") for t in texts) == 2
    assert any("findings together put the impact" in t for t in texts)


def test_the_debrief_sets_each_finding_beside_the_truth() -> None:
    game, _ = _played()
    while not game.over:
        game, _ = engine.play_round(game, Decision())
    texts = [line.text for line in truth_lines(engine.debrief(game), "sprint")]
    assert any(t.startswith("Data found revenue") for t in texts)
    assert any(t.startswith("Interviews found") for t in texts)


def test_small_changes_read_with_one_decimal_and_never_as_minus_zero() -> None:
    from pmsim.engine.labels import impact_words

    assert impact_words({"satisfaction": -0.3, "customers": 0.02, "revenue": 650.7}) == (
        "satisfaction -0.3, customers 0, revenue +651")
    assert impact_words({"tech_health": 5.0, "morale": -12.4}) == "tech health +5, morale -12"
