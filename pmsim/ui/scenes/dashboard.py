"""The facilitator's dashboard, for a projector: how to join, the timer, who is where, and the
leaderboard, in type large enough to read from the back of the room."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from ...words import plural
from ..app import App, Scene
from ..theme import Color
from ..widgets import Button, FocusRing, row_of_buttons

if TYPE_CHECKING:
    from ...workshop.service import Workshop

REFRESH_SECONDS = 1.0
NOTE_SIZE = "label"
"""The type of the leaderboard's order and of the rounds a team has played beside its name."""
ROW_LINES = 2
"""The most lines a team's row takes: an ordinary name wraps and is read whole from the back
of the room; one that needs more is cut with "…", so a 40-letter name cannot push every other
team off the list (it once left "Teams (12)" and "+ 12 more")."""


def units(round_name: str) -> str:
    """The scenario's round name in the plural ("sprints"), as `words.plural` makes it."""
    return plural(2, round_name).split(" ", 1)[1]


class DashboardScene(Scene):
    name = "dashboard"

    def __init__(self, app: App, workshop: Workshop, join: str):
        super().__init__(app)
        self.workshop = workshop
        self.join = join
        self.focus = FocusRing()
        self.buttons: list[Button] = []
        self.since = 0.0
        self.status: dict[str, Any] = workshop.status()
        self.board: list[dict[str, Any]] = workshop.leaderboard()

    def resize(self, size: tuple[int, int]) -> None:
        running = self.status["timer_running"]
        self.buttons = [
            Button("Pause timer" if running else "Start timer", self.toggle_timer,
                   primary=not running, tooltip="S"),
            Button("+1 minute", lambda: self.extend(1), tooltip="+"),
        ]
        if self.status["paced"]:
            self.buttons.append(Button("Open next round", self.next_round,
                                       enabled=self.status["open_round"] < self.status["rounds"],
                                       tooltip="N"))
        asking = self.asking()
        if asking:
            self.buttons.append(Button(f"Let '{asking[0]}' rejoin", self.approve, tooltip="A"))
        self.buttons.append(Button("Room debrief", self.debrief, tooltip="D"))
        u = self.theme.unit
        row_of_buttons(self.theme, self.buttons, size[0] - 3 * u, size[1] - 2 * u)

    def refresh(self) -> None:
        self.status = self.workshop.status()
        self.board = self.workshop.leaderboard()
        self.resize(self.app.size)

    def toggle_timer(self) -> None:
        if self.status["timer_running"]:
            self.workshop.pause_timer()
        else:
            self.workshop.start_timer()
        self.refresh()

    def extend(self, minutes: float) -> None:
        self.workshop.extend_timer(minutes)
        self.refresh()

    def asking(self) -> list[str]:
        """Teams another laptop asked to rejoin as (the facilitator approves, or not)."""
        return [t["team"] for t in self.status["teams"] if t.get("rejoin") == "asked"]

    def approve(self) -> None:
        asking = self.asking()
        if asking:
            self.workshop.approve_rejoin(asking[0])
            self.refresh()

    def next_round(self) -> None:
        self.workshop.open_next_round()
        self.refresh()

    def debrief(self) -> None:
        from .room_debrief import RoomDebriefScene

        self.app.push(RoomDebriefScene(self.app, self.workshop))

    def update(self, dt: float) -> bool:
        self.since += dt
        if self.since >= REFRESH_SECONDS:
            self.since = 0.0
            self.refresh()
            return True
        return False

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            keys = {pygame.K_s: self.toggle_timer, pygame.K_PLUS: lambda: self.extend(1),
                    pygame.K_EQUALS: lambda: self.extend(1), pygame.K_KP_PLUS:
                    lambda: self.extend(1), pygame.K_d: self.debrief, pygame.K_a: self.approve}
            if self.status["paced"]:
                keys[pygame.K_n] = self.next_round
            if event.key in keys:
                keys[event.key]()
                return
            if event.key == pygame.K_ESCAPE:
                self.app.running = False
                return
        self.focus.handle(event, self.buttons)

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        w = surface.get_width()
        surface.fill(p.background)
        # how to join, across the top
        band_h = theme.line_height("display", True) * 2 + theme.line_height("label") + 4 * u
        pygame.draw.rect(surface, p.ink, (0, 0, w, band_h))
        x, y = 3 * u, 2 * u
        theme.text(surface, f"Join at {self.join}", (x, y), "display", p.background, True,
                   max_width=w - 6 * u)
        y += theme.line_height("display", True)
        theme.text(surface, f"Code  {self.workshop.row.code}", (x, y), "display", p.background,
                   True, max_width=w - 6 * u)
        y += theme.line_height("display", True)
        theme.text(surface, f"pmsim play --join {self.join} --code {self.workshop.row.code} "
                   "--team YOUR-TEAM", (x, y), "label", p.background, max_width=w - 6 * u)
        top = band_h + 2 * u
        bottom = min(b.rect.top for b in self.buttons) - 2 * u
        column = (w - 8 * u) // 3
        self.draw_timer(surface, pygame.Rect(3 * u, top, column, bottom - top))
        self.draw_teams(surface, pygame.Rect(4 * u + column, top, column, bottom - top))
        self.draw_leaderboard(surface, pygame.Rect(5 * u + 2 * column, top, column,
                                                   bottom - top))
        self.focus.draw(theme, surface, self.buttons)

    def fitting(self, text: str, width: int, height: int, sizes: tuple[str, ...],
                bold: bool = False) -> str:
        """The first type size in `sizes` at which `text`, wrapped to `width`, fits `height`
        (the smallest when none does)."""
        theme = self.theme
        return next((size for size in sizes
                     if theme.paragraph_height(text, width, size, bold) <= height), sizes[-1])

    def draw_timer(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        theme = self.theme
        p = theme.palette
        s = self.status
        title = self.workshop.scenario.title
        # the scenario's title in two lines at most: smaller type for a long one
        title_size = self.fitting(title, area.width, 2 * theme.line_height("title", True),
                                  ("title", "label", "body"), True)
        title_h = theme.paragraph(surface, title, area, title_size, p.ink, True,
                                  max_lines=3)
        y = area.y + title_h + theme.unit
        remaining = s["remaining_seconds"]
        if remaining is None:
            clock = "no timer"
        else:
            minutes, seconds = divmod(max(0, int(remaining)), 60)
            clock = f"{minutes}:{seconds:02d}"
        color = p.bad if remaining is not None and remaining < 60 else p.ink
        # the largest type the clock fits in whole
        clock_size = next((size for size in ("huge", "display", "title")
                           if theme.font(size, True).size(clock)[0] <= area.width), "title")
        theme.text(surface, clock, (area.x, y), clock_size, color, True,
                   max_width=area.width)
        y += theme.line_height(clock_size, True)
        state = ("running" if s["timer_running"] else
                 "paused" if s.get("timer_started") else "not started (press S)")
        unit = s["round_name"]
        if s["paced"]:
            where = f"{unit} {s['open_round']} of {s['rounds']} is open"
        else:
            where = f"teams should be on {unit} {s['expected_round']} of {s['rounds']}"
        # without minutes per round there is no timer to be running or paused
        timer = "No minutes per round were set" if remaining is None else f"Timer {state}"
        note, tone = f"{timer}. {where.capitalize()}.", p.muted
        if self.workshop.problem_brief:  # rounds are not being saved: before the timer
            note, tone = self.workshop.problem_brief, p.bad
        room = pygame.Rect(area.x, y, area.width, max(0, area.bottom - y))
        size = self.fitting(note, room.width, room.height, ("title", "label", "body", "small"))
        theme.paragraph(surface, note, room, size, tone)

    def team_note(self, team: dict[str, Any]) -> tuple[str, Color]:
        """Where a team is, in a few words, and the colour that says whether it needs the
        facilitator (asking to rejoin, behind) or not."""
        p = self.theme.palette
        rounds, done = self.status["rounds"], team["rounds_done"]
        if team.get("rejoin") == "asked":
            return "asking to rejoin (A)", p.bad
        if team["over"]:
            return "finished", p.good
        if team["behind"]:
            return f"round {done + 1} · BEHIND", p.bad
        if team["waiting"]:
            return "waiting for the next round", p.muted
        return f"round {min(rounds, done + 1)}", p.ink

    def draw_teams(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        theme = self.theme
        p = theme.palette
        teams = self.status["teams"]
        theme.text(surface, f"Teams ({len(teams)})", (area.x, area.y), "title", p.ink, True,
                   max_width=area.width)
        y = area.y + theme.line_height("title", True)
        line = theme.line_height("title")
        for index, team in enumerate(teams):
            note, color = self.team_note(team)
            bot = " (bot)" if team.get("bot") else ""
            lines = self.row_lines(f"{team['team']}{bot}", f": {note}", area.width, "title")
            if self.no_room(y, line, len(lines), len(teams) - index - 1, area):
                self.draw_more(surface, area, y, line, len(teams) - index)
                break
            for text in lines:
                theme.text(surface, text, (area.x, y), "title", color, max_width=area.width)
                y += line
        if not teams:
            theme.paragraph(surface, "No team has joined yet.", pygame.Rect(
                area.x, y, area.width, line * 2), "title", p.muted)

    def draw_leaderboard(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        theme = self.theme
        p = theme.palette
        theme.text(surface, "Leaderboard", (area.x, area.y), "title", p.ink, True,
                   max_width=area.width)
        y = area.y + theme.line_height("title", True)
        board = self.board
        if board:  # the order, said once: "2/3" beside a team is how far it has got
            theme.text(surface, f"most {units(self.status['round_name'])} played first",
                       (area.x, y), NOTE_SIZE, p.muted, max_width=area.width)
            y += theme.line_height(NOTE_SIZE)
        line = theme.line_height("title", True)
        rounds = self.status["rounds"]
        for rank, row in enumerate(board, start=1):
            name = f"{rank}. {row['team']}" + (" (bot)" if row.get("bot") else "")
            score_text = f"{row['score']:.1f}"
            right = area.right - theme.font("title", True).size(score_text)[0] - theme.unit
            where = "" if row["over"] else f"{row['rounds_done']}/{rounds}"
            room = pygame.Rect(area.x, y, right - area.x, line)
            lines = self.ranked_lines(room.width, name, rank == 1, where)
            if self.no_room(y, line, len(lines), len(board) - rank, area):
                self.draw_more(surface, area, y, line, len(board) - rank + 1)
                break
            theme.text(surface, score_text, (area.right, y), "title", p.ink, True,
                       align="right")
            self.draw_ranked(surface, room, lines, rank == 1, where)
            y += line * len(lines)

    def row_lines(self, name: str, tail: str, width: int, size: str,
                  bold: bool = False) -> list[str]:
        """`name + tail` wrapped in `width`, in at most ROW_LINES lines: a name that needs more
        is cut with "…" where the rest still fits, and `tail` (a team's status) stays whole."""
        theme = self.theme
        lines = theme.wrapped(name + tail, width, size, bold)
        if len(lines) <= ROW_LINES:
            return lines
        low, high = 0, len(name)
        while low < high:  # the longest start of the name that fits with the tail
            mid = (low + high + 1) // 2
            if len(theme.wrapped(name[:mid].rstrip() + "…" + tail, width, size, bold)) \
                    <= ROW_LINES:
                low = mid
            else:
                high = mid - 1
        return theme.wrapped(name[:low].rstrip() + "…" + tail, width, size, bold)[:ROW_LINES]

    def ranked_lines(self, width: int, name: str, bold: bool, where: str) -> list[str]:
        """A leaderboard name's lines left of its score, leaving room on the first for
        `where` (rounds played)."""
        if where:
            width -= self.theme.font(NOTE_SIZE).size(where)[0] + self.theme.unit
        return self.row_lines(name, "", max(1, width), "title", bold)

    def draw_ranked(self, surface: pygame.Surface, area: pygame.Rect, lines: list[str],
                    bold: bool, where: str) -> None:
        """A leaderboard row left of its score: the name's `lines` in title type, and `where`
        (rounds played) smaller and right-aligned on the first line's baseline."""
        theme = self.theme
        if where:
            drop = theme.font("title", bold).get_ascent() - theme.font(NOTE_SIZE).get_ascent()
            theme.text(surface, where, (area.right, area.y + max(0, drop)), NOTE_SIZE,
                       theme.palette.muted, align="right")
        for index, text in enumerate(lines):
            theme.text(surface, text, (area.x, area.y + index * area.height), "title",
                       theme.palette.ink, bold, max_width=area.width)

    @staticmethod
    def no_room(y: int, line: int, lines: int, later: int, area: pygame.Rect) -> bool:
        """Whether a row of `lines` lines at `y` overflows `area`, keeping one line below it
        for "+ N more" while `later` rows follow: a list never just stops, the room sees
        how many teams it does not show."""
        return y + line * (lines + (1 if later else 0)) > area.bottom

    def draw_more(self, surface: pygame.Surface, area: pygame.Rect, y: int, line: int,
                  count: int) -> None:
        """The "+ N more" line closing a list cut short (when there is room for it at all)."""
        if y + line <= area.bottom:
            self.theme.text(surface, f"+ {count} more", (area.x, y), "title",
                            self.theme.palette.muted, max_width=area.width)
