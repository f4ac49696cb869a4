"""The line a team sees once its join command is through: "joined" only when the host took
the join; offline, that it carries on from this laptop's kept rounds."""

from __future__ import annotations

import io

from conftest import hosting

from pmsim.cli import main
from pmsim.play import joining
from pmsim.workshop.store import Store, default_path

CODE = "HEADQ7"
EMPTY = {"build": [], "discover": [], "answers": {}}


def test_an_offline_rejoin_does_not_say_joined(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    store = Store(default_path())
    with hosting(store, CODE) as (ws, address):
        joined = joining.join(address, CODE, "Équipe Bleue")
        assert joined.headline == f"joined workshop {ws.row.id} as 'Équipe Bleue'"
        poller = joined.poller.start()
        poller.send(1, EMPTY)
        assert poller.wait_idle(10)
        poller.close()
    store.close()

    again = joining.join(address, CODE, "equipe bleue")  # the host does not answer
    assert again.offline
    assert "the workshop host does not answer" in again.notes[0]
    assert "joined" not in again.headline
    assert again.headline.startswith(f"carrying on offline as 'Équipe Bleue' in workshop "
                                     f"{ws.row.id}, from this laptop's kept rounds "
                                     "(1 round played)")
    again.poller.close(timeout=0)


def test_the_join_command_prints_the_offline_headline(tmp_path, monkeypatch, capsys) -> None:
    """`pmsim play --join ... --text` with the host down: the command says it carries on
    offline, never "joined" (the headline, printed by the launcher)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    store = Store(default_path())
    with hosting(store, CODE) as (ws, address):
        joining.join(address, CODE, "Kite").poller.start().close()
    store.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # the player leaves at once
    main(["play", "--join", address, "--code", CODE, "--team", "Kite", "--text"])
    out = capsys.readouterr().out
    assert f"carrying on offline as 'Kite' in workshop {ws.row.id}" in out
    assert "joined workshop" not in out
