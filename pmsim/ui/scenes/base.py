"""What most scenes share: a page with a heading, a scrollable body, and a row of buttons; a
dialog; and a column of text that scrolls inside a box.

A scrolling text column is how the board's detail panel keeps what discovery revealed readable
in full: it holds the title, the asker, the pitch, the claims, every piece of evidence and what
each method measured; when that is taller than its room it scrolls (mouse wheel over it, Page
Up / Page Down) and a scrollbar shows where it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pygame

from ...play.lines import Line
from ..app import App, Scene
from ..theme import Theme
from ..widgets import Button, FocusRing, row_of_buttons


class PageScene(Scene):
    """A heading, a body the scene draws, and buttons at the bottom right (Tab, Enter, click).

    The body scrolls with the mouse wheel, Page Up / Page Down and Home / End when it is
    taller than the window.
    """

    heading = ""

    def __init__(self, app: App):
        super().__init__(app)
        self.focus = FocusRing()
        self.buttons: list[Button] = []
        self.scroll = 0
        self.body = pygame.Rect(0, 0, 0, 0)
        self.content_height = 0

    def resize(self, size: tuple[int, int]) -> None:
        u = self.theme.unit
        width, height = size
        self.buttons = self.make_buttons()
        row_of_buttons(self.theme, self.buttons, width - 3 * u, height - 2 * u)
        top = 3 * u + self.theme.line_height("display", True) + u
        bottom = min((b.rect.top for b in self.buttons), default=height) - 2 * u
        self.body = pygame.Rect(3 * u, top, width - 6 * u, bottom - top)
        self.content_height = self.measure(self.body.width)
        self.scroll = max(0, min(self.scroll, self.max_scroll))

    @property
    def max_scroll(self) -> int:
        return max(0, self.content_height - self.body.height)

    def make_buttons(self) -> list[Button]:
        return []

    def measure(self, width: int) -> int:
        """The height of the body's content at this width."""
        return 0

    def handle(self, event: pygame.event.Event) -> None:
        if self.focus.handle(event, self.buttons):
            return
        step = self.theme.line_height() * 3
        if event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-event.y * step)
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_PAGEDOWN:
                self.scroll_by(self.body.height - step)
            elif event.key == pygame.K_PAGEUP:
                self.scroll_by(-(self.body.height - step))
            elif event.key == pygame.K_HOME:
                self.scroll = 0
            elif event.key == pygame.K_END:
                self.scroll = self.max_scroll
            elif event.key == pygame.K_ESCAPE:
                self.escape()

    def scroll_by(self, amount: int) -> None:
        self.scroll = max(0, min(self.scroll + amount, self.max_scroll))

    def escape(self) -> None:
        """Esc: by default, back to the scene below."""
        if len(self.app.stack) > 1:
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        surface.fill(p.background)
        theme.text(surface, self.heading, (3 * u, 3 * u), "display", p.ink, bold=True,
                   max_width=surface.get_width() - 6 * u)
        body = surface.subsurface(self.body)
        self.draw_body(body, -self.scroll)
        if self.max_scroll:
            self.draw_scrollbar(surface)
        self.focus.draw(theme, surface, self.buttons)

    def draw_body(self, body: pygame.Surface, offset: int) -> None:
        pass

    def draw_scrollbar(self, surface: pygame.Surface) -> None:
        p = self.theme.palette
        track = pygame.Rect(self.body.right + self.theme.unit, self.body.top, 4, self.body.height)
        pygame.draw.rect(surface, p.line, track)
        share = self.body.height / self.content_height
        thumb_h = max(24, int(track.height * share))
        thumb_y = track.top + int((track.height - thumb_h) * self.scroll / self.max_scroll)
        pygame.draw.rect(surface, p.muted, (track.x - 2, thumb_y, 8, thumb_h), border_radius=4)


def visible_text(theme, surface, text, x, y, offset, size="body", color=None, bold=False,
                 width=None) -> int:
    """Draw a paragraph at content position (x, y) shifted by the scroll offset, only when it
    is inside the surface; returns the content height it takes."""
    height = theme.paragraph_height(text, width or surface.get_width() - x, size, bold)
    top = y + offset
    if top + height > 0 and top < surface.get_height():
        clip = pygame.Rect(x, top, width or surface.get_width() - x, height)
        if clip.top >= 0 and clip.bottom <= surface.get_height():
            theme.paragraph(surface, text, clip, size, color, bold)
        else:
            _partial(theme, surface, text, clip, size, color, bold)
    return height


def _partial(theme, surface, text, rect, size, color, bold) -> None:
    """Draw only the whole lines of a paragraph that fall inside the surface."""
    line_h = theme.line_height(size, bold)
    y = rect.y
    for line in theme.wrapped(text, rect.width, size, bold):
        if y >= 0 and y + line_h <= surface.get_height():
            theme.text(surface, line, (rect.x, y), size, color, bold)
        y += line_h


class DialogScene(Scene):
    """A box over the scene below it, with a title and buttons; Esc closes it."""

    overlay = True

    def __init__(self, app: App):
        super().__init__(app)
        self.focus = FocusRing()
        self.buttons: list[Button] = []
        self.box = pygame.Rect(0, 0, 0, 0)

    def title(self) -> str:
        return ""

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
        theme.text(surface, self.title(), (self.box.x + 2 * u, self.box.y + 2 * u), "title",
                   p.ink, True, max_width=self.box.width - 4 * u)
        self.draw_content(surface)
        self.focus.draw(theme, surface, self.buttons)

    def draw_content(self, surface: pygame.Surface) -> None:
        """What the dialog shows between its title and its buttons."""


@dataclass(frozen=True)
class Figure:
    """A picture among a page's paragraphs (charts, a progress bar): the page draws it."""

    kind: str


Block = tuple[str, str, str, bool] | Line | Figure
"""One part of a page: a presentation line, (text, type size, palette colour, bold), or a
figure."""


def unpack(block: tuple[str, str, str, bool] | Line) -> tuple[str, str, str, bool]:
    """(text, type size, palette colour name, bold) of either kind of paragraph."""
    if isinstance(block, Line):
        return block.text, block.size.value, block.tone.value, block.bold
    return block


class BlocksPage(PageScene):
    """A page that is a column of paragraphs, each from `blocks()`, scrolled as one."""

    def blocks(self) -> Sequence[Block]:
        return []

    def figure_height(self, figure: Figure, width: int) -> int:
        """The height of a figure, its gap below included (pages with figures override)."""
        return 0

    def draw_figure(self, body: pygame.Surface, figure: Figure, top: int, width: int) -> None:
        """Draw a figure whose top is at `top` in the body (pages with figures override)."""

    def block_height(self, block: Block, width: int) -> int:
        """The height a block takes, its gap below included."""
        if isinstance(block, Figure):
            return self.figure_height(block, width)
        text, size, _, bold = unpack(block)
        return self.theme.paragraph_height(text, width, size, bold) + self.theme.unit // 2

    def draw_block(self, body: pygame.Surface, block: Block, y: int, offset: int,
                   width: int) -> None:
        if isinstance(block, Figure):
            self.draw_figure(body, block, y + offset, width)
            return
        text, size, colour, bold = unpack(block)
        visible_text(self.theme, body, text, 0, y, offset, size,
                     getattr(self.theme.palette, colour), bold, width)

    def measure(self, width: int) -> int:
        width -= 3 * self.theme.unit
        return sum(self.block_height(block, width) for block in self.blocks())

    def draw_body(self, body: pygame.Surface, offset: int) -> None:
        width = body.get_width() - 3 * self.theme.unit
        y = 0
        for block in self.blocks():
            self.draw_block(body, block, y, offset, width)
            y += self.block_height(block, width)


# --- a column of text that scrolls inside a box (the board's details, the End dialog) -------

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
