"""A team's own laptop rejoins however the code and name are typed; bot policies; versions."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from pmsim.catalog import resolve
from pmsim.workshop.client import Client
from pmsim.workshop.server import WorkshopServer
from pmsim.workshop.service import Workshop

SEED = 7
CODE = "TST91A"


@pytest.fixture
def server(store):
    text = resolve("tutorial").read_text(encoding="utf-8")
    workshop = Workshop.create(store, text, SEED, code=CODE, allow_bots=True)
    srv = WorkshopServer(workshop, "127.0.0.1", 0)
    srv.start()
    yield srv
    srv.stop()


@pytest.mark.parametrize(("first", "again"), [
    (("tst91a", "Team A"), ("TST91A", "Team A")),
    (("TST91A", "Team A"), ("TST91A", "team a")),
    (("TST91A", "\uff34eam B"), ("TST91A", "Team B")),
])
def test_the_same_laptop_rejoins_with_the_code_or_name_typed_differently(
        server, tmp_path, first, again) -> None:
    address = f"127.0.0.1:{server.port}"
    Client(address, *first, outbox_dir=tmp_path).join()
    later = Client(address, *again, outbox_dir=tmp_path)
    later.join()  # not refused: "already joined from another laptop"


def test_a_link_file_named_by_an_older_spelling_is_found(server, tmp_path) -> None:
    # an older pmsim named the file by the code and name as typed; its rounds kept offline
    # must not be lost when the team types them another way
    address = f"127.0.0.1:{server.port}"
    first = Client(address, "tst91a", "Team A", outbox_dir=tmp_path)
    first.join()
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", "tst91a-Team A")[:60]
    digest = hashlib.sha256(b"TST91A\nTeam A").hexdigest()[:8]
    old = tmp_path / f"{safe}-{digest}.json"
    state = json.loads(first.outbox.read_text(encoding="utf-8"))
    state["rounds"] = [{"round": 1, "decision": {"actions": []}, "sent": False}]
    old.write_text(json.dumps(state), encoding="utf-8")
    first.outbox.unlink()
    later = Client(address, "TST91A", "team a", outbox_dir=tmp_path)
    assert later.outbox == old
    assert len(later.queued()) == 1
    later.join()


def test_two_hosts_started_at_once_for_a_new_code_refuse_like_a_hosted_one(
        tmp_path, monkeypatch, capsys) -> None:
    import socket
    import time

    from pmsim.cli import main
    from pmsim.workshop.hostlock import HostLock
    from pmsim.workshop.store import Store, default_path

    def sleep(seconds: float) -> None:  # a host that serves (the bug) stops at once
        raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    default_path().parent.mkdir(parents=True, exist_ok=True)
    held = HostLock(default_path().parent / "hosting", "code-RACE91AB")
    held.acquire()  # the other host, making the workshop this very moment
    try:
        code = main(["workshop", "host", "tutorial", "--code", "race91ab", "--headless",
                     "--bind", "127.0.0.1", "--port", str(port)])
    finally:
        held.release()
    captured = capsys.readouterr()
    assert code == 1
    assert "workshop RACE91AB is already being hosted on this laptop" in captured.err
    assert "IntegrityError" not in captured.err
    store = Store(default_path())
    try:
        assert store.workshops() == []  # the other host makes it, not this one
    finally:
        store.close()


def test_a_result_file_whose_version_is_the_text_1_is_told_to_use_the_number() -> None:
    from pmsim.workshop.service import WorkshopError, replay_from_result

    with pytest.raises(WorkshopError) as refused:
        replay_from_result({"kind": "pmsim-result", "version": "1", "team": "North"})
    assert refused.value.message == ("the result file's version is the text \"1\"; it must be "
                                     "the number 1, without quotes")


def test_a_bot_team_cannot_rejoin_played_by_another_policy(server, tmp_path) -> None:
    from pmsim.workshop.client import HostRefused

    address = f"127.0.0.1:{server.port}"
    Client(address, CODE, "Bots", outbox_dir=tmp_path, bot="rice").join()
    with pytest.raises(HostRefused) as refused:
        Client(address, CODE, "Bots", outbox_dir=tmp_path, bot="loudest").join()
    assert refused.value.reason == "other-bot"
    assert "'rice'" in refused.value.message and "'loudest'" in refused.value.message
    assert Client(address, CODE, "Bots", outbox_dir=tmp_path, bot="rice").join()["bot"] == "rice"


def test_a_paced_team_back_with_rounds_ahead_of_the_room_is_told_they_wait(
        store, tmp_path, monkeypatch) -> None:
    from pmsim.analysis import POLICIES, play
    from pmsim.catalog import load
    from pmsim.engine import record
    from pmsim.play.joining import join

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    text = resolve("tutorial").read_text(encoding="utf-8")
    workshop = Workshop.create(store, text, SEED, code=CODE, paced=True)
    srv = WorkshopServer(workshop, "127.0.0.1", 0)
    srv.start()
    try:
        address = f"127.0.0.1:{srv.port}"
        first = Client(address, CODE, "Ahead")
        first.join()
        replay = record(play(load("tutorial").scenario, SEED, POLICIES["rice"]))
        for number, decision in enumerate(replay.decisions, start=1):
            first.submit(number, decision.to_dict())  # round 1 taken, the others wait
        joined = join(address, CODE, "Ahead")
        joined.poller.close()
        assert any("2 rounds kept on this laptop, waiting for the facilitator" in note
                   for note in joined.notes)
    finally:
        srv.stop()
