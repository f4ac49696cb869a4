"""The text shell repeats at most a short start of what was typed in an error message: a
100,000-character unknown command was echoed whole."""

from __future__ import annotations

import pytest
from conftest import scripted

from pmsim.catalog import load
from pmsim.engine import new_game
from pmsim.terminal import render
from pmsim.terminal.play import Session

LONG = "x" * 100_000
WIDE = "予" * 50_000  # two columns each


def answers(tmp_path, typed: str) -> list[str]:
    """What the shell answered (its '→' lines) to `typed`, in a game of the tutorial."""
    read, shown = scripted(["", typed, "q"])

    game = new_game(load("tutorial").scenario, 3)
    Session(game, "tutorial", read=read, write=shown.append, save_dir=tmp_path).run()
    return [" ".join(x.split()) for x in shown if x.startswith("  → ")]


@pytest.mark.parametrize(("typed", "said"), [
    (LONG, "unknown command 'x"),
    (f"d 1 {LONG}", "no method 'x"),
    (f"b 2 {LONG}", "'x"),
    (f"i 1 {LONG}", "extra word 'x"),
    (f"zap{WIDE}", "unknown command 'zap予"),
], ids=["unknown command", "method", "build", "extra word", "wide characters"])
def test_a_long_typed_word_is_echoed_cut_short(tmp_path, typed: str, said: str) -> None:
    (answer,) = answers(tmp_path, typed)
    assert said in answer
    assert len(answer) < 300, "the typed word is not echoed whole"
    quoted = answer.split("'")[1]
    assert quoted.endswith("…") and render.display_width(quoted) <= render.ECHO_COLUMNS


def test_a_short_word_is_echoed_whole() -> None:
    assert render.echo("check-data") == "check-data"
    assert render.echo("y" * 40) == "y" * 40
    assert render.echo("y" * 41) == "y" * 39 + "…"


def test_the_cut_never_parts_a_wide_character_or_a_letter_from_its_accent() -> None:
    assert render.echo("予" * 30) == "予" * 19 + "…"  # 38 columns, and the mark: 39
    accented = "e\u0301" * 50  # 'é' as a letter and a combining accent: one column each
    cut = render.echo(accented)
    assert cut == "e\u0301" * 39 + "…"


def test_many_bad_words_to_build_are_counted_not_all_named(tmp_path) -> None:
    (answer,) = answers(tmp_path, "b 2 " + " ".join(f"w{n}" for n in range(50_000)))
    assert "'w0', 'w1', 'w2' and 49,997 more are not request numbers on the board" in answer
    assert len(answer) < 300
