"""The debrief: the score and its pillars, every metric over time, the lessons (mistakes
first) and the seven principles, what each decision was worth, the better plans beside the
player's, skill versus luck and the baselines, and the truth behind each request. After a
"what if", the first game and the new one side by side. From here the player can replay from
any round ("what if").

The coaching (every decision replayed, every baseline played) takes a few seconds on a long
game: it is worked out on a background thread while the rest of the page is already readable,
with a progress bar in its place; the window keeps drawing frames meanwhile.
"""

from __future__ import annotations

import pygame

from ...analysis.coach import Coaching
from ...analysis.principles import principles
from ...analysis.sidebyside import SideBySide, side_by_side
from ...engine import debrief
from ...engine.labels import METRIC_LABELS
from ...play.background import Background, coaching
from ...play.debrief_lines import (
    coaching_lines,
    lesson_lines,
    principle_lines,
    score_lines,
    truth_lines,
    whatif_lines,
)
from ...play.lines import Line, Tone, heading
from ...play.session import GameSession
from ..app import App
from ..widgets import Button
from .base import Block, BlocksPage, Figure

CHARTS = Figure("charts")
PROGRESS = Figure("progress")
SIDE = Figure("side")
CHART_METRICS = ("satisfaction", "customers", "revenue", "tech_health", "morale")


class DebriefScene(BlocksPage):
    name = "debrief"
    heading = "Debrief"

    def __init__(self, app: App, session: GameSession, samples: int = 30):
        super().__init__(app)
        self.session = session
        self.debrief = debrief(session.game)
        self.principles = principles(session.game)
        self.job: Background[Coaching] | None = coaching(session.game, samples)
        self.coaching: Coaching | None = None
        self.error: BaseException | None = None
        self.side: SideBySide | None = None
        what_if = session.what_if
        if what_if is not None:
            self.side = side_by_side(what_if.original, session.game, what_if.from_round)
        self.heading = f"Debrief: {session.scenario.title}"
        if self.side is not None:
            self.heading = f"What if, from {session.scenario.round_name} {self.side.from_round}"
        self.methods = {d.id: d.name for d in session.scenario.discovery}

    def make_buttons(self) -> list[Button]:
        title = Button("Title screen", self.to_title, primary=not self.session.can_replay)
        if not self.session.can_replay:  # a workshop's rounds go to the host
            return [title]
        return [title,
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
        return self.coaching is not None

    def update(self, dt: float) -> bool:
        """While the comparison is worked out, animate its progress bar; once it is ready,
        lay the page out again with it."""
        job = self.job
        if job is None:
            return False
        if job.done:
            self.coaching, self.error, self.job = job.result, job.error, None
            self.resize(self.app.size)
        return True

    def blocks(self) -> list[Block]:
        session = self.session
        unit = session.scenario.round_name
        out: list[Block] = []
        if self.side is not None:
            out += [SIDE, *whatif_lines(self.side, session.titles, self.methods, unit)]
        out += [*score_lines(self.debrief, session.result_path, session.result_note), CHARTS,
                *lesson_lines(self.debrief, self.principles), *principle_lines(self.principles)]
        if self.coaching is not None:
            out += coaching_lines(self.coaching, session.titles, self.methods, unit)
        elif self.error is not None:
            out += [heading("What your decisions were worth"),
                    Line(f"This part could not be worked out: {self.error}", tone=Tone.BAD)]
        else:
            out += [heading("What your decisions were worth"), PROGRESS]
        return out + truth_lines(self.debrief, unit)

    def figure_height(self, figure: Figure, width: int) -> int:
        u = self.theme.unit
        if figure == CHARTS:
            return self.chart_height() + u
        if figure == SIDE:
            return self.side_height() + u
        return self.theme.line_height() + 3 * u

    def draw_figure(self, body: pygame.Surface, figure: Figure, top: int, width: int) -> None:
        height = self.figure_height(figure, width) - self.theme.unit
        if top < 0 or top + height > body.get_height():
            return  # whole figures only
        if figure == CHARTS:
            self.draw_charts(body, pygame.Rect(0, top, width, height))
        elif figure == SIDE:
            self.draw_side(body, pygame.Rect(0, top, width, height))
        else:
            self.draw_progress(body, pygame.Rect(0, top, width, height))

    def draw_progress(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        """How far the coaching has got: replaying each decision, then playing the baselines
        (a bar filled to the share done), and how long it has taken."""
        theme = self.theme
        p = theme.palette
        u = theme.unit
        job = self.job
        elapsed = job.elapsed if job is not None else 0.0
        share = job.share if job is not None else 1.0
        stage = ("Replaying each of your decisions in your world" if share < 0.5 else
                 "Playing RICE, WSJF, the HiPPO, random, evidence and the optimal plan in it")
        words = f"{stage}… {share:.0%}, {elapsed:.0f} s"
        theme.text(surface, words, (area.x, area.y), "body", p.muted, max_width=area.width)
        bar = pygame.Rect(area.x, area.y + theme.line_height() + u, min(area.width, 40 * u), u)
        pygame.draw.rect(surface, p.surface, bar, border_radius=u // 2)
        filled = pygame.Rect(bar.x, bar.y, max(u, int(bar.width * share)), bar.height)
        pygame.draw.rect(surface, p.accent, filled, border_radius=u // 2)
        pygame.draw.rect(surface, p.line, bar, 1, border_radius=u // 2)

    def side_height(self) -> int:
        theme = self.theme
        return (theme.line_height("label", True) + theme.line_height("title", True)
                + 4 * theme.line_height("small") + 4 * theme.unit)

    def draw_side(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        """The first game and the what-if side by side: each score and its four pillars."""
        side = self.side
        if side is None:
            return
        theme = self.theme
        p = theme.palette
        u = theme.unit
        half = (area.width - 2 * u) // 2
        columns = (("Your first game", side.before, 0),
                   (f"What if, from {self.session.scenario.round_name} {side.from_round}",
                    side.after, 1))
        for k, (title, total, which) in enumerate(columns):
            box = pygame.Rect(area.x + k * (half + 2 * u), area.y, half, area.height)
            pygame.draw.rect(surface, p.surface, box, border_radius=u)
            pygame.draw.rect(surface, p.accent if which else p.line, box, 2, border_radius=u)
            y = box.y + u
            theme.text(surface, title, (box.x + 2 * u, y), "label", p.ink, True,
                       max_width=box.width - 4 * u)
            y += theme.line_height("label", True)
            theme.text(surface, f"{total:.1f}", (box.x + 2 * u, y), "title", p.ink, True,
                       max_width=box.width - 4 * u)
            y += theme.line_height("title", True)
            for name, values in side.pillars.items():
                value, other = values[which], values[1 - which]
                colour = p.ink if not which or abs(value - other) < 0.5 else (
                    p.good if value > other else p.bad)
                theme.text(surface, f"{name.capitalize()} {value:.0f}", (box.x + 2 * u, y),
                           "small", colour, max_width=box.width - 4 * u)
                y += theme.line_height("small")

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
