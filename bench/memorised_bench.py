"""Is knowing the world all there is to a bundled scenario? The memorised plans against `evidence`.

For each bundled scenario over `--seeds` seeds (1-100 by default), the mean score of the
`evidence` policy and of the replaying player's memorised plans (pmsim/analysis/memorised.py):
the world reader (pitches only), the memorised table with one fixed telling check, and the table
told the world outright; and `evidence` / each. A scenario where `evidence` leads the check by
less than 15 % can be won by "run check X, then play the list"; the lead over the told table is
what judgement within a world adds.

Run: .venv/bin/python bench/memorised_bench.py [--seeds 100] [SCENARIO ...]
It takes a few minutes on two cores; the figures are recorded by hand in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
from statistics import fmean

from _scenarios import scenarios

from pmsim.analysis.memorised import probe, told
from pmsim.analysis.policies import POLICIES, play
from pmsim.analysis.world_reader import world_reader
from pmsim.engine import score
from pmsim.engine.truth import draw_world
from pmsim.scenario.models import Scenario


def told_means(scenario: Scenario, seeds: range) -> dict[str, float]:
    """Each shape of the told table's mean, told each seed's own world."""
    totals: dict[str, list[float]] = {}
    for seed in seeds:
        for name, policy in told(scenario, draw_world(scenario, seed)).items():
            totals.setdefault(name, []).append(score(play(scenario, seed, policy)).total)
    return {name: fmean(values) for name, values in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Memorised plans against `evidence`: the world reader (pitches only), the "
        "table played with one fixed telling check (probe), and the table told the world "
        "(told). 'evidence / it' above 1 means evidence wins; aim for 1.15 or more against "
        "the probe. Shapes: no-to-losers answers 'no' to what it thinks loses; later parks "
        "the rest.")
    parser.add_argument("--seeds", type=int, default=100,
                        help="games per policy, seeds 1..N (default 100; fewer are noisy)")
    parser.add_argument("scenarios", nargs="*", help="scenario files (default: the bundled)")
    args = parser.parse_args()
    if args.seeds < 1:
        parser.error("--seeds must be at least 1")
    seeds = range(1, args.seeds + 1)
    for scenario in scenarios(args.scenarios):
        if len(scenario.worlds) < 2:
            print(f"\n{scenario.id}: states fewer than two worlds, so there is no world to "
                  "find and nothing to compare (see docs/scenario-format.md, World)")
            continue
        evidence = fmean(score(play(scenario, s, POLICIES["evidence"])).total for s in seeds)
        rules = {**world_reader(scenario), **probe(scenario)}
        means = {name: fmean(score(play(scenario, s, p)).total for s in seeds)
                 for name, p in rules.items()}
        means.update(told_means(scenario, seeds))
        print(f"\n{scenario.id}: evidence {evidence:.1f}")
        for name, mean in means.items():
            print(f"  {name:40s} {mean:6.1f}   evidence / it {evidence / mean:.2f}")
        for family in ("naive:world-reader", "memorised:probe", "memorised:told"):
            best = max((m for n, m in means.items() if n.startswith(family)), default=None)
            if best is not None:
                print(f"  evidence / best {family}: {evidence / best:.2f}")


if __name__ == "__main__":
    main()
