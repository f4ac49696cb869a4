"""The workshop as a room, a flaky network and a curious student try it (issue 9, items 1-14):
each test here failed on the host and client before they were rebuilt."""

from __future__ import annotations

import csv
import json
import socket
import threading
import time
from pathlib import Path

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.cli import main
from pmsim.engine import score
from pmsim.workshop.client import Client, HostRefused, Unreachable
from pmsim.workshop.server import Limits, WorkshopServer
from pmsim.workshop.service import Workshop, WorkshopError
from pmsim.workshop.store import Store, default_path
from pmsim.workshop.team import TeamLink, autoplay_team, joined_game, write_result

SEED = 7
CODE = "HX7K3P"
EMPTY = {"build": [], "discover": [], "answers": {}}


def tutorial_text() -> str:
    return resolve("tutorial").read_text(encoding="utf-8")


@pytest.fixture
def workshop(store):
    return Workshop.create(store, tutorial_text(), SEED, code=CODE)


def serve(workshop: Workshop, port: int = 0, **limits) -> WorkshopServer:
    server = WorkshopServer(workshop, "127.0.0.1", port, Limits(**limits))
    server.start()
    return server


@pytest.fixture
def server(workshop):
    srv = serve(workshop)
    yield srv
    srv.stop()


def team(server: WorkshopServer, name: str, folder: Path, **kwargs) -> Client:
    return Client(f"127.0.0.1:{server.port}", CODE, name, outbox_dir=folder, **kwargs)


def raw_post(port: int, path: str, body: dict | bytes, source: str = "127.0.0.1"
             ) -> tuple[int, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n").encode()
    return exchange(port, head + data, source)


def exchange(port: int, request: bytes, source: str = "127.0.0.1") -> tuple[int, dict]:
    with socket.create_connection(("127.0.0.1", port), timeout=5,
                                  source_address=(source, 0)) as s:
        s.sendall(request)
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    try:
        return status, json.loads(body)
    except ValueError:
        return status, {"raw": body.decode("latin-1")}


def rice_decisions() -> list[dict]:
    return [d.to_dict() for d in play(load("tutorial").scenario, SEED, POLICIES["rice"]).decisions]


# --- 1. impersonation ------------------------------------------------------------------------


def test_a_team_cannot_be_impersonated_with_the_room_code(server, workshop, tmp_path) -> None:
    real = team(server, "Blue", tmp_path / "real")
    real.join()
    decisions = rice_decisions()
    assert real.submit(1, decisions[0])["rounds_done"] == 1

    thief = team(server, "Blue", tmp_path / "thief")
    with pytest.raises(HostRefused) as refused:
        thief.join()
    assert refused.value.status == 403 and refused.value.reason == "team-taken"
    assert "decisions" not in refused.value.details  # nothing of Blue's game leaks
    status, answer = raw_post(server.port, "/api/submit", {
        "code": CODE, "team": "Blue", "round": 2, "decision": EMPTY})
    assert status == 403 and answer["reason"] == "wrong-secret"
    status, answer = raw_post(server.port, "/api/submit", {
        "code": CODE, "team": "Blue", "round": 2, "decision": EMPTY, "secret": "guess"})
    assert status == 403
    # the real team plays on, undisturbed, and nothing of its is dropped
    assert real.submit(2, decisions[1])["rounds_done"] == 2
    assert workshop.store.decisions(workshop.row.id, "Blue") == decisions[:2]
    # the status every team polls says how far a team is, never what it decided
    polled = team(server, "Other", tmp_path / "other").status()
    assert polled is not None
    assert all(set(t) <= {"team", "rounds_done", "over", "bot"} for t in polled["teams"])


def test_a_rejoin_from_another_laptop_needs_the_facilitator(server, workshop, tmp_path,
                                                             monkeypatch, capsys) -> None:
    first = team(server, "Blue", tmp_path / "first")
    first.join()
    first.submit(1, EMPTY)
    second = team(server, "Blue", tmp_path / "second")
    with pytest.raises(HostRefused, match="ask the facilitator"):
        second.join()
    assert workshop.status()["teams"][0]["rejoin"] == "asked"
    assert workshop.rejoin_requests() == ["Blue"]
    workshop.approve_rejoin("blue")
    info = second.join()
    assert len(info["decisions"]) == 1, "the approved laptop carries on the team's game"
    assert second.submit(2, EMPTY)["rounds_done"] == 2
    with pytest.raises(HostRefused) as old:  # the first laptop's secret no longer works
        first.submit(3, EMPTY)
    assert old.value.reason == "wrong-secret"
    assert first.queued() == [{"round": 3, "decision": EMPTY}], "kept, not dropped"


def test_approve_from_workshop_control(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store(default_path())
    ws = Workshop.create(store, tutorial_text(), SEED, code="CTRL02")
    ws.join("CTRL02", "Blue")
    with pytest.raises(WorkshopError):
        ws.join("CTRL02", "Blue")
    assert main(["workshop", "control", "CTRL02", "approve"]) == 2
    assert "asking to rejoin: Blue" in capsys.readouterr().err
    assert main(["workshop", "control", "CTRL02", "start"]) == 0
    assert "asking to rejoin from another laptop: Blue" in capsys.readouterr().out
    assert main(["workshop", "control", "CTRL02", "approve", "Blue"]) == 0
    assert ws.join("CTRL02", "Blue")["secret"], "the next laptop takes the team over"
    store.close()


# --- 2. nothing a team played is deleted silently ---------------------------------------------


def test_a_host_that_lost_its_database_gets_every_round_back(tmp_path) -> None:
    db = tmp_path / "data" / "workshops.sqlite3"
    store = Store(db)
    ws = Workshop.create(store, tutorial_text(), SEED, code=CODE)
    srv = serve(ws)
    port = srv.port
    red = team(srv, "Red", tmp_path / "red")
    red.join()
    decisions = rice_decisions()
    for number in (1, 2):
        red.submit(number, decisions[number - 1])
    srv.stop()
    store.close()
    db.write_bytes(b"")  # the host's disk lost the database
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)

    again = Store(db)
    assert "was damaged" in again.notes[0] and db.with_name("workshops.damaged-1.sqlite3").exists()
    fresh = Workshop.create(again, tutorial_text(), SEED, code=CODE)  # the same command
    srv = serve(fresh, port)
    try:
        answer = red.submit(3, decisions[2])  # the host says "who?": rejoin, resend 1-3
        assert answer is not None and answer["rounds_done"] == 3 and answer["over"]
        assert fresh.store.decisions(fresh.row.id, "Red") == decisions
        expected = score(play(load("tutorial").scenario, SEED, POLICIES["rice"])).total
        assert fresh.leaderboard()[0]["score"] == pytest.approx(expected, abs=0.01)
        assert [r["round"] for r in red.rounds()] == [1, 2, 3] and red.queued() == []
    finally:
        srv.stop()
        again.close()


def test_a_refused_round_is_kept_with_the_reason_and_shown(server, tmp_path) -> None:
    c = team(server, "Red", tmp_path)
    link = TeamLink(c)
    c.join()
    bad = {"build": ["no-such-request"], "discover": [], "answers": {}}
    message = link.send(1, bad)
    assert "refused round 1" in message and "no request 'no-such-request'" in message
    assert str(c.refused_path) in message
    kept = json.loads(c.refused_path.read_text(encoding="utf-8"))
    assert kept[0]["decision"] == bad and "no-such-request" in kept[0]["refused"]
    assert c.rounds()[0]["decision"] == bad, "still in the team's replay"
    # a later round waits behind it instead of being scored on a game the team did not play
    assert "kept, not sent" in link.send(2, EMPTY)
    assert [r["round"] for r in c.queued()] == [1, 2]


# --- 3. every transport error is retried --------------------------------------------------------


def cut_off_host(reply: bytes) -> tuple[int, threading.Thread]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def answer_badly() -> None:
        with listener:
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(reply)

    thread = threading.Thread(target=answer_badly, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread


@pytest.mark.parametrize("reply", [
    b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"ok\": tr",  # IncompleteRead
    b"HTTP/1.1 200 OK\r\n",  # headers cut off
    b"",  # closed without a word (RemoteDisconnected)
    b"garbage\r\n\r\n",  # BadStatusLine
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{\"ok\"",  # not JSON
])
def test_a_host_dying_mid_reply_keeps_the_round(tmp_path, reply) -> None:
    port, thread = cut_off_host(reply)
    c = Client(f"127.0.0.1:{port}", CODE, "Red", outbox_dir=tmp_path)
    assert c.submit(1, EMPTY) is None, "kept for later, not an error"
    assert c.queued() == [{"round": 1, "decision": EMPTY}]
    thread.join(timeout=5)
    with pytest.raises(Unreachable):
        c.join()


# --- 4. a read-only data folder ------------------------------------------------------------------


def test_a_read_only_data_folder_falls_back_and_the_round_arrives(server, workshop,
                                                                  tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    c = team(server, "Red", blocker / "outbox")
    link = TeamLink(c)
    c.join()
    message = link.send(1, EMPTY)
    assert "round 1 sent" in message and "cannot save this team's rounds" in message
    assert workshop.store.decisions(workshop.row.id, "Red") == [EMPTY]
    assert str(tmp_path / "tmp") in str(c.outbox) and c.outbox.exists()


# --- 5. idle and slow connections -----------------------------------------------------------------


def test_slow_and_idle_connections_are_cut_off_and_capped(workshop, tmp_path) -> None:
    srv = serve(workshop, request_seconds=0.5, connections_per_address=4)
    try:
        idle = []
        for _ in range(10):  # one address holds connections open without a request
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5,
                                         source_address=("127.0.0.9", 0))
            idle.append(s)
        time.sleep(0.2)
        closed = 0
        for s in idle:
            s.settimeout(2)
            try:
                closed += s.recv(1) == b""
            except OSError:
                closed += 1
        assert closed == 10, "the connections over the cap at once, the rest after 0.5 s"
        # headers that never finish, and a body shorter than its Content-Length
        slow = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        slow.sendall(b"POST /api/join HTTP/1.1\r\nHost: x\r\n")
        short = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        short.sendall(b"POST /api/join HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{}")
        # meanwhile a team joins and plays
        c = Client(f"127.0.0.1:{srv.port}", CODE, "Red", outbox_dir=tmp_path)
        assert c.join()["team"] == "Red" and c.submit(1, EMPTY)["rounds_done"] == 1
        slow.settimeout(3)
        assert slow.recv(100) == b"", "slow headers are cut off"
        short.settimeout(3)
        reply = b""
        while chunk := short.recv(1000):
            reply += chunk
        assert b" 408 " in reply.split(b"\r\n")[0], reply
        for s in (*idle, slow, short):
            s.close()
    finally:
        srv.stop()
    lines = "\n".join(m for _, m in workshop.store.log_lines(workshop.row.id))
    assert "too many connections" in lines and "too-slow" in lines


# --- 6. status costs O(1); a team cap; new teams rate-limited -----------------------------------


def test_status_sends_only_what_changed_and_reads_no_database(server, workshop,
                                                              tmp_path) -> None:
    for i in range(20):
        workshop.join(CODE, f"Team {i}")
    watcher = team(server, "Watcher", tmp_path)
    first = watcher.status()
    assert first is not None and len(first["teams"]) == 20
    calls = []
    real_query = workshop.store.query
    workshop.store.query = lambda *a: calls.append(a) or real_query(*a)  # type: ignore[method-assign]
    status, answer = raw_post(server.port, "/api/status", {"code": CODE,
                                                           "since": first["version"]})
    assert status == 200 and answer["changed"] == [] and "teams" not in answer
    assert calls == [], "a status call touches no database"
    workshop.store.query = real_query  # type: ignore[method-assign]
    workshop.submit(CODE, "Team 3", 1, EMPTY, check_secret=False)
    _, answer = raw_post(server.port, "/api/status", {"code": CODE, "since": first["version"]})
    assert [t["team"] for t in answer["changed"]] == ["Team 3"]
    merged = watcher.status()
    assert merged is not None and len(merged["teams"]) == 20
    assert next(t for t in merged["teams"] if t["team"] == "Team 3")["rounds_done"] == 1


def test_a_workshop_is_capped_and_one_address_cannot_flood_it(store, tmp_path) -> None:
    ws = Workshop.create(store, tutorial_text(), SEED, code=CODE, max_teams=5)
    srv = serve(ws, new_teams_burst=3, new_teams_per_minute=1)
    try:
        answers = [raw_post(srv.port, "/api/join", {"code": CODE, "team": f"Junk {i}"})[0]
                   for i in range(5)]
        assert answers == [200, 200, 200, 429, 429]
        for i in range(2):
            assert raw_post(srv.port, "/api/join", {"code": CODE, "team": f"Team {i}"},
                            source=f"127.0.0.{20 + i}")[0] == 200
        status, answer = raw_post(srv.port, "/api/join", {"code": CODE, "team": "Late"},
                                  source="127.0.0.30")
        assert status == 403 and answer["reason"] == "full" and "5 teams" in answer["error"]
        assert len(ws.leaderboard()) == 5
    finally:
        srv.stop()


# --- 7. code guessing --------------------------------------------------------------------------


def test_code_guessing_backs_off_and_is_logged_as_counts(server, workshop) -> None:
    statuses = [raw_post(server.port, "/api/join", {"code": f"GUESS{i}", "team": "X"})[0]
                for i in range(40)]
    assert statuses[:5] == [403] * 5 and set(statuses[5:]) == {429}
    assert raw_post(server.port, "/api/join", {"code": CODE, "team": "X"})[0] == 429, \
        "even the right code waits out the back-off"
    assert raw_post(server.port, "/api/join", {"code": CODE, "team": "X"},
                    source="127.0.0.2")[0] == 200, "other addresses are not affected"
    server.flush_log()
    refusals = [m for _, m in workshop.store.log_lines(workshop.row.id) if "refused" in m]
    assert len(refusals) <= 3, refusals
    assert any("refused 5× (403 wrong-code) from 127.0.0.1" in m for m in refusals)


def test_a_facilitators_code_has_at_least_six_characters(store, tmp_path, monkeypatch,
                                                         capsys) -> None:
    with pytest.raises(WorkshopError, match="6 to 12"):
        Workshop.create(store, tutorial_text(), SEED, code="AB12")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["workshop", "host", "tutorial", "--headless", "--code", "ROOM", "--port",
                 "0", "--bind", "127.0.0.1"]) == 2
    assert "6 to 12 letters" in capsys.readouterr().err
    docs = (Path(__file__).parent.parent / "docs" / "facilitator.md").read_text(encoding="utf-8")
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for text in (docs, readme):
        assert "ROOM42" not in text, "examples use codes like the ones the host generates"


# --- 8. a damaged, unwritable or unopenable database ------------------------------------------


def test_a_damaged_database_is_set_aside_with_a_clear_message(tmp_path, monkeypatch,
                                                              capsys) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database, it was overwritten" * 100)
    assert main(["workshop", "list"]) == 0
    captured = capsys.readouterr()
    assert "internal error" not in captured.err
    assert f"the workshop database {path} was damaged" in captured.err
    aside = path.with_name("workshops.damaged-1.sqlite3")
    assert "moved to" in captured.err and aside.exists()
    assert aside.read_bytes().startswith(b"this is not a database")
    assert "no workshops yet" in captured.out


def test_an_unopenable_database_says_which_file_and_what_to_do(tmp_path, monkeypatch,
                                                               capsys) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = default_path()
    path.mkdir(parents=True)  # a folder where the database should be
    for args in (["workshop", "list"], ["workshop", "export", "X", "--csv", "x.csv"],
                 ["workshop", "host", "tutorial", "--headless", "--port", "0"]):
        assert main(args) == 1
        err = capsys.readouterr().err
        assert "internal error" not in err and str(path) in err and "Check that" in err
    assert path.is_dir(), "not set aside: it is not damaged, it cannot be opened"


# --- 9. strict parsing ---------------------------------------------------------------------------


def test_every_field_is_parsed_strictly(server, workshop, tmp_path) -> None:
    head = "POST /api/join HTTP/1.1\r\nHost: x\r\nContent-Length: ²\r\n\r\n{}"
    status, _ = exchange(server.port, head.encode("utf-8"))
    assert status == 400
    secret = team(server, "Red", tmp_path).join()["secret"]
    for bad in (0, -1, 4, True, 1.0, "1", None, 10**30):
        status, answer = raw_post(server.port, "/api/submit", {
            "code": CODE, "team": "Red", "round": bad, "decision": EMPTY, "secret": secret})
        assert status == 400 and "from 1 to 3" in answer["error"], bad
    status, answer = raw_post(server.port, "/api/submit", b'{"code": NaN}')
    assert status == 400
    assert workshop.store.decisions(workshop.row.id, "Red") == []
    assert raw_post(server.port, "/api/submit", {"code": CODE, "team": "Red", "round": 1,
                                                 "decision": EMPTY, "secret": secret})[0] == 200


# --- 10. lookalike names and escaped logs ----------------------------------------------------


def test_lookalike_names_are_one_team_and_refused_names_are_logged_escaped(server, workshop,
                                                                           tmp_path) -> None:
    team(server, "Alpha", tmp_path / "a").join()
    for lookalike in ("\u0410lpha", "\uff21lpha", "ALPHA", " alpha "):
        with pytest.raises(HostRefused) as refused:
            team(server, lookalike, tmp_path / "b").join()
        assert refused.value.reason == "team-taken", lookalike
    assert [t["team"] for t in workshop.leaderboard()] == ["Alpha"]
    assert raw_post(server.port, "/api/join", {"code": CODE, "team": "Evil\n\x1b[31mX"})[0] \
        == 400
    server.flush_log()
    log = "\n".join(m for _, m in workshop.store.log_lines(workshop.row.id))
    assert "\x1b" not in log and "\n\x1b" not in log
    assert "Evil\\n\\x1b[31mX" in log


# --- 11. import goes on past bad files ---------------------------------------------------------


def test_import_takes_every_valid_file_and_names_each_bad_one(tmp_path, monkeypatch,
                                                              capsys) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store(default_path())
    ws = Workshop.create(store, tutorial_text(), SEED, code="OFFLN2")
    store.close()
    scenario = load("tutorial").scenario
    good1 = write_result(play(scenario, SEED, POLICIES["rice"]), "North", tmp_path)
    good2 = write_result(play(scenario, SEED, POLICIES["wsjf"]), "South", tmp_path)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json", encoding="utf-8")
    bad_replay = tmp_path / "bad-replay.json"
    bad_replay.write_text(json.dumps({"kind": "pmsim-result", "team": "X",
                                      "replay": {"decisions": 5}}), encoding="utf-8")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"team": "\xc9quipe"}')
    missing = tmp_path / "missing.json"
    files = [bad_json, good1, bad_replay, tmp_path, latin, missing, good2]
    assert main(["workshop", "import", "OFFLN2", *map(str, files)]) == 1
    out = capsys.readouterr().out
    assert "team 'North'" in out and "team 'South'" in out
    for bad in (bad_json, bad_replay, tmp_path, latin, missing):
        assert f"{bad}: refused:" in out
    assert "5 of 7 files not imported" in out
    store = Store(default_path())
    assert set(store.teams(ws.row.id)) == {"North", "South"}
    store.close()


# --- 12. scenario files in other encodings ------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252"])  # UTF-16 is read (tests/test_validate_new.py)
def test_scenario_files_in_other_encodings_get_the_loaders_diagnostics(tmp_path, monkeypatch,
                                                                        capsys, encoding) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "café.yaml"
    path.write_text(tutorial_text().replace("title:", "title: Café —", 1), encoding=encoding,
                    errors="replace")
    assert main(["validate", str(path)]) == 1
    expected = capsys.readouterr().out.strip().splitlines()[0]
    for args in (["workshop", "host", str(path), "--headless", "--port", "0"],
                 ["new", str(tmp_path / "copy.yaml"), "--from", str(path)]):
        assert main(args) == 1, args
        err = capsys.readouterr().err
        assert "internal error" not in err and expected in err
    assert not (tmp_path / "copy.yaml").exists()


# --- 13. CSV for spreadsheets --------------------------------------------------------------------


def test_csv_export_opens_in_spreadsheets_and_reads_back(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store(default_path())
    ws = Workshop.create(store, tutorial_text(), SEED, code="EXPRT1")
    names = ["Équipe Bleue", "Команда", "チーム"]
    for name in names:
        ws.join("EXPRT1", name)
    store.close()
    out = tmp_path / "results.csv"
    assert main(["workshop", "export", "EXPRT1", "--csv", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    reader = csv.DictReader(out.open(encoding="utf-8-sig", newline=""))
    assert reader.fieldnames is not None and reader.fieldnames[0] == "team"
    assert {r["team"] for r in reader} == set(names), "reads back identically"


# --- 14. bots ------------------------------------------------------------------------------------


def test_bots_are_refused_unless_allowed_and_optimal_never(store, tmp_path, capsys) -> None:
    ws = Workshop.create(store, tutorial_text(), SEED, code=CODE)
    srv = serve(ws)
    try:
        with pytest.raises(HostRefused, match="for people"):
            team(srv, "Bot", tmp_path, bot="rice").join()
        link = TeamLink(team(srv, "Sneaky", tmp_path))
        game = joined_game(link, link.client.join())
        with pytest.raises(HostRefused, match="for people"):
            autoplay_team(link, game, "rice")
        assert ws.leaderboard()[0]["rounds_done"] == 0
    finally:
        srv.stop()
    rehearsal = Workshop.create(store, tutorial_text(), SEED, code="REHRS1", allow_bots=True)
    with pytest.raises(WorkshopError, match="hindsight"):
        rehearsal.join("REHRS1", "Oracle", bot="optimal")
    rehearsal.join("REHRS1", "Robot", bot="rice")
    rehearsal.join("REHRS1", "People")
    board = {r["team"]: r for r in rehearsal.leaderboard()}
    assert board["Robot"]["bot"] == "rice" and board["People"]["bot"] is None
    assert {t["team"]: t["bot"] for t in rehearsal.status()["teams"]} == {"Robot": "rice",
                                                                          "People": None}


def test_the_dashboard_shows_who_asks_to_rejoin_and_bots_and_approves_with_a(
        store, tmp_path, monkeypatch) -> None:
    import pygame

    from pmsim.ui.app import App
    from pmsim.ui.scenes.dashboard import DashboardScene
    from pmsim.ui.settings import Settings

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    ws = Workshop.create(store, tutorial_text(), SEED, code=CODE, allow_bots=True)
    ws.join(CODE, "Blue")
    ws.join(CODE, "Robot", bot="rice")
    with pytest.raises(WorkshopError):
        ws.join(CODE, "Blue")  # another laptop
    app = App(Settings(width=1280, height=720), save_dir=tmp_path, config_dir=tmp_path)
    try:
        app.reset(DashboardScene(app, ws, "127.0.0.1:8765"))
        app.draw()
        texts = [r.text for r in app.theme.records]
        assert "Blue: asking to rejoin (A)" in texts and "Robot (bot): round 1" in texts
        assert "Let 'Blue' rejoin" in texts
        app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a",
                                     scancode=0)])
        assert ws.rejoin_requests() == [] and ws.join(CODE, "Blue")["secret"]
    finally:
        app.close()
