"""Replays: (scenario content, seed, decisions) — everything needed to re-create a game.

Saving, workshops and "what if" all rest on this. The engine reads and writes the JSON text;
files are the shells' business.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .. import __version__
from ..scenario.models import Scenario
from ..seeds import SEED_MAX, SEED_MIN
from .decision import Decision, InvalidDecision
from .game import Game, scenario_hash
from .rounds import play_round
from .start import new_game

KIND = "pmsim-replay"
VERSION = 2
"""Bumped whenever the rules of play change, so the same decisions would end differently:
version 2 is the model where claims and findings are drawn evidence and trust wears."""
RETIRED = {1: "it was played under pmsim's first rules of play (before claims became drawn "
              "evidence and parked answers began to wear), so the same decisions would end "
              "differently now"}
MAX_REPLAY_CHARS = 2_000_000


class ReplayError(ValueError):
    """The replay cannot be used; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class Replay:
    scenario_id: str
    scenario_hash: str
    seed: int
    decisions: tuple[Decision, ...]
    pmsim: str | None = None
    """The pmsim version it was played with (None in replays written before it was kept): the
    scenario hash depends on it too, so a refusal can say which of the two changed."""

    def to_json(self) -> str:
        body: dict[str, object] = {
            "kind": KIND,
            "version": VERSION,
            "scenario": {"id": self.scenario_id, "hash": self.scenario_hash},
            "seed": self.seed,
            "decisions": [d.to_dict() for d in self.decisions],
        }
        if self.pmsim is not None:
            body["pmsim"] = self.pmsim
        return json.dumps(body, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Replay:
        if len(text) > MAX_REPLAY_CHARS:
            raise ReplayError("the replay file is too large to be a pmsim replay")
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, or a 5,000-digit number
            raise ReplayError(f"not a replay file: the JSON cannot be read ({exc})") from None
        if not isinstance(data, dict) or data.get("kind") != KIND:
            raise ReplayError("not a pmsim replay file")
        version = data.get("version")
        if isinstance(version, int) and version in RETIRED:
            raise ReplayError(f"this replay cannot be re-simulated: {RETIRED[version]}")
        if version != VERSION:
            raise ReplayError(f"replay version {version!r} is not supported")
        scenario = data.get("scenario")
        seed = data.get("seed")
        decisions = data.get("decisions")
        if not (
            isinstance(scenario, dict)
            and isinstance(scenario.get("id"), str)
            and isinstance(scenario.get("hash"), str)
            and seed is not None
            and isinstance(decisions, list)
        ):
            raise ReplayError("the replay file is damaged: scenario, seed or decisions missing")
        _check_seed(seed)
        try:
            parsed = tuple(Decision.from_dict(d) for d in decisions)
        except ValueError as exc:
            raise ReplayError(f"the replay file is damaged: {exc}") from None
        played_with = data.get("pmsim")
        return cls(scenario["id"], scenario["hash"], seed, parsed,
                   played_with if isinstance(played_with, str) else None)


def _check_seed(seed: object) -> None:
    """ReplayError unless `seed` is a seed the command line takes (`SEED_MIN` to `SEED_MAX`):
    a replay or a save plays no game `pmsim autoplay --seed` would refuse."""
    if isinstance(seed, int) and not isinstance(seed, bool) and SEED_MIN <= seed <= SEED_MAX:
        return
    shown = json.dumps(seed, ensure_ascii=False)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    raise ReplayError(f"the replay file is damaged: the seed must be a whole number from "
                      f"{SEED_MIN} to {SEED_MAX}, not {shown}")


def record(game: Game) -> Replay:
    return Replay(game.scenario.id, scenario_hash(game.scenario), game.seed, game.decisions,
                  __version__)


def what_changed(rep: Replay) -> str:
    """Why a replay's scenario hash no longer matches a file with its scenario id, as far as
    anyone can tell: the hash covers the scenario as this pmsim reads it, so a new pmsim
    changes it as surely as an edit to the file does."""
    if rep.pmsim is None:
        return "the scenario file or pmsim's version has changed since"
    if rep.pmsim != __version__:
        return (f"the scenario file or pmsim's version has changed since: it was played with "
                f"pmsim {rep.pmsim}, this is pmsim {__version__}")
    return (f"the scenario file has changed since, or pmsim has, though it was played with "
            f"pmsim {rep.pmsim} as this is")


def mismatch(scenario: Scenario, rep: Replay) -> str | None:
    """Why `rep` cannot be re-simulated on `scenario`, or None when it can: another scenario
    id is named as such, not taken for another version of the same scenario."""
    if scenario.id != rep.scenario_id:
        return (f"this replay was played on scenario '{rep.scenario_id}', not on "
                f"'{scenario.id}': give the file it was played on (the one with "
                f"`id: {rep.scenario_id}`)")
    if scenario_hash(scenario) != rep.scenario_hash:
        return (f"this replay does not match scenario '{rep.scenario_id}' as given, so it "
                f"cannot be re-simulated faithfully: {what_changed(rep)} (a different version "
                "of either changes the scenario's fingerprint). Re-simulate it with the file "
                "and the pmsim it was played with")
    return None


def replay(scenario: Scenario, rep: Replay) -> Game:
    """Re-create the game; refuses when the scenario is not the one it was played on."""
    refusal = mismatch(scenario, rep)
    if refusal is not None:
        raise ReplayError(refusal)
    game = new_game(scenario, rep.seed)
    for number, decision in enumerate(rep.decisions, start=1):
        if game.over:
            raise ReplayError("the replay has more decisions than the scenario has rounds")
        try:
            game, _ = play_round(game, decision)
        except InvalidDecision as exc:
            raise ReplayError(f"round {number} of the replay cannot be played: {exc}") from None
    return game
