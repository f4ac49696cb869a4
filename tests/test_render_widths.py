"""The text board's widths: cells and wrapped paragraphs measured in terminal columns, of the
text as it is printed (an ASCII or cp1252 stream prints '→' as '->'), and numbered only as
the session numbers requests."""

from __future__ import annotations

import codecs
import io
import unicodedata
from dataclasses import replace
from types import SimpleNamespace

import pytest

from pmsim.catalog import load
from pmsim.engine import Game, new_game, view
from pmsim.engine.report import NewsItem
from pmsim.glyphs import OUTPUT_ERRORS, tolerant_output
from pmsim.play.numbering import request_numbers
from pmsim.play.planner import Planner
from pmsim.terminal import render


def cells(text: str) -> int:
    """The columns a terminal gives `text`, worked out here on its own: a wide character two,
    a combining mark none."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def tutorial() -> Game:
    return new_game(load("tutorial").scenario, 3)


def board_with(game: Game, titles: dict[int, str], news: str = "") -> str:
    """The board of `game` with the first requests retitled (by their place in the view)."""
    seen = view(game)
    requests = tuple(replace(r, title=titles.get(i, r.title))
                     for i, r in enumerate(seen.requests))
    items = (NewsItem("e", "Rival launch", news),) if news else ()
    planner = Planner.for_view(replace(seen, requests=requests, news=items))
    return render.board(planner, request_numbers(game))


@pytest.fixture
def narrow(monkeypatch) -> int:
    """A 60-column terminal (59 to wrap to)."""
    import os

    monkeypatch.setattr("shutil.get_terminal_size",
                        lambda fallback=(80, 24): os.terminal_size((60, 24)))
    return render.width()


# --- 1: the session's numbers only --------------------------------------------------------


def test_the_board_cannot_be_drawn_without_the_sessions_numbers() -> None:
    """Numbering the view (the old default) disagreed with the session once a request was
    withdrawn; a board is only ever given the session's numbers."""
    game = tutorial()
    planner = Planner.for_view(view(game))
    with pytest.raises(TypeError):
        render.board(planner)  # type: ignore[call-arg]
    assert not hasattr(render, "numbers")
    numbers = request_numbers(game)
    rows = [line.split()[0] for line in render.board(planner, numbers).splitlines()
            if line.lstrip()[:2].strip().isdigit()]
    assert rows == [str(numbers[r.id]) for r in sorted(
        planner.view.open_requests, key=lambda r: numbers[r.id])]


# --- 2: the ellipsis is not re-encoded for every cut cell -------------------------------------


def test_a_board_asks_the_encoding_about_each_character_once(monkeypatch) -> None:
    """`fit` used to encode '…' for every cut cell, on every board. The stream's encoding is
    asked about each character once, however many cells are cut and boards drawn."""
    asked: list[str] = []

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        asked.append(text)
        return codecs.ascii_encode(text, errors)

    info = codecs.CodecInfo(encode, codecs.ascii_decode, name="pmsim-counting-ascii")

    def search(name: str) -> codecs.CodecInfo | None:
        return info if name == "pmsim_counting_ascii" else None

    codecs.register(search)
    try:
        monkeypatch.setattr("sys.stdout", SimpleNamespace(encoding="pmsim-counting-ascii"))
        game = tutorial()
        long = {0: "Build the branded mobile app → for every clinic, in every city",
                1: "Fix the double bookings → after the clock changes, twice a year"}
        first = board_with(game, long)
        assert first.count("...") >= 4, "several cells are cut, each ending in '...'"
        assert "…" not in first
        assert len(asked) == len(set(asked)), f"a character asked about twice: {asked}"
        assert "…" in asked and "→" in asked
        asked.clear()
        board_with(game, long)
        assert asked == [], "a second board asks nothing new"
    finally:
        codecs.unregister(search)


# --- 3: wrapping by display width -------------------------------------------------------------


def test_a_paragraph_of_chinese_wraps_at_the_terminals_width(narrow) -> None:
    """textwrap counted characters: a line of 57 Chinese characters took 114 columns."""
    text = "预约系统的改善和患者应用的新功能。" * 12
    lines = render.wrap(text).splitlines()
    assert len(lines) > 3
    assert all(cells(line) <= narrow for line in lines), lines
    assert all(cells(line) >= narrow - 4 for line in lines[:-1]), "each line is filled"
    assert "".join(line.strip() for line in lines) == text
    assert not any(line.strip().startswith("。") for line in lines), "no line opens with '。'"


def test_accents_written_as_combining_marks_take_no_column(narrow) -> None:
    """'Cafe\u0301' is five characters but four columns: lines of it are as full as lines of
    'Cafe', not cut early."""
    lines = render.wrap("Cafe\u0301 " * 40).splitlines()
    plain = render.wrap("Cafe " * 40).splitlines()
    assert [line.count("Cafe") for line in lines] == [line.count("Cafe") for line in plain]
    assert all(cells(line) <= narrow for line in lines)


def test_mixed_scripts_keep_to_the_width_and_lose_no_word(narrow) -> None:
    words = ["Clinics", "予約システム", "double-booked", "Tomás", "患者向けアプリの新しい機能"] * 9
    text = " ".join(words)
    lines = render.wrap(text, "    ").splitlines()
    assert all(cells(line) <= narrow and line.startswith("    ") for line in lines), lines
    assert "".join("".join(line.split()) for line in lines) == "".join(words)


def test_a_wide_word_in_a_one_column_line_still_ends() -> None:
    assert render.wrap_lines("予約", 1) == ["予", "約"]
    assert render.wrap_lines("", 10) == []


def test_a_no_break_space_holds_its_words_together() -> None:
    """Words part at ASCII white space only, as textwrap parts them."""
    assert render.wrap_lines("it costs 9\u00a0points", 10) == ["it costs", "9\u00a0points"]
    assert render.wrap_lines("  a\tb\n  c  ", 10) == ["a b c"]


# --- 4: measured as printed, in ASCII and cp1252 ----------------------------------------------


def printed(text: str, encoding: str) -> str:
    """`text` as a tolerant stream in `encoding` prints it (see glyphs.tolerant_output)."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, newline="\n")
    tolerant_output(stream)
    assert stream.errors == OUTPUT_ERRORS
    stream.write(text)
    stream.flush()
    return raw.getvalue().decode(encoding)


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_an_arrow_in_a_title_keeps_the_columns_in_line(monkeypatch, encoding) -> None:
    """'→' is one column, but an ASCII or cp1252 stream prints '->': the cell is sized for
    what is printed, so the row after it is not pushed one to the right."""
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(io.BytesIO(), encoding=encoding))
    titles = {0: "App → clinics", 1: "予約 → v2", 2: "Café crème → logos → receipts → all"}
    board = printed(board_with(tutorial(), titles), encoding)
    header = next(line for line in board.splitlines() if "claimed impact" in line)
    asks, est, claim = (header.index(" asks") + 1, header.index(" est ") + 1,
                        header.index("claimed"))
    rows = [line for line in board.splitlines() if line.lstrip()[:2].strip().isdigit()]
    assert any("App -> clinics" in row for row in rows)
    assert any("???? -> v2" in row for row in rows)
    for row in rows:
        assert row[asks - 1] == " " and row[asks] != " ", row
        assert row[est:est + 3].strip().isdigit() and row[est + 3] == " ", row
        assert row[claim - 1] == " " and row[claim] != " ", row


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_arrows_in_a_paragraph_wrap_as_printed(monkeypatch, narrow, encoding) -> None:
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(io.BytesIO(), encoding=encoding))
    news = "Deposits → refunds → reminders → fewer no-shows → happier clinics. " * 6
    board = printed(board_with(tutorial(), {}, news), encoding)
    lines = [line for line in board.splitlines() if "->" in line]
    assert len(lines) > 3
    assert all(len(line) <= narrow for line in lines), lines
    assert max(len(line) for line in lines) >= narrow - 3, "the lines are filled"


def test_the_ellipsis_is_what_is_printed(monkeypatch) -> None:
    """A cut cell ends in '…' where it prints, '...' (three columns) where it does not."""
    assert render.fit("Upgrade the database", 10) == "Upgrade t…"
    assert render.fit("Upgrade the database", 10, encoding="cp1252") == "Upgrade t…"
    assert render.fit("Upgrade the database", 10, encoding="ascii") == "Upgrade..."
    assert render.fit("A → B", 6, encoding="ascii") == "A -> B"
    assert render.fit("A → B → C", 8, encoding="ascii") == "A -> ..."
    assert render.fit("予約", 6, encoding="ascii") == "????  "
