"""`--json` on a standard output that cannot hold every character (ASCII in a pipe, cp1252 on
Windows): the text reaches the reader exactly, as \\u escapes, never as the look-alikes ('é'
as 'e', '→' as '->') or '?' the stream's error handler prints in plain text output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE

TITLE = "Café → lancement ✓ 日本"
TEAMS = ["Équipe Bleue", "Rouge Été", "日本チーム"]


def pmsim(args: list[str], encoding: str, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "pmsim", *args], capture_output=True, env=env,
                          cwd=tmp_path, timeout=300)


def read_json(run: subprocess.CompletedProcess[bytes], encoding: str) -> object:
    """The JSON a reader gets from the output, decoded as the stream's encoding says."""
    err = run.stderr.decode(encoding, "replace")
    assert "Traceback" not in err and "internal error" not in err, err
    return json.loads(run.stdout.decode(encoding))


def scenario(folder: Path, name: str = "café→.yaml", title: str = TITLE) -> Path:
    """A valid scenario with a non-ASCII title, in a file with a non-ASCII name."""
    path = folder / name
    path.write_text(BASE.replace("title: Base scenario", f'title: "{title}"', 1),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_list_json_keeps_a_title_the_output_cannot_hold(tmp_path, encoding) -> None:
    scenario(tmp_path)
    run = pmsim(["list", "--dir", str(tmp_path), "--json"], encoding, tmp_path)
    assert run.returncode == 0
    rows = read_json(run, encoding)
    assert isinstance(rows, list)
    ours = [row for row in rows if row["id"] == "base"]
    assert [row["title"] for row in ours] == [TITLE]
    assert ours[0]["path"].endswith("café→.yaml")


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_validate_json_keeps_paths_and_messages_exactly(tmp_path, encoding) -> None:
    path = scenario(tmp_path)
    run = pmsim(["validate", str(path), "--json"], encoding, tmp_path)
    assert run.returncode == 0  # warnings only: no bundled font draws '→' or '✓'
    diagnostics = read_json(run, encoding)
    assert isinstance(diagnostics, list) and diagnostics
    assert {d["path"] for d in diagnostics} == {str(path)}
    assert any("'→'" in d["message"] for d in diagnostics), diagnostics


def test_analyze_json_of_a_broken_file_keeps_its_path(tmp_path) -> None:
    path = tmp_path / "brisé→.yaml"
    path.write_text("format: 1\nid: x\nrounds: many\n", encoding="utf-8")
    run = pmsim(["analyze", str(path), "--json"], "ascii", tmp_path)
    assert run.returncode == 1
    data = read_json(run, "ascii")
    assert isinstance(data, dict)
    assert data["path"] == str(path) and data["valid"] is False
    assert {d["path"] for d in data["diagnostics"]} == {str(path)}


def workshop_with_teams(tmp_path: Path) -> str:
    """A workshop in the store `pmsim` finds under `tmp_path` (XDG_DATA_HOME), with teams whose
    names are not ASCII; its id."""
    from pmsim.catalog import resolve
    from pmsim.workshop.service import Workshop
    from pmsim.workshop.store import Store

    store = Store(tmp_path / "data" / "pmsim" / "workshops.sqlite3")
    try:
        ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                             code="ENCJSON1")
        for team in TEAMS:
            ws.join("ENCJSON1", team)
        return ws.row.id
    finally:
        store.close()


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_workshop_list_and_export_json_keep_team_names(tmp_path, encoding) -> None:
    workshop = workshop_with_teams(tmp_path)
    listed = read_json(pmsim(["workshop", "list", "--json"], encoding, tmp_path), encoding)
    assert isinstance(listed, list)
    assert [sorted(row["teams"]) for row in listed] == [sorted(TEAMS)]
    run = pmsim(["workshop", "export", workshop, "--json", "-"], encoding, tmp_path)
    assert run.returncode == 0
    run.stdout.decode("ascii")  # escapes, not UTF-8 bytes a cp1252 reader would misread
    exported = read_json(run, encoding)
    assert isinstance(exported, dict)
    assert sorted(team["team"] for team in exported["teams"]) == sorted(TEAMS)


def test_a_utf8_output_gets_the_text_as_it_is(tmp_path) -> None:
    """Escapes only where they are needed: a UTF-8 terminal shows the title readably."""
    scenario(tmp_path)
    run = pmsim(["list", "--dir", str(tmp_path), "--json"], "utf-8", tmp_path)
    assert f'"title": "{TITLE}"' in run.stdout.decode("utf-8")
