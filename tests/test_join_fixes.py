"""Joining a workshop from the command line: what a team sees when the host cannot be
reached, the address is not one, or the host does not take a bot. Each test failed before
its fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pmsim.catalog import resolve
from pmsim.cli import main
from pmsim.workshop.server import Limits, WorkshopServer
from pmsim.workshop.service import Workshop


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.mark.parametrize("address", ["127.0.0.1:1", "http://127.0.0.1:1"])
def test_an_unreachable_host_is_one_line_saying_what_to_do_and_exit_1(
        address: str, data_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # not bad usage (exit 2): the same command works once the host answers
    code = main(["play", "--join", address, "--code", "ABC123", "--team", "Red Kite"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"cannot reach the workshop host at {address} (")
    assert "check the address" in lines[0] and "the host is running" in lines[0]
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("address", ["127.0.0.1:99999", "http://[bad"])
def test_an_address_that_cannot_be_one_is_bad_usage(
        address: str, data_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["play", "--join", address, "--code", "ABC123", "--team", "Red Kite"])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"pmsim play: '{address}' is not a workshop address")
    assert "HOST:PORT" in lines[0] and "sent something unexpected" not in lines[0]


# --- a rehearsal bot and a host for people -------------------------------------------------------

CODE = "JOINF1"


def _hosted(store: Any, allow_bots: bool) -> tuple[Workshop, WorkshopServer]:
    text = resolve("tutorial").read_text(encoding="utf-8")
    ws = Workshop.create(store, text, 7, code=CODE, allow_bots=allow_bots)
    server = WorkshopServer(ws, "127.0.0.1", 0, Limits())
    server.start()
    return ws, server


def _bot_joins(server: WorkshopServer, team: str) -> int:
    """`pmsim play --join` with a `rice` bot as `team`, then the host stops; the exit code."""
    try:
        return main(["play", "--join", f"127.0.0.1:{server.port}", "--code", CODE,
                     "--team", team, "--autoplay", "rice"])
    finally:
        server.stop()


def test_a_refused_bot_is_never_told_it_joined(
        store: Any, data_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, server = _hosted(store, allow_bots=False)
    code = _bot_joins(server, "Sneaky")
    captured = capsys.readouterr()
    assert code == 2
    assert "joined" not in captured.out and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "the host does not take this team" in lines[0] and "for people" in lines[0]
    assert ws.leaderboard() == []  # no team is left on the board for a bot it refused


def test_a_bot_a_rehearsal_takes_still_joins_and_plays(
        store: Any, data_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws, server = _hosted(store, allow_bots=True)
    code = _bot_joins(server, "Team A")
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == f"joined workshop {ws.row.id} as 'Team A'"
    assert "game over: 3 rounds played" in out
    [row] = ws.leaderboard()
    assert row["bot"] == "rice" and row["rounds_done"] == 3
