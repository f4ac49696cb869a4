"""A workshop: one scenario and seed, many teams, one facilitator. The rules of the room.

The host never takes a score from a team. A team sends its decisions, one round at a time; the
host checks each one with the engine, stores it, and re-simulates the team's game to score it.
Everything here is independent of HTTP, so the server, the dashboard and the tests share it.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import hmac
import math
import re
import secrets
import sqlite3
import statistics
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, TypeGuard

from ..engine import (
    Decision,
    Game,
    InvalidDecision,
    Replay,
    ReplayError,
    new_game,
    play_round,
    replay,
    scenario_hash,
    score,
)
from ..scenario import Scenario, load_bytes
from .store import Store, TeamRow, WorkshopRow

TOO_EARLY = 425
"""HTTP 425: a paced round the facilitator has not opened yet; the team's client waits."""
TEAM_NAME = re.compile(r"^[\w][\w .'&-]{0,39}$")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room
CODE_PATTERN = re.compile(r"[A-Z0-9]{6,12}")
MAX_TEAMS = 300
"""Teams one workshop takes by default (`pmsim workshop host --max-teams`)."""
NEVER_BOTS = ("optimal",)
"""Policies no workshop takes: `optimal` plays with the hidden values in hindsight."""

# Letters from other scripts that look like Latin ones after casefolding (Cyrillic and Greek
# a, e, o, p, c ...; written as escapes so this file shows no lookalikes): a name that differs
# only in these is the same name, so a Cyrillic capital A cannot stand in for a Latin one.
_LOOKALIKES = str.maketrans(
    "\u0430\u0432\u0435\u0451\u0437\u0456\u0457\u0458\u043a\u043c\u043d\u043e"
    "\u0440\u0441\u0442\u0443\u0445\u0455\u04bb\u0501\u051b\u051d\u04cf\u044c"
    "\u03b1\u03b2\u03b5\u03b6\u03b7\u03b9\u03ba\u03bc\u03bd\u03bf\u03c1\u03c4"
    "\u03c5\u03c7\u03f2\u03f3",
    "abee3iijkmhopctyxshdqwlbabeznikuvoptuxcj",
)

# What a name looks like on a projected board: characters each mapped to the one it is taken
# for, the "prototype" Unicode's confusables.txt gives it (UTS #39, Unicode Security
# Mechanisms), kept to the rows that can reach a team name: digits and letters drawn alike in
# common sans-serif fonts (0 and O; 1, l, I and |) and the Latin-looking Greek and Cyrillic
# letters, capitals and small. Case is kept, as in UTS #39: "Team L" is not "Team 1". Written
# as escapes, so this file shows no lookalikes.
_SKELETON = str.maketrans(
    "01I|"
    "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7"
    "\u03b1\u03b3\u03b9\u03bd\u03bf\u03c1\u03c3\u03c5\u03f2\u03f3\u03f9"
    "\u0405\u0406\u0408\u0410\u0412\u0415\u0417\u041a\u041c\u041d\u041e\u0420\u0421"
    "\u0422\u0423\u0425\u042c\u04ae\u04c0"
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0455\u0456\u0458\u0461\u0475\u04af"
    "\u04bb\u04cf\u0501\u051b\u051d",
    "Olll"
    "ABEZHlKMNOPTYX"
    "ayivopoucjC"
    "SlJABE3KMHOPC"
    "TYXbYl"
    "aeopcyxsijwvy"
    "hidqw",
)


class WorkshopError(Exception):
    """A request the host refuses; `status` is the HTTP status the server answers with and
    `reason` a short word a client can act on (see docs/facilitator.md)."""

    def __init__(self, status: int, message: str, reason: str = "refused",
                 **details: Any):
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details


def new_code(length: int = 6) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def now_text(clock: Callable[[], float] = time.time) -> str:
    return datetime.fromtimestamp(clock(), UTC).isoformat(timespec="seconds")


def escape(value: object, limit: int = 60) -> str:
    """Text from outside, safe to store and print: control characters (newlines, ESC) and
    invisible formatting shown as escapes, and cut to `limit` characters."""
    text = value if isinstance(value, str) else repr(value)
    out = []
    for char in text[:limit]:
        if unicodedata.category(char)[0] in "CZ" and char != " ":
            out.append(char.encode("unicode_escape").decode("ascii") if ord(char) < 0x10000
                       else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return "".join(out) + ("…" if len(text) > limit else "")


def clean_name(team: object) -> str:
    """A team's name as shown: NFKC-normalised (fullwidth letters become plain ones), spaces
    collapsed; WorkshopError when it is not a name."""
    if not isinstance(team, str) or len(team) > 200:
        raise WorkshopError(400, "a team name is 1 to 40 letters, digits, spaces or . ' & -",
                            "bad-name")
    name = " ".join(unicodedata.normalize("NFKC", team).split())
    if not TEAM_NAME.fullmatch(name):
        raise WorkshopError(400, "a team name is 1 to 40 letters, digits, spaces or . ' & -",
                            "bad-name")
    return name


def team_key(name: str) -> str:
    """What two names are compared by: casefolded, without accents (NFKD, combining marks
    dropped), with lookalike letters folded, so "Alpha", "ALPHA", a fullwidth "Alpha", one
    spelt with a Cyrillic A, and "Équipe Bleue" and "equipe bleue" are one team each."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", bare).casefold().translate(_LOOKALIKES)


def legacy_team_key(name: str) -> str:
    """The key pmsim stored before names were compared without accents (accents kept):
    a team stored then is still found by the name it joined with, exactly."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return folded.translate(_LOOKALIKES)


_SEPARATORS = str.maketrans("", "", " .'-_")
"""The punctuation a team name may hold besides "&", and its spaces: dropped from the skeleton."""


def looks_like_key(name: str) -> str:
    """What a name looks like on the projected board (its confusable skeleton, UTS #39 in
    small: see `_SKELETON`), with its accents dropped as `team_key` drops them: two teams
    whose names have the same one would read as one team, "Team 1" and "Team l" say.

    Beyond the one-character rows: every Unicode decimal digit is its ASCII digit (an
    Arabic-Indic or Devanagari one is projected as a 1 to a room reading "Team 1"); "rn" is
    "m", as in UTS #39 ("rn team" beside "m team"); and spaces, dots, apostrophes, hyphens
    and underscores are dropped, since a room reads "Team 1.", "Team-1", "Team_1" and
    "Team1" as "Team 1" (said aloud they are one name too). "&" stays: it reads as "and".
    Case stays as UTS #39 keeps it. Only new names are compared by this (existing teams are
    found by their keys), so a wider skeleton never hides a team that already joined."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", name))
    kept = (c for c in decomposed if not unicodedata.combining(c))
    digits = "".join(_ascii_digit(c) for c in kept)
    return digits.translate(_SKELETON).replace("rn", "m").translate(_SEPARATORS)


def _ascii_digit(char: str) -> str:
    """A decimal digit of any script as its ASCII digit; any other character as it is."""
    value = unicodedata.decimal(char, None)
    return char if value is None else str(value)


def plural(count: int, word: str) -> str:
    """'1 team', '2 teams': a count with its noun."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TeamState:
    """What the room may know of a team (never its decisions), kept in memory."""

    name: str
    key: str
    secret: str | None
    bot: str | None
    rejoin: str | None
    rounds_done: int = 0
    over: bool = False
    score: float = 0.0
    pillars: tuple[tuple[str, float], ...] = ()

    def public(self) -> dict[str, Any]:
        return {"team": self.name, "rounds_done": self.rounds_done, "over": self.over,
                "bot": self.bot}


class Workshop:
    def __init__(self, store: Store, row: WorkshopRow, clock: Callable[[], float] = time.time,
                 *, max_teams: int = MAX_TEAMS, allow_bots: bool = False):
        self.store = store
        self.row = row
        self.clock = clock
        self.max_teams = max_teams
        self.allow_bots = allow_bots
        result = load_bytes(row.scenario_text.encode("utf-8"), f"workshop {row.id}")
        if result.scenario is None or scenario_hash(result.scenario) != row.scenario_hash:
            raise WorkshopError(500, f"workshop {row.id}: its stored scenario cannot be loaded")
        self.scenario: Scenario = result.scenario
        self._games: dict[str, Game] = {}
        self._lock = threading.RLock()
        # The room's state in memory, replaced (never changed in place) under the lock, so a
        # status call reads it without locking or touching the database: O(1) in the teams.
        self._teams: dict[str, TeamState] = {}
        self._keys: dict[str, str] = {}  # the key stored with each team: its name
        self._folded: dict[str, str] = {}  # team_key of each team's name: the first team
        self._looks: dict[str, str] = {}  # looks_like_key of each team's name: the first team
        self.version = 0
        self._changes: list[tuple[int, str]] = []  # (version, team): who changed when
        self._board: tuple[int, list[dict[str, Any]]] | None = None
        self._data_version = -1
        self.problem: str | None = None
        """Why the host cannot write its database just now (set by the server), as the host's
        terminal says it; None when it can."""
        self.problem_brief: str | None = None
        """The same in a sentence short enough for the dashboard's projected timer column."""
        self.sync()

    # --- creating and finding ------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        store: Store,
        scenario_text: str,
        seed: int,
        code: str | None = None,
        paced: bool = False,
        round_minutes: float | None = None,
        clock: Callable[[], float] = time.time,
        **options: Any,
    ) -> Workshop:
        result = load_bytes(scenario_text.encode("utf-8"), "scenario")
        if result.scenario is None:
            raise WorkshopError(400, "the scenario has errors:\n" + result.render())
        scenario = result.scenario
        _check_minutes(round_minutes)
        code = (code or new_code()).strip().upper()
        if not CODE_PATTERN.fullmatch(code):
            raise WorkshopError(400, "a workshop code is 6 to 12 letters or digits (a short "
                                     "code is quickly guessed); leave --code out for a "
                                     "generated one")
        rounds = scenario.rounds
        timer = {"total": rounds * round_minutes * 60 if round_minutes and not paced else
                 (round_minutes * 60 if round_minutes else None),
                 "started": None, "elapsed": 0.0}
        row = WorkshopRow(
            id=f"{scenario.id}-{datetime.fromtimestamp(clock(), UTC):%Y%m%d-%H%M%S}-{code}",
            code=code,
            scenario_id=scenario.id,
            scenario_hash=scenario_hash(scenario),
            scenario_text=scenario_text,
            seed=seed,
            created=now_text(clock),
            paced=paced,
            round_minutes=round_minutes,
            timer=timer,
            open_round=1 if paced else rounds,
        )
        store.add_workshop(row)
        return cls(store, row, clock, **options)

    def reload(self) -> None:
        """Read the workshop's timer and open round again: `pmsim workshop control`, run in
        another terminal beside a headless host, changes them in the database."""
        row = self.store.workshop(self.row.id)
        if row is not None:
            self._set_row(row)

    def _set_row(self, row: WorkshopRow) -> None:
        if row != self.row:
            self.row = row
            self._bump()

    def sync(self, force: bool = True) -> bool:
        """Catch up with what other `pmsim` commands wrote (the timer from `workshop control`,
        teams from `workshop import`). Cheap when nothing changed; True when something did."""
        with self._lock:
            version = self.store.data_version()
            if not force and version == self._data_version:
                return False
            self._data_version = version
            self.reload()
            done = self.store.rounds_done(self.row.id)
            for team in self.store.team_rows(self.row.id):
                known = self._teams.get(team.name)
                if known is None or known.rounds_done != done.get(team.name, 0):
                    self._games.pop(team.name, None)
                elif (known.secret, known.bot, known.rejoin) == (team.secret, team.bot,
                                                                 team.rejoin):
                    continue
                self._remember(team, self.game(team.name))
            return True

    def _remember(self, team: TeamRow | TeamState, game: Game) -> TeamState:
        s = score(game)
        state = TeamState(team.name, team.key, team.secret, team.bot, team.rejoin,
                          len(game.decisions), game.over, round(s.total, 2),
                          tuple((k, round(v, 2)) for k, v in s.pillars.items()))
        self._teams = {**self._teams, state.name: state}
        self._keys = {**self._keys, state.key: state.name}
        if team_key(state.name) not in self._folded:
            self._folded = {**self._folded, team_key(state.name): state.name}
        if looks_like_key(state.name) not in self._looks:
            self._looks = {**self._looks, looks_like_key(state.name): state.name}
        self._bump(state.name)
        return state

    def _bump(self, team: str | None = None) -> None:
        self.version += 1
        if team is not None:
            self._changes.append((self.version, team))
            if len(self._changes) > 4 * max(64, len(self._teams)):
                del self._changes[: len(self._changes) // 2]

    # --- teams ---------------------------------------------------------------------------------

    def code_ok(self, code: object) -> bool:
        return isinstance(code, str) and len(code) <= 64 and hmac.compare_digest(
            code.strip().upper().encode(), self.row.code.encode())

    def check_code(self, code: object) -> None:
        if not self.code_ok(code):
            raise WorkshopError(403, "wrong workshop code", "wrong-code")

    def find(self, team: object) -> TeamState | None:
        """The team a name means (compared normalised), or None."""
        return self._known(clean_name(team))

    def _known(self, name: str) -> TeamState | None:
        """The team the clean `name` means: first the team whose stored key is the name's key
        by the rule of the time it was stored (a workshop from before names were compared
        without accents keeps "Équipe Bleue" and "equipe bleue" apart if both joined then),
        else the first team whose name compares equal now (`team_key`)."""
        found = (self._keys.get(legacy_team_key(name)) or self._keys.get(team_key(name))
                 or self._folded.get(team_key(name)))
        return None if found is None else self._teams.get(found)

    def join(self, code: object, team: object, secret: object = None, bot: object = None,
             may_create: bool = True) -> dict[str, Any]:
        """A team joins (or comes back). A new team gets a secret, which the host asks for on
        every later join and round; a team that exists comes back with its secret, or from
        another laptop once the facilitator approves."""
        self.check_code(code)
        name = clean_name(team)
        if secret is not None and (not isinstance(secret, str) or len(secret) > 100):
            raise WorkshopError(400, "'secret' must be text", "bad-request")
        policy = self._bot(bot)
        with self._lock:
            self.sync(force=False)  # a rejoin approved by `workshop control`, an import
            known = self._known(name)
            given = None
            created = False
            if known is None:
                if len(self._teams) >= self.max_teams:
                    raise WorkshopError(403, f"this workshop is full "
                                             f"({plural(self.max_teams, 'team')}); ask the "
                                             "facilitator", "full")
                self._refuse_lookalike(name)
                if not may_create:
                    raise WorkshopError(429, "too many new teams from this address; wait a "
                                             "minute and try again", "slow-down")
                given = secrets.token_urlsafe(18)
                added = self.store.add_team(self.row.id, name, now_text(self.clock),
                                            team_key(name), _digest(given), policy)
                if added:
                    self._note(f"team '{name}' joined"
                               + (f" (a bot playing '{policy}')" if policy else ""))
                self._data_version = -1
                self.sync(force=False)
                known = self._known(name)
                assert known is not None  # stored just now, or by another host
                created = added
                if not added:
                    given = None  # someone else made it just now: treat as a rejoin below
            if given is None:
                given = self._rejoin(known, secret)
                if policy and known.bot and policy != known.bot:
                    raise WorkshopError(409, f"team '{known.name}' is played by the policy "
                                             f"'{known.bot}'; it cannot rejoin played by "
                                             f"'{policy}' (join as another team to try "
                                             f"'{policy}')", "other-bot")
            if policy and policy != known.bot:
                self.store.update_team(self.row.id, known.name, bot=policy)
                known = replace(known, bot=policy)
                self._remember(known, self.game(known.name))
            return {
                "workshop": self.row.id,
                "scenario_id": self.row.scenario_id,
                "scenario_hash": self.row.scenario_hash,
                "scenario": self.row.scenario_text,
                "seed": self.row.seed,
                "paced": self.row.paced,
                "team": known.name,
                "secret": given,
                "bot": known.bot,
                "decisions": self.store.decisions(self.row.id, known.name),
                "created": created,
            }

    def _refuse_lookalike(self, name: str, from_file: bool = False) -> None:
        """A new team whose name looks like another team's on the board ("Team l" beside
        "Team 1") is refused, never merged into it: that team plays from its own laptop.
        A result file's team too (`from_file`), told how to import it under the right name."""
        other = self._looks.get(looks_like_key(name))
        if other is None or team_key(other) == team_key(name):
            return
        if from_file:
            raise WorkshopError(
                409, f"the file's team '{name}' looks like '{other}', already in this "
                     f"workshop, so it would read as one team on the board. If the file is "
                     f"the game of '{other}', change the file's \"team\" field to \"{other}\" and "
                     "import it again; if it is another team's, give that field a name that "
                     "reads differently. Nothing was stored", "name-looks-taken", team=other)
        raise WorkshopError(409, f"'{name}' looks like '{other}', already in this "
                                 f"workshop: choose another name, or join as '{other}'",
                            "name-looks-taken", team=other)

    def _note(self, message: str) -> None:
        """A line in the workshop's log. A log line that cannot be written (a full disk) must
        not turn a join or a round already stored into an error: the team would retry and
        find its name taken by itself. The next real write reports the disk."""
        with contextlib.suppress(sqlite3.OperationalError):
            self.store.log(self.row.id, now_text(self.clock), message)

    def _rejoin(self, known: TeamState, secret: object) -> str:
        """The secret for a team that already exists, or WorkshopError."""
        if known.secret is None:  # joined before teams had secrets, or imported from a file
            fresh = secrets.token_urlsafe(18)
        elif isinstance(secret, str) and hmac.compare_digest(_digest(secret), known.secret):
            return secret
        elif known.rejoin == "approved":
            fresh = secrets.token_urlsafe(18)  # the old laptop's secret no longer works
            self._note(f"team '{known.name}' rejoined from another laptop (approved)")
        else:
            if known.rejoin != "asked":
                self.store.update_team(self.row.id, known.name, rejoin="asked")
                self._remember(replace(known, rejoin="asked"), self.game(known.name))
                self._note(f"another laptop asked to rejoin as team '{known.name}'")
            raise WorkshopError(403, f"team '{known.name}' has already joined from another "
                                     "laptop. If this is your team, ask the facilitator to "
                                     "approve your rejoin, then join again; otherwise choose "
                                     "another name", "team-taken")
        self.store.update_team(self.row.id, known.name, secret=_digest(fresh), rejoin=None)
        self._remember(replace(known, secret=_digest(fresh), rejoin=None), self.game(known.name))
        return fresh

    def rejoin_requests(self) -> list[str]:
        """Teams another laptop asked to rejoin as, waiting for the facilitator."""
        return [t.name for t in self._teams.values() if t.rejoin == "asked"]

    def approve_rejoin(self, team: str) -> str:
        """The facilitator lets the next laptop that joins as `team` take it over."""
        with self._lock:
            self.sync(force=False)
            known = self.find(team)
            if known is None:
                raise WorkshopError(404, f"no team '{escape(team)}' in this workshop",
                                    "unknown-team")
            self.store.update_team(self.row.id, known.name, rejoin="approved")
            self._remember(replace(known, rejoin="approved"), self.game(known.name))
            self._note(f"the facilitator approved a rejoin as team '{known.name}'")
            return known.name

    def _bot(self, bot: object) -> str | None:
        if bot is None or bot is False:
            return None
        if not isinstance(bot, str) or not re.fullmatch(r"[a-z][a-z0-9-]{0,30}", bot):
            raise WorkshopError(400, "'bot' must be the name of a policy", "bad-request")
        if bot in NEVER_BOTS:
            raise WorkshopError(403, f"'{bot}' plays with the hidden values in hindsight; no "
                                     "workshop takes it", "bots-refused")
        if not self.allow_bots:
            raise WorkshopError(403, "this workshop is for people: the host does not take "
                                     "teams played by a policy (a rehearsal can allow them "
                                     "with `pmsim workshop host --allow-bots`)", "bots-refused")
        from ..analysis.policies import POLICIES  # here: only a rehearsal's bots need it

        if bot not in POLICIES:  # else the board and the export would name a policy nobody has
            raise WorkshopError(400, f"no policy '{bot}' to play a team; one of: "
                                     + ", ".join(POLICIES), "unknown-bot")
        return bot

    def game(self, team: str) -> Game:
        """The team's game, re-simulated from its stored decisions (cached; `sync` forgets a
        cached game when another command changed the team's rounds)."""
        with self._lock:
            cached = self._games.get(team)
            if cached is not None:
                return cached
            game = new_game(self.scenario, self.row.seed)
            for data in self.store.decisions(self.row.id, team):
                game, _ = play_round(game, Decision.from_dict(data))
            self._games[team] = game
            return game

    def submit(self, code: object, team: object, round_number: object,
               decision: object, enforce_open_round: bool = True, secret: object = None,
               check_secret: bool = True, bot: object = None) -> dict[str, Any]:
        """Accept one round's decision after re-simulating it; refuse anything else."""
        self.check_code(code)
        name = clean_name(team)
        if (not isinstance(round_number, int) or isinstance(round_number, bool)
                or not 1 <= round_number <= self.scenario.rounds):
            raise WorkshopError(400, "'round' must be a whole number from 1 to "
                                     f"{self.scenario.rounds}", "bad-request")
        try:
            parsed = Decision.from_dict(decision)
        except (ValueError, TypeError) as exc:
            raise WorkshopError(400, f"the decision is malformed: {exc}", "bad-request") \
                from None
        with self._lock:
            known = self._known(name)
            if known is None:
                self.sync(force=False)  # imported by another command since?
                known = self._known(name)
            if known is None:
                raise WorkshopError(404, f"team '{name}' has not joined this workshop",
                                    "unknown-team")
            if check_secret and known.secret is not None and not (
                    isinstance(secret, str)
                    and hmac.compare_digest(_digest(secret), known.secret)):
                raise WorkshopError(403, f"this laptop is not the one team '{known.name}' "
                                         "joined from (its secret is missing or wrong)",
                                    "wrong-secret")
            if bot is not None and bot is not False and known.bot is None:
                self._bot(bot)  # refused unless bots are allowed
                self.store.update_team(self.row.id, known.name, bot=str(bot))
                known = replace(known, bot=str(bot))
                self._remember(known, self.game(known.name))
            name = known.name
            game = self.game(name)
            done = len(game.decisions)
            expected = done + 1
            if round_number < expected:
                if game.decisions[round_number - 1].to_dict() == parsed.to_dict():
                    return self._accepted(name, duplicate=True)  # a resend after a lost reply
                raise WorkshopError(409, f"round {round_number} was already submitted with a "
                                         "different decision", "different-decision")
            if round_number > expected:
                raise WorkshopError(409, f"round {round_number} cannot come before round "
                                         f"{expected}", "missing-rounds", expected=expected)
            if enforce_open_round:
                self.sync(force=False)
                if round_number > self.row.open_round:
                    raise WorkshopError(TOO_EARLY, f"round {round_number} is not open yet: the "
                                                   "facilitator opens each round for the "
                                                   "whole room", "too-early")
            if game.over:
                raise WorkshopError(409, "this team's game is already over", "game-over")
            try:
                after, _ = play_round(game, parsed)
            except InvalidDecision as exc:
                raise WorkshopError(422, "the decision cannot be played: "
                                         + "; ".join(exc.reasons), "invalid-decision") from None
            self.store.add_decision(self.row.id, name, round_number, parsed.to_dict(),
                                    now_text(self.clock))
            self._data_version = self.store.data_version()
            self._games[name] = after
            self._remember(known, after)
            return self._accepted(name)

    def _accepted(self, team: str, duplicate: bool = False) -> dict[str, Any]:
        state = self._teams[team]
        return {"accepted": True, "duplicate": duplicate, "rounds_done": state.rounds_done,
                "over": state.over, "score": state.score}

    def import_replay(self, team: object, rep: Replay, *,
                      replace_online: bool = False) -> dict[str, Any]:
        """A team's whole game from a result file (played without the network): checked in
        full before anything is stored, so a refused file leaves no trace.

        A team that joined online (it has a secret) plays its rounds from its own laptop only:
        a file that would add rounds to it is refused ("online-team") unless `replace_online`
        (the facilitator's `--replace-online-team`), else anyone who renames a result file
        could finish another team's game."""
        name = clean_name(team)
        if not rep.decisions:  # it would put a team on the board with the starting score
            raise WorkshopError(422, f"the result of '{name}' has no round played: there is "
                                     "nothing to import", "empty-result")
        if rep.scenario_hash != self.row.scenario_hash or rep.seed != self.row.seed:
            raise WorkshopError(409, f"the result of '{name}' was played on another scenario "
                                     "or seed than this workshop's", "other-workshop")
        try:
            replay(self.scenario, rep)
        except ReplayError as exc:
            raise WorkshopError(422, f"the result of '{name}' cannot be played: {exc}",
                                "invalid-decision") from None
        with self._lock:
            self.sync(force=False)
            known = self._known(name)
            in_file = name
            if known is not None:
                name = known.name
            else:
                self._refuse_lookalike(name, from_file=True)
            stored = self.store.decisions(self.row.id, name) if known else []
            incoming = [d.to_dict() for d in rep.decisions]
            if incoming[: len(stored)] != stored:
                raise WorkshopError(409, f"team '{name}' already has different decisions here",
                                    "different-decision")
            adding = len(incoming) - len(stored)
            online = known is not None and known.secret is not None
            if online and adding > 0 and not replace_online:
                first, last = len(stored) + 1, len(incoming)
                rounds = f"round {first}" if first == last else f"rounds {first}-{last}"
                raise WorkshopError(
                    409, f"team '{name}' joined this workshop online, so only its own laptop "
                         f"plays its rounds; this file would add {rounds}. If the file really "
                         "is that team's game (its laptop cannot reach the host), import it "
                         "again with --replace-online-team", "online-team")
            if known is None:
                if len(self._teams) >= self.max_teams:
                    raise WorkshopError(403, f"this workshop is full "
                                             f"({plural(self.max_teams, 'team')})", "full")
                self.store.add_team(self.row.id, name, now_text(self.clock), team_key(name))
                self.sync()
            for number, decision in enumerate(rep.decisions[len(stored):],
                                              start=len(stored) + 1):
                # played offline at the team's own pace: paced rounds do not apply
                self.submit(self.row.code, name, number, decision.to_dict(),
                            enforce_open_round=False, check_secret=False)
            if online and adding > 0:
                self._note(_replaced_note(name, in_file, len(stored) + 1, adding))
            return self._accepted(name)

    # --- the timer -----------------------------------------------------------------------------

    def remaining(self) -> float | None:
        """Seconds left on the timer; None without one. Never NaN or infinite (a timer saved
        by an older pmsim may hold them): the room's status must stay valid JSON."""
        timer = self.row.timer
        if not _finite(timer["total"]):
            return None
        left = timer["total"] - self.elapsed()
        return left if _finite(left) else None

    def elapsed(self) -> float:
        timer = self.row.timer
        return timer["elapsed"] + (self.clock() - timer["started"] if timer["started"] else 0)

    def _set_timer(self, timer: dict[str, Any], open_round: int | None = None) -> None:
        open_round = self.row.open_round if open_round is None else open_round
        self.store.save_timer(self.row.id, timer, open_round)
        self._set_row(replace(self.row, timer=timer, open_round=open_round))

    def start_timer(self) -> None:
        self.reload()
        timer = dict(self.row.timer)
        if timer["started"] is None:
            timer["started"] = self.clock()
            self._set_timer(timer)

    def pause_timer(self) -> None:
        self.reload()
        timer = dict(self.row.timer)
        if timer["started"] is not None:
            timer["elapsed"] += self.clock() - timer["started"]
            timer["started"] = None
            self._set_timer(timer)

    def extend_timer(self, minutes: float) -> None:
        if not _finite(minutes):
            raise WorkshopError(400, "the minutes to add must be a number", "bad-request")
        self.reload()
        timer = dict(self.row.timer)
        # no timer yet (the dashboard's +): one of `minutes` from now, not from a start
        # pressed earlier, which would leave less than the minutes given
        total = timer["total"] if _finite(timer["total"]) else self.elapsed()
        timer["total"] = total + minutes * 60
        self._set_timer(timer)

    def open_next_round(self) -> int:
        """Paced workshops: let every team play the next round; the round timer restarts."""
        self.reload()
        if not self.row.paced or self.row.open_round >= self.scenario.rounds:
            return self.row.open_round
        minutes = self.row.round_minutes
        timer = {"total": minutes * 60 if minutes else None, "started": self.clock(),
                 "elapsed": 0.0}
        self._set_timer(timer, self.row.open_round + 1)
        return self.row.open_round

    def expected_round(self) -> int:
        """Self-paced: the round a team should be on by now, given the time per round."""
        if self.row.paced:
            return self.row.open_round
        minutes = self.row.round_minutes
        elapsed = self.elapsed()
        if not _finite(minutes) or minutes <= 0 or not _finite(elapsed):
            return 1
        return min(self.scenario.rounds, int(elapsed // (minutes * 60)) + 1)

    # --- what the room sees --------------------------------------------------------------------

    def _header(self) -> dict[str, Any]:
        row = self.row
        remaining = self.remaining()
        return {
            "workshop": row.id,
            "scenario": self.scenario.title,
            "rounds": self.scenario.rounds,
            "round_name": self.scenario.round_name,
            "paced": row.paced,
            "open_round": row.open_round,
            "expected_round": self.expected_round(),
            "timer_running": row.timer["started"] is not None,
            "timer_started": row.timer["started"] is not None or self.elapsed() > 0,
            "remaining_seconds": None if remaining is None else round(remaining, 1),
            "team_count": len(self._teams),
        }

    def status(self) -> dict[str, Any]:
        """The whole room, for the dashboard and `workshop control` (after catching up with
        what other commands wrote; a team's poll gets `wire_status`)."""
        with self._lock:
            self.sync(force=False)
        header = self._header()
        expected = header["expected_round"]
        teams = []
        for state in list(self._teams.values()):
            done = state.rounds_done
            teams.append({
                **state.public(),
                "behind": not state.over and done + 1 < expected,
                "waiting": self.row.paced and done >= self.row.open_round and not state.over,
                "rejoin": state.rejoin,
            })
        return {**header, "version": self.version, "teams": teams, "problem": self.problem}

    def wire_status(self, since: object = None) -> dict[str, Any]:
        """The room for a team's poll: the timer, and only the teams that changed since the
        version the team last saw (all of them when it has none). Costs O(changes), not
        O(teams), and reads no database."""
        header = self._header()
        version = self.version
        changes = self._changes
        if (isinstance(since, int) and not isinstance(since, bool) and 0 <= since <= version
                and (not changes or since >= changes[0][0] - 1)):
            start = bisect.bisect_right(changes, since, key=lambda c: c[0])
            names = dict.fromkeys(name for _, name in changes[start:])
            teams = self._teams
            changed = [teams[n].public() for n in names if n in teams]
            return {**header, "version": version, "since": since, "changed": changed}
        return {**header, "version": version,
                "teams": [t.public() for t in list(self._teams.values())]}

    def leaderboard(self) -> list[dict[str, Any]]:
        board = self._board
        if board is not None and board[0] == self.version:
            return board[1]
        version = self.version
        rows: list[dict[str, Any]] = [{"team": t.name, "rounds_done": t.rounds_done, "over": t.over,
                 "score": t.score, "pillars": dict(t.pillars), "bot": t.bot}
                for t in list(self._teams.values())]
        # teams further along first: a score after one round says little next to a finished game
        rows.sort(key=lambda r: (-r["rounds_done"], -r["score"], r["team"]))
        self._board = (version, rows)
        return rows

    def results(self, samples: int = 20) -> list[dict[str, Any]]:
        """One row per team, for export: the leaderboard plus decision quality. A team that
        joined and played no round has no score (None, as its pillars, decision quality and
        luck), not the starting state's: that would rank it above teams that played worse."""
        from ..analysis import skill_vs_luck

        rows = [dict(r) for r in self.leaderboard()]  # the board is cached: copy
        for row in rows:
            game = self.game(row["team"])
            if game.decisions:
                luck = skill_vs_luck(game, samples)
                row["decision_quality"] = round(luck.expected, 2)
                row["luck"] = round(luck.luck, 2)
            else:
                row.update(score=None, decision_quality=None, luck=None,
                           pillars=dict.fromkeys(row["pillars"]))
        # the board lists them last already (fewest rounds); say so whatever it does
        rows.sort(key=lambda r: r["score"] is None)
        return rows

    def debrief(self, samples: int = 20) -> dict[str, Any]:
        """How the room decided: per round and request, how many teams built, discovered or
        declined it, and the mean final score of those who did against those who did not."""
        teams = {name: self.game(name) for name in self.store.teams(self.row.id)}
        finals = {name: score(game).total for name, game in teams.items()}
        titles = {r.id: r.title for r in self.scenario.requests}
        rounds = []
        choices: list[dict[str, Any]] = []
        for number in range(1, self.scenario.rounds + 1):
            per_request = []
            for rid, title in titles.items():
                counts: dict[str, set[str]] = {"built": set(), "discovered": set(),
                                               "declined": set()}
                for name, game in teams.items():
                    if len(game.decisions) < number:
                        continue
                    decision = game.decisions[number - 1]
                    if rid in decision.build:
                        counts["built"].add(name)
                    if any(r == rid for r, _ in decision.discover):
                        counts["discovered"].add(name)
                    if decision.answers.get(rid) == "no":
                        counts["declined"].add(name)
                entry: dict[str, Any] = {"request": rid, "title": title}
                for action, who in counts.items():
                    entry[action] = len(who)
                    if who:
                        others = [finals[n] for n in teams if n not in who]
                        effect = {
                            "action": action, "round": number, "request": rid, "title": title,
                            "teams": len(who),
                            "mean_with": round(statistics.fmean(finals[n] for n in who), 2),
                            "mean_without": round(statistics.fmean(others), 2) if others else None,
                        }
                        choices.append(effect)
                if any(entry[a] for a in counts):
                    per_request.append(entry)
            rounds.append({"round": number, "requests": per_request})
        comparable = [c for c in choices if c["mean_without"] is not None]
        comparable.sort(key=lambda c: c["mean_with"] - c["mean_without"])
        return {
            "rounds": rounds,
            "best_decisions": list(reversed(comparable[-3:])),
            "worst_decisions": comparable[:3],
            "teams": self.results(samples),
        }


def _replaced_note(team: str, in_file: str, first: int, adding: int) -> str:
    """The log line for rounds a result file gave a team that joined online: the team as it
    is stored (and the name the file gave, when written otherwise) and which rounds."""
    last = first + adding - 1
    rounds = f"round {first}" if adding == 1 else f"rounds {first}-{last}"
    named = "" if in_file == team else f", named '{in_file}' in the file"
    return (f"team '{team}' (joined online{named}) was given {plural(adding, 'round')} "
            f"({rounds}) from a result file (--replace-online-team)")


def _finite(value: object) -> TypeGuard[float]:
    """A real number, not NaN or infinite (and not a bool): what a timer may hold."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _check_minutes(minutes: object) -> None:
    """Minutes per round are absent or a finite number above 0: NaN or infinity would reach
    the room's status as invalid JSON, and the timer would read "0 min left"."""
    if minutes is None:
        return
    if not _finite(minutes) or minutes <= 0:
        raise WorkshopError(400, "the minutes per round must be a number above 0 "
                                 f"(got {escape(minutes, 20)})", "bad-request")


def load(store: Store, key: str, clock: Callable[[], float] = time.time,
         **options: Any) -> Workshop:
    """A workshop by id or by code."""
    row = store.workshop(key) or store.workshop_by_code(key.strip().upper())
    if row is None:
        raise WorkshopError(404, f"no workshop '{escape(key)}'", "unknown-workshop")
    return Workshop(store, row, clock, **options)


RESULT_VERSION = 1
"""The version of the result files `write_result` writes and import reads."""


def replay_from_result(data: object) -> tuple[str, Replay]:
    """(team, replay) from a result file's JSON; WorkshopError when it is not one."""
    import json

    if not isinstance(data, dict) or data.get("kind") != "pmsim-result":
        raise WorkshopError(400, "not a pmsim result file")
    version = data.get("version")
    if isinstance(version, str) and version.strip() == str(RESULT_VERSION):
        raise WorkshopError(400, f"the result file's version is the text "
                                 f"{json.dumps(version)}; it must be the number "
                                 f"{RESULT_VERSION}, without quotes", "bad-version")
    if version != RESULT_VERSION or isinstance(version, bool):
        shown = ("has no version" if version is None
                 else f"is version {escape(json.dumps(version, ensure_ascii=False), 20)}")
        raise WorkshopError(400, f"the result file {shown}; this pmsim reads version "
                                 f"{RESULT_VERSION} (play with the same pmsim version as the "
                                 "host's)", "bad-version")
    try:
        rep = Replay.from_json(json.dumps(data.get("replay")))
    except (ReplayError, ValueError, TypeError, KeyError) as exc:
        raise WorkshopError(400, f"the result file is damaged: {exc}") from None
    return clean_name(data.get("team")), rep
