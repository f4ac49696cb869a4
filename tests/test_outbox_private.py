"""When the data folder cannot be written, a team's link file (which holds the team's secret)
goes to a folder of this user's own in the temporary folder: made 0700, its files 0600, and
refused when it is a link, another user's, or open to others (a shared school laptop)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pmsim.workshop.client import Client

CODE = "HX7K3P"
EMPTY = {"build": [], "discover": [], "answers": {}}

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX users and modes")


@pytest.fixture
def temp(tmp_path, monkeypatch) -> Path:
    """A shared temporary folder, as /tmp is."""
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setattr("tempfile.tempdir", str(shared))
    return shared


def unwritable_data_folder(tmp_path: Path) -> Path:
    """A data folder that cannot be made (a file stands where its parent should be): works
    as root too, where a read-only folder would still be written."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    return blocker / "outbox"


def play_a_round_offline(tmp_path: Path) -> Client:
    client = Client("127.0.0.1:1", CODE, "Red", outbox_dir=unwritable_data_folder(tmp_path))
    assert client.submit(1, EMPTY) is None, "the host is away: the round waits"
    return client


def test_the_fallback_folder_is_the_users_own_and_private(tmp_path, temp) -> None:
    client = play_a_round_offline(tmp_path)
    folder = client.outbox.parent
    assert folder.parent == temp and str(os.getuid()) in folder.name
    info = os.lstat(folder)
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) == 0o700
    assert stat.S_IMODE(os.stat(client.outbox).st_mode) == 0o600
    assert client.note and f"kept in {folder} instead" in client.note
    # the next run on this laptop finds the round there
    again = Client("127.0.0.1:1", CODE, "Red", outbox_dir=unwritable_data_folder(tmp_path))
    assert again.outbox == client.outbox and again.queued() == [{"round": 1, "decision": EMPTY}]


def test_a_refused_round_kept_there_is_private_too(tmp_path, temp) -> None:
    client = play_a_round_offline(tmp_path)
    client._keep_refused({"round": 1, "decision": EMPTY, "refused": "no"})
    assert client.refused_path.parent == client.outbox.parent
    assert stat.S_IMODE(os.stat(client.refused_path).st_mode) == 0o600


def test_a_link_planted_at_the_old_shared_name_is_not_followed(tmp_path, temp) -> None:
    target = tmp_path / "attacker"
    target.mkdir()
    (temp / "pmsim-outbox").symlink_to(target)
    play_a_round_offline(tmp_path)
    assert list(target.iterdir()) == [], "nothing written where another user points"


def test_a_link_planted_at_the_users_folder_is_refused(tmp_path, temp) -> None:
    target = tmp_path / "attacker"
    target.mkdir()
    (temp / f"pmsim-outbox-{os.getuid()}").symlink_to(target)
    client = play_a_round_offline(tmp_path)
    assert list(target.iterdir()) == []
    assert client.note and "symbolic link" in client.note and "kept in memory" in client.note
    assert client.queued() == [{"round": 1, "decision": EMPTY}], "still in memory"


def test_a_folder_open_to_others_or_someone_elses_is_refused(tmp_path, temp) -> None:
    folder = temp / f"pmsim-outbox-{os.getuid()}"
    folder.mkdir()
    folder.chmod(0o755)
    client = play_a_round_offline(tmp_path)
    assert list(folder.iterdir()) == []
    assert client.note and "other users can open it" in client.note
    if os.getuid() == 0:  # only root can give a folder away
        folder.chmod(0o700)
        os.chown(folder, 4242, -1)
        client = play_a_round_offline(tmp_path)
        assert list(folder.iterdir()) == []
        assert client.note and "belongs to another user" in client.note


def test_a_link_file_left_in_a_folder_someone_else_controls_is_not_read(tmp_path, temp) -> None:
    client = play_a_round_offline(tmp_path)
    name = client.outbox.name
    client.outbox.parent.chmod(0o777)  # as if another user made it, open to all
    again = Client("127.0.0.1:1", CODE, "Red", outbox_dir=unwritable_data_folder(tmp_path))
    assert again.outbox.name == name and again.outbox.parent != client.outbox.parent
    assert again.queued() == []


def test_the_link_file_in_the_data_folder_is_private_too(tmp_path) -> None:
    """The ordinary place, the user's data folder, holds the same secret: 0600 there as well,
    whatever the umask gives other files."""
    client = Client("127.0.0.1:1", CODE, "Red", outbox_dir=tmp_path / "outbox")
    assert client.submit(1, EMPTY) is None
    assert client.outbox.parent == tmp_path / "outbox"
    assert stat.S_IMODE(os.stat(client.outbox).st_mode) == 0o600
