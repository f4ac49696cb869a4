"""Team names that look alike on a projected board ("Team 1" and "Team l", "Team 0" and
"Team O", a Greek capital Nu for an N; trailing or inner punctuation, "Team 1." and "Team-1"; a
decimal digit of another script; "rn" for "m", as in UTS #39) are refused for a new team,
naming the team it would be taken for, never merged into it; names that were one team before
still are, and teams an older host kept apart still rejoin."""

from __future__ import annotations

import pytest
from conftest import hosting

from pmsim.catalog import resolve
from pmsim.workshop.client import Client, HostRefused
from pmsim.workshop.service import (
    Workshop,
    WorkshopError,
    legacy_team_key,
    looks_like_key,
    team_key,
)

CODE = "LOOKQ7"


def _workshop(store) -> Workshop:
    return Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                           code=CODE)


@pytest.mark.parametrize(("first", "second"), [
    ("Team 1", "Team l"),
    ("Team l", "Team I"),
    ("Team 1", "Team I"),
    ("Team 0", "Team O"),
    ("Team 1", "Team \u0399"),       # Greek capital iota
    ("NOVA", "\u039dOVA"),          # Greek capital nu
    ("Team 1", "T\u0435am l"),      # a Cyrillic small ie as well
    ("Team 1", "T\u00e9am l"),      # an accent too: the key drops it
    ("Team 10", "Team lO"),
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
    assert refused.value.message == (f"'{second}' looks like '{first}', already in this "
                                     f"workshop: choose another name, or join as '{first}'")
    assert store.teams(ws.row.id) == [first], "no second team, and nothing merged"
    assert ws.join(CODE, first, secret=secret)["team"] == first, "the team itself rejoins"


@pytest.mark.parametrize(("first", "second"), [
    ("Team 1", "Team L"),   # case is kept: L does not look like 1
    ("Team 1", "Team i"),
    ("team 0", "team o"),
    ("Team 1", "Team 11"),
])
def test_names_that_do_not_look_alike_are_two_teams(store, first, second) -> None:
    ws = _workshop(store)
    ws.join(CODE, first)
    assert ws.join(CODE, second)["created"]
    assert sorted(store.teams(ws.row.id)) == sorted([first, second])


@pytest.mark.parametrize("other", ["TEAM A", "team a", "T\u0435am A", "T\u00e9am A",
                                   "\uff34\uff45\uff41\uff4d A"])
def test_names_that_were_one_team_still_are(store, other) -> None:
    """Case, accents, fullwidth letters and lowercase lookalikes still fold by the key: the
    same team rejoining (asked for its secret), not a lookalike refused."""
    ws = _workshop(store)
    secret = ws.join(CODE, "Team A")["secret"]
    with pytest.raises(WorkshopError) as refused:
        ws.join(CODE, other)
    assert refused.value.reason == "team-taken"
    assert ws.join(CODE, other, secret=secret)["team"] == "Team A"


def test_teams_an_older_host_kept_apart_are_still_found_as_they_joined(store) -> None:
    ws = _workshop(store)
    for name in ("Team 1", "Team l"):  # both stored before lookalikes were refused
        assert store.add_team(ws.row.id, name, "2026-12-01T10:00:00+00:00",
                              legacy_team_key(name), None)
    reopened = Workshop(store, ws.row)
    assert reopened.find("Team 1").name == "Team 1"
    assert reopened.find("team L").name == "Team l"
    assert reopened.join(CODE, "TEAM L")["team"] == "Team l", "a rejoin, not refused"
    with pytest.raises(WorkshopError) as refused:
        reopened.join(CODE, "Team I")
    assert "looks like 'Team 1'" in refused.value.message


def test_the_skeleton_keeps_keys_apart_and_case() -> None:
    assert looks_like_key("Team 1") == looks_like_key("Team l") == looks_like_key("Team I")
    assert team_key("Team 1") != team_key("Team l")
    assert looks_like_key("Team 1") != looks_like_key("Team L")


def test_a_laptop_joining_over_http_hears_which_team_it_looks_like(store, tmp_path) -> None:
    with hosting(store, CODE) as (ws, address):
        Client(address, CODE, "Team 0", outbox_dir=tmp_path / "a").join()
        with pytest.raises(HostRefused) as refused:
            Client(address, CODE, "Team O", outbox_dir=tmp_path / "b").join()
        assert refused.value.status == 409
        assert refused.value.reason == "name-looks-taken"
        assert str(refused.value) == ("'Team O' looks like 'Team 0', already in this "
                                      "workshop: choose another name, or join as 'Team 0'")
        assert refused.value.details == {"team": "Team 0"}
        assert store.teams(ws.row.id) == ["Team 0"]


@pytest.mark.parametrize(("first", "second"), [
    ("Team 1", "Team 2"),
    ("Team 1", "Team 12"),
    ("A & B", "A B"),          # & reads as "and"
    ("RN team", "M team"),     # capitals: R N does not read as M
    ("Team 1", "Team L"),      # case kept, as before
])
def test_names_that_read_differently_after_folding_are_two_teams(store, first, second) -> None:
    ws = _workshop(store)
    ws.join(CODE, first)
    assert ws.join(CODE, second)["created"]


def test_punctuated_teams_an_older_host_kept_apart_still_rejoin(store) -> None:
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
