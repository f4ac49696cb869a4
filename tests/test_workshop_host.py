"""The facilitator's commands, run as a facilitator runs them: the host with its dashboard
(under SDL's dummy video driver), `workshop control`, list, import and export."""

from __future__ import annotations

import csv
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pygame
import pytest

from pmsim.cli import main
from pmsim.workshop.client import Client, Unreachable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_host(port: int, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"no host listening on port {port}")


def test_host_with_its_dashboard_shows_how_to_join_and_takes_a_team(tmp_path, monkeypatch,
                                                                     capsys) -> None:
    from pmsim.ui.app import App

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    port = free_port()
    frames: list[list[str]] = []
    real_draw = App.draw

    def recording_draw(self, present: bool = True):
        surface = real_draw(self, present)
        frames.append([r.text for r in self.theme.records])
        return surface

    monkeypatch.setattr(App, "draw", recording_draw)
    seen: dict[str, object] = {}

    def a_team_joins() -> None:
        try:
            wait_for_host(port)
            while not frames:
                time.sleep(0.05)
            code = next(t for t in frames[0] if t.startswith("Code")).split()[-1]
            seen["code"] = code
            seen["join"] = Client(f"127.0.0.1:{port}", code, "Blue Harbour",
                                  outbox_dir=tmp_path / "outbox").join()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:  # the board refreshes every second
                if any("Blue Harbour: round 1" in t for t in frames[-1]):
                    seen["shown"] = True
                    break
                time.sleep(0.1)
            # the room's debrief, from the dashboard's key, and back
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_d, mod=0,
                                                 unicode="d"))
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if "How the room decided" in frames[-1]:
                    seen["debrief"] = frames[-1]
                    break
                time.sleep(0.05)
        finally:
            pygame.event.post(pygame.event.Event(pygame.QUIT))

    helper = threading.Thread(target=a_team_joins, daemon=True)
    helper.start()
    code = main(["workshop", "host", "tutorial", "--bind", "127.0.0.1", "--port", str(port),
                 "--round-minutes", "5"])
    helper.join(timeout=15)
    out = capsys.readouterr().out
    assert code == 0
    first = frames[0]
    assert f"Join at 127.0.0.1:{port}" in first
    assert re.fullmatch(r"Code  [A-Z2-9]{6}", next(t for t in first if t.startswith("Code")))
    assert f"--join 127.0.0.1:{port} --code {seen['code']}" in out
    assert seen["join"]["team"] == "Blue Harbour"  # type: ignore[index]
    assert seen.get("shown"), "the dashboard lists the team that joined"
    assert any("Blue Harbour: no rounds played" in t for t in seen["debrief"])  # type: ignore[attr-defined]
    with pytest.raises(Unreachable):  # the host stops with its window
        Client(f"127.0.0.1:{port}", str(seen["code"]), "Late", outbox_dir=tmp_path).join()


def run_pmsim(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pmsim", *args], env=env, capture_output=True,
                          text=True, timeout=120, **kwargs)


@pytest.fixture
def user_env(tmp_path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONUNBUFFERED="1")
    return env


def test_the_host_command_as_a_facilitator_types_it(tmp_path, user_env) -> None:
    """`pmsim workshop host tutorial` in its own process, with the dashboard; a team joins over
    the network, the facilitator opens rounds with `workshop control` from another terminal,
    stops the host with Ctrl-C, and exports the results."""
    port = free_port()
    host = subprocess.Popen([sys.executable, "-m", "pmsim", "workshop", "host", "tutorial",
                             "--bind", "127.0.0.1", "--port", str(port), "--paced",
                             "--seed", "1"],
                            env=user_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        first = host.stdout.readline()  # type: ignore[union-attr]
        second = host.stdout.readline()  # type: ignore[union-attr]
        assert first.startswith("Hosting workshop tutorial-"), first + host.stderr.read()
        match = re.search(r"--join (127\.0\.0\.1:\d+) --code ([A-Z2-9]{6}) --team NAME", second)
        assert match, second
        address, code = match.groups()
        team = Client(address, code, "Équipe Bleue", outbox_dir=tmp_path / "outbox")
        assert team.join()["decisions"] == []
        empty = {"build": [], "discover": [], "answers": {}}
        assert team.submit(1, empty)["rounds_done"] == 1
        assert team.submit(2, empty) is None  # paced: round 2 is not open, kept
        control = run_pmsim(["workshop", "control", code, "next"], user_env)
        assert control.returncode == 0 and "sprint 2 open" in control.stdout, control.stderr
        assert team.flush()["rounds_done"] == 2
        host.send_signal(signal.SIGINT)
        assert host.wait(timeout=20) == 0
        assert "Traceback" not in host.stderr.read()  # type: ignore[union-attr]
    finally:
        if host.poll() is None:
            host.kill()
            host.wait()
    from pmsim.analysis import POLICIES, play
    from pmsim.catalog import load
    from pmsim.engine import score
    from pmsim.workshop.team import write_result

    offline_game = play(load("tutorial").scenario, 1, POLICIES["rice"])
    offline = write_result(offline_game, "Offline", tmp_path)
    imported = run_pmsim(["workshop", "import", code, str(offline)], user_env)
    assert imported.returncode == 0 and "team 'Offline', 3 rounds" in imported.stdout, \
        imported.stdout + imported.stderr
    listed = run_pmsim(["workshop", "list"], user_env)
    assert listed.returncode == 0 and "Équipe Bleue" in listed.stdout
    out = tmp_path / "results.csv"
    exported = run_pmsim(["workshop", "export", code, "--csv", str(out)], user_env)
    assert exported.returncode == 0 and "exported 2 teams" in exported.stdout, exported.stderr
    rows = {r["team"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert set(rows) == {"Équipe Bleue", "Offline"}
    assert float(rows["Offline"]["score"]) == pytest.approx(score(offline_game).total, abs=0.01)


def test_a_host_killed_mid_workshop_loses_no_acknowledged_round(tmp_path, user_env) -> None:
    """SIGKILL the host while 10 teams submit, start the same command again: every round a
    team saw acknowledged is still there, and every final score equals local play."""
    from pmsim.analysis import POLICIES, play
    from pmsim.catalog import load
    from pmsim.engine import score
    from pmsim.workshop.store import Store

    scenario_id, seed, code = "techdebt", 5, "K7PQ3X"
    scenario = load(scenario_id).scenario
    names = ["rice", "loudest", "wsjf", "random", "rice-discover"]
    plans = {f"Team {i}": play(scenario, seed, POLICIES[names[i % len(names)]])
             for i in range(10)}
    port = free_port()
    command = [sys.executable, "-m", "pmsim", "workshop", "host", scenario_id, "--headless",
               "--bind", "127.0.0.1", "--port", str(port), "--code", code, "--seed", str(seed)]

    def start_host() -> subprocess.Popen:
        process = subprocess.Popen(command, env=user_env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        wait_for_host(port)
        return process

    host = start_host()
    acked: dict[str, int] = dict.fromkeys(plans, 0)
    lock = threading.Lock()
    stop = time.monotonic() + 90

    def play_team(name: str) -> None:
        c = Client(f"127.0.0.1:{port}", code, name, outbox_dir=tmp_path / "outbox")
        while time.monotonic() < stop:
            try:
                c.join()
                break
            except Unreachable:
                time.sleep(0.2)
        for number, decision in enumerate(plans[name].decisions, start=1):
            answer = c.submit(number, decision.to_dict())
            while answer is None and time.monotonic() < stop:
                time.sleep(0.1)
                answer = c.flush() if c.queued() else {"rounds_done": number}
            with lock:
                acked[name] = max(acked[name], int(answer["rounds_done"]))  # type: ignore[index]
            time.sleep(0.02)

    threads = [threading.Thread(target=play_team, args=(n,), daemon=True) for n in plans]
    for t in threads:
        t.start()
    while sum(acked.values()) < 25 and time.monotonic() < stop:
        time.sleep(0.01)
    host.send_signal(signal.SIGKILL)
    host.wait()
    with lock:
        before = dict(acked)
    assert 0 < sum(before.values()) < 120, "killed mid-workshop"
    db = Store(tmp_path / "data" / "pmsim" / "workshops.sqlite3")
    row = db.workshop_by_code(code)
    assert row is not None
    stored = db.rounds_done(row.id)
    db.close()
    for name, count in before.items():
        assert stored.get(name, 0) >= count, f"{name}: an acknowledged round was lost"
    host = start_host()
    try:
        for t in threads:
            t.join(timeout=90)
        assert all(v == scenario.rounds for v in acked.values()), acked
    finally:
        host.send_signal(signal.SIGINT)
        host.wait(timeout=20)
    out = tmp_path / "results.json"
    assert run_pmsim(["workshop", "export", code, "--json", str(out)], user_env).returncode == 0
    import json

    rows = {r["team"]: r for r in json.loads(out.read_text(encoding="utf-8"))["teams"]}
    for name, game in plans.items():
        assert rows[name]["score"] == pytest.approx(score(game).total, abs=0.01), name
        assert rows[name]["over"]
