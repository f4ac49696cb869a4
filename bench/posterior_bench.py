"""Is the posterior calibrated? Each request's true impact against its redrawn worlds' mean.

Skill versus luck redraws each game's truth given what the player saw (pmsim/analysis/
posterior.py). If that posterior is right, the true impact less the redrawn mean averages zero
over seeds for every request metric (the law of total expectation); a lean shows up as mean
luck off zero for the policies that ship those requests. At the start of each seed's game
(only the pitches seen), or with `--discover` after every discovery method on every request,
this prints per scenario: the mean of (truth - mean redrawn impact) / the metric's range width
over every request metric and seed, its standard error (over seeds), how many request metrics
lean below zero, and the mean share of redraws that land in the true world. With `--detail`,
every request metric's lean, lowest first.

A lean of one request can be the seeds' own: in bikeshare, seeds 101-200 drew the CEO's and the
head of partnerships' requests 0.020 (0.006) range widths below their ranges' middles, and the
HiPPO's mean luck there was -9.94; on seeds 201-300 it was +2.57 (bench/RESULTS.md, 2026-12-02).

Run: .venv/bin/python bench/posterior_bench.py [--seeds 100] [--draws 30] [--discover]
     [--detail] [FILES]
About 0.4 s a seed on two cores (some 40 s a scenario).
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections import defaultdict

from _scenarios import scenarios

from pmsim.analysis.pool import parallel_starmap
from pmsim.analysis.posterior import redraw
from pmsim.engine import new_game
from pmsim.scenario.models import Scenario

Lean = dict[tuple[str, str], float]


def lean_of(scenario: Scenario, seed: int, draws: int, discover: bool) -> tuple[Lean, float]:
    """Per (request, metric): (truth - mean redrawn impact) / range width; and the share of
    redraws in the true world."""
    game = new_game(scenario, seed)
    if discover:
        every = tuple(m.id for m in scenario.discovery)
        game.discovered = {r.id: every for r in scenario.requests}
    rng = random.Random(f"posterior-bench:{seed}")
    total: dict[tuple[str, str], float] = defaultdict(float)
    same_world = 0
    for _ in range(draws):
        truth = redraw(game, rng)
        same_world += truth.world == game.truth.world
        for rid, impact in truth.impact.items():
            for metric, value in impact.items():
                total[(rid, metric)] += value
    lean: Lean = {}
    for request in scenario.requests:
        for metric, value in game.truth.impact[request.id].items():
            low, high = request.impact_range(metric)
            lean[(request.id, metric)] = (value - total[(request.id, metric)] / draws) / max(
                high - low, 1e-9)
    return lean, same_world / draws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--first-seed", type=int, default=101)
    parser.add_argument("--draws", type=int, default=30, help="redraws a seed (default 30)")
    parser.add_argument("--discover", action="store_true",
                        help="run every discovery method on every request first")
    parser.add_argument("--detail", action="store_true", help="every request metric's lean")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("scenarios", nargs="*", help="scenario files (default: the bundled)")
    args = parser.parse_args()
    if args.seeds < 2:
        parser.error("--seeds must be at least 2 (a standard error needs two seeds)")
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    for scenario in scenarios(args.scenarios):
        found = parallel_starmap(lean_of, [(scenario, s, args.draws, args.discover)
                                           for s in seeds], args.workers)
        per_seed = [statistics.fmean(lean.values()) for lean, _ in found]
        per_key: dict[tuple[str, str], list[float]] = defaultdict(list)
        for lean, _ in found:
            for key, value in lean.items():
                per_key[key].append(value)
        means = {key: statistics.fmean(v) for key, v in per_key.items()}
        error = statistics.stdev(per_seed) / len(per_seed) ** 0.5
        print(f"{scenario.id:12s} lean {statistics.fmean(per_seed):+.3f} ({error:.3f})  "
              f"below zero {sum(m < 0 for m in means.values())}/{len(means)}  "
              f"true world {statistics.fmean(w for _, w in found):.2f}", flush=True)
        if args.detail:
            for (rid, metric), mean in sorted(means.items(), key=lambda kv: kv[1]):
                spread = statistics.stdev(per_key[(rid, metric)]) / len(seeds) ** 0.5
                print(f"    {rid:28s} {metric:14s} {mean:+.3f} ({spread:.3f})")


if __name__ == "__main__":
    main()
