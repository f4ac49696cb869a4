"""`pmsim workshop import` does not get round a team's secret: a result file cannot add rounds to
a team that joined online unless the facilitator says so with --replace-online-team."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.cli import main
from pmsim.engine import record
from pmsim.workshop.service import Workshop, WorkshopError
from pmsim.workshop.store import Store, default_path
from pmsim.workshop.team import write_result

SEED = 7
CODE = "SECRET1"


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def _room_with_red_after_round_one() -> tuple[str, list[dict[str, object]]]:
    """A workshop where team Red joined online (with a secret) and played round 1 itself."""
    store = Store(default_path())
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), SEED,
                         code=CODE)
    secret = ws.join(CODE, "Red")["secret"]
    first = record(play(load("tutorial").scenario, SEED, POLICIES["rice"])).decisions[0]
    ws.submit(CODE, "Red", 1, first.to_dict(), secret=secret)
    decisions = store.decisions(ws.row.id, "Red")
    store.close()
    return ws.row.id, decisions


def _forged(folder: Path) -> Path:
    """Another team's whole game (same first round as Red's), renamed to Red."""
    game = play(load("tutorial").scenario, SEED, POLICIES["rice"])
    path = write_result(game, "Blue", folder)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["team"] = "Red"
    forged = folder / "red.json"
    forged.write_text(json.dumps(data), encoding="utf-8")
    return forged


def test_an_import_cannot_finish_an_online_teams_game(data_home, capsys) -> None:
    workshop_id, before = _room_with_red_after_round_one()
    forged = _forged(data_home.parent)
    assert main(["workshop", "import", CODE, str(forged)]) == 1
    out = capsys.readouterr().out
    assert f"{forged}: refused: team 'Red' joined this workshop online" in out
    assert "rounds 2-3" in out and "--replace-online-team" in out
    assert "team 'Red', 3 rounds" not in out
    store = Store(default_path())
    assert store.decisions(workshop_id, "Red") == before  # nothing added
    store.close()


def test_the_facilitator_can_replace_an_online_team_on_purpose(data_home, capsys) -> None:
    workshop_id, _ = _room_with_red_after_round_one()
    forged = _forged(data_home.parent)
    assert main(["workshop", "import", CODE, str(forged), "--replace-online-team"]) == 0
    assert "team 'Red', 3 rounds" in capsys.readouterr().out
    store = Store(default_path())
    assert len(store.decisions(workshop_id, "Red")) == 3
    assert any("--replace-online-team" in line for _, line in store.log_lines(workshop_id))
    store.close()


def test_a_file_adding_nothing_to_an_online_team_is_harmless(data_home) -> None:
    store = Store(default_path())
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), SEED,
                         code=CODE)
    secret = ws.join(CODE, "Red")["secret"]
    rep = record(play(load("tutorial").scenario, SEED, POLICIES["rice"]))
    for number, decision in enumerate(rep.decisions, start=1):
        ws.submit(CODE, "Red", number, decision.to_dict(), secret=secret)
    assert ws.import_replay("Red", rep)["rounds_done"] == len(rep.decisions)
    with pytest.raises(WorkshopError) as refused:  # a lookalike name is the same team
        ws.import_replay("RED", record(play(load("tutorial").scenario, SEED,
                                            POLICIES["wsjf"])))
    assert refused.value.reason in ("different-decision", "online-team")
    store.close()


def test_a_team_that_only_came_by_import_keeps_working(data_home, capsys) -> None:
    store = Store(default_path())
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), SEED,
                         code=CODE)
    store.close()
    game = play(load("tutorial").scenario, SEED, POLICIES["wsjf"])
    path = write_result(game, "Offline", data_home.parent)
    assert main(["workshop", "import", CODE, str(path)]) == 0
    assert main(["workshop", "import", CODE, str(path)]) == 0  # twice does no harm
    assert capsys.readouterr().out.count("team 'Offline', 3 rounds") == 2
    store = Store(default_path())
    assert len(store.decisions(ws.row.id, "Offline")) == 3
    store.close()


def test_the_refusal_says_how_to_import_under_another_team_name(data_home, capsys) -> None:
    _room_with_red_after_round_one()
    forged = _forged(data_home.parent)
    assert main(["workshop", "import", CODE, str(forged)]) == 1
    out = capsys.readouterr().out
    assert "import it under that team's name instead" in out
    assert 'change the file\'s "team" field' in out
    other = json.loads(forged.read_text(encoding="utf-8"))
    other["team"] = "Red 2"  # what the refusal says to do
    forged.write_text(json.dumps(other), encoding="utf-8")
    assert main(["workshop", "import", CODE, str(forged)]) == 0
    assert "team 'Red 2', 3 rounds" in capsys.readouterr().out
