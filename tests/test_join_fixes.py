"""Joining a workshop from the command line: what a team sees when the host cannot be
reached, the address is not one, or the host does not take a bot. Each test failed before
its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsim.cli import main


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.mark.parametrize("address", ["127.0.0.1:1", "http://127.0.0.1:1"])
def test_an_unreachable_host_is_one_line_saying_what_to_do_and_exit_1(
        address: str, data_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # not bad usage (exit 2): the same command works once the host answers
    code = main(["play", "--join", address, "--code", "ABC123", "--team", "Red Kite"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"cannot reach the workshop host at {address} (")
    assert "check the address" in lines[0] and "the host is running" in lines[0]
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("address", ["127.0.0.1:99999", "http://[bad"])
def test_an_address_that_cannot_be_one_is_bad_usage(
        address: str, data_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["play", "--join", address, "--code", "ABC123", "--team", "Red Kite"])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"pmsim play: '{address}' is not a workshop address")
    assert "HOST:PORT" in lines[0] and "sent something unexpected" not in lines[0]
