"""How close does the pitch reader (`naive:pitch-read/*`) come to `evidence`? (Issue 11.)

A fresh tester (2026-12-01) found the template: a player who replayed the scenario learns, per
request, how its true worth per point follows its own pitch, then plays from the pitches alone
(`pmsim/analysis/pitch_reader.py`). It is now in the naive panel, so `pmsim analyze` holds it
to the 15 % bar; this bench prints its three shapes alone, one line a scenario, quicker than
the whole panel, for retuning. Ratios are `evidence`'s mean over the rule's.

Run: .venv/bin/python bench/pitch_reader_bench.py [--seeds 100] [--first-seed 1] [FILES]
About 10 s a scenario on this machine. Figures recorded by hand in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics

from _scenarios import scenarios

from pmsim.analysis.naive import _promising, _rule
from pmsim.analysis.pitch_reader import pitch_reader
from pmsim.analysis.policies import POLICIES, play
from pmsim.analysis.valuation import Policy
from pmsim.engine import score
from pmsim.scenario.models import Scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("scenarios", nargs="*", help="scenario files (default: the bundled)")
    args = parser.parse_args()
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    for scenario in scenarios(args.scenarios):
        rules = pitch_reader(scenario, lambda rank: _rule(rank, "later", keep=True), _promising)

        def mean(policy: Policy, scenario: Scenario = scenario) -> float:
            return statistics.fmean(score(play(scenario, s, policy, explain=False)).total
                                    for s in seeds)

        fair = mean(POLICIES["evidence"])
        ratios = {name.removeprefix("naive:"): fair / max(mean(rule), 1e-9)
                  for name, rule in rules.items()}
        print(f"{scenario.id:10s} evidence {fair:6.1f}  " + "  ".join(
            f"{name} {ratio:.3f}" for name, ratio in ratios.items()), flush=True)


if __name__ == "__main__":
    main()
