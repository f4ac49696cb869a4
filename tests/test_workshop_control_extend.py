"""`pmsim workshop control CODE extend N`: a workshop without a timer has none to extend, and
a number out of range is told the range."""

from __future__ import annotations

import pytest

from pmsim.catalog import resolve
from pmsim.cli import main
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store, default_path


def tutorial_text() -> str:
    return resolve("tutorial").read_text(encoding="utf-8")


@pytest.fixture
def data_store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store(default_path())
    yield store
    store.close()


def test_extend_without_a_timer_is_refused_and_changes_nothing(data_store, capsys) -> None:
    ws = Workshop.create(data_store, tutorial_text(), 7, code="NOTIME1")
    assert main(["workshop", "control", "NOTIME1", "start"]) == 0
    capsys.readouterr()
    assert main(["workshop", "control", "NOTIME1", "extend", "2"]) == 2
    captured = capsys.readouterr()
    assert "no timer to extend" in captured.err and "--round-minutes" in captured.err
    assert "nothing was changed" in captured.err and "timer running" not in captured.out
    ws.reload()
    assert ws.remaining() is None, "no timer appeared"


def test_extend_says_what_it_added_and_the_time_left(data_store, capsys) -> None:
    Workshop.create(data_store, tutorial_text(), 7, code="TIMED01", paced=True, round_minutes=5)
    assert main(["workshop", "control", "TIMED01", "extend", "2"]) == 0
    out = capsys.readouterr().out
    assert "added 2 minutes to the timer" in out and "timer stopped, 7:00 left" in out


@pytest.mark.parametrize("value", ["99999999999", "0", "601", "-2", "two"])
def test_extend_out_of_range_names_the_range(data_store, capsys, value) -> None:
    Workshop.create(data_store, tutorial_text(), 7, code="TIMED02", round_minutes=5)
    assert main(["workshop", "control", "TIMED02", "extend", "--", value]) == 2
    err = capsys.readouterr().err
    assert "above 0 and at most 600" in err and f"got '{value}'" in err


def test_the_dashboards_plus_on_a_timerless_room_gives_the_minutes_asked(data_store) -> None:
    now = [1000.0]
    ws = Workshop.create(data_store, tutorial_text(), 7, code="NOTIME2", clock=lambda: now[0])
    ws.start_timer()
    now[0] += 90
    ws.extend_timer(1)
    assert ws.remaining() == pytest.approx(60)
