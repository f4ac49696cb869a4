"""Output that cannot hold every character (cp1252 on Windows, ASCII in a pipe) never crashes
a command: what the stream cannot encode is printed in ASCII ("→" as "->")."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from pmsim.glyphs import ascii_fallback, tolerant_output


def pmsim(args: list[str], encoding: str, tmp_path,
          stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "pmsim", *args], input=stdin.encode(),
                          capture_output=True, env=env, cwd=tmp_path, timeout=120)


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_the_text_game_prints_its_arrows_in_any_encoding(tmp_path, encoding) -> None:
    run = pmsim(["play", "tutorial", "--text", "--seed", "3"], encoding, tmp_path,
                "\nb 99\nq\n")
    out = run.stdout.decode(encoding)
    assert run.returncode == 0, run.stderr.decode(encoding)
    assert "internal error" not in run.stderr.decode(encoding)
    assert "-> give a request number on the board" in out
    assert "Saved. Continue with" in out


@pytest.mark.parametrize("args", [
    ["list"],
    ["list", "--json"],
    ["autoplay", "tutorial", "--policy", "loudest", "--seed", "1", "--debrief"],
    ["autoplay", "tutorial", "--policy", "loudest", "--seed", "1", "--json", "--debrief"],
    ["play", "--help"],
])
def test_every_command_prints_in_ascii(tmp_path, args) -> None:
    run = pmsim(args, "ascii", tmp_path)
    assert run.returncode == 0, run.stderr.decode("ascii")
    out = run.stdout.decode("ascii")  # all of it ASCII
    if "--json" in args:
        json.loads(out)  # the stand-ins keep JSON whole
    else:
        assert out.strip()


def test_a_scenario_in_any_script_validates_and_plays_in_cp1252(tmp_path) -> None:
    """Titles in Japanese with an emoji: what cp1252 cannot hold becomes '?' ('??' for a wide
    character, which takes two columns), and the game goes on."""
    new = pmsim(["new", str(tmp_path / "s.yaml")], "cp1252", tmp_path)
    assert new.returncode == 0
    path = tmp_path / "s.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("title:", text.index("requests:"))
    path.write_text(text[:first] + 'title: "予約 → 🚀"\n' + text[text.index("\n", first) + 1:],
                    encoding="utf-8")
    checked = pmsim(["validate", str(path)], "cp1252", tmp_path)
    assert checked.returncode == 0, checked.stdout.decode("cp1252")
    played = pmsim(["play", str(path), "--text", "--seed", "1"], "cp1252", tmp_path, "\nl\nq\n")
    assert played.returncode == 0, played.stderr.decode("cp1252")
    assert "???? -> ??" in played.stdout.decode("cp1252")


def test_ascii_fallbacks() -> None:
    assert [ascii_fallback(c) for c in "→…·—“”\u2019á予🚀═┼"] == [
        "->", "...", ".", "-", "'", "'", "'", "a", "??", "??", "=", "+"]
    assert ascii_fallback("\uff34") == "T"  # a full-width letter is the letter
    assert all('"' not in ascii_fallback(chr(c)) and "\\" not in ascii_fallback(chr(c))
               for c in range(0x80, 0x10000))


def test_tolerant_output_replaces_what_the_stream_cannot_hold() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    tolerant_output(stream, None, object())  # what cannot be reconfigured is left alone
    stream.write("b 5 → built; Tomás · 予約\n")
    stream.flush()
    assert raw.getvalue().decode("cp1252") == "b 5 -> built; Tomás · ????\n"
