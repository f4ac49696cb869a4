"""Two scenario files with the same id (the bundled `tutorial` and a copy in the player's own
folder): both stay listed and openable, `pmsim play ID` opens the one it always did (the
bundled file named after the id), and `pmsim list` and the game's picker name the clash."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pmsim import catalog
from pmsim.cli import main
from pmsim.commands import load_scenario


@pytest.fixture
def mine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled tutorial, copied under another name into the player's folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = catalog.user_dir()
    folder.mkdir(parents=True)
    path = folder / "my-tutorial.yaml"
    text = catalog.resolve("tutorial").read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: My ", 1), encoding="utf-8")
    return path


def bundled_tutorial() -> Path:
    return next(p for p in catalog.bundled() if p.stem == "tutorial")


@pytest.mark.parametrize("as_json", [False, True])
def test_list_warns_naming_both_files(mine: Path, as_json: bool,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", *(["--json"] if as_json else [])]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, captured.err
    line = warnings[0]
    assert "the id 'tutorial'" in line
    assert str(bundled_tutorial()) in line and str(mine) in line
    assert f"`pmsim play tutorial` opens {bundled_tutorial()};" in line
    assert "by its path" in line
    if as_json:  # the list itself stays readable by a script, both files in it
        paths = [row["path"] for row in json.loads(captured.out)]
    else:
        paths = [row.strip() for row in captured.out.splitlines()]
    assert str(mine) in paths and str(bundled_tutorial()) in paths


def test_no_warning_without_a_clash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["list"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_the_id_opens_the_bundled_file_and_the_players_opens_by_path(mine: Path) -> None:
    assert catalog.resolve("tutorial") == bundled_tutorial()
    path, scenario = load_scenario(str(mine))
    assert path == mine and scenario.id == "tutorial" and scenario.title.startswith("My ")


def test_the_file_named_after_the_id_is_the_one_it_opens(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.yaml", tmp_path / "x.yaml", tmp_path / "c.yaml"
    [clash] = catalog.clashes([("x", a), ("x", b), ("y", c), (None, tmp_path / "bad.yaml")])
    assert clash.id == "x" and clash.paths == (a, b) and clash.opens == b
    three = catalog.clashes([("z", a), ("z", b), ("z", c)])[0]
    assert three.opens == a and "3 scenario files" in three.warning()
    assert "the others by their paths" in three.warning()


def test_the_picker_lists_both_and_names_the_clash(mine: Path, tmp_path: Path) -> None:
    import pygame

    from pmsim.ui.app import App
    from pmsim.ui.scenes.picker import PickerScene
    from pmsim.ui.settings import Settings
    from pmsim.ui.theme import TEXT_SCALES

    shots = Path(os.environ.get("PMSIM_SHOTS", tmp_path / "shots"))
    shots.mkdir(parents=True, exist_ok=True)
    for (width, height), scale in (((1024, 640), max(TEXT_SCALES)), ((1920, 1080), 1.0)):
        app = App(Settings(width=width, height=height, text_scale=scale),
                  save_dir=tmp_path / "saves", config_dir=tmp_path / "config")
        try:
            picker = app.reset("picker")
            assert isinstance(picker, PickerScene)
            by_path = {e.path: e for e in picker.entries}
            assert by_path[mine].clash == ("your my-tutorial.yaml · same id 'tutorial' as "
                                           "bundled tutorial.yaml")
            assert by_path[bundled_tutorial()].clash == ("bundled tutorial.yaml · same id "
                                                         "'tutorial' as your my-tutorial.yaml")
            assert sum(e.clash is not None for e in picker.entries) == 2
            window = pygame.Rect(0, 0, *app.size)
            for chosen in (bundled_tutorial(), mine):
                picker.select(picker.entries.index(by_path[chosen]))
                app.draw()
                shown = [r for r in app.theme.records if "same id 'tutorial'" in r.text]
                assert shown and all(window.contains(r.rect) for r in shown)
                pygame.image.save(app.window.get_surface(),
                                  str(shots / f"picker-{chosen.stem}-{width}x{height}"
                                              f"-text{scale}.png"))
            picker.select(picker.entries.index(by_path[mine]))
            picker.start()  # the player's own file opens from the picker
            session = app.top.session  # type: ignore[attr-defined]
            assert Path(session.scenario_path) == mine.resolve()
            assert session.scenario.title.startswith("My ")
        finally:
            app.close()
