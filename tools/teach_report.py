"""Everything an author retuning a scenario needs in one run: the teaching verdict, the signal
the claims carry, who wins by kind and by voice, trust headroom, and (with --robust) whether
the ordering survives +-20 % on every rule and +-1 capacity.

Run: .venv/bin/python tools/teach_report.py SCENARIO [--seeds 50] [--robust]
"""

from __future__ import annotations

import argparse
import statistics
import sys

from pmsim.analysis import analyze
from pmsim.analysis.policies import POLICIES, play
from pmsim.analysis.robust import robust
from pmsim.analysis.signals import claim_correlation, value_pairs
from pmsim.analysis.verdict import verdict
from pmsim.commands import load_scenario
from pmsim.engine import score


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario")
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--robust", action="store_true")
    args = parser.parse_args()
    _, scenario = load_scenario(args.scenario)
    report = analyze(scenario, seeds=args.seeds)
    print(f"{scenario.id}: {args.seeds} seeds")
    for name in ("random", "loudest", "rice", "wsjf", "evidence", "optimal"):
        print(f"  {name:<10} {report.mean(name):6.1f}")
    ranked = sorted(report.naive.values(), key=lambda s: -s.mean)[:5]
    print("  best naive rules: " + ", ".join(f"{s.name} {s.mean:.1f}" for s in ranked))
    ok = True
    for check in verdict(report):
        print("  " + check.line())
        ok &= check.passed
    seeds = range(1, min(args.seeds, 30) + 1)  # the cheap checks need fewer seeds
    print(f"  claim/true value-per-point rank correlation: "
          f"{claim_correlation([scenario], seeds):.2f} (pooled target 0.3-0.8)")
    pairs = value_pairs(scenario, seeds)
    by_kind: dict[str, list[float]] = {}
    by_voice: dict[int, list[float]] = {}
    influence = {s.id: s.influence for s in scenario.stakeholders}
    for index, (claimed, true) in enumerate(pairs):
        request = scenario.requests[index % len(scenario.requests)]
        by_kind.setdefault(request.kind, []).append(true)
        if true > 0:
            by_voice.setdefault(influence[request.asked_by], []).append(claimed / true)
    print("  true value per point by kind (median): " + ", ".join(
        f"{k} {statistics.median(v):.2f}" for k, v in sorted(by_kind.items())))
    print("  claim / truth by influence (median): " + ", ".join(
        f"{k}: {statistics.median(v):.2f}" for k, v in sorted(by_voice.items())))
    games = [play(scenario, s, POLICIES["evidence"]) for s in seeds]
    trust = statistics.fmean(score(g).pillars["trust"] for g in games)
    capped = sum(score(g).pillars["trust"] >= 149.9 for g in games)
    print(f"  evidence's trust pillar: mean {trust:.1f}, at the 150 cap in {capped} "
          f"of {len(games)}")
    if args.robust:
        r = robust(scenario, seeds=20)
        for v in r.failures:
            print(f"  robust FAIL {v.name}: " + ", ".join(f"{k} {x:.1f}" for k, x in
                                                       v.means.items()))
        print(f"  robust: {len(r.variants) - len(r.failures)} of {len(r.variants)} hold")
        ok &= not r.failures
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
