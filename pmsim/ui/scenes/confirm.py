"""Ending a round: what is committed, and what the player may not have meant to leave."""

from __future__ import annotations

import pygame

from ...play.actions import EndRound
from ...play.lines import Line, Tone, review_lines
from ...play.planner import Impossible
from ...play.session import GameSession
from ..app import App
from ..widgets import Button, row_of_buttons
from .base import DialogScene


class ConfirmScene(DialogScene):
    name = "confirm"

    def __init__(self, app: App, session: GameSession):
        super().__init__(app)
        self.session = session
        self.problem: str | None = None
        self.lines = review_lines(session.planner.review())

    def title(self) -> str:
        v = self.session.view
        return f"End {v.round_name} {v.round}?"

    def shown(self) -> list[Line]:
        if self.problem:
            return [*self.lines, Line(self.problem, tone=Tone.BAD, bold=True)]
        return self.lines

    def resize(self, size: tuple[int, int]) -> None:
        theme = self.theme
        u = theme.unit
        w, h = size
        width = min(760, w - 8 * u)
        text_h = sum(theme.paragraph_height(line.text, width - 4 * u, line.size.value,
                                            line.bold) for line in self.shown())
        buttons_h = theme.line_height("label", True) + 2 * u
        height = min(h - 8 * u, text_h + theme.line_height("title", True) + buttons_h + 7 * u)
        self.box = pygame.Rect(0, 0, width, height)
        self.box.center = (w // 2, h // 2)
        unit = self.session.view.round_name
        self.buttons = [Button("Keep planning", self.app.pop),
                        Button(f"End {unit}", self.confirm, primary=True)]
        row_of_buttons(theme, self.buttons, self.box.right - 2 * u, self.box.bottom - 2 * u)
        self.focus.index = 1

    def confirm(self) -> None:
        try:
            self.session.perform(EndRound())
        except Impossible as exc:  # a round not open yet, or a plan the engine refuses
            self.problem = str(exc)
            self.resize(self.app.size)
            return
        self.app.sounds.play("round")
        self.app.reset("results", self.session, self.session.last_report)

    def draw_content(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        y = self.box.y + 3 * u + theme.line_height("title", True)
        bottom = min(b.rect.top for b in self.buttons) - u
        for line in self.shown():
            size = line.size.value
            height = theme.paragraph_height(line.text, self.box.width - 4 * u, size, line.bold)
            if y + theme.line_height(size) > bottom:
                break
            used = theme.paragraph(surface, line.text, pygame.Rect(
                self.box.x + 2 * u, y, self.box.width - 4 * u, min(height, bottom - y)),
                size, getattr(p, line.tone.value), line.bold)
            y += used


