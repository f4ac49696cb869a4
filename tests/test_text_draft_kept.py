"""The plan being drafted in text mode is kept on quit and comes back with --continue, as in
the window (both shells save and restore it through the play layer's session)."""

from __future__ import annotations

import io
import json

from pmsim import saves
from pmsim.cli import main


def play_text(monkeypatch, capsys, args: list[str], typed: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert main(["play", *args, "--text"]) == 0
    return capsys.readouterr().out


def test_a_text_mode_draft_survives_quit_and_continue(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    out = play_text(monkeypatch, capsys, ["discovery", "--seed", "5"],
                    "\nb 2\ne\ny\n\nb 3\nq\n")
    assert "Saved." in out
    draft = json.loads(saves.autosave_path().read_text(encoding="utf-8"))["draft"]
    assert draft["round"] == 2 and len(draft["build"]) == 1
    out = play_text(monkeypatch, capsys, ["--continue"], "q\n")
    assert "6 planned" in out, out[:800]
    kept = json.loads(saves.autosave_path().read_text(encoding="utf-8"))["draft"]
    assert kept == draft
