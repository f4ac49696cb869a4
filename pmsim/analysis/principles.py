"""The seven principles the game teaches, each scored 0-100 from one finished game.

The scores read the game's record (what was built, tested, answered and promised) against its
truth, which the debrief reveals anyway. Each is a share, so it reads as a percentage, and each
comes with the sentence that explains it. They are stored with the game's result so a learner's
progress can be followed across games; they are feedback, not part of the score.

- prioritization: the true value of what was shipped, as a share of the most value the same
  points could have held (a hindsight greedy fill by true value per true point);
- discovery: the share of the big decisions taken after testing them, less 25 for each
  request built although its discovery had flagged it (`engine.conditions.flagged`); 100 when
  the scenario offers no discovery at all. A decision is a request built (shipped or started),
  declined, or tested and then not built (left open or withdrawn: the test informed the choice
  not to build it, as a scenario's lesson praising that test says); the big ones are those
  estimated at or above the median estimate of the decisions. The sentence says when tests
  went to smaller decisions instead, so a lesson praising a test never sits beside a bare
  'you tested 0';
- influence: the trust pillar (influence-weighted trust against its target), capped at 100;
- balance: the weakest of the four pillars, capped at 100;
- roadmap: promises kept as a share of promises kept or broken (50 when none fell due: a
  roadmap that commits to nothing earns nothing); a promise re-planned with new evidence is
  neither, and the sentence says what became of it;
- outcomes: the share of the points shipped that went to requests that really added value;
- customer_voice: the share of the requests that cost customers every round they waited
  (neglect on satisfaction or customers) that were fixed, weighted by how early (a fix in
  round r of R counts (R - r + 1) / R); the customer pillar when there were none.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Game, score
from ..engine.conditions import flagged_built, reacted
from ..engine.status import Status
from ..scenario.models import PRINCIPLES
from .optimal import true_value

NAMES = {
    "prioritization": "Prioritization", "discovery": "Discovery", "influence": "Influence",
    "balance": "Balance", "roadmap": "Roadmap", "outcomes": "Outcomes",
    "customer_voice": "Voice of the customer",
}


@dataclass(frozen=True)
class PrincipleScore:
    principle: str
    score: float
    """0-100."""
    why: str
    """One sentence: what in the game gave this score."""


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def _shipped(game: Game) -> list[str]:
    return [rid for rid, state in game.status.items() if state == Status.SHIPPED]


def prioritization(game: Game) -> PrincipleScore:
    values = {rid: true_value(game, rid) for rid in game.arrived_in}
    shipped = _shipped(game)
    got = sum(max(0.0, values.get(rid, 0.0)) for rid in shipped)
    points = sum(game.truth.cost[rid] for rid in shipped)
    best, room = 0.0, points
    ranked = sorted(values, key=lambda rid: -values[rid] / game.truth.cost[rid])
    for rid in ranked:
        if values[rid] > 0 and game.truth.cost[rid] <= room:
            best += values[rid]
            room -= game.truth.cost[rid]
    share = 100.0 * got / best if best > 0 else 100.0
    return PrincipleScore("prioritization", _clamp(share),
                          f"What you shipped held {_clamp(share):.0f}% of the value the same "
                          f"{points} points could have held, in hindsight.")


def decided(game: Game) -> list[str]:
    """The requests the player decided on, in arrival order: built (shipped or started),
    declined, or tested and then not built (the test informed that choice)."""
    taken = (Status.SHIPPED, Status.DECLINED, Status.ACTIVE)
    return [rid for rid in game.arrived_in
            if game.status[rid] in taken or game.discovered.get(rid)]


def discovery(game: Game) -> PrincipleScore:
    if not game.scenario.discovery:
        return PrincipleScore("discovery", 100.0, "This scenario offers no discovery, so there "
                              "was nothing to test (scored 100, never the weakest).")
    decisions = decided(game)
    estimates = sorted(game.lookup.requests[rid].estimate for rid in decisions) or [0]
    median = estimates[len(estimates) // 2]
    big = [rid for rid in decisions if game.lookup.requests[rid].estimate >= median]
    tested = [rid for rid in big if game.discovered.get(rid)]
    smaller = [rid for rid in decisions if game.discovered.get(rid) and rid not in big]
    ignored = flagged_built(game)
    share = 100.0 * len(tested) / len(big) if big else 0.0
    value = _clamp(share - 25.0 * len(ignored))
    if not big:
        why = "You built and declined nothing, so there was no decision to test"
    elif len(big) == 1:
        why = ("You tested your biggest decision before taking it" if tested
               else "You did not test your biggest decision before taking it")
    else:
        why = f"You tested {len(tested)} of your {len(big)} biggest decisions before taking them"
    left = [rid for rid in tested
            if game.status[rid] not in (Status.SHIPPED, Status.ACTIVE, Status.DECLINED)]
    if left:
        which = "which" if len(left) == 1 else "each of which"
        why += (f", counting {_joined(_titles(game, left))}, {which} you tested and then "
                "did not build")
    if ignored:
        why += f", and built {len(ignored)} that your own discovery had flagged"
    if smaller:
        which = ("your one" if len(smaller) == 1 else f"your {len(smaller)}") if not tested \
            else ("your other" if len(smaller) == 1 else f"your {len(smaller)} other")
        on = "test was on a smaller one" if len(smaller) == 1 else "tests were on smaller ones"
        why += f"; {which} {on} ({_joined(_titles(game, smaller))})"
    return PrincipleScore("discovery", value, why + ".")


def _titles(game: Game, rids: list[str]) -> list[str]:
    return [game.lookup.requests[rid].title for rid in rids]


def _joined(words: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def influence(game: Game) -> PrincipleScore:
    trust = score(game).pillars["trust"]
    escalations = sum(1 for r in game.reports for n in r.news if n.kind == "escalation")
    why = f"Your trust pillar ended at {trust:.0f} (100 = its target)"
    if escalations:
        why += f"; {escalations} escalation{'s' if escalations > 1 else ''} went over your head"
    return PrincipleScore("influence", _clamp(trust), why + ".")


def balance(game: Game) -> PrincipleScore:
    pillars = score(game).pillars
    weakest = min(pillars, key=lambda p: pillars[p])
    return PrincipleScore("balance", _clamp(pillars[weakest]),
                          f"Your weakest pillar was {weakest} at {pillars[weakest]:.0f}.")


REPLANNED = {
    "next": "was re-planned to {unit} {to} because of new evidence",
    "later": "was moved to 'later' because of new evidence",
    "not_now": "was changed to 'not now' because of new evidence",
    "no": "was declined because of new evidence",
    "slipped": "slipped past it, explained by new evidence or work bigger than estimated",
}


def replanned(game: Game) -> list[str]:
    """What became of each promise re-planned with new evidence, in words: 'Single sign-on,
    promised for sprint 2, was re-planned to sprint 3 because of new evidence'."""
    unit = game.scenario.round_name
    return [f"{game.lookup.requests[r.request].title}, promised for {unit} {r.due}, "
            + REPLANNED[r.answer].format(unit=unit, to=r.round + 1)
            for r in game.replans]


def roadmap(game: Game) -> PrincipleScore:
    kept = len(reacted(game, "promise_kept"))
    broken = len(reacted(game, "promise_broken"))
    moved = replanned(game)
    if not kept + broken:
        if moved:
            return PrincipleScore("roadmap", 50.0, "No promise was kept or broken: "
                                  + "; ".join(moved) + ".")
        return PrincipleScore("roadmap", 50.0, "No promise fell due: a roadmap that commits "
                              "to nothing earns no trust.")
    why = f"You kept {kept} of {kept + broken} promises that fell due"
    return PrincipleScore("roadmap", 100.0 * kept / (kept + broken),
                          "; ".join([why, *moved]) + ".")


def outcomes(game: Game) -> PrincipleScore:
    shipped = _shipped(game)
    points = sum(game.truth.cost[rid] for rid in shipped)
    useful = sum(game.truth.cost[rid] for rid in shipped if true_value(game, rid) > 0)
    if not points:
        return PrincipleScore("outcomes", 0.0, "Nothing shipped, so nothing changed for anyone.")
    return PrincipleScore("outcomes", 100.0 * useful / points,
                          f"{useful} of the {points} points you shipped went to work that "
                          "really added value.")


def customer_voice(game: Game) -> PrincipleScore:
    rounds = game.scenario.rounds
    hurting = [rid for rid in game.arrived_in
               if set(game.truth.neglect[rid]) & {"satisfaction", "customers"}]
    if not hurting:
        pillar = score(game).pillars["customer"]
        return PrincipleScore("customer_voice", _clamp(pillar),
                              f"Your customer pillar ended at {pillar:.0f}.")
    weight = sum((rounds - game.shipped_in[rid] + 1) / rounds
                 for rid in hurting if rid in game.shipped_in)
    fixed = sum(1 for rid in hurting if rid in game.shipped_in)
    unit = game.scenario.round_name
    return PrincipleScore("customer_voice", _clamp(100.0 * weight / len(hurting)),
                          f"You fixed {fixed} of {len(hurting)} "
                          f"request{'s' if len(hurting) > 1 else ''} that cost customers every "
                          f"{unit} they waited; a fix counts more the earlier it ships.")


SCORERS = {
    "prioritization": prioritization, "discovery": discovery, "influence": influence,
    "balance": balance, "roadmap": roadmap, "outcomes": outcomes,
    "customer_voice": customer_voice,
}
assert tuple(SCORERS) == PRINCIPLES


def principles(game: Game) -> dict[str, PrincipleScore]:
    """Every principle's score for a finished game, in the format's order."""
    return {name: scorer(game) for name, scorer in SCORERS.items()}


def weakest(scores: dict[str, PrincipleScore]) -> PrincipleScore:
    """The lowest-scoring principle (the first in the format's order on a tie)."""
    return min(scores.values(), key=lambda p: p.score)
