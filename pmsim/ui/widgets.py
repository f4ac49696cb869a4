"""Buttons and focus: every control works with the mouse alone and with the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from .theme import Theme


@dataclass
class Button:
    label: str
    action: Callable[[], object]
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    enabled: bool = True
    primary: bool = False
    tooltip: str | None = None
    size: str = "label"
    """The type size of the label: compact panels use "body"."""
    short: tuple[str, ...] = ()
    """Shorter labels, longest first: drawn, the first that fits, when the label does not
    (the full label is on hover and focus where labels can be cut)."""
    form: int = 0
    """The longest form drawn: 0 the label, 1 the first of `short`, and so on. A layout that
    shortens a row of labels together sets it, so that a label that happens to fit is not
    drawn longer, or in another style, than its neighbours."""

    def shown(self, theme: Theme) -> str:
        """The label as drawn: the first of the label and its shorter forms, from `form` on,
        that fits the button (the last, cut with "…", when none does)."""
        room = self.rect.width - theme.unit
        font = theme.font(self.size, True)
        texts = (self.label, *self.short)
        texts = texts[min(self.form, len(texts) - 1):]
        return next((t for t in texts if font.size(t)[0] <= room), texts[-1])

    def draw(self, theme: Theme, surface: pygame.Surface, focused: bool, hovered: bool) -> None:
        p = theme.palette
        fill = p.accent if self.primary else (p.raised if hovered else p.surface)
        ink = p.on_accent if self.primary else p.ink
        if not self.enabled:
            fill, ink = p.background, p.muted
        pygame.draw.rect(surface, fill, self.rect, border_radius=theme.unit)
        pygame.draw.rect(surface, p.line if not self.primary else p.accent, self.rect, 1,
                         border_radius=theme.unit)
        if focused:
            pygame.draw.rect(surface, p.ink, self.rect.inflate(6, 6), 3,
                             border_radius=theme.unit + 2)
        height = theme.line_height(self.size, True)
        theme.text(surface, self.shown(theme), (self.rect.centerx, self.rect.centery - height // 2),
                   self.size, ink, bold=True, max_width=self.rect.width - theme.unit,
                   align="center")


def button_size(theme: Theme, label: str) -> tuple[int, int]:
    font = theme.font("label", True)
    return font.size(label)[0] + 4 * theme.unit, font.get_linesize() + 2 * theme.unit


def row_of_buttons(theme: Theme, buttons: list[Button], right: int, bottom: int) -> None:
    """Lay buttons out right-aligned in a row ending at (right, bottom)."""
    x = right
    for button in reversed(buttons):
        w, h = button_size(theme, button.label)
        button.rect = pygame.Rect(x - w, bottom - h, w, h)
        x -= w + theme.unit * 2


def column_of_buttons(theme: Theme, buttons: list[Button], center_x: int, top: int,
                      width: int) -> int:
    y = top
    for button in buttons:
        _, h = button_size(theme, button.label)
        button.rect = pygame.Rect(center_x - width // 2, y, width, h)
        y += h + theme.unit * 2
    return y


class FocusRing:
    """Tab order over a scene's buttons; Enter or Space presses the focused one."""

    def __init__(self) -> None:
        self.index = 0

    def handle(self, event: pygame.event.Event, buttons: list[Button]) -> bool:
        usable = [b for b in buttons if b.enabled]
        if not usable:
            return False
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_TAB:
                step = -1 if event.mod & pygame.KMOD_SHIFT else 1
                self.index = (self.index + step) % len(usable)
                return True
            if event.key in (pygame.K_DOWN, pygame.K_RIGHT):
                self.index = (self.index + 1) % len(usable)
                return True
            if event.key in (pygame.K_UP, pygame.K_LEFT):
                self.index = (self.index - 1) % len(usable)
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                usable[self.index % len(usable)].action()
                return True
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for i, button in enumerate(usable):
                if button.rect.collidepoint(event.pos):
                    self.index = i
                    button.action()
                    return True
        return False

    def focused(self, buttons: list[Button]) -> Button | None:
        usable = [b for b in buttons if b.enabled]
        return usable[self.index % len(usable)] if usable else None

    def draw(self, theme: Theme, surface: pygame.Surface, buttons: list[Button]) -> None:
        focused = self.focused(buttons)
        mouse = pygame.mouse.get_pos()
        for button in buttons:
            button.draw(theme, surface, button is focused, button.rect.collidepoint(mouse))
