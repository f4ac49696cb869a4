"""`pmsim autoplay --replay-out`: an existing file is refused unless --force (in the words of
`pmsim new`), and '-' is standard output with everything else on standard error."""

from __future__ import annotations

import json

from pmsim.cli import main
from pmsim.engine import Replay

GAME = ["autoplay", "tutorial", "--policy", "evidence", "--seed", "2"]


def test_an_existing_file_is_refused_and_left_untouched(tmp_path, capsys) -> None:
    mine = tmp_path / "p.txt"
    mine.write_text("my hand-written scenario\n", encoding="utf-8")
    assert main([*GAME, "--replay-out", str(mine)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"pmsim autoplay: {mine} already exists; choose another name, "
                           "or add --force")
    assert mine.read_text(encoding="utf-8") == "my hand-written scenario\n"


def test_force_overwrites_an_existing_file(tmp_path, capsys) -> None:
    mine = tmp_path / "p.json"
    mine.write_text("old\n", encoding="utf-8")
    assert main([*GAME, "--replay-out", str(mine), "--force"]) == 0
    Replay.from_json(mine.read_text(encoding="utf-8"))


def test_a_new_file_needs_no_force(tmp_path, capsys) -> None:
    out = tmp_path / "new.json"
    assert main([*GAME, "--replay-out", str(out)]) == 0
    Replay.from_json(out.read_text(encoding="utf-8"))


def test_dash_is_standard_output_and_the_summary_goes_to_standard_error(
        tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*GAME, "--replay-out", "-", "--json"]) == 0
    captured = capsys.readouterr()
    rep = Replay.from_json(captured.out)  # the whole of standard output is the replay
    assert rep.seed == 2
    assert json.loads(captured.err)["seed"] == 2
    assert not (tmp_path / "-").exists()


def test_dash_with_the_text_summary(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*GAME, "--replay-out", "-"]) == 0
    captured = capsys.readouterr()
    Replay.from_json(captured.out)
    assert "Score" in captured.err
    assert not (tmp_path / "-").exists()
