"""`pmsim analyze` fails a CI run when its report says FAIL: exit 1 unless the scenario teaches
(every verdict line passes, and every robustness change holds when that was checked), as the
README's "checked in CI with pmsim analyze" and `--help` say; `--watch` still ends with 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO

from pmsim.analysis.author import AuthorReport
from pmsim.cli import build_parser, main
from pmsim.commands.analyze import watch


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """The scenario `pmsim new` writes: valid, and (as docs/authoring.md says) not teaching."""
    path = tmp_path / "my-course.yaml"
    assert main(["new", str(path)]) == 0
    return path


def test_a_fail_verdict_exits_1_in_text_and_json(starter: Path, capsys) -> None:
    assert main(["analyze", str(starter), "--seeds", "5", "--no-robust"]) == 1
    out = capsys.readouterr().out
    assert "  FAIL  evidence / best naive rule" in out and "Suggestions:" in out  # all printed
    assert main(["analyze", str(starter), "--seeds", "5", "--no-robust", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["teaches"] is False and data["suggestions"]


def test_a_scenario_that_teaches_exits_0(starter: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(AuthorReport, "teaches", property(lambda self: True))
    assert main(["analyze", str(starter), "--seeds", "3", "--no-robust"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(starter), "--seeds", "3", "--no-robust", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["teaches"] is True


def test_watch_still_ends_with_0(starter: Path, capsys) -> None:
    args = build_parser().parse_args(["analyze", str(starter), "--watch", "--seeds", "2",
                                      "--no-robust"])
    assert watch(args, sleep=lambda _: None, rounds=1) == 0
    assert "FAIL" in capsys.readouterr().out


def test_help_and_docs_say_which_exit_status_fails_ci(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "Exit 0 when it teaches, 1 when any line of the verdict" in shown
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "exit 1 if any verdict line says FAIL" in readme
    guide = " ".join((REPO / "docs" / "authoring.md").read_text(encoding="utf-8").split())
    assert "`pmsim analyze` exits with 1 when the scenario does not teach" in guide
