"""The refusal of a second host names the first one's process where the system can tell, and
reads well where it cannot: on Windows (no signal 0 to ask with), without os.kill at all, with
a damaged pid file, or when the pid file cannot be written: never a crash, never 'None'."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pmsim.workshop.hostlock as hostlock
from pmsim.workshop.hostlock import AlreadyHosted, HostLock


@pytest.fixture
def held(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(hostlock, "PID_WAIT_SECONDS", 0.2)
    lock = HostLock(tmp_path, "w-1")
    lock.acquire()
    yield lock
    lock.release()


def _refusal(tmp_path: Path) -> AlreadyHosted:
    with pytest.raises(AlreadyHosted) as refused:
        HostLock(tmp_path, "w-1").acquire()
    return refused.value


def _must_not_be_called(*args: object) -> None:
    raise AssertionError("os.kill would end the process on Windows")


def test_on_windows_the_host_is_named_without_signalling_it(tmp_path, held, monkeypatch) -> None:
    monkeypatch.setattr(hostlock.sys, "platform", "win32")
    monkeypatch.setattr(os, "kill", _must_not_be_called)
    refused = _refusal(tmp_path)
    assert refused.pid == os.getpid()
    assert str(refused) == f"already hosted (process {os.getpid()})"


def test_without_os_kill_the_host_is_still_named(tmp_path, held, monkeypatch) -> None:
    monkeypatch.delattr(os, "kill")
    refused = _refusal(tmp_path)
    assert refused.pid == os.getpid()
    assert str(refused) == f"already hosted (process {os.getpid()})"


def test_a_pid_file_with_no_possible_process_is_not_named(tmp_path, held) -> None:
    (tmp_path / "w-1.pid").write_text("9" * 30, encoding="ascii")
    refused = _refusal(tmp_path)
    assert refused.pid is None and str(refused) == "already hosted"


def test_a_host_whose_pid_cannot_be_written_still_hosts_and_is_refused_in_words(
        tmp_path: Path, monkeypatch) -> None:
    """On Windows a refused host reading the pid file blocks the holder's rename over it."""
    from pmsim.commands.workshop import _host_lock

    def blocked(*args: object) -> None:
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(hostlock, "PID_WAIT_SECONDS", 0.2)
    monkeypatch.setattr(hostlock.os, "replace", blocked)
    first = _host_lock(tmp_path, "w-1", "ROOM42")
    assert isinstance(first, HostLock), first
    try:
        assert not (tmp_path / "hosting" / "w-1.pid").exists()
        assert [p.name for p in (tmp_path / "hosting").iterdir()] == ["w-1.lock"], \
            "no temporary pid file left"
        second = _host_lock(tmp_path, "w-1", "ROOM42")
        assert isinstance(second, str)
        assert second.startswith("workshop ROOM42 is already being hosted on this laptop: "
                                 "teams join that host")
        assert "None" not in second and "process" not in second
    finally:
        first.release()
    again = _host_lock(tmp_path, "w-1", "ROOM42")
    assert isinstance(again, HostLock), "released as usual"
    again.release()
