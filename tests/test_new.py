"""`pmsim new`: a starter scenario (or a copy) that validates as written, with the schema."""

from __future__ import annotations

import json

import pytest

from pmsim.cli import main
from pmsim.scenario import load_file, schema


def test_new_writes_a_valid_commented_starter_and_the_schema(tmp_path, capsys) -> None:
    path = tmp_path / "my course.yaml"
    assert main(["new", str(path)]) == 0
    result = load_file(path)
    assert result.ok and result.diagnostics == [], result.render()
    assert result.scenario.id == "my-course"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=pmsim.schema.json\n")
    assert text.count("#") > 10, "the starter explains itself in comments"
    beside = json.loads((tmp_path / "pmsim.schema.json").read_text(encoding="utf-8"))
    assert beside == schema.json_schema()
    assert "pmsim play" in capsys.readouterr().out


def test_new_never_overwrites_without_force(tmp_path, capsys) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("precious work", encoding="utf-8")
    assert main(["new", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "precious work"
    assert main(["new", str(path), "--force"]) == 0
    assert load_file(path).ok


@pytest.mark.parametrize("source", ["tutorial", "techdebt"])
def test_new_from_a_bundled_scenario(tmp_path, source) -> None:
    path = tmp_path / "copy.yml"
    assert main(["new", str(path), "--from", source]) == 0
    result = load_file(path)
    assert result.ok and not result.diagnostics, result.render()
    assert result.scenario.id == "copy"


def test_new_usage_errors(tmp_path, capsys) -> None:
    assert main(["new", str(tmp_path / "notes.txt")]) == 2
    assert main(["new", str(tmp_path / "x.yaml"), "--from", "nope"]) == 2
    assert not (tmp_path / "x.yaml").exists()


def test_new_in_a_folder_that_does_not_exist_makes_no_folders(tmp_path, capsys) -> None:
    missing = tmp_path / "no-such" / "dir"
    assert main(["new", str(missing / "x.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"the folder {missing} does not exist" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["new", str(blocker / "x.yaml")]) == 2
    assert f"{blocker} is not a folder" in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "x"


def test_new_over_a_named_pipe_with_force_is_refused(tmp_path, capsys) -> None:
    import os
    import stat

    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    pipe = tmp_path / "s.yaml"
    os.mkfifo(pipe)
    assert main(["new", str(pipe), "--force"]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {pipe}: it is a named pipe (FIFO), not a regular file" in err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
