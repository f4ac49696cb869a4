"""A host that answers a join with 503 (its disk is full) is not refusing the team: a laptop
with a kept game carries on offline, as when the host is away, its rounds kept and sent once
the host can save them; the team is told the host cannot save right now."""

from __future__ import annotations

import io
import sqlite3

import pytest
from conftest import hosting

from pmsim.cli import main
from pmsim.play import joining
from pmsim.workshop.store import Store, default_path

CODE = "FULL503"
EMPTY = {"build": [], "discover": [], "answers": {}}


def _full(*_: object, **__: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def _played_one_round(address: str, team: str) -> None:
    joined = joining.join(address, CODE, team)
    poller = joined.poller.start()
    poller.send(1, EMPTY)
    assert poller.wait_idle(10)
    poller.close()


def test_a_503_at_rejoin_carries_on_offline_and_the_rounds_arrive_later(
        tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    store = Store(default_path())
    with hosting(store, CODE) as (ws, address):
        _played_one_round(address, "Blue")
        with monkeypatch.context() as full:
            full.setattr(ws, "join", _full)
            full.setattr(store, "add_decision", _full)
            again = joining.join(address, CODE, "Blue")
            assert again.offline, "a host that cannot save now has not refused the team"
            assert "the host cannot save right now: its disk is full; tell your " \
                   "facilitator" in again.notes[0]
            assert again.headline.startswith("carrying on offline as 'Blue'")
            poller = again.poller.start()
            poller.send(2, EMPTY)
            assert poller.wait_idle(10)
            assert [r["round"] for r in poller.link.client.queued()] == [2], "kept to send"
            assert len(store.decisions(ws.row.id, "Blue")) == 1
        poller.link.client.flush()  # the disk has room again: the kept round goes
        assert poller.link.client.queued() == []
        assert len(store.decisions(ws.row.id, "Blue")) == 2
        poller.close()
    store.close()


def test_the_join_command_carries_on_and_does_not_say_refused(tmp_path, monkeypatch,
                                                             capsys) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    store = Store(default_path())
    with hosting(store, CODE) as (ws, address):
        _played_one_round(address, "Kite")
        monkeypatch.setattr(ws, "join", _full)
        monkeypatch.setattr("sys.stdin", io.StringIO(""))  # the player leaves at once
        main(["play", "--join", address, "--code", CODE, "--team", "Kite", "--text"])
    store.close()
    captured = capsys.readouterr()
    assert "refused" not in captured.out + captured.err
    assert "the host cannot save right now: its disk is full" in captured.out
    assert f"carrying on offline as 'Kite' in workshop {ws.row.id}" in captured.out


def test_a_new_laptop_hears_the_hosts_words(tmp_path, monkeypatch) -> None:
    """No kept game to carry on: the host's own advice (join again in a minute) stands."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    store = Store(default_path())
    with hosting(store, CODE) as (ws, address):
        monkeypatch.setattr(ws, "join", _full)
        with pytest.raises(joining.JoinRefused, match="join again in a minute"):
            joining.join(address, CODE, "Green")
    store.close()
