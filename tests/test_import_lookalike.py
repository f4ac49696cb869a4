"""`pmsim workshop import` follows the look-alike rule online joins follow: a result file cannot
bring in a new team "Team l" or "Team I" beside "Team 1" (the board would show two teams that
read as one); the refusal names the team and says to fix the file's "team" field. A file of
the same team (the same key) imports as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.cli import main
from pmsim.engine import record
from pmsim.workshop.service import Workshop, WorkshopError, team_key
from pmsim.workshop.store import Store, default_path
from pmsim.workshop.team import write_result

SEED = 7
CODE = "LOOKIMP7"


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def _room(online: bool = True) -> str:
    """A workshop with "Team 1" in it: joined online, or (like an imported team) without a
    secret. Returns the workshop's id."""
    store = Store(default_path())
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), SEED,
                         code=CODE)
    if online:
        ws.join(CODE, "Team 1")
    else:
        store.add_team(ws.row.id, "Team 1", "2026-12-02T10:00:00+00:00", team_key("Team 1"))
    store.close()
    return ws.row.id


def _teams(workshop_id: str) -> list[str]:
    store = Store(default_path())
    try:
        return store.teams(workshop_id)
    finally:
        store.close()


def _result(folder: Path, team: str) -> Path:
    return write_result(play(load("tutorial").scenario, SEED, POLICIES["rice"]), team, folder)


@pytest.mark.parametrize("lookalike", ["Team l", "Team I", "Team 1.", "Team \u0661"])
def test_a_file_cannot_bring_a_lookalike_team(data_home, capsys, lookalike) -> None:
    workshop_id = _room()
    path = _result(data_home.parent, lookalike)
    assert main(["workshop", "import", CODE, str(path)]) == 1
    out = capsys.readouterr().out
    assert (f"{path}: refused: the file's team '{lookalike}' looks like 'Team 1', already in "
            "this workshop") in out
    assert 'change the file\'s "team" field to "Team 1" and import it again' in out
    assert "Nothing was stored" in out
    assert f"team '{lookalike}', 3 rounds" not in out
    assert _teams(workshop_id) == ["Team 1"], "no second team beside Team 1"


def test_the_refusal_says_which_team_in_its_details(data_home) -> None:
    _room()
    store = Store(default_path())
    ws = Workshop(store, store.workshop_by_code(CODE))
    rep = record(play(load("tutorial").scenario, SEED, POLICIES["rice"]))
    with pytest.raises(WorkshopError) as refused:
        ws.import_replay("Team l", rep)
    assert refused.value.status == 409
    assert refused.value.reason == "name-looks-taken"
    assert refused.value.details == {"team": "Team 1"}
    assert store.decisions(ws.row.id, "Team l") == []
    store.close()


def test_changing_the_files_team_field_as_told_imports_it(data_home, capsys) -> None:
    workshop_id = _room(online=False)
    path = _result(data_home.parent, "Team l")
    assert main(["workshop", "import", CODE, str(path)]) == 1
    data = json.loads(path.read_text(encoding="utf-8"))
    data["team"] = "Team 1"  # what the refusal says to do
    path.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["workshop", "import", CODE, str(path)]) == 0
    assert "team 'Team 1', 3 rounds" in capsys.readouterr().out
    assert _teams(workshop_id) == ["Team 1"]


@pytest.mark.parametrize("spelt", ["Team 1", "TEAM 1", "team 1"])
def test_a_file_of_the_same_team_imports_as_before(data_home, capsys, spelt) -> None:
    """The same key is the same team, not a lookalike: its rounds are added to it."""
    workshop_id = _room(online=False)
    path = _result(data_home.parent, spelt)
    assert main(["workshop", "import", CODE, str(path)]) == 0
    assert main(["workshop", "import", CODE, str(path)]) == 0  # twice does no harm
    assert capsys.readouterr().out.count(f"team '{spelt}', 3 rounds") == 2
    assert _teams(workshop_id) == ["Team 1"]


def test_a_name_that_reads_differently_still_imports(data_home, capsys) -> None:
    workshop_id = _room()
    path = _result(data_home.parent, "Team L")  # case is kept: L does not look like 1
    assert main(["workshop", "import", CODE, str(path)]) == 0
    assert "team 'Team L', 3 rounds" in capsys.readouterr().out
    assert sorted(_teams(workshop_id)) == ["Team 1", "Team L"]
