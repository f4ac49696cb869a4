"""Shared test set-up: headless SDL, the bundled scenarios, and a small valid scenario to break."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# The text shell wraps to the terminal's width: every test sees a 101-column terminal (the
# shell's full 100 columns), whatever the machine running it has, unless it sets its own.
os.environ["COLUMNS"] = "101"
os.environ.pop("LINES", None)

# Tests press Ctrl+C on child processes (SIGINT). A shell that starts the test run in the
# background without job control (`cmd &` in a script) ignores SIGINT, and an ignored signal
# is inherited across exec, so those children would never see it: take the default back.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

from pathlib import Path

import pytest

from pmsim.resources import scenarios_dir
from pmsim.scenario import LoadResult, load_bytes

REPO = Path(__file__).resolve().parent.parent

# Small, valid, and touching the parts cross-reference checks look at. Tests break it on purpose.
BASE = """\
format: 1
id: base
title: Base scenario
summary: A small scenario for tests.
briefing: You are the PM of a small team.
rounds: 3
capacity: 10
stakeholders:
  - id: maya
    name: Maya Okafor
    role: Head of Sales
    influence: 4
  - id: sam
    name: Sam Reyes
    role: Support Lead
requests:
  - id: sso
    title: Single sign-on
    asked_by: maya
    pitch: Acme will not sign without it.
    estimate: 5
    cost: [4, 8]
    claimed_impact: {revenue: 5000}
    impact: {revenue: [500, 1500]}
    evidence: {interviews: Two of five prospects mention SSO.}
  - id: export
    title: CSV export
    asked_by: sam
    pitch: Customers keep asking for their data.
    estimate: 3
    depends_on: [sso]
    deadline: 2
discovery:
  - id: interviews
    name: Customer interviews
    cost: 1
events:
  - id: outage
    title: Outage
    message: The site went down.
    when: {metric: tech_health, below: 40}
    effects: {metrics: {satisfaction: -5}, trust: {maya: -5}}
lessons:
  - principle: discovery
    text: Evidence beats pitches.
    when: {discovered: sso}
"""


def load_text(text: str, path: str = "test.yaml") -> LoadResult:
    return load_bytes(text.encode("utf-8"), path)


def locate(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of `needle` in `text`; a '^' in the
    needle marks the spot within it (default: its start)."""
    offset = max(needle.find("^"), 0)
    index = text.index(needle.replace("^", "", 1)) + offset
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


@pytest.fixture
def bundled() -> list[Path]:
    files = sorted(scenarios_dir().glob("*.yaml"))
    assert files, f"no bundled scenarios in {scenarios_dir()}"
    return files


@pytest.fixture
def store(tmp_path):
    """A workshop store in a fresh folder, closed after the test."""
    from pmsim.workshop.store import Store

    s = Store(tmp_path / "workshops.sqlite3")
    yield s
    s.close()


@contextlib.contextmanager
def hosting(store, code: str, paced: bool = False) -> Iterator[tuple[Any, str]]:
    """A tutorial workshop (seed 7) with `code`, served on a free local port while the block
    runs: (the workshop, its address HOST:PORT)."""
    from pmsim.catalog import resolve
    from pmsim.workshop.server import Limits, WorkshopServer
    from pmsim.workshop.service import Workshop

    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7, code=code,
                         paced=paced)
    server = WorkshopServer(ws, "127.0.0.1", 0, Limits())
    server.start()
    try:
        yield ws, f"127.0.0.1:{server.port}"
    finally:
        server.stop()


@pytest.fixture
def app(tmp_path, monkeypatch):
    """A window app at 1280x720 whose data, config and saves live in `tmp_path` (the UI tests'
    shared start; a test file may define its own `app` for another size)."""
    from pmsim.ui.app import App
    from pmsim.ui.settings import Settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    application = App(Settings(width=1280, height=720), save_dir=tmp_path / "saves",
                      config_dir=tmp_path / "config")
    yield application
    application.close()


@pytest.fixture
def player_data(tmp_path, monkeypatch) -> Path:
    """The player's data folder (XDG_DATA_HOME/pmsim), holding a finished game in the results
    history and a game of pressure paused after its first sprint: what capture and authoring
    modes must leave as it was. Temporary folders go under tmp_path/tmp, so one left behind
    is seen."""
    import tempfile

    from pmsim import saves
    from pmsim.catalog import load
    from pmsim.play.session import GameSession

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    folder = saves.data_dir()
    assert folder == tmp_path / "data" / "pmsim"
    finished = GameSession.start(load("tutorial").scenario, "tutorial", 5)
    while not finished.over:
        finished.end_round()
    paused = GameSession.start(load("pressure").scenario, "pressure", 3)
    paused.end_round()
    assert sorted(p.name for p in folder.iterdir()) == ["autosave.json", "results.json"]
    return folder


def scripted(lines: list[str]) -> tuple[Callable[[str], str], list[str]]:
    """A text shell's input that types `lines` one by one (then the end of input), and the
    list that collects every prompt and line it writes."""
    feed: Iterator[str] = iter(lines)
    shown: list[str] = []

    def read(prompt: str) -> str:
        shown.append(prompt)
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return read, shown
