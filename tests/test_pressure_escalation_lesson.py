"""Pressure's "people went over your head" lesson is told when someone did (an escalation, or
the CEO's override), not when trust only came near the line: a game of 130 points where Rory
ended at 26.8 trust, above where escalations start (25), was told it."""

from __future__ import annotations

import json

from pmsim.cli import main

OVER_YOUR_HEAD = "went over your head"


def _debrief(capsys, policy: str, seed: int) -> str:
    assert main(["autoplay", "pressure", "--policy", policy, "--seed", str(seed), "--json",
                 "--debrief"]) == 0
    return json.dumps(json.loads(capsys.readouterr().out))


def test_the_lesson_needs_an_escalation_not_low_trust(capsys) -> None:
    assert OVER_YOUR_HEAD not in _debrief(capsys, "optimal", 7), "nobody went over the head"
    assert OVER_YOUR_HEAD in _debrief(capsys, "loudest", 2), "an escalation there"
