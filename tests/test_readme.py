"""The README's set-up commands are the ones CI runs and the ones that exist."""

from __future__ import annotations

import re

from conftest import REPO

from pmsim.cli import build_parser


def _commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_readme_has_two_setup_commands() -> None:
    commands = _commands()
    assert len(commands) == 2, commands
    play, test = commands
    assert "pip install ." in play and "pmsim play" in play
    assert "'.[test]'" in test and "pytest" in test and "ruff check" in test


def test_ci_runs_the_readme_test_command_word_for_word() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _commands()[1]
    assert test_command in ci.splitlines()


def test_readme_play_command_names_a_real_subcommand_and_scenario() -> None:
    play = _commands()[0]
    words = play.split("pmsim ", 1)[1].split()
    parser = build_parser()
    args = parser.parse_args(words)
    assert args.command == "play"
