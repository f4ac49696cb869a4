"""The model behind the lesson: claims are biased, noisy evidence; discovery findings are noisy
and partial; trust rewards saying no well; effects ramp; outcomes can lag.

Each test pins one mechanic of format 2 with a small scenario whose numbers make the
expected amounts exact.
"""

from __future__ import annotations

import pytest

from pmsim import engine
from pmsim.engine import Decision
from pmsim.engine.drift import timeliness
from pmsim.engine.ledger import capacity, ramp
from pmsim.engine.truth import draw
from tests.conftest import BASE, load_text

MODEL = """\
format: 2
id: model
title: Model
summary: Mechanics.
briefing: You are the PM.
rounds: 5
capacity: 10
stakeholders:
  - id: ann
    name: Ann
    role: Sales
    optimism: [{optimism}, {optimism}]
  - id: bo
    name: Bo
    role: Support
requests:
  - id: big
    title: Big deal
    asked_by: ann
    pitch: "It brings {{revenue}} a round."
    estimate: 4
    uncertainty: {uncertainty}
    impact: {{revenue: [1000, 3000]}}
    adoption: {adoption}
    evidence: {{data: "The data says {{revenue}}."}}
  - id: bug
    title: Bug
    asked_by: bo
    pitch: Fix it.
    estimate: 2
    impact: {{satisfaction: [2, 6]}}
  - id: extra
    title: Extra
    asked_by: bo
    pitch: Nice to have.
    estimate: 3
    impact: {{satisfaction: [1, 2]}}
discovery:
  - id: data
    name: Data
    cost: 1
    precision: {precision}
    sees: [revenue, customers]
  - id: talk
    name: Interviews
    cost: 1
    precision: 0.5
    bias: 0.2
"""


def model(optimism: float = 1.0, uncertainty: float = 0.0, precision: float = 0.0,
          adoption: int = 1):
    text = MODEL.format(optimism=optimism, uncertainty=uncertainty, precision=precision,
                        adoption=adoption)
    result = load_text(text)
    assert result.ok, result.render()
    return result.scenario


def trust_causes(report, sid: str) -> list[tuple[float, str]]:
    change = report.change(sid)
    return [(c.amount, c.reason) for c in change.causes] if change else []


def test_claims_are_the_truth_times_optimism_and_noise() -> None:
    exact = model(optimism=2.0)
    for seed in range(5):
        truth = draw(exact, seed)
        assert truth.claims["big"]["revenue"] == pytest.approx(
            2 * truth.impact["big"]["revenue"], rel=0.03)
    noisy = model(optimism=1.0, uncertainty=0.8)
    ratios = {round(draw(noisy, s).claims["big"]["revenue"] / draw(noisy, s).impact["big"][
        "revenue"], 2) for s in range(20)}
    assert len(ratios) > 10 and min(ratios) < 0.8 and max(ratios) > 1.25


def test_the_view_shows_the_drawn_claim_in_the_pitch() -> None:
    scenario = model(optimism=2.0)
    game = engine.new_game(scenario, 3)
    big = engine.view(game).request("big")
    claim = game.truth.claims["big"]["revenue"]
    assert big.claimed_impact == {"revenue": claim}
    assert big.pitch == f"It brings {claim:,.0f} a round."


def test_format_1_still_loads_with_its_claimed_metrics() -> None:
    result = load_text(BASE)
    assert result.ok and result.scenario.format == 1
    sso = next(r for r in result.scenario.requests if r.id == "sso")
    assert sso.claimed_metrics() == ("revenue",)
    claims = draw(result.scenario, 1).claims["sso"]
    assert set(claims) == {"revenue"} and claims["revenue"] != 5000


def test_findings_are_noisy_partial_and_can_disagree() -> None:
    scenario = model(precision=0.3)
    disagree = 0
    for seed in range(20):
        truth = draw(scenario, seed)
        data = truth.findings[("big", "data")]
        talk = truth.findings[("big", "talk")]
        assert set(data) == {"revenue"}  # blind to what it does not see
        assert data["revenue"] != truth.impact["big"]["revenue"]
        if (data["revenue"] - truth.impact["big"]["revenue"]) * (
                talk["revenue"] - truth.impact["big"]["revenue"]) < 0:
            disagree += 1
    assert disagree >= 3


def test_an_exact_method_reveals_the_truth_and_combining_narrows() -> None:
    exact = model(precision=0.0)
    game = engine.new_game(exact, 5)
    game, _ = engine.play_round(game, Decision(discover=(("big", "data"),),
                                               answers={"bug": "later", "extra": "later"}))
    value = game.truth.impact["big"]["revenue"]
    assert engine.view(game).request("big").known_impact["revenue"] == (value, value)
    evidence = engine.view(game).request("big").evidence[0]
    assert evidence.findings == {"revenue": value}
    assert evidence.text == f"The data says {value:,.0f}."
    noisy = model(precision=0.4)
    game = engine.new_game(noisy, 5)
    game, _ = engine.play_round(game, Decision(discover=(("big", "talk"),)))
    low1, high1 = engine.view(game).request("big").known_impact["revenue"]
    game, _ = engine.play_round(game, Decision(discover=(("big", "data"),)))
    low2, high2 = engine.view(game).request("big").known_impact["revenue"]
    assert high2 - low2 < high1 - low1


def test_a_parked_later_wears_thin_each_round() -> None:
    scenario = model()
    rules = scenario.rules.trust
    game = engine.new_game(scenario, 1)
    later = {"big": "later", "bug": "later", "extra": "later"}
    game, first = engine.play_round(game, Decision(answers=later))
    assert (rules.later, "Big deal placed under 'later'") in trust_causes(first, "ann")
    amounts = []
    for _ in range(4):
        game, report = engine.play_round(game, Decision())
        amounts.append([a for a, why in trust_causes(report, "ann") if "waited" in why])
    expected = [max(rules.parked_wear_max, rules.parked_wear * k) for k in (1, 2, 3, 4)]
    assert amounts == [[pytest.approx(e)] for e in expected]


def test_a_no_is_cheap_only_when_the_evidence_undercuts_the_pitch() -> None:
    rules = model().rules.trust
    for optimism, expected in ((3.0, rules.declined_with_evidence), (0.5, rules.declined)):
        game = engine.new_game(model(optimism=optimism), 2)
        game, _ = engine.play_round(game, Decision(discover=(("big", "data"),),
                                                   answers={"big": "later"}))
        game, report = engine.play_round(game, Decision(answers={"big": "no"}))
        declined = [a for a, why in trust_causes(report, "ann") if "declined" in why]
        assert declined == [pytest.approx(expected)], optimism
    game = engine.new_game(model(), 2)
    game, report = engine.play_round(game, Decision(answers={"big": "no"}))
    assert (rules.declined, "Big deal declined flatly") in trust_causes(report, "ann")


def test_delivering_on_arrival_is_credited_as_such_not_as_a_kept_promise() -> None:
    scenario = model()
    rules = scenario.rules.trust
    _, report = engine.play_round(engine.new_game(scenario, 1), Decision(build=("big",)))
    assert trust_causes(report, "ann") == [
        (rules.built, "Big deal shipped"),
        (rules.delivered_at_once, "Big deal delivered in the sprint it was asked for"),
    ]
    assert not any(r.kind == "promise_kept" for r in report.reactions)


def test_a_promise_re_dated_without_evidence_is_broken() -> None:
    scenario = model()
    game = engine.new_game(scenario, 1)
    game, _ = engine.play_round(game, Decision(answers={"big": "next"}))
    game, report = engine.play_round(game, Decision(answers={"big": "next"}))
    causes = trust_causes(report, "ann")
    assert any(a == scenario.rules.trust.broken_promise and "re-dated" in why
               for a, why in causes)
    game, report = engine.play_round(game, Decision(build=("big",)))
    assert not any("promise kept" in why for _, why in trust_causes(report, "ann"))


def test_capacity_lost_to_low_trust_ramps_over_a_band() -> None:
    scenario = model()
    rules = scenario.rules.trust
    game = engine.new_game(scenario, 1)
    losses = []
    for trust in (rules.cooperation_below, rules.cooperation_below - rules.cooperation_band / 2,
                  rules.cooperation_below - rules.cooperation_band):
        game.trust = {sid: trust for sid in game.trust}
        losses.append(10 - capacity(game)[0])
    assert losses[0] == 0 and 0 < losses[1] < losses[2]
    assert losses[2] == round(10 * rules.cooperation_penalty)


def test_escalation_chance_ramps_with_trust() -> None:
    assert ramp(30, 25, 15) == 0 and ramp(25 - 7.5, 25, 15) == 0.5 and ramp(0, 25, 15) == 1


def test_value_arrives_over_the_adoption_rounds() -> None:
    scenario = model(adoption=3)
    game = engine.new_game(scenario, 4)
    value = game.truth.impact["big"]["revenue"]
    start = game.metrics["revenue"]
    revenues = []
    for decision in (Decision(build=("big",)), Decision(), Decision(), Decision()):
        game, _ = engine.play_round(game, decision)
        revenues.append(game.metrics["revenue"] - start)
    assert revenues == pytest.approx([value / 3, 2 * value / 3, value, value], abs=0.01)


def test_lateness_slides_value_down_over_rounds() -> None:
    assert timeliness(3, 0.2, 3, 2) == 1.0
    assert timeliness(3, 0.2, 4, 2) == pytest.approx(0.6)
    assert timeliness(3, 0.2, 5, 2) == pytest.approx(0.2)
    assert timeliness(3, 0.2, 9, 2) == pytest.approx(0.2)


@pytest.mark.parametrize(("points", "held"), [(0, 0.0), (1, 1 / 3), (3, 1.0), (5, 1.0)])
def test_tech_debt_work_holds_off_the_wear_in_proportion_to_its_size(points: int,
                                                                      held: float) -> None:
    from test_engine_support import make, req

    requests = [req("fix", kind="tech_debt", estimate=max(1, points))]
    scenario = make(requests=requests, rules={"trust": {"parked_wear": 0}})
    decay = scenario.rules.product.tech_decay
    build = ("fix",) if points else ()
    _, report = engine.play_round(engine.new_game(scenario, 0),
                                  Decision(build=build, answers={} if points else
                                           {"fix": "later"}))
    wear = [c.amount for change in report.metrics if change.target == "tech_health"
            for c in change.causes if "wear" in c.reason or "no tech-debt" in c.reason]
    assert sum(wear) == pytest.approx(-decay * (1 - held))
