"""Team names are compared without accents ("equipe bleue" is "Équipe Bleue"), on the host and
on the team's laptop, and teams stored before that are still found as they joined."""

from __future__ import annotations

import json

import pytest

from pmsim.catalog import resolve
from pmsim.workshop.client import Client, _file_name, link_key
from pmsim.workshop.service import (
    Workshop,
    WorkshopError,
    clean_name,
    legacy_team_key,
    team_key,
)

CODE = "ACCQ7X"


def tutorial_text() -> str:
    return resolve("tutorial").read_text(encoding="utf-8")


@pytest.mark.parametrize("other", ["equipe bleue", "EQUIPE BLEUE", "Équipe bleue",
                                   "Equipe Bleue", "E\u0301quipe Bleue", "Èquipe Bleüe"])
def test_names_that_differ_only_in_accents_are_one_team(other) -> None:
    assert team_key(clean_name(other)) == team_key(clean_name("Équipe Bleue"))
    assert link_key(CODE.lower(), other) == link_key(CODE, "Équipe Bleue")


def test_the_old_rules_still_hold() -> None:
    assert team_key("Team A") == team_key("\uff34\uff25\uff21\uff2d a") == team_key("Te\u0430m A")
    assert team_key("Team A") != team_key("Team B")
    assert team_key("Straße") == team_key("STRASSE")


def test_the_host_takes_the_unaccented_name_as_the_same_team(store) -> None:
    ws = Workshop.create(store, tutorial_text(), 7, code=CODE)
    first = ws.join(CODE, "Équipe Bleue")
    with pytest.raises(WorkshopError) as refused:
        ws.join(CODE, "equipe bleue")  # another laptop: the same team, not a second one
    assert refused.value.reason == "team-taken"
    again = ws.join(CODE, "equipe bleue", secret=first["secret"])
    assert again["team"] == "Équipe Bleue"
    assert store.teams(ws.row.id) == ["Équipe Bleue"]
    assert ws.find("EQUIPE BLEUE").name == "Équipe Bleue"


def test_teams_stored_with_the_old_keys_are_found_as_they_joined(store) -> None:
    ws = Workshop.create(store, tutorial_text(), 7, code=CODE)
    # two teams an older pmsim kept apart, and one that only joined with its accents
    for name in ("Équipe Bleue", "equipe bleue", "Rouge Été"):
        assert store.add_team(ws.row.id, name, "2026-12-01T10:00:00+00:00",
                              legacy_team_key(name), None)
    reopened = Workshop(store, ws.row)
    assert reopened.find("Équipe Bleue").name == "Équipe Bleue"
    assert reopened.find("ÉQUIPE BLEUE").name == "Équipe Bleue"
    assert reopened.find("equipe bleue").name == "equipe bleue"
    assert reopened.find("rouge ete").name == "Rouge Été", "found without its accents too"
    joined = reopened.join(CODE, "ROUGE ETE")
    assert joined["team"] == "Rouge Été"
    assert len(store.teams(ws.row.id)) == 3, "no team made twice"
    reopened.submit(CODE, "rouge ete", 1, {"build": [], "discover": [], "answers": {}},
                    secret=joined["secret"])
    assert store.rounds_done(ws.row.id) == {"Rouge Été": 1}


def test_a_link_file_kept_under_the_old_key_is_still_found(tmp_path) -> None:
    old_name = _file_name(CODE, legacy_team_key(clean_name("Équipe Bleue")))
    kept = {"kind": "pmsim-team-link", "version": 2, "code": CODE, "team": "Équipe Bleue",
            "secret": "s3cret", "rounds": [{"round": 1, "sent": True,
                                            "decision": {"build": [], "discover": [],
                                                         "answers": {}}}]}
    (tmp_path / old_name).write_text(json.dumps(kept), encoding="utf-8")
    for typed in ("Équipe Bleue", "equipe bleue"):
        client = Client("127.0.0.1:1", CODE, typed, outbox_dir=tmp_path)
        assert client.outbox == tmp_path / old_name
        assert [r["round"] for r in client.rounds()] == [1]
