"""The briefing: the company and product, the goal, how scoring works, and the people."""

from __future__ import annotations

import pygame

from ...engine.scoring import score
from ..session import GameSession
from ..widgets import Button
from .base import PageScene, visible_text

METRIC_NAMES = {
    "satisfaction": "satisfaction",
    "customers": "customers",
    "revenue": "revenue",
    "tech_health": "tech health",
    "morale": "team morale",
}


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


class BriefingScene(PageScene):
    name = "briefing"

    def __init__(self, app, session: GameSession):
        super().__init__(app)
        self.session = session
        self.heading = session.scenario.title

    def make_buttons(self) -> list[Button]:
        return [Button("Back", self.escape), Button("Start", self.start, primary=True)]

    def start(self) -> None:
        from .board import BoardScene

        self.app.reset(BoardScene(self.app, self.session))

    def sections(self) -> list[tuple[str, str, str]]:
        """(text, size, colour name) blocks, in order: what the body shows."""
        s = self.session.scenario
        blocks = [(s.briefing, "body", "ink"), ("How you are scored", "title", "ink"),
                  (scoring_text(self.session), "body", "ink"),
                  ("The people around you", "title", "ink")]
        for person in s.stakeholders:
            cares = ", ".join(METRIC_NAMES[m] for m in person.cares_about) or "nothing special"
            blocks.append((f"{person.name}, {person.role}", "label", "ink"))
            blocks.append((f"Trust {person.trust:.0f} · influence {person.influence} of 5 · "
                           f"cares about {cares}", "small", "muted"))
            if person.bio:
                blocks.append((person.bio, "body", "ink"))
        return blocks

    def measure(self, width: int) -> int:
        u = self.theme.unit
        return sum(self.theme.paragraph_height(text, width - 3 * u, size,
                                               size in ("title", "label")) + u
                   for text, size, _ in self.sections())

    def draw_body(self, body: pygame.Surface, offset: int) -> None:
        theme = self.theme
        u = theme.unit
        y = 0
        width = body.get_width() - 3 * u
        for text, size, colour in self.sections():
            color = getattr(theme.palette, colour)
            y += visible_text(theme, body, text, 0, y, offset, size, color,
                              size in ("title", "label"), width) + u
