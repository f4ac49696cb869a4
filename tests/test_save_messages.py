"""A save that cannot be used says why: a damaged field is named as damaged, and only a save
written by another pmsim is called another version."""

from __future__ import annotations

import json

import pytest

from pmsim import saves
from pmsim.analysis import POLICIES, play
from pmsim.catalog import load
from pmsim.engine import record


def _write(tmp_path, **changes) -> None:
    game = play(load("tutorial").scenario, 1, POLICIES["rice"])
    saves.write(saves.SaveGame("tutorial", record(game)), tmp_path)
    path = saves.autosave_path(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("value", [5, None, ["a"], {"a": 1}])
def test_a_scenario_path_that_is_not_text_is_damage_named_by_its_field(tmp_path, value) -> None:
    _write(tmp_path, scenario_path=value)
    with pytest.raises(saves.SaveError) as refused:
        saves.read(tmp_path)
    message = str(refused.value)
    assert "damaged" in message and "'scenario_path'" in message
    assert "version" not in message and "moved to" in message


@pytest.mark.parametrize("value", ["1", None, True, 1.5])
def test_a_version_that_is_not_a_number_is_damage(tmp_path, value) -> None:
    _write(tmp_path, version=value)
    with pytest.raises(saves.SaveError, match="damaged: its 'version'"):
        saves.read(tmp_path)


def test_another_version_is_named_as_one(tmp_path) -> None:
    _write(tmp_path, version=2)
    with pytest.raises(saves.SaveError, match="save version 2, and this pmsim reads version 1"):
        saves.read(tmp_path)
