"""The briefing: the company and product, the goal, how scoring works, and the people."""

from __future__ import annotations

from ...engine.labels import METRIC_LABELS
from ...engine.scoring import score
from ...play.session import GameSession
from ..app import App
from ..widgets import Button
from .base import BlocksPage


def scoring_text(session: GameSession) -> str:
    s = score(session.game)
    w = s.weights
    t = s.targets
    unit = session.scenario.round_name
    return (
        "You are scored on four pillars. 100 means the target was met, 50 one step short, and "
        "up to 150 for beating it. "
        f"Customer value ({w['customer']:.0%}): satisfaction {t['satisfaction']:.0f} and "
        f"{t['customers']:,.0f} customers. "
        f"Business value ({w['business']:.0%}): revenue rising to {t['revenue']:,.0f} per "
        f"{unit}, counted every {unit} it is earned, so value shipped early is worth more. "
        f"Technology ({w['technology']:.0%}): tech health {t['tech_health']:.0f}. "
        f"Trust ({w['trust']:.0%}): average stakeholder trust {t['trust']:.0f}, weighted by "
        "influence. Any pillar below 50 costs extra points: shortcuts are not free."
    )


class BriefingScene(BlocksPage):
    name = "briefing"

    def __init__(self, app: App, session: GameSession):
        super().__init__(app)
        self.session = session
        self.heading = session.scenario.title
        self.focus.index = 1  # Start: Enter begins the game, Esc (or Back) returns

    def make_buttons(self) -> list[Button]:
        return [Button("Back", self.escape), Button("Start", self.start, primary=True)]

    def start(self) -> None:
        self.app.reset("board", self.session)

    def blocks(self) -> list[tuple[str, str, str, bool]]:
        s = self.session.scenario
        blocks = [(s.briefing, "body", "ink", False), ("How you are scored", "title", "ink", True),
                  (scoring_text(self.session), "body", "ink", False),
                  ("The people around you", "title", "ink", True)]
        for person in s.stakeholders:
            cares = ", ".join(METRIC_LABELS[m].lower() for m in person.cares_about)
            cares = cares or "nothing special"
            blocks.append((f"{person.name}, {person.role}", "label", "ink", True))
            blocks.append((f"Trust {person.trust:.0f} · influence {person.influence} of 5 · "
                           f"cares about {cares}", "small", "muted", False))
            if person.bio:
                blocks.append((person.bio, "body", "ink", False))
        return blocks
