"""Workshop mode: a host and several teams over loopback, restarts, refusals, export, import."""

from __future__ import annotations

import csv
import json
import threading
import urllib.request
from pathlib import Path

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.cli import main
from pmsim.engine import Replay, record, score
from pmsim.workshop.client import Client, HostRefused
from pmsim.workshop.server import MAX_BODY, WorkshopServer
from pmsim.workshop.service import Workshop, WorkshopError
from pmsim.workshop.store import Store
from pmsim.workshop.team import TeamLink, autoplay_team, joined_game, write_result

SEED = 7


@pytest.fixture
def workshop(store):
    text = resolve("tutorial").read_text(encoding="utf-8")
    return Workshop.create(store, text, SEED, code="ROOM42", allow_bots=True)


@pytest.fixture
def server(workshop):
    srv = WorkshopServer(workshop, "127.0.0.1", 0)
    srv.start()
    yield srv
    srv.stop()


def client(server, team: str, tmp_path, code: str = "ROOM42") -> Client:
    return Client(f"127.0.0.1:{server.port}", code, team, outbox_dir=tmp_path / "outbox")


def post(server, path: str, body: bytes, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", data=body,
                                     method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_several_teams_over_loopback_match_autoplay(server, workshop, tmp_path) -> None:
    policies = {"Red": "rice", "Blue": "loudest", "Green": "wsjf", "Gold": "random"}
    finished = {}

    def team(name: str, policy: str) -> None:
        link = TeamLink(client(server, name, tmp_path))
        finished[name] = autoplay_team(link, joined_game(link, link.client.join()), policy)

    threads = [threading.Thread(target=team, args=item) for item in policies.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    scenario = load("tutorial").scenario
    board = {row["team"]: row for row in workshop.leaderboard()}
    assert set(board) == set(policies)
    for name, policy in policies.items():
        expected = score(play(scenario, SEED, POLICIES[policy])).total
        assert board[name]["score"] == pytest.approx(expected, abs=0.01), name
        assert board[name]["rounds_done"] == scenario.rounds and board[name]["over"]
    scores = [row["score"] for row in workshop.leaderboard()]
    assert scores == sorted(scores, reverse=True)


def test_a_host_restart_loses_nothing(store, workshop, tmp_path) -> None:
    first = WorkshopServer(workshop, "127.0.0.1", 0)
    first.start()
    c = client(first, "Red", tmp_path)
    link = TeamLink(c)
    game = joined_game(link, c.join())
    scenario = game.scenario
    decisions = play(scenario, SEED, POLICIES["rice"]).decisions
    assert c.submit(1, decisions[0].to_dict())["accepted"]
    first.stop()

    # the host is down: the team plays on, and its round waits in the outbox
    assert c.submit(2, decisions[1].to_dict()) is None
    assert len(c.queued()) == 1

    store.close()
    reopened = Store(store.path)
    again = Workshop(reopened, reopened.workshop(workshop.row.id))
    second = WorkshopServer(again, "127.0.0.1", 0)
    second.start()
    try:
        c2 = client(second, "Red", tmp_path)
        info = c2.join()
        assert len(info["decisions"]) == 1, "the host kept round 1 through its restart"
        rejoined = joined_game(TeamLink(c2), info)
        assert len(rejoined.decisions) == 2, "the outbox round is part of the team's game"
        answer = c2.submit(3, decisions[2].to_dict())
        assert answer["rounds_done"] == 3 and c2.queued() == []
        assert answer["score"] == pytest.approx(score(play(scenario, SEED,
                                                           POLICIES["rice"])).total, abs=0.01)
    finally:
        second.stop()
        reopened.close()


def test_forged_scores_and_fields_are_ignored(server, workshop, tmp_path) -> None:
    c = client(server, "Forger", tmp_path)
    secret = c.join()["secret"]
    body = json.dumps({"code": "ROOM42", "team": "Forger", "round": 1, "score": 10_000,
                       "secret": secret,
                       "decision": {"build": [], "discover": [], "answers": {}}}).encode()
    status, answer = post(server, "/api/submit", body)
    assert status == 200
    assert answer["score"] < 150
    assert workshop.leaderboard()[0]["score"] == answer["score"]


@pytest.mark.parametrize(
    ("path", "body", "status", "words"),
    [
        ("/api/join", {"code": "NOPE00", "team": "X"}, 403, "wrong workshop code"),
        ("/api/join", {"code": "ROOM42", "team": "../../etc/passwd"}, 400, "team name"),
        ("/api/join", {"code": "ROOM42", "team": "x" * 200}, 400, "team name"),
        ("/api/submit", {"code": "ROOM42", "team": "Ghost", "round": 1,
                         "decision": {}}, 404, "has not joined"),
        ("/api/status", {"code": 42}, 403, "wrong workshop code"),
        ("/api/nothing", {}, 404, "no endpoint"),
    ],
)
def test_bad_requests_are_refused_and_logged(server, workshop, path, body, status,
                                             words) -> None:
    got, answer = post(server, path, json.dumps(body).encode())
    assert got == status and answer["ok"] is False and words in answer["error"]
    server.flush_log()  # refusals are logged as counts, once a minute and when the host stops
    assert any(str(status) in message for _, message in workshop.store.log_lines(workshop.row.id))


def test_malformed_oversized_and_invalid_submissions(server, workshop, tmp_path) -> None:
    c = client(server, "Red", tmp_path)
    secret = c.join()["secret"]
    assert post(server, "/api/submit", b"{not json")[0] == 400
    assert post(server, "/api/submit", b"[1, 2]")[0] == 400
    big = b'{"x": "' + b"a" * (MAX_BODY + 10) + b'"}'
    assert post(server, "/api/submit", big)[0] == 413
    bad_shape = {"code": "ROOM42", "team": "Red", "round": 1, "decision": {"build": "sso"},
                 "secret": secret}
    assert post(server, "/api/submit", json.dumps(bad_shape).encode())[0] == 400
    unplayable = {"code": "ROOM42", "team": "Red", "round": 1, "secret": secret,
                  "decision": {"build": ["no-such-request"], "discover": [], "answers": {}}}
    status, answer = post(server, "/api/submit", json.dumps(unplayable).encode())
    assert status == 422 and "no request 'no-such-request'" in answer["error"]
    skipping = {"code": "ROOM42", "team": "Red", "round": 2, "secret": secret,
                "decision": {"build": [], "discover": [], "answers": {}}}
    assert post(server, "/api/submit", json.dumps(skipping).encode())[0] == 409
    assert workshop.store.decisions(workshop.row.id, "Red") == []


def test_a_resent_round_is_accepted_once(server, workshop, tmp_path) -> None:
    c = client(server, "Red", tmp_path)
    c.join()
    decision = {"build": ["double-booking"], "discover": [], "answers": {}}
    assert c.submit(1, decision)["duplicate"] is False
    assert c.submit(1, decision)["duplicate"] is True
    with pytest.raises(HostRefused, match="different decision"):
        c.submit(1, {"build": [], "discover": [], "answers": {}})
    assert len(workshop.store.decisions(workshop.row.id, "Red")) == 1


def test_paced_rounds_open_for_the_whole_room(store) -> None:
    text = resolve("tutorial").read_text(encoding="utf-8")
    ws = Workshop.create(store, text, SEED, code="PACED1", paced=True, round_minutes=10)
    secret = ws.join("PACED1", "Red")["secret"]
    empty = {"build": [], "discover": [], "answers": {}}
    ws.submit("PACED1", "Red", 1, empty, secret=secret)
    with pytest.raises(WorkshopError, match="not open yet"):
        ws.submit("PACED1", "Red", 2, empty, secret=secret)
    assert ws.status()["teams"][0]["waiting"]
    assert ws.open_next_round() == 2
    ws.submit("PACED1", "Red", 2, empty, secret=secret)


def test_timer_start_pause_extend_and_who_is_behind(store) -> None:
    now = [1000.0]
    text = resolve("tutorial").read_text(encoding="utf-8")
    ws = Workshop.create(store, text, SEED, code="TIMER1", round_minutes=10,
                         clock=lambda: now[0])
    ws.join("TIMER1", "Slow")
    assert ws.remaining() == 30 * 60
    ws.start_timer()
    now[0] += 11 * 60
    assert ws.remaining() == pytest.approx(19 * 60)
    assert ws.status()["teams"][0]["behind"], "round 2 is due and Slow has played none"
    ws.pause_timer()
    now[0] += 60
    assert ws.remaining() == pytest.approx(19 * 60)
    ws.extend_timer(5)
    assert ws.remaining() == pytest.approx(24 * 60)


def test_export_csv_and_json(workshop, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(workshop.store.path.parent.parent))
    scenario = load("tutorial").scenario
    for name, policy in (("Red", "rice"), ("Blue", "loudest")):
        rep = record(play(scenario, SEED, POLICIES[policy]))
        workshop.import_replay(name, rep)
    rows = workshop.results(samples=3)
    assert rows[0]["score"] >= rows[1]["score"]
    assert {r["team"] for r in rows} == {"Red", "Blue"}
    assert all(r["decision_quality"] is not None for r in rows)


def test_cli_import_and_export_roundtrip(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from pmsim.workshop.store import default_path

    store = Store(default_path())
    text = resolve("tutorial").read_text(encoding="utf-8")
    ws = Workshop.create(store, text, SEED, code="OFFLN1")
    store.close()
    scenario = load("tutorial").scenario
    files = []
    for name, policy in (("North", "wsjf"), ("South", "rice")):
        files.append(str(write_result(play(scenario, SEED, POLICIES[policy]), name, tmp_path)))
    forged = tmp_path / "forged.json"
    data = json.loads(Path(files[0]).read_text(encoding="utf-8"))
    data["team"] = "Forger"
    data["replay"]["seed"] = SEED + 1
    forged.write_text(json.dumps(data), encoding="utf-8")
    assert main(["workshop", "import", "OFFLN1", *files, str(forged)]) == 1
    out = capsys.readouterr().out
    assert "team 'North'" in out and "another scenario or seed" in out
    csv_path = tmp_path / "results.csv"
    assert main(["workshop", "export", ws.row.id, "--csv", str(csv_path)]) == 0
    assert "exported 2 teams" in capsys.readouterr().out
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8-sig")))
    assert {r["team"] for r in rows} == {"North", "South"}
    north = next(r for r in rows if r["team"] == "North")
    assert float(north["score"]) == pytest.approx(
        score(play(scenario, SEED, POLICIES["wsjf"])).total, abs=0.01)
    assert main(["workshop", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["id"] == ws.row.id and set(listed[0]["teams"]) == {"North", "South"}


def test_cross_team_debrief(workshop) -> None:
    scenario = load("tutorial").scenario
    for name, policy in (("Red", "rice"), ("Blue", "loudest"), ("Green", "wsjf")):
        workshop.import_replay(name, record(play(scenario, SEED, POLICIES[policy])))
    debrief = workshop.debrief(samples=3)
    assert len(debrief["rounds"]) == scenario.rounds
    first = debrief["rounds"][0]["requests"]
    assert sum(entry["built"] for entry in first) >= 3
    assert debrief["best_decisions"] and debrief["worst_decisions"]
    best, worst = debrief["best_decisions"][0], debrief["worst_decisions"][0]
    assert best["mean_with"] - best["mean_without"] >= worst["mean_with"] - worst["mean_without"]
    assert {t["team"] for t in debrief["teams"]} == {"Red", "Blue", "Green"}


def test_a_paced_round_sent_early_waits_in_the_outbox(store, tmp_path) -> None:
    text = resolve("tutorial").read_text(encoding="utf-8")
    ws = Workshop.create(store, text, SEED, code="PACED2", paced=True)
    srv = WorkshopServer(ws, "127.0.0.1", 0)
    srv.start()
    try:
        c = client(srv, "Red", tmp_path, code="PACED2")
        c.join()
        empty = {"build": [], "discover": [], "answers": {}}
        assert c.submit(1, empty)["accepted"]
        link = TeamLink(c)
        assert not link.round_open(2)
        assert c.submit(2, empty) is None, "too early: kept, not lost"
        assert len(c.queued()) == 1
        ws.open_next_round()
        assert c.flush()["rounds_done"] == 2
        assert c.queued() == []
    finally:
        srv.stop()


def test_an_autoplayed_team_waits_for_each_paced_round(store, tmp_path) -> None:
    text = resolve("tutorial").read_text(encoding="utf-8")
    ws = Workshop.create(store, text, SEED, code="PACED3", paced=True, allow_bots=True)
    srv = WorkshopServer(ws, "127.0.0.1", 0)
    srv.start()
    try:
        link = TeamLink(client(srv, "Bot", tmp_path, code="PACED3"))
        game = joined_game(link, link.client.join())
        done = threading.Event()
        thread = threading.Thread(target=lambda: (autoplay_team(link, game, "rice"), done.set()))
        thread.start()
        for _ in range(2):
            assert not done.wait(2.5), "the team must wait for the facilitator"
            ws.open_next_round()
        assert done.wait(20)
        thread.join()
        assert ws.leaderboard()[0]["rounds_done"] == 3
    finally:
        srv.stop()


def test_a_final_round_kept_offline_is_sent_on_rejoin(store, workshop, tmp_path) -> None:
    scenario = load("tutorial").scenario
    decisions = play(scenario, SEED, POLICIES["rice"]).decisions
    first = WorkshopServer(workshop, "127.0.0.1", 0)
    first.start()
    c = client(first, "Red", tmp_path)
    c.join()
    c.submit(1, decisions[0].to_dict())
    c.submit(2, decisions[1].to_dict())
    port = first.port
    first.stop()
    assert c.submit(3, decisions[2].to_dict()) is None  # the last round, kept
    again = WorkshopServer(workshop, "127.0.0.1", port)
    again.start()
    try:
        assert c.flush()["over"] is True  # what `pmsim play --join` does first on rejoining
        assert c.queued() == []
        assert workshop.leaderboard()[0]["rounds_done"] == 3
    finally:
        again.stop()


def test_a_refused_import_leaves_no_team_and_paced_rounds_do_not_apply(store) -> None:
    text = resolve("tutorial").read_text(encoding="utf-8")
    ws = Workshop.create(store, text, SEED, code="IMPORT", paced=True)
    scenario = load("tutorial").scenario
    good = record(play(scenario, SEED, POLICIES["wsjf"]))
    bad = Replay.from_json(good.to_json().replace('"build": [', '"build": ["nope", ', 1))
    with pytest.raises(WorkshopError, match="cannot be played"):
        ws.import_replay("Forger", bad)
    assert ws.store.teams(ws.row.id) == []
    assert ws.import_replay("Offline", good)["rounds_done"] == scenario.rounds


def test_leaderboard_puts_teams_further_along_first(workshop) -> None:
    workshop.join("ROOM42", "Idle")
    scenario = load("tutorial").scenario
    workshop.import_replay("Done", record(play(scenario, SEED, POLICIES["loudest"])))
    assert [r["team"] for r in workshop.leaderboard()] == ["Done", "Idle"]


def test_outboxes_of_similar_team_names_do_not_collide(tmp_path) -> None:
    a = Client("127.0.0.1:1", "ROOM42", "Team A", outbox_dir=tmp_path)
    b = Client("127.0.0.1:1", "ROOM42", "Team_A", outbox_dir=tmp_path)
    assert a.outbox != b.outbox


def test_control_from_another_process_reaches_a_running_host(workshop, tmp_path, monkeypatch,
                                                             capsys) -> None:
    # the host's Workshop object and the control command share only the database
    text = resolve("tutorial").read_text(encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from pmsim.workshop.store import default_path

    store = Store(default_path())
    host_side = Workshop.create(store, text, SEED, code="CTRL01", paced=True, round_minutes=5)
    assert main(["workshop", "control", "CTRL01", "next"]) == 0
    assert main(["workshop", "control", "CTRL01", "extend", "2"]) == 0
    assert "sprint 2 open" in capsys.readouterr().out
    status = host_side.status()
    assert status["open_round"] == 2 and status["remaining_seconds"] >= 6 * 60
    assert main(["workshop", "control", "CTRL01", "extend"]) == 2
    store.close()


def test_a_host_that_cannot_listen_saves_no_workshop(tmp_path, monkeypatch, capsys) -> None:
    import socket

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    try:
        code = main(["workshop", "host", "tutorial", "--bind", "127.0.0.1", "--port",
                     str(port), "--headless", "--code", "BUSY01"])
    finally:
        busy.close()
    assert code == 2 and "cannot listen" in capsys.readouterr().err
    assert main(["workshop", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_text_game_plays_a_workshop_round_and_shows_the_room(server, workshop,
                                                                 tmp_path) -> None:
    from pmsim.terminal.play import Session

    link = TeamLink(client(server, "Typists", tmp_path))
    game = joined_game(link, link.client.join())
    feed = iter(["", "b 2", "e", "y", "", "q"])
    shown: list[str] = []
    session = Session(game, "tutorial", read=lambda _: next(feed), write=shown.append,
                      save_dir=tmp_path / "saves", link=link)
    assert session.run() == 0
    text = "\n".join(shown)
    assert "Workshop:" in text and "round 1 sent" in text
    assert "`pmsim play --join ...` command" in text  # whole, to be copied
    assert workshop.leaderboard()[0]["rounds_done"] == 1
    assert not (tmp_path / "saves" / "autosave.json").exists(), "the host keeps workshop games"
