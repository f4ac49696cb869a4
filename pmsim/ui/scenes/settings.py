"""Settings: window size or fullscreen, text size, a colour-blind-safe palette, sound.

Each button shows its current value and steps to the next; changes apply at once and are
saved for the next run.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from ..settings import WINDOW_SIZES
from ..theme import TEXT_SCALES
from ..widgets import Button
from .base import PageScene, visible_text

INTRO = ("Enter or click to change a setting; it is saved for next time. Tab or the arrows "
         "move between settings; Esc goes back. Anywhere in the game, F11 (or Alt+Enter) "
         "toggles fullscreen and Ctrl+minus / Ctrl+plus change the text size.")
SCALE_NAMES = {0.85: "small", 1.0: "normal", 1.2: "large", 1.4: "largest"}


class SettingsScene(PageScene):
    name = "settings"
    heading = "Settings"

    def make_buttons(self) -> list[Button]:
        s = self.app.settings
        return [
            Button(f"Window: {s.width}×{s.height}", self.next_size,
                   enabled=not s.fullscreen),
            Button(f"Fullscreen: {'on' if s.fullscreen else 'off'}", self.toggle_fullscreen),
            Button(f"Text: {SCALE_NAMES[s.text_scale]}", self.next_scale),
            Button(f"Colours: {'colour-blind safe' if s.palette == 'colorblind' else 'standard'}",
                   self.toggle_palette),
            Button(f"Sound: {'on' if s.sound else 'off'}", self.toggle_sound),
            Button("Done", self.escape, primary=True),
        ]

    def resize(self, size: tuple[int, int]) -> None:
        super().resize(size)
        # settings read better as a column in the middle than as a row at the bottom
        theme = self.theme
        u = theme.unit
        top = self.body.y + theme.paragraph_height(INTRO, self.body.width) + 2 * u
        h = self.buttons[0].rect.height
        one_column = top + len(self.buttons) * (h + 2 * u) <= size[1] - 2 * u
        columns = 1 if one_column else 2
        width = min(520, (size[0] - 8 * u - (columns - 1) * 2 * u) // columns)
        left = size[0] // 2 - (columns * width + (columns - 1) * 2 * u) // 2
        for i, button in enumerate(self.buttons):
            row, col = divmod(i, columns)
            button.rect = pygame.Rect(left + col * (width + 2 * u), top + row * (h + 2 * u),
                                      width, h)

    def change(self, **changes) -> None:
        index = self.focus.index
        self.app.apply_settings(replace(self.app.settings, **changes))
        self.resize(self.app.size)
        self.focus.index = index

    def next_size(self) -> None:
        s = self.app.settings
        sizes = list(WINDOW_SIZES)
        current = (s.width, s.height)
        following = sizes[(sizes.index(current) + 1) % len(sizes)] if current in sizes else sizes[1]
        self.change(width=following[0], height=following[1])

    def toggle_fullscreen(self) -> None:
        self.change(fullscreen=not self.app.settings.fullscreen)

    def next_scale(self) -> None:
        scales = list(TEXT_SCALES)
        current = scales.index(self.app.settings.text_scale)
        self.change(text_scale=scales[(current + 1) % len(scales)])

    def toggle_palette(self) -> None:
        palette = "default" if self.app.settings.palette == "colorblind" else "colorblind"
        self.change(palette=palette)

    def toggle_sound(self) -> None:
        self.change(sound=not self.app.settings.sound)

    def draw_body(self, body: pygame.Surface, offset: int) -> None:
        theme = self.theme
        visible_text(theme, body, INTRO, 0, 0, offset, "body", theme.palette.muted, False,
                     body.get_width())
