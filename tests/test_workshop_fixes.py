"""Workshop bugs a tester found (exit codes, timers that are not numbers, exports that lie or
stop half-way, unknown bots, the import summary): each test here failed before its fix."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.cli import main
from pmsim.engine import record
from pmsim.workshop.server import Limits, WorkshopServer
from pmsim.workshop.service import Workshop, WorkshopError
from pmsim.workshop.store import Store, default_path
from pmsim.workshop.team import write_result

SEED = 7
CODE = "FIXES1"


def tutorial_text() -> str:
    return resolve("tutorial").read_text(encoding="utf-8")


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def _status_over_http(server: WorkshopServer) -> str:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request("POST", "/api/status", body=json.dumps({"code": CODE}),
                           headers={"Content-Type": "application/json"})
        return connection.getresponse().read().decode("utf-8")
    finally:
        connection.close()


# --- 1. a rehearsal bot the host refuses: tests/test_join_fixes.py -------------------------------


# --- 2. the timer never holds or sends NaN or infinity ------------------------------------------


@pytest.mark.parametrize("minutes", [math.nan, math.inf, -math.inf, 0, -5])
def test_a_round_length_that_is_not_a_number_is_refused(store, minutes) -> None:
    with pytest.raises(WorkshopError, match="minutes per round must be a number above 0"):
        Workshop.create(store, tutorial_text(), SEED, code=CODE, round_minutes=minutes)
    assert store.workshops() == []


def test_a_stored_timer_that_is_not_a_number_reads_as_no_timer(store) -> None:
    """A database written before the check: the status stays valid JSON, over the wire too."""
    ws = Workshop.create(store, tutorial_text(), SEED, code=CODE, round_minutes=5)
    store.save_timer(ws.row.id, {"total": math.nan, "started": None, "elapsed": 0.0}, 3)
    ws.reload()
    ws.start_timer()
    assert ws.remaining() is None
    assert ws.wire_status()["remaining_seconds"] is None
    json.dumps(ws.status(), allow_nan=False)
    with pytest.raises(WorkshopError, match="must be a number"):
        ws.extend_timer(math.nan)
    ws.extend_timer(2)
    assert ws.remaining() == pytest.approx(120, abs=1)
    server = WorkshopServer(ws, "127.0.0.1", 0, Limits())
    server.start()
    try:
        reply = json.loads(_status_over_http(server), parse_constant=lambda c: pytest.fail(c))
    finally:
        server.stop()
    assert reply["ok"] and reply["remaining_seconds"] == pytest.approx(120, abs=2)


def test_the_host_command_calls_a_bad_round_length_bad_usage(data_home) -> None:
    """`Workshop.create`'s refusal, reached past the argument check (cli.py's), is bad usage
    (exit 2), and leaves no workshop behind."""
    from argparse import Namespace

    from pmsim.commands import UsageError
    from pmsim.commands.workshop import host

    args = Namespace(scenario="tutorial", code=CODE, seed=SEED, paced=False,
                     round_minutes=math.nan, max_teams=5, allow_bots=False, bind="127.0.0.1",
                     port=0, headless=True)
    with pytest.raises(UsageError, match="minutes per round must be a number above 0"):
        host(args)
    store = Store(default_path())
    assert store.workshops() == []
    store.close()


# --- 3. a team that played no round has no score in the export ----------------------------------


def test_a_team_that_never_played_has_no_score_and_comes_last(data_home, capsys) -> None:
    store = Store(default_path())
    ws = Workshop.create(store, tutorial_text(), SEED, code=CODE)
    ws.join(CODE, "Idle")
    ws.import_replay("Played", record(play(load("tutorial").scenario, SEED, POLICIES["rice"])))
    store.close()
    out_csv, out_json = data_home.parent / "r.csv", data_home.parent / "r.json"
    assert main(["workshop", "export", CODE, "--csv", str(out_csv),
                 "--json", str(out_json)]) == 0
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8-sig", newline="")))
    assert [r["team"] for r in rows] == ["Played", "Idle"]
    idle = rows[1]
    assert idle["rounds_done"] == "0" and idle["finished"] == "False"
    for column in ("score", "customer", "business", "technology", "trust",
                   "decision_quality", "luck"):
        assert idle[column] == "", column
    assert float(rows[0]["score"]) < 53.73  # below the starting state's score, and first
    teams = json.loads(out_json.read_text(encoding="utf-8"))["teams"]
    assert [t["team"] for t in teams] == ["Played", "Idle"]
    assert teams[1]["score"] is None and set(teams[1]["pillars"].values()) == {None}
    assert teams[1]["decision_quality"] is None and teams[0]["score"] is not None


# --- 4. an export that cannot be written whole writes nothing -----------------------------------


def test_an_export_to_a_folder_writes_nothing(data_home, capsys) -> None:
    store = Store(default_path())
    ws = Workshop.create(store, tutorial_text(), SEED, code=CODE)
    ws.join(CODE, "Red")
    store.close()
    folder = data_home.parent / "out"
    folder.mkdir()
    ok = data_home.parent / "ok.csv"
    assert main(["workshop", "export", CODE, "--csv", str(ok), "--json", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {folder}: it is a folder" in err
    assert not ok.exists() and list(folder.iterdir()) == []
    assert main(["workshop", "export", CODE, "--csv", str(ok), "--json", str(ok)]) == 2
    assert "give each its own file" in capsys.readouterr().err and not ok.exists()
    blocker = data_home.parent / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["workshop", "export", CODE, "--csv", str(ok),
                 "--json", str(blocker / "r.json")]) == 2
    assert "is not a folder" in capsys.readouterr().err and not ok.exists()


def test_an_export_that_fails_while_writing_leaves_no_half_file(data_home, capsys,
                                                                monkeypatch) -> None:
    """Each file is written in one step: a full disk on the second leaves it as it was (no
    temporary beside it), and the error says the first one was written."""
    store = Store(default_path())
    ws = Workshop.create(store, tutorial_text(), SEED, code=CODE)
    ws.join(CODE, "Red")
    store.close()
    out_csv = data_home.parent / "r.csv"
    out_json = data_home.parent / "r.json"
    out_json.write_text("old", encoding="utf-8")
    import os

    real = os.replace

    def full_disk(src, dst) -> None:
        if Path(dst).name == "r.json":
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    assert main(["workshop", "export", CODE, "--csv", str(out_csv),
                 "--json", str(out_json), "--force"]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {out_json}: No space left on device ({out_csv} was written)" in err
    assert out_json.read_text(encoding="utf-8") == "old" and "team,score" in out_csv.read_text(
        encoding="utf-8-sig")
    assert sorted(p.name for p in data_home.parent.iterdir()) == ["data", "r.csv", "r.json"]


# --- 5. a bot must be a policy pmsim has --------------------------------------------------------


def test_a_bot_with_an_unknown_policy_is_refused(store) -> None:
    ws = Workshop.create(store, tutorial_text(), SEED, code=CODE, allow_bots=True)
    with pytest.raises(WorkshopError, match="no policy 'nosuch'") as refused:
        ws.join(CODE, "Ghost", bot="nosuch")
    assert refused.value.reason == "unknown-bot" and "rice" in refused.value.message
    assert ws.leaderboard() == []
    ws.join(CODE, "Person")
    empty = {"build": [], "discover": [], "answers": {}}
    with pytest.raises(WorkshopError, match="no policy 'nosuch'"):
        ws.submit(CODE, "Person", 1, empty, check_secret=False, bot="nosuch")
    assert ws.leaderboard()[0]["bot"] is None and ws.leaderboard()[0]["rounds_done"] == 0
    assert ws.join(CODE, "Robot", bot="rice")["bot"] == "rice"


# --- 6. the import summary says what happened ---------------------------------------------------


def test_the_import_summary_counts_right(data_home, capsys) -> None:
    store = Store(default_path())
    Workshop.create(store, tutorial_text(), SEED, code=CODE)
    store.close()
    folder = data_home.parent
    bad = [folder / f"bad{n}.json" for n in range(3)]
    for path in bad:
        path.write_text("{", encoding="utf-8")
    scenario = load("tutorial").scenario
    good = write_result(play(scenario, SEED, POLICIES["rice"]), "North", folder)
    good2 = write_result(play(scenario, SEED, POLICIES["wsjf"]), "South", folder)
    cases = [([bad[0]], "the file was not imported"),
             (bad[:2], "none of the 2 files were imported"),
             ([bad[0], good], "1 of 2 files not imported; the other one was"),
             ([*bad, good, good2], "3 of 5 files not imported; the other 2 were")]
    for files, summary in cases:
        assert main(["workshop", "import", CODE, *map(str, files)]) == 1
        out = capsys.readouterr().out
        assert out.strip().splitlines()[-1] == summary
        assert "the others were" not in out
