"""Round results: every metric change counted up with its causes, who said what, what happened.

The numbers animate for a second (Space skips); the causes are the engine report's own words.
"""

from __future__ import annotations

import pygame

from ...engine.labels import METRIC_LABELS
from ...engine.report import RoundReport
from ..widgets import Button
from .base import PageScene, visible_text

ANIMATION_SECONDS = 1.0


class ResultsScene(PageScene):
    name = "results"

    def __init__(self, app, session, report: RoundReport):
        super().__init__(app)
        self.session = session
        self.report = report
        unit = session.scenario.round_name
        self.heading = f"Results of {unit} {report.round}"
        self.progress = 0.0

    def make_buttons(self) -> list[Button]:
        last = self.session.game.over
        return [Button("See the debrief" if last else "Next round", self.proceed, primary=True)]

    def proceed(self) -> None:
        if self.session.game.over:
            from .debrief import DebriefScene

            self.app.reset(DebriefScene(self.app, self.session))
        else:
            from .board import BoardScene

            self.app.reset(BoardScene(self.app, self.session))

    def update(self, dt: float) -> bool:
        if self.progress >= 1.0:
            return False
        self.progress = min(1.0, self.progress + dt / ANIMATION_SECONDS)
        return True

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE and self.progress < 1:
            self.progress = 1.0
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            from .pause import PauseScene

            self.app.push(PauseScene(self.app, self.session))
            return
        super().handle(event)

    def columns(self) -> tuple[list, list]:
        """What was done and what moved on the left; people and news on the right."""
        blocks = self.blocks()
        split = next((i for i, b in enumerate(blocks) if b[0] in ("Trust", "What people said",
                                                                 "News")), len(blocks))
        return blocks[:split], blocks[split:]

    def blocks(self) -> list[tuple[str, str, str, bool]]:
        """(text, size, colour, bold) in order; numbers shown at the animation's progress."""
        r = self.report
        t = self.progress
        unit = self.session.scenario.round_name
        out: list[tuple[str, str, str, bool]] = []
        work = [w for w in r.work]
        out.append((f"Capacity {r.capacity} points; the plan asked for {r.planned}; "
                    f"{r.used} were used.", "body", "ink", False))
        for cause in r.capacity_causes[1:]:
            out.append((f"Capacity {cause.amount:+.0f}: {cause.reason}", "small", "muted",
                        False))
        for item in work:
            if item.outcome == "shipped":
                text = f"Shipped: {item.title} (it really cost {item.cost} points"
                text += ", after its deadline)" if item.late else ")"
                out.append((text, "body", "good", True))
            elif item.outcome == "spilled":
                done = item.points_this_round
                out.append((f"Unfinished: {item.title}, {done} point{'s' if done != 1 else ''} "
                            f"done; it continues next {unit}", "body", "warn", True))
            else:
                out.append((f"Not started: {item.title} (no capacity left)", "body", "warn",
                            True))
        for found in r.discoveries:
            out.append((f"{found.method_name} on '{found.request}': "
                        f"{found.evidence or 'nothing new was found.'}", "body", "accent", False))
        if r.metrics:
            out.append(("What moved, and why", "title", "ink", True))
        for change in r.metrics:
            now = change.before + change.delta * t
            name = METRIC_LABELS[change.target]
            colour = "good" if change.delta >= 0 else "bad"
            out.append((f"{name} {change.before:,.0f} to {now:,.0f} ({change.delta * t:+,.1f})",
                        "label", colour, True))
            for cause in change.causes:
                out.append((f"{cause.amount:+,.1f}  {cause.reason}", "small", "ink", False))
        if r.trust:
            out.append(("Trust", "title", "ink", True))
        for change in r.trust:
            now = change.before + change.delta * t
            colour = "good" if change.delta >= 0 else "bad"
            out.append((f"{change.label} {change.before:.0f} to {now:.0f} "
                        f"({change.delta * t:+.1f})", "label", colour, True))
            for cause in change.causes:
                out.append((f"{cause.amount:+.1f}  {cause.reason}", "small", "ink", False))
        if r.reactions:
            out.append(("What people said", "title", "ink", True))
        for reaction in r.reactions:
            out.append((f"{reaction.name}: “{reaction.quote}”", "body", "ink", False))
        if r.news:
            out.append(("News", "title", "ink", True))
        for item in r.news:
            out.append((f"{item.title}. {item.message}", "body", "ink", False))
        if self.session.save_error:
            out.append((self.session.save_error, "small", "bad", True))
        return out

    def column_width(self, width: int) -> int:
        return (width - 5 * self.theme.unit) // 2

    def measure(self, width: int) -> int:
        u = self.theme.unit
        column = self.column_width(width)
        return max(
            sum(self.theme.paragraph_height(text, column, size, bold) + u // 2
                for text, size, _, bold in blocks)
            for blocks in self.columns()
        )

    def draw_body(self, body: pygame.Surface, offset: int) -> None:
        theme = self.theme
        u = theme.unit
        column = self.column_width(body.get_width())
        for x, blocks in zip((0, column + 2 * u), self.columns(), strict=True):
            y = 0
            for text, size, colour, bold in blocks:
                y += visible_text(theme, body, text, x, y, offset, size,
                                  getattr(theme.palette, colour), bold, column) + u // 2
