"""Workshop load test: N teams x 12 rounds against one host on loopback, as a room uses it.

Run: .venv/bin/python bench/workshop_load.py [--teams 30 100 300] [--idle 200]

The host is the real command (`pmsim workshop host techdebt --headless`) in its own process,
with its default limits. Each team is a `Client` from its own loopback address (127.1.x.y: one
laptop each), joins, then plays its 12 rounds with a short think time between them while it
also polls the room's status every 5 s, as the team board does. With --idle, that many extra
connections (from 20 other addresses) send half a request and trickle a byte now and then,
reconnecting whenever the host cuts them off, for the whole run of 100 teams.

Checks that nothing is lost (every round stored, every score equal to the same policy played
locally), and records response times, status timeouts, and the host's CPU time and threads.
Results go in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load
from pmsim.engine import score
from pmsim.workshop.client import Client, HostRefused, Unreachable

SCENARIO = "techdebt"  # 12 rounds
SEED = 11
POLL_SECONDS = 5.0
THINK_SECONDS = (0.2, 2.0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def address(i: int) -> str:
    return f"127.1.{i // 250}.{i % 250 + 1}"


def host_usage(pid: int) -> tuple[float, int]:
    """(CPU seconds, threads) of a process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks, int(fields[17])
    except OSError:
        return float("nan"), -1


def q(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


class SlowLoris:
    """Connections that never finish a request, reopened whenever the host drops them."""

    def __init__(self, count: int, port: int):
        self.count, self.port = count, port
        self.stop = threading.Event()
        self.opened = 0
        self.held: list[int] = []
        self.threads = [threading.Thread(target=self._hold, args=(i,), daemon=True)
                        for i in range(count)]

    def _hold(self, i: int) -> None:
        source = f"127.2.0.{i % 20 + 1}"
        while not self.stop.is_set():
            s = socket.socket()
            try:
                s.settimeout(3)
                s.bind((source, 0))
                s.connect(("127.0.0.1", self.port))
                self.opened += 1
                s.sendall(b"POST /api/join HTTP/1.1\r\nHost: x\r\n")
                while not self.stop.wait(2.0):
                    s.sendall(b"X")  # a header that never ends
                    s.settimeout(0.01)
                    try:
                        if s.recv(1) == b"":
                            break
                    except TimeoutError:
                        pass
            except OSError:
                self.stop.wait(0.2)
            finally:
                s.close()

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def finish(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=5)


def run(teams: int, idle: int) -> dict[str, object]:
    scenario = load(SCENARIO).scenario
    names = [n for n in POLICIES if n != "optimal"]
    plans = {f"Team {i + 1:03d}": play(scenario, SEED, POLICIES[names[i % len(names)]])
             for i in range(teams)}
    code = "LD" + "".join(random.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(4))
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, XDG_DATA_HOME=str(Path(folder) / "data"))
        host = subprocess.Popen(
            [sys.executable, "-m", "pmsim", "workshop", "host", SCENARIO, "--headless",
             "--bind", "127.0.0.1", "--port", str(port), "--code", code, "--seed", str(SEED)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert host.stdout is not None
        host.stdout.readline()
        loris = SlowLoris(idle, port)
        if idle:
            loris.start()
            time.sleep(1.0)
        submits: list[float] = []
        statuses: list[float] = []
        status_failures: list[str] = []
        errors: list[str] = []
        lock = threading.Lock()
        done = threading.Event()
        start_line = threading.Barrier(teams)

        def team(index: int, name: str) -> None:
            client = Client(f"127.0.0.1:{port}", code, name,
                            outbox_dir=Path(folder) / "outbox", source=address(index))
            try:
                client.join()
            except (HostRefused, Unreachable) as exc:
                with lock:
                    errors.append(f"{name} join: {exc}")
            poller = threading.Thread(target=poll, args=(client,), daemon=True)
            poller.start()
            start_line.wait()
            rng = random.Random(index)
            for number, decision in enumerate(plans[name].decisions, start=1):
                time.sleep(rng.uniform(*THINK_SECONDS))
                began = time.perf_counter()
                try:
                    answer = client.submit(number, decision.to_dict())
                except HostRefused as exc:
                    answer, refused = None, str(exc)
                else:
                    refused = ""
                took = time.perf_counter() - began
                with lock:
                    submits.append(took * 1000)
                    if not answer or not answer.get("accepted"):
                        errors.append(f"{name} round {number}: {refused or 'kept'}")
            while client.queued():  # anything kept is sent before the team is done
                try:
                    client.flush()
                except HostRefused as exc:
                    with lock:
                        errors.append(f"{name} flush: {exc}")
                    break
                time.sleep(0.5)

        def poll(client: Client) -> None:
            since = None
            time.sleep(random.uniform(0, POLL_SECONDS))
            while not done.is_set():
                began = time.perf_counter()
                try:
                    answer = client._post("/api/status", {"code": code, "since": since})
                    since = answer["version"]
                    with lock:
                        statuses.append((time.perf_counter() - began) * 1000)
                except (Unreachable, HostRefused) as exc:
                    with lock:
                        status_failures.append(str(exc))
                done.wait(POLL_SECONDS)

        cpu_before, _ = host_usage(host.pid)
        threads = [threading.Thread(target=team, args=(i, name), daemon=True)
                   for i, name in enumerate(plans)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
        cpu_after, host_threads = host_usage(host.pid)
        done.set()
        loris.finish()
        out = Path(folder) / "results.json"
        subprocess.run([sys.executable, "-m", "pmsim", "workshop", "export", code, "--json",
                        str(out)], env=env, check=True, capture_output=True)
        host.terminate()
        host.wait(timeout=20)
        rows = {r["team"]: r for r in json.loads(out.read_text(encoding="utf-8"))["teams"]}
    stored = sum(r["rounds_done"] for r in rows.values())
    mismatched = [n for n, g in plans.items()
                  if n not in rows or abs(rows[n]["score"] - round(score(g).total, 2)) > 0.01]
    result = {
        "teams": teams, "rounds": scenario.rounds, "submissions": len(submits),
        "wall_s": round(wall, 1), "stored": stored, "expected": teams * scenario.rounds,
        "errors": len(errors), "first_errors": errors[:3], "mismatched": len(mismatched),
        "submit_p50_ms": round(q(submits, 50), 1), "submit_p99_ms": round(q(submits, 99), 1),
        "submit_max_ms": round(max(submits), 1),
        "status_calls": len(statuses), "status_failures": len(status_failures),
        "status_p50_ms": round(q(statuses, 50), 1), "status_p99_ms": round(q(statuses, 99), 1),
        "status_max_ms": round(max(statuses), 1) if statuses else None,
        "host_cpu_percent": round(100 * (cpu_after - cpu_before) / wall, 0),
        "host_threads": host_threads, "idle": idle, "idle_connections_opened": loris.opened,
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, nargs="+", default=[30, 100, 300])
    parser.add_argument("--idle", type=int, default=200,
                        help="slow idle connections held during the 100-team run")
    args = parser.parse_args()
    failed = False
    for teams in args.teams:
        r = run(teams, args.idle if teams == 100 else 0)
        print(f"{r['teams']} teams x {r['rounds']} rounds"
              + (f" + {r['idle']} idle slow connections ({r['idle_connections_opened']} "
                 "opened in all)" if r["idle"] else "") + f": {r['wall_s']} s")
        print(f"  stored {r['stored']} of {r['expected']}; refused or kept {r['errors']} "
              f"{r['first_errors'] or ''}; scores that differ from local play: "
              f"{r['mismatched']}")
        print(f"  submit: p50 {r['submit_p50_ms']} ms, p99 {r['submit_p99_ms']} ms, "
              f"max {r['submit_max_ms']} ms")
        print(f"  status: {r['status_calls']} calls, {r['status_failures']} failed, "
              f"p50 {r['status_p50_ms']} ms, p99 {r['status_p99_ms']} ms, "
              f"max {r['status_max_ms']} ms")
        print(f"  host: {r['host_cpu_percent']} % of a core, {r['host_threads']} threads")
        failed |= bool(r["stored"] != r["expected"] or r["errors"] or r["mismatched"]
                       or r["status_failures"])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
