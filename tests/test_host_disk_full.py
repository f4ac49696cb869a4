"""A host whose disk is full says so, once, on its terminal (and in the dashboard's status);
teams are told in plain words with a 503, so their laptops keep the round and send it again,
which arrives once the disk has room. A real SQLITE_FULL reaches the host as itself, not as
a failed ROLLBACK, and the database takes writes again afterwards."""

from __future__ import annotations

import http.client
import json
import sqlite3
from typing import Any

import pytest
from conftest import hosting

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load
from pmsim.engine import record
from pmsim.workshop.client import Client
from pmsim.workshop.server import storage_trouble

CODE = "DISKFUL7"
FULL = "database or disk is full"


def _first_rounds() -> list[dict[str, Any]]:
    rep = record(play(load("tutorial").scenario, 7, POLICIES["rice"]))
    return [d.to_dict() for d in rep.decisions]


def _post(address: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], str]:
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.request("POST", path, body=json.dumps(body).encode(),
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return (response.status, json.loads(response.read()),
                response.getheader("Retry-After") or "")
    finally:
        connection.close()


def _full(*_: object, **__: object) -> None:
    raise sqlite3.OperationalError(FULL)


def test_a_full_disk_is_told_once_and_the_round_arrives_later(store, tmp_path, monkeypatch,
                                                              capsys) -> None:
    rounds = _first_rounds()
    with hosting(store, CODE) as (ws, address):
        client = Client(address, CODE, "Blue", outbox_dir=tmp_path / "blue")
        secret = client.join()["secret"]
        with monkeypatch.context() as full:
            full.setattr(store, "add_decision", _full)
            assert client.submit(1, rounds[0]) is None, "kept on the laptop, not refused"
            assert [r["round"] for r in client.queued()] == [1]
            status, answer, retry = _post(address, "/api/submit", {
                "code": CODE, "team": "Blue", "round": 1, "decision": rounds[0],
                "secret": secret})
            assert status == 503 and retry == "10"
            assert answer == {
                "ok": False, "reason": "cannot-save",
                "error": "the host cannot save rounds right now (its disk is full); your "
                         "rounds are kept on this laptop and sent when the host can take "
                         "them; tell your facilitator"}
            assert client.flush() is None
            err = capsys.readouterr().err
            line = (f"pmsim workshop: cannot write the workshop database: No space left on "
                    f"device ({store.path}); free some space on this laptop's disk: teams' "
                    "rounds wait on their laptops and arrive once the host can save them")
            assert err.splitlines() == [line], "said once, for three refused requests"
            assert ws.status()["problem"] == line.removeprefix("pmsim workshop: ")
            assert store.decisions(ws.row.id, "Blue") == []
        answer = client.flush()  # the disk has room again: the kept round goes
        assert answer is not None and answer["accepted"] and answer["rounds_done"] == 1
        assert store.decisions(ws.row.id, "Blue") == [rounds[0]]
        assert client.queued() == []
        assert capsys.readouterr().err == ("pmsim workshop: the workshop database can be "
                                           "written again; teams' kept rounds arrive as "
                                           "their laptops send them\n")
        assert ws.status()["problem"] is None


def test_a_new_team_on_a_full_disk_hears_plain_words(store, monkeypatch, capsys) -> None:
    with hosting(store, CODE) as (ws, address):
        monkeypatch.setattr(store, "add_team", _full)
        for team in ("Red", "Green"):
            status, answer, _ = _post(address, "/api/join", {"code": CODE, "team": team})
            assert status == 503 and answer == {
                "ok": False, "reason": "cannot-save",
                "error": "the host cannot save new teams right now (its disk is full); join "
                         "again in a minute, and tell your facilitator"}
        assert capsys.readouterr().err.count("No space left on device") == 1
        assert store.teams(ws.row.id) == []


def test_a_log_line_that_cannot_be_written_does_not_undo_a_join(store, monkeypatch,
                                                                 tmp_path) -> None:
    """The team is stored, then its "joined" log line meets the full disk: the join stands
    (else the laptop would retry and find its own name taken, its secret never received)."""
    with hosting(store, CODE) as (ws, address):
        monkeypatch.setattr(store, "log", _full)
        client = Client(address, CODE, "Red", outbox_dir=tmp_path / "red")
        assert client.join()["secret"]
        assert client.join()["team"] == "Red", "the laptop comes back with its secret"
        assert store.teams(ws.row.id) == ["Red"]


def test_each_kind_of_failure_is_told_once_and_a_bug_stays_internal(store, monkeypatch,
                                                                    capsys) -> None:
    with hosting(store, CODE) as (_, address):
        monkeypatch.setattr(store, "add_team", _full)
        _post(address, "/api/join", {"code": CODE, "team": "Red"})

        def read_only(*_: object, **__: object) -> None:
            raise sqlite3.OperationalError("attempt to write a readonly database")

        monkeypatch.setattr(store, "add_team", read_only)
        for _ in range(2):
            status, answer, _ = _post(address, "/api/join", {"code": CODE, "team": "Red"})
            assert status == 503 and "it cannot write its database" in answer["error"]

        def bug(*_: object, **__: object) -> None:
            raise KeyError("oops")

        monkeypatch.setattr(store, "add_team", bug)
        status, answer, _ = _post(address, "/api/join", {"code": CODE, "team": "Red"})
        assert (status, answer["error"]) == (500, "internal error: KeyError")
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 2
        assert "No space left on device" in err[0] and "it is read-only" in err[1]


@pytest.mark.parametrize(("exc", "kind"), [
    (sqlite3.OperationalError(FULL), "disk-full"),
    (OSError(28, "No space left on device"), "disk-full"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
    (sqlite3.OperationalError("disk I/O error"), "disk-error"),
    (sqlite3.OperationalError("database is locked"), "locked"),
    (sqlite3.OperationalError("no such table: teams"), "database"),
])
def test_storage_failures_are_told_apart(tmp_path, exc, kind) -> None:
    trouble = storage_trouble(exc, tmp_path / "w.sqlite3")
    assert trouble is not None and trouble.kind == kind
    for path in ("/api/join", "/api/submit"):
        assert str(tmp_path) not in trouble.told(path)  # no host path for the teams
    assert storage_trouble(ValueError("x"), tmp_path) is None


def test_a_real_sqlite_full_surfaces_as_itself_and_writes_resume(store) -> None:
    """SQLite rolls back by itself on SQLITE_FULL; the store's ROLLBACK then fails. The
    caller must see "disk is full" (which the host reports), and the next write must work."""
    pages = store.query("PRAGMA page_count")[0][0]
    store.query(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        for _ in range(1000):
            store.log(None, "2026-12-02T10:00:00+00:00", "x" * 400)
    assert not store._db.in_transaction
    store.query("PRAGMA max_page_count = 1000000")
    store.log(None, "2026-12-02T10:00:01+00:00", "room again")
    assert store.query("SELECT COUNT(*) FROM log WHERE message = 'room again'") == [(1,)]
