"""The pygame game, headless: real events posted to real scenes, and what they do and draw."""

from __future__ import annotations

import pygame

from pmsim.catalog import load
from pmsim.play.lines import Line
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.scenes.briefing import BriefingScene
from pmsim.ui.scenes.confirm import ConfirmScene
from pmsim.ui.scenes.debrief import DebriefScene
from pmsim.ui.scenes.pause import PauseScene
from pmsim.ui.scenes.picker import PickerScene
from pmsim.ui.scenes.results import ResultsScene
from pmsim.ui.scenes.settings import SettingsScene
from pmsim.ui.scenes.title import TitleScene


def key(k: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def click(pos: tuple[int, int]) -> list[pygame.event.Event]:
    return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)]


def board_for(app: App, seed: int = 3) -> BoardScene:
    scenario = load("tutorial").scenario
    session = GameSession.start(scenario, "tutorial", seed, app.save_dir)
    board = BoardScene(app, session)
    app.reset(board)
    app.step([])
    return board


def index_of(board: BoardScene, rid: str) -> int:
    return [r.id for r in board.cards].index(rid)


def test_title_keyboard_opens_the_picker_and_escape_quits(app) -> None:
    app.reset(TitleScene(app))
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, PickerScene)
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, TitleScene)
    app.step([key(pygame.K_ESCAPE)])
    assert not app.running


def test_continue_is_disabled_without_a_save(app) -> None:
    app.reset(TitleScene(app))
    assert not app.top.buttons[1].enabled


def test_clicking_a_cards_add_toggle_commits_it_and_updates_capacity(app) -> None:
    board = board_for(app)
    i = index_of(board, "double-booking")
    toggle = board.toggle_rect(board.card_rect(i))
    before = board.planner.planned
    app.step(click(toggle.center))
    assert "double-booking" in board.planner.draft.build
    assert board.planner.planned == before + board.view.request("double-booking").estimate
    assert any("points planned" in r.text and str(board.planner.planned) in r.text
               for r in app.theme.records)
    app.step(click(toggle.center))
    assert "double-booking" not in board.planner.draft.build


def test_keyboard_commit_undo_redo(app) -> None:
    board = board_for(app)
    target = board.current.id
    app.step([key(pygame.K_RETURN)])
    assert target in board.planner.draft.build
    app.step([key(pygame.K_z, pygame.KMOD_CTRL)])
    assert target not in board.planner.draft.build
    app.step([key(pygame.K_y, pygame.KMOD_CTRL)])
    assert target in board.planner.draft.build


def test_arrows_move_between_cards(app) -> None:
    board = board_for(app)
    first = board.current.id
    app.step([key(pygame.K_RIGHT)])
    assert board.current.id != first
    app.step([key(pygame.K_LEFT)])
    assert board.current.id == first


def test_answer_and_discovery_keys(app) -> None:
    board = board_for(app)
    board.select(index_of(board, "branded-app"))
    app.step([key(pygame.K_n)])
    assert board.planner.draft.answer_for("branded-app") == "next"
    app.step([key(pygame.K_x)])
    assert board.planner.draft.answer_for("branded-app") == "no"
    app.step([key(pygame.K_d)])
    assert board.planner.draft.discover == (("branded-app", board.view.methods[0].id),)


def test_drag_a_card_onto_lanes(app) -> None:
    board = board_for(app)
    i = index_of(board, "sms-reminders")
    start = board.card_rect(i).center
    for lane, check in (("now", lambda: "sms-reminders" in board.planner.draft.build),
                        ("next", lambda: board.planner.draft.answer_for("sms-reminders")
                         == "next")):
        start = board.card_rect(index_of(board, "sms-reminders")).center
        target = board.layout.lanes[lane].center
        app.step([
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1),
            pygame.event.Event(pygame.MOUSEMOTION, pos=(start[0] + 30, start[1] + 30),
                               rel=(30, 30), buttons=(1, 0, 0)),
            pygame.event.Event(pygame.MOUSEMOTION, pos=target, rel=(0, 0), buttons=(1, 0, 0)),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=target, button=1),
        ])
        assert check(), lane


def test_panel_buttons_by_tab_and_enter(app) -> None:
    board = board_for(app)
    board.select(index_of(board, "branded-app"))
    app.step([key(pygame.K_TAB)])  # the first button: add to this round
    app.step([key(pygame.K_RETURN)])
    assert "branded-app" in board.planner.draft.build


def test_escape_opens_pause_and_resume_returns(app) -> None:
    board = board_for(app)
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, PauseScene)
    app.step([key(pygame.K_RETURN)])  # Resume has the focus
    assert app.top is board


def test_keyboard_only_completes_a_round(app) -> None:
    board = board_for(app)
    board.select(index_of(board, "double-booking"))
    app.step([key(pygame.K_RETURN), key(pygame.K_e)])
    assert isinstance(app.top, ConfirmScene)
    assert any("Fix double bookings" in r.text for r in app.theme.records)
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, ResultsScene)
    assert board.session.game.round == 2
    shipped = [w.request for w in app.top.report.work if w.outcome == "shipped"]
    assert "double-booking" in shipped
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, BoardScene) and app.top.view.round == 2


def test_confirm_can_be_cancelled(app) -> None:
    board = board_for(app)
    app.step([key(pygame.K_e), key(pygame.K_ESCAPE)])
    assert app.top is board and board.session.game.round == 1


def test_a_whole_game_through_ui_events_alone(app) -> None:
    app.reset(TitleScene(app))
    app.step([key(pygame.K_RETURN)])  # New game
    picker = app.top
    assert isinstance(picker, PickerScene)
    tutorial = next(i for i, e in enumerate(picker.entries) if e.path.stem == "tutorial")
    for _ in range(tutorial):
        app.step([key(pygame.K_DOWN)])
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, BriefingScene)
    app.step([key(pygame.K_RETURN)])  # the focus starts on Start
    rounds = 0
    while isinstance(app.top, BoardScene):
        rounds += 1
        app.step([key(pygame.K_RETURN), key(pygame.K_e), key(pygame.K_RETURN)])
        assert isinstance(app.top, ResultsScene)
        app.step([key(pygame.K_RETURN)])
    assert rounds == 3
    assert isinstance(app.top, DebriefScene)
    assert any("Final score" in r.text for r in app.theme.records)
    assert app.top.wait(60)
    assert any(line.text.startswith("The hindsight-optimal plan") for line in app.top.blocks()
               if isinstance(line, Line))


def test_autosave_after_each_round_and_continue_from_title(app) -> None:
    board = board_for(app)
    app.step([key(pygame.K_RETURN), key(pygame.K_e), key(pygame.K_RETURN)])
    app.reset(TitleScene(app))
    title = app.top
    assert title.buttons[1].enabled, "Continue is offered once a game is saved"
    title.resume()
    assert isinstance(app.top, BoardScene)
    assert app.top.session.game.round == 2
    assert app.top.session.game.metrics == board.session.game.metrics


def test_damaged_save_is_reported_on_the_title_screen(app) -> None:
    app.save_dir.mkdir(parents=True, exist_ok=True)
    (app.save_dir / "autosave.json").write_text("{broken", encoding="utf-8")
    app.reset(TitleScene(app))
    app.top.resume()
    app.step([])
    assert isinstance(app.top, TitleScene)
    assert any("could not be read" in r.text for r in app.theme.records)


def test_settings_change_text_scale_and_are_kept(app, tmp_path) -> None:
    app.reset(SettingsScene(app))
    scale = app.settings.text_scale
    app.top.next_scale()
    assert app.settings.text_scale != scale
    from pmsim.ui.settings import load as load_settings

    assert load_settings(tmp_path / "config").text_scale == app.settings.text_scale


def test_what_if_rewinds_to_a_round_with_the_same_world(app) -> None:
    board = board_for(app, seed=5)
    session = board.session
    while not session.game.over:
        session.end_round()
    app.reset(DebriefScene(app, session, samples=3))
    app.top.what_if()
    app.step([key(pygame.K_DOWN), key(pygame.K_RETURN)])  # "Replay from sprint 2"
    assert isinstance(app.top, BoardScene)
    assert session.game.round == 2
    assert session.game.truth == new_truth(session)


def new_truth(session):
    from pmsim.engine import new_game

    return new_game(session.scenario, session.game.seed).truth


def test_capture_mode_saves_every_screen(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    out = tmp_path / "shots"
    run = subprocess.run(
        [sys.executable, "-m", "pmsim", "play", "tutorial", "--seed", "1", "--autoplay", "rice",
         "--screenshots", str(out)], env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in out.glob("*.png"))
    for screen in ("title", "picker", "briefing", "board-1", "results-1", "debrief", "pause",
                   "settings", "confirm"):
        assert any(screen in n for n in names), (screen, names)
    assert all(p.stat().st_size > 5000 for p in out.glob("*.png"))


def test_no_display_gives_a_clean_message(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(SDL_VIDEODRIVER="x11", XDG_DATA_HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "pmsim", "play", "tutorial"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "no display was found" in run.stdout
    assert "pmsim play --text tutorial" in run.stdout
    assert "  " not in run.stdout.split("capture every screen:", 1)[1].strip()
    assert "Traceback" not in run.stderr


def test_no_display_for_a_saved_game_suggests_continuing_in_the_terminal() -> None:
    from pmsim.ui.launch import no_display

    text = no_display("no screen", None, resume=True)
    assert "pmsim play --continue --text" in text and "--text tutorial" not in text


def test_watch_reloads_a_changed_scenario_and_shows_errors_without_crashing(app, tmp_path) -> None:
    from conftest import BASE

    from pmsim.ui.scenes.diagnostics import DiagnosticsScene
    from pmsim.ui.watch import Watcher

    path = tmp_path / "mine.yaml"
    path.write_text(BASE, encoding="utf-8")
    watcher = Watcher(app, path, seed=11)
    app.watcher = watcher
    watcher.load()
    assert isinstance(app.top, BoardScene) and app.top.session.game.seed == 11
    assert not watcher.poll(now=1e9), "nothing changed yet"

    path.write_text(BASE.replace("rounds: 3", "rounds: three"), encoding="utf-8")
    assert watcher.poll(now=2e9)
    assert isinstance(app.top, DiagnosticsScene)
    app.step([])
    assert any("line 6, column 9" in r.text for r in app.theme.records)

    path.write_text(BASE.replace("Base scenario", "Base scenario, second draft"), encoding="utf-8")
    assert watcher.poll(now=3e9)
    assert isinstance(app.top, BoardScene)
    assert app.top.session.scenario.title == "Base scenario, second draft"
    assert app.top.session.game.seed == 11


def test_watch_needs_a_file(capsys) -> None:
    from pmsim.cli import main

    assert main(["play", "tutorial", "--watch"]) == 2
    assert "--watch needs the path of a scenario file" in capsys.readouterr().err


def test_dashboard_keys_control_the_timer_and_rounds(app, tmp_path) -> None:
    from pmsim.catalog import resolve
    from pmsim.ui.scenes.dashboard import DashboardScene
    from pmsim.ui.scenes.room_debrief import RoomDebriefScene
    from pmsim.workshop.service import Workshop
    from pmsim.workshop.store import Store

    store = Store(tmp_path / "w.sqlite3")
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code="ROOM42", round_minutes=5, paced=True)
    app.reset(DashboardScene(app, ws, "127.0.0.1:8765"))
    app.step([key(pygame.K_s)])
    assert ws.status()["timer_running"]
    before = ws.remaining()
    app.step([key(pygame.K_PLUS)])
    assert ws.remaining() > before + 50
    app.step([key(pygame.K_n)])
    assert ws.row.open_round == 2
    app.step([key(pygame.K_d)])
    assert isinstance(app.top, RoomDebriefScene)
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, DashboardScene)
    store.close()


def test_debrief_shows_frameworks_and_what_discovery_would_have_shown(app) -> None:
    board = board_for(app, seed=6)
    session = board.session
    while not session.game.over:
        session.end_round()
    app.reset(DebriefScene(app, session, samples=3))
    assert app.top.wait(60)
    texts = [line.text for line in app.top.blocks() if isinstance(line, Line)]
    assert any(t.strip().startswith("RICE would have shipped: sprint 1:") for t in texts)
    assert any(t.strip().startswith("WSJF would have shipped:") for t in texts)
    assert any(t.startswith("Discovery would have shown: Check the data:") for t in texts)


def test_no_display_without_any_driver_setting_gives_the_message_too(tmp_path) -> None:
    """SDL may fall back to an invisible 'offscreen' driver on its own: that is no display."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    env.update(XDG_DATA_HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "pmsim", "play", "tutorial"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert "no display was found" in run.stdout
    assert not (tmp_path / "pmsim" / "autosave.json").exists()


def test_a_team_board_shows_the_room_and_waits_for_paced_rounds(app, tmp_path) -> None:
    from pmsim.catalog import resolve
    from pmsim.play.link import LinkPoller
    from pmsim.workshop.client import Client
    from pmsim.workshop.server import WorkshopServer
    from pmsim.workshop.service import Workshop
    from pmsim.workshop.store import Store
    from pmsim.workshop.team import TeamLink, joined_game

    store = Store(tmp_path / "w.sqlite3")
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code="ROOM42", paced=True, round_minutes=5)
    srv = WorkshopServer(ws, "127.0.0.1", 0)
    srv.start()
    poller = None
    try:
        link = TeamLink(Client(f"127.0.0.1:{srv.port}", "ROOM42", "Red",
                               outbox_dir=tmp_path / "outbox"))
        game = joined_game(link, link.client.join())
        poller = LinkPoller(link).start()
        session = GameSession(game.scenario, "tutorial", game, app.save_dir, link=poller)
        assert poller.wait_idle(10)
        board = BoardScene(app, session)
        app.reset(board)
        app.step([])
        assert any(r.text.startswith("Workshop:") and "sprint 1 open" in r.text
                   for r in app.theme.records)
        app.step([key(pygame.K_e), key(pygame.K_RETURN)])  # end round 1: it is open
        assert isinstance(app.top, ResultsScene)
        assert poller.wait_idle(10)
        assert ws.leaderboard()[0]["rounds_done"] == 1
        assert "round 1 sent" in poller.status.message
        app.step([key(pygame.K_RETURN)])
        app.step([key(pygame.K_e)])  # round 2 is not open yet
        assert isinstance(app.top, BoardScene)
        assert "not open yet" in app.top.message
        ws.open_next_round()
        poller.refresh()  # the next look at the room asks the host again
        assert poller.wait_idle(10)
        app.step([key(pygame.K_e)])
        assert isinstance(app.top, ConfirmScene)
    finally:
        if poller is not None:
            poller.close()
        srv.stop()
        store.close()
