"""A team that has just sent its round is not shown as still deciding it: the room's status
is asked again after a round goes, and the team's own round counts at once."""

from __future__ import annotations

import time

from conftest import hosting

from pmsim.play.link import LinkPoller, LinkStatus
from pmsim.workshop.client import Client
from pmsim.workshop.team import TeamLink

EMPTY = {"build": [], "discover": [], "answers": {}}
CODE = "PACEQ7"


def test_the_status_line_drops_the_team_once_its_round_is_sent(store, tmp_path) -> None:
    with hosting(store, CODE, paced=True) as (_, address):
        other = Client(address, CODE, "Other Team", outbox_dir=tmp_path / "other")
        other.join()
        ours = Client(address, CODE, "pace team", outbox_dir=tmp_path / "ours")
        ours.join()
        poller = LinkPoller(TeamLink(ours), interval=600)  # no timed poll during the test
        assert poller.wait_idle(10)
        line = poller.status.line(time.monotonic())
        assert "still deciding: " in line and "pace team" in line and "Other Team" in line
        poller.send(1, EMPTY)
        assert poller.wait_idle(10)
        line = poller.status.line(time.monotonic())
        assert "round 1 sent" in line
        assert "still deciding: Other Team" in line and "pace team" not in line
        assert not poller.status.round_open(2)
        poller.close(timeout=2)


def test_the_teams_own_round_counts_before_the_host_answers() -> None:
    """A round handed over while the host's last answer still listed the team."""
    status = LinkStatus(team="pace  TEAM", reachable=True, paced=True, open_round=1,
                        round_name="sprint", deciding=("Pace Team", "Other"), sent=1)
    assert status.timer_text(0.0) == "sprint 1 open · still deciding: Other"
    assert status.others_deciding() == ("Other",)
    assert LinkStatus(team="Pace Team", reachable=True, paced=True, open_round=2,
                      deciding=("Pace Team",), sent=1).others_deciding() == ("Pace Team",)


def test_the_cached_room_status_is_asked_again_after_a_round(store, tmp_path) -> None:
    with hosting(store, CODE, paced=True) as (_, address):
        Client(address, CODE, "Other Team", outbox_dir=tmp_path / "other").join()
        link = TeamLink(Client(address, CODE, "Pace Team", outbox_dir=tmp_path / "ours"))
        link.client.join()
        assert "Pace Team" in link.timer_text()
        link.send(1, EMPTY)
        assert link.timer_text() == "sprint 1 open · still deciding: Other Team"
