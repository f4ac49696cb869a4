"""A discovery run that measured something never says "nothing new was found": without the
scenario's words for that method on that request, the line under it says what it measured."""

from __future__ import annotations

from pmsim.analysis.policies import POLICIES, play_round, policy_rng, start, view_of
from pmsim.catalog import load
from pmsim.engine.view import PlayerView
from pmsim.play.lines import evidence_words, report_lines, request_lines


def _tutorial_round_one() -> tuple[list[str], PlayerView]:
    """The tutorial, seed 5, the evidence policy: its support-inbox runs on requests the
    scenario has no inbox evidence for still measure them."""
    game = start(load("tutorial").scenario, 5)
    policy = POLICIES["evidence"]
    game, report = play_round(game, policy.decide(view_of(game), policy_rng(policy.name, 5)))
    view = view_of(game)
    titles = {r.id: r.title for r in view.requests}
    assert any(d.evidence is None and d.findings for d in report.discoveries)
    return [line.text for line in report_lines(report, titles, "sprint").work], view


def test_the_round_report_does_not_call_a_measurement_nothing_new() -> None:
    texts, _ = _tutorial_round_one()
    at = next(i for i, t in enumerate(texts) if "on 'Two-way sync" in t)
    assert texts[at].endswith("calendars':"), texts[at]
    assert texts[at + 1] == "    it measured customers -15, satisfaction +3.5"
    assert not any("nothing new" in t for t in texts)


def test_a_cards_evidence_does_not_call_a_measurement_nothing_new() -> None:
    _, view = _tutorial_round_one()
    request = view.request("calendar-sync")
    assert request.evidence and not request.evidence[0].text
    texts = [line.text for line in request_lines(request, view)]
    assert not any("nothing new" in t for t in texts)
    assert any("it measured customers" in t for t in texts)


def test_evidence_words() -> None:
    assert evidence_words(None, {}) == ("nothing new.", "")
    assert evidence_words("", {}, "nothing new was found.") == ("nothing new was found.", "")
    assert evidence_words(None, {"revenue": 1400.0}) == ("", "it measured revenue +1,400")
    assert evidence_words("Said.", {"revenue": 1400.0}) == ("Said.", "it measured revenue +1,400")
    assert evidence_words("Said.", {}) == ("Said.", "")
