"""`pmsim play --join` with an address no host could have: bad usage (exit 2) in one line,
never an internal error; an empty address is a mistake, not an offline game."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsim.cli import main


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))


@pytest.mark.parametrize("address", ["host with space:1", "127.0.0.1:8000/a b", "host\t:1",
                                     "http://host\x7f:1"])
def test_an_address_with_spaces_or_control_characters_is_bad_usage(
        address: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["play", "--join", address, "--code", "ABC123", "--team", "Red Kite"])
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"pmsim play: '{address}' is not a workshop address")
    assert "internal error" not in err and "HOST:PORT" in lines[0]


@pytest.mark.parametrize("address", ["", "  "])
def test_an_empty_join_address_is_bad_usage_not_an_offline_game(
        address: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["play", "--join", address, "--code", "ABC123", "--team", "Red Kite",
                 "--text"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "--join needs the workshop's address" in err
