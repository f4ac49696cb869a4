"""`pmsim workshop import` names the stored team: a file for 'Blue' after one for 'BLUE' with
the same decisions said only "team 'Blue', 3 rounds … (re-simulated)" while the workshop lists
only 'BLUE' (names are matched regardless of case); it now adds that it is the same as team
'BLUE', already imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.cli import main
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store, default_path
from pmsim.workshop.team import write_result

SEED = 7
CODE = "SAMEIMP7"


@pytest.fixture
def room(tmp_path, monkeypatch) -> str:
    """An empty workshop; its id."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store(default_path())
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), SEED,
                         code=CODE)
    store.close()
    return ws.row.id


def _result(folder: Path, team: str, policy: str = "rice") -> Path:
    folder.mkdir(exist_ok=True)
    return write_result(play(load("tutorial").scenario, SEED, POLICIES[policy]), team, folder)


def _teams(workshop_id: str) -> list[str]:
    store = Store(default_path())
    try:
        return store.teams(workshop_id)
    finally:
        store.close()


def _import(path: Path, capsys) -> str:
    assert main(["workshop", "import", CODE, str(path)]) == 0
    return capsys.readouterr().out


def test_the_same_game_under_another_case_is_said_to_be_the_stored_team(room, tmp_path,
                                                                         capsys) -> None:
    first = _import(_result(tmp_path / "a", "BLUE"), capsys)
    assert ": team 'BLUE', 3 rounds, score " in first and first.endswith("(re-simulated)\n")
    blue = _result(tmp_path / "b", "Blue")
    out = _import(blue, capsys)
    assert out.startswith(f"{blue}: team 'Blue', 3 rounds, score ")
    assert out.endswith(" (re-simulated): the same as team 'BLUE', already imported, nothing "
                        "added\n")
    assert _teams(room) == ["BLUE"]


def test_the_same_file_twice_is_said_to_be_already_imported(room, tmp_path, capsys) -> None:
    path = _result(tmp_path / "a", "BLUE")
    _import(path, capsys)
    out = _import(path, capsys)
    assert out.startswith(f"{path}: team 'BLUE', 3 rounds, score ")
    assert out.endswith(" (re-simulated): already imported, nothing added\n")


def test_rounds_added_under_another_case_name_the_stored_team(room, tmp_path, capsys) -> None:
    store = Store(default_path())
    ws = Workshop(store, store.workshop_by_code(CODE))
    ws.join(CODE, "BLUE")  # online: the file's rounds need --replace-online-team
    store.close()
    path = _result(tmp_path / "a", "Blue")
    assert main(["workshop", "import", CODE, str(path), "--replace-online-team"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: team 'Blue', 3 rounds, score ")
    assert out.endswith(" (re-simulated): the same as team 'BLUE', where its rounds are "
                        "stored\n")
    assert _teams(room) == ["BLUE"]
