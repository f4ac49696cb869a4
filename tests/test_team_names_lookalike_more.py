"""More names that read as one on a projected board: trailing or inner punctuation ("Team 1.",
"Team-1"), a decimal digit of another script ("Team" with an Arabic-Indic one), and "rn" for
"m" (UTS #39). A new team with one of them is refused; the team itself still rejoins, and
names that read differently are still two teams."""

from __future__ import annotations

import pytest

from pmsim.catalog import resolve
from pmsim.workshop.service import Workshop, WorkshopError, legacy_team_key, looks_like_key

CODE = "LOOKMORE"


def _workshop(store) -> Workshop:
    return Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                           code=CODE)


@pytest.mark.parametrize(("first", "second"), [
    ("Team 1", "Team 1."),
    ("Team 1", "Team-1"),
    ("Team 1", "Team_1"),
    ("Team 1", "Team1"),
    ("Team 1", "Team 1'"),
    ("Team 1", "Team \u0661"),     # Arabic-Indic digit one
    ("Team 1", "Team \u06f1"),     # extended Arabic-Indic digit one
    ("Team 1", "Team \u0967"),     # Devanagari digit one
    ("Team 7", "Team \u0e57"),     # Thai digit seven
    ("Team 0", "Team \u0660"),     # Arabic-Indic zero, which reads as 0 and so as O
    ("m team", "rn team"),
    ("Tearn", "Team"),
])
def test_a_lookalike_of_a_team_is_refused_naming_it(store, first, second) -> None:
    ws = _workshop(store)
    secret = ws.join(CODE, first)["secret"]
    with pytest.raises(WorkshopError) as refused:
        ws.join(CODE, second)
    assert refused.value.reason == "name-looks-taken"
    assert f"looks like '{first}'" in refused.value.message
    assert store.teams(ws.row.id) == [first]
    assert ws.join(CODE, first, secret=secret)["team"] == first


@pytest.mark.parametrize(("first", "second"), [
    ("Team 1", "Team 2"),
    ("Team 1", "Team 12"),
    ("A & B", "A B"),          # & reads as "and"
    ("RN team", "M team"),     # capitals: R N does not read as M
    ("Team 1", "Team L"),      # case kept, as before
])
def test_names_that_read_differently_are_two_teams(store, first, second) -> None:
    ws = _workshop(store)
    ws.join(CODE, first)
    assert ws.join(CODE, second)["created"]


def test_teams_an_older_host_kept_apart_still_rejoin(store) -> None:
    ws = _workshop(store)
    for name in ("Team 1", "Team 1.", "rn team", "m team"):  # stored before this rule
        assert store.add_team(ws.row.id, name, "2026-12-01T10:00:00+00:00",
                              legacy_team_key(name), None)
    reopened = Workshop(store, ws.row)
    for name in ("Team 1", "Team 1.", "rn team", "m team"):
        assert reopened.join(CODE, name)["team"] == name, "a rejoin, not refused"
    with pytest.raises(WorkshopError) as refused:
        reopened.join(CODE, "Team-1")
    assert refused.value.reason == "name-looks-taken"


def test_the_skeleton_folds_digits_punctuation_and_rn() -> None:
    assert looks_like_key("Team \u0661.") == looks_like_key("Team 1") == looks_like_key("Team l")
    assert looks_like_key("rn") == looks_like_key("m")
    assert looks_like_key("A & B") != looks_like_key("A B")
