"""Ending a round: what is committed, and what the player may not have meant to leave."""

from __future__ import annotations

import pygame

from ..widgets import Button, row_of_buttons
from .base import DialogScene


class ConfirmScene(DialogScene):
    name = "confirm"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session

    def title(self) -> str:
        v = self.session.planner.view
        return f"End {v.round_name} {v.round}?"

    def lines(self) -> list[tuple[str, str]]:
        planner = self.session.planner
        v = planner.view
        out: list[tuple[str, str]] = [("Committed to this round:", "label")]
        build = [*(r.id for r in v.open_requests if r.forced), *planner.draft.build]
        out += [(f"• {v.request(rid).title} ({v.request(rid).remaining_estimate} pt)", "body")
                for rid in build] or [("• nothing", "body")]
        methods = {m.id: m for m in v.methods}
        for rid, method in planner.draft.discover:
            out.append((f"• {methods[method].name} on {v.request(rid).title} "
                        f"({methods[method].cost} pt)", "body"))
        if planner.planned > v.capacity:
            out.append((f"! {planner.planned} points planned for a capacity of {v.capacity}: "
                        "overtime hurts morale and quality.", "warn"))
        for rid in planner.broken_promises():
            out.append((f"! '{v.request(rid).title}' was promised for this round.", "warn"))
        silent = planner.unanswered()
        if silent:
            names = ", ".join(v.request(r).title for r in silent)
            out.append((f"! No answer yet for: {names}. Their askers will notice.", "warn"))
        return out

    def resize(self, size: tuple[int, int]) -> None:
        theme = self.theme
        u = theme.unit
        w, h = size
        width = min(760, w - 8 * u)
        text_h = sum(theme.paragraph_height(t, width - 4 * u, "label" if k == "label" else "body",
                                            k == "label") for t, k in self.lines())
        buttons_h = theme.line_height("label", True) + 2 * u
        height = min(h - 8 * u, text_h + theme.line_height("title", True) + buttons_h + 7 * u)
        self.box = pygame.Rect(0, 0, width, height)
        self.box.center = (w // 2, h // 2)
        unit = self.session.planner.view.round_name
        self.buttons = [Button("Keep planning", self.app.pop),
                        Button(f"End {unit}", self.confirm, primary=True)]
        row_of_buttons(theme, self.buttons, self.box.right - 2 * u, self.box.bottom - 2 * u)
        self.focus.index = 1

    def confirm(self) -> None:
        from .results import ResultsScene

        report = self.session.end_round()
        self.app.sounds.play("round")
        self.app.reset(ResultsScene(self.app, self.session, report))

    def draw_content(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        y = self.box.y + 3 * u + theme.line_height("title", True)
        bottom = min(b.rect.top for b in self.buttons) - u
        for text, kind in self.lines():
            size = "label" if kind == "label" else "body"
            height = theme.paragraph_height(text, self.box.width - 4 * u, size, kind == "label")
            if y + theme.line_height(size) > bottom:
                break
            color = p.warn if kind == "warn" else p.ink
            used = theme.paragraph(surface, text, pygame.Rect(
                self.box.x + 2 * u, y, self.box.width - 4 * u, min(height, bottom - y)),
                size, color, kind == "label")
            y += used
