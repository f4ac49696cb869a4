"""Round results: every metric change counted up with its causes, who said what, what happened.

The numbers animate for a second (Space skips); the causes are the engine report's own words.
"""

from __future__ import annotations

import pygame

from ...engine.report import RoundReport
from ...play.lines import Line, ReportLines, Size, Tone, report_lines
from ...play.session import GameSession
from ..app import App
from ..widgets import Button
from .base import PageScene, unpack, visible_text

ANIMATION_SECONDS = 1.0


class ResultsScene(PageScene):
    name = "results"

    def __init__(self, app: App, session: GameSession, report: RoundReport):
        super().__init__(app)
        self.session = session
        self.report = report
        unit = session.scenario.round_name
        self.heading = f"Results of {unit} {report.round}"
        if session.what_if is not None:
            self.heading += f" (what if, from {unit} {session.what_if.from_round})"
        self.progress = 0.0

    def make_buttons(self) -> list[Button]:
        last = self.session.game.over
        return [Button("See the debrief" if last else "Next round", self.proceed, primary=True)]

    def proceed(self) -> None:
        self.app.reset("debrief" if self.session.game.over else "board", self.session)

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
            self.app.push("pause", self.session)
            return
        super().handle(event)

    def lines(self) -> ReportLines:
        """The report's lines, numbers at the animation's progress."""
        return report_lines(self.report, self.session.titles, self.session.scenario.round_name,
                            self.progress, last=self.report.round == self.session.scenario.rounds)

    def columns(self) -> tuple[list[Line], list[Line]]:
        """What was done and what moved on the left; people and news on the right."""
        lines = self.lines()
        left = list(lines.work)
        if self.session.save_error:
            left.append(Line(self.session.save_error, Size.SMALL, Tone.BAD, True))
        if self.session.history_note and self.session.game.over:  # first: on the first page
            left.insert(0, Line(self.session.history_note, Size.SMALL, Tone.WARN, True))
        return left, list(lines.people)

    def blocks(self) -> list[tuple[str, str, str, bool]]:
        """(text, size, colour, bold) in order, as the layout tests read them."""
        left, right = self.columns()
        return [unpack(line) for line in (*left, *right)]

    def column_width(self, width: int) -> int:
        return (width - 5 * self.theme.unit) // 2

    def measure(self, width: int) -> int:
        u = self.theme.unit
        column = self.column_width(width)
        return max(
            sum(self.theme.paragraph_height(line.text, column, line.size.value, line.bold)
                + u // 2 for line in lines)
            for lines in self.columns()
        )

    def draw_body(self, body: pygame.Surface, offset: int) -> None:
        theme = self.theme
        u = theme.unit
        column = self.column_width(body.get_width())
        for x, lines in zip((0, column + 2 * u), self.columns(), strict=True):
            y = 0
            for line in lines:
                y += visible_text(theme, body, line.text, x, y, offset, line.size.value,
                                  getattr(theme.palette, line.tone.value), line.bold,
                                  column) + u // 2
