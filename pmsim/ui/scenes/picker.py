"""Choosing a scenario: the bundled ones, the player's own folder, or any file by path.

A scenario with errors is listed with its first diagnostic instead of being hidden or crashing
the game.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import pygame

from ... import catalog
from ...play.session import GameSession
from ...scenario import Scenario, load_file, scenario_files
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
    return entries


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

    def make_buttons(self) -> list[Button]:
        return [
            Button("Back", self.escape),
            Button("Open file…", self.open_file,
                   tooltip="Type the path of a scenario file of your own"),
            Button("Start", self.start, primary=True,
                   enabled=bool(self.entries) and self.current.scenario is not None),
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

    def start(self) -> None:
        entry = self.current
        if entry.scenario is None:
            self.message = f"This scenario has errors: {entry.problem}"
            return
        seed = self.seed if self.seed is not None else secrets.randbelow(1_000_000)
        session = GameSession.start(entry.scenario, str(entry.path.resolve()), seed,
                                    self.app.save_dir)
        self.app.push("briefing", session)

    def open_file(self) -> None:
        self.typing = True
        self.typed = ""
        pygame.key.start_text_input()

    def finish_typing(self) -> None:
        self.typing = False
        pygame.key.stop_text_input()
        path = Path(self.typed.strip()).expanduser()
        if not path.is_file():
            self.message = f"No file at {path}"
            return
        entry = _entry(path)
        self.entries.append(entry)
        self.select(len(self.entries) - 1)
        self.message = (entry.problem and f"This scenario has errors: {entry.problem}") or ""

    def handle(self, event: pygame.event.Event) -> None:
        if self.typing:
            if event.type == pygame.TEXTINPUT:
                self.typed += event.text
            elif event.type == pygame.KEYDOWN:
                if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                    self.finish_typing()
                elif event.key == pygame.K_ESCAPE:
                    self.typing = False
                    pygame.key.stop_text_input()
                elif event.key == pygame.K_BACKSPACE:
                    self.typed = self.typed[:-1]
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN):
            self.select(self.selected + (1 if event.key == pygame.K_DOWN else -1))
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.start()
            return
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for index, rect in enumerate(self.card_rects):
                if rect.collidepoint(event.pos):
                    if index == self.selected:
                        self.start()
                    else:
                        self.select(index)
                    return
        super().handle(event)

    def draw_body(self, body: pygame.Surface, offset: int) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        width = body.get_width()
        h = self.card_height(width)
        self.card_rects = []
        for index, entry in enumerate(self.entries):
            top = index * (h + 2 * u) + offset
            rect = pygame.Rect(0, top, width - 2 * u, h)
            self.card_rects.append(rect.move(self.body.topleft))
            if rect.bottom < 0 or rect.top > body.get_height():
                continue
            if rect.top < 0 or rect.bottom > body.get_height():
                continue  # only whole cards are drawn, so no text is ever cut in half
            chosen = index == self.selected
            pygame.draw.rect(body, p.raised if chosen else p.surface, rect, border_radius=u)
            pygame.draw.rect(body, p.accent if chosen else p.line, rect, 3 if chosen else 1,
                             border_radius=u)
            x, y = rect.x + 2 * u, rect.y + u
            inner = rect.width - 4 * u
            if entry.scenario is None:
                theme.text(body, entry.path.name, (x, y), "title", p.bad, True, max_width=inner)
                y += theme.line_height("title", True)
                theme.text(body, "This file has errors and cannot be played", (x, y), "small",
                           p.bad, max_width=inner)
                y += theme.line_height("small")
                theme.paragraph(body, entry.problem or "", pygame.Rect(
                    x, y, inner, theme.line_height() * 2), "body", p.ink)
                continue
            s = entry.scenario
            theme.text(body, s.title, (x, y), "title", p.ink, True, max_width=inner)
            y += theme.line_height("title", True)
            facts = f"{s.difficulty} · {s.rounds} {s.round_name}s"
            if entry.teaches:
                facts += f" · teaches {entry.teaches}"
            theme.text(body, facts, (x, y), "small", p.muted, max_width=inner)
            y += theme.line_height("small")
            theme.paragraph(body, s.summary, pygame.Rect(x, y, inner, theme.line_height() * 2),
                            "body", p.ink)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        theme = self.theme
        p = theme.palette
        u = theme.unit
        w, h = surface.get_size()
        if self.typing:
            box = pygame.Rect(3 * u, h - 14 * u, w - 6 * u, 5 * u)
            pygame.draw.rect(surface, p.surface, box, border_radius=u)
            pygame.draw.rect(surface, p.accent, box, 2, border_radius=u)
            theme.text(surface, "Path of a scenario file (Enter to open, Esc to cancel):",
                       (box.x + u, box.y - theme.line_height("small") - u // 2), "small", p.ink)
            theme.text(surface, self.typed + "|", (box.x + u, box.y + u), "body", p.ink,
                       max_width=box.width - 2 * u)
        elif self.message:
            theme.text(surface, self.message, (3 * u, h - 7 * u - theme.line_height()), "body",
                       p.bad, max_width=w - 6 * u)
