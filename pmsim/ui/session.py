"""The game being played in the window: the engine state, the plan being drafted, the autosave."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import saves
from ..engine import Game, RoundReport, new_game, play_round, record, view
from ..plan import Planner
from ..scenario import Scenario
from ..workshop.team import TeamLink, write_result


@dataclass
class GameSession:
    scenario: Scenario
    scenario_path: str
    game: Game
    save_dir: Path | None = None
    planner: Planner = field(init=False)
    last_report: RoundReport | None = None
    save_error: str | None = None
    link: TeamLink | None = None
    """In a workshop: sends every round to the host."""
    team: str | None = None
    """Playing as a team without a network: a result file is written at the end."""
    result_path: Path | None = None

    def __post_init__(self) -> None:
        self.planner = Planner.for_view(view(self.game))

    @classmethod
    def start(cls, scenario: Scenario, path: str, seed: int, save_dir: Path | None = None):
        session = cls(scenario, path, new_game(scenario, seed), save_dir)
        session.save()
        return session

    def save(self) -> None:
        if self.link is not None:
            return  # in a workshop the host keeps the game; rejoining carries on from it
        try:
            saves.write(saves.SaveGame(self.scenario_path, record(self.game)), self.save_dir)
            self.save_error = None
        except OSError as exc:
            self.save_error = f"could not save: {exc.strerror or exc}"

    def end_round(self) -> RoundReport:
        decision = self.planner.decision()
        self.game, report = play_round(self.game, decision)
        self.last_report = report
        if self.link is not None:
            self.link.send(len(self.game.decisions), decision.to_dict())
        if self.game.over and self.team and self.link is None and self.result_path is None:
            # the first finished game is the team's result; a "what if" replay does not
            # overwrite it
            try:
                self.result_path = write_result(self.game, self.team)
            except OSError as exc:
                self.save_error = f"could not write the result file: {exc.strerror or exc}"
        if self.game.over:
            saves.clear(self.save_dir)
        else:
            self.save()
            self.planner = Planner.for_view(view(self.game))
        return report

    def restart(self) -> None:
        self.game = new_game(self.scenario, self.game.seed)
        self.planner = Planner.for_view(view(self.game))
        self.last_report = None
        self.save()

    def rewind_to(self, round_number: int) -> None:
        """What if: the same world and the same decisions up to `round_number`, to play on
        from there differently."""
        game = new_game(self.scenario, self.game.seed)
        for decision in self.game.decisions[: round_number - 1]:
            game, _ = play_round(game, decision)
        self.game = game
        self.planner = Planner.for_view(view(game))
        self.last_report = None
        self.save()
