"""Whether one visible cue stands in for judgement, and whether a good player has headroom:
the figures an author retuning a scenario reads beside the verdict (tools/teach_report.py,
bench/teaching_bench.py).

- the rank correlation of claimed and true value per point (signals.py; aim for 0.3-0.8);
- the median true value per point by kind of request (one kind far ahead: 'that kind first'
  is the lesson, not judgement);
- the median claim / truth by the asker's influence (one voice far from 1: 'believe the quiet
  one' is a rule);
- the `evidence` policy's trust pillar (a good player should not reach the cap of 150);
- each policy's mean luck (skill vs luck, luck.py; about 0 over many seeds).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..engine import score
from ..scenario.models import Scenario
from .luck import skill_vs_luck
from .policies import POLICIES, play
from .signals import claim_correlation, value_pairs

TRUST_CAP = 149.9
"""A trust pillar at or above this counts as at the cap (150)."""


@dataclass(frozen=True)
class Cues:
    seeds: int
    correlation: float
    """Spearman's rank correlation of claimed and true value per point."""
    value_by_kind: dict[str, float]
    """Median true value per true point (in score steps), by request kind."""
    claim_by_influence: dict[int, float]
    """Median claim / truth (value per point) of requests worth more than 0, by influence."""
    trust_mean: float
    """Mean trust pillar (0-150) of the `evidence` policy."""
    trust_capped: int
    """How many of its games reach the trust pillar's cap."""

    def as_dict(self) -> dict[str, object]:
        return {"seeds": self.seeds, "correlation": round(self.correlation, 3),
                "value_by_kind": {k: round(v, 3) for k, v in self.value_by_kind.items()},
                "claim_by_influence": {str(k): round(v, 3)
                                       for k, v in self.claim_by_influence.items()},
                "trust_mean": round(self.trust_mean, 2), "trust_capped": self.trust_capped}


def cues(scenario: Scenario, seeds: Sequence[int]) -> Cues:
    """The cue figures of `scenario` over `seeds` (plays `evidence` once a seed)."""
    pairs = value_pairs(scenario, seeds)
    by_kind: dict[str, list[float]] = {}
    by_voice: dict[int, list[float]] = {}
    influence = {s.id: s.influence for s in scenario.stakeholders}
    for index, (claimed, true) in enumerate(pairs):
        request = scenario.requests[index % len(scenario.requests)]
        by_kind.setdefault(request.kind, []).append(true)
        if true > 0:
            by_voice.setdefault(influence[request.asked_by], []).append(claimed / true)
    pillars = [score(play(scenario, s, POLICIES["evidence"])).pillars["trust"] for s in seeds]
    return Cues(
        seeds=len(seeds),
        correlation=claim_correlation([scenario], seeds),
        value_by_kind={k: statistics.median(v) for k, v in sorted(by_kind.items())},
        claim_by_influence={k: statistics.median(v) for k, v in sorted(by_voice.items())},
        trust_mean=statistics.fmean(pillars),
        trust_capped=sum(p >= TRUST_CAP for p in pillars),
    )


def mean_luck(scenario: Scenario, seeds: Iterable[int], samples: int,
              names: Sequence[str]) -> dict[str, float]:
    """Each named policy's mean luck over `seeds`, with `samples` redrawn worlds a game
    (luck.py): about 0 when the scenario's luck is fair."""
    seeds = list(seeds)
    return {name: statistics.fmean(
        skill_vs_luck(play(scenario, s, POLICIES[name]), samples).luck for s in seeds)
        for name in names}
