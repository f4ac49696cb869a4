"""The debrief: the score and its pillars, every metric over time, the truth behind each
request, skill versus luck, how other ways of deciding did on the same seed, and the lessons.
From here the player can replay from any round ("what if").

The comparison with the baselines takes a second or so: it is worked out on a background
thread while the rest of the page is already readable, with a progress bar in its place.
"""

from __future__ import annotations

import pygame

from ...analysis.compare import Comparison
from ...engine import debrief
from ...engine.labels import METRIC_LABELS
from ...play.background import Background, comparison
from ...play.debrief_lines import comparison_lines, score_lines, truth_lines
from ...play.lines import Line, Tone, heading
from ...play.session import GameSession
from ..app import App
from ..widgets import Button
from .base import Block, BlocksPage, Figure

CHARTS = Figure("charts")
PROGRESS = Figure("progress")
CHART_METRICS = ("satisfaction", "customers", "revenue", "tech_health", "morale")


class DebriefScene(BlocksPage):
    name = "debrief"
    heading = "Debrief"

    def __init__(self, app: App, session: GameSession, samples: int = 30):
        super().__init__(app)
        self.session = session
        self.debrief = debrief(session.game)
        self.job: Background[Comparison] | None = comparison(session.game, samples)
        self.comparison: Comparison | None = None
        self.error: BaseException | None = None
        self.heading = f"Debrief: {session.scenario.title}"

    def make_buttons(self) -> list[Button]:
        return [Button("Title screen", self.to_title),
                Button("What if…", self.what_if,
                       tooltip="Replay from a round of your choice, in the same world"),
                Button("Play again", self.again, primary=True,
                       tooltip="The same scenario and the same world, from the start")]

    def to_title(self) -> None:
        self.app.reset("title")

    def what_if(self) -> None:
        self.app.push("whatif", self.session)

    def again(self) -> None:
        self.session.restart()
        self.app.reset("board", self.session)

    def escape(self) -> None:
        self.to_title()

    def leave(self) -> None:
        self.job = None  # the thread finishes on its own; nothing waits for it

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the comparison (capture mode and tests); True once it is shown."""
        if self.job is not None and self.job.wait(timeout):
            self.update(0.0)
        return self.comparison is not None

    def update(self, dt: float) -> bool:
        """While the comparison is worked out, animate its progress bar; once it is ready,
        lay the page out again with it."""
        job = self.job
        if job is None:
            return False
        if job.done:
            self.comparison, self.error, self.job = job.result, job.error, None
            self.resize(self.app.size)
        return True

    def blocks(self) -> list[Block]:
        session = self.session
        unit = session.scenario.round_name
        out: list[Block] = [*score_lines(self.debrief, session.result_path), CHARTS]
        if self.comparison is not None:
            out += comparison_lines(self.comparison, session.titles, unit)
        elif self.error is not None:
            out += [heading("Skill and luck"),
                    Line(f"The comparison could not be worked out: {self.error}",
                         tone=Tone.BAD)]
        else:
            out += [heading("Skill and luck"), PROGRESS]
        return out + truth_lines(self.debrief, unit)

    def figure_height(self, figure: Figure, width: int) -> int:
        u = self.theme.unit
        if figure == CHARTS:
            return self.chart_height() + u
        return self.theme.line_height() + 3 * u

    def draw_figure(self, body: pygame.Surface, figure: Figure, top: int, width: int) -> None:
        height = self.figure_height(figure, width) - self.theme.unit
        if top < 0 or top + height > body.get_height():
            return  # whole figures only
        if figure == CHARTS:
            self.draw_charts(body, pygame.Rect(0, top, width, height))
        else:
            self.draw_progress(body, pygame.Rect(0, top, width, height))

    def draw_progress(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        """A bar that sweeps while the baselines are played, and how long it has taken."""
        theme = self.theme
        p = theme.palette
        u = theme.unit
        elapsed = self.job.elapsed if self.job is not None else 0.0
        words = (f"Working out how the HiPPO, RICE, WSJF, random play and the hindsight-optimal "
                 f"plan would have done in your world… {elapsed:.0f} s")
        theme.text(surface, words, (area.x, area.y), "body", p.muted, max_width=area.width)
        bar = pygame.Rect(area.x, area.y + theme.line_height() + u, min(area.width, 40 * u), u)
        pygame.draw.rect(surface, p.surface, bar, border_radius=u // 2)
        pygame.draw.rect(surface, p.line, bar, 1, border_radius=u // 2)
        span = bar.width // 4
        phase = (elapsed * 0.8) % 1.0
        moving = pygame.Rect(bar.x + int((bar.width - span) * phase), bar.y, span, bar.height)
        pygame.draw.rect(surface, p.accent, moving, border_radius=u // 2)

    def chart_height(self) -> int:
        return self.theme.line_height("small") * 2 + 14 * self.theme.unit

    def draw_charts(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        history = self.debrief.metric_history
        count = len(CHART_METRICS)
        chart_w = (area.width - (count - 1) * 2 * u) // count
        label_h = theme.line_height("small")
        for i, metric in enumerate(CHART_METRICS):
            box = pygame.Rect(area.x + i * (chart_w + 2 * u), area.y, chart_w, area.height)
            values = [h[metric] for h in history]
            first, last = values[0], values[-1]
            theme.text(surface, METRIC_LABELS[metric], (box.x, box.y), "small", p.ink, True,
                       max_width=chart_w)
            theme.text(surface, f"{first:,.0f} to {last:,.0f}", (box.x, box.y + label_h),
                       "small", p.good if last >= first else p.bad, max_width=chart_w)
            plot = pygame.Rect(box.x, box.y + 2 * label_h + u, chart_w, box.height - 2 * label_h
                               - 2 * u)
            pygame.draw.rect(surface, p.surface, plot)
            pygame.draw.rect(surface, p.line, plot, 1)
            low, high = min(values), max(values)
            span = (high - low) or 1.0
            points = [
                (plot.x + 4 + (plot.width - 8) * k // max(1, len(values) - 1),
                 plot.bottom - 4 - int((plot.height - 8) * (v - low) / span))
                for k, v in enumerate(values)
            ]
            if len(points) > 1:
                pygame.draw.lines(surface, p.accent, False, points, 3)
            for point in points:
                pygame.draw.circle(surface, p.accent, point, 4)
