"""The text shell refuses a command with words it would not use, naming them and what to type,
and changes nothing (`d 1 check-data check-data` used to run the method, the second word
dropped unsaid)."""

from __future__ import annotations

import pytest
from conftest import scripted

from pmsim.catalog import load
from pmsim.engine import new_game
from pmsim.terminal.play import Session


def session(tmp_path, lines: list[str]) -> tuple[Session, list[str]]:
    read, shown = scripted(lines)

    game = new_game(load("tutorial").scenario, 3)
    return Session(game, "tutorial", read=read, write=shown.append, save_dir=tmp_path), shown


def words(shown: list[str]) -> str:
    return " ".join(" ".join(shown).split())


CASES = [
    ("d 1 check-data check-data", "'check-data'", "`d N METHOD`"),
    ("d 1 1 2", "'2'", "`d N METHOD`"),
    ("a 1 later now", "'now'", "`a N next|later|notnow|no|-`"),
    ("a 1 - x", "'x'", "`a N next|later|notnow|no|-`"),
    ("i 1 2", "'2'", "`i N`"),
    ("u 1", "'1'", "`u`"),
    ("undo twice", "'twice'", "`u`"),
    ("r 1", "'1'", "`r`"),
    ("s all", "'all'", "`s`"),
    ("l 2", "'2'", "`l`"),
    ("board now", "'now'", "`l`"),
    ("h d", "'d'", "`h`"),
    ("? x", "'x'", "`h`"),
]


@pytest.mark.parametrize(("typed", "named", "usage"), CASES, ids=[c[0] for c in CASES])
def test_a_command_with_words_it_does_not_use_is_refused(tmp_path, typed: str, named: str,
                                                        usage: str) -> None:
    s, shown = session(tmp_path, ["", "b 2", typed, "q"])
    s.run()
    planner = s.session.planner
    assert planner.draft.build == (s.session.view.open_requests[1].id,)
    assert planner.draft.discover == () and planner.draft.answers == ()
    assert len(planner.undo_stack) == 1, "the refused command did nothing, not even undo"
    said = words(shown)
    assert f"extra word {named}: type {usage} (nothing was done)" in said


@pytest.mark.parametrize("typed", ["e now", "end it", "q please", "quit now"])
def test_ending_or_quitting_with_an_extra_word_does_neither(tmp_path, typed: str) -> None:
    s, shown = session(tmp_path, ["", "b 2", typed, "b 2", "q"])
    s.run()
    said = words(shown)
    assert f"extra word '{typed.split()[1]}'" in said
    assert "End the round? [y/N]" not in said and s.game.round == 1
    assert s.session.planner.draft.build == (), "the game went on after the refusal"


def test_build_takes_any_number_of_words_and_names_each_bad_one(tmp_path) -> None:
    s, shown = session(tmp_path, ["", "b 2 x", "q"])
    s.run()
    assert "'x' is not a request number on the board" in words(shown)
    assert "extra word" not in words(shown)


def test_many_extra_words_are_counted_not_all_listed(tmp_path) -> None:
    s, shown = session(tmp_path, ["", "i 1 a b c d e", "q"])
    s.run()
    assert "extra words 'a', 'b', 'c' and 2 more: type `i N`" in words(shown)


def test_the_help_command_is_not_shown_for_h_with_an_extra_word(tmp_path) -> None:
    s, shown = session(tmp_path, ["", "h d", "q"])
    s.run()
    assert not any("Commands (N is" in x for x in shown)


def test_what_the_shell_still_takes_is_unchanged(tmp_path) -> None:
    s, shown = session(tmp_path, ["", "d 1 check-data", "a 3 not_now", "i 1", "q"])
    s.run()
    planner = s.session.planner
    assert planner.draft.discover == ((s.session.view.open_requests[0].id, "check-data"),)
    assert len(planner.draft.answers) == 1
    assert "extra word" not in words(shown)
