"""Pressure's "people went over your head" lesson is told when someone did (an escalation, or
the CEO's override), not when trust only came near the line: a game of 130 points where Rory
ended at 26.8 trust, above where escalations start (25), was told it.

The games are found, not named by seed, so a retune of the scenario's numbers does not turn
the test into one about a game that no longer has an escalation."""

from __future__ import annotations

import json

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load
from pmsim.cli import main

OVER_YOUR_HEAD = "went over your head"
OVERRIDE = "harriet-overrides"


def _debrief(capsys, policy: str, seed: int) -> str:
    assert main(["autoplay", "pressure", "--policy", policy, "--seed", str(seed), "--json",
                 "--debrief"]) == 0
    return json.dumps(json.loads(capsys.readouterr().out))


def _game(policy: str, seed: int) -> tuple[bool, float]:
    """Whether someone went over the PM's head, and the lowest trust at the end."""
    game = play(load("pressure").scenario, seed, POLICIES[policy], explain=False)
    return bool(game.escalated_in) or OVERRIDE in game.fired, min(game.trust.values())


def _seed(policy: str, over: bool) -> int:
    """The first seed where `policy`'s game went over the head (`over`), or where nobody did
    though someone's trust ended near the line (below 30)."""
    for seed in range(1, 60):
        went, lowest = _game(policy, seed)
        if went == over and (over or lowest < 30):
            return seed
    raise AssertionError(f"no such game of {policy}")


def test_the_lesson_is_told_when_someone_went_over_the_head(capsys) -> None:
    assert OVER_YOUR_HEAD in _debrief(capsys, "loudest", _seed("loudest", True))


def test_the_lesson_is_not_told_when_trust_only_came_near_the_line(capsys) -> None:
    for policy in ("loudest", "evidence"):
        assert OVER_YOUR_HEAD not in _debrief(capsys, policy, _seed(policy, False)), policy
