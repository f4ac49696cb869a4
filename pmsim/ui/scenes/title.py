"""The title screen: new game, continue the autosave, settings, quit."""

from __future__ import annotations

import pygame

from ...play.session import GameSession, SaveUnusable
from ..app import App, Scene
from ..widgets import Button, FocusRing, column_of_buttons


class TitleScene(Scene):
    name = "title"

    def __init__(self, app: App):
        super().__init__(app)
        self.focus = FocusRing()
        self.buttons: list[Button] = []
        self.message = ""

    def enter(self) -> None:
        self.resize(self.app.size)

    def resize(self, size: tuple[int, int]) -> None:
        has_save = GameSession.has_saved_game(self.app.save_dir)
        self.buttons = [
            Button("New game", self.new_game, primary=True),
            Button("Continue", self.resume, enabled=has_save,
                   tooltip="Continue the game saved after your last round"),
            Button("Settings", self.settings),
            Button("Quit", self.quit),
        ]
        u = self.theme.unit
        band = self.band(size)
        column_of_buttons(self.theme, self.buttons, size[0] // 2, band.bottom + 4 * u,
                          min(360, size[0] // 3))

    def band(self, size: tuple[int, int]) -> pygame.Rect:
        theme = self.theme
        u = theme.unit
        height = theme.line_height("display", True) + theme.line_height("label") + 5 * u
        return pygame.Rect(0, min(size[1] // 8, 8 * u), size[0], height)

    def new_game(self) -> None:
        self.app.push("picker")

    def resume(self) -> None:
        try:
            session = GameSession.resume(self.app.save_dir)
        except SaveUnusable as exc:
            self.message = str(exc)
            self.resize(self.app.size)
            return
        if session is not None:
            self.app.push("board", session)

    def settings(self) -> None:
        self.app.push("settings")

    def quit(self) -> None:
        self.app.running = False

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.quit()
            return
        self.focus.handle(event, self.buttons)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        w, h = surface.get_size()
        surface.fill(p.background)
        band = self.band((w, h))
        pygame.draw.rect(surface, p.accent, band)
        theme.text(surface, "pmsim", (w // 2, band.y + 2 * u), "display", p.on_accent, True,
                   align="center")
        theme.text(surface, "A product management simulator: decide what to build, what to "
                   "test, and what to say no to.", (w // 2, band.y + 3 * u
                                                     + theme.line_height("display", True)),
                   "label", p.on_accent, max_width=w - 8 * u, align="center")
        self.focus.draw(theme, surface, self.buttons)
        focused = self.focus.focused(self.buttons)
        note = self.message or (focused.tooltip if focused and focused.tooltip else "")
        footer_y = h - 2 * u - theme.line_height("small")
        below = max(b.rect.bottom for b in self.buttons) + 2 * u
        if note:
            room = pygame.Rect(4 * u, below, w - 8 * u, footer_y - u - below)
            theme.paragraph(surface, note, room, "body", p.bad if self.message else p.muted)
        theme.text(surface, "Tab / arrows to move · Enter to choose · Esc to quit",
                   (w // 2, footer_y), "small", p.muted, max_width=w - 4 * u, align="center")
