"""The text shell reading what the player typed, as a real `pmsim play --text` does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _play(tmp_path: Path, typed: bytes, encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "pmsim", "play", "--text", "tutorial",
                           "--seed", "1"], input=typed, capture_output=True, env=env,
                          timeout=120, check=False)


def test_undecodable_input_is_an_unknown_command_under_ascii(tmp_path: Path) -> None:
    """An accented letter under an ASCII locale used to end the game as an internal error
    (exit 3); it is refused like any unknown word, and the lines after it still run."""
    done = _play(tmp_path, b"\nb 2\n\xc3\xa9\nl\n", "ascii")
    out = done.stdout.decode("ascii", "replace")
    assert done.returncode == 0, done.stderr
    assert b"internal error" not in done.stderr
    assert "unknown command" in out
    assert "Saved. Continue with:" in out
    assert "2 planned" in out  # `b 2` ran, and `l` showed the board after the bad line
