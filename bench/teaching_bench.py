"""Does every bundled scenario teach? The figures behind issue 11's bars, for bench/RESULTS.md.

For each bundled scenario over 100 seeds (101-200 unless --first-seed): every built-in policy's
mean, the best naive rule, the verdict's ratios, how many of the robustness variants hold, the
claim/truth rank correlation, the `evidence` policy's trust pillar, and each built-in policy's
mean luck (skill vs luck with --samples redrawn worlds per game). The figures come from
pmsim.analysis (author.py, cues.py); this script only prints them.

Run: .venv/bin/python bench/teaching_bench.py [--seeds 100] [--samples 12] [--no-luck]
It takes several minutes on two cores; the figures are recorded by hand in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse

from pmsim.analysis.author import author_report
from pmsim.analysis.cues import cues, mean_luck
from pmsim.analysis.signals import claim_correlation
from pmsim.catalog import bundled
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
        report = author_report(scenario, seeds=args.seeds, first_seed=args.first_seed)
        balance = report.balance
        print(f"\n{scenario.id}")
        print("  " + "  ".join(f"{n} {balance.mean(n):.1f}" for n in (*BUILT_IN, "optimal")))
        naive = balance.best_naive
        print(f"  best naive: {naive.name} {naive.mean:.1f}")
        for check in report.checks:
            print(f"  {check.line()}")
        r = report.robust
        assert r is not None
        print(f"  robust: {len(r.variants) - len(r.failures)} of {len(r.variants)} hold"
              + "".join(f"; fails {v.name}" for v in r.failures))
        found = cues(scenario, seeds)
        print(f"  evidence trust pillar: mean {found.trust_mean:.1f}, "
              f"at the cap in {found.trust_capped} of {found.seeds}")
        if not args.no_luck:
            luck = mean_luck(scenario, seeds, args.samples, BUILT_IN)
            print("  mean luck: " + ", ".join(f"{n} {x:+.2f}" for n, x in luck.items()))


if __name__ == "__main__":
    main()
