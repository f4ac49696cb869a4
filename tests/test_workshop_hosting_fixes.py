"""A workshop has one host at a time; import checks its files' version and reads '-' as
standard input; the words a facilitator and a team read."""

from __future__ import annotations

import io
import json
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pmsim.catalog import resolve
from pmsim.cli import main
from pmsim.workshop.hostlock import AlreadyHosted, HostLock
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store, default_path

CODE = "LOCKED1"


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _workshop() -> str:
    store = Store(default_path())
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7, code=CODE)
    store.close()
    return ws.row.id


def test_a_workshop_being_hosted_is_not_hosted_twice(data_home, capsys, monkeypatch) -> None:
    import time

    real_sleep = time.sleep

    def sleep(seconds: float) -> None:  # a headless host that serves stops at once
        if seconds >= 3600:
            raise KeyboardInterrupt
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
    workshop_id = _workshop()
    held = HostLock(default_path().parent / "hosting", workshop_id)
    held.acquire()  # the first host
    try:
        code = main(["workshop", "host", "tutorial", "--code", CODE, "--headless",
                     "--bind", "127.0.0.1", "--port", str(_free_port())])
    finally:
        held.release()
    captured = capsys.readouterr()
    assert code == 1
    assert "Resumed" not in captured.out
    assert f"workshop {CODE} is already being hosted on this laptop" in captured.err
    assert "stop that host first" in captured.err
    assert "Traceback" not in captured.err


def test_the_host_lock_dies_with_its_process(tmp_path) -> None:
    """A host killed outright leaves no lock behind (not a PID file that blocks forever)."""
    script = ("import sys, time\nfrom pathlib import Path\n"
              "from pmsim.workshop.hostlock import HostLock\n"
              f"lock = HostLock(Path({str(tmp_path)!r}), 'w-1')\nlock.acquire()\n"
              "print('held', flush=True)\ntime.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyHosted) as refused:
            HostLock(tmp_path, "w-1").acquire()
        assert refused.value.pid == holder.pid
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    lock = HostLock(tmp_path, "w-1")
    lock.acquire()  # the file is still there; the lock is not
    lock.release()


def _result_file(folder: Path, **changes: object) -> Path:
    from pmsim.analysis import POLICIES, play
    from pmsim.catalog import load
    from pmsim.workshop.team import write_result

    path = write_result(play(load("tutorial").scenario, 7, POLICIES["rice"]), "North", folder)
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _teams(workshop_id: str) -> list[str]:
    store = Store(default_path())
    try:
        return store.teams(workshop_id)
    finally:
        store.close()


@pytest.mark.parametrize(("version", "shown"), [(99, "is version 99"),
                                                ("abc", 'is version "abc"'),
                                                (None, "has no version")])
def test_import_refuses_a_result_file_of_another_version(data_home, capsys, version,
                                                         shown) -> None:
    workshop_id = _workshop()
    path = _result_file(data_home.parent, version=version)
    assert main(["workshop", "import", CODE, str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: refused: the result file {shown}; this pmsim reads version 1" in out
    assert "the file was not imported" in out
    assert _teams(workshop_id) == []


def test_import_reads_standard_input_for_a_dash(data_home, capsys, monkeypatch) -> None:
    workshop_id = _workshop()
    path = _result_file(data_home.parent)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    assert main(["workshop", "import", CODE, "-"]) == 0
    out = capsys.readouterr().out
    assert "standard input: team 'North', 3 rounds" in out
    assert _teams(workshop_id) == ["North"]


def test_import_takes_standard_input_once(data_home, capsys) -> None:
    _workshop()
    assert main(["workshop", "import", CODE, "-", "-"]) == 2
    assert "standard input (-) can be read only once" in capsys.readouterr().err


def test_joining_something_that_is_not_a_pmsim_host_says_so(data_home, capsys) -> None:
    import http.server
    import threading

    class NotFound(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = b"<html>404 Not Found</html>"
            self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        address = f"127.0.0.1:{server.server_address[1]}"
        code = main(["play", "--join", address, "--code", CODE, "--team", "North", "--text"])
    finally:
        server.shutdown()
        server.server_close()
    err = capsys.readouterr().err
    assert code == 1
    assert "refused" not in err
    assert "not a pmsim workshop host: something else answers at this address, with HTTP 404" \
        in err


def test_a_workshop_without_a_timer_says_so_once(data_home, capsys) -> None:
    store = Store(default_path())
    Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7, code="PACED1",
                    paced=True)
    store.close()
    assert main(["workshop", "control", "PACED1", "start"]) == 0
    out = capsys.readouterr().out
    assert "timer running" not in out and "no timer" in out
    assert "sprint 1 open; no timer (the workshop was started without --round-minutes)" in out


def test_one_team_is_one_team_in_list_and_export(data_home, capsys) -> None:
    workshop_id = _workshop()
    store = Store(default_path())
    Workshop(store, store.workshop(workshop_id)).join(CODE, "North")  # type: ignore[arg-type]
    store.close()
    assert main(["workshop", "list"]) == 0
    assert "  1 team: North" in capsys.readouterr().out
    assert main(["workshop", "export", CODE, "--json", str(data_home.parent / "r.json")]) == 0
    assert f"exported 1 team of {workshop_id}" in capsys.readouterr().out


def test_a_self_paced_teams_status_line_does_not_say_workshop_twice() -> None:
    from pmsim.play.link import LinkStatus, status_from_host

    status = status_from_host(LinkStatus(team="North", message="round 1 sent"),
                              {"paced": False, "open_round": 3, "remaining_seconds": None}, 0.0)
    assert status.line(0.0) == "Workshop: self-paced · round 1 sent"


def test_a_team_carries_on_while_the_host_is_away_and_its_rounds_arrive_later(
        data_home, tmp_path) -> None:
    """After `q`, the same join command carries on while the host is down (as the game says),
    from the rounds kept on this laptop; they reach the host once it is back."""
    from pmsim.analysis import POLICIES
    from pmsim.analysis.policies import decider
    from pmsim.engine import play_round, view
    from pmsim.play import joining
    from pmsim.workshop.server import Limits, WorkshopServer

    workshop_id = _workshop()
    store = Store(default_path())
    row = store.workshop(workshop_id)
    assert row is not None and "rice" in POLICIES
    port = _free_port()
    server = WorkshopServer(Workshop(store, row), "127.0.0.1", port, Limits())
    server.start()
    address = f"127.0.0.1:{port}"
    joined = joining.join(address, CODE, "North")
    decide = decider("rice", joined.game.scenario, joined.game.seed)
    game, _ = play_round(joined.game, decide(view(joined.game)))
    poller = joined.poller.start()
    poller.send(1, game.decisions[0].to_dict())
    assert poller.wait_idle(10)
    poller.close()
    server.stop()  # the host goes down; the team quit and types its join command again

    again = joining.join(address, CODE, "North")
    assert again.offline and len(again.game.decisions) == 1
    assert "the workshop host does not answer" in again.notes[0]
    assert "1 round played" in again.notes[0]
    game, _ = play_round(again.game, decide(view(again.game)))
    again.poller.send(2, game.decisions[1].to_dict())
    assert again.poller.wait_idle(10)
    assert "kept" in again.poller.status.message
    assert store.rounds_done(workshop_id) == {"North": 1}

    server = WorkshopServer(Workshop(store, row), "127.0.0.1", port, Limits())
    server.start()  # the host is back: the kept round goes at the next poll
    try:
        again.poller.refresh()
        assert again.poller.wait_idle(10)
        assert store.rounds_done(workshop_id) == {"North": 2}
    finally:
        again.poller.close()
        server.stop()
        store.close()


def test_a_laptop_that_never_joined_has_nothing_to_carry_on(data_home, capsys) -> None:
    code = main(["play", "--join", f"127.0.0.1:{_free_port()}", "--code", CODE,
                 "--team", "North", "--text"])
    assert code == 1
    assert "cannot reach the workshop host" in capsys.readouterr().err


def test_the_dashboard_of_a_workshop_without_a_timer_calls_no_timer_running(app,
                                                                           tmp_path) -> None:
    from pmsim.ui.scenes.dashboard import DashboardScene

    store = Store(tmp_path / "w.sqlite3")
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code="ROOM43", paced=True)
    ws.start_timer()
    try:
        app.reset(DashboardScene(app, ws, "127.0.0.1:8765"))
        app.draw()
        shown = " ".join(r.text for r in app.theme.records)
        assert "no timer" in shown and "Timer running" not in shown
        assert "No minutes per round were set" in shown
    finally:
        store.close()
