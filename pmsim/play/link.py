"""The team's link to a workshop host, as the shells see it: a status to read, rounds to hand
over, and never a wait on the network.

A background thread does all the talking: it sends each round handed to it (kept on disk by
the team client first, so a host that is away loses nothing), asks the room's status every
few seconds, and publishes what it learned as an immutable `LinkStatus`. A shell's draw()
reads `poller.status` and nothing else; ending a round only queues the round.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..workshop.team import TeamLink

POLL_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class LinkStatus:
    """What the team knows of the room, as of the last answer from the host."""

    team: str
    message: str = ""
    """The last thing that happened to this team's rounds, in words."""
    reachable: bool | None = None
    """None until the host has been asked once."""
    paced: bool = False
    open_round: int | None = None
    """In a paced workshop, the last round the facilitator has opened."""
    round_name: str = "round"
    remaining: float | None = None
    """Seconds left on the room's timer when the status was fetched."""
    fetched_at: float = 0.0
    deciding: tuple[str, ...] = ()
    """Teams still deciding the open round."""
    sent: int = 0
    """Rounds handed to the link so far (kept, and sent or waiting to be)."""
    version: int = 0
    """Grows by one with every change, so a shell can tell when to redraw."""

    def round_open(self, round_number: int) -> bool:
        """Whether this round may be played now; True when the host has not said otherwise
        (a round played too early waits in the outbox)."""
        if not self.paced or self.open_round is None:
            return True
        return round_number <= self.open_round

    def timer_text(self, now: float) -> str:
        if self.reachable is None:
            return "asking the workshop host…"
        if not self.reachable:
            return "workshop host not reachable"
        parts = []
        if self.remaining is not None:
            left = max(0, int(self.remaining - (now - self.fetched_at)))
            minutes, seconds = divmod(left, 60)
            parts.append(f"{minutes}:{seconds:02d} left")
        if self.paced and self.open_round is not None:
            parts.append(f"{self.round_name} {self.open_round} open")
            deciding = self.others_deciding()
            if deciding:
                parts.append("still deciding: " + ", ".join(deciding[:4]))
        return " · ".join(parts) or ("paced" if self.paced else "self-paced")

    def others_deciding(self) -> tuple[str, ...]:
        """The teams still deciding the open round, without this team once it has handed
        that round over (the host's list may be older than our own last round)."""
        if self.open_round is None or self.sent < self.open_round:
            return self.deciding
        from ..workshop.client import link_key

        ours = link_key("", self.team)  # compared as the host compares names
        return tuple(t for t in self.deciding if link_key("", t) != ours)

    def line(self, now: float) -> str:
        """The board's status line: the room, then what happened to our rounds."""
        return f"Workshop: {self.timer_text(now)} · {self.message}"


def status_from_host(old: LinkStatus, answer: dict[str, Any] | None, now: float) -> LinkStatus:
    """The published status after the host answered (or did not: None)."""
    if answer is None:
        return replace(old, reachable=False, version=old.version + 1)
    open_round = answer.get("open_round")
    paced = bool(answer.get("paced"))
    deciding: tuple[str, ...] = ()
    if paced and isinstance(open_round, int):
        deciding = tuple(str(t.get("team")) for t in answer.get("teams", [])
                         if not t.get("over") and t.get("rounds_done", 0) < open_round)
    remaining = answer.get("remaining_seconds")
    return replace(
        old, reachable=True, paced=paced,
        open_round=open_round if isinstance(open_round, int) else None,
        round_name=str(answer.get("round_name") or old.round_name),
        remaining=float(remaining) if isinstance(remaining, int | float) else None,
        fetched_at=now, deciding=deciding, version=old.version + 1)


class LinkPoller:
    """Owns the conversation with the host on its own thread; see the module docstring."""

    def __init__(self, link: TeamLink, interval: float = POLL_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.link = link
        self.interval = interval
        self.clock = clock
        self.status = LinkStatus(team=link.client.team, message=link.message)
        self._rounds: deque[tuple[int, dict[str, Any]]] = deque()
        self._poll_now = True
        self._busy = False
        self._closed = False
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def start(self) -> LinkPoller:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="pmsim-link", daemon=True)
            self._thread.start()
        return self

    def send(self, round_number: int, decision: dict[str, Any]) -> None:
        """Hand a played round to the link; returns at once."""
        with self._wake:
            self._rounds.append((round_number, decision))
            self._publish(sent=max(self.status.sent, round_number))
            self._wake.notify_all()
        self.start()

    def keep_draft(self, draft: dict[str, Any]) -> None:
        """Keep the plan being drafted on this laptop (see `Client.keep_draft`)."""
        self.link.client.keep_draft(draft)

    def kept_draft(self) -> object:
        return self.link.client.kept_draft()

    def refresh(self) -> None:
        """Ask the host for the room's status now rather than at the next tick."""
        with self._wake:
            self._poll_now = True
            self._wake.notify_all()
        self.start()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every handed round and any asked-for poll is done (for the terminal,
        which prints the outcome, and for tests). True when idle in time."""
        self.start()
        deadline = time.monotonic() + timeout
        with self._wake:
            while self._rounds or self._poll_now or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(left)
        return True

    def close(self, timeout: float = 12.0) -> None:
        """Stop after the rounds still queued have been kept (and sent, if the host answers
        in time)."""
        with self._wake:
            self._closed = True
            self._poll_now = False
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def _publish(self, **changes: Any) -> None:
        with self._wake:  # a re-entrant lock: send() publishes while holding it
            self.status = replace(self.status, version=self.status.version + 1, **changes)

    def _next_job(self) -> tuple[int, dict[str, Any]] | bool | None:
        """The next round to send, True to poll, False to stop."""
        with self._wake:
            while True:
                self._busy = False
                self._wake.notify_all()
                if self._rounds:
                    self._busy = True
                    return self._rounds.popleft()
                if self._closed:
                    return False
                if self._poll_now:
                    self._poll_now = False
                    self._busy = True
                    return True
                if not self._wake.wait(self.interval):
                    self._poll_now = True

    def _run(self) -> None:
        while (job := self._next_job()) is not False:
            if job is True:
                self._poll()
            elif job:
                round_number, decision = job
                message = self.link.send(round_number, decision)
                with self._wake:  # the room as it is now, with this round in it
                    self._poll_now = True
                    self._publish(message=message)

    def _poll(self) -> None:
        from ..workshop.client import HostRefused, Unreachable

        client = self.link.client
        answer = client.status()
        if answer is not None:
            with contextlib.suppress(HostRefused, Unreachable):
                if client.host_lacks_rounds(answer):  # a host restarted on a new database
                    client.resend()
                    answer = client.status() or answer
                elif client.queued():
                    client.flush()
        with self._wake:
            self.status = status_from_host(self.status, answer, self.clock())


def as_poller(link: object) -> LinkPoller:
    """A poller for a shell handed either one or the team link it wraps."""
    if isinstance(link, LinkPoller):
        return link
    from ..workshop.team import TeamLink

    if isinstance(link, TeamLink):
        return LinkPoller(link)
    raise TypeError(f"not a workshop link: {link!r}")
