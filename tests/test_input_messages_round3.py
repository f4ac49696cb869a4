"""Bad input, said plainly: a join address without a port, a scenario file far over the size
limit, a seed out of range in a replay or a save, a stray file hiding a bundled scenario, and
bidirectional controls in a scenario's text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmsim import saves
from pmsim.catalog import resolve
from pmsim.cli import main
from pmsim.commands import SEED_MAX, SEED_MIN
from pmsim.engine import Replay, ReplayError
from pmsim.scenario import load_bytes, load_file
from pmsim.scenario.yamlsource import MAX_BYTES


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))


# --- 1. a join address without a port ------------------------------------------------------------


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.1:", "[::1]", "http://localhost"])
def test_a_join_address_without_a_port_is_bad_usage(address, capsys) -> None:
    code = main(["play", "--join", address, "--code", "ABC123", "--team", "Red Kite", "--text"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith(f"pmsim play: '{address}' is not a workshop address (no port")
    assert "HOST:PORT" in err and "cannot reach" not in err


# --- 2. a scenario file far over the limit -------------------------------------------------------


def test_a_big_file_is_reported_by_its_real_size(tmp_path, capsys) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"title: x\n" + b"#" * 2_000_000 + b"\n")
    [diagnostic] = load_file(big).diagnostics
    assert diagnostic.message.startswith("the file is 2,000,010 bytes; scenario files are "
                                         f"limited to {MAX_BYTES:,}")
    assert main(["validate", str(big)]) == 1
    assert "1,000,001" not in capsys.readouterr().out


def test_bytes_cut_at_the_limit_say_larger_than_it() -> None:
    [diagnostic] = load_bytes(b"#" * (MAX_BYTES + 1)).diagnostics
    assert diagnostic.message.startswith(f"the file is larger than {MAX_BYTES:,} bytes")


# --- 3. a seed the command line refuses, in a replay or a save -----------------------------------


def replay_text(seed: object) -> str:
    return json.dumps({"kind": "pmsim-replay", "version": 2,
                       "scenario": {"id": "tutorial", "hash": "x"}, "seed": seed,
                       "decisions": []})


SPAN = f"the seed must be a whole number from {SEED_MIN} to {SEED_MAX}"


@pytest.mark.parametrize("seed", [2**70, SEED_MIN - 1, SEED_MAX + 1, "abc", True, 1.5])
def test_a_replay_seed_out_of_the_commands_range_is_refused(seed) -> None:
    with pytest.raises(ReplayError, match="the seed must be a whole number") as caught:
        Replay.from_json(replay_text(seed))
    assert SPAN in str(caught.value)


@pytest.mark.parametrize("seed", [SEED_MIN, SEED_MAX, 0])
def test_the_ends_of_the_range_are_taken(seed) -> None:
    assert Replay.from_json(replay_text(seed)).seed == seed


def test_a_missing_seed_is_still_missing() -> None:
    text = json.dumps({"kind": "pmsim-replay", "version": 2,
                       "scenario": {"id": "tutorial", "hash": "x"}, "decisions": []})
    with pytest.raises(ReplayError, match="seed or decisions missing"):
        Replay.from_json(text)


def test_pmsim_replay_refuses_a_huge_seed(tmp_path, capsys) -> None:
    out = tmp_path / "game.json"
    assert main(["autoplay", "tutorial", "--policy", "rice", "--seed", "4",
                 "--replay-out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["seed"] = 2**70
    out.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["replay", str(out)]) == 1
    assert SPAN in capsys.readouterr().err


def test_a_save_with_a_huge_seed_is_not_continued(tmp_path) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    replay = json.loads(replay_text(2**70))
    saves.autosave_path(folder).write_text(json.dumps({
        "kind": saves.KIND, "version": saves.VERSION, "scenario_path": str(resolve("tutorial")),
        "replay": replay}), encoding="utf-8")
    assert saves.peek(folder) is None
    with pytest.raises(ReplayError, match="the seed must be a whole number"):
        saves._parse(saves.autosave_path(folder))


# --- 4. a stray file named like a bundled scenario -----------------------------------------------

NOTE = ("read ./tutorial, a file in this folder, not the bundled scenario 'tutorial'; use "
        "./tutorial or rename it")


@pytest.fixture
def stray(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "tutorial"
    path.write_text("notes for Tuesday\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [
    ["autoplay", "tutorial", "--policy", "rice", "--seed", "1"],
    ["analyze", "tutorial", "--seeds", "1"],
    ["new", "mine.yaml", "--from", "tutorial"],
])
def test_a_stray_file_that_hides_a_bundled_scenario_is_named(stray, capsys, command) -> None:
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "a scenario file is a mapping" in err and NOTE in err


def test_naming_the_file_itself_gets_no_note(stray, capsys) -> None:
    assert main(["autoplay", "./tutorial", "--policy", "rice", "--seed", "1"]) == 1
    err = capsys.readouterr().err
    assert "a scenario file is a mapping" in err and "a file in this folder" not in err


def test_a_stray_file_with_no_bundled_namesake_gets_no_note(stray, capsys) -> None:
    (stray.parent / "notes").write_text("hello\n", encoding="utf-8")
    assert main(["autoplay", "notes", "--policy", "rice", "--seed", "1"]) == 1
    assert "a file in this folder" not in capsys.readouterr().err


# --- 5. bidirectional controls in a scenario's text ----------------------------------------------


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                  "\u2066", "\u2067", "\u2068", "\u2069"])
def test_a_bidi_control_in_a_title_is_a_located_error(tmp_path, capsys, char) -> None:
    text = resolve("tutorial").read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.startswith("title:"))
    start = text.index("\ntitle:") + 1
    title_end = text.index("\n", start)
    path = tmp_path / "s.yaml"
    path.write_text(text[:start] + f"title: Good {char}news" + text[title_end:],
                    encoding="utf-8")
    result = load_file(path)
    [error] = [d for d in result.diagnostics if d.severity == "error"]
    assert (error.line, error.column) == (line, len("title: Good ") + 1)
    assert f"bidirectional control character, U+{ord(char):04X}" in error.message
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert char not in out, "the source line is echoed without it"
    assert "title: Good \ufffdnews" in out


def test_a_bidi_control_written_as_an_escape_is_found_too(tmp_path) -> None:
    text = resolve("tutorial").read_text(encoding="utf-8")
    start = text.index("\ntitle:") + 1
    path = tmp_path / "s.yaml"
    path.write_text(text[:start] + 'title: "Good \\u202Enews"' + text[text.index("\n", start):],
                    encoding="utf-8")
    [error] = [d for d in load_file(path).diagnostics if d.severity == "error"]
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in error.message
    assert error.column == len('title: "Good ') + 1


def test_right_to_left_marks_and_scripts_stay_allowed(tmp_path) -> None:
    text = resolve("tutorial").read_text(encoding="utf-8")
    start = text.index("\ntitle:") + 1
    path = tmp_path / "s.yaml"
    hebrew = "\u05e9\u05dc\u05d5\u05dd \u200f\u05e2\u05d5\u05dc\u05dd"  # with a right-to-left mark
    path.write_text(text[:start] + f"title: {hebrew}" + text[text.index("\n", start):],
                    encoding="utf-8")
    assert load_file(path).ok
