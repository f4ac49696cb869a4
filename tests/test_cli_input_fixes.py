"""Bad input a tester found: each is refused with a clear message and the contract's exit code
(2 bad usage, 1 invalid input), never an internal error, a hang or a wrong explanation."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from pmsim.cli import build_parser, main
from pmsim.commands.analyze import watch


def usage_error(argv: list[str], capsys) -> str:
    """The message argparse prints for `argv`, which must be bad usage (exit 2)."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    return err


@pytest.mark.parametrize("value", ["99999", "65536", "-1", "eighty"])
def test_a_port_out_of_range_is_bad_usage_naming_the_range(value, capsys) -> None:
    err = usage_error(["workshop", "host", "tutorial", "--port", value, "--headless"], capsys)
    assert "0 to 65535" in err


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "1e9", "1441", "soon"])
def test_round_minutes_must_be_finite_above_0_and_at_most_a_day(value, capsys) -> None:
    argv = ["workshop", "host", "tutorial", "--round-minutes", value, "--headless"]
    assert "above 0 and at most 1440" in usage_error(argv, capsys)


def test_sane_port_and_round_minutes_are_taken() -> None:
    from pmsim.cli import build_parser

    args = build_parser().parse_args(["workshop", "host", "tutorial", "--port", "0",
                                      "--round-minutes", "7.5"])
    assert (args.port, args.round_minutes) == (0, 7.5)


def test_analyze_json_prints_a_broken_files_errors_as_json_on_stdout(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: x\nrounds: many\n", encoding="utf-8")
    assert main(["analyze", str(bad), "--json"]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["valid"] is False and data["path"] == str(bad)
    first = data["diagnostics"][0]
    assert set(first) >= {"path", "line", "column", "severity", "message"}  # as validate --json
    assert captured.err == ""
    assert main(["analyze", str(bad)]) == 1  # without --json: text on stderr, as before
    assert "bad.yaml:" in capsys.readouterr().err


def test_watch_waits_when_the_file_becomes_a_folder(tmp_path, capsys) -> None:
    path = tmp_path / "w.yaml"
    assert main(["new", str(path)]) == 0
    good = path.read_text(encoding="utf-8")
    steps = iter(["folder", "file", None])

    def sleep(_: float) -> None:
        step = next(steps)
        if step == "folder":
            path.unlink()
            path.mkdir()
        elif step == "file":
            path.rmdir()
            path.write_text(good, encoding="utf-8")
            stamp = time.time_ns() + 10_000_000
            os.utime(path, ns=(stamp, stamp))

    capsys.readouterr()
    args = build_parser().parse_args(["analyze", str(path), "--watch", "--seeds", "2",
                                      "--no-robust"])
    assert watch(args, sleep=sleep, rounds=3) == 0
    captured = capsys.readouterr()
    assert "it is a folder now, not a file; waiting for it to be saved again" in captured.err
    assert captured.out.count("Does it teach?") == 2  # before, and once it is a file again


def test_watch_with_json_prints_a_broken_save_as_json(tmp_path: Path, capsys) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("format: 1\n", encoding="utf-8")
    args = build_parser().parse_args(["analyze", str(path), "--watch", "--json"])
    assert watch(args, sleep=lambda _: None, rounds=1) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["valid"] is False
    assert "waiting for the next save" in captured.err


def test_new_says_a_schema_folder_is_a_folder_not_a_schema_that_differs(tmp_path,
                                                                        capsys) -> None:
    (tmp_path / "pmsim.schema.json").mkdir()
    assert main(["new", str(tmp_path / "a.yaml")]) == 0
    out = capsys.readouterr().out
    assert "pmsim.schema.json is a folder" in out and "differs" not in out
    assert main(["new", str(tmp_path / "b.yaml"), "--force"]) == 2
    assert "is a folder; --force replaces files, not folders" in capsys.readouterr().err
    assert not (tmp_path / "b.yaml").exists()  # refused before anything was written


def _tutorial_replay():
    from pmsim import engine
    from pmsim.analysis.policies import play_named
    from pmsim.catalog import load

    scenario = load("tutorial").scenario
    assert scenario is not None
    return scenario, engine.record(play_named(scenario, 1, "rice"))


def test_a_replay_checked_against_another_scenario_id_names_both_ids() -> None:
    from dataclasses import replace

    from pmsim.engine.replay import mismatch

    scenario, rep = _tutorial_replay()
    other = replace(rep, scenario_id="base")
    said = mismatch(scenario, other)
    assert said is not None
    assert "played on scenario 'base', not on 'tutorial'" in said
    assert "different version" not in said
    assert mismatch(scenario, rep) is None


@pytest.mark.parametrize(("played_with", "expected"), [
    (None, "the scenario file or pmsim's version has changed since"),
    ("0.0.1", "it was played with pmsim 0.0.1, this is pmsim "),
])
def test_a_changed_hash_blames_the_file_or_pmsim_not_the_file_alone(played_with,
                                                                    expected) -> None:
    from dataclasses import replace

    from pmsim.engine.replay import mismatch

    scenario, rep = _tutorial_replay()
    old = replace(rep, scenario_hash="0" * 64, pmsim=played_with)
    said = mismatch(scenario, old)
    assert said is not None and expected in said
    assert "its content has changed" not in said
    assert "Re-simulate it with the file and the pmsim it was played with" in said


def test_a_replay_records_the_pmsim_it_was_played_with(tmp_path, capsys) -> None:
    from pmsim import __version__
    from pmsim.engine import Replay

    out = tmp_path / "r.json"
    assert main(["autoplay", "tutorial", "--policy", "rice", "--seed", "1",
                 "--replay-out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["pmsim"] == __version__
    assert Replay.from_json(out.read_text(encoding="utf-8")).pmsim == __version__
    del data["pmsim"]  # a replay from before it was kept still reads
    assert Replay.from_json(json.dumps(data)).pmsim is None
    other = tmp_path / "base.yaml"
    assert main(["new", str(other)]) == 0
    capsys.readouterr()
    assert main(["replay", str(out), "--scenario", str(other)]) == 1
    assert "played on scenario 'tutorial', not on 'base'" in capsys.readouterr().err
