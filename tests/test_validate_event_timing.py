"""An event's timing as the format reference describes it (issue 14): an event with `round: N`
fires as round N begins, before the player plans it; its effects are in place for that plan,
and its news is reported with the results of round N-1 and is in round N's player view. An
event in round 1 fires before the first plan."""

from __future__ import annotations

from test_validate_mistakes import broken, check

from pmsim import engine

NEWS = "The board asks why patients are unhappy."


def _game(text: str) -> engine.Game:
    result = check(text)
    assert result.scenario is not None, result.render()
    return engine.new_game(result.scenario, seed=3)


def _always(round_number: int) -> str:
    """AUTHOR with the board review firing unconditionally in `round_number`, costing capacity
    (so that its effect on the plan can be seen) and Grace's trust."""
    text = broken("    round: 3\n    when:\n      all:\n        - metric: satisfaction\n"
                  "          below: 60\n", f"    round: {round_number}\n")
    return broken("      trust: {grace: -5}", "      trust: {grace: -5}\n      capacity: -3",
                  text)


def test_an_event_for_round_3_is_reported_with_round_2s_results_and_shapes_round_3() -> None:
    game = _game(_always(3))
    reports = []
    for _ in range(2):
        assert NEWS not in [n.message for n in engine.view(game).news]
        assert engine.view(game).capacity == 8
        game, report = engine.play_round(game, engine.Decision())
        reports.append(report)
    assert NEWS not in [n.message for n in reports[0].news]
    assert NEWS in [n.message for n in reports[1].news], "the results of round 2 carry it"
    view = engine.view(game)
    assert view.round == 3
    assert NEWS in [n.message for n in view.news], "and round 3's board"
    assert view.capacity == 5, "its effect is in place before round 3 is planned"


def test_an_event_for_round_1_fires_before_the_first_plan() -> None:
    game = _game(_always(1))
    view = engine.view(game)
    assert view.round == 1
    assert NEWS in [n.message for n in view.news]
    assert view.capacity == 5
