"""Every seed option takes a whole number from -2**63 to 2**63-1 (SQLite's INTEGER range, where a
workshop keeps its seed): anything else is bad usage (exit 2) naming the range, refused before
a game, a report or a host starts, never an internal error once the host is up. `analyze` also
refuses a run of seeds that would go past the largest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.commands import SEED_MAX, SEED_MIN

RANGE = "give a seed from -9223372036854775808 to 9223372036854775807"

# each seed option, with what else the command needs; SEED stands for the value under test
OPTIONS = {
    "play --seed": ["play", "tutorial", "--text", "--seed", "SEED"],
    "play --autoplay --seed": ["play", "--autoplay", "rice", "--seed", "SEED"],
    "autoplay --seed": ["autoplay", "tutorial", "--policy", "rice", "--seed", "SEED"],
    "analyze --first-seed": ["analyze", "tutorial", "--first-seed", "SEED"],
    "workshop host --seed": ["workshop", "host", "tutorial", "--headless", "--seed", "SEED"],
}


def with_seed(option: str, value: str) -> list[str]:
    return [value if word == "SEED" else word for word in OPTIONS[option]]


@pytest.fixture
def isolated(tmp_path, monkeypatch) -> None:
    """Data and config in `tmp_path`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def nothing_starts(isolated, monkeypatch) -> None:
    """Every command made a failure: a refused seed must stop at the parser."""
    monkeypatch.setattr("pmsim.cli._lazy", lambda *a: lambda args: pytest.fail("it ran"))


@pytest.mark.parametrize("option", OPTIONS)
@pytest.mark.parametrize(("value", "why"), [
    ("99999999999999999999999", "out of range"),
    (str(SEED_MAX + 1), "out of range"),
    (str(SEED_MIN - 1), "out of range"),
    ("1" * 5000, "out of range"),  # more digits than int() reads
    ("1.5", "not a whole number"),
    ("abc", "not a whole number"),
    ("", "not a whole number"),
])
def test_a_seed_outside_the_range_is_bad_usage_naming_it(option, value, why, nothing_starts,
                                                         capsys) -> None:
    argv = with_seed(option, value)
    with pytest.raises(SystemExit) as refused:
        main(argv)
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    last = err.strip().splitlines()[-1]
    flag = "--first-seed" if option.startswith("analyze") else "--seed"
    assert f"error: argument {flag}: '" in last and f"' is {why}: {RANGE}" in last, last
    assert len(last) < 250, "a 5000-digit seed is not printed back in full"


def pmsim(args: list[str], tmp_path: Path, **options) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "pmsim", *args], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=300, **options)


def test_a_huge_host_seed_is_refused_before_a_workshop_is_made(tmp_path) -> None:
    """It used to reach SQLite after the port was open: an internal error, exit 3."""
    run = pmsim(["workshop", "host", "tutorial", "--seed", "99999999999999999999999",
                 "--headless", "--bind", "127.0.0.1", "--port", "0"], tmp_path)
    assert run.returncode == 2
    assert f"'99999999999999999999999' is out of range: {RANGE}" in run.stderr
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr
    assert run.stdout == ""
    assert not (tmp_path / "data" / "pmsim" / "workshops.sqlite3").exists()


@pytest.mark.parametrize("seed", [SEED_MAX, SEED_MIN])
def test_a_host_takes_a_seed_at_the_edge_and_keeps_it(tmp_path, seed) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    host = subprocess.Popen([sys.executable, "-m", "pmsim", "workshop", "host", "tutorial",
                             "--seed", str(seed), "--headless", "--bind", "127.0.0.1",
                             "--port", "0"], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert host.stdout is not None
        shown = [host.stdout.readline() for _ in range(3)]  # up to "serving; Ctrl-C to stop"
    finally:
        host.send_signal(signal.SIGINT)
        out, err = host.communicate(timeout=30)
    assert shown[0].startswith("Hosting workshop"), "".join(shown) + out + err
    assert "serving" in shown[-1], shown
    assert host.returncode in (0, 130), err  # 130: Ctrl+C came just before it served
    assert "Traceback" not in err and "internal error" not in err, err
    listed = pmsim(["workshop", "list", "--json"], tmp_path)
    assert [row["seed"] for row in json.loads(listed.stdout)] == [seed]


@pytest.mark.parametrize("seed", [SEED_MAX, SEED_MIN])
def test_autoplay_plays_a_seed_at_the_edge(tmp_path, seed) -> None:
    run = pmsim(["autoplay", "tutorial", "--policy", "rice", "--seed", str(seed), "--json"],
                tmp_path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["seed"] == seed


def test_play_plays_a_seed_at_the_edge(tmp_path) -> None:
    run = pmsim(["play", "tutorial", "--text", "--seed", str(SEED_MAX)], tmp_path,
                input="\nq\n")
    assert run.returncode == 0, run.stderr
    assert "Saved. Continue with" in run.stdout


def test_analyze_plays_seeds_up_to_the_last(tmp_path) -> None:
    run = pmsim(["analyze", "tutorial", "--first-seed", str(SEED_MAX - 1), "--seeds", "2",
                 "--no-robust", "--json"], tmp_path)
    assert run.returncode in (0, 1), run.stderr  # 1: two seeds may not show it teaches
    report = json.loads(run.stdout)
    assert (report["first_seed"], report["seeds"]) == (SEED_MAX - 1, 2)


@pytest.mark.parametrize(("first", "count", "last"), [
    (SEED_MAX, 2, SEED_MAX + 1),
    (SEED_MAX - 98, None, SEED_MAX + 1),  # the default 100 seeds
])
def test_analyze_refuses_seeds_past_the_last(first, count, last, isolated, monkeypatch,
                                             capsys) -> None:
    monkeypatch.setattr("pmsim.commands.analyze.author_report",
                        lambda *a, **k: pytest.fail("a report was made"))
    argv = ["analyze", "tutorial", "--first-seed", str(first), "--no-robust"]
    shown = count or 100
    assert main(argv + (["--seeds", str(count)] if count else [])) == 2
    err = capsys.readouterr().err
    assert err == (f"pmsim analyze: --first-seed {first} with {shown} seeds would play seeds "
                   f"up to {last}, past the largest seed, {SEED_MAX}: give a first seed of at "
                   f"most {SEED_MAX - shown + 1}, or fewer --seeds\n")
