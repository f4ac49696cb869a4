"""The room's debrief: for each round, what the teams built, tested and declined, and what
that did to their scores; the best and worst decisions of the room; skill and luck per team."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..app import App
from ..widgets import Button
from .base import BlocksPage

if TYPE_CHECKING:
    from ...workshop.service import Workshop

ACTIONS = {"built": "built", "discovered": "tested", "declined": "declined"}


class RoomDebriefScene(BlocksPage):
    name = "room-debrief"
    heading = "How the room decided"

    def __init__(self, app: App, workshop: Workshop):
        super().__init__(app)
        self.workshop = workshop
        self.data = workshop.debrief()

    def make_buttons(self) -> list[Button]:
        return [Button("Back to the dashboard", self.escape, primary=True)]

    def blocks(self) -> list[tuple[str, str, str, bool]]:
        d = self.data
        unit = self.workshop.scenario.round_name
        out: list[tuple[str, str, str, bool]] = []

        def effect(c: dict[str, Any]) -> str:
            teams = f"{c['teams']} team" + ("s" if c["teams"] != 1 else "")
            return (f"{ACTIONS[c['action']]} '{c['title']}' in {unit} {c['round']} "
                    f"({teams}): they average {c['mean_with']:.1f}, the others "
                    f"{c['mean_without']:.1f}")

        if d["best_decisions"]:
            out.append(("The room's best decisions", "title", "ink", True))
            out += [(effect(c), "body", "good", False) for c in d["best_decisions"]]
        if d["worst_decisions"]:
            out.append(("The room's worst decisions", "title", "ink", True))
            out += [(effect(c), "body", "bad", False) for c in d["worst_decisions"]]
        out.append(("Teams: score, decision quality and luck", "title", "ink", True))
        for t in d["teams"]:
            if t["decision_quality"] is None:
                out.append((f"{t['team']}: no rounds played", "body", "muted", False))
                continue
            bot = f" (a bot playing '{t['bot']}')" if t.get("bot") else ""
            out.append((f"{t['team']}{bot}: {t['score']:.1f}; decision quality "
                        f"{t['decision_quality']:.1f}; luck {t['luck']:+.1f}", "body", "ink",
                        False))
        for r in d["rounds"]:
            out.append((f"{unit.capitalize()} {r['round']}", "title", "ink", True))
            for entry in r["requests"]:
                parts = [f"{entry[a]} {word}" for a, word in ACTIONS.items() if entry[a]]
                out.append((f"{entry['title']}: " + ", ".join(parts), "body", "ink", False))
        return out
