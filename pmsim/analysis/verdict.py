"""Does a scenario teach? The bars every bundled scenario must clear, checked on a balance
report, each with its figure, so `analyze`, CI and an author read the same verdict.

The bars (DESIGN.md's teaching targets):

- judgement beats every template: `evidence` at least 15 % above the best naive rule, and
  30 % above random plans that say 'later' to the rest;
- with worlds, knowing the world is not enough: `evidence` at least 10 % above the best
  memorised plan that runs one fixed telling check (`memorised.probe`). Its bar is lower than
  the naive rules' because it does read a finding, one chosen by replaying the scenario;
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
EVIDENCE_OVER_MEMORISED = 1.10
DEFAULT_SEEDS = 100
"""The seeds the bars are meant for (`pmsim analyze`'s default)."""


def few_seeds_note(seeds: int) -> list[str]:
    """The note under the verdict when it was worked out on fewer seeds than the bars are meant
    for (none at the default or more): a ratio near its bar can land on either side."""
    if seeds >= DEFAULT_SEEDS:
        return []
    return [f"Note: only {seeds} seeds. Verdicts on few seeds are noisy: a ratio near its bar "
            "may fall either side.",
            f"The bars are meant for the default {DEFAULT_SEEDS} seeds: check without --seeds "
            "before trusting a verdict."]


def _ratio(value: float, bar: float) -> str:
    """`value` with two decimals, or as many more (up to six) as it takes to tell it from the
    bar it is compared with: a FAIL printed as "1.00 (bar 1.00)" reads as a pass."""
    places = 2
    while places < 6 and value != bar and f"{value:.{places}f}" == f"{bar:.{places}f}":
        places += 1
    return f"{value:.{places}f}"


@dataclass(frozen=True)
class Check:
    name: str
    """What is checked, in words: 'a / b'."""
    value: float | None
    """The measured ratio of the two means; None when b's mean is 0 (no ratio exists)."""
    bar: float
    passed: bool
    note: str = ""
    """Why there is no ratio, when `value` is None."""

    def line(self) -> str:
        mark = "PASS" if self.passed else "FAIL"
        if self.value is None:
            return f"{mark}  {self.name}: no ratio, {self.note}"
        return f"{mark}  {self.name}: {_ratio(self.value, self.bar)} (bar {self.bar:.2f})"

    def as_dict(self) -> dict[str, object]:
        value = None if self.value is None else round(self.value, 3)
        note = {"note": self.note} if self.note else {}
        return {"check": self.name, "value": value, "bar": self.bar, "passed": self.passed,
                **note}


def _check(name: str, a: float, b: float, bar: float, below: str) -> Check:
    """`a / b` against `bar`. When b's mean is 0 there is no ratio: a passes if it scores
    anything at all, and the note says which side scores 0."""
    if b > 0:
        return Check(name, a / b, bar, a / b >= bar)
    if a > 0:
        return Check(name, None, bar, True, f"{below} scores 0 in every game")
    return Check(name, None, bar, False, "both score 0 in every game")


def all_zero(report: BalanceReport) -> bool:
    """Whether every game of every policy and naive rule scored 0: then no ratio means
    anything, and the report says so instead of printing them."""
    return all(max(s.scores) <= 0 for s in (*report.policies.values(), *report.naive.values(),
                                          *report.memorised.values()))


def verdict(report: BalanceReport) -> list[Check]:
    """Every teaching bar, measured on `report`."""
    evidence = report.mean("evidence")
    naive = report.best_naive
    random_later = report.naive["naive:random/later"].mean
    checks = [
        (f"evidence / best naive rule ({naive.name})", evidence, naive.mean,
         EVIDENCE_OVER_NAIVE, f"`{naive.name}`"),
        ("evidence / random plans with 'later'", evidence, random_later,
         EVIDENCE_OVER_RANDOM_LATER, "`naive:random/later`"),
        ("optimal / evidence", report.mean("optimal"), evidence, OPTIMAL_OVER_EVIDENCE,
         "`evidence`"),
        ("rice / random", report.mean("rice"), report.mean("random"), 1.0, "`random`"),
        ("rice / loudest (the HiPPO)", report.mean("rice"), report.mean("loudest"),
         1.0 + 1e-9, "`loudest`"),
    ]
    memorised = report.best_memorised
    if memorised is not None:
        checks.insert(2, (f"evidence / best memorised plan ({memorised.name})", evidence,
                          memorised.mean, EVIDENCE_OVER_MEMORISED, f"`{memorised.name}`"))
    return [_check(*c) for c in checks]
