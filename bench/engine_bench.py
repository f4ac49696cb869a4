"""Engine benchmark: rounds per second, playthroughs per second, and `pmsim analyze --seeds 100`.

Run: .venv/bin/python bench/engine_bench.py [--quick]
Targets (issue 3): at least 10,000 rounds/s on one core; analyze --seeds 100 under 5 s per
bundled scenario. Results are recorded in bench/RESULTS.md by hand, with the machine.
"""

from __future__ import annotations

import argparse
import platform
import time

from pmsim.analysis import POLICIES, analyze, play
from pmsim.catalog import bundled
from pmsim.engine import new_game, play_round, score
from pmsim.scenario import load_file


def rounds_per_second(scenario, seconds: float) -> tuple[float, float]:
    """Time only the engine: decisions are recorded first (by the rice policy), then replayed.

    Rounds per second times `play_round` alone; playthroughs per second times whole games:
    drawing the truth, every round, and the score. The best of five runs is reported, as
    `timeit` does: slower runs measure the other work on the machine, not the engine.
    """
    games = [play(scenario, seed, POLICIES["rice"]) for seed in range(50)]
    plays = [(g.seed, g.decisions) for g in games]
    runs = [_run(scenario, plays, seconds / 5) for _ in range(5)]
    return max(r for r, _ in runs), max(g for _, g in runs)


def _run(scenario, plays, seconds: float) -> tuple[float, float]:
    rounds = games_done = 0
    in_rounds = whole = 0.0
    clock = time.perf_counter
    while whole < seconds:
        for seed, decisions in plays:
            start = clock()
            game = new_game(scenario, seed)
            for decision in decisions:
                before = clock()
                game, _ = play_round(game, decision)
                in_rounds += clock() - before
            score(game)
            whole += clock() - start
            rounds += len(decisions)
            games_done += 1
    return rounds / in_rounds, games_done / whole


def timed_analyze(scenario, seeds: int) -> float:
    """Best of three: the wall time of `pmsim analyze --seeds N` without printing."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        analyze(scenario, seeds=seeds)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="shorter runs, 20 seeds")
    args = parser.parse_args()
    seconds = 0.5 if args.quick else 2.0
    seeds = 20 if args.quick else 100
    print(f"python {platform.python_version()} on {platform.machine()} ({platform.processor()})")
    print(f"{'scenario':<28} {'rounds/s':>10} {'games/s':>9} {'analyze --seeds ' + str(seeds):>20}")
    for path in bundled():
        scenario = load_file(path).scenario
        rps, gps = rounds_per_second(scenario, seconds)
        took = timed_analyze(scenario, seeds)
        print(f"{scenario.id:<28} {rps:>10,.0f} {gps:>9,.0f} {took:>19.2f}s")


if __name__ == "__main__":
    main()
