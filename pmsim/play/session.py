"""The game in progress, whichever shell shows it: rounds, the draft plan, autosave, the
workshop link and the result file.

The window and the terminal both hold one `GameSession` and change it only through plan
actions and `end_round`, so the same decisions give the same saves, reports and scores in
either. Nothing here blocks on the network: a workshop round is handed to the link poller.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import saves
from ..engine import (
    Game,
    InvalidDecision,
    PlayerView,
    RoundReport,
    new_game,
    play_round,
    record,
    score,
    view,
)
from ..scenario import Scenario
from .actions import Action, EndRound, apply
from .drafts import draft_to_dict, restore_draft
from .link import LinkPoller
from .numbering import request_numbers
from .planner import Impossible, Planner, Review


@dataclass(frozen=True)
class WhatIf:
    """A replay of a finished game from `from_round`: the first game, to set beside the new."""

    original: Game
    from_round: int

    @functools.cached_property
    def kept(self) -> dict[str, Any]:
        """The what-if as the autosave keeps it (see `saves.SaveGame.what_if`): worked out
        once, not at every save of the plan."""
        return {"from_round": self.from_round,
                "original": json.loads(record(self.original).to_json())}

    def banner(self) -> str:
        """What the screens say while the what-if is played."""
        unit = self.original.scenario.round_name
        return (f"What if: from {unit} {self.from_round}, in the same world. Your first game "
                f"scored {score(self.original).total:.1f}.")


class SaveUnusable(Exception):
    """The autosave could not be continued; the message says why and where it went."""


@dataclass(frozen=True)
class GameInProgress:
    """The autosaved game a new game would replace: what both shells name when they ask
    before replacing it, so a paused game is never lost without a yes."""

    title: str
    round: int
    """The round being planned (the next one to play)."""
    rounds: int | None
    """None when the saved game's scenario cannot be read now (it is gone or has errors)."""
    round_name: str = "round"

    def __str__(self) -> str:
        """'Tutorial, round 2 of 3': the scenario's title and where the game stands."""
        where = f"{self.title}, {self.round_name} {self.round}"
        return f"{where} of {self.rounds}" if self.rounds else where


def game_in_progress(save_dir: Path | None = None) -> GameInProgress | None:
    """The game a new one would replace, or None when there is none to lose: no save, a
    finished game, or a damaged save (which reading moves aside, as Continue does, so it is
    kept but no longer in the way). A save whose scenario is gone or changed is still a game
    in progress: it is described by the scenario's id, and only replaced on a yes."""
    try:
        return _described(saves.read(save_dir))
    except saves.SaveError:
        return None


def _described(save: saves.SaveGame | None) -> GameInProgress | None:
    """A saved game as both shells name it (see `game_in_progress`)."""
    from .. import catalog

    if save is None:
        return None
    played = len(save.replay.decisions)
    try:
        scenario = catalog.load(save.scenario_path).scenario
    except catalog.ScenarioNotFound:
        scenario = None
    if scenario is None or scenario.id != save.replay.scenario_id:
        return GameInProgress(save.replay.scenario_id, played + 1, None)
    if played >= scenario.rounds:
        return None
    return GameInProgress(scenario.title, played + 1, scenario.rounds, scenario.round_name)


@dataclass
class GameSession:
    scenario: Scenario
    scenario_path: str
    game: Game
    save_dir: Path | None = None
    link: LinkPoller | None = None
    """In a workshop: every round goes to the host (which keeps the game, not an autosave)."""
    team: str | None = None
    """Playing as a team without a network: a result file is written at the end."""
    result_dir: Path = Path(".")
    planner: Planner = field(init=False)
    last_report: RoundReport | None = None
    save_error: str | None = None
    history_note: str | None = None
    """Set when the game ends and the learner's record had to be set aside (it was damaged):
    one line for the last round's results, saying where the old record was kept."""
    result_path: Path | None = None
    result_note: str = ""
    """Why the result file got a name of its own ('' when it got the usual one): the usual
    file holds another team's result, which is kept."""
    what_if: WhatIf | None = None
    """Set while replaying a finished game from a round ("what if"): the game to compare with."""

    def __post_init__(self) -> None:
        self.planner = Planner.for_view(view(self.game))
        if self.link is not None:  # a team that rejoins finds the plan it was drafting
            self.planner = restore_draft(self.planner, self.link.kept_draft())

    @classmethod
    def start(cls, scenario: Scenario, path: str, seed: int, save_dir: Path | None = None,
              team: str | None = None) -> GameSession:
        """A new game, saved at once so Continue finds it."""
        session = cls(scenario, path, new_game(scenario, seed), save_dir, team=team)
        session.save()
        return session

    @classmethod
    def resume(cls, save_dir: Path | None = None) -> GameSession | None:
        """The autosaved game, or None when there is none; SaveUnusable when it cannot be
        continued (a damaged save is moved aside first)."""
        try:
            save = saves.read(save_dir)
        except saves.SaveError as exc:
            raise SaveUnusable(str(exc)) from None
        if save is None:
            return None
        game = _replayed(save, save_dir)
        session = cls(game.scenario, save.scenario_path, game, save_dir)
        session.planner = restore_draft(session.planner, save.draft)
        session.what_if = _restored_what_if(game, save.what_if)
        return session

    @staticmethod
    def has_saved_game(save_dir: Path | None = None) -> bool:
        return saves.autosave_path(save_dir).exists()

    @staticmethod
    def check_saved_game(save_dir: Path | None = None) -> bool:
        """Whether there is a save to continue; SaveUnusable when it is damaged."""
        try:
            return saves.read(save_dir) is not None
        except saves.SaveError as exc:
            raise SaveUnusable(str(exc)) from None

    @property
    def view(self) -> PlayerView:
        return self.planner.view

    @property
    def titles(self) -> dict[str, str]:
        """Every request's title by id: what reports and the debrief show instead of ids."""
        return {r.id: r.title for r in self.scenario.requests}

    @property
    def numbers(self) -> dict[str, int]:
        """Each arrived request's number, kept all game (see `numbering`): what `b N` names."""
        return request_numbers(self.game)

    @property
    def over(self) -> bool:
        return self.game.over

    @property
    def can_replay(self) -> bool:
        """Whether "What if…" and "Play again" are offered after the debrief: not in a
        workshop, where every round played goes to the host as the team's (a replayed round 1
        would be refused there as a different decision, and the team's result is the game it
        played)."""
        return self.link is None

    # --- the plan ------------------------------------------------------------------------------

    def perform(self, action: Action) -> str:
        """Do a plan action (or end the round); returns what to tell the player. Raises
        Impossible, with the reason, when it cannot be done. The draft is saved as it
        changes, so closing the game mid-round loses nothing."""
        if isinstance(action, EndRound):
            self.end_round()
            return ""
        said = apply(self.planner, action)
        self.save()
        return said

    def review(self) -> Review:
        """The plan and its warnings, before the player confirms; Impossible when the round
        cannot be ended yet."""
        self._check_round_open()
        return self.planner.review()

    def _check_round_open(self) -> None:
        v = self.view
        if self.link is not None and not self.link.status.round_open(v.round):
            raise Impossible(f"{v.round_name.capitalize()} {v.round} is not open yet: the "
                             "facilitator opens each round for the whole room")

    def end_round(self) -> RoundReport:
        """Play the draft. Raises Impossible (and changes nothing) when it cannot be played."""
        self._check_round_open()
        decision = self.planner.decision()
        try:
            self.game, report = play_round(self.game, decision)
        except InvalidDecision as exc:  # the planner should prevent this; never crash
            raise Impossible("That plan cannot be played: " + "; ".join(exc.reasons)) from None
        self.last_report = report
        if self.link is not None:
            self.link.send(len(self.game.decisions), decision.to_dict())
        if self.game.over:
            self._write_result()
            self._record()
            saves.clear(self.save_dir)
        else:
            self.save()
            self.planner = Planner.for_view(view(self.game))
        return report

    # --- keeping the game ----------------------------------------------------------------------

    @property
    def save_folder(self) -> Path:
        """The folder the game is saved in (for a message saying where a save failed)."""
        return saves.autosave_path(self.save_dir).parent

    def fallback(self) -> GameInProgress | None:
        """After a failed save: the older saved game `pmsim play --continue` would carry on
        instead of this one (None when it would find none), found without moving anything
        aside, so what the player is told is what Continue will do."""
        return _described(saves.peek(self.save_dir))

    def save(self) -> None:
        if self.link is not None:  # the host keeps the game; this laptop keeps the draft
            self.link.keep_draft(draft_to_dict(self.planner))
            return
        try:
            saves.write(saves.SaveGame(self.scenario_path, record(self.game),
                                       draft_to_dict(self.planner),
                                       self.what_if.kept if self.what_if else None),
                        self.save_dir)
            self.save_error = None
        except OSError as exc:
            self.save_error = f"could not save: {exc.strerror or exc}"

    def _record(self) -> None:
        """Keep the finished game, with its principle scores, in the learner's record."""
        from . import history

        self.history_note = None
        if self.what_if is not None:  # a replay of a game already kept, not a new game
            return
        try:
            self.history_note = history.add(self.game, self.save_dir).note
        except OSError as exc:
            self.save_error = f"could not keep the result: {exc.strerror or exc}"

    def _write_result(self) -> None:
        # the first finished game is the team's result; a "what if" replay does not overwrite it
        if not self.team or self.link is not None or self.result_path is not None:
            return
        from ..workshop.team import moved_result_note, write_result

        try:
            self.result_path = write_result(self.game, self.team, self.result_dir)
        except OSError as exc:
            self.save_error = f"could not write the result file: {exc.strerror or exc}"
            return
        self.result_note = moved_result_note(self.result_path, self.scenario.id, self.team)

    def quit(self) -> None:
        """Leaving the game: keep it for later, and let the link finish handing rounds over."""
        if not self.game.over:
            self.save()
        if self.link is not None:
            self.link.close()

    def restart(self) -> None:
        self.what_if = None
        self.game = new_game(self.scenario, self.game.seed)
        self.planner = Planner.for_view(view(self.game))
        self.last_report = None
        self.save()

    def rewind_to(self, round_number: int) -> None:
        """What if: the same world and the same decisions up to `round_number`, to play on
        from there differently. A finished game is kept to compare with at the end."""
        if self.game.over:
            self.what_if = WhatIf(self.game, round_number)
        game = new_game(self.scenario, self.game.seed)
        for decision in self.game.decisions[: round_number - 1]:
            game, _ = play_round(game, decision)
        self.game = game
        self.planner = Planner.for_view(view(game))
        self.last_report = None
        self.save()


def _replayed(save: saves.SaveGame, save_dir: Path | None = None) -> Game:
    """The saved game, re-simulated from its scenario; SaveUnusable, in words a player can
    act on (and saying how to discard the save), when that cannot be done."""
    from .. import catalog
    from ..engine import ReplayError, replay

    discard = saves.discard_advice(save_dir)
    try:
        result = catalog.load(save.scenario_path)
    except catalog.ScenarioNotFound:
        raise SaveUnusable(f"the saved game's scenario is gone: {save.scenario_path}; put it "
                           f"back to continue, or {discard}") from None
    if result.scenario is None:
        raise SaveUnusable(f"the saved game's scenario has errors now, so it cannot be "
                           f"continued ({discard}):\n" + result.render())
    try:
        return replay(result.scenario, save.replay)
    except ReplayError as exc:
        raise SaveUnusable(f"the saved game cannot be continued: {exc}; {discard}") from None


def _restored_what_if(game: Game, data: dict[str, Any] | None) -> WhatIf | None:
    """The what-if a save kept, re-simulated; None when there is none or it no longer fits
    (then the game goes on as a game of its own, without the comparison)."""
    from ..engine import Replay, ReplayError, replay

    if data is None:
        return None
    start = data.get("from_round")
    try:
        original = replay(game.scenario, Replay.from_json(json.dumps(data.get("original"))))
    except (ReplayError, ValueError, TypeError, RecursionError):
        return None
    if (not original.over or type(start) is not int or not 1 <= start <= game.scenario.rounds
            or original.seed != game.seed):
        return None
    return WhatIf(original, start)
