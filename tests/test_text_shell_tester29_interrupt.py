"""Ctrl-C in a text game says it was saved and how to carry it on, as Ctrl-D does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO


def test_ctrl_c_says_saved_and_how_to_continue(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen([sys.executable, "-m", "pmsim", "play", "--text", "tutorial",
                              "--seed", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env)
    assert child.stdin is not None and child.stdout is not None
    out = bytearray()
    reader = threading.Thread(target=_read_into, args=(child.stdout, out))
    reader.start()
    child.stdin.write(b"\nb 2\n")
    child.stdin.flush()
    deadline = time.monotonic() + 60
    while b"Plan: 2 of" not in out or not out.rstrip().endswith(b">"):
        assert time.monotonic() < deadline, out.decode(errors="replace")
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    code = child.wait(timeout=60)
    reader.join(timeout=10)
    child.stdin.close()
    assert code == 130
    assert b"Saved. Continue with: pmsim play --continue --text" in out
    assert child.stderr is not None and b"internal error" not in child.stderr.read()


def _read_into(stream: IO[bytes], out: bytearray) -> None:
    while chunk := stream.read1(4096):  # type: ignore[attr-defined]
        out.extend(chunk)
