"""The text game in a narrow terminal (a small laptop, a split terminal): every line of the board,
of `i N`, of the help and of the stakeholders fits the width, down to 50 columns. Below the
width a one-line row needs, each request takes two lines (number, title, estimate and plan;
then asker and claim); from 80 columns the board is exactly what it was."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from pmsim.catalog import load
from pmsim.engine import Game, new_game, view
from pmsim.engine.labels import METRIC_LABELS
from pmsim.glyphs import as_printed, output_encoding
from pmsim.play import actions
from pmsim.play.lines import card, short_name
from pmsim.play.numbering import request_numbers
from pmsim.play.planner import Planner
from pmsim.terminal import render
from pmsim.terminal.play import Session

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p.stem for p in (REPO / "scenarios").glob("*.yaml"))
NARROW = (50, 60, 72)
WIDE = (80, 120)


@pytest.fixture
def columns(monkeypatch, request) -> int:
    """A terminal `request.param` columns wide (COLUMNS, as a shell sets it)."""
    monkeypatch.setenv("COLUMNS", str(request.param))
    return render.width()


def first_board(scenario: str) -> tuple[Game, Planner, dict[str, int]]:
    game = new_game(load(scenario).scenario, 3)
    return game, Planner.for_view(view(game)), request_numbers(game)


def cells(line: str) -> int:
    """The columns `line` takes as printed (render's own measure)."""
    return render.display_width(as_printed(line, output_encoding()))


def too_wide(text: str, room: int) -> list[str]:
    return [line for line in text.splitlines() if cells(line) > room]


def board_before(planner: Planner, number_of: Mapping[str, int]) -> str:
    """The board as render.board drew it before two-line rows (commit 52cc781), kept here to
    show that a terminal of 80 columns or more gets the very same text."""
    view_ = planner.view
    encoding = output_encoding()
    planned = planner.planned
    free = view_.capacity - planned
    state = f"{free} free" if free >= 0 else f"OVERBOOKED by {-free}"
    title_width = max(16, min(44, render.width() - 62))
    lines = [
        "=" * render.width(),
        f"{view_.round_name.upper()} {view_.round} OF {view_.rounds}   capacity "
        f"{view_.capacity} points: {planned} planned ({state})",
        render.wrap(" · ".join(f"{METRIC_LABELS[m]} {v:,.0f}" for m, v in view_.metrics.items())),
        render.wrap("Trust: " + " · ".join(f"{short_name(s.name)} {s.trust:.0f}"
                                           for s in view_.stakeholders)),
    ]
    lines += [render.wrap(f"NEWS: {item.title}. {item.message}", "  ") for item in view_.news]
    lines += [render.wrap(f"HINT: {hint}", "  ") for hint in view_.hints]
    lines.append("")
    lines.append(f"  {'#':>2}  {'request':<{title_width}} {'asks':<8} {'est':>3}  "
                 f"{'claimed impact':<28} plan")
    for request in sorted(view_.open_requests, key=lambda r: number_of[r.id]):
        face = card(request, planner)
        plan = "BUILD" if face.committed else "·"
        title = render.fit(face.title, title_width, encoding=encoding)
        asks = render.fit(short_name(request.asker_name), 8, "", encoding)
        claim = render.fit(face.claim.removeprefix("Claims: "), 28, encoding=encoding)
        line = f"  {number_of[request.id]:>2}  {title} {asks} {face.points:>3}  {claim} {plan}"
        if face.marks:
            line += "\n" + " " * 8 + "[" + "; ".join(face.marks) + "]"
        lines.append(line)
    lines.append(render.wrap("Commands: b N build · d N METHOD discover · a N "
                             "next|later|notnow|no · i N details · l board · u undo · r redo · "
                             "e end · h help · q quit"))
    return "\n".join(lines)


def shown_title(lines: list[str], number: int) -> str:
    """The title as the board's `lines` show request `number`'s: its row's title cell, under
    the header's 'request' (the bundled titles take a column a character)."""
    header = next(line for line in lines if line.startswith("   #  request "))
    start = header.index("request")
    end = header.index(" asks") if " asks" in header else header.index(" est")
    row = next(line for line in lines if line.startswith(f"  {number:>2}  "))
    return row[start:end].rstrip()


@pytest.mark.parametrize("columns", [*NARROW, *WIDE], indirect=True)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_line_of_a_first_board_fits_and_names_every_request(columns, scenario) -> None:
    _, planner, numbers = first_board(scenario)
    board = render.board(planner, numbers)
    assert too_wide(board, columns) == []
    lines = board.splitlines()
    for request in planner.view.open_requests:
        title = shown_title(lines, numbers[request.id])
        if title != request.title:  # cut: as much as fits, then '…'
            assert title.endswith("…") and request.title.startswith(title[:-1]), title
            assert len(title) >= 16, f"enough of the title to know it by: {title!r}"


@pytest.mark.parametrize("columns", NARROW, indirect=True)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_narrow_board_gives_each_request_two_lines(columns, scenario) -> None:
    """Nothing is dropped: the asker and the claim are on the line under the title."""
    _, planner, numbers = first_board(scenario)
    lines = render.board(planner, numbers).splitlines()
    assert "      asks: claimed impact" in lines
    for request in planner.view.open_requests:
        at = next(n for n, line in enumerate(lines)
                  if line.startswith(f"  {numbers[request.id]:>2}  "))
        assert lines[at].split()[-2:] == [str(request.remaining_estimate), "·"], lines[at]
        claim = card(request, planner).claim.removeprefix("Claims: ")
        under = lines[at + 1]
        assert under.startswith(f"      {short_name(request.asker_name)}: "), under
        shown = under.split(": ", 1)[1]
        assert claim.startswith(shown.removesuffix("…")), (claim, under)


@pytest.mark.parametrize("columns", WIDE, indirect=True)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_from_80_columns_the_board_is_what_it_was(columns, scenario) -> None:
    _, planner, numbers = first_board(scenario)
    assert render.board(planner, numbers) == board_before(planner, numbers)


@pytest.mark.parametrize("columns", [50, 120], indirect=True)
def test_discovery_in_the_plan_goes_under_the_row_when_it_does_not_fit(columns) -> None:
    """'· +discover pull-the-numbers' made a 122-column row even at 100 columns."""
    _, planner, numbers = first_board("pressure")
    first = next(r for r in planner.view.open_requests if numbers[r.id] == 1)
    for method in first.discovery_left:
        actions.apply(planner, actions.toggle_discovery(planner, first.id, method))
    board = render.board(planner, numbers)
    assert too_wide(board, columns) == []
    words = " ".join(board.split())
    assert "+discover " + ", ".join(first.discovery_left) in words


@pytest.mark.parametrize("columns", [50, 60], indirect=True)
def test_details_help_and_stakeholders_fit(columns, tmp_path) -> None:
    typed = iter(["", "i 1", "h", "s", "q"])
    shown: list[str] = []

    def read(prompt: str) -> str:
        shown.append(prompt)
        return next(typed)

    game = new_game(load("pressure").scenario, 3)
    Session(game, "pressure", read=read, write=shown.append, save_dir=tmp_path).run()
    text = "\n".join(shown)
    assert too_wide(text, columns) == []
    words = " ".join(text.split())
    assert "Discovery you can run: 1. Pull the numbers (1 point; pull-the-numbers), 2." in words
    assert "a N ANSWER answer a request you are not building: next (a promise" in words
    assert "Noor Qasim, Head of Customer Success: trust 58, influence 2" in words
    assert any(line.strip().endswith("pmsim play --continue --text")
               for line in text.splitlines()), "the command to type is kept whole"


def test_pmsim_play_text_in_a_60_column_terminal(tmp_path) -> None:
    """As a learner would run it: every line the game prints fits (the prompts '> ' and
    'Press Enter to start. ' stand before what is printed after the typed line)."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "COLUMNS": "60"}
    done = subprocess.run([sys.executable, "-m", "pmsim", "play", "pressure", "--text",
                           "--seed", "3"], input="\ni 1\nh\nd 1 1\nl\nq\n",
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    printed = [line.removeprefix("Press Enter to start. ") for line in done.stdout.splitlines()]
    printed = [line[2:] if line.startswith("> ") else line for line in printed]
    assert [line for line in printed if cells(line) > 59] == []
    assert "   1  AI truck-arrival forecasting" in done.stdout


@pytest.mark.parametrize("columns", [50, 100], indirect=True)
def test_a_long_answer_wraps_under_its_words(columns, tmp_path) -> None:
    """'→ no method …; methods: …' and the list of board numbers ran past the terminal."""
    typed = iter(["", "d 1 zz", "b 99", "q"])
    shown: list[str] = []

    def read(prompt: str) -> str:
        shown.append(prompt)
        return next(typed)

    game = new_game(load("pressure").scenario, 3)
    Session(game, "pressure", read=read, write=shown.append, save_dir=tmp_path).run()
    answers = [x for x in shown if x.startswith("  → ")]
    assert len(answers) == 2 and too_wide("\n".join(answers), columns) == []
    assert all(line.startswith("    ") for x in answers for line in x.splitlines()[1:])
    words = " ".join(" ".join(answers).split())
    assert "no method 'zz'; methods: pull-the-numbers, site-calls, spike" in words
    assert "give a request number on the board: 1, 2, 3" in words


def test_a_command_in_backticks_is_never_parted_by_a_line_break() -> None:
    from pmsim.terminal.render import wrap_lines

    text = "Carry on by running the same `pmsim play --join ...` command, or stop here."
    for columns in range(24, 80):  # the command itself takes 23
        lines = wrap_lines(text, columns)
        assert any("`pmsim play --join ...`" in line for line in lines), (columns, lines)
        assert all(line.count("`") % 2 == 0 for line in lines), (columns, lines)
    assert wrap_lines("a-long-hyphenated-word and `x-y-z`", 12)[-1] == "`x-y-z`"
