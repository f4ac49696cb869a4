"""A scenario that does not load, shown in the window: every diagnostic with its line, so an
author running `pmsim play FILE --watch` can fix it and save without leaving the game."""

from __future__ import annotations

from ...scenario import LoadResult
from ..widgets import Button
from .base import BlocksPage


class DiagnosticsScene(BlocksPage):
    name = "diagnostics"
    heading = "This scenario has errors"

    def __init__(self, app, result: LoadResult, watching: bool = True):
        super().__init__(app)
        self.result = result
        self.watching = watching

    def make_buttons(self) -> list[Button]:
        return [Button("Quit", self.quit, primary=True)]

    def quit(self) -> None:
        self.app.running = False

    def escape(self) -> None:
        self.quit()

    def blocks(self) -> list[tuple[str, str, str, bool]]:
        out = []
        if self.watching:
            out.append(("Fix the file and save it: the game reloads by itself.", "body",
                        "muted", False))
        out.append((self.result.path, "label", "ink", True))
        for d in self.result.diagnostics:
            colour = "bad" if d.severity == "error" else "warn"
            out.append((f"line {d.line}, column {d.column}: {d.severity}: {d.message}", "body",
                        colour, True))
            if 1 <= d.line <= len(self.result.source_lines):
                out.append(("    " + self.result.source_lines[d.line - 1].strip(), "small",
                            "ink", False))
            if d.hint:
                out.append((f"hint: {d.hint}", "small", "muted", False))
        return out
