"""The pause menu (Esc): resume, restart, save and quit, settings."""

from __future__ import annotations

import pygame

from ..app import Scene
from ..widgets import Button, FocusRing, column_of_buttons


class PauseScene(Scene):
    name = "pause"
    overlay = True

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session
        self.focus = FocusRing()
        self.buttons: list[Button] = []
        self.box = pygame.Rect(0, 0, 0, 0)

    def resize(self, size: tuple[int, int]) -> None:
        theme = self.theme
        u = theme.unit
        self.buttons = [
            Button("Resume", self.app.pop, primary=True),
            Button("Restart", self.restart,
                   tooltip="Start this scenario again in the same world"),
            Button("Save and quit", self.save_and_quit,
                   tooltip="Your progress is saved after every round"),
            Button("Settings", self.settings),
        ]
        width = min(420, size[0] - 8 * u)
        button_h = theme.line_height("label", True) + 4 * u
        height = theme.line_height("title", True) + 5 * u + button_h * len(self.buttons)
        self.box = pygame.Rect(0, 0, width, height)
        self.box.center = (size[0] // 2, size[1] // 2)
        column_of_buttons(theme, self.buttons, self.box.centerx,
                          self.box.y + 3 * u + theme.line_height("title", True), width - 4 * u)

    def restart(self) -> None:
        from .board import BoardScene

        self.session.restart()
        self.app.reset(BoardScene(self.app, self.session))

    def save_and_quit(self) -> None:
        from .title import TitleScene

        if not self.session.game.over:
            self.session.save()
        self.app.reset(TitleScene(self.app))

    def settings(self) -> None:
        from .settings import SettingsScene

        self.app.push(SettingsScene(self.app))

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return
        self.focus.handle(event, self.buttons)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 120))
        surface.blit(shade, (0, 0))
        pygame.draw.rect(surface, p.surface, self.box, border_radius=u)
        pygame.draw.rect(surface, p.accent, self.box, 2, border_radius=u)
        theme.text(surface, "Paused", (self.box.centerx, self.box.y + 2 * u), "title", p.ink,
                   True, align="center")
        self.focus.draw(theme, surface, self.buttons)
