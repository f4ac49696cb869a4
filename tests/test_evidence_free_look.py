"""The `evidence` policy waits a round for a free check that sees most of a claim (80 % of its
claimed value) when the work would take 40 % of the round's capacity or more; a smaller
request whose free check sees only part of its claim is built without waiting, as before.

Why: in `influence` the free pipeline data sees nearly all of what the big platform pitches
claim (CI speed-ups, preview environments), and those were built blind in round 1 when a
sliver of the claim (a survey point) lay outside what the data sees; the data would have
shown most of them to be duds. Seeds 1-100 and 1001-1100: influence +3.7 a game (standard
error 0.9); every other scenario within 0.3."""

from __future__ import annotations

import random
import statistics

import pytest

from pmsim.analysis import judgement
from pmsim.analysis.policies import POLICIES, play
from pmsim.analysis.starts import start, view_of
from pmsim.catalog import load
from pmsim.engine import score
from pmsim.engine.view import MethodView, PlayerView, RequestView
from pmsim.scenario.models import Scenario


def _scenario(name: str) -> Scenario:
    scenario = load(name).scenario
    assert scenario is not None
    return scenario


def _whole_claim_only(v: PlayerView, r: RequestView, method: MethodView) -> bool:
    """The rule before: only a free check that sees every claimed metric settles a claim."""
    return all(metric in method.sees for metric in r.claimed_impact)


def _seen_share(v: PlayerView, r: RequestView, method: MethodView) -> float:
    sizes = {m: abs(a) / v.steps[m] for m, a in r.claimed_impact.items()}
    return sum(x for m, x in sizes.items() if m in method.sees) / sum(sizes.values())


def test_a_big_build_waits_for_a_free_check_that_sees_most_of_its_claim(monkeypatch) -> None:
    """Round 1 of influence: what the rule holds back is big, mostly seen by the free check,
    and would otherwise be built at once."""
    views = [view_of(start(_scenario("influence"), seed)) for seed in range(1, 21)]
    decide = POLICIES["evidence"].decide
    waiting = [decide(v, random.Random(0)) for v in views]
    monkeypatch.setattr(judgement, "_settles", _whole_claim_only)
    building = [decide(v, random.Random(0)) for v in views]
    held = 0
    for v, wait, build in zip(views, waiting, building, strict=True):
        methods = {m.id: m for m in v.methods}
        for rid in set(build.build) - set(wait.build):
            r = v.request(rid)
            method = methods[dict(wait.discover)[rid]]
            assert method.cost == 0
            assert r.remaining_estimate >= judgement.SETTLE_SIZE * v.capacity
            assert _seen_share(v, r, method) >= judgement.SETTLE_SHARE
            held += 1
    assert held >= 5


def test_a_small_build_does_not_wait_for_a_partial_free_check() -> None:
    """Discovery's stock-by-text (3 points of 9) is claimed partly in revenue, which the free
    hotline log does not see: it is built, not held, whatever share the log sees."""
    scenario = _scenario("discovery")
    partial = 0
    for seed in range(1, 21):
        v = view_of(start(scenario, seed))
        settling = {rid for rid, _ in judgement._settling_checks(v, set())}
        free = [m for m in v.methods if m.cost == 0]
        for r in v.open_requests:
            if (free and r.remaining_estimate < judgement.SETTLE_SIZE * v.capacity
                    and not all(metric in free[0].sees for metric in r.claimed_impact)):
                assert r.id not in settling
                partial += 1
    assert partial > 0


@pytest.mark.parametrize(("name", "gain"), [("influence", 1.5)])
def test_waiting_for_a_free_look_pays(name: str, gain: float, monkeypatch) -> None:
    """Seeds 1-100 and 1001-1100: influence +3.7 a game (standard error 0.9)."""
    scenario = _scenario(name)
    seeds = [*range(1, 101), *range(1001, 1101)]

    def scores() -> list[float]:
        return [score(play(scenario, s, POLICIES["evidence"], explain=False)).total
                for s in seeds]

    waiting = scores()
    monkeypatch.setattr(judgement, "_settles", _whole_claim_only)
    building = scores()
    assert statistics.mean(waiting) - statistics.mean(building) >= gain
