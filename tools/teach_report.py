"""Everything an author retuning a scenario needs in one run: the teaching verdict, the signal
the claims carry, who wins by kind and by voice, trust headroom, and (with --robust) whether
the ordering survives +-20 % on every rule and +-1 capacity. The figures come from
pmsim.analysis (author.py, cues.py); this script only prints them.

Run: .venv/bin/python tools/teach_report.py SCENARIO [--seeds 50] [--robust]
"""

from __future__ import annotations

import argparse
import sys

from pmsim.analysis.author import author_report
from pmsim.analysis.cues import cues
from pmsim.commands import load_scenario

SHOWN = ("random", "loudest", "rice", "wsjf", "evidence", "optimal")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario")
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--robust", action="store_true")
    args = parser.parse_args()
    _, scenario = load_scenario(args.scenario)
    report = author_report(scenario, seeds=args.seeds, robust_seeds=20 if args.robust else None)
    balance = report.balance
    print(f"{scenario.id}: {args.seeds} seeds")
    for name in SHOWN:
        print(f"  {name:<10} {balance.mean(name):6.1f}")
    ranked = sorted(balance.naive.values(), key=lambda s: -s.mean)[:5]
    print("  best naive rules: " + ", ".join(f"{s.name} {s.mean:.1f}" for s in ranked))
    for check in report.checks:
        print("  " + check.line())
    found = cues(scenario, range(1, min(args.seeds, 30) + 1))  # the cheap checks need fewer
    print(f"  claim/true value-per-point rank correlation: {found.correlation:.2f} "
          "(pooled target 0.3-0.8)")
    print("  true value per point by kind (median): " + ", ".join(
        f"{k} {v:.2f}" for k, v in found.value_by_kind.items()))
    print("  claim / truth by influence (median): " + ", ".join(
        f"{k}: {v:.2f}" for k, v in found.claim_by_influence.items()))
    print(f"  evidence's trust pillar: mean {found.trust_mean:.1f}, at the 150 cap in "
          f"{found.trust_capped} of {found.seeds}")
    if report.robust is not None:
        for v in report.robust.failures:
            print(f"  robust FAIL {v.name}: " + ", ".join(f"{k} {x:.1f}"
                                                       for k, x in v.means.items()))
        print(f"  robust: {len(report.robust.variants) - len(report.robust.failures)} of "
              f"{len(report.robust.variants)} hold")
    for suggestion in report.suggestions:
        print(f"  suggestion: {suggestion.text}")
    return 0 if report.teaches else 1


if __name__ == "__main__":
    sys.exit(main())
