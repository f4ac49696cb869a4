"""The host's messages count in words ("1 team", "2 rounds"), and the log line for a result
file imported over an online team names that team and the rounds it was given."""

from __future__ import annotations

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.engine import record
from pmsim.workshop.service import Workshop, WorkshopError

SEED = 7
CODE = "PLURQ7"


def _workshop(store, max_teams: int = 300) -> Workshop:
    return Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), SEED,
                           code=CODE, max_teams=max_teams)


@pytest.mark.parametrize(("max_teams", "shown"), [(1, "(1 team)"), (2, "(2 teams)")])
def test_a_full_workshop_counts_its_teams_in_words(store, max_teams, shown) -> None:
    ws = _workshop(store, max_teams)
    for number in range(max_teams):
        ws.join(CODE, f"Team {number + 2}")
    with pytest.raises(WorkshopError) as refused:
        ws.join(CODE, "Latecomers")
    assert refused.value.reason == "full"
    assert refused.value.message == f"this workshop is full {shown}; ask the facilitator"


@pytest.mark.parametrize(("played", "given"), [
    (2, "was given 1 round (round 3)"),
    (1, "was given 2 rounds (rounds 2-3)"),
])
def test_the_log_names_the_online_team_a_file_finished(store, played, given) -> None:
    ws = _workshop(store)
    secret = ws.join(CODE, "Red")["secret"]
    rep = record(play(load("tutorial").scenario, SEED, POLICIES["rice"]))
    for number, decision in enumerate(rep.decisions[:played], start=1):
        ws.submit(CODE, "Red", number, decision.to_dict(), secret=secret)
    ws.import_replay("RED", rep, replace_online=True)  # the file spells the name otherwise
    lines = [line for _, line in store.log_lines(ws.row.id) if "result file" in line]
    assert lines == [f"team 'Red' (joined online, named 'RED' in the file) {given} from a "
                     "result file (--replace-online-team)"]


def test_a_file_with_the_teams_own_spelling_is_not_said_to_differ(store) -> None:
    ws = _workshop(store)
    secret = ws.join(CODE, "Red")["secret"]
    rep = record(play(load("tutorial").scenario, SEED, POLICIES["rice"]))
    ws.submit(CODE, "Red", 1, rep.decisions[0].to_dict(), secret=secret)
    ws.import_replay("Red", rep, replace_online=True)
    assert any(line.startswith("team 'Red' (joined online) was given 2 rounds")
               for _, line in store.log_lines(ws.row.id))
