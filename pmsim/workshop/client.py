"""A team's side of a workshop: join, send each round's decision, and never lose one.

The client keeps the team's whole game in a link file in the user's data folder: the secret
the host gave at join, and every round played, sent or not. Rounds the host cannot take yet
wait there and are sent, in order, the next time anything is sent. Nothing a team played is
ever deleted: at every join the client compares the rounds the host has for the team with
its own and resends every round the host lacks (a host that lost its database, also once the
game is over); when a round is refused because the host does not know the team or lacks
earlier rounds, the client joins again and does the same; a round the
host refuses for a reason the team cannot fix stays in the link file, is copied to a refused
file, and the team is shown the host's reason. Every transport error (no route, a reset, a
host that dies mid-reply) counts as "host away": the round waits and is tried again.

When the data folder cannot be written, the link file goes to a private folder of this user's
in the temporary folder (made 0700, checked to be this user's own and not a link, its files
0600: the link file holds the team's secret, and a shared laptop has other users), or stays in
memory, and `note` says so; the round still reaches the host.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import http.client
import json
import os
import re
import stat
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..fileio import atomic_write_text, read_regular_text

TIMEOUT_SECONDS = 5
TOO_EARLY = 425  # the host's answer for a paced round that is not open yet
TRY_AGAIN = (TOO_EARLY, 408, 429, 500, 502, 503, 504)
"""Answers that say "not now": the round waits and is sent again later."""
RESEND = ("unknown-team", "missing-rounds")
"""Refusals the client fixes itself: it joins again and resends from its replay."""
KEEP_WAITING = ("wrong-secret", "team-taken", "wrong-code")
"""Refusals a person can fix (the facilitator approves a rejoin): the round waits."""


class HostRefused(Exception):
    """The host answered, and said no; the message says why, `reason` in one word."""

    def __init__(self, status: int, message: str, reason: str = "refused",
                 details: dict[str, Any] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details or {}


class Unreachable(Exception):
    """The host did not answer (no network, wrong address, host stopped, reply cut off)."""


class CannotTakeNow(Unreachable):
    """The host answered "not now" to a join (HTTP 503: its disk is full, it is busy): for a
    laptop with a kept game this is like a host away, so the team carries on offline and its
    rounds are sent later, instead of being told its join was refused. The message says why,
    in the team's words."""


class Client:
    def __init__(self, address: str, code: str, team: str, outbox_dir: Path | None = None,
                 *, bot: str | None = None, source: str | None = None):
        """`bot`: the policy playing this team, if one does (the host must allow bots).
        `source`: the local address to connect from (the load benchmark's many laptops)."""
        if "://" not in address:
            address = "http://" + address
        self.base = address.rstrip("/")
        if re.search(r"[\x00-\x20\x7f]", self.base):  # http.client would refuse it mid-request
            raise ValueError("an address has no spaces or control characters in it")
        parts = urlsplit(self.base)
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or 80
        self._prefix = parts.path.rstrip("/")
        self.code = code
        self.team = team
        self.bot = bot
        self.source = source
        self.note: str | None = None
        """Set when the link file could not be kept where it belongs."""
        self._lock = threading.RLock()
        self._status: dict[str, Any] | None = None
        self._lacking_seen: tuple[Any, Any] | None = None
        self._memory: dict[str, Any] | None = None
        if outbox_dir is None:
            from ..saves import data_dir

            outbox_dir = data_dir() / "outbox"
        # keyed by the code and name as the host compares them ("tst91a" is "TST91A", "team a"
        # is "Team A"), so the team's own laptop finds its secret however they are typed
        self.key = link_key(code, team)
        self.outbox = outbox_dir / _file_name(*self.key)
        self.refused_path = self.outbox.with_name(self.outbox.stem + "-refused.json")
        private = _private_dir_if_safe()
        if not self.outbox.exists():
            if private is not None and (private / self.outbox.name).exists():  # kept there
                self.outbox = private / self.outbox.name
            else:  # a link file from before, named by the spelling typed then
                folders = (outbox_dir,) if private is None else (outbox_dir, private)
                self.outbox = _older_file(self.key, folders) or self.outbox
            self.refused_path = self.outbox.with_name(self.outbox.stem + "-refused.json")

    # --- the wire ------------------------------------------------------------------------------

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps(body).encode("utf-8")
        connection = http.client.HTTPConnection(
            self._host, self._port, timeout=TIMEOUT_SECONDS,
            source_address=(self.source, 0) if self.source else None)
        try:
            connection.request("POST", self._prefix + path, body=data,
                               headers={"Content-Type": "application/json",
                                        "Connection": "close"})
            response = connection.getresponse()
            raw = response.read()
            status = response.status
        except (OSError, http.client.HTTPException, ValueError) as exc:
            # refused, reset, timed out, cut off mid-reply (IncompleteRead), garbled: away
            raise Unreachable(_describe(exc)) from None
        finally:
            connection.close()
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            answer = None
        if not isinstance(answer, dict) or "ok" not in answer:
            # every answer of a pmsim host is a JSON object with "ok": this is another program
            # (a web server, a router's page), or a proxy in between; a round waits
            raise Unreachable("not a pmsim workshop host: something else answers at this "
                              f"address, with HTTP {status}; check the address and port")
        if status != 200:
            details = {k: v for k, v in answer.items() if k not in ("ok", "error", "reason")}
            raise HostRefused(status, str(answer.get("error", f"HTTP {status}")),
                              str(answer.get("reason", "refused")), details)
        return answer

    # --- joining -------------------------------------------------------------------------------

    def join(self) -> dict[str, Any]:
        """Join (or rejoin) the workshop; keeps the secret the host gives."""
        with self._lock:
            state = self._state()
            body: dict[str, Any] = {"code": self.code, "team": self.team}
            if state.get("secret"):
                body["secret"] = state["secret"]
            if self.bot:
                body["bot"] = self.bot
            try:
                info = self._post("/api/join", body)
            except HostRefused as exc:
                if exc.status in TRY_AGAIN and self.bot is None and self.kept_game() is not None:
                    raise CannotTakeNow(_not_now(exc)) from None
                raise  # a new laptop has no game to carry on: it hears the host's words
            state = self._state()
            if info.get("secret"):
                state["secret"] = info["secret"]
            here = (info.get("scenario_hash"), info.get("seed"))
            played = (state.get("scenario_hash"), state.get("seed"))
            if played[0] is not None and here != played and state["rounds"]:
                # the host runs another game now: our rounds cannot go there; keep them all
                state["orphaned"] = True
            else:
                state.update(scenario_hash=here[0], seed=here[1], workshop=info.get("workshop"),
                             orphaned=False)
                if isinstance(info.get("scenario"), str):  # to carry on while the host is away
                    state.update(scenario=info["scenario"], scenario_id=info.get("scenario_id"))
                if isinstance(info.get("team"), str):  # the name as the host shows it
                    state["host_team"] = info["team"]
                _compare_rounds(state, info.get("decisions"))
            self._save(state)
            return info

    def kept_game(self) -> dict[str, Any] | None:
        """What a join would answer, from this laptop's link file alone (the scenario, the
        seed, no rounds: `rounds()` has them), for a team that carries on while the host is
        away; None when the laptop never joined this workshop or its rounds cannot go there."""
        state = self._state()
        if state.get("orphaned") or not isinstance(state.get("scenario"), str):
            return None
        if not isinstance(state.get("seed"), int) or not state.get("scenario_hash"):
            return None
        return {"scenario": state["scenario"], "scenario_hash": state["scenario_hash"],
                "seed": state["seed"], "scenario_id": state.get("scenario_id") or "workshop",
                "workshop": state.get("workshop") or self.code,
                "team": state.get("host_team") or self.team, "decisions": []}

    def status(self) -> dict[str, Any] | None:
        """The room's status (the whole list of teams); None when the host is away. Only the
        teams that changed since the last call travel."""
        since = self._status["version"] if self._status else None
        try:
            answer = self._post("/api/status", {"code": self.code, "since": since})
            if "changed" in answer and self._status is not None and (
                    answer.get("workshop") != self._status.get("workshop")):
                # another workshop answers now (a host restarted on a new database): its
                # changes do not apply to the list we have; ask for the whole room
                self._status = None
                answer = self._post("/api/status", {"code": self.code, "since": None})
        except (Unreachable, HostRefused):
            return None
        if "changed" in answer and self._status is not None:
            teams = {t["team"]: t for t in self._status["teams"]}
            for team in answer.pop("changed"):
                teams[team["team"]] = team
            answer["teams"] = list(teams.values())
        answer.pop("changed", None)
        answer.setdefault("teams", [])
        self._status = answer
        return answer

    def host_lacks_rounds(self, status: dict[str, Any]) -> bool:
        """Whether the room's `status` shows the host with fewer of this team's rounds than
        it confirmed to this laptop (a host restarted on a new database): then `resend()`
        brings them back. Told once for each thing seen, so a join the host refuses is not
        tried again at every poll."""
        state = self._state()
        sent = sum(1 for r in state["rounds"] if r.get("sent"))
        if not sent or state.get("orphaned"):
            return False
        teams = [t for t in status.get("teams", []) if isinstance(t, dict)]
        named = state.get("host_team")
        entry = next((t for t in teams if named is not None and t.get("team") == named), None)
        if entry is None:
            entry = next((t for t in teams
                          if link_key(self.code, str(t.get("team")))[1] == self.key[1]), None)
        done = entry.get("rounds_done") if entry is not None else 0
        if isinstance(done, int) and done >= sent:
            return False
        seen = (status.get("workshop"), done)
        if seen == self._lacking_seen:
            return False
        self._lacking_seen = seen
        return True

    def resend(self) -> dict[str, Any] | None:
        """Join again and send every kept round the host lacks (see `join`); None when the
        host is away or cannot take them yet, HostRefused when it refuses."""
        return self._resend()

    # --- the rounds ----------------------------------------------------------------------------

    def rounds(self) -> list[dict[str, Any]]:
        """Every round this team played here: {"round", "decision", "sent", "refused"?}."""
        return list(self._state()["rounds"])

    def queued(self) -> list[dict[str, Any]]:
        """The rounds not yet taken by the host, in order: {"round", "decision"}."""
        return [{"round": r["round"], "decision": r["decision"]}
                for r in self._state()["rounds"] if not r.get("sent")]

    @property
    def draft_path(self) -> Path:
        """Where the plan being drafted is kept: beside the link file, not in it, so keeping
        it never waits for the lock the sending thread holds while it talks to the host."""
        return self.outbox.with_name(self.outbox.stem + ".draft.json")

    def keep_draft(self, draft: dict[str, Any]) -> None:
        """Keep the plan being drafted (see play.drafts), so a team that quits mid-round and
        rejoins finds it again, as a solo game's autosave does. Best effort: a draft that
        cannot be written is lost, the rounds are not."""
        with contextlib.suppress(OSError):
            self._write(self.draft_path, json.dumps(draft, ensure_ascii=False))

    def kept_draft(self) -> object:
        """The kept draft as it was written (checked when it is restored), or None."""
        try:
            return json.loads(read_regular_text(self.draft_path))
        except (OSError, ValueError):
            return None

    def refused(self) -> list[dict[str, Any]]:
        """Rounds the host refused, with its reason (kept, never dropped)."""
        return [r for r in self._state()["rounds"] if r.get("refused")]

    def submit(self, round_number: int, decision: dict[str, Any]) -> dict[str, Any] | None:
        """Keep this round, then send it (after anything still waiting). Returns the host's
        answer, or None when the round is waiting for the host."""
        with self._lock:
            state = self._state()
            kept = next((r for r in state["rounds"] if r["round"] == round_number), None)
            if kept is not None and kept.get("sent") and kept["decision"] != decision:
                # the host has this round already: keep the other decision aside, never swap
                message = (f"round {round_number} was already sent with a different decision")
                self._keep_refused({"round": round_number, "decision": decision,
                                    "refused": message})
                raise HostRefused(409, message, "different-decision")
            rounds = [r for r in state["rounds"] if r["round"] != round_number]
            # a resend of a round the host has is answered as a duplicate: harmless
            rounds.append({"round": round_number, "decision": decision, "sent": False})
            state["rounds"] = sorted(rounds, key=lambda r: r["round"])
            self._save(state)
            return self.flush()

    def flush(self, _resent: bool = False) -> dict[str, Any] | None:
        """Send what waits, in order. None when the host is away or cannot take a round yet;
        HostRefused when it refused one (which is kept, with the reason)."""
        with self._lock:
            state = self._state()
            if state.get("orphaned"):
                raise HostRefused(409, "the host now runs another workshop than the one this "
                                       f"team played; every round is kept in {self.outbox} "
                                       "(ask the facilitator)", "other-workshop")
            answer = None
            for item in state["rounds"]:
                if item.get("sent"):
                    continue
                if item.get("refused"):
                    raise HostRefused(409, f"round {item['round']} was refused "
                                           f"({item['refused']}); later rounds wait",
                                      "blocked")
                body = {"code": self.code, "team": self.team, "round": item["round"],
                        "decision": item["decision"], "secret": state.get("secret")}
                if self.bot:
                    body["bot"] = self.bot
                try:
                    answer = self._post("/api/submit", body)
                except Unreachable:
                    return None
                except HostRefused as exc:
                    if exc.status in TRY_AGAIN or exc.reason in KEEP_WAITING:
                        if exc.reason in KEEP_WAITING:
                            raise
                        return None  # not now: it waits, and so does the team
                    if exc.reason in RESEND and not _resent:
                        return self._resend()
                    item["refused"] = exc.message
                    item["refused_status"] = exc.status
                    self._save(state)
                    self._keep_refused(item)
                    raise
                item["sent"] = True
                item.pop("refused", None)
                self._save(state)
            return answer

    def _resend(self) -> dict[str, Any] | None:
        """The host has fewer of our rounds than we sent (or does not know us): join again,
        mark what it lacks as unsent, and send it from our replay."""
        try:
            self.join()  # which marks every round the host lacks as unsent
        except Unreachable:
            return None
        return self.flush(_resent=True)  # raises, saying so, when the rounds cannot go there

    def _keep_refused(self, item: dict[str, Any]) -> None:
        try:
            kept = json.loads(read_regular_text(self.refused_path))
            if not isinstance(kept, list):
                kept = []
        except (OSError, ValueError):
            kept = []
        kept.append({**item, "at": time.strftime("%Y-%m-%d %H:%M:%S")})
        with contextlib.suppress(OSError):  # else still in the link file, and shown
            self._write(self.refused_path, json.dumps(kept, indent=1) + "\n")

    # --- the link file -------------------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        if self._memory is not None:
            return self._memory
        try:
            data = json.loads(read_regular_text(self.outbox))
        except (OSError, ValueError):
            data = None
        if isinstance(data, list):  # an outbox from before link files: unsent rounds
            data = {"rounds": [{"round": r["round"], "decision": r["decision"], "sent": False}
                               for r in data if isinstance(r, dict) and "round" in r]}
        if not isinstance(data, dict) or not isinstance(data.get("rounds"), list):
            data = {"rounds": []}
        data.setdefault("kind", "pmsim-team-link")
        data.setdefault("version", 2)
        data.setdefault("code", self.code)
        data.setdefault("team", self.team)
        return data

    def _save(self, state: dict[str, Any]) -> None:
        text = json.dumps(state, ensure_ascii=False)
        if self._memory is None:
            try:
                self._write(self.outbox, text)
                return
            except OSError as exc:
                problem = exc.strerror or str(exc)
                fallback = _fallback_dir() / self.outbox.name
                try:
                    _write_private(fallback, text)
                except OSError as second:
                    self._memory = state
                    why = second.strerror or str(second)
                    self.note = (f"cannot save this team's rounds in {self.outbox.parent} "
                                 f"({problem}) nor in {fallback.parent} ({why}): they are "
                                 "kept in memory while the game runs")
                    return
                self.note = (f"cannot save this team's rounds in {self.outbox.parent} "
                             f"({problem}); they are kept in {fallback.parent} instead")
                self.outbox = fallback
                self.refused_path = fallback.with_name(self.refused_path.name)
                return
        self._memory = state

    def _write(self, path: Path, text: str) -> None:
        """A team's file, written 0600 (it holds the team's secret); in the private temporary
        folder only after checking that folder again."""
        if path.parent == _fallback_dir():
            _write_private(path, text)
        else:
            atomic_write_text(path, text, mode=0o600)


def _compare_rounds(state: dict[str, Any], decisions: object) -> None:
    """What the host has for this team (its `decisions` at join) against this laptop's kept
    rounds, in `state`: a kept round the host lacks is marked unsent, so it goes again (a host
    that lost its database, also for a team whose game is over); a round the host has that
    this laptop never kept (played on another laptop before an approved rejoin) is kept here
    as sent, so this laptop holds the team's whole game and can send it all again later."""
    if not isinstance(decisions, list):
        return
    have = len(decisions)
    kept = {r["round"] for r in state["rounds"]}
    for number, decision in enumerate(decisions, start=1):
        if number not in kept and isinstance(decision, dict):
            state["rounds"].append({"round": number, "decision": decision, "sent": True})
    for item in state["rounds"]:
        if item["round"] > have and item.get("sent"):
            item["sent"] = False
    state["rounds"].sort(key=lambda r: r["round"])


def link_key(code: str, team: str) -> tuple[str, str]:
    """The code and team name as the host compares them (the host's own normalisation)."""
    from .service import WorkshopError, clean_name, team_key

    try:
        name = team_key(clean_name(team))
    except WorkshopError:  # not a name the host takes: it will say so at join
        name = team
    return code.strip().upper(), name


def _file_name(code: str, team: str) -> str:
    safe = _file_safe(f"{code}-{team}")[:60]
    # names that differ only in punctuation ("Team A", "Team_A") keep separate files
    digest = hashlib.sha256(f"{code.upper()}\n{team}".encode()).hexdigest()[:8]
    return f"{safe}-{digest}.json"


def _file_safe(text: str) -> str:
    """`text` as part of a file name: runs of anything but ASCII letters, digits, '-' and '_'
    as one '_'."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text)


def _older_file(key: tuple[str, str], folders: tuple[Path, ...]) -> Path | None:
    """A link file an older pmsim named by the code and name as typed then ("tst91a",
    "Team A"): the one for this team holding the most rounds, so none kept offline is lost."""
    found: list[tuple[int, float, Path]] = []
    for folder in folders:
        try:
            names = [p for p in folder.iterdir()
                     if p.suffix == ".json" and not p.stem.endswith("-refused")
                     and p.name.upper().startswith(_file_safe(key[0]))]
        except OSError:
            continue
        for path in names:
            try:
                data = json.loads(read_regular_text(path))
                if not isinstance(data, dict) or not isinstance(data.get("rounds"), list):
                    continue
                if link_key(str(data.get("code", "")), str(data.get("team", ""))) != key:
                    continue
                found.append((len(data["rounds"]), path.stat().st_mtime, path))
            except (OSError, ValueError):
                continue
    return max(found)[2] if found else None


def _fallback_dir() -> Path:
    """Where link files go when the data folder cannot be written: a folder of this user's
    own in the temporary folder (named by the user id: /tmp is shared by every user of the
    laptop). Windows gives each user a temporary folder of their own."""
    getuid = getattr(os, "getuid", None)
    name = "pmsim-outbox" if getuid is None else f"pmsim-outbox-{getuid()}"
    return Path(tempfile.gettempdir()) / name


def _private_dir() -> Path:
    """The fallback folder, made if missing (0700), and checked to be private: a folder (not
    a symbolic link), owned by this user, that nobody else can read or enter. OSError saying
    what is wrong otherwise: another user may have made it to read the team's secret."""
    folder = _fallback_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)  # the temporary folder: there already
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, mode=0o700)
    _check_private(folder)
    return folder


def _private_dir_if_safe() -> Path | None:
    """The fallback folder when it exists and is private (see `_private_dir`), else None:
    a link file found in a folder someone else controls is not read."""
    folder = _fallback_dir()
    try:
        _check_private(folder)
    except OSError:
        return None
    return folder


def _check_private(folder: Path) -> None:
    info = os.lstat(folder)
    problem = None
    if stat.S_ISLNK(info.st_mode):
        problem = "it is a symbolic link"
    elif not stat.S_ISDIR(info.st_mode):
        problem = "it is not a folder"
    elif hasattr(os, "getuid"):  # on Windows the temporary folder is the user's own
        if info.st_uid != os.getuid():
            problem = "it belongs to another user"
        elif info.st_mode & 0o077:
            problem = f"other users can open it (mode {stat.S_IMODE(info.st_mode):o})"
    if problem:
        raise OSError(errno.EPERM, f"{folder} is not a private folder of yours ({problem}); "
                                   "remove it or ask the laptop's administrator", str(folder))


def _write_private(path: Path, text: str) -> None:
    """Write `text` to `path` in the private folder, atomically, as a file only this user can
    read (0600: it holds the team's secret)."""
    folder = _private_dir()
    if folder != path.parent:
        raise OSError(errno.EINVAL, "not in the private folder", str(path))
    atomic_write_text(path, text, create_folder=False, mode=0o600)


def _not_now(exc: HostRefused) -> str:
    """The host's "not now" to a join, for a team that carries on offline: the host's words
    to a new team ("join again in a minute") do not fit a team that plays on."""
    if exc.reason != "cannot-save":
        return exc.message
    why = re.search(r"\(([^()]+)\)", exc.message)  # "... right now (its disk is full); ..."
    return ("the host cannot save right now" + (f": {why.group(1)}" if why else "")
            + "; tell your facilitator")


def _describe(exc: BaseException) -> str:
    if isinstance(exc, http.client.IncompleteRead):
        return "the host's reply was cut off"
    if isinstance(exc, TimeoutError):
        return "the host did not answer in time"
    return str(getattr(exc, "strerror", None) or exc) or type(exc).__name__
