"""Does a scenario teach? The bars every bundled scenario must clear, checked on a balance
report, each with its figure, so `analyze`, CI and an author read the same verdict.

The bars (DESIGN.md's teaching targets):

- judgement beats every template: `evidence` at least 15 % above the best naive rule, and
  30 % above random plans that say 'later' to the rest;
- there is room to get better: the hindsight optimum at least 15 % above `evidence`;
- the frameworks compare sensibly: RICE at least as good as random play, and the HiPPO
  below RICE.
"""

from __future__ import annotations

from dataclasses import dataclass

from .balance import BalanceReport

EVIDENCE_OVER_NAIVE = 1.15
EVIDENCE_OVER_RANDOM_LATER = 1.30
OPTIMAL_OVER_EVIDENCE = 1.15


@dataclass(frozen=True)
class Check:
    name: str
    """What is checked, in words."""
    value: float
    """The measured ratio (or difference)."""
    bar: float
    passed: bool

    def line(self) -> str:
        mark = "PASS" if self.passed else "FAIL"
        return f"{mark}  {self.name}: {self.value:.2f} (bar {self.bar:.2f})"


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("inf") if a > 0 else 1.0


def verdict(report: BalanceReport) -> list[Check]:
    """Every teaching bar, measured on `report`."""
    evidence = report.mean("evidence")
    naive = report.best_naive
    random_later = report.naive["naive:random/later"].mean
    checks = [
        (f"evidence / best naive rule ({naive.name})", _ratio(evidence, naive.mean),
         EVIDENCE_OVER_NAIVE),
        ("evidence / random plans with 'later'", _ratio(evidence, random_later),
         EVIDENCE_OVER_RANDOM_LATER),
        ("optimal / evidence", _ratio(report.mean("optimal"), evidence), OPTIMAL_OVER_EVIDENCE),
        ("rice / random", _ratio(report.mean("rice"), report.mean("random")), 1.0),
        ("rice / loudest (the HiPPO)", _ratio(report.mean("rice"), report.mean("loudest")),
         1.0 + 1e-9),
    ]
    return [Check(name, value, bar, value >= bar) for name, value, bar in checks]
