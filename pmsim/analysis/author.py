"""The author's report: everything `pmsim analyze` says about a scenario in one value, so the
text, the JSON and the watch loop read the same figures.

It plays the balance report (every policy and naive rule over the seeds), measures the
verdict against the teaching bars, reads what to change from the games played, and, unless
asked not to, checks that the lesson survives small changes (robust.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scenario.models import Scenario
from .balance import BalanceReport, analyze
from .breakdown import (
    ClassSeed,
    RequestFigures,
    RoundDemand,
    Zeros,
    class_seeds,
    demand,
    requests,
    zeros,
)
from .robust import RobustReport, robust
from .suggest import Suggestion, suggestions
from .verdict import Check, all_zero, verdict


@dataclass(frozen=True)
class AuthorReport:
    title: str
    balance: BalanceReport
    checks: tuple[Check, ...]
    all_zero: bool
    """Every game of every policy scored 0: no ratio means anything."""
    demand: tuple[RoundDemand, ...]
    requests: tuple[RequestFigures, ...]
    zeros: tuple[Zeros, ...]
    class_seeds: tuple[ClassSeed, ...]
    robust: RobustReport | None
    """None when the robustness check was not asked for."""
    suggestions: tuple[Suggestion, ...]

    @property
    def teaches(self) -> bool:
        """Every verdict bar passes and (when checked) every robustness variant holds."""
        return all(c.passed for c in self.checks) and not (self.robust and
                                                           self.robust.failures)

    def as_dict(self) -> dict[str, object]:
        data = self.balance.as_dict()
        data.update({
            "title": self.title,
            "all_zero": self.all_zero,
            "verdict": [c.as_dict() for c in self.checks],
            "teaches": self.teaches,
            "demand": [d.as_dict() for d in self.demand],
            "requests": {r.id: r.as_dict() for r in self.requests},
            "zero_games": {z.policy: z.as_dict() for z in self.zeros},
            "class_seeds": [c.as_dict() for c in self.class_seeds],
            "robust": self.robust.as_dict() if self.robust else None,
            "suggestions": [s.as_dict() for s in self.suggestions],
        })
        return data


def author_report(scenario: Scenario, seeds: int = 100, first_seed: int = 1,
                  robust_seeds: int | None = 20, workers: int | None = None) -> AuthorReport:
    """The whole report on `seeds` seeds from `first_seed`; the robustness check on
    `robust_seeds` seeds a change (None: skipped, the quick draft loop)."""
    report = analyze(scenario, seeds=seeds, first_seed=first_seed, workers=workers)
    checks = tuple(verdict(report))
    asked = demand(report, scenario)
    rows = requests(report, scenario)
    zero = zeros(report)
    held = robust(scenario, seeds=robust_seeds, workers=workers) if robust_seeds else None
    return AuthorReport(
        title=scenario.title,
        balance=report,
        checks=checks,
        all_zero=all_zero(report),
        demand=asked,
        requests=rows,
        zeros=zero,
        class_seeds=class_seeds(report),
        robust=held,
        suggestions=tuple(suggestions(scenario, checks, rows, asked, zero, held)),
    )
