"""A workshop game's debrief offers no "What if…" or "Play again", in either shell: every round
played in a workshop goes to the host as the team's, so a replayed round 1 would be sent and
refused as a different decision, and the team's result is the game it played."""

from __future__ import annotations

from pmsim.catalog import load
from pmsim.play.session import GameSession
from pmsim.terminal.play import Session
from pmsim.ui.app import App
from pmsim.ui.scenes.debrief import DebriefScene


class _Link:
    """Stands in for the workshop link: the debrief only asks whether there is one."""


def _finished(app: App, link: object | None) -> GameSession:
    scenario = load("tutorial").scenario
    assert scenario is not None
    session = GameSession.start(scenario, "tutorial", 5, app.save_dir)
    while not session.game.over:
        session.end_round()
    session.link = link  # type: ignore[assignment]
    return session


def _labels(app: App, session: GameSession) -> list[str]:
    scene = DebriefScene(app, session, samples=4)
    app.reset(scene)
    app.step([])
    return [b.label for b in scene.buttons]


def test_the_window_offers_no_replay_in_a_workshop(app: App) -> None:
    assert _labels(app, _finished(app, None)) == ["Title screen", "What if…", "Play again"]
    workshop = _labels(app, _finished(app, _Link()))
    assert workshop == ["Title screen"]


def test_text_mode_offers_no_what_if_in_a_workshop(app: App) -> None:
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        return ""

    for link, offered in ((None, True), (_Link(), False)):
        asked.clear()
        session = _finished(app, link)
        text = Session.around(session, read=read, write=lambda _: None)
        assert text.what_if() is False
        assert any("What if?" in p for p in asked) is offered
