"""The team's link to the host, as the game uses it: send each round, show the room's timer,
and keep a result file for workshops without a network."""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import os
import secrets
import time
from pathlib import Path
from typing import Any

from ..engine import Game, record
from ..fileio import NotRegularFile, atomic_write_text, destination, place_new
from ..words import plural
from .client import Client, HostRefused, Unreachable


class TeamLink:
    def __init__(self, client: Client):
        self.client = client
        self.message = f"playing as '{client.team}' in the workshop"
        self._status: dict[str, Any] | None = None
        self._checked = 0.0

    def send(self, round_number: int, decision: dict[str, Any]) -> str:
        try:
            answer = self.client.submit(round_number, decision)
        except HostRefused as exc:
            self.message = self.refusal_text(round_number, exc)
            return self._noted(self.message)
        if answer is None:
            waiting = len(self.client.queued())
            self.message = (f"{plural(waiting, 'round')} kept and sent automatically when the "
                            f"host can take {'it' if waiting == 1 else 'them'}")
        else:
            self.message = f"round {round_number} sent; the host scores you {answer['score']:.1f}"
        self._checked = -math.inf  # the room's status changed with this round: ask again
        return self._noted(self.message)

    def refusal_text(self, round_number: int, exc: HostRefused) -> str:
        if exc.reason in ("wrong-secret", "team-taken"):
            return (f"the host does not take rounds for '{self.client.team}' from this laptop "
                    f"({exc.message}); round {round_number} is kept and sent once the "
                    "facilitator approves your rejoin")
        if exc.reason in ("other-workshop", "blocked"):
            return f"round {round_number} is kept, not sent: {exc.message}"
        return (f"the host refused round {round_number}: {exc.message}. It is kept in "
                f"{self.client.refused_path}; show this to your facilitator")

    def _noted(self, message: str) -> str:
        if self.client.note:
            self.message = f"{message} ({self.client.note})"
        return self.message

    def status(self, max_age: float = 5.0) -> dict[str, Any] | None:
        """The room's status (timer, who is still deciding), asked at most every few seconds."""
        now = time.monotonic()
        if now - self._checked >= max_age:
            self._checked = now
            self._status = self.client.status()
            if self.client.queued():
                with contextlib.suppress(HostRefused, Unreachable):
                    self.client.flush()
        return self._status

    def round_open(self, round_number: int) -> bool:
        """In a paced workshop, whether the facilitator has opened this round yet."""
        status = self.status(max_age=2.0)
        if status is None or not status.get("paced"):
            return True
        return round_number <= status["open_round"]

    def timer_text(self) -> str:
        status = self.status()
        if status is None:
            return "workshop host not reachable"
        remaining = status.get("remaining_seconds")
        parts = []
        if remaining is not None:
            minutes, seconds = divmod(max(0, int(remaining)), 60)
            parts.append(f"{minutes}:{seconds:02d} left")
        if status.get("paced"):
            parts.append(f"{status['round_name']} {status['open_round']} open")
            deciding = [t["team"] for t in status["teams"]
                        if not t["over"] and t["rounds_done"] < status["open_round"]]
            if deciding:
                parts.append("still deciding: " + ", ".join(deciding[:4]))
        return " · ".join(parts) or ("paced" if status.get("paced") else "self-paced")


def write_result(game: Game, team: str, folder: Path = Path(".")) -> Path:
    """A result file a facilitator can import without a network: the team's replay (which
    the host re-simulates), and the game's seven principle scores (0-100, for following a
    learner's progress; the host does not trust them). Returns where it went.

    It goes to `result_name` in `folder`, replacing only a result of the same team. A file
    there that holds another team's result (two names can share a file name, and two games
    can end at once), or that is no result at all, is never replaced: the result goes to the
    first free (or the team's own) `NAME.2.json`, `NAME.3.json`... beside it instead (a name
    no team's result file has). Each file appears whole, in one step (a temporary copy is
    linked into place, which fails rather than replace a file made in the meantime)."""
    from ..analysis.principles import principles
    from .service import RESULT_VERSION

    data = {"kind": "pmsim-result", "version": RESULT_VERSION, "team": team,
            "replay": json.loads(record(game).to_json()),
            "principles": {k: round(p.score, 1) for k, p in principles(game).items()}}
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    base = folder / result_name(game.scenario.id, team)
    for n in itertools.count(1):
        path = base if n == 1 else base.with_name(f"{base.stem}.{n}{base.suffix}")
        if _write_unless_another_teams(path, text, team):
            return path
    raise AssertionError("unreachable")  # pragma: no cover - itertools.count never ends


def result_name(scenario_id: str, team: str) -> str:
    """The file name `write_result` gives a team's result for a scenario: the team name with
    anything but letters, digits, '-' and '_' as '_' (so two names can share it; then the
    second result goes beside it, see `write_result`)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in team)[:40]
    return f"pmsim-result-{scenario_id}-{safe}.json"


def result_team(path: Path) -> str | None:
    """The team whose result the file `path` holds; None when it holds no result (it is not
    a regular file, not JSON, has no team name) or cannot be read."""
    from ..fileio import read_regular_text

    try:
        data = json.loads(read_regular_text(path))
    except (OSError, ValueError):
        return None
    team = data.get("team") if isinstance(data, dict) else None
    return team if isinstance(team, str) else None


def moved_result_note(path: Path, scenario_id: str, team: str) -> str:
    """Why the result went to `path` rather than its own name ('' when it did not): the file
    of that name holds another team's result (or is no result), which is kept."""
    usual = path.with_name(result_name(scenario_id, team))
    if path == usual:
        return ""
    other = result_team(usual)
    held = f"the result of team {other!r}" if other is not None else "a file that is no result"
    return (f"{usual} already holds {held}, kept as it is, so yours got a name of its own; "
            "it is imported like any other result file")


def _write_unless_another_teams(path: Path, text: str, team: str) -> bool:
    """Write `text` to `path` unless it holds anything but `team`'s result (False then, and
    nothing is written); one atomic step either way."""
    from .service import team_key

    try:
        target = destination(path)
    except NotRegularFile:  # a folder, a named pipe: no result, and never replaced
        return False
    temp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    atomic_write_text(temp, text)  # the whole text on disk first, with a new file's mode
    try:
        if place_new(temp, target):  # never over a file that is there
            return True
        other = result_team(target)
        if other is None or team_key(other) != team_key(team):
            return False
        os.replace(temp, target)  # the team's own earlier result: this game replaces it
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def joined_game(link: TeamLink, info: dict[str, Any]) -> Game:
    """The team's game as the host has it, plus any rounds still waiting in the outbox: a
    team that reconnects (or restarts its laptop) carries on where it was."""
    from ..engine import Decision, new_game, play_round, scenario_hash
    from ..scenario import load_bytes

    result = load_bytes(info["scenario"].encode("utf-8"), "workshop scenario")
    if result.scenario is None or scenario_hash(result.scenario) != info["scenario_hash"]:
        raise ValueError("the host sent a scenario that does not match its own fingerprint")
    game = new_game(result.scenario, info["seed"])
    decisions = list(info.get("decisions", []))
    for item in link.client.rounds():  # rounds the host does not have (yet) are ours too
        if item["round"] == len(decisions) + 1 and not item.get("refused"):
            decisions.append(item["decision"])
    for data in decisions:
        game, _ = play_round(game, Decision.from_dict(data))
    return game


def autoplay_team(link: TeamLink, game: Game, policy: str) -> Game:
    """A team played by a policy: for rehearsing a workshop from a script. HostRefused when
    the host does not take this team as a bot: the caller ends with an error, not a game of
    no rounds that looks finished."""
    from ..analysis.policies import decider
    from ..engine import play_round, view

    if link.client.bot != policy:
        # the host must know a policy plays this team (it takes bots only in rehearsals)
        link.client.bot = policy
        with contextlib.suppress(Unreachable):  # it learns with the first round
            link.client.join()
    decide = decider(policy, game.scenario, game.seed)
    while not game.over:
        number = len(game.decisions) + 1
        waited = False
        while not link.round_open(number):
            if not waited:
                print(f"waiting for the facilitator to open round {number}")
                waited = True
            time.sleep(1)
        decision = decide(view(game))
        game, _ = play_round(game, decision)
        print(link.send(number, decision.to_dict()))
    for _ in range(30):  # the last rounds may still be waiting for the host: keep trying
        if not link.client.queued():
            break
        try:
            link.client.flush()
        except HostRefused as exc:
            print(link.refusal_text(len(game.decisions), exc))
            break
        if link.client.queued():
            time.sleep(1)
    left = len(link.client.queued())
    if left:
        print(f"{plural(left, 'round')} could not be sent yet; run the same command again "
              f"later to send {'it' if left == 1 else 'them'}")
    return game
