"""What if: choose a round to replay from, in the same world with the same earlier decisions."""

from __future__ import annotations

from functools import partial

import pygame

from ...play.session import GameSession
from ..app import App
from ..widgets import Button, column_of_buttons
from .base import DialogScene


class WhatIfScene(DialogScene):
    name = "whatif"

    def __init__(self, app: App, session: GameSession):
        super().__init__(app)
        self.session = session

    def title(self) -> str:
        return "Replay from which round?"

    def resize(self, size: tuple[int, int]) -> None:
        theme = self.theme
        u = theme.unit
        unit = self.session.scenario.round_name
        rounds = self.session.scenario.rounds
        self.buttons = [Button(f"Replay from {unit} {k}", partial(self.rewind, k))
                        for k in range(1, rounds + 1)]
        self.buttons.append(Button("Cancel", self.app.pop))
        width = min(420, size[0] - 8 * u)
        button_h = theme.line_height("label", True) + 4 * u
        height = theme.line_height("title", True) + 4 * u + button_h * len(self.buttons)
        self.box = pygame.Rect(0, 0, width, min(height, size[1] - 4 * u))
        self.box.center = (size[0] // 2, size[1] // 2)
        top = self.box.y + 3 * u + theme.line_height("title", True)
        column_of_buttons(theme, self.buttons, self.box.centerx, top, width - 4 * u)
        # on a short window, keep only the rounds that fit, newest first
        visible = [b for b in self.buttons if b.rect.bottom <= self.box.bottom - u]
        if len(visible) < len(self.buttons):
            keep = self.buttons[-(len(visible)):]
            column_of_buttons(theme, keep, self.box.centerx, top, width - 4 * u)
            self.buttons = keep

    def rewind(self, round_number: int) -> None:
        self.session.rewind_to(round_number)
        self.app.reset("board", self.session)
