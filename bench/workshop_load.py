"""Workshop load test: 30 teams x 12 rounds submitting concurrently to one host on loopback.

Run: .venv/bin/python bench/workshop_load.py
Checks that nothing is lost (every round stored, every score equal to the same policy played
locally) and records the host's response times. Results go in bench/RESULTS.md.
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.engine import score
from pmsim.workshop.client import Client
from pmsim.workshop.server import WorkshopServer
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store

TEAMS = 30
SCENARIO = "techdebt"  # 12 rounds
SEED = 11


def main() -> None:
    scenario = load(SCENARIO).scenario
    assert scenario.rounds == 12
    names = list(POLICIES)
    plans = {f"Team {i + 1:02d}": play(scenario, SEED, POLICIES[names[i % len(names)]])
             for i in range(TEAMS)}
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "w.sqlite3")
        workshop = Workshop.create(store, resolve(SCENARIO).read_text(encoding="utf-8"), SEED,
                                   code="LOAD01")
        server = WorkshopServer(workshop, "127.0.0.1", 0)
        server.start()
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        start_line = threading.Barrier(TEAMS)

        def team(name: str) -> None:
            client = Client(f"127.0.0.1:{server.port}", "LOAD01", name,
                            outbox_dir=Path(folder) / "outbox")
            client.join()
            start_line.wait()
            for number, decision in enumerate(plans[name].decisions, start=1):
                began = time.perf_counter()
                answer = client.submit(number, decision.to_dict())
                took = time.perf_counter() - began
                with lock:
                    latencies.append(took * 1000)
                    if not answer or not answer.get("accepted"):
                        errors.append(f"{name} round {number}: {answer}")

        threads = [threading.Thread(target=team, args=(name,)) for name in plans]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
        server.stop()
        board = {row["team"]: row for row in workshop.leaderboard()}
        stored = sum(len(store.decisions(workshop.row.id, n)) for n in plans)
        mismatched = [n for n, g in plans.items()
                      if abs(board[n]["score"] - round(score(g).total, 2)) > 0.01]
        store.close()
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    print(f"{TEAMS} teams x {scenario.rounds} rounds = {len(latencies)} submissions "
          f"in {wall:.2f} s")
    print(f"stored {stored} of {TEAMS * scenario.rounds}; refused {len(errors)}; "
          f"scores that differ from local play: {len(mismatched)}")
    print(f"response time: p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms, p99 {q[98]:.1f} ms, "
          f"max {latencies[-1]:.1f} ms")
    assert stored == TEAMS * scenario.rounds and not errors and not mismatched


if __name__ == "__main__":
    main()
