"""The facilitator's guide quotes real figures: its rehearsal (the tutorial, seed 7, four teams
played by policies) is run again here the way the guide runs it, and every figure the guide
quotes from it, and from the bundled scenarios, is checked against what pmsim produces now."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from pmsim.catalog import bundled, load, load_file, resolve
from pmsim.cli import main
from pmsim.engine import Game
from pmsim.scenario.models import PRINCIPLES
from pmsim.workshop.server import WorkshopServer
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store, default_path

GUIDE = REPO / "docs" / "facilitator.md"
SEED = 7
CODE = "HX7K3P"
TEAMS = {"Team A": "rice", "Team B": "loudest", "Team C": "rice-discover", "Team D": "random"}
NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}
PRINCIPLE_WORDS = {p: p.replace("_", " ") for p in PRINCIPLES}
WORKSHOP_ID = re.compile(rf"tutorial-\d{{8}}-\d{{6}}-{CODE}")
STARTED = re.compile(r"started \S+")


def _guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _flat(text: str) -> str:
    """The guide's prose with its line breaks and runs of spaces folded."""
    return " ".join(text.split())


def _same(text: str) -> str:
    """Output with the parts that differ from run to run (the workshop's id, which holds the
    time it was created, and that time) put aside."""
    return STARTED.sub("started T", WORKSHOP_ID.sub("ID", text))


def _run(args: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0, args
    return out.getvalue()


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> Iterator[dict[str, Any]]:
    """The guide's rehearsal: a host on loopback that takes bots, the four teams joined with
    `pmsim play --join ... --autoplay POLICY`, then `workshop list` and `workshop export`."""
    folder = tmp_path_factory.mktemp("rehearsal")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_DATA_HOME", str(folder / "data"))
        mp.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        mp.chdir(folder)
        store = Store(default_path())
        text = resolve("tutorial").read_text(encoding="utf-8")
        workshop = Workshop.create(store, text, SEED, code=CODE, allow_bots=True)
        server = WorkshopServer(workshop, "127.0.0.1", 0)
        server.start()
        try:
            played = {name: _run(["play", "--join", f"127.0.0.1:{server.port}", "--code", CODE,
                                  "--team", name, "--autoplay", policy])
                      for name, policy in TEAMS.items()}
        finally:
            server.stop()
        listed = _run(["workshop", "list"])
        exported = _run(["workshop", "export", CODE, "--csv", "results.csv",
                         "--json", "results.json"])
        games = {name: workshop.game(name) for name in TEAMS}
        store.close()
        yield {
            "played": played,
            "listed": listed,
            "exported": exported,
            "csv": (folder / "results.csv").read_text(encoding="utf-8-sig"),
            "rows": json.loads((folder / "results.json").read_text(encoding="utf-8"))["teams"],
            "games": games,
        }


def _block_after(text: str, command: str) -> str:
    """What the guide shows a command printing: the lines after `$ command` up to the next
    command or the end of the code block."""
    shown = text.split(f"$ {command}\n", 1)[1].split("\n```", 1)[0]
    return shown.split("\n$ ", 1)[0]


def test_team_a_prints_what_the_rehearsal_shows(rehearsal) -> None:
    shown = _block_after(_guide(), f'pmsim play --join 127.0.0.1:8790 --code {CODE} '
                                   f'--team "Team A" --autoplay rice')
    assert _same(rehearsal["played"]["Team A"]).rstrip("\n") == _same(shown)
    for name, printed in rehearsal["played"].items():
        assert printed.rstrip("\n").endswith("game over: 3 rounds played"), (name, printed)


def test_list_export_and_results_csv_are_what_the_rehearsal_shows(rehearsal) -> None:
    guide = _guide()
    assert (_same(rehearsal["listed"]).rstrip("\n")
            == _same(_block_after(guide, "pmsim workshop list")))
    assert (_same(rehearsal["exported"]).rstrip("\n")
            == _same(_block_after(guide, f"pmsim workshop export {CODE} --csv results.csv "
                                         "--json results.json")))
    assert rehearsal["csv"].replace("\r\n", "\n").rstrip("\n") == _block_after(
        guide, "cat results.csv")
    rows = list(csv.DictReader(io.StringIO(rehearsal["csv"])))
    assert {r["team"]: r["bot"] for r in rows} == TEAMS


def test_the_room_debrief_quotes_the_rehearsals_skill_and_luck(rehearsal) -> None:
    guide = _flat(_guide())
    ranked = rehearsal["rows"]  # best first
    assert len(ranked) == 4
    winner, _, third, fourth = ranked
    by_quality = sorted(ranked, key=lambda r: r["decision_quality"])
    # the story: the winner decided best; the weakest decisions had more luck than a team that
    # decided better, and that lifted them above it
    assert by_quality[-1] is winner
    assert by_quality[0] is third and third["luck"] > fourth["luck"]
    assert fourth["decision_quality"] > third["decision_quality"]
    assert (f"In our rehearsal, {winner['team']} won ({winner['score']:.1f}) with the best "
            f"decisions of the room (decision quality {winner['decision_quality']:.1f}) and "
            f"+{winner['luck']:.1f} of luck.") in guide
    assert (f"{third['team']} made the weakest decisions ({third['decision_quality']:.1f}) but "
            f"had +{third['luck']:.1f} of luck, and finished third "
            f"({third['score']:.1f}), ahead of {fourth['team']} ({fourth['score']:.1f}), whose "
            f"decisions were better ({fourth['decision_quality']:.1f}).") in guide


def test_the_principles_table_quotes_the_rehearsal(rehearsal) -> None:
    guide = _flat(_guide())
    rows = rehearsal["rows"]
    finals = {r["team"]: r["score"] for r in rows}
    games: dict[str, Game] = rehearsal["games"]

    technology = sorted(rows, key=lambda r: r["pillars"]["technology"])
    low, others = technology[0], [r["pillars"]["technology"] for r in technology[1:]]
    assert low["pillars"]["technology"] < min(others)
    assert (f"(rehearsal: {low['team']} {low['pillars']['technology']:.1f}, the others "
            f"{min(others):.0f} to {max(others):.0f})") in guide

    builders = [n for n, g in games.items() if any("double-booking" in d.build
                                                     for d in g.decisions)]
    left = [n for n in games if n not in builders]
    assert len(left) == 1
    assert (f"its {NUMBERS[len(builders)]} builders averaged "
            f"{statistics.fmean(finals[n] for n in builders):.1f}, the team that left it "
            f"{finals[left[0]]:.1f}") in guide

    early = [n for n, g in games.items() if any("branded-app" in d.build
                                                  for d in g.decisions[:2])]
    tested = [n for n, g in games.items() if any(r == "branded-app"
                                                   for d in g.decisions for r, _ in d.discover)]
    assert early and not tested
    assert (f"In the rehearsal, {NUMBERS[len(early)]} of four teams built the branded app by "
            f"sprint 2; no team ever tested it.") in guide


def _scenario_table(guide: str) -> dict[str, list[str]]:
    section = guide.split("### Pick a scenario", 1)[1].split("\n### ", 1)[0]
    return {cells[0].strip("`"): cells[1:]
            for line in section.splitlines() if line.startswith("| `")
            for cells in [[c.strip() for c in line.strip("|").split("|")]]}


def _principles(cells: str) -> set[str]:
    if cells.startswith("all seven"):
        return set(PRINCIPLES)
    words = {w: p for p, w in PRINCIPLE_WORDS.items()}
    named = re.sub(r"\([^)]*\)", "", cells)
    return {words[w.strip()] for w in named.split(",") if w.strip()}


def test_the_scenario_table_is_what_the_bundled_scenarios_say() -> None:
    table = _scenario_table(_guide())
    scenarios = {s.id: s for s in (load_file(p).scenario for p in bundled()) if s is not None}
    assert set(table) == set(scenarios)
    for sid, (title, rounds, level, requests, mainly, touches, _) in table.items():
        s = scenarios[sid]
        assert title == s.title, sid
        assert rounds == f"{s.rounds} {s.round_name}s", sid
        assert level.split()[0] == s.difficulty, sid
        assert int(requests) == len(s.requests), sid
        # the two "teaches" columns are the principles the scenario's lessons name
        named = {lesson.principle for lesson in s.lessons}
        assert _principles(mainly) | _principles(touches) == named, sid
        assert not _principles(mainly) & _principles(touches), sid
    pressure = scenarios["pressure"]
    asked = sum(r.estimate for r in pressure.requests)
    available = sum(pressure.capacity_in(n) for n in range(1, pressure.rounds + 1))
    assert f"({asked} points asked, {available} available)" in table["pressure"][4]


def test_the_run_sheets_quote_the_scenarios_capacity() -> None:
    guide = _flat(_guide())
    discovery = load("discovery").scenario
    assert discovery is not None
    assert {discovery.capacity_in(n) for n in range(1, discovery.rounds + 1)} == {9}
    assert "about 9 points a sprint" in guide
    pressure = load("pressure").scenario
    assert pressure is not None
    assert (f"Sprint 5: capacity is {pressure.capacity_in(5)} points instead of "
            f"{pressure.capacity_in(1)}") in guide
    available = sum(pressure.capacity_in(n) for n in range(1, pressure.rounds + 1))
    asked = sum(r.estimate for r in pressure.requests)
    assert f"Berthwise, {available} points over six sprints, {asked} asked" in guide


def test_the_offline_import_example_is_what_import_prints(tmp_path, monkeypatch) -> None:
    """The guide's Green Field file is the `evidence` policy's game on discovery, seed 7; Red
    Kite's was played with seed 8."""
    from pmsim.analysis import POLICIES, play
    from pmsim.workshop.team import write_result

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    scenario = load("discovery").scenario
    assert scenario is not None
    store = Store(default_path())
    Workshop.create(store, resolve("discovery").read_text(encoding="utf-8"), SEED,
                    code="FQ7M2R")
    store.close()
    green = write_result(play(scenario, SEED, POLICIES["evidence"]), "Green Field", Path("."))
    red = write_result(play(scenario, 8, POLICIES["rice"]), "Red Kite", Path("."))
    command = f"pmsim workshop import FQ7M2R {green.name} {red.name}"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(command.split()[1:]) == 1  # one file refused
    assert out.getvalue().rstrip("\n") == _block_after(_guide(), command)
