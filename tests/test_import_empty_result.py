"""A result file with no round played is refused by `workshop import`: it would put a team on
the leaderboard with the starting state's score (60.5 in the tester's room, above every team
that had played), and let anyone reserve a name with a hand-made file."""

from __future__ import annotations

import dataclasses

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.engine import record
from pmsim.workshop.service import Workshop, WorkshopError
from pmsim.workshop.store import Store


def test_a_result_with_no_round_is_refused_and_stores_nothing(tmp_path) -> None:
    store = Store(tmp_path / "w.sqlite3")
    try:
        ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                             code="EMPTY7")
        played = record(play(load("tutorial").scenario, 7, POLICIES["rice"]))
        empty = dataclasses.replace(played, decisions=())
        with pytest.raises(WorkshopError) as refused:
            ws.import_replay("Empty", empty)
        assert refused.value.reason == "empty-result"
        assert "no round played" in refused.value.message
        assert store.teams(ws.row.id) == [] and ws.leaderboard() == []
        ws.import_replay("Played", played)
        assert [r["team"] for r in ws.leaderboard()] == ["Played"]
    finally:
        store.close()
