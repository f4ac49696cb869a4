"""draw() reads and paints, nothing more: no scene opens a file or a socket while drawing, and
the board keeps its frame rate while a workshop host does not answer."""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pygame
import pytest
from conftest import BASE, load_text

from pmsim.catalog import load, resolve
from pmsim.play.actions import Commit
from pmsim.play.link import LinkPoller
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.settings import Settings


class DrewWithIO(AssertionError):
    pass


@contextlib.contextmanager
def drawing_refuses_io(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """While active, every file open, stat and socket connection made by this thread fails
    (other threads, such as the link poller, are left alone)."""
    caught: list[str] = []
    here = threading.current_thread()

    def guard(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is here:
                caught.append(name)
                raise DrewWithIO(f"{name} while drawing")
            return real(*args, **kwargs)
        return refuse

    targets: list[tuple[Any, str]] = [
        (builtins, "open"), (io, "open"), (os, "open"), (os, "stat"), (os, "scandir"),
        (os, "listdir"), (socket, "create_connection"), (socket, "getaddrinfo"),
        (socket.socket, "connect"), (socket.socket, "connect_ex"), (pygame.font, "Font"),
        (pygame.image, "load"),
    ]
    with monkeypatch.context() as m:
        for owner, name in targets:
            m.setattr(owner, name, guard(name, getattr(owner, name)))
        yield caught


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    application = App(Settings(width=1280, height=720), save_dir=tmp_path / "saves",
                      config_dir=tmp_path / "config")
    yield application
    application.close()


def draw(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    app.draw()  # fonts and layout for this size are made outside the guard, once
    with drawing_refuses_io(monkeypatch) as caught:
        app.draw()
    assert not caught, f"{app.layers[-1][0]}: {caught}"


def finished(app: App) -> GameSession:
    session = GameSession.start(load("tutorial").scenario, "tutorial", 4, app.save_dir)
    session.perform(Commit("double-booking"))
    while not session.over:
        session.end_round()
    return session


def test_no_scene_does_io_while_drawing(app, monkeypatch) -> None:
    session = GameSession.start(load("tutorial").scenario, "tutorial", 4, app.save_dir)
    shown = []
    for name in ("title", "picker", "settings"):
        shown.append(app.reset(name).name)
        draw(app, monkeypatch)
    for name in ("briefing", "board"):
        shown.append(app.reset(name, session).name)
        draw(app, monkeypatch)
    for name in ("pause", "confirm"):  # dialogs over the board
        app.reset("board", session)
        shown.append(app.push(name, session).name)
        draw(app, monkeypatch)
    report = session.end_round()
    app.reset("results", session, report)
    draw(app, monkeypatch)
    done = finished(app)
    debrief = app.reset("debrief", done, 3)
    draw(app, monkeypatch)  # the comparison's progress bar
    assert debrief.wait(60)  # type: ignore[attr-defined]
    draw(app, monkeypatch)
    app.push("whatif", done)
    draw(app, monkeypatch)
    broken = BASE.replace("rounds: 3", "rounds: three")
    app.reset("diagnostics", load_text(broken, "broken.yaml"))
    draw(app, monkeypatch)
    assert shown == ["title", "picker", "settings", "briefing", "board", "pause", "confirm"]


def test_the_workshop_screens_do_no_io_while_drawing(app, monkeypatch, tmp_path) -> None:
    from pmsim.workshop.service import Workshop
    from pmsim.workshop.store import Store

    store = Store(tmp_path / "w.sqlite3")
    try:
        ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                             code="ROOM42", round_minutes=8)
        ws.join("ROOM42", "Falcons")
        app.reset("dashboard", ws, "127.0.0.1:8765")
        draw(app, monkeypatch)
        app.push("room_debrief", ws)
        draw(app, monkeypatch)
    finally:
        store.close()


@contextlib.contextmanager
def silent_host() -> Iterator[str]:
    """An address that takes connections and never answers: every request waits for the
    client's timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                held.append(server.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


def test_the_board_keeps_its_frame_rate_while_the_host_does_not_answer(app, monkeypatch,
                                                                       tmp_path) -> None:
    from pmsim.engine import new_game
    from pmsim.workshop.client import TIMEOUT_SECONDS, Client
    from pmsim.workshop.team import TeamLink

    with silent_host() as address:
        link = TeamLink(Client(address, "ROOM42", "Red", outbox_dir=tmp_path / "outbox"))
        poller = LinkPoller(link, interval=0.2).start()
        game = new_game(load("tutorial").scenario, 7)
        session = GameSession(game.scenario, "tutorial", game, app.save_dir, link=poller)
        app.reset("board", session)
        app.draw()
        time.sleep(0.3)  # the poller is now waiting on the host
        # A frame that waited on the host would take the client's timeout (TIMEOUT_SECONDS);
        # a busy machine slows every frame a little, so the bar is on the slowest frame, far
        # below the timeout, not on a frame count that flakes under load.
        slowest = 0.0
        for frame in range(60):
            board = app.top
            board.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=(300 + frame % 200, 300),
                                            rel=(1, 0), buttons=(0, 0, 0)))
            began = time.perf_counter()
            with drawing_refuses_io(monkeypatch) as caught:
                app.draw(present=False)
            slowest = max(slowest, time.perf_counter() - began)
            assert not caught
        assert slowest < TIMEOUT_SECONDS / 4, f"a frame took {slowest:.2f} s: it waited"
        began = time.perf_counter()
        session.perform(Commit("double-booking"))
        report = session.end_round()
        assert time.perf_counter() - began < 0.5, "ending a round waited on the network"
        assert report.round == 1 and session.link is poller
        assert poller.status.sent == 1
        assert "asking" in poller.status.timer_text(time.monotonic())
        poller.close(timeout=0)


def test_the_guard_catches_a_draw_that_opens_a_file(app, monkeypatch, tmp_path) -> None:
    scene = app.reset("title")
    monkeypatch.setattr(scene, "draw", lambda surface: (tmp_path / "x").open("w"))
    with pytest.raises(DrewWithIO), drawing_refuses_io(monkeypatch):
        app.draw()
