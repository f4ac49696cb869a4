"""A team's link counts the rounds it keeps in words: '1 round ... it', '3 rounds ... them',
never 'round(s)'."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

import pmsim.workshop.team as team
from pmsim.workshop.team import TeamLink, autoplay_team


class KeepingClient:
    """A client whose host is away: every round is kept in its outbox."""

    def __init__(self, kept: int):
        self.team = "Blue"
        self.note = ""
        self.bot = "rice"
        self.kept = [{"round": n} for n in range(1, kept + 1)]

    def submit(self, round_number: int, decision: dict[str, Any]) -> None:
        del round_number, decision
        return None  # kept, not sent

    def queued(self) -> list[dict[str, Any]]:
        return self.kept

    def flush(self) -> None:
        pass  # the host is still away


@pytest.mark.parametrize(("kept", "said"), [
    (1, "1 round kept and sent automatically when the host can take it"),
    (3, "3 rounds kept and sent automatically when the host can take them"),
])
def test_rounds_kept_for_the_host_are_counted_in_words(kept: int, said: str) -> None:
    link = TeamLink(KeepingClient(kept))  # type: ignore[arg-type]
    assert link.send(kept, {}) == said


@pytest.mark.parametrize(("kept", "said"), [
    (1, "1 round could not be sent yet; run the same command again later to send it\n"),
    (2, "2 rounds could not be sent yet; run the same command again later to send them\n"),
])
def test_an_autoplayed_teams_unsent_rounds_are_counted_in_words(
        kept: int, said: str, monkeypatch, capsys) -> None:
    import pmsim.analysis.policies as policies

    monkeypatch.setattr(policies, "decider", lambda *args: None)
    monkeypatch.setattr(team.time, "sleep", lambda seconds: None)
    game = SimpleNamespace(over=True, decisions=[{}] * kept, scenario=None, seed=1)
    link = TeamLink(KeepingClient(kept))  # type: ignore[arg-type]
    autoplay_team(link, game, "rice")  # type: ignore[arg-type]
    assert capsys.readouterr().out == said
