"""A host that lost its database gets every team's rounds back when the teams join again:
also a team whose game is over, and a team that moved laptops before the loss."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.cli import main
from pmsim.engine import score
from pmsim.workshop.client import Client
from pmsim.workshop.server import Limits, WorkshopServer
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store, default_path

SEED = 7
CODE = "TESTQ7"


def tutorial_text() -> str:
    return resolve("tutorial").read_text(encoding="utf-8")


def rice_decisions() -> list[dict]:
    return [d.to_dict() for d in play(load("tutorial").scenario, SEED, POLICIES["rice"]).decisions]


def serve(workshop: Workshop, port: int = 0) -> WorkshopServer:
    server = WorkshopServer(workshop, "127.0.0.1", port, Limits())
    server.start()
    return server


def lose_database(db: Path) -> None:
    """What the tester did: garbage in the file the host had open."""
    db.write_bytes(b"this is not a database" * 100)
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)


def restart(db: Path, port: int) -> tuple[Store, Workshop, WorkshopServer]:
    """The same host command again: a new database, the same code and seed."""
    store = Store(db)
    assert "was damaged" in store.notes[0]
    fresh = Workshop.create(store, tutorial_text(), SEED, code=CODE)
    return store, fresh, serve(fresh, port)


class Finished(NamedTuple):
    """What is left once the host lost its database: the file, the port it served on, and
    the team's client with every round of its game sent (and confirmed) before the loss."""

    db: Path
    port: int
    red: Client
    decisions: list[dict]


def submit_each(red: Client, decisions: list[dict]) -> None:
    for number, decision in enumerate(decisions, start=1):
        red.submit(number, decision)


def finished_team(tmp_path: Path,
                  send: Callable[[Client, list[dict]], None] = submit_each) -> Finished:
    """Team Red joins a tutorial workshop and plays its whole game (rice's), each round sent
    by `send`; then the host stops and its database is lost."""
    db = tmp_path / "data" / "workshops.sqlite3"
    store = Store(db)
    srv = serve(Workshop.create(store, tutorial_text(), SEED, code=CODE))
    port = srv.port
    red = Client(f"127.0.0.1:{port}", CODE, "Red", outbox_dir=tmp_path / "red")
    red.join()
    decisions = rice_decisions()
    send(red, decisions)
    assert red.queued() == []  # every round sent: the game is over, nothing more to send
    srv.stop()
    store.close()
    lose_database(db)
    return Finished(db, port, red, decisions)


def test_a_finished_team_sends_its_rounds_again_when_it_joins(tmp_path) -> None:
    db, port, red, decisions = finished_team(tmp_path)

    again, fresh, srv = restart(db, port)
    try:
        info = red.join()  # the team types its join command again
        assert info["decisions"] == []
        assert [r["round"] for r in red.queued()] == [1, 2, 3], "the host lacks them all"
        answer = red.flush()
        assert answer is not None and answer["over"] and answer["rounds_done"] == 3
        assert fresh.store.decisions(fresh.row.id, "Red") == decisions
        expected = score(play(load("tutorial").scenario, SEED, POLICIES["rice"])).total
        assert fresh.leaderboard()[0]["score"] == pytest.approx(expected, abs=0.01)
    finally:
        srv.stop()
        again.close()


def test_a_team_that_moved_laptops_keeps_its_whole_game_for_a_resend(tmp_path) -> None:
    db = tmp_path / "data" / "workshops.sqlite3"
    store = Store(db)
    ws = Workshop.create(store, tutorial_text(), SEED, code=CODE)
    srv = serve(ws)
    port = srv.port
    decisions = rice_decisions()
    old = Client(f"127.0.0.1:{port}", CODE, "Blue", outbox_dir=tmp_path / "old")
    old.join()
    old.submit(1, decisions[0])
    old.submit(2, decisions[1])
    ws.approve_rejoin("Blue")  # the team moves to another laptop
    new = Client(f"127.0.0.1:{port}", CODE, "Blue", outbox_dir=tmp_path / "new")
    new.join()
    assert [r["round"] for r in new.rounds()] == [1, 2], "the host's rounds are kept here too"
    new.submit(3, decisions[2])
    srv.stop()
    store.close()
    lose_database(db)

    again, fresh, srv = restart(db, port)
    try:
        new.join()
        assert new.flush() is not None
        assert fresh.store.decisions(fresh.row.id, "Blue") == decisions
    finally:
        srv.stop()
        again.close()


def test_the_join_command_brings_back_a_finished_bots_result(tmp_path, monkeypatch,
                                                              capsys) -> None:
    """The tester's steps, with the real commands (the host in this process)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    db = default_path()
    store = Store(db)
    srv = serve(Workshop.create(store, tutorial_text(), SEED, code=CODE, allow_bots=True))
    port = srv.port
    join = ["play", "--join", f"127.0.0.1:{port}", "--code", CODE, "--team", "Bot 1",
            "--text", "--autoplay", "rice-discover"]
    assert main(join) == 0
    assert "game over: 3 rounds played" in capsys.readouterr().out
    srv.stop()
    store.close()
    lose_database(db)

    again = Store(db)
    fresh = Workshop.create(again, tutorial_text(), SEED, code=CODE, allow_bots=True)
    srv = serve(fresh, port)
    try:
        assert main(join) == 0
        out = capsys.readouterr().out
        assert "joined workshop" in out and "game over: 3 rounds played" in out
    finally:
        srv.stop()
        again.close()
    assert main(["workshop", "export", CODE, "--csv", "-"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1 and rows[0]["team"] == "Bot 1"
    assert rows[0]["rounds_done"] == "3" and rows[0]["finished"] == "True"
    assert rows[0]["score"] != "" and rows[0]["bot"] == "rice-discover"


def test_an_open_game_notices_the_lost_rounds_at_its_next_poll(tmp_path) -> None:
    """A team that has finished and still has its debrief open need not type anything."""
    from pmsim.play.link import LinkPoller
    from pmsim.workshop.team import TeamLink

    pollers: list[LinkPoller] = []

    def through_the_game(red: Client, decisions: list[dict]) -> None:
        """As the game window sends rounds: through its poller, which stays open after."""
        poller = LinkPoller(TeamLink(red), interval=600)
        pollers.append(poller)
        for number, decision in enumerate(decisions, start=1):
            poller.send(number, decision)
        assert poller.wait_idle(10)

    db, port, red, decisions = finished_team(tmp_path, through_the_game)
    poller = pollers[0]

    again, fresh, srv = restart(db, port)
    try:
        poller.refresh()  # what the poller does by itself every few seconds
        assert poller.wait_idle(15)
        assert fresh.store.decisions(fresh.row.id, "Red") == decisions
        assert fresh.leaderboard()[0]["over"]
        status = red.status()
        assert status is not None and not red.host_lacks_rounds(status)
    finally:
        poller.close(timeout=2)
        srv.stop()
        again.close()


def test_a_host_that_refuses_the_rejoin_is_not_asked_at_every_poll(tmp_path) -> None:
    red = Client("127.0.0.1:1", CODE, "Red", outbox_dir=tmp_path)
    red.submit(1, rice_decisions()[0])  # kept; mark it sent, as a host had confirmed it
    state = red._state()
    state["rounds"][0]["sent"] = True
    red._save(state)
    room = {"workshop": "w-2", "teams": [{"team": "red", "rounds_done": 0}]}
    assert red.host_lacks_rounds(room)
    assert not red.host_lacks_rounds(room), "the same room: told once"
    assert not red.host_lacks_rounds({"workshop": "w-2",
                                      "teams": [{"team": "Red", "rounds_done": 1}]})
