"""Issue 15's figures, each measured as a ratio or against a reference in one run.

Run from the repository root:
.venv/bin/python bench/speed_bench.py [--quick] [--only autoplay|startup|analyze|generated]

1. Autoplay rounds per second (view, decide, play a round; the policies random, loudest, rice
   and wsjf, which both versions have) on every bundled scenario, against commit 474263b:
   the bench checks that commit out into a temporary `git worktree` and times both versions
   in child processes, alternating (baseline, current, baseline, current, ...), each on its
   own bundled scenario of the same id; the best run of each side is kept (as `timeit` does:
   slower runs measure the other work on a shared machine). Target: at least 3x.
2. `pmsim analyze SCENARIO --seeds 100`, run as the README says, wall time for every bundled
   scenario (target at most 1.5 s) and for a generated 200-request, 30-round scenario (target
   at most 15 s). The generated one is a bundled scenario (pressure, 6 rounds) with its
   requests copied until there are 200, each copy arriving (and due) 4 rounds after the one
   before, over 30 rounds, with the most capacity pressure has in a round.
3. `pmsim list` and `pmsim validate scenarios/tutorial.yaml` wall time against
   `python -c pass`, alternating, best of seven each (targets 0.3 s and 0.35 s). `list` is
   timed warm (its cache filled by a first run) and cold (the cache folder empty).

Results go in bench/RESULTS.md by hand, with the machine and the load on it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASELINE = "474263b"
PYTHON = sys.executable
PMSIM = str(Path(PYTHON).with_name("pmsim"))
POLICIES = ("random", "loudest", "rice", "wsjf")

AUTOPLAY = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
import pmsim
assert pmsim.__file__.startswith(sys.argv[1]), pmsim.__file__
from pmsim.analysis.policies import POLICIES, policy_rng
from pmsim.engine import new_game, play_round, view
from pmsim.resources import scenarios_dir
from pmsim.scenario import load_file

budget = float(sys.argv[3])
rates = {}
for sid in sys.argv[2].split(","):
    scenario = load_file(scenarios_dir() / f"{sid}.yaml").scenario
    rounds, spent, seed = 0, 0.0, 0
    while spent < budget:
        seed += 1
        for name in sys.argv[4].split(","):
            policy, rng = POLICIES[name], policy_rng(name, seed)
            game = new_game(scenario, seed)
            start = time.perf_counter()
            while not game.over:
                game, _ = play_round(game, policy.decide(view(game), rng))
                rounds += 1
            spent += time.perf_counter() - start
    rates[sid] = rounds / spent
print(json.dumps(rates))
"""


def bundled_ids() -> list[str]:
    return sorted(p.stem for p in (REPO / "scenarios").glob("*.yaml"))


def autoplay_rates(tree: Path, ids: list[str], budget: float) -> dict[str, float]:
    out = subprocess.run(
        [PYTHON, "-c", AUTOPLAY, str(tree), ",".join(ids), str(budget), ",".join(POLICIES)],
        capture_output=True, text=True, check=True, cwd=tree,
    ).stdout
    return json.loads(out.splitlines()[-1])


def compare_autoplay(ids: list[str], budget: float, runs: int) -> None:
    """Each scenario that both versions bundle (a scenario added since has no baseline)."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(base),
                        BASELINE], check=True)
        ids = [sid for sid in ids if (base / "scenarios" / f"{sid}.yaml").is_file()]
        try:
            best: dict[str, dict[str, float]] = {"baseline": {}, "current": {}}
            for _ in range(runs):
                for side, tree in (("baseline", base), ("current", REPO)):
                    for sid, rate in autoplay_rates(tree, ids, budget).items():
                        best[side][sid] = max(best[side].get(sid, 0.0), rate)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)],
                           check=True)
    print(f"\nautoplay rounds/s ({', '.join(POLICIES)}; best of {runs} alternating runs)")
    print(f"{'scenario':<12} {'474263b':>9} {'now':>9} {'ratio':>7}")
    for sid in ids:
        old, new = best["baseline"][sid], best["current"][sid]
        print(f"{sid:<12} {old:>9,.0f} {new:>9,.0f} {new / old:>6.2f}x")


def generated_scenario(folder: Path, requests: int = 200, rounds: int = 30) -> Path:
    """A big scenario for the scaling target, written as YAML beside nothing else."""
    import yaml  # writing only; it is read back through pmsim's own loader

    sys.path.insert(0, str(REPO))
    from pmsim.catalog import load

    source = load("pressure").scenario
    assert source is not None
    data = source.model_dump(mode="json", by_alias=True, exclude_none=True)
    period = source.rounds
    count = -(-requests // len(data["requests"]))
    step = (rounds - period) // max(1, count - 1)  # the last copy ends by the last round
    copies = []
    for k in range(count):
        for original in data["requests"]:
            request = json.loads(json.dumps(original))
            suffix = f"-{k}" if k else ""
            request["id"] += suffix
            request["depends_on"] = [d + suffix for d in request["depends_on"]]
            shift = k * step
            if k:
                request["arrives"] = (request.get("arrives") or 1) + shift
            if request.get("deadline") is not None:
                request["deadline"] += shift
            copies.append(request)
    kept = copies[:requests]
    ids = {r["id"] for r in kept}
    for request in kept:
        request["depends_on"] = [d for d in request["depends_on"] if d in ids]
    data.update(id="generated", title="Generated: 200 requests, 30 rounds", rounds=rounds,
                capacity=max(source.capacity_in(r) for r in range(1, period + 1)),
                requests=kept)
    path = folder / "generated.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, env=env, cwd=REPO)
    return time.perf_counter() - start


def wall_and_cpu(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the command and its worker processes): on
    a machine shared with other work the CPU time says what an idle one would take."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    took = wall(command)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def time_analyze(ids: list[str]) -> None:
    print("\npmsim analyze SCENARIO --seeds 100 (one run each: wall, and CPU over all workers)")
    for sid in ids:
        took, cpu = wall_and_cpu([PMSIM, "analyze", sid, "--seeds", "100"])
        print(f"{sid:<12} {took:>7.2f} s wall {cpu:>7.2f} s CPU", flush=True)


def time_generated() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = generated_scenario(Path(tmp))
        check = subprocess.run([PMSIM, "validate", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout
        took, cpu = wall_and_cpu([PMSIM, "analyze", str(path), "--seeds", "100"])
        print(f"{'generated':<12} {took:>7.2f} s wall {cpu:>7.2f} s CPU (200 requests, 30 rounds)")


def time_startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        cold_env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "never")}
        commands = {
            "python -c pass": ([PYTHON, "-c", "pass"], env),
            "pmsim list (warm)": ([PMSIM, "list"], env),
            "pmsim list (cold)": ([PMSIM, "list"], cold_env),
            "pmsim validate tutorial": ([PMSIM, "validate", "scenarios/tutorial.yaml"], env),
        }
        wall([PMSIM, "list"], env)  # fill the cache
        best = dict.fromkeys(commands, float("inf"))
        for _ in range(runs):
            for name, (command, where) in commands.items():
                if name.endswith("(cold)"):
                    subprocess.run(["rm", "-rf", str(Path(tmp) / "never")], check=True)
                best[name] = min(best[name], wall(command, where))
    print(f"\nstart-up (wall, best of {runs} alternating runs)")
    for name, took in best.items():
        print(f"{name:<26} {took:>6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    parser.add_argument("--only", choices=("autoplay", "startup", "analyze", "generated"),
                        help="one part only")
    args = parser.parse_args()
    ids = bundled_ids()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores,"
          f" load {os.getloadavg()[0]:.1f}")
    if args.only in (None, "autoplay"):
        compare_autoplay(ids, 0.3 if args.quick else 1.0, 2 if args.quick else 3)
    if args.only in (None, "startup"):
        time_startup(3 if args.quick else 7)
    if args.only in (None, "analyze"):
        time_analyze(ids)
    if args.only in (None, "generated"):
        time_generated()
    print(f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
