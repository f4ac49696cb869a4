"""A team's side of a workshop: join, send each round's decision, and never lose one.

When the host cannot be reached, decisions wait in an outbox file in the user's data folder
and are sent, in order, the next time anything is sent.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from ..fileio import atomic_write_text

TIMEOUT_SECONDS = 5
TOO_EARLY = 425  # the host's answer for a paced round that is not open yet


class HostRefused(Exception):
    """The host answered, and said no; the message says why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class Unreachable(Exception):
    """The host did not answer (no network, wrong address, host stopped)."""


class Client:
    def __init__(self, address: str, code: str, team: str, outbox_dir: Path | None = None):
        if "://" not in address:
            address = "http://" + address
        self.base = address.rstrip("/")
        self.code = code
        self.team = team
        if outbox_dir is None:
            from ..saves import data_dir

            outbox_dir = data_dir() / "outbox"
        safe = re.sub(r"[^A-Za-z0-9_-]+", "_", f"{code}-{team}")[:60]
        # names that differ only in punctuation ("Team A", "Team_A") keep separate outboxes
        digest = hashlib.sha256(f"{code.upper()}\n{team}".encode()).hexdigest()[:8]
        self.outbox = outbox_dir / f"{safe}-{digest}.json"

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base + path, data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read().decode("utf-8")).get("error", str(exc))
            except (ValueError, AttributeError):
                message = str(exc)
            raise HostRefused(exc.code, message) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise Unreachable(str(getattr(exc, "reason", exc))) from None

    def join(self) -> dict[str, Any]:
        return self._post("/api/join", {"code": self.code, "team": self.team})

    def status(self) -> dict[str, Any] | None:
        try:
            return self._post("/api/status", {"code": self.code})
        except (Unreachable, HostRefused):
            return None

    def queued(self) -> list[dict[str, Any]]:
        try:
            return json.loads(self.outbox.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []

    def submit(self, round_number: int, decision: dict[str, Any]) -> dict[str, Any] | None:
        """Send this round (after anything still queued); queue it when the host is away.
        Returns the host's answer, or None when the decision is waiting in the outbox."""
        queue = [*self.queued(), {"round": round_number, "decision": decision}]
        self._write(queue)
        return self.flush()

    def flush(self) -> dict[str, Any] | None:
        queue = self.queued()
        answer = None
        while queue:
            item = queue[0]
            try:
                answer = self._post("/api/submit", {"code": self.code, "team": self.team,
                                                     "round": item["round"],
                                                     "decision": item["decision"]})
            except Unreachable:
                return None
            except HostRefused as exc:
                if exc.status == TOO_EARLY:
                    return None  # a paced round not open yet: it waits, and so does the team
                queue.pop(0)  # the host will never take this one: do not block the rest
                self._write(queue)
                raise
            queue.pop(0)
            self._write(queue)
        return answer

    def _write(self, queue: list[dict[str, Any]]) -> None:
        if queue:
            atomic_write_text(self.outbox, json.dumps(queue))
        elif self.outbox.exists():
            self.outbox.unlink()
