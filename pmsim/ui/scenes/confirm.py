"""Ending a round: what is committed, and what the player may not have meant to leave."""

from __future__ import annotations

import pygame

from ...play.actions import EndRound
from ...play.lines import Line, Tone, review_lines
from ...play.planner import Impossible
from ...play.session import GameSession
from ..app import App
from ..widgets import Button, row_of_buttons
from .base import DialogScene, PanelText


class ConfirmScene(DialogScene):
    name = "confirm"

    def __init__(self, app: App, session: GameSession):
        super().__init__(app)
        self.session = session
        self.problem: str | None = None
        lines = review_lines(session.planner.review())
        # what may be a mistake first, so it is seen even when the plan is long
        self.lines = ([x for x in lines if x.tone is Tone.WARN]
                      + [x for x in lines if x.tone is not Tone.WARN])
        self.text = PanelText()

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
                                            line.bold) + u // 2 for line in self.shown())
        buttons_h = theme.line_height("label", True) + 2 * u
        height = min(h - 8 * u, text_h + theme.line_height("title", True) + buttons_h + 7 * u)
        self.box = pygame.Rect(0, 0, width, height)
        self.box.center = (w // 2, h // 2)
        unit = self.session.view.round_name
        self.buttons = [Button("Keep planning", self.app.pop),
                        Button(f"End {unit}", self.confirm, primary=True)]
        row_of_buttons(theme, self.buttons, self.box.right - 2 * u, self.box.bottom - 2 * u)
        self.focus.index = 1
        top = self.box.y + 3 * u + theme.line_height("title", True)
        bottom = min(b.rect.top for b in self.buttons) - u
        self.text.set(theme, pygame.Rect(self.box.x + 2 * u, top, self.box.width - 3 * u,
                                         max(0, bottom - top)), list(self.shown()))

    def handle(self, event: pygame.event.Event) -> None:
        """The dialog's keys, and scrolling the plan and its warnings when they are long
        (mouse wheel, Page Up / Page Down)."""
        step = self.theme.line_height() * 2
        if event.type == pygame.MOUSEWHEEL:
            self.text.scroll_by(-event.y * step)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            page = max(step, self.text.area.height - step)
            self.text.scroll_by(page if event.key == pygame.K_PAGEDOWN else -page)
        else:
            super().handle(event)

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
        self.text.draw(self.theme, surface)
