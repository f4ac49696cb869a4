"""The planning board: request cards, the capacity meter, the roadmap lanes, and the plan.

Cards commit by drag-and-drop onto the Now lane, by their Add toggle, or by Enter; answers by
dropping on Next or Later or with the panel's buttons; discovery from the panel. Everything can
be undone until the round ends. Keyboard: arrows move between cards, Tab moves into the buttons.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import pygame

from ...engine.labels import METRIC_LABELS, METRIC_MEANINGS
from ...engine.view import PlayerView, RequestView
from ...play import actions
from ...play.answers import ANSWER_KINDS, LANES
from ...play.lines import card, request_lines, short_name
from ...play.planner import Impossible, Planner
from ...play.session import GameSession
from ...words import plural, signed_points
from ..app import Scene
from ..theme import ellipsize
from ..widgets import Button, button_size
from .base import MIN_TEXT_LINES, Block, PanelText

ANSWER_KEYS: dict[int, str] = {getattr(pygame, f"K_{kind.hotkey}"): kind.key
                               for kind in ANSWER_KINDS}
KEY_HELP = ("Arrows: choose a card · Enter: add/remove · "
            + " · ".join(f"{k.hotkey.upper()} {k.label.lower()}" for k in ANSWER_KINDS)
            + " · D discover · R roadmap · PgUp/PgDn: details · Ctrl+Z undo · Ctrl+Y redo"
            " · E end · Tab: buttons · Esc: menu")


def short_number(value: float) -> str:
    if abs(value) >= 100_000:
        return f"{value / 1000:,.0f}k"
    if abs(value) >= 10_000:
        return f"{value / 1000:,.1f}k"
    return f"{value:,.0f}"



@dataclass
class Layout:
    header: pygame.Rect
    grid: pygame.Rect
    panel: pygame.Rect
    lanes: dict[str, pygame.Rect]
    columns: int
    card_w: int
    card_h: int


class BoardScene(Scene):
    name = "board"

    def __init__(self, app, session: GameSession):
        super().__init__(app)
        self.session = session
        self.selected = 0
        self.scroll = 0
        self.focus = -1  # -1: the card grid; otherwise an index into self.buttons
        self.buttons: list[Button] = []
        self._layout: Layout | None = None
        self.drag: tuple[str, tuple[int, int]] | None = None
        self.dragging = False
        self.mouse = (-1, -1)  # no tooltips until the mouse has moved
        self.message = ""
        self.problem = True
        self.open_lane: str | None = None
        """A lane opened by a click or R, listing everything in it."""
        self.since = 0.0
        self.link_version = -1
        self.panel_text = PanelText()
        self.widths: dict[tuple[str, str, bool], int] = {}
        self.titles: dict[tuple[str, int], list[str]] = {}

    @property
    def planner(self) -> Planner:
        return self.session.planner

    @property
    def view(self) -> PlayerView:
        return self.session.planner.view

    @property
    def layout(self) -> Layout:
        """Where everything goes; made by resize(), which the app calls before any event."""
        assert self._layout is not None, "resize() lays the board out first"
        return self._layout

    @property
    def cards(self) -> tuple[RequestView, ...]:
        return self.view.open_requests

    @property
    def current(self) -> RequestView | None:
        cards = self.cards
        return cards[self.selected % len(cards)] if cards else None

    # --- layout --------------------------------------------------------------------------------

    def enter(self) -> None:
        self.resize(self.app.size)

    def resize(self, size: tuple[int, int]) -> None:
        theme = self.theme
        self.widths.clear()  # the text size may have changed
        self.titles.clear()
        u = theme.unit
        width, height = size
        header_h = theme.line_height("title", True) + theme.line_height("small") * 2 + 3 * u
        header = pygame.Rect(0, 0, width, header_h)
        # on a short window the lanes list one card each and say how many more there are
        self.lane_lines = 3 if height >= 900 * theme.scale else 1
        lane_h = (theme.line_height("label", True) + theme.line_height("small") * self.lane_lines
                  + 2 * u)
        buttons_h = button_size(theme, "End")[1]
        help_h = theme.line_height("small")
        bottom = height - 2 * u - buttons_h - u - help_h - u
        lanes_top = bottom - lane_h
        min_card = int(230 * theme.scale)
        panel_w = max(300, int(width * 0.34))
        if width - panel_w - 5 * u < 2 * min_card:  # one column of cards: the panel takes more
            panel_w = max(panel_w, min(int(width * 0.42), width - 5 * u - min_card))
        grid = pygame.Rect(2 * u, header.bottom + u, width - panel_w - 5 * u,
                           lanes_top - header.bottom - 2 * u)
        # the panel runs down beside the lanes too: the details need the height more
        panel = pygame.Rect(grid.right + u * 2, grid.top, panel_w, bottom - grid.top)
        lane_w = (grid.width - 2 * u * 2) // 3
        lanes = {
            name: pygame.Rect(2 * u + i * (lane_w + 2 * u), lanes_top, lane_w, lane_h)
            for i, name in enumerate(LANES)
        }
        columns = max(1, grid.width // min_card)
        card_w = (grid.width - (columns - 1) * u) // columns
        card_h = theme.line_height("label", True) * 2 + theme.line_height("small") * 3 + 3 * u
        self._layout = Layout(header, grid, panel, lanes, columns, card_w, card_h)
        self.make_buttons()

    def measure(self, text: str, size: str = "label", bold: bool = True) -> int:
        """The width of `text` in pixels at a type size, remembered until the next layout
        (measuring is most of what a frame would otherwise repeat)."""
        key = (text, size, bold)
        width = self.widths.get(key)
        if width is None:
            if len(self.widths) > 2000:
                self.widths.clear()
            width = self.widths[key] = self.theme.font(size, bold).size(text)[0]
        return width

    def title_lines(self, title: str, width: int) -> list[str]:
        """A card's title in at most two lines, the second cut with "…" when it is longer:
        worked out once per title and width (shortening measures the text many times)."""
        key = (title, width)
        lines = self.titles.get(key)
        if lines is None:
            lines = self.theme.wrapped(title, width, "label", True)
            if len(lines) > 2:
                lines = [lines[0], ellipsize(self.theme.font("label", True),
                                             lines[1] + " …", width)]
            if len(self.titles) > 2000:
                self.titles.clear()
            self.titles[key] = lines
        return lines

    def fitting(self, texts: list[str], width: int, size: str = "label") -> str:
        """The first of `texts` that fits in `width` at a type size (bold), else the last."""
        return next((t for t in texts if self.measure(t, size) <= width), texts[-1])

    def make_buttons(self) -> None:
        theme = self.theme
        u = theme.unit
        width, height = self.app.size
        planner = self.planner
        bottom = [
            Button("Undo", self.undo, enabled=bool(planner.undo_stack),
                   tooltip="Undo the last change to the plan (Ctrl+Z)"),
            Button("Redo", self.redo, enabled=bool(planner.redo_stack),
                   tooltip="Redo (Ctrl+Y)"),
            Button(f"End {self.view.round_name}", self.end_round, primary=True,
                   tooltip="Review the plan and end the round (E)"),
        ]
        x = width - 2 * u
        for button in reversed(bottom):
            w, h = button_size(theme, button.label)
            button.rect = pygame.Rect(x - w, height - 2 * u - h, w, h)
            x -= w + 2 * u
        self.buttons = self.panel_buttons() + bottom
        if self._layout is not None:
            panel = self.layout.panel
            area = pygame.Rect(panel.x + 2 * u, panel.y + u, panel.width - 3 * u,
                               max(0, self.panel_text_bottom() - panel.y - u))
            self.panel_text.set(theme, area, self.panel_blocks())

    def panel_blocks(self) -> list[Block]:
        """What the panel says: everything known about the selected request (and, in the
        first round, a tip), or the hints when no card is left."""
        request = self.current
        hints = self.view.hints
        if request is None:
            return [(" ".join(hints) or "Nothing to decide.", "body", "ink", False)]
        blocks: list[Block] = list(request_lines(request, self.view))
        if hints and self.view.round == 1:
            blocks.append(("Tip: " + hints[min(len(hints) - 1, self.selected % len(hints))],
                           "small", "accent", False))
        return blocks

    def panel_buttons(self) -> list[Button]:
        request = self.current
        if request is None or self._layout is None:
            return []
        building = request.id in self.planner.draft.build or request.forced
        buttons = [
            Button("Remove from plan" if building else "Add to this round",
                   partial(self.toggle, request.id), enabled=not request.forced,
                   primary=not building,
                   tooltip="Take it out of this round's plan (Enter)" if building
                   else "Commit it to this round (Enter)"),
        ]
        costs = {m.id: m for m in self.view.methods}
        shorts = distinguishing_words([m.name for m in self.view.methods])
        briefs = {name: terse(words) for name, words in shorts.items()}
        if len(set(briefs.values())) < len(briefs):  # dropping small words made two alike
            briefs = shorts
        for method in request.discovery_left:
            planned = (request.id, method) in self.planner.draft.discover
            name = costs[method].name
            label, *short = method_labels("• " if planned else "", costs[method].cost, name,
                                          shorts[name], briefs[name])
            tip = (f"{costs[method].name} ({plural(costs[method].cost, 'point')}): "
                   f"{costs[method].description or 'a discovery method.'}"
                   + (" Planned: click again to take it out." if planned else ""))
            buttons.append(Button(label, partial(self.discover, request.id, method),
                                  tooltip=tip, size="body", short=tuple(short)))
        answer = self.planner.draft.answer_for(request.id)
        answers = []
        for kind in ANSWER_KINDS:
            text = f"• {kind.label}" if answer == kind.key else kind.label
            answers.append(Button(text, partial(self.answer, request.id, kind.key),
                                  enabled=not request.forced, size="body",
                                  tooltip=f"{kind.tip} ({kind.hotkey.upper()})"))
        self.place_panel_buttons(buttons[0], buttons[1:], answers)
        return buttons + answers

    def place_panel_buttons(self, commit: Button, discovery: list[Button],
                            answers: list[Button]) -> None:
        """The commit button on its own row, discovery two to a row, the answers in one row
        (two rows when their labels would be cut and there is room). When a method's whole
        label does not fit half a row, or the panel is short, the methods share rows, each
        button as wide as its label needs (whole labels in more rows than pairs would take
        only while the buttons take at most half the panel), and else the labels are
        shortened, all of them to the same form (see method_labels): the names to the words
        that tell the methods apart, then without small words, the cost kept on every button
        for as long as anything fits (lower buttons come before a label without its cost).
        The text column above keeps at least MIN_TEXT_LINES lines (and scrolls). Full labels
        are on hover and focus. When even that does not fit, the methods share as many rows
        of equal buttons as there is room for."""
        theme = self.theme
        u = theme.unit
        panel = self.layout.panel
        inner = panel.width - 2 * u
        keep_text = theme.line_height("label", True) + theme.line_height() * MIN_TEXT_LINES
        line = theme.line_height("body", True)

        def texts(button: Button, level: int) -> str:
            forms = (button.label, *button.short)
            return forms[min(level, len(forms) - 1)]

        def needs(buttons: list[Button], level: int) -> list[int]:
            return [self.measure(texts(b, level), "body") + u for b in buttons]

        answer_needs = [min(inner, w) for w in needs(answers, 0)]
        answer_rows = pack(answer_needs, inner, u // 2)
        if len(answer_rows) > 1:  # two rows of two (or more) rather than a label cut short
            half = -(-len(answers) // 2)
            answer_rows = [list(range(half)), list(range(half, len(answers)))]
        all_answers = [list(range(len(answers)))]
        one_row = answer_rows if len(answer_rows) == 1 else all_answers
        count = len(discovery)
        levels = max((1 + len(b.short) for b in discovery), default=1)
        wanted_at = [needs(discovery, level) for level in range(levels)]
        roomy, snug, tight = (line + 2 * u, u), (line + u, u // 2), (line + u // 2, u // 2)
        plans: list[PanelPlan] = []
        if all(w <= (inner - u) // 2 for w in wanted_at[0]):  # every whole label fits half a row
            pairs = [list(range(i, min(i + 2, count))) for i in range(0, count, 2)]
            plans += [PanelPlan(*roomy, pairs, [0] * count, answer_rows, 0),
                      PanelPlan(*roomy, pairs, [0] * count, all_answers, 0)]
        # the cost in front at every height before the cost after the words, or none
        front = range(min(levels, COST_IN_FRONT))
        for shapes, group in (((roomy, snug), front), ((tight,), front),
                              ((roomy, snug, tight), range(COST_IN_FRONT, levels))):
            for level in group:
                if max(wanted_at[level], default=0) > inner or (level and all(
                        texts(b, level) == texts(b, level - 1) for b in discovery)):
                    continue  # cut short even alone in a row, or no shorter than the last
                for h, gap in shapes:
                    plans.append(PanelPlan(h, gap, balanced(wanted_at[level], inner, gap),
                                           wanted_at[level], one_row, level))
        # else as many rows of equal buttons as there is room for, the longest labels that fit
        h, gap = tight
        rows = max(1, min(count, (panel.height - 3 * u - keep_text) // (h + gap) - 2))
        across = -(-count // rows) if count else 1
        equal = (inner - (across - 1) * gap) // across
        last = next((level for level in range(levels) if max(wanted_at[level], default=0) <= equal),
                    levels - 1)
        plans.append(PanelPlan(h, gap, [list(range(i, min(i + across, count)))
                                        for i in range(0, count, across)],
                               [0] * count, all_answers, last))
        pairs_rows = -(-count // 2)

        def fits(p: PanelPlan) -> bool:
            """The text keeps its lines; whole labels in more rows than pairs take, moreover,
            no more than half the panel (else the names are shortened)."""
            buttons_h = p.rows * (p.height + p.gap)
            return buttons_h + 3 * u + keep_text <= panel.height and (
                p.level > 0 or len(p.method_rows) <= pairs_rows
                or buttons_h <= panel.height // 2)

        plan = next((p for p in plans if fits(p)), plans[-1])
        h, gap, method_rows = plan.height, plan.gap, plan.method_rows
        for button in discovery:
            button.form = plan.level
        wanted = plan.wanted
        top = panel.bottom - u - plan.rows * (h + gap)
        commit.rect = pygame.Rect(panel.x + u, top, inner, h)
        y = top + h + gap
        for row in method_rows:
            lay_row([discovery[i] for i in row], [wanted[i] for i in row], panel.x + u, y,
                    inner, h, gap)
            y += h + gap
        for row in plan.answer_rows:
            lay_row([answers[i] for i in row], [answer_needs[i] for i in row], panel.x + u, y,
                    inner, h, u // 2)
            y += h + gap

    def panel_text_bottom(self) -> int:
        panel_buttons = [b for b in self.buttons if b.rect.colliderect(self.layout.panel)]
        bottom = min((b.rect.top for b in panel_buttons), default=self.layout.panel.bottom)
        return bottom - self.theme.unit

    # --- actions -------------------------------------------------------------------------------

    def refresh(self, message: str | None = None, problem: bool = True) -> None:
        """Lay the controls out again after a change; `message` is shown in the status line,
        as a problem (an action refused) or as a note."""
        self.message = message or ""
        self.problem = problem
        self.make_buttons()
        self.app.dirty = True

    def perform(self, action: actions.PlanAction, sound: str | None = None) -> None:
        """Every key, button and drop ends here: one plan action, its outcome shown."""
        try:
            said = self.session.perform(action)
        except Impossible as exc:
            self.refresh(str(exc))
            return
        if sound:
            self.app.sounds.play(sound)
        self.refresh(said if said not in ("undone", "redone") else None, problem=False)

    def toggle(self, rid: str) -> None:
        self.perform(actions.toggle_commit(self.planner, rid), "commit")

    def discover(self, rid: str, method: str) -> None:
        self.perform(actions.toggle_discovery(self.planner, rid, method))

    def answer(self, rid: str, key: str) -> None:
        self.perform(actions.toggle_answer(self.planner, rid, key))

    def undo(self) -> None:
        self.perform(actions.Undo(), "undo")

    def redo(self) -> None:
        self.perform(actions.Redo())

    def end_round(self) -> None:
        """Show the review before the round ends (or why it cannot end yet)."""
        try:
            self.session.review()
        except Impossible as exc:
            self.refresh(str(exc))
            return
        self.app.push("confirm", self.session)

    def update(self, dt: float) -> bool:
        """In a workshop, redraw every second (the room's timer is on the board) and whenever
        the link has news."""
        link = self.session.link
        if link is None:
            return False
        self.since += dt
        version = link.status.version
        if self.since >= 1.0 or version != self.link_version:
            self.since = 0.0
            self.link_version = version
            return True
        return False

    def select(self, index: int) -> None:
        if not self.cards:
            return
        self.selected = max(0, min(index, len(self.cards) - 1))
        self.reveal()
        self.make_buttons()

    def reveal(self) -> None:
        layout = self.layout
        row = self.selected // layout.columns
        step = layout.card_h + self.theme.unit
        top = row * step
        if top < self.scroll:
            self.scroll = top
        elif top + layout.card_h > self.scroll + self.cards_area.height:
            self.scroll = top + layout.card_h - self.cards_area.height
        self.scroll = max(0, min(self.scroll, self.max_scroll))

    @property
    def cards_height(self) -> int:
        """The height of every card's row, gaps between them included."""
        layout = self.layout
        rows = -(-len(self.cards) // layout.columns)
        return max(0, rows * (layout.card_h + self.theme.unit) - self.theme.unit)

    @property
    def cards_area(self) -> pygame.Rect:
        """Where cards are drawn: the grid, less a strip at its foot for the "N more below"
        note when there are more cards than fit, so the note never covers a card."""
        grid = self.layout.grid
        if self.cards_height <= grid.height:
            return grid
        note_h = self.theme.line_height("small", True) + self.theme.unit
        return pygame.Rect(grid.x, grid.y, grid.width, max(0, grid.height - note_h))

    @property
    def max_scroll(self) -> int:
        return max(0, self.cards_height - self.cards_area.height)

    def card_rect(self, index: int) -> pygame.Rect:
        layout = self.layout
        u = self.theme.unit
        row, col = divmod(index, layout.columns)
        return pygame.Rect(layout.grid.x + col * (layout.card_w + u),
                           layout.grid.y + row * (layout.card_h + u) - self.scroll,
                           layout.card_w, layout.card_h)

    def marks_y(self, card: pygame.Rect) -> int:
        """The top of a card's last line: its marks, and the Add / Remove toggle."""
        theme = self.theme
        return (card.y + theme.unit + theme.line_height("label", True) * 2
                + theme.line_height("small") * 2 + theme.unit // 2 + theme.unit // 4)

    def toggle_rect(self, card: pygame.Rect) -> pygame.Rect:
        theme = self.theme
        u = theme.unit
        w = self.measure("Remove", "small") + 2 * u
        h = theme.line_height("small") + u // 2
        return pygame.Rect(card.right - u - w, self.marks_y(card) - u // 4, w, h)

    def card_at(self, pos: tuple[int, int]) -> int | None:
        """The card drawn at `pos`: only whole cards are drawn, so one cut by the edge of the
        card area is not there to point at (or to show a tooltip for)."""
        area = self.cards_area
        if not area.collidepoint(pos):
            return None
        for index in range(len(self.cards)):
            rect = self.card_rect(index)
            if rect.collidepoint(pos) and area.contains(rect):
                return index
        return None

    def lane_at(self, pos: tuple[int, int]) -> str | None:
        for name, rect in self.layout.lanes.items():
            if rect.collidepoint(pos):
                return name
        return None

    def drop(self, rid: str, lane: str) -> None:
        self.perform(actions.PlaceOnRoadmap(rid, lane), "commit" if lane == "now" else None)

    # --- input ---------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            self.handle_key(event)
        elif event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self.drag and not self.dragging:
                start = self.drag[1]
                if abs(event.pos[0] - start[0]) + abs(event.pos[1] - start[1]) > 6:
                    self.dragging = True
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            index = self.card_at(event.pos)
            if index is not None:
                self.drag = (self.cards[index].id, event.pos)
                self.dragging = False
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.mouse_up(event.pos)
        elif event.type == pygame.MOUSEWHEEL and self.layout.grid.collidepoint(self.mouse):
            self.scroll = max(0, min(self.scroll - event.y * self.layout.card_h // 2,
                                     self.max_scroll))
        elif event.type == pygame.MOUSEWHEEL and self.layout.panel.collidepoint(self.mouse):
            self.panel_text.scroll_by(-event.y * self.theme.line_height() * 2)

    def mouse_up(self, pos: tuple[int, int]) -> None:
        drag, dragging = self.drag, self.dragging
        self.drag, self.dragging = None, False
        if drag and dragging:
            lane = self.lane_at(pos)
            if lane:
                self.drop(drag[0], lane)
            return
        lane = self.lane_at(pos)
        if lane is not None or self.open_lane is not None:
            # a click on a lane lists everything in it; a click anywhere closes the list
            self.open_lane = None if lane == self.open_lane else lane
            return
        for i, button in enumerate(self.buttons):
            if button.enabled and button.rect.collidepoint(pos):
                self.focus = i
                button.action()
                return
        index = self.card_at(pos)
        if index is not None:
            if self.toggle_rect(self.card_rect(index)).collidepoint(pos):
                self.select(index)
                self.toggle(self.cards[index].id)
            else:
                self.focus = -1
                self.select(index)

    def board_key(self, key: int, mod: int) -> bool:
        """Keys that mean the same wherever the focus is; True when `key` was one."""
        ctrl = bool(mod & pygame.KMOD_CTRL)
        if key == pygame.K_ESCAPE and self.open_lane is not None:
            self.open_lane = None
        elif key == pygame.K_ESCAPE:
            self.app.push("pause", self.session)
        elif key == pygame.K_r and not ctrl:
            self.cycle_lane()
        elif ctrl and key in (pygame.K_z, pygame.K_y):
            (self.undo if key == pygame.K_z else self.redo)()
        else:
            return False
        return True

    def handle_key(self, event: pygame.event.Event) -> None:
        key, mod = event.key, event.mod
        if self.board_key(key, mod):
            return
        if key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            page = max(self.theme.line_height(), self.panel_text.area.height
                       - self.theme.line_height())
            self.panel_text.scroll_by(page if key == pygame.K_PAGEDOWN else -page)
            return
        if key == pygame.K_TAB:
            usable = [i for i, b in enumerate(self.buttons) if b.enabled]
            order = [-1, *usable]
            position = order.index(self.focus) if self.focus in order else 0
            step = -1 if mod & pygame.KMOD_SHIFT else 1
            self.focus = order[(position + step) % len(order)]
            return
        if self.focus >= 0:
            self.handle_button_key(key)
            return
        request = self.current
        columns = self.layout.columns
        moves = {pygame.K_LEFT: -1, pygame.K_RIGHT: 1, pygame.K_UP: -columns,
                 pygame.K_DOWN: columns}
        if key in moves:
            self.select(self.selected + moves[key])
        elif key == pygame.K_e:
            self.end_round()
        elif request is None:
            return
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.toggle(request.id)
        elif key in ANSWER_KEYS:
            self.answer(request.id, ANSWER_KEYS[key])
        elif key == pygame.K_d:
            if request.discovery_left:
                self.discover(request.id, request.discovery_left[0])
            else:
                self.refresh("every discovery method has been run on this request")

    def cycle_lane(self) -> None:
        """R: list the Now lane in full, then Next, then Later, then close the list."""
        order: list[str | None] = [*LANES, None]
        self.open_lane = order[(order.index(self.open_lane) + 1) % len(order)]

    def handle_button_key(self, key: int) -> None:
        if not self.buttons:
            self.focus = -1
            return
        self.focus = min(self.focus, len(self.buttons) - 1)
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            button = self.buttons[self.focus]
            if button.enabled:
                label = button.label
                button.action()
                # keep the focus on the same control after the buttons were rebuilt
                for i, b in enumerate(self.buttons):
                    if b.label.lstrip("• ") == label.lstrip("• "):
                        self.focus = i
                        break
        elif key in (pygame.K_DOWN, pygame.K_RIGHT, pygame.K_UP, pygame.K_LEFT):
            step = 1 if key in (pygame.K_DOWN, pygame.K_RIGHT) else -1
            usable = [i for i, b in enumerate(self.buttons) if b.enabled]
            if self.focus in usable:
                self.focus = usable[(usable.index(self.focus) + step) % len(usable)]

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        surface.fill(p.background)
        self.draw_header(surface)
        self.draw_grid(surface)
        self.draw_panel(surface)
        self.draw_lanes(surface)
        focused = self.buttons[self.focus] if 0 <= self.focus < len(self.buttons) else None
        for button in self.buttons:
            button.draw(theme, surface, button is focused, button.rect.collidepoint(self.mouse))
        u = theme.unit
        w = surface.get_width()
        bottom_buttons = self.buttons[-3:]
        left_of_buttons = min(b.rect.left for b in bottom_buttons) - 2 * u
        status = self.message
        if not status and self.session.link is not None:
            status = self.session.link.status.line(time.monotonic())
        what_if = self.session.what_if
        if not status and what_if is not None:
            status = what_if.banner()  # replaying: say so, and what the first game scored
        line_y = bottom_buttons[0].rect.centery - theme.line_height() // 2
        if status:
            colour = p.muted if what_if is None or self.message else p.accent
            theme.text(surface, status, (2 * u, line_y), "body",
                       p.bad if self.message and self.problem else colour,
                       bold=what_if is not None and not self.message,
                       max_width=left_of_buttons - 2 * u)
        theme.text(surface, KEY_HELP, (2 * u, bottom_buttons[0].rect.top - u
                                       - theme.line_height("small")),
                   "small", p.muted, max_width=w - 4 * u)
        if self.dragging and self.drag:
            self.draw_ghost(surface)
        else:
            self.draw_tooltip(surface)

    def draw_header(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        v = self.view
        w = surface.get_width()
        x, y = 2 * u, u
        title = f"{v.round_name.capitalize()} {v.round} of {v.rounds}"
        title_rect = theme.text(surface, title, (x, y), "title", p.ink, True, max_width=w // 3)
        # the capacity meter
        meter_x = title_rect.right + 3 * u
        meter = pygame.Rect(meter_x, y + u // 2, w - meter_x - 2 * u,
                            theme.line_height("title", True) - u)
        planned, capacity = self.planner.planned, v.capacity
        pygame.draw.rect(surface, p.surface, meter, border_radius=u // 2)
        scale = max(planned, capacity, 1)
        fill_w = int(meter.width * min(planned, capacity) / scale)
        pygame.draw.rect(surface, p.accent, (meter.x, meter.y, fill_w, meter.height),
                         border_radius=u // 2)
        if planned > capacity:
            over = pygame.Rect(meter.x + int(meter.width * capacity / scale), meter.y,
                               int(meter.width * (planned - capacity) / scale), meter.height)
            pygame.draw.rect(surface, p.bad, over, border_radius=u // 2)
            cap_x = meter.x + int(meter.width * capacity / scale)
            pygame.draw.line(surface, p.ink, (cap_x, meter.y - 2), (cap_x, meter.bottom + 2), 3)
        pygame.draw.rect(surface, p.line, meter, 1, border_radius=u // 2)
        free = capacity - planned
        of = f"{planned} of {plural(capacity, 'point')} planned"
        words = f"{of} · {free} free" if free >= 0 else f"{of} · OVERBOOKED by {-free}"
        self.meter_label(surface, meter, words)
        # metrics and trust
        y = meter.bottom + u
        chips = [f"{METRIC_LABELS[m]} {short_number(val)}" for m, val in v.metrics.items()]
        self.chip_row(surface, chips, y, p.ink)
        y += theme.line_height("small")
        trust = [f"{short_name(s.name)} {s.trust:.0f}" for s in v.stakeholders]
        self.chip_row(surface, ["Trust:", *trust], y, p.muted)

    def meter_label(self, surface: pygame.Surface, meter: pygame.Rect, words: str) -> None:
        """The meter's words on a plate of the surface colour, so they read as ink on white
        whether the bar under them is filled or not (the palette's checked text pair)."""
        theme = self.theme
        p = theme.palette
        u = theme.unit
        height = theme.line_height("small", True)
        width = min(self.measure(words, "small"), meter.width - 3 * u)
        if width <= 0:
            return
        plate = pygame.Rect(meter.x + u // 2, meter.centery - height // 2 - 1, width + u,
                            height + 2)
        pygame.draw.rect(surface, p.surface, plate, border_radius=u // 2)
        theme.text(surface, words, (plate.x + u // 2, plate.y + 1), "small", p.ink, True,
                   max_width=width)

    def chip_row(self, surface: pygame.Surface, chips: list[str], y: int, color) -> None:
        theme = self.theme
        u = theme.unit
        x = 2 * u
        right = surface.get_width() - 2 * u
        for chip in chips:
            if x >= right:
                break
            rect = theme.text(surface, chip, (x, y), "small", color, max_width=right - x)
            x = rect.right + 2 * u

    def draw_grid(self, surface: pygame.Surface) -> None:
        layout = self.layout
        area = self.cards_area
        grid = surface.subsurface(layout.grid)
        hidden = 0
        for index, request in enumerate(self.cards):
            rect = self.card_rect(index)
            if rect.top < area.top or rect.bottom > area.bottom:
                hidden += rect.bottom > area.bottom
                continue  # only whole cards are drawn; the rest are a scroll away
            local = rect.move(-layout.grid.x, -layout.grid.y)
            self.draw_card(grid, local, request, index == self.selected)
        if hidden:
            self.draw_more_below(surface, hidden)
        if not self.cards:
            self.theme.paragraph(surface, "No open requests: everything has been answered or "
                                 "built. End the round when you are ready.",
                                 layout.grid.inflate(-20, -20), "body", self.theme.palette.muted)

    def draw_more_below(self, surface: pygame.Surface, hidden: int) -> None:
        """The note under the cards, in its own strip below the last whole row."""
        theme = self.theme
        grid = self.layout.grid
        note = f"{hidden} more below: scroll, or use the arrow keys"
        height = theme.line_height("small", True)
        width = min(grid.width, self.measure(note, "small") + 2 * theme.unit)
        pill = pygame.Rect(0, 0, width, height)
        pill.midbottom = (grid.centerx, grid.bottom)
        pygame.draw.rect(surface, theme.palette.accent, pill, border_radius=theme.unit)
        theme.text(surface, note, (pill.centerx, pill.y), "small", theme.palette.on_accent,
                   True, max_width=pill.width - theme.unit, align="center")

    def draw_card(self, surface: pygame.Surface, rect: pygame.Rect, request: RequestView,
                  selected: bool) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        face = card(request, self.planner)
        committed = face.committed
        pygame.draw.rect(surface, p.raised if selected else p.surface, rect, border_radius=u)
        border = p.accent if committed else p.line
        pygame.draw.rect(surface, border, rect, 3 if committed else 1, border_radius=u)
        if selected and self.focus == -1:
            pygame.draw.rect(surface, p.ink, rect.inflate(-4, -4), 2, border_radius=u)
        x, y = rect.x + u + u // 2, rect.y + u
        inner = rect.width - 3 * u
        badge = f"{face.points} pt"
        badge_w = self.measure(badge, "small") + u
        theme.text(surface, badge, (rect.right - u - badge_w + u // 2, y), "small", p.accent,
                   True)
        line_h = theme.line_height("label", True)
        for n, line in enumerate(self.title_lines(face.title, inner - badge_w - u)):
            theme.text(surface, line, (x, y + n * line_h), "label", p.ink, True)
        y += line_h * 2
        theme.text(surface, face.byline, (x, y), "small", p.muted, max_width=inner)
        y += theme.line_height("small")
        theme.text(surface, face.claim, (x, y), "small", p.ink, max_width=inner)
        y += theme.line_height("small")
        marks = list(face.marks)
        toggle = self.toggle_rect(rect)
        y = self.marks_y(rect)
        theme.text(surface, " · ".join(marks), (x, y), "small",
                   p.bad if request.forced else p.warn, bold=True,
                   max_width=toggle.left - x - u)
        if not request.forced:
            label = "Remove" if committed else "Add"
            fill = p.accent if not committed else p.surface
            ink = p.on_accent if not committed else p.accent
            if request.locked_by:
                fill, ink = p.background, p.muted
            pygame.draw.rect(surface, fill, toggle, border_radius=u // 2)
            pygame.draw.rect(surface, p.accent if not request.locked_by else p.line, toggle, 1,
                             border_radius=u // 2)
            theme.text(surface, label, (toggle.centerx, toggle.y + u // 4), "small", ink, True,
                       align="center")

    def draw_panel(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        panel = self.layout.panel
        pygame.draw.rect(surface, p.surface, panel, border_radius=u)
        pygame.draw.rect(surface, p.line, panel, 1, border_radius=u)
        self.panel_text.draw(theme, surface)

    def draw_lanes(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        u = theme.unit
        v = self.view
        contents = lane_contents(self.planner)
        names = lane_names(v.round_name)
        hover = self.lane_at(self.mouse) if self.dragging else None
        for index, (lane, rect) in enumerate(self.layout.lanes.items()):
            color = p.lanes[index]
            pygame.draw.rect(surface, p.raised if hover == lane else p.surface, rect,
                             border_radius=u)
            pygame.draw.rect(surface, color, rect, 3 if hover == lane else 2, border_radius=u)
            x, y = rect.x + u + u // 2, rect.y + u // 2
            name = self.fitting([f"{n} ({len(contents[lane])})" for n in names[lane]],
                                rect.width - 3 * u)
            theme.text(surface, name, (x, y), "label", color, True, max_width=rect.width - 3 * u)
            y += theme.line_height("label", True)
            items = contents[lane]
            room = self.lane_lines
            shown = items[:room] if len(items) <= room else items[:max(0, room - 1)]
            if room == 1 and len(items) > 1:
                shown = []
            for rid in shown:
                theme.text(surface, "• " + self.lane_item(lane, rid), (x, y), "small", p.ink,
                           max_width=rect.width - 3 * u)
                y += theme.line_height("small")
            if len(items) > len(shown):
                more = len(items) - len(shown)
                theme.text(surface, self.fitting([f"+ {more} more: click or R to list",
                                                  f"+ {more} more"], rect.width - 3 * u,
                                                 "small"),
                           (x, y), "small", p.muted, max_width=rect.width - 3 * u)
            elif not items:
                theme.text(surface, "drop a card here", (x, y), "small", p.muted,
                           max_width=rect.width - 3 * u)

    def draw_ghost(self, surface: pygame.Surface) -> None:
        theme = self.theme
        p = theme.palette
        assert self.drag is not None
        rid = self.drag[0]
        title = next((r.title for r in self.cards if r.id == rid), rid)
        u = theme.unit
        rect = pygame.Rect(0, 0, self.layout.card_w // 2 + 4 * u, theme.line_height() + 2 * u)
        rect.center = self.mouse
        rect.clamp_ip(surface.get_rect())
        pygame.draw.rect(surface, p.raised, rect, border_radius=u)
        pygame.draw.rect(surface, p.accent, rect, 2, border_radius=u)
        theme.text(surface, title, (rect.x + u, rect.y + u), "body", p.ink,
                   max_width=rect.width - 2 * u)

    def draw_tooltip(self, surface: pygame.Surface) -> None:
        """A box of help over the board: see `tooltip`."""
        found = self.tooltip()
        if found is None:
            return
        text, anchor = found
        theme = self.theme
        p = theme.palette
        u = theme.unit
        width = max(1, min(int(420 * theme.scale), surface.get_width() // 2))
        height = theme.paragraph_height(text, width - 2 * u, "small") + 2 * u
        rect = pygame.Rect(0, 0, width, min(height, surface.get_height()))
        if anchor is None:
            rect.topleft = (self.mouse[0] + 16, self.mouse[1] + 16)
        elif anchor.top - rect.height - u // 2 >= 0:
            rect.bottomleft = (anchor.x, anchor.top - u // 2)
        else:
            rect.topleft = (anchor.x, anchor.bottom + u // 2)
        rect.clamp_ip(surface.get_rect())
        pygame.draw.rect(surface, p.ink, rect, border_radius=u // 2)
        theme.paragraph(surface, text, rect.inflate(-2 * u, -2 * u), "small", p.background)

    def tooltip(self) -> tuple[str, pygame.Rect | None] | None:
        """What to explain, and the rectangle to put it beside (None: by the mouse): an
        opened lane's whole list; under the mouse, a control's full label and what it does,
        a lane's list, a card's full title and pitch, or what the header's figures mean;
        else the keyboard-focused control's full label and what it does."""
        if self.open_lane is not None:
            return self.lane_text(self.open_lane), self.layout.lanes[self.open_lane]
        hovered = next((b for b in self.buttons if b.rect.collidepoint(self.mouse)), None)
        if hovered is not None:
            return button_help(hovered), None
        lane = self.lane_at(self.mouse)
        if lane is not None:
            return self.lane_text(lane), None
        text = self.pointed_text()
        if text:
            return text, None
        if 0 <= self.focus < len(self.buttons):
            focused = self.buttons[self.focus]
            return button_help(focused), focused.rect
        return None

    def pointed_text(self) -> str | None:
        """The full title and pitch of the card under the mouse, or what the header's
        figures mean."""
        index = self.card_at(self.mouse)
        if index is not None:
            request = self.cards[index]
            return f"{request.title}: “{request.pitch}” ({request.asker_name})"
        if not self.layout.header.collidepoint(self.mouse):
            return None
        theme_h = self.theme.line_height("title", True) + self.theme.unit
        metrics_bottom = theme_h + self.theme.unit + self.theme.line_height("small")
        if self.mouse[1] < theme_h:
            causes = "; ".join(f"{signed_points(c.amount)} {c.reason}"
                               for c in self.view.capacity_causes)
            return f"Capacity {self.view.capacity}: {causes}"
        if self.mouse[1] < metrics_bottom:
            return " · ".join(f"{METRIC_LABELS[m]}: {meaning}"
                              for m, meaning in METRIC_MEANINGS.items())
        return ("Trust: how much each stakeholder trusts you (0-100). Below 25 they go over "
                "your head; a low average slows everyone down.")

    def lane_text(self, lane: str) -> str:
        """Everything in a lane, in full: its heading, then each item."""
        items = lane_contents(self.planner)[lane]
        heading = lane_names(self.view.round_name)[lane][0]
        if not items:
            return f"{heading}: nothing yet. Drop a card here."
        return f"{heading} ({len(items)}): " + " ".join(
            "• " + self.lane_item(lane, rid) for rid in items)

    def lane_item(self, lane: str, rid: str) -> str:
        """A request as a lane lists it; a promise due now that is not planned says so."""
        title = self.view.request(rid).title
        if lane == "now" and not self.planner.committed(rid):
            return f"{title} (promised for this {self.view.round_name}, not in the plan)"
        return title


class PanelPlan(NamedTuple):
    """One way to lay out the panel's buttons: their height and the gap between rows (pixels),
    the methods' rows and the answers' rows (button indices), the width each method's
    button wants (pixels; 0 when the buttons share a row equally), and which of the methods'
    labels every method button shows (0 the whole label; see method_labels)."""

    height: int
    gap: int
    method_rows: list[list[int]]
    wanted: list[int]
    answer_rows: list[list[int]]
    level: int

    @property
    def rows(self) -> int:
        """Rows in all: the commit button's, the methods' and the answers'."""
        return 1 + len(self.method_rows) + len(self.answer_rows)


def pack(widths: list[int], room: int, gap: int) -> list[list[int]]:
    """Indices of `widths` in rows of at most `room` pixels, in order, `gap` apart."""
    rows: list[list[int]] = []
    used = 0
    for i, width in enumerate(widths):
        if rows and used + gap + width <= room:
            rows[-1].append(i)
            used += gap + width
        else:
            rows.append([i])
            used = width
    return rows


def balanced(widths: list[int], room: int, gap: int) -> list[list[int]]:
    """`pack`ed in as few rows, as even as they can be: the narrowest room that needs no
    more rows than `room` does."""
    rows = pack(widths, room, gap)
    low, high = max(widths, default=0), room
    while low < high:
        mid = (low + high) // 2
        if len(pack(widths, mid, gap)) <= len(rows):
            high = mid
        else:
            low = mid + 1
    return pack(widths, low, gap)


COST_IN_FRONT = 3
"""How many of method_labels' forms start with the method's cost (the first ones)."""
COSTED_LABELS = 4
"""How many of method_labels' forms show the method's cost (the first ones)."""


def method_labels(mark: str, cost: int, name: str, apart: str, brief: str) -> tuple[str, ...]:
    """A discovery method's button labels, longest first: its cost and name ("1 pt: Dig into
    the booking data"), its cost and the words that tell it from the other methods ("1 pt:
    Dig", see distinguishing_words), the same without small words ("0 pt: Read error", see
    terse; `brief`), the cost after them in fewer letters ("Read error 0pt"), and last the
    words alone. `mark` goes first ("• " when the method is planned). The board shows the
    same form on every method button, so a row reads alike."""
    return (f"{mark}{cost} pt: {name}", f"{mark}{cost} pt: {apart}", f"{mark}{cost} pt: {brief}",
            f"{mark}{brief} {cost}pt", f"{mark}{brief}")


SMALL_WORDS = frozenset({"a", "an", "the", "at", "to", "of", "on", "in", "into", "for", "with",
                         "and", "this", "from", "by"})


def terse(words: str) -> str:
    """A label's first word and the words after it that are not small ("Read the error" ->
    "Read error"): shorter still, and still telling two methods apart."""
    first, *rest = words.split() or [words]
    return " ".join([first, *(w for w in rest if w.lower() not in SMALL_WORDS)])


def lay_row(buttons: list[Button], wanted: list[int], x: int, y: int, room: int, h: int,
            gap: int) -> None:
    """Buttons in one row filling `room`: of equal width when each gets what it wants so,
    else each as wide as it wants plus an equal share of what is left."""
    if not buttons:
        return
    spare = room - gap * (len(buttons) - 1)
    equal = spare // len(buttons)
    if max(wanted) <= equal:
        widths = [equal] * len(buttons)
    else:
        extra = max(0, spare - sum(wanted)) // len(buttons)
        widths = [min(spare, w + extra) for w in wanted]
    for button, width in zip(buttons, widths, strict=True):
        button.rect = pygame.Rect(x, y, width, h)
        x += width + gap


def distinguishing_words(names: list[str]) -> dict[str, str]:
    """Each name's first words, as few as tell it from the others' ("Read the tickets and the
    incident log" -> "Read"; beside "Read the error logs", "Read the tickets") and at least
    one that is not a small word ("A tech spike" -> "A tech", not "A"): a label for a button
    too narrow for the whole name."""
    words = {name: name.split() for name in names}
    short: dict[str, str] = {}
    for name, mine in words.items():
        for n in range(1, len(mine) + 1):
            prefix = mine[:n]
            if any(w.lower() not in SMALL_WORDS for w in prefix) and not any(
                    other != name and theirs[:n] == prefix for other, theirs in words.items()):
                break
        short[name] = " ".join(mine[:n]) if mine else name
    return short


def button_help(button: Button) -> str:
    """A control's full label and what it does (a label may be cut short on the board)."""
    label = button.label.removeprefix("• ")
    tip = button.tooltip or ""
    if not tip:
        return label
    return tip if tip.startswith(label) else f"{label}: {tip}"


def lane_names(unit: str) -> dict[str, tuple[str, str]]:
    """Each lane's heading, long and short (the short one when the long one does not fit)."""
    return {"now": (f"Now: this {unit}", "Now"), "next": ("Next: promised", "Next"),
            "later": ("Later: no date", "Later")}


def lane_contents(planner: Planner) -> dict[str, list[str]]:
    """The roadmap as the draft leaves it: this round's work under now, answers and standing
    promises under their lanes."""
    v = planner.view
    now = [r.id for r in v.open_requests if r.forced] + list(planner.draft.build)
    answers = dict(planner.draft.answers)
    lanes = {kind.key: kind.lane for kind in ANSWER_KINDS}
    contents: dict[str, list[str]] = {lane: [] for lane in LANES}
    contents["now"] = now
    for r in v.open_requests:
        if r.id in answers:
            lane = lanes.get(answers[r.id])
        elif r.id in now:
            lane = None
        elif r.promised_for == v.round:
            lane = "now"  # promised for this round: listed under Now, planned or not
        elif r.promised_for:
            lane = "next"
        else:
            lane = lanes.get(r.answer) if r.answer else None
        if lane is not None:
            contents[lane].append(r.id)
    return contents
