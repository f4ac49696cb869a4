"""The debrief: the score and its pillars, every metric over time, the truth behind each
request, skill versus luck, how other ways of deciding did on the same seed, and the lessons.
From here the player can replay from any round ("what if").
"""

from __future__ import annotations

import pygame

from ...analysis import compare
from ...engine import debrief
from ...engine.labels import METRIC_LABELS, impact_words
from ..widgets import Button
from .base import Block, BlocksPage

CHART = "\x00chart"  # the block where the metric charts go, among the paragraphs
CHART_METRICS = ("satisfaction", "customers", "revenue", "tech_health", "morale")


class DebriefScene(BlocksPage):
    name = "debrief"
    heading = "Debrief"

    def __init__(self, app, session, samples: int = 30):
        super().__init__(app)
        self.session = session
        self.debrief = debrief(session.game)
        self.comparison = compare(session.game, samples=samples)
        self.heading = f"Debrief: {session.scenario.title}"

    def make_buttons(self) -> list[Button]:
        return [Button("Title screen", self.to_title),
                Button("What if…", self.what_if,
                       tooltip="Replay from a round of your choice, in the same world"),
                Button("Play again", self.again, primary=True,
                       tooltip="The same scenario and the same world, from the start")]

    def to_title(self) -> None:
        from .title import TitleScene

        self.app.reset(TitleScene(self.app))

    def what_if(self) -> None:
        from .whatif import WhatIfScene

        self.app.push(WhatIfScene(self.app, self.session))

    def again(self) -> None:
        from .board import BoardScene

        self.session.restart()
        self.app.reset(BoardScene(self.app, self.session))

    def escape(self) -> None:
        self.to_title()

    def chart_height(self) -> int:
        return self.theme.line_height("small") * 2 + 14 * self.theme.unit

    def blocks(self) -> list[tuple[str, str, str, bool]]:
        d = self.debrief
        s = d.score
        c = self.comparison
        unit = self.session.scenario.round_name
        out = [(f"Final score {s.total:.1f}   (100 = every target met; up to 150)", "title",
                "ink", True)]
        if self.session.result_path is not None:
            out.append((f"Your result is saved for your facilitator: {self.session.result_path}",
                        "body", "accent", True))
        pillars = "   ".join(f"{name} {value:.0f}" for name, value in s.pillars.items())
        out.append((f"Pillars: {pillars}", "label", "ink", False))
        if s.penalty:
            out.append((f"Balance penalty -{s.penalty:.1f}: a pillar fell below 50, and "
                        "shortcuts are not free.", "body", "bad", False))
        out.append((CHART, "", "", False))
        luck = c.player
        out.append(("Skill and luck", "title", "ink", True))
        out.append((f"Your decisions, replayed in {luck.samples} other worlds (the same events, "
                    f"but other true costs and values), average {luck.expected:.1f}: that is the "
                    f"quality of your decisions. Your actual score beat {luck.percentile:.0f}% "
                    f"of those worlds, so luck gave you {luck.luck:+.1f}.", "body", "ink", False))
        out.append(("On the same seed", "title", "ink", True))
        titles = {r.id: r.title for r in d.requests}
        for b in c.baselines:
            note = f" (decision quality {b.luck.expected:.1f})" if b.luck else ""
            out.append((f"{b.name}: {b.score:.1f}{note}. {b.description}.", "body", "ink",
                        False))
            if b.name in ("rice", "wsjf"):
                built = "; ".join(
                    f"{unit} {k}: " + (", ".join(titles[r] for r in shipped) or "nothing")
                    for k, shipped in enumerate(b.shipped, start=1)
                )
                out.append((f"    {b.name.upper()} would have shipped: {built}", "small",
                            "muted", False))
        out.append(("What each request really was", "title", "ink", True))
        for r in d.requests:
            fate = f"shipped in {unit} {r.shipped_in}" if r.shipped_in else r.status
            out.append((f"{r.title}: {fate}", "label", "ink", True))
            out.append((f"Claimed {impact_words(r.claimed_impact) or 'nothing'}; really "
                        f"{impact_words(r.impact) or 'nothing'}"
                        + (f"; cost of waiting {impact_words(r.neglect)} per {unit}"
                           if r.neglect else "")
                        + f". Cost {r.cost} points (estimate {r.estimate}).", "small", "ink",
                        False))
            if r.evidence and not r.discovered:
                shown = " ".join(f"{name}: {text}" for name, text in r.evidence.items())
                out.append((f"Discovery would have shown: {shown}", "small", "accent", False))
        if d.lessons:
            out.append(("Lessons", "title", "ink", True))
        for lesson in d.lessons:
            out.append((f"{lesson.principle.replace('_', ' ').capitalize()}: {lesson.text}",
                        "body", "ink", False))
        return out

    def block_height(self, block: Block, width: int) -> int:
        if block[0] == CHART:
            return self.chart_height() + self.theme.unit
        return super().block_height(block, width)

    def draw_block(self, body: pygame.Surface, block: Block, y: int, offset: int,
                   width: int) -> None:
        if block[0] != CHART:
            super().draw_block(body, block, y, offset, width)
            return
        top = y + offset
        if top >= 0 and top + self.chart_height() <= body.get_height():  # whole charts only
            self.draw_charts(body, pygame.Rect(0, top, width, self.chart_height()))

    def draw_charts(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        history = self.debrief.metric_history
        count = len(CHART_METRICS)
        chart_w = (area.width - (count - 1) * 2 * u) // count
        label_h = theme.line_height("small")
        for i, metric in enumerate(CHART_METRICS):
            box = pygame.Rect(area.x + i * (chart_w + 2 * u), area.y, chart_w, area.height)
            values = [h[metric] for h in history]
            first, last = values[0], values[-1]
            theme.text(surface, METRIC_LABELS[metric], (box.x, box.y), "small", p.ink, True,
                       max_width=chart_w)
            theme.text(surface, f"{first:,.0f} to {last:,.0f}", (box.x, box.y + label_h),
                       "small", p.good if last >= first else p.bad, max_width=chart_w)
            plot = pygame.Rect(box.x, box.y + 2 * label_h + u, chart_w, box.height - 2 * label_h
                               - 2 * u)
            pygame.draw.rect(surface, p.surface, plot)
            pygame.draw.rect(surface, p.line, plot, 1)
            low, high = min(values), max(values)
            span = (high - low) or 1.0
            points = [
                (plot.x + 4 + (plot.width - 8) * k // max(1, len(values) - 1),
                 plot.bottom - 4 - int((plot.height - 8) * (v - low) / span))
                for k, v in enumerate(values)
            ]
            if len(points) > 1:
                pygame.draw.lines(surface, p.accent, False, points, 3)
            for point in points:
                pygame.draw.circle(surface, p.accent, point, 4)
