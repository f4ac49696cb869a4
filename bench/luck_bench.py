"""Is skill versus luck centred? Every built-in policy's mean luck on every bundled scenario.

Issue 11's bar: over 100 seeds, every built-in policy's mean luck is within +-2 points. For each
bundled scenario (or the files named), each built-in policy plays seeds `--first-seed` onwards;
each game's luck is its score less the mean score of the same decisions in `--samples` worlds
redrawn given what the player saw (pmsim/analysis/luck.py). Printed per policy: the mean luck,
its standard error (stdev / sqrt(seeds)), and "ok" when the mean is within 2 points or within
three standard errors (a mean that far from 0 is unlikely to be noise). With more than 100
seeds, each block of 100 is printed too: one game's luck has a standard deviation of 15-30
points, so a block's mean can stray 5-9 points by chance (three standard errors), and only the
pooled mean shows whether the method is centred.

Run: .venv/bin/python bench/luck_bench.py [--seeds 100] [--samples 12] [--workers 2] [FILES]
About 0.4-1.6 s a game on this machine (techdebt slowest): some 40 min for all nine scenarios on
two cores. The figures are recorded by hand in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics

from _scenarios import scenarios

from pmsim.analysis.luck import skill_vs_luck
from pmsim.analysis.policies import POLICIES, play
from pmsim.analysis.pool import parallel_starmap
from pmsim.scenario.models import Scenario

BUILT_IN = ("random", "loudest", "rice", "rice-discover", "wsjf", "evidence")
BAR = 2.0


def luck_of(scenario: Scenario, seed: int, policy: str, samples: int) -> float:
    """One game's luck, in points."""
    return skill_vs_luck(play(scenario, seed, POLICIES[policy]), samples).luck


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100, help="games per policy (default 100)")
    parser.add_argument("--first-seed", type=int, default=101)
    parser.add_argument("--samples", type=int, default=12,
                        help="redrawn worlds per game (default 12)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("scenarios", nargs="*", help="scenario files (default: the bundled)")
    args = parser.parse_args()
    if args.seeds < 2:
        parser.error("--seeds must be at least 2 (a standard error needs two games)")
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    for scenario in scenarios(args.scenarios):
        calls = [(scenario, s, name, args.samples) for name in BUILT_IN for s in seeds]
        found = parallel_starmap(luck_of, calls, args.workers)
        print(f"\n{scenario.id} (seeds {seeds.start}-{seeds.stop - 1}, "
              f"{args.samples} redraws a game)", flush=True)
        for i, name in enumerate(BUILT_IN):
            lucks = found[i * len(seeds):(i + 1) * len(seeds)]
            mean = statistics.fmean(lucks)
            error = statistics.stdev(lucks) / len(lucks) ** 0.5
            mark = "ok" if abs(mean) <= max(BAR, 3 * error) else "OFF"
            blocks = [statistics.fmean(lucks[i:i + 100]) for i in range(0, len(lucks), 100)]
            shown = "  blocks " + " ".join(f"{b:+.2f}" for b in blocks) if len(blocks) > 1 else ""
            print(f"  {name:14s} {mean:+6.2f}  (standard error {error:.2f})  {mark}{shown}",
                  flush=True)


if __name__ == "__main__":
    main()
