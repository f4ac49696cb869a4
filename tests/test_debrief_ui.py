"""The coaching debrief in the window, headless: it keeps drawing while the analysis runs, shows
the lessons, the principles, the worths and the plans once done, and after a what-if sets the
first game beside the new one with a banner while replaying."""

from __future__ import annotations

import re
import time

import pygame

from pmsim.analysis.policies import play_named
from pmsim.analysis.sidebyside import differing
from pmsim.catalog import load
from pmsim.engine import Decision
from pmsim.play.lines import Line
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.scenes.debrief import PROGRESS, SIDE, DebriefScene
from pmsim.ui.scenes.results import ResultsScene


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def finished(app: App, name: str = "tutorial", seed: int = 5) -> GameSession:
    scenario = load(name).scenario
    assert scenario is not None
    session = GameSession.start(scenario, name, seed, app.save_dir)
    while not session.game.over:
        session.end_round()
    return session


def texts(scene: DebriefScene) -> list[str]:
    return [b.text for b in scene.blocks() if isinstance(b, Line)]


def test_the_window_keeps_drawing_while_the_debrief_is_worked_out(app) -> None:
    session = finished(app, "techdebt", 3)  # 12 rounds: the longest analysis
    session.game = play_named(session.scenario, 3, "rice")  # a game with many decisions
    app.reset(DebriefScene(app, session, samples=10))
    scene = app.top
    assert PROGRESS in scene.blocks(), "a progress bar stands in for the coaching"
    frames = 0
    shares = []
    start = time.monotonic()
    while scene.job is not None and time.monotonic() - start < 120:
        app.theme.records.clear()
        app.step([], dt=1 / 60)  # update() says it animates, so every step draws a frame
        frames += 1
        if scene.job is not None:
            shares.append(scene.job.share)
            assert any("%" in r.text for r in app.theme.records), "the progress is drawn"
        time.sleep(0.01)
    assert scene.coaching is not None, scene.error
    assert frames >= 5, "frames were drawn while the analysis ran"
    assert shares == sorted(shares) and shares[-1] > 0, "the share done only grows"
    lines = texts(scene)
    assert "What your decisions were worth" in lines
    worths = [t for t in lines if re.match(r"[+-]\d+\.\d points: (Building|Running|Answering)", t)]
    assert 1 <= len(worths) <= 6, "the three that helped most and the three that cost most"
    assert any(t.startswith("Evidence (no hindsight):") for t in lines)
    assert any(t.startswith("Optimal (hindsight):") for t in lines)


def test_the_principles_and_lessons_show_at_once(app) -> None:
    session = finished(app)
    app.reset(DebriefScene(app, session, samples=3))
    lines = texts(app.top)
    assert "The seven principles, scored from your decisions" in lines
    for name in ("Prioritization", "Discovery", "Influence", "Balance", "Roadmap", "Outcomes",
                 "Voice of the customer"):
        assert any(t.startswith(f"{name}: ") and " of 100. " in t for t in lines), name
    # this game (end every round with an empty plan) never tests a claim
    assert any(t.startswith("Next time (discovery): You never ran discovery") for t in lines)
    app.top.wait(60)


def test_a_broken_promise_is_named_in_the_debrief(app) -> None:
    session = finished(app)  # the inherited online-deposits promise is never kept
    app.reset(DebriefScene(app, session, samples=3))
    assert any(t.startswith("Next time (roadmap): You broke the online-deposits promise")
               for t in texts(app.top))
    app.top.wait(60)


def test_what_if_shows_a_banner_and_ends_side_by_side(app) -> None:
    session = finished(app)
    first = session.game
    app.reset(DebriefScene(app, session, samples=3))
    app.top.what_if()
    app.step([key(pygame.K_DOWN), key(pygame.K_RETURN)])  # "Replay from sprint 2"
    board = app.top
    assert isinstance(board, BoardScene)
    app.theme.records.clear()
    board.draw(pygame.Surface(app.size))
    assert any(r.text.startswith("What if: from sprint 2") for r in app.theme.records)
    # play round 2 differently: build the bug fix this time
    from pmsim.engine import play_round

    assert session.what_if is not None and session.what_if.original is first
    game, report = play_round(session.game, Decision(build=("double-booking",)))
    session.game = game
    session.last_report = report
    results = ResultsScene(app, session, report)
    assert "what if, from sprint 2" in results.heading
    while not session.game.over:
        session.end_round()
    app.reset(DebriefScene(app, session, samples=3))
    scene = app.top
    assert scene.blocks()[0] == SIDE
    diffs = differing(first, session.game)
    lines = texts(scene)
    assert f"The decisions that differ ({len(diffs)}):" in lines
    assert any("built Fix double bookings after the clock change this time" in t for t in lines)
    worth = scene.side.after - scene.side.before
    assert any(f"the difference was worth {worth:+.1f} points" in t for t in lines)
    scene.wait(60)


def test_the_what_if_lists_exactly_the_decisions_that_differ() -> None:
    from pmsim.engine import new_game, play_round

    scenario = load("tutorial").scenario
    assert scenario is not None
    first = play_named(scenario, 4, "evidence")
    game = new_game(scenario, 4)
    game, _ = play_round(game, first.decisions[0])
    waiting = sorted(rid for rid, state in game.status.items()
                     if state in ("open", "active") and rid not in game.forced)
    changed = Decision(answers={waiting[0]: "no"})  # build nothing, say no to one request
    game, _ = play_round(game, changed)
    game, _ = play_round(game, first.decisions[2]) if not _refused(game, first.decisions[2]) \
        else play_round(game, Decision())
    found = differing(first, game)
    expected = set()
    before_a, before_b = new_game(scenario, 4), new_game(scenario, 4)
    for k, (a, b) in enumerate(zip(first.decisions, game.decisions, strict=True), start=1):
        expected |= {(k, r, act) for r, act, _ in _parts(a, before_a) ^ _parts(b, before_b)}
        before_a, _ = play_round(before_a, a)
        before_b, _ = play_round(before_b, b)
    assert {(d.round, d.request, d.action) for d in found} == expected
    assert all(d.before != d.after for d in found)
    assert found and all(d.round >= 2 for d in found)


def _parts(d: Decision, before) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """The decision's parts; an answer that repeats the standing one (and is no new date for
    a promise falling due) is not a decision."""

    def repeated(r: str, x: str) -> bool:
        due = before.promises.get(r)
        return before.answers.get(r) == x and not (due is not None and due <= before.round)

    return ({(r, "build", "built") for r in d.build} | {(r, "discover", m) for r, m in d.discover}
            | {(r, "answer", x) for r, x in d.answers.items() if not repeated(r, x)})


def _refused(game, decision) -> bool:  # type: ignore[no-untyped-def]
    from pmsim.engine import check

    return bool(check(game, decision))


def test_repeating_a_standing_answer_is_no_difference() -> None:
    from pmsim.engine import new_game, play_round

    scenario = load("tutorial").scenario
    assert scenario is not None
    quiet, chatty = new_game(scenario, 2), new_game(scenario, 2)
    quiet, _ = play_round(quiet, Decision(answers={"gift-vouchers": "later"}))
    chatty, _ = play_round(chatty, Decision(answers={"gift-vouchers": "later"}))
    quiet, _ = play_round(quiet, Decision())
    chatty, _ = play_round(chatty, Decision(answers={"gift-vouchers": "later"}))  # the same
    assert differing(quiet, chatty) == ()
    other, _ = play_round(new_game(scenario, 2), Decision(answers={"gift-vouchers": "no"}))
    other, _ = play_round(other, Decision())
    assert [(d.round, d.request, d.before, d.after) for d in differing(quiet, other)] == [
        (1, "gift-vouchers", "later", "no")]
