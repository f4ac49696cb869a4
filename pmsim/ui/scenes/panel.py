"""The board's detail panel: everything the player knows about the selected request, in a
column that scrolls, above the controls that act on it.

Discovery is the game's core lesson, so what a method revealed is never cut: the text column
holds the title, the asker, the pitch, the claims, every piece of evidence and what each method
measured, in full; when it is taller than the room it has, it scrolls (mouse wheel over it,
Page Up / Page Down) and a scrollbar shows where it is. The controls stay put below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from ..theme import Theme
from .base import Block, unpack, visible_text

MIN_TEXT_LINES = 3
"""The panel keeps room for at least this many body lines of text above its controls."""


@dataclass
class PanelText:
    """The scrolling text column of the detail panel: `area` in window coordinates, and the
    scroll offset in pixels (0 to `max_scroll`)."""

    area: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    blocks: list[Block] = field(default_factory=list)
    content_height: int = 0
    scroll: int = 0

    def set(self, theme: Theme, area: pygame.Rect, blocks: list[Block]) -> None:
        """Lay out `blocks` in `area`; the scroll is kept when the text is the same (an
        answer changed) and clamped to the new height."""
        if blocks != self.blocks:
            self.scroll = 0
        self.area = area
        self.blocks = blocks
        self.content_height = sum(block_height(theme, b, self.text_width(theme))
                                  for b in blocks)
        self.scroll = max(0, min(self.scroll, self.max_scroll))

    def text_width(self, theme: Theme) -> int:
        """The text's width: the area less room for the scrollbar."""
        return max(1, self.area.width - theme.unit)

    @property
    def max_scroll(self) -> int:
        return max(0, self.content_height - self.area.height)

    def scroll_by(self, pixels: int) -> None:
        self.scroll = max(0, min(self.scroll + pixels, self.max_scroll))

    def draw(self, theme: Theme, surface: pygame.Surface) -> None:
        area = self.area.clip(surface.get_rect())
        if area.width <= 0 or area.height <= 0:
            return
        body = surface.subsurface(area)
        width = self.text_width(theme)
        y = 0
        for block in self.blocks:
            text, size, tone, bold = unpack(block)  # type: ignore[arg-type]
            if text:
                visible_text(theme, body, text, 0, y, -self.scroll, size,
                             getattr(theme.palette, tone), bold, width)
            y += block_height(theme, block, width)
        if self.max_scroll:
            self.draw_scrollbar(theme, surface)

    def draw_scrollbar(self, theme: Theme, surface: pygame.Surface) -> None:
        p = theme.palette
        track = pygame.Rect(self.area.right - 4, self.area.top, 4, self.area.height)
        pygame.draw.rect(surface, p.line, track)
        share = self.area.height / max(1, self.content_height)
        thumb_h = max(16, int(track.height * share))
        thumb_y = track.top + int((track.height - thumb_h) * self.scroll / self.max_scroll)
        pygame.draw.rect(surface, p.muted, (track.x - 2, thumb_y, 6, thumb_h), border_radius=3)


def block_height(theme: Theme, block: Block, width: int) -> int:
    """A paragraph's height at `width`, with half a unit below it."""
    text, size, _, bold = unpack(block)  # type: ignore[arg-type]
    return theme.paragraph_height(text, width, size, bold) + theme.unit // 2
