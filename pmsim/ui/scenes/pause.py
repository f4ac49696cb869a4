"""The pause menu (Esc): resume, restart, save and quit, settings."""

from __future__ import annotations

import pygame

from ...play.session import GameSession
from ..app import App
from ..widgets import Button, column_of_buttons
from .base import DialogScene


class PauseScene(DialogScene):
    name = "pause"

    def __init__(self, app: App, session: GameSession):
        super().__init__(app)
        self.session = session

    def title(self) -> str:
        return "Paused"

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
        self.session.restart()
        self.app.reset("board", self.session)

    def save_and_quit(self) -> None:
        self.session.quit()
        self.app.reset("title")

    def settings(self) -> None:
        self.app.push("settings")
