"""`pmsim autoplay --replay-out` never writes the replay over the scenario being played."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pmsim.catalog import resolve
from pmsim.cli import main


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))


def mine(tmp_path: Path) -> tuple[Path, str]:
    text = resolve("tutorial").read_text(encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


@pytest.mark.parametrize("spelling", ["same", "dotdot", "link"])
def test_replay_out_naming_the_scenario_is_refused(tmp_path: Path, capsys, monkeypatch,
                                                     spelling: str) -> None:
    path, text = mine(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    out = {"same": "mine.yaml", "dotdot": "sub/../mine.yaml", "link": "alias.yaml"}[spelling]
    if spelling == "link":
        os.symlink(path, tmp_path / "alias.yaml")
    code = main(["autoplay", "mine.yaml", "--policy", "rice", "--seed", "1",
                 "--replay-out", out])
    assert code == 2
    err = capsys.readouterr().err
    assert "--replay-out" in err and "scenario" in err
    assert path.read_text(encoding="utf-8") == text


def test_replay_out_beside_the_scenario_is_written(tmp_path: Path) -> None:
    path, text = mine(tmp_path)
    out = tmp_path / "mine.replay.json"
    assert main(["autoplay", str(path), "--policy", "rice", "--seed", "1",
                 "--replay-out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith("{")
    assert path.read_text(encoding="utf-8") == text
