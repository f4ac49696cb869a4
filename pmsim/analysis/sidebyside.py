"""What if, side by side: the first game and a replay of the same world from a chosen round,
compared — the scores, the pillars, exactly the decisions that differ, and what the difference
was worth (the second game's score minus the first's, in score points: the same world, so the
whole difference comes from the decisions)."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Decision, Game, new_game, play_round, score
from .worth import new_answer


@dataclass(frozen=True)
class DecisionDiff:
    """One decision that differs. `action` is 'build', 'discover' or 'answer'; `before` and
    `after` say what each game did: for build, 'built' or None; for discover, the method id or
    None; for answer, the answer or None (none given)."""

    round: int
    request: str
    action: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class SideBySide:
    from_round: int
    before: float
    after: float
    pillars: dict[str, tuple[float, float]]
    """Each pillar in the first game and in the what-if."""
    differences: tuple[DecisionDiff, ...]

    @property
    def worth(self) -> float:
        """What the changed decisions were worth together: the what-if's score minus the
        first game's."""
        return self.after - self.before


def _parts(decision: Decision, before: Game) -> dict[tuple[str, str], str]:
    """A decision as {(request, action): what}: builds, discoveries (one per method) and new
    answers. An answer that only repeats the standing one (see `worth.choices`) is no new
    decision and is left out, so two players who answer as often as they like compare fairly.
    """
    out: dict[tuple[str, str], str] = {(rid, "build"): "built" for rid in decision.build}
    for rid, mid in decision.discover:
        out[(rid, f"discover:{mid}")] = mid
    out.update({(rid, "answer"): answer for rid, answer in decision.answers.items()
                if new_answer(before, rid, answer)})
    return out


def _rounds(game: Game) -> list[dict[tuple[str, str], str]]:
    """Each round's decision of a game as parts (the game is replayed to know what stood)."""
    replayed = new_game(game.scenario, game.seed, truth=game.truth)
    out = []
    for decision in game.decisions:
        out.append(_parts(decision, replayed))
        replayed, _ = play_round(replayed, decision)
    return out


def differing(first: Game, second: Game) -> tuple[DecisionDiff, ...]:
    """Exactly the decisions that differ between two games of the same world, round by round,
    in the order (request, action)."""
    out: list[DecisionDiff] = []
    a_rounds, b_rounds = _rounds(first), _rounds(second)
    for index in range(max(len(a_rounds), len(b_rounds))):
        a = a_rounds[index] if index < len(a_rounds) else {}
        b = b_rounds[index] if index < len(b_rounds) else {}
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                rid, action = key
                out.append(DecisionDiff(index + 1, rid, action.split(":")[0], a.get(key),
                                        b.get(key)))
    return tuple(out)


def side_by_side(first: Game, second: Game, from_round: int) -> SideBySide:
    """The first game and the what-if (both finished, in the same world) compared."""
    a, b = score(first), score(second)
    return SideBySide(
        from_round=from_round, before=a.total, after=b.total,
        pillars={k: (a.pillars[k], b.pillars[k]) for k in a.pillars},
        differences=differing(first, second),
    )
