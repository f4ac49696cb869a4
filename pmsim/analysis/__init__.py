"""Analysis on top of the engine: baseline policies, the hindsight-optimal search, skill versus
luck, and the balance report for scenario authors. Uses the engine only."""

from .balance import BalanceReport, analyze
from .compare import Comparison, compare
from .luck import LuckReport, skill_vs_luck
from .optimal import OptimalResult, search
from .policies import POLICIES, Policy, play

__all__ = [
    "POLICIES",
    "BalanceReport",
    "Comparison",
    "LuckReport",
    "OptimalResult",
    "Policy",
    "analyze",
    "compare",
    "play",
    "search",
    "skill_vs_luck",
]
