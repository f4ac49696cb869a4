"""One host per workshop, across processes: of two started at once exactly one hosts and the
other is refused naming it; a killed host leaves nothing that blocks the next; the refusal
of a real second `pmsim workshop host` names the first one's process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pmsim.workshop.hostlock import AlreadyHosted, HostLock

# Waits for the go file, tries to host; the winner holds until its standard input closes.
CONTENDER = """
import sys, time
from pathlib import Path
from pmsim.workshop.hostlock import AlreadyHosted, HostLock

folder, go = Path(sys.argv[1]), Path(sys.argv[2])
lock = HostLock(folder, "w-race")
while not go.exists():
    time.sleep(0.001)
try:
    lock.acquire()
except AlreadyHosted as refused:
    print("refused", refused.pid, flush=True)
    sys.exit(0)
print("won", flush=True)
sys.stdin.readline()
lock.release()
"""

HOLDER = """
import sys, time
from pathlib import Path
from pmsim.workshop.hostlock import HostLock

lock = HostLock(Path(sys.argv[1]), "w-1")
lock.acquire()
print("held", flush=True)
time.sleep(120)
"""


def _spawn(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_of_two_processes_racing_to_host_one_wins_and_the_other_is_told_who(
        tmp_path: Path) -> None:
    for attempt in range(4):
        go = tmp_path / f"go{attempt}"
        racers = [_spawn(CONTENDER, str(tmp_path / "hosting"), str(go)) for _ in range(2)]
        try:
            time.sleep(0.5)  # both waiting at the line
            go.touch()
            said = {}
            for racer in racers:
                assert racer.stdout is not None
                said[racer.pid] = racer.stdout.readline().split()
            winners = [pid for pid, words in said.items() if words == ["won"]]
            assert len(winners) == 1, said
            (loser,) = set(said) - set(winners)
            assert said[loser] == ["refused", str(winners[0])], "the refusal names the host"
        finally:
            for racer in racers:
                racer.communicate("\n", timeout=30)
        for racer in racers:
            assert racer.returncode == 0, racer.stderr


def test_a_killed_hosts_lock_is_free_for_the_next_which_is_then_named(
        tmp_path: Path) -> None:
    holder = _spawn(HOLDER, str(tmp_path))
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyHosted) as refused:
            HostLock(tmp_path, "w-1").acquire()
        assert refused.value.pid == holder.pid
        assert "process" in str(refused.value) and str(holder.pid) in str(refused.value)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=30)
    assert (tmp_path / "w-1.pid").exists(), "a killed host leaves its files behind..."
    nextone = HostLock(tmp_path, "w-1")
    nextone.acquire()  # ...and they do not block the next
    try:
        assert (tmp_path / "w-1.pid").read_text(encoding="ascii") == str(os.getpid())
        with pytest.raises(AlreadyHosted) as again:
            HostLock(tmp_path, "w-1").acquire()
        assert again.value.pid == os.getpid()
    finally:
        nextone.release()
    assert not (tmp_path / "w-1.pid").exists(), "a host that stops takes its pid file along"
    last = HostLock(tmp_path, "w-1")
    last.acquire()
    last.release()


def test_a_pid_file_naming_a_gone_process_is_not_named(tmp_path: Path, monkeypatch) -> None:
    """Refused in the moment between a new host's lock and its pid file, the file may still
    name a host killed before: a process that is gone is not named."""
    import pmsim.workshop.hostlock as hostlock

    monkeypatch.setattr(hostlock, "PID_WAIT_SECONDS", 0.2)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    held = HostLock(tmp_path, "w-1")
    held.acquire()
    try:
        (tmp_path / "w-1.pid").write_text(gone.stdout.strip(), encoding="ascii")
        with pytest.raises(AlreadyHosted) as refused:
            HostLock(tmp_path, "w-1").acquire()
        assert refused.value.pid is None
        assert str(refused.value) == "already hosted"
    finally:
        held.release()


def test_a_second_host_of_a_workshop_is_refused_naming_the_first(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    command = [sys.executable, "-m", "pmsim", "workshop", "host", "tutorial", "--code",
               "TWOHOST1", "--headless", "--bind", "127.0.0.1", "--port", "0"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        assert first.stdout is not None
        assert first.stdout.readline().startswith("Hosting workshop"), first.stderr
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 1
        assert (f"workshop TWOHOST1 is already being hosted on this laptop (process "
                f"{first.pid})") in second.stderr
        assert "Traceback" not in second.stderr and "Hosting" not in second.stdout
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=30)
    assert first.returncode == 0
    again = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        assert again.stdout is not None
        assert again.stdout.readline().startswith("Resumed workshop"), "the lock went with it"
    finally:
        again.send_signal(signal.SIGKILL)
        again.communicate(timeout=30)


def test_a_host_refused_by_the_codes_lock_opens_nothing(tmp_path: Path, monkeypatch,
                                                         capsys) -> None:
    """The code's lock comes first: a second host of a code does not touch the database (not
    even to make it), the port or the window before it is refused."""
    from pmsim.cli import main
    from pmsim.workshop.store import default_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    held = HostLock(default_path().parent / "hosting", "code-FIRST12")
    held.acquire()
    try:
        assert main(["workshop", "host", "tutorial", "--code", "first12", "--headless",
                     "--bind", "127.0.0.1", "--port", "0"]) == 1
    finally:
        held.release()
    err = capsys.readouterr().err
    assert f"workshop FIRST12 is already being hosted on this laptop (process {os.getpid()})" \
        in err
    assert not default_path().exists()
