"""Does every bundled scenario teach? The figures behind issue 11's bars, for bench/RESULTS.md.

For each bundled scenario over 100 seeds (101-200 unless --first-seed): every built-in policy's
mean, the best naive rule, the verdict's ratios, how many of the robustness variants hold, the
claim/truth rank correlation, the `evidence` policy's trust pillar, and each built-in policy's
mean luck (skill vs luck with --samples redrawn worlds per game).

Run: .venv/bin/python bench/teaching_bench.py [--seeds 100] [--samples 12] [--no-luck]
It takes several minutes on two cores; the figures are recorded by hand in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics

from pmsim.analysis import POLICIES, analyze, play, skill_vs_luck
from pmsim.analysis.robust import robust
from pmsim.analysis.signals import claim_correlation
from pmsim.analysis.verdict import verdict
from pmsim.catalog import bundled
from pmsim.engine import score
from pmsim.scenario import load_file

BUILT_IN = ("random", "loudest", "rice", "rice-discover", "wsjf", "evidence")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--first-seed", type=int, default=101)
    parser.add_argument("--samples", type=int, default=12)
    parser.add_argument("--no-luck", action="store_true")
    args = parser.parse_args()
    scenarios = [load_file(p).scenario for p in bundled()]
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    print(f"claim/truth rank correlation, pooled over {len(scenarios)} scenarios: "
          f"{claim_correlation(scenarios, seeds):.2f}")
    for scenario in scenarios:
        report = analyze(scenario, seeds=args.seeds, first_seed=args.first_seed)
        print(f"\n{scenario.id}")
        print("  " + "  ".join(f"{n} {report.mean(n):.1f}" for n in (*BUILT_IN, "optimal")))
        naive = report.best_naive
        print(f"  best naive: {naive.name} {naive.mean:.1f}")
        for check in verdict(report):
            print(f"  {check.line()}")
        r = robust(scenario, seeds=20)
        print(f"  robust: {len(r.variants) - len(r.failures)} of {len(r.variants)} hold"
              + "".join(f"; fails {v.name}" for v in r.failures))
        trust = [score(play(scenario, s, POLICIES["evidence"])).pillars["trust"] for s in seeds]
        print(f"  evidence trust pillar: mean {statistics.fmean(trust):.1f}, "
              f"at the cap in {sum(t >= 149.9 for t in trust)} of {len(trust)}")
        if not args.no_luck:
            luck = {
                name: statistics.fmean(
                    skill_vs_luck(play(scenario, s, POLICIES[name]), args.samples).luck
                    for s in seeds)
                for name in BUILT_IN
            }
            print("  mean luck: " + ", ".join(f"{n} {x:+.2f}" for n, x in luck.items()))


if __name__ == "__main__":
    main()
