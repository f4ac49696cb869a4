"""A workshop: one scenario and seed, many teams, one facilitator. The rules of the room.

The host never takes a score from a team. A team sends its decisions, one round at a time; the
host checks each one with the engine, stores it, and re-simulates the team's game to score it.
Everything here is independent of HTTP, so the server, the dashboard and the tests share it.
"""

from __future__ import annotations

import hmac
import re
import secrets
import statistics
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

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
from .store import Store, WorkshopRow

TOO_EARLY = 425
"""HTTP 425: a paced round the facilitator has not opened yet; the team's client waits."""
TEAM_NAME = re.compile(r"^[\w][\w .'&-]{0,39}$")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room


class WorkshopError(Exception):
    """A request the host refuses; `status` is the HTTP status the server answers with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def new_code(length: int = 6) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def now_text(clock: Callable[[], float] = time.time) -> str:
    return datetime.fromtimestamp(clock(), UTC).isoformat(timespec="seconds")


class Workshop:
    def __init__(self, store: Store, row: WorkshopRow, clock: Callable[[], float] = time.time):
        self.store = store
        self.row = row
        self.clock = clock
        result = load_bytes(row.scenario_text.encode("utf-8"), f"workshop {row.id}")
        if result.scenario is None or scenario_hash(result.scenario) != row.scenario_hash:
            raise WorkshopError(500, f"workshop {row.id}: its stored scenario cannot be loaded")
        self.scenario: Scenario = result.scenario
        self._games: dict[str, Game] = {}
        self._lock = threading.RLock()

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
    ) -> Workshop:
        result = load_bytes(scenario_text.encode("utf-8"), "scenario")
        if result.scenario is None:
            raise WorkshopError(400, "the scenario has errors:\n" + result.render())
        scenario = result.scenario
        code = (code or new_code()).upper()
        if not re.fullmatch(r"[A-Z0-9]{4,12}", code):
            raise WorkshopError(400, "a workshop code is 4 to 12 letters or digits")
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
        return cls(store, row, clock)

    def reload(self) -> None:
        """Read the workshop's timer and open round again: `pmsim workshop control`, run in
        another terminal beside a headless host, changes them in the database."""
        row = self.store.workshop(self.row.id)
        if row is not None:
            self.row = row

    # --- teams ---------------------------------------------------------------------------------

    def check_code(self, code: object) -> None:
        if not isinstance(code, str) or not hmac.compare_digest(
            code.strip().upper().encode(), self.row.code.encode()
        ):
            raise WorkshopError(403, "wrong workshop code")

    def join(self, code: object, team: object) -> dict[str, Any]:
        self.check_code(code)
        name = _team_name(team)
        if self.store.add_team(self.row.id, name, now_text(self.clock)):
            self.store.log(self.row.id, now_text(self.clock), f"team '{name}' joined")
        return {
            "workshop": self.row.id,
            "scenario_id": self.row.scenario_id,
            "scenario_hash": self.row.scenario_hash,
            "scenario": self.row.scenario_text,
            "seed": self.row.seed,
            "paced": self.row.paced,
            "team": name,
            "decisions": self.store.decisions(self.row.id, name),
        }

    def game(self, team: str) -> Game:
        """The team's game, re-simulated from its stored decisions (cached while unchanged)."""
        with self._lock:
            decisions = self.store.decisions(self.row.id, team)
            cached = self._games.get(team)
            if cached is not None and len(cached.decisions) == len(decisions):
                return cached
            game = new_game(self.scenario, self.row.seed)
            for data in decisions:
                game, _ = play_round(game, Decision.from_dict(data))
            self._games[team] = game
            return game

    def submit(self, code: object, team: object, round_number: object,
               decision: object, enforce_open_round: bool = True) -> dict[str, Any]:
        """Accept one round's decision after re-simulating it; refuse anything else."""
        self.check_code(code)
        self.reload()
        name = _team_name(team)
        if name not in self.store.teams(self.row.id):
            raise WorkshopError(404, f"team '{name}' has not joined this workshop")
        if not isinstance(round_number, int) or isinstance(round_number, bool):
            raise WorkshopError(400, "'round' must be a whole number")
        try:
            parsed = Decision.from_dict(decision)
        except ValueError as exc:
            raise WorkshopError(400, f"the decision is malformed: {exc}") from None
        with self._lock:
            stored = self.store.decisions(self.row.id, name)
            expected = len(stored) + 1
            if round_number < expected:
                if stored[round_number - 1] == parsed.to_dict():
                    return self._accepted(name, duplicate=True)  # a resend after a lost reply
                raise WorkshopError(409, f"round {round_number} was already submitted with a "
                                         "different decision")
            if round_number > expected:
                raise WorkshopError(409, f"round {round_number} cannot come before round "
                                         f"{expected}")
            if enforce_open_round and round_number > self.row.open_round:
                raise WorkshopError(TOO_EARLY, f"round {round_number} is not open yet: the "
                                               "facilitator opens each round for the whole "
                                               "room")
            game = self.game(name)
            if game.over:
                raise WorkshopError(409, "this team's game is already over")
            try:
                after, _ = play_round(game, parsed)
            except InvalidDecision as exc:
                raise WorkshopError(422, "the decision cannot be played: "
                                         + "; ".join(exc.reasons)) from None
            self.store.add_decision(self.row.id, name, round_number, parsed.to_dict(),
                                    now_text(self.clock))
            self._games[name] = after
            return self._accepted(name)

    def _accepted(self, team: str, duplicate: bool = False) -> dict[str, Any]:
        game = self.game(team)
        s = score(game)
        return {"accepted": True, "duplicate": duplicate, "rounds_done": len(game.decisions),
                "over": game.over, "score": round(s.total, 2)}

    def import_replay(self, team: object, rep: Replay) -> dict[str, Any]:
        """A team's whole game from a result file (played without the network): checked in
        full before anything is stored, so a refused file leaves no trace."""
        name = _team_name(team)
        if rep.scenario_hash != self.row.scenario_hash or rep.seed != self.row.seed:
            raise WorkshopError(409, f"the result of '{name}' was played on another scenario "
                                     "or seed than this workshop's")
        try:
            replay(self.scenario, rep)
        except ReplayError as exc:
            raise WorkshopError(422, f"the result of '{name}' cannot be played: {exc}") from None
        stored = self.store.decisions(self.row.id, name)
        incoming = [d.to_dict() for d in rep.decisions]
        if incoming[: len(stored)] != stored:
            raise WorkshopError(409, f"team '{name}' already has different decisions here")
        self.store.add_team(self.row.id, name, now_text(self.clock))
        for number, decision in enumerate(rep.decisions[len(stored):], start=len(stored) + 1):
            # played offline at the team's own pace: paced rounds do not apply
            self.submit(self.row.code, name, number, decision.to_dict(),
                        enforce_open_round=False)
        return self._accepted(name)

    # --- the timer -----------------------------------------------------------------------------

    def remaining(self) -> float | None:
        timer = self.row.timer
        if timer["total"] is None:
            return None
        elapsed = timer["elapsed"] + (self.clock() - timer["started"] if timer["started"] else 0)
        return timer["total"] - elapsed

    def elapsed(self) -> float:
        timer = self.row.timer
        return timer["elapsed"] + (self.clock() - timer["started"] if timer["started"] else 0)

    def _set_timer(self, timer: dict, open_round: int | None = None) -> None:
        open_round = self.row.open_round if open_round is None else open_round
        self.store.save_timer(self.row.id, timer, open_round)
        self.row = self.store.workshop(self.row.id)  # type: ignore[assignment]

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
        self.reload()
        timer = dict(self.row.timer)
        timer["total"] = (timer["total"] or 0) + minutes * 60
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
        if not minutes:
            return 1
        return min(self.scenario.rounds, int(self.elapsed() // (minutes * 60)) + 1)

    # --- what the room sees --------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        self.reload()
        expected = self.expected_round()
        teams = []
        for name in self.store.teams(self.row.id):
            game = self.game(name)
            done = len(game.decisions)
            teams.append({
                "team": name,
                "rounds_done": done,
                "over": game.over,
                "behind": not game.over and done + 1 < expected,
                "waiting": self.row.paced and done >= self.row.open_round and not game.over,
            })
        remaining = self.remaining()
        return {
            "workshop": self.row.id,
            "scenario": self.scenario.title,
            "rounds": self.scenario.rounds,
            "round_name": self.scenario.round_name,
            "paced": self.row.paced,
            "open_round": self.row.open_round,
            "expected_round": expected,
            "timer_running": self.row.timer["started"] is not None,
            "timer_started": self.row.timer["started"] is not None or self.elapsed() > 0,
            "remaining_seconds": None if remaining is None else round(remaining, 1),
            "teams": teams,
        }

    def leaderboard(self) -> list[dict[str, Any]]:
        rows = []
        for name in self.store.teams(self.row.id):
            game = self.game(name)
            s = score(game)
            rows.append({
                "team": name,
                "rounds_done": len(game.decisions),
                "over": game.over,
                "score": round(s.total, 2),
                "pillars": {k: round(v, 2) for k, v in s.pillars.items()},
            })
        # teams further along first: a score after one round says little next to a finished game
        rows.sort(key=lambda r: (-r["rounds_done"], -r["score"], r["team"]))
        return rows

    def results(self, samples: int = 20) -> list[dict[str, Any]]:
        """One row per team, for export: the leaderboard plus decision quality."""
        from ..analysis import skill_vs_luck

        rows = self.leaderboard()
        for row in rows:
            game = self.game(row["team"])
            if game.decisions:
                luck = skill_vs_luck(game, samples)
                row["decision_quality"] = round(luck.expected, 2)
                row["luck"] = round(luck.luck, 2)
            else:
                row["decision_quality"] = None
                row["luck"] = None
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
                counts = {"built": set(), "discovered": set(), "declined": set()}
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
                entry = {"request": rid, "title": title}
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


def _team_name(team: object) -> str:
    if not isinstance(team, str) or not TEAM_NAME.fullmatch(team.strip()):
        raise WorkshopError(400, "a team name is 1 to 40 letters, digits, spaces or . ' & -")
    return team.strip()


def load(store: Store, key: str, clock: Callable[[], float] = time.time) -> Workshop:
    """A workshop by id or by code."""
    row = store.workshop(key) or store.workshop_by_code(key.upper())
    if row is None:
        raise WorkshopError(404, f"no workshop '{key}'")
    return Workshop(store, row, clock)


def replay_from_result(data: object) -> tuple[str, Replay]:
    """(team, replay) from a result file's JSON; WorkshopError when it is not one."""
    import json

    if not isinstance(data, dict) or data.get("kind") != "pmsim-result":
        raise WorkshopError(400, "not a pmsim result file")
    try:
        rep = Replay.from_json(json.dumps(data.get("replay")))
    except ReplayError as exc:
        raise WorkshopError(400, f"the result file is damaged: {exc}") from None
    return _team_name(data.get("team")), rep
