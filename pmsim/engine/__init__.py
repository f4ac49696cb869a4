"""The simulation engine: pure and deterministic.

State in, decisions in, state and a report out. No pygame, no files, no clock, no global
random state: a game is fully defined by its scenario, its seed and its decisions.
"""

from .debrief import Debrief, debrief
from .decision import ANSWERS, Decision, InvalidDecision
from .game import Game, scenario_hash
from .replay import Replay, ReplayError, record, replay
from .report import RoundReport
from .rounds import check, play_round
from .scoring import Score, score
from .start import new_game
from .status import Status
from .view import PlayerView, view

__all__ = [
    "ANSWERS",
    "Debrief",
    "Decision",
    "Game",
    "InvalidDecision",
    "PlayerView",
    "Replay",
    "ReplayError",
    "RoundReport",
    "Score",
    "Status",
    "check",
    "debrief",
    "new_game",
    "play_round",
    "record",
    "replay",
    "scenario_hash",
    "score",
    "view",
]
