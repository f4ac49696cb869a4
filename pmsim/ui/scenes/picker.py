"""Choosing a scenario: the bundled ones, the player's own folder, or any file by path.

A scenario with errors is listed with its first diagnostic instead of being hidden or crashing
the game.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pygame

from ... import catalog
from ...play.session import GameSession, game_in_progress
from ...scenario import Scenario, load_file, scenario_files
from ...words import plural
from ..theme import Color
from ..widgets import Button
from .base import PageScene

PRINCIPLE_NAMES = {
    "prioritization": "prioritization",
    "discovery": "discovery",
    "influence": "influence",
    "balance": "balance",
    "roadmap": "roadmap",
    "outcomes": "outcomes",
    "customer_voice": "voice of the customer",
}


@dataclass
class Entry:
    path: Path
    scenario: Scenario | None
    problem: str | None
    clash: str | None = None
    """Set when another listed file has the same id: which one, so the two can be told apart
    (each opens from here; `pmsim play ID` opens the one `catalog.resolve` finds)."""

    @property
    def teaches(self) -> str:
        if self.scenario is None:
            return ""
        seen = dict.fromkeys(PRINCIPLE_NAMES[lesson.principle] for lesson in self.scenario.lessons)
        return ", ".join(seen)


def discover_entries(extra: list[Path]) -> list[Entry]:
    folders = catalog.search_dirs(extra)
    entries = []
    for path in scenario_files(folders):
        entries.append(_entry(path))
    found = [(e.scenario.id if e.scenario else None, e.path) for e in entries]
    for clash in catalog.clashes(found):
        for entry in entries:
            if entry.path in clash.paths:
                others = ", ".join(_whose(p) for p in clash.paths if p != entry.path)
                entry.clash = f"{_whose(entry.path)} · same id '{clash.id}' as {others}"
    return entries


def _whose(path: Path) -> str:
    """A file as the picker names it: bundled, the player's own, or its folder."""
    if catalog.scenarios_dir() in path.parents:
        return f"bundled {path.name}"
    if catalog.user_dir() in path.parents:
        return f"your {path.name}"
    return str(path)


def _entry(path: Path) -> Entry:
    result = load_file(path)
    problem = None
    if result.scenario is None:
        first = next(d for d in result.diagnostics if d.severity == "error")
        problem = f"line {first.line}, column {first.column}: {first.message}"
    return Entry(path, result.scenario, problem)


class PickerScene(PageScene):
    name = "picker"
    heading = "Choose a scenario"

    def __init__(self, app, seed: int | None = None):
        super().__init__(app)
        self.entries = discover_entries([])
        self.selected = 0
        self.seed = seed
        self.typing = False
        self.typed = ""
        self.message = ""
        self.card_rects: list[pygame.Rect] = []
        self.input_top = 0
        self.focus.index = 2  # Start: Enter plays the chosen scenario; Tab moves to the others

    def make_buttons(self) -> list[Button]:
        return [
            Button("Back", self.escape),
            Button("Open file…", self.open_file,
                   tooltip="Type the path of a scenario file of your own"),
            # always enabled, so the focus never jumps when a broken scenario is chosen:
            # starting one says what is wrong with it
            Button("Start", self.choose, primary=True, enabled=bool(self.entries)),
        ]

    @property
    def current(self) -> Entry:
        return self.entries[self.selected]

    def card_height(self, width: int) -> int:
        theme = self.theme
        u = theme.unit
        return (theme.line_height("title", True) + theme.line_height("small")
                + theme.line_height("body") * 2 + 4 * u)

    def measure(self, width: int) -> int:
        return len(self.entries) * (self.card_height(width) + self.theme.unit * 2)

    def resize(self, size: tuple[int, int]) -> None:
        """The page's layout, with the file box (while typing) or the message between the
        scenario list and the buttons, in room taken from the list, so nothing overlaps."""
        super().resize(size)
        theme = self.theme
        u = theme.unit
        if self.typing:
            box_h = theme.line_height() + 2 * u
            taken = theme.line_height("small") + u // 2 + box_h + 2 * u
        elif self.message:
            taken = theme.line_height() + 2 * u
        else:
            return
        self.body.height = max(0, self.body.height - taken)
        self.input_top = self.body.bottom + 2 * u
        self.content_height = self.measure(self.body.width)
        self.scroll = max(0, min(self.scroll, self.max_scroll))

    def select(self, index: int) -> None:
        if self.entries:
            self.selected = index % len(self.entries)
            self.resize(self.app.size)
            self.reveal()

    def reveal(self) -> None:
        h = self.card_height(self.body.width) + self.theme.unit * 2
        top = self.selected * h
        if top < self.scroll:
            self.scroll = top
        elif top + h > self.scroll + self.body.height:
            self.scroll = min(self.max_scroll, top + h - self.body.height)

    def choose(self) -> None:
        """Start (the button, Enter, a click on the chosen card): the chosen scenario, but
        first ask when it would replace a game in progress, which is saved over at once."""
        saved = game_in_progress(self.app.save_dir) if self.current.scenario else None
        if saved is None:
            self.start()
        else:
            self.app.push("confirm", saved, self.start)

    def start(self) -> None:
        """A new game of the chosen scenario, at once (or say what is wrong with it)."""
        entry = self.current
        if entry.scenario is None:
            self.message = f"This scenario has errors: {entry.problem}"
            self.resize(self.app.size)
            return
        seed = self.seed if self.seed is not None else secrets.randbelow(1_000_000)
        session = GameSession.start(entry.scenario, str(entry.path.resolve()), seed,
                                    self.app.save_dir)
        self.app.push("briefing", session)

    def open_file(self) -> None:
        self.typing = True
        self.typed = ""
        self.message = ""
        pygame.key.start_text_input()
        self.resize(self.app.size)

    def stop_typing(self) -> None:
        self.typing = False
        pygame.key.stop_text_input()
        self.resize(self.app.size)

    def leave(self) -> None:
        if self.typing:
            pygame.key.stop_text_input()

    def finish_typing(self) -> None:
        self.stop_typing()
        path = Path(unquoted(self.typed)).expanduser()
        if not path.is_file():
            self.message = f"No file at {path}"
            self.resize(self.app.size)
            return
        entry = _entry(path)
        self.entries.append(entry)
        self.message = (entry.problem and f"This scenario has errors: {entry.problem}") or ""
        self.select(len(self.entries) - 1)

    def paste(self) -> None:
        """Ctrl+V (or Shift+Insert): the clipboard's text, on one line."""
        try:
            text = pygame.scrap.get_text()
        except pygame.error:
            text = ""
        self.typed += " ".join((text or "").splitlines())

    def handle_typing(self, event: pygame.event.Event) -> None:
        if event.type == pygame.TEXTINPUT:
            self.typed += event.text
        elif event.type != pygame.KEYDOWN:
            return
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.finish_typing()
        elif event.key == pygame.K_ESCAPE:
            self.stop_typing()
        elif event.key == pygame.K_BACKSPACE:
            self.typed = self.typed[:-1]
        elif is_paste(event):
            self.paste()

    def handle(self, event: pygame.event.Event) -> None:
        if self.typing:
            self.handle_typing(event)
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN):
            self.select(self.selected + (1 if event.key == pygame.K_DOWN else -1))
            return
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for index, rect in enumerate(self.card_rects):
                if rect.collidepoint(event.pos):
                    if index == self.selected:
                        self.choose()
                    else:
                        self.select(index)
                    return
        super().handle(event)

    def draw_body(self, body: pygame.Surface, offset: int) -> None:
        u = self.theme.unit
        width = body.get_width()
        h = self.card_height(width)
        self.card_rects = []
        for index, entry in enumerate(self.entries):
            top = index * (h + 2 * u) + offset
            rect = pygame.Rect(0, top, width - 2 * u, h)
            self.card_rects.append(rect.move(self.body.topleft))
            if rect.bottom > 0 and rect.top < body.get_height():
                # a card partly scrolled out is drawn too, clipped to the list (the body is a
                # subsurface); only its whole lines of text are drawn, none cut in half
                self.draw_card(body, rect, entry, index == self.selected)

    def draw_card(self, body: pygame.Surface, rect: pygame.Rect, entry: Entry,
                  chosen: bool) -> None:
        """One scenario's card at `rect` on the list's surface `body` (partly outside it when
        scrolled)."""
        theme = self.theme
        p = theme.palette
        u = theme.unit
        seen = body.get_rect()
        pygame.draw.rect(body, p.raised if chosen else p.surface, rect, border_radius=u)
        pygame.draw.rect(body, p.accent if chosen else p.line, rect, 3 if chosen else 1,
                         border_radius=u)
        x, y = rect.x + 2 * u, rect.y + u
        inner = rect.width - 4 * u

        def line(text: str, size: str, color: Color, bold: bool = False) -> None:
            nonlocal y
            height = theme.line_height(size, bold)
            if seen.top <= y and y + height <= seen.bottom:
                theme.text(body, text, (x, y), size, color, bold, max_width=inner)
            y += height

        def summary(text: str) -> None:
            theme.paragraph(body, text, pygame.Rect(x, y, inner, theme.line_height() * 2),
                            "body", p.ink, visible=seen)

        if entry.scenario is None:
            line(entry.path.name, "title", p.bad, True)
            line("This file has errors and cannot be played", "small", p.bad)
            summary(entry.problem or "")
            return
        s = entry.scenario
        line(s.title, "title", p.ink, True)
        facts = f"{s.difficulty} · {plural(s.rounds, s.round_name)}"
        if entry.teaches:
            facts += f" · teaches {entry.teaches}"
        if entry.clash:  # first, so a narrow card shortens the facts, not the warning
            facts = f"{entry.clash} · {facts}"
        line(facts, "small", p.warn if entry.clash else p.muted)
        summary(s.summary)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        theme = self.theme
        p = theme.palette
        u = theme.unit
        w = surface.get_width()
        if self.typing:
            label_h = theme.line_height("small") + u // 2
            box = pygame.Rect(3 * u, self.input_top + label_h, w - 6 * u,
                              theme.line_height() + 2 * u)
            pygame.draw.rect(surface, p.surface, box, border_radius=u)
            pygame.draw.rect(surface, p.accent, box, 2, border_radius=u)
            theme.text(surface, "Path of a scenario file (Enter to open, Ctrl+V to paste, Esc "
                       "to cancel):", (box.x, self.input_top), "small", p.ink,
                       max_width=box.width)
            shown = tail_fitting(theme.font(), self.typed + "|", box.width - 2 * u)
            theme.text(surface, shown, (box.x + u, box.y + u), "body", p.ink)
        elif self.message:
            theme.text(surface, self.message, (3 * u, self.input_top), "body", p.bad,
                       max_width=w - 6 * u)


def unquoted(typed: str) -> str:
    """A typed or pasted path without the quotes a file manager or a shell put around it."""
    path = typed.strip()
    for quote in ('"', "'"):
        if len(path) >= 2 and path[0] == path[-1] == quote:
            return path[1:-1].strip()
    return path


def is_paste(event: pygame.event.Event) -> bool:
    """Ctrl+V, or Shift+Insert."""
    ctrl_v = event.key == pygame.K_v and event.mod & pygame.KMOD_CTRL
    shift_insert = event.key == pygame.K_INSERT and event.mod & pygame.KMOD_SHIFT
    return bool(ctrl_v or shift_insert)


class Measures(Protocol):
    def size(self, text: str, /) -> tuple[int, int]: ...


def tail_fitting(font: Measures, text: str, width: int) -> str:
    """The end of `text` that fits in `width` (with "…" before it when cut), so the cursor
    at the end of a long path stays in sight."""
    if font.size(text)[0] <= width:
        return text
    low, high = 0, len(text)  # the first index whose tail fits
    while low < high:
        mid = (low + high) // 2
        if font.size("…" + text[mid:])[0] <= width:
            high = mid
        else:
            low = mid + 1
    return "…" + text[low:]
