"""Asking before what cannot be undone: ending a round (what is committed, and what the
player may not have meant to leave), and starting a new game over the game in progress."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from ...play.actions import EndRound
from ...play.lines import Line, Tone, review_lines
from ...play.planner import Impossible
from ...play.session import GameInProgress, GameSession, SaveUnusable
from ..app import App
from ..widgets import Button, row_of_buttons
from .base import DialogScene, PanelText


class ConfirmScene(DialogScene):
    """`ConfirmScene(app, session)`: end the session's round? `ConfirmScene(app, saved,
    start)`: start a new game (`start` does it) over `saved`, the game in progress, which
    would be lost? The safe answer (keep planning, continue the saved game) is the one that
    is not primary; Esc always closes the dialog and changes nothing."""

    name = "confirm"

    def __init__(self, app: App, subject: GameSession | GameInProgress,
                 start: Callable[[], None] | None = None):
        super().__init__(app)
        self.session: GameSession | None = None
        self.replacing: GameInProgress | None = None
        self.start_new = start
        self.problem: str | None = None
        if isinstance(subject, GameInProgress):
            self.replacing = subject
            self.lines = replacing_lines(subject)
        else:
            self.session = subject
            lines = review_lines(subject.planner.review())
            # what may be a mistake first, so it is seen even when the plan is long
            self.lines = ([x for x in lines if x.tone is Tone.WARN]
                          + [x for x in lines if x.tone is not Tone.WARN])
        self.text = PanelText()

    def title(self) -> str:
        if self.session is None:
            return "Start a new game?"
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
        self.buttons, self.focus.index = self.make_buttons()
        row_of_buttons(theme, self.buttons, self.box.right - 2 * u, self.box.bottom - 2 * u)
        top = self.box.y + 3 * u + theme.line_height("title", True)
        bottom = min(b.rect.top for b in self.buttons) - u
        self.text.set(theme, pygame.Rect(self.box.x + 2 * u, top, self.box.width - 3 * u,
                                         max(0, bottom - top)), list(self.shown()))

    def make_buttons(self) -> tuple[list[Button], int]:
        """The buttons, and which has the focus (what Enter does): ending the round when it
        was asked for; continuing the saved game rather than losing it."""
        if self.session is None:
            return [Button("Start new game", self.replace),
                    Button("Continue saved game", self.keep, primary=True)], 1
        unit = self.session.view.round_name
        return [Button("Keep planning", self.app.pop),
                Button(f"End {unit}", self.confirm, primary=True)], 1

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
        """End the round (the end-of-round question's yes)."""
        if self.session is None:
            return
        try:
            self.session.perform(EndRound())
        except Impossible as exc:  # a round not open yet, or a plan the engine refuses
            self.problem = str(exc)
            self.resize(self.app.size)
            return
        self.app.sounds.play("round")
        self.app.reset("results", self.session, self.session.last_report)

    def replace(self) -> None:
        """The new game, over the one in progress: asked for in so many words."""
        self.app.pop()
        if self.start_new is not None:
            self.start_new()

    def keep(self) -> None:
        """Carry on the game in progress instead, as Continue on the title screen does (and
        say here why, when it cannot be continued)."""
        try:
            session = GameSession.resume(self.app.save_dir)
        except SaveUnusable as exc:
            self.problem = f"It cannot be continued: {exc}"
            self.resize(self.app.size)
            return
        if session is None:  # gone since the question was asked: nothing left to keep
            self.app.pop()
            return
        self.app.reset("title")
        self.app.push("board", session)

    def draw_content(self, surface: pygame.Surface) -> None:
        self.text.draw(self.theme, surface)


def replacing_lines(saved: GameInProgress) -> list[Line]:
    """What a new game would cost: the game in progress, by name, and what is lost with it."""
    return [Line(f"A game is in progress: {saved}.", bold=True),
            Line("A new game is saved over it: everything played so far and the plan you "
                 "were drafting would be lost."),
            Line("Continue saved game carries on where you left off; Esc goes back and keeps "
                 "it.", tone=Tone.MUTED)]
