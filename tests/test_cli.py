"""The `pmsim` command as users and scripts call it: output, JSON, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE, REPO, locate

from pmsim import __version__
from pmsim.cli import main
from pmsim.scenario import schema


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_valid_file_exits_0(tmp_path, capsys) -> None:
    path = write(tmp_path, "ok.yaml", BASE)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "checked 1 file: 1 valid, 0 errors, 0 warnings" in out


def test_validate_reports_every_error_and_exits_1(tmp_path, capsys) -> None:
    bad = BASE.replace("    estimate: 5\n", "    estimate: five\n").replace(
        "asked_by: sam", "asked_by: nobody"
    )
    path = write(tmp_path, "bad.yaml", bad)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    line, column = locate(bad, "estimate: ^five")
    assert f"{path}:{line}:{column}: error: 'estimate' of request 'sso' should be a whole" in out
    line, column = locate(bad, "asked_by: ^nobody")
    assert f"{path}:{line}:{column}: error: there is no stakeholder 'nobody'" in out
    assert "    estimate: five" in out and "^" in out
    assert "2 errors" in out


def test_validate_warnings_still_exit_0(tmp_path, capsys) -> None:
    path = write(tmp_path, "w.yaml", BASE.replace("    estimate: 3\n", "    estimate: 30\n"))
    assert main(["validate", str(path)]) == 0
    assert "warning: this request (30 points)" in capsys.readouterr().out


def test_validate_json(tmp_path, capsys) -> None:
    good = write(tmp_path, "a.yaml", BASE)
    bad = write(tmp_path, "b.yaml", BASE.replace("rounds: 3", "rounds: three"))
    assert main(["validate", "--json", str(good), str(bad)]) == 1
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 1
    item = items[0]
    assert {"path", "line", "column", "severity", "message"} <= set(item)
    assert item["path"] == str(bad)
    assert (item["line"], item["column"], item["severity"]) == (6, 9, "error")


def test_validate_folder_recurses(tmp_path, capsys) -> None:
    write(tmp_path, "a.yaml", BASE)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.yml", "nonsense: [")
    write(tmp_path, "notes.txt", "not a scenario")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "checked 2 files: 1 valid" in out
    assert "b.yml:1:" in out


@pytest.mark.parametrize(
    "argv",
    [["validate"], ["validate", "/no/such/file.yaml"], ["frobnicate"], ["list", "--dir", "/nope"]],
)
def test_bad_usage_exits_2(argv, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        raise SystemExit(main(argv))
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_empty_folder_is_bad_usage(tmp_path, capsys) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert "no scenario files" in capsys.readouterr().err


def test_internal_fault_apologises_and_exits_3(tmp_path, capsys, monkeypatch) -> None:
    path = write(tmp_path, "a.yaml", BASE)

    def explode(_path):
        raise RuntimeError("boom")

    monkeypatch.setattr("pmsim.scenario.loader.load_file", explode)
    assert main(["validate", str(path)]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and str(path) in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_full_output_is_the_machines_trouble_not_a_bug(capsys, monkeypatch) -> None:
    """`pmsim schema > /dev/full`: the write fails with ENOSPC; one line saying so, exit 2,
    not an apology for a bug."""
    import errno

    class Full:
        def write(self, _text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self) -> None:
            pass

    monkeypatch.setattr(sys, "stdout", Full())
    assert main(["schema"]) == 2
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert "No space left on device" in err and "bug" not in err


def test_capture_into_a_file_is_bad_usage_before_any_window(tmp_path, capsys) -> None:
    taken = write(tmp_path, "shots", "not a folder")
    argv = ["play", "tutorial", "--autoplay", "evidence", "--screenshots", str(taken)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "cannot write screenshots" in err and "internal error" not in err
    assert taken.read_text() == "not a folder"


def test_unreadable_file_is_an_error_not_a_crash(tmp_path, capsys) -> None:
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    write(folder, "x.yaml", BASE)
    # a folder whose name looks like a file is searched, not opened
    assert main(["validate", str(folder)]) == 0


def test_schema_matches_committed_copy(capsys) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    committed = (REPO / "docs" / "scenario.schema.json").read_text(encoding="utf-8")
    assert printed == committed, "run `pmsim schema > docs/scenario.schema.json`"
    loaded = json.loads(printed)
    assert "requests" in loaded["properties"]
    assert loaded["additionalProperties"] is False


def test_schema_validates_the_bundled_scenarios_structure() -> None:
    data = schema.json_schema()
    assert set(data["required"]) >= {"format", "id", "title", "rounds", "capacity"}


def test_list_json_shows_bundled(capsys) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    tutorial = [r for r in rows if r["difficulty"] == "tutorial"]
    assert tutorial, rows
    assert {"id", "title", "difficulty", "rounds", "path"} <= set(tutorial[0])
    assert Path(tutorial[0]["path"]).is_file()


def test_list_extra_dir_includes_invalid_with_first_error(tmp_path, capsys) -> None:
    write(tmp_path, "mine.yaml", BASE)
    write(tmp_path, "broken.yaml", BASE.replace("rounds: 3", "rounds: x"))
    assert main(["list", "--json", "--dir", str(tmp_path)]) == 0
    rows = {Path(r["path"]).name: r for r in json.loads(capsys.readouterr().out)}
    assert rows["mine.yaml"]["id"] == "base" and rows["mine.yaml"]["rounds"] == 3
    assert rows["broken.yaml"]["valid"] is False
    assert rows["broken.yaml"]["error"].startswith("6:9: ")


def test_version_and_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pmsim", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"pmsim {__version__}"
    helped = subprocess.run(
        [sys.executable, "-m", "pmsim", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("validate", "schema", "list"):
        assert command in helped


def test_installed_command_finds_bundled_scenarios_from_anywhere(tmp_path) -> None:
    """The console script, run outside the checkout, lists the scenarios it was installed with."""
    script = Path(sys.executable).parent / "pmsim"
    assert script.exists(), "install the project first (see README)"
    run = subprocess.run(
        [str(script), "list", "--json"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    rows = json.loads(run.stdout)
    assert rows and all(Path(r["path"]).is_file() for r in rows)
    where = subprocess.run(
        [sys.executable, "-c", "import pmsim, pmsim.resources as r; "
         "print(pmsim.__file__); print(r.scenarios_dir())"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    package_file, folder = Path(where[0]), Path(where[1])
    if REPO not in package_file.parents:  # a real (non-editable) install: data inside the package
        assert folder == package_file.parent / "_data" / "scenarios"
        assert (package_file.parent / "_data" / "assets").is_dir()


def test_policy_names_in_the_parser_match_the_analysis() -> None:
    from pmsim.analysis import POLICIES
    from pmsim.cli import POLICY_NAMES

    assert (*POLICIES, "optimal") == POLICY_NAMES
