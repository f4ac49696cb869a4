"""`place_new` puts a finished file at a name only when that name is free: a file another
pmsim put there a moment ago (its new database, another team's result) is never replaced,
with hard links or, where a file system has none, without them."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

import pmsim.fileio as fileio
from pmsim.fileio import place_new


def _made(folder: Path, text: str = "new") -> Path:
    made = folder / ".result.json.1234.tmp"
    made.write_text(text, encoding="utf-8")
    return made


@pytest.fixture(params=["links", "no links", "no links, no one-step rename"])
def system(request, monkeypatch) -> str:
    """With hard links; without (some USB sticks); and without either hard links or a rename
    that refuses to replace (then a checked rename)."""
    if request.param != "links":
        def no_links(*args, **kwargs):
            raise PermissionError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_links)
    if request.param == "no links, no one-step rename":
        monkeypatch.setattr(fileio, "_no_replace_call", lambda: None)
    return str(request.param)


def test_a_free_name_gets_the_file(tmp_path: Path, system: str) -> None:
    made = _made(tmp_path)
    path = tmp_path / "result.json"
    assert place_new(made, path) is True
    assert path.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.json"], "moved, not copied"


@pytest.mark.parametrize("there", ["file", "folder", "broken link"])
def test_a_taken_name_is_left_as_it_is(tmp_path: Path, system: str, there: str) -> None:
    made = _made(tmp_path)
    path = tmp_path / "result.json"
    if there == "file":
        path.write_text("theirs", encoding="utf-8")
    elif there == "folder":
        path.mkdir()
    else:
        path.symlink_to(tmp_path / "nowhere")
    assert place_new(made, path) is False
    assert made.read_text(encoding="utf-8") == "new", "the new file is left for the caller"
    if there == "file":
        assert path.read_text(encoding="utf-8") == "theirs"
    elif there == "folder":
        assert path.is_dir() and not any(path.iterdir())
    else:
        assert path.is_symlink() and os.readlink(path) == str(tmp_path / "nowhere")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_without_links_a_file_made_after_the_check_is_still_not_replaced(
        tmp_path: Path, monkeypatch) -> None:
    """The file appears between the look at the name and the rename: the rename itself
    refuses (RENAME_NOREPLACE), so theirs stays."""
    def no_links(*args, **kwargs):
        raise OSError(errno.EOPNOTSUPP, "Operation not supported")

    made = _made(tmp_path)
    path = tmp_path / "result.json"
    path.write_text("theirs", encoding="utf-8")
    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os.path, "lexists", lambda name: False)  # looked before it came
    assert place_new(made, path) is False
    assert path.read_text(encoding="utf-8") == "theirs"
    assert made.read_text(encoding="utf-8") == "new"


def test_a_missing_file_is_an_error_not_a_placed_one(tmp_path: Path, system: str) -> None:
    path = tmp_path / "result.json"
    with pytest.raises(FileNotFoundError):
        place_new(tmp_path / ".gone.tmp", path)
    assert not os.path.lexists(path)


def test_the_workshop_database_and_team_results_are_placed_by_it(tmp_path: Path,
                                                                 monkeypatch) -> None:
    """Both callers go through `place_new` (one rule, one place to fix it)."""
    import pmsim.workshop.store as store
    import pmsim.workshop.team as team

    calls: list[Path] = []
    real = fileio.place_new

    def spy(made: Path, path: Path) -> bool:
        calls.append(path)
        return real(made, path)

    monkeypatch.setattr(store, "place_new", spy)
    monkeypatch.setattr(team, "place_new", spy)
    store.Store(tmp_path / "workshops.sqlite3").close()
    assert team._write_unless_another_teams(tmp_path / "r.json", '{"team": "A"}\n', "A")
    assert calls == [tmp_path / "workshops.sqlite3", tmp_path / "r.json"]
    assert not team._write_unless_another_teams(tmp_path / "workshops.sqlite3", "{}", "A")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_setting_aside_without_links_never_replaces_a_copy_made_meanwhile(
        tmp_path: Path, monkeypatch) -> None:
    """`set_aside` moves a damaged file by the same rule: the copy another pmsim set aside
    under the same name a moment ago stays, and this one takes the next name."""
    def no_links(*args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    damaged = tmp_path / "workshops.sqlite3"
    damaged.write_text("ours", encoding="utf-8")
    theirs = tmp_path / "workshops.damaged-1.sqlite3"
    theirs.write_text("theirs", encoding="utf-8")
    monkeypatch.setattr(os, "link", no_links)
    real_lexists = os.path.lexists
    monkeypatch.setattr(os.path, "lexists",  # looked at the name before theirs came
                        lambda name: False if Path(name) == theirs else real_lexists(name))
    aside = fileio.set_aside(damaged)
    assert aside == tmp_path / "workshops.damaged-2.sqlite3"
    assert theirs.read_text(encoding="utf-8") == "theirs"
    assert aside.read_text(encoding="utf-8") == "ours" and not damaged.exists()
