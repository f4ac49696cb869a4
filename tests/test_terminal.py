"""The terminal game, driven by typed commands: a whole game, saving, resuming, bad input."""

from __future__ import annotations

import json

import pytest
from conftest import scripted

from pmsim import saves
from pmsim.catalog import load
from pmsim.engine import new_game, replay
from pmsim.terminal.play import Session


def session(tmp_path, lines: list[str], seed: int = 3) -> tuple[Session, list[str]]:
    read, shown = scripted(lines)
    game = new_game(load("tutorial").scenario, seed)
    return Session(game, "tutorial", read=read, write=shown.append, save_dir=tmp_path), shown


def test_a_whole_game_by_keyboard(tmp_path) -> None:
    round_plan = ["b 2", "a 1 later", "e", "y", ""]
    s, shown = session(tmp_path, ["", *round_plan * 3])
    assert s.run() == 0
    assert s.game.over
    text = "\n".join(shown)
    assert "DEBRIEF" in text and "ON THE SAME SEED" in text and "LESSONS" in text
    assert not saves.autosave_path(tmp_path).exists(), "a finished game clears its autosave"


def test_end_asks_for_confirmation_and_lists_the_plan(tmp_path) -> None:
    s, shown = session(tmp_path, ["", "b 2", "e", "n", "q"])
    s.run()
    text = "\n".join(shown)
    assert "Committed to this round:" in text and "End the round? [y/N]" in text
    assert s.game.round == 1, "declining the confirmation keeps planning"


def test_undo_redo_and_bad_commands_never_crash(tmp_path) -> None:
    s, shown = session(
        tmp_path,
        ["", "u", "b 99", "b 1 x", "d 1", "d 1 nope", "a 1 maybe", "zap", "u", "b 2", "u",
         "r", "i 1", "s", "h", "", "q"],
    )
    assert s.run() == 0
    text = "\n".join(shown)
    assert "give a request number" in text
    assert "not a request number" in text
    assert "which method?" in text
    assert "no method 'nope'" in text
    assert "answer with:" in text
    assert "unknown command 'zap'" in text
    assert "nothing to undo" in text and "redone" in text


def test_quit_saves_and_the_save_resumes_the_same_game(tmp_path) -> None:
    s, _ = session(tmp_path, ["", "b 2", "e", "y", "", "q"])
    s.run()
    save = saves.read(tmp_path)
    assert save is not None and len(save.replay.decisions) == 1
    resumed = replay(load("tutorial").scenario, save.replay)
    assert resumed.round == 2
    assert resumed.metrics == s.game.metrics


def test_end_of_input_saves_instead_of_crashing(tmp_path) -> None:
    s, shown = session(tmp_path, [""])
    assert s.run() == 0
    assert "Saved." in shown[-1]
    assert saves.read(tmp_path) is not None


def test_a_damaged_save_is_set_aside_and_reported(tmp_path) -> None:
    path = saves.autosave_path(tmp_path)
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(saves.SaveError, match="moved to"):
        saves.read(tmp_path)
    assert not path.exists()
    assert list(tmp_path.glob("autosave.damaged-*.json"))
    assert saves.read(tmp_path) is None


def test_save_is_valid_json_written_atomically(tmp_path) -> None:
    s, _ = session(tmp_path, ["", "q"])
    s.run()
    data = json.loads(saves.autosave_path(tmp_path).read_text(encoding="utf-8"))
    assert data["kind"] == "pmsim-save" and data["replay"]["kind"] == "pmsim-replay"
    assert not list(tmp_path.glob(".*.tmp"))


def test_play_continue_without_a_save_is_a_usage_error(tmp_path, monkeypatch, capsys) -> None:
    from pmsim.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["play", "--continue"]) == 2
    assert "no saved game" in capsys.readouterr().err


def test_a_command_shows_its_answer_and_the_plan_not_the_whole_board_again(tmp_path) -> None:
    s, shown = session(tmp_path, ["", "b 2", "a 1 later", "zap", "l", "q"])
    s.run()
    boards = [x for x in shown if "claimed impact" in x]
    assert len(boards) == 2, "the board once at the round's start, and again for `l`"
    plans = [x for x in shown if x.lstrip().startswith("Plan:")]
    assert len(plans) == 2 and "points" in plans[0]
    assert any("unknown command 'zap'" in x for x in shown)


def test_news_and_every_board_line_fit_the_terminal(tmp_path, monkeypatch) -> None:
    import os

    from pmsim.terminal import render

    monkeypatch.setattr("shutil.get_terminal_size",
                        lambda fallback=(80, 24): os.terminal_size((72, 30)))
    assert render.width() == 71
    from dataclasses import replace

    from pmsim.engine.report import NewsItem
    from pmsim.play.planner import Planner

    s, _ = session(tmp_path, [])
    item = NewsItem("e", "Rival launch", "A competitor launched online deposits with a big "
                    "campaign " * 4)
    planner = Planner.for_view(replace(s.session.view, news=(item,)))
    board = render.board(planner, s.session.numbers).splitlines()
    news = [line for line in board if "NEWS" in line or "campaign" in line]
    assert len(news) > 1, "the news is wrapped over several lines"
    assert all(len(line) <= 71 for line in news)
    trust = [line for line in board if "Trust:" in line]
    assert trust and all(len(line) <= 71 for line in trust)
    rows = [line for line in board if line.lstrip()[:2].strip().isdigit()]
    assert rows and all(len(line) <= 80 for line in rows), "a row keeps to a narrow terminal"


def test_next_on_a_request_promised_for_a_later_round_says_why_not(tmp_path) -> None:
    """`a N next` on a promise for a later round cannot bring it forward: the player is told
    so, in words, and the plan is unchanged (it used to be taken, then ignored)."""
    from test_engine_support import make, req

    scenario = make(rounds=4, requests=[req("a")],
                    roadmap={"promised": [{"request": "a", "round": 3}]})
    read, shown = scripted(["", "a 1 next", "q"])
    s = Session(new_game(scenario, 1), "engine-test", read=read, write=shown.append,
                save_dir=tmp_path)
    s.run()
    text = " ".join("\n".join(shown).split())  # the answer is wrapped to the terminal
    assert "'Request A' is already promised for sprint 3" in text
    assert "'next' cannot bring the promise forward to sprint 2" in text
    assert "Build it by sprint 3 to keep it" in text
    assert s.session.planner.draft.answers == ()


def test_a_request_keeps_its_board_number_all_game(tmp_path) -> None:
    """Numbers follow arrival, so shipping one request or the arrival of another never
    renumbers the rest: `b 4` means the same request in every round it is open."""
    s, shown = session(tmp_path, ["", "b 2", "e", "y", "", "b 4", "q"])
    first = s.session.numbers
    s.run()
    later = s.session.numbers
    assert s.game.round == 2
    assert all(later[rid] == n for rid, n in first.items())
    second_board = "\n".join(shown).split("SPRINT 2 OF", 1)[1]
    fourth = next(r for r in s.session.view.requests if later[r.id] == 4)
    assert f" 4  {fourth.title[:10]}" in second_board  # titles shorten in narrow terminals
    shipped = next(rid for rid, n in first.items() if n == 2)
    assert s.session.view.request(shipped).status == "shipped"
    rows = second_board.split("Done:", 1)[0].split("plan\n", 1)[1].splitlines()
    assert not [row for row in rows if row.split()[:1] == ["2"]]  # shipped: off the board
    assert fourth.id in s.session.planner.draft.build


def test_a_withdrawn_request_keeps_its_number_and_the_rest_never_move_up(tmp_path) -> None:
    """Seed 3: in sprint 2 Riverside signs with a competitor and the branded app (#1) is
    withdrawn. The numbers after it stay as they were (they used to move up one, so `b 5`
    meant for text reminders built calendar sync), and #1 says where it went."""
    s, shown = session(tmp_path, ["", "e", "y", "", "e", "y", "", "b 15", "b 5", "b 1", "q"])
    by_title = {r.title: r.id for r in s.session.view.requests}
    first = s.session.numbers
    s.run()
    assert s.game.round == 3
    assert s.game.status["branded-app"] == "withdrawn"
    assert all(s.session.numbers[rid] == n for rid, n in first.items())
    log = next(rid for rid in s.session.numbers if s.session.titles[rid].startswith("Access"))
    reminders = by_title["Text message reminders the day before"]
    assert s.session.numbers[log] == 15 and first[reminders] == 5
    assert log in s.session.planner.draft.build and reminders in s.session.planner.draft.build
    assert len(s.session.planner.draft.build) == 2
    text = "\n".join(shown)
    third_board = text.split("SPRINT 3 OF", 1)[1]
    assert " 15  Access log" in third_board and " 5  Text message" in third_board
    assert "Branded mobile app for each clinic (withdrawn)" in third_board
    assert "1 is 'Branded mobile app for each clinic', which is withdrawn" in text


def test_a_command_that_changes_nothing_records_no_undo_step(tmp_path) -> None:
    """`b 4` then `b 4 4` says nothing changed, and undo goes straight back to the empty plan
    (it used to step through the plan with 4 taken out, which the player never saw)."""
    s, shown = session(tmp_path, ["", "b 4", "b 4 4", "u", "u", "b 2 3", "u", "q"])
    s.run()
    text = "\n".join(shown)
    after = text.split("> ")
    assert "nothing changed" in after[2]
    assert "undone" in after[3] and "nothing to undo" in after[4]
    assert "undone" in after[6]
    assert s.session.planner.draft.build == () and s.session.planner.undo_stack == []


def test_wide_characters_in_titles_keep_the_board_columns_in_line(tmp_path) -> None:
    """Titles (and an asker) in Japanese take two columns a character: the columns after them
    are padded and cut by display width, so every row's asker, estimate and claim line up."""
    import unicodedata
    from dataclasses import replace

    from pmsim.play.planner import Planner
    from pmsim.terminal import render

    def cells(text: str) -> str:
        """`text` as the terminal lays it out: a wide character takes two cells."""
        return "".join(c + "\0" if unicodedata.east_asian_width(c) in "WF" else c
                       for c in text)

    full_width = "".join(chr(ord(c) + 0xFEE0) if c != " " else " "
                         for c in "full-width text and a long one")
    s, _ = session(tmp_path, [])
    view = s.session.view
    wide = {0: "予約システムの改善と患者向けアプリの新しい機能の追加", 1: "二重予約を直す",
            2: full_width, 3: "Café crème"}
    requests = tuple(replace(r, title=wide.get(i, r.title),
                             asker_name="田中太郎" if i == 1 else r.asker_name)
                     for i, r in enumerate(view.requests))
    board = render.board(Planner.for_view(replace(view, requests=requests)), s.session.numbers)
    header = next(line for line in board.splitlines() if "claimed impact" in line)
    asks, est, claim = header.index(" asks") + 1, header.index(" est ") + 1, \
        header.index("claimed")
    rows = [cells(line) for line in board.splitlines() if line.lstrip()[:2].strip().isdigit()]
    assert any("予" in row for row in rows) and any("田" in row for row in rows)
    for row in rows:
        assert row[asks - 1] == " " and row[asks] != " ", row
        assert row[est:est + 3].strip().isdigit() and row[est + 3] == " ", row
        assert row[claim - 1] == " " and row[claim] != " ", row
    assert render.fit("予約システム", 7) == "予約シ…"
    assert render.fit("予約", 7) == "予約   " and render.display_width(render.fit("予約a", 4)) == 4
    assert render.fit("Cafe\u0301", 5) == "Cafe\u0301 "  # an accent takes no column


def test_a_cut_title_ends_in_three_dots_where_the_output_cannot_print_an_ellipsis(
        monkeypatch) -> None:
    """Printed as '...' (see glyphs.tolerant_output), a '…' would push the columns after it
    two to the right: the cut is made for the dots instead."""
    import io

    from pmsim.terminal import render

    assert render.fit("Upgrade the database", 10) == "Upgrade t…"
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert render.fit("Upgrade the database", 10) == "Upgrade..."
    # measured as printed: each wide character is '??' on an ASCII stream
    assert render.fit("予約システム", 8) == "?????..."


def test_a_number_off_the_board_names_the_numbers_on_it(tmp_path) -> None:
    s, shown = session(tmp_path, ["", "b 2", "e", "y", "", "b 3 2", "i 9999999", "q"])
    s.run()
    text = "\n".join(shown)
    assert "'2' is not a request number on the board" in text
    assert "give a request number on the board: 1, 3" in text


def test_methods_are_numbered_as_d_takes_them_and_taking_one_back_says_so(tmp_path) -> None:
    s, shown = session(tmp_path, ["", "i 1", "d 1 1", "d 1 1", "b 2 2", "q"])
    s.run()
    text = "\n".join(shown)
    view = s.session.view
    first = next(m for m in view.methods if m.id == view.open_requests[0].discovery_left[0])
    assert f"1. {first.name}" in text and f"; {first.id})" in text
    assert f"no longer testing '{view.open_requests[0].title}' with {first.name}" in text
    assert "→ nothing changed" in text  # b 2 twice: in and out again


def test_a_shipped_requests_number_says_it_has_left_the_board(tmp_path) -> None:
    s, shown = session(tmp_path, ["", "b 2", "e", "y", "", "i 2", "q"])
    s.run()
    shipped = next(r for r in s.session.view.requests if r.status == "shipped")
    assert f"2 is '{shipped.title}', which is shipped: it has left the board" in "\n".join(shown)


def test_quitting_when_the_save_fails_does_not_say_saved(tmp_path) -> None:
    """The data folder is a file: every save fails, so the goodbye must not say 'Saved'."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    read, shown = scripted(["", "q"])
    game = new_game(load("tutorial").scenario, 3)
    s = Session(game, "tutorial", read=read, write=shown.append, save_dir=blocker / "pmsim")
    assert s.run() == 0  # the play itself went well; the line says what did not
    last = shown[-1]
    assert "Saved" not in last
    assert f"NOT saved (could not save: {blocker} is a file, not a folder: move it away" in last
    assert "--continue" in last and "cannot carry it on" in last
