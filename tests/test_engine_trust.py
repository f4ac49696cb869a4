"""Stakeholder trust: earned by answers, kept promises and evidence; lost by silence and refusals.

Protects every trust rule (`rules.trust`): flat and evidenced refusals, promises kept, broken and
replanned (with and without new evidence), unanswered requests, stakeholders reacting to the
metrics they watch, escalation below `escalation_below` forcing a request into the round, and
slow cooperation below `cooperation_below` costing capacity. The player has no lever that sets
trust directly.
"""

from __future__ import annotations

import dataclasses

import pytest
from test_engine_support import D, make, person, play, reasons, req, seed_where, trust_delta

from pmsim import engine
from pmsim.scenario.models import TrustRules

LOOK = {"id": "look", "name": "Look at the data", "cost": 1}


def _one(**fields: object) -> engine.Game:
    """One stakeholder, Ana (trust 60), with one request 'a' and a discovery method."""
    scenario = make(requests=[req("a", **fields)], discovery=[LOOK], rounds=4)
    return engine.new_game(scenario, 0)


def _rules(game: engine.Game) -> TrustRules:
    return game.scenario.rules.trust


def test_a_flat_no_costs_declined() -> None:
    game = _one()
    end, (report,) = play(game, D(answers={"a": "no"}))
    assert trust_delta(report, "ana") == _rules(game).declined
    assert reasons(report, "ana") == ["Request A declined flatly"]
    assert [(r.kind, r.request) for r in report.reactions] == [("declined", "a")]
    assert end.status["a"] == "declined"
    assert engine.view(end).request("a").status == "declined"
    with pytest.raises(engine.InvalidDecision):
        engine.play_round(end, D(build=["a"]))


def test_a_no_after_discovery_costs_less() -> None:
    game = _one()
    rules = _rules(game)
    assert rules.declined_with_evidence > rules.declined
    # discovery in an earlier round
    after1, _ = play(game, D(discover=[("a", "look")], answers={"a": "later"}))
    _, (report,) = play(after1, D(answers={"a": "no"}))
    assert trust_delta(report, "ana") == rules.declined_with_evidence
    assert "evidence" in reasons(report, "ana")[0]
    # discovery in the same round as the no
    _, (report,) = play(game, D(discover=[("a", "look")], answers={"a": "no"}))
    assert trust_delta(report, "ana") == rules.declined_with_evidence


def test_a_next_promise_kept_earns_trust() -> None:
    game = _one()
    rules = _rules(game)
    after1, (r1,) = play(game, D(answers={"a": "next"}))
    assert r1.trust == ()  # a promise costs nothing to make
    view = engine.view(after1)
    assert (view.request("a").promised_for, view.request("a").answer) == (2, "next")
    assert view.roadmap["now"] == ("a",)
    _, (r2,) = play(after1, D(build=["a"]))
    assert trust_delta(r2, "ana") == rules.built + rules.kept_promise
    assert [r.kind for r in r2.reactions] == ["built", "promise_kept"]
    assert any("promise kept" in reason for reason in reasons(r2, "ana"))


def test_a_broken_promise_costs_more_than_a_flat_no() -> None:
    game = _one()
    rules = _rules(game)
    assert rules.broken_promise < rules.declined
    after1, _ = play(game, D(answers={"a": "next"}))
    after2, (r2,) = play(after1, D())
    assert trust_delta(r2, "ana") == rules.broken_promise
    assert reasons(r2, "ana") == ["promise broken: Request A not delivered, without a word"]
    assert [r.kind for r in r2.reactions] == ["promise_broken"]
    view = engine.view(after2).request("a")
    assert (view.promised_for, view.answer) == (None, None)


def test_the_inherited_roadmap_holds_promises() -> None:
    scenario = make(requests=[req("a"), req("b")], roadmap={"now": ["a"], "next": ["b"]})
    rules = scenario.rules.trust
    game = engine.new_game(scenario, 0)
    view = engine.view(game)
    assert view.request("a").promised_for == 1 and view.request("b").promised_for == 2
    assert view.roadmap == {"now": ("a",), "next": ("b",), "later": ()}
    _, (broken,) = play(game, D(answers={"b": "next"}))
    assert trust_delta(broken, "ana") == rules.broken_promise
    _, (kept,) = play(game, D(build=["a"]))
    assert trust_delta(kept, "ana") == rules.built + rules.kept_promise


def test_a_promise_on_work_that_proved_bigger_is_replanned_and_never_kept_later() -> None:
    scenario = make(requests=[req("a", estimate=4, cost=[4, 16])], discovery=[LOOK])
    rules = scenario.rules.trust
    game = engine.new_game(scenario, seed_where(scenario, lambda g: g.truth.cost["a"] > 10))
    _, (_, r2, r3) = play(game, D(answers={"a": "next"}), D(build=["a"]), D(build=["a"]))
    assert r2.work[0].outcome == "spilled"
    assert trust_delta(r2, "ana") == rules.replanned_with_evidence  # the overrun is the news
    assert "proved bigger" in reasons(r2, "ana")[0]
    assert r3.work[0].outcome == "shipped"
    assert trust_delta(r3, "ana") == rules.built  # late: built, not a promise kept


def test_a_promise_on_an_overfull_plan_that_slips_is_broken() -> None:
    scenario = make(requests=[req("a", estimate=6), req("big", estimate=10)])
    rules = scenario.rules.trust
    game = engine.new_game(scenario, 0)
    _, (_, r2) = play(game, D(answers={"a": "next", "big": "later"}),
                      D(build=["big", "a"]))
    assert [w.outcome for w in r2.work] == ["shipped", "not_started"]
    assert rules.broken_promise in [c.amount for c in r2.change("ana").causes]


def _replan(evidence: str) -> tuple[engine.Game, engine.RoundReport]:
    events = []
    if evidence == "event":
        events = [{"id": "news", "title": "News", "message": "Things changed.", "round": 2,
                   "informs": ["a"]}]
    scenario = make(requests=[req("a")], discovery=[LOOK], events=events)
    game = engine.new_game(scenario, 0)
    first = D(answers={"a": "next"})
    if evidence == "old discovery":  # evidence from before the promise is not new evidence
        first = D(discover=[("a", "look")], answers={"a": "next"})
    after1, _ = play(game, first)
    second = D(answers={"a": "not_now"})
    if evidence == "discovery":
        second = D(discover=[("a", "look")], answers={"a": "not_now"})
    _, (report,) = play(after1, second)
    return game, report


@pytest.mark.parametrize(
    ("evidence", "rule"),
    [
        ("discovery", "replanned_with_evidence"),
        ("event", "replanned_with_evidence"),
        ("none", "replanned"),
        ("old discovery", "replanned"),
    ],
)
def test_taking_back_a_promise(evidence: str, rule: str) -> None:
    game, report = _replan(evidence)
    rules = _rules(game)
    assert rules.replanned_with_evidence > rules.replanned > rules.broken_promise
    # the replanning is the answer: 'not now' is not charged on top of it
    assert trust_delta(report, "ana") == getattr(rules, rule)
    assert len(reasons(report, "ana")) == 1
    words = "with new evidence" if rule == "replanned_with_evidence" else "without new evidence"
    assert words in reasons(report, "ana")[0]
    # dropped for no reason, it is a broken promise to the asker (and to the debrief)
    broken = [r.kind for r in report.reactions] == ["promise_broken"]
    assert broken == (rule == "replanned")


def test_taking_back_a_promise_before_it_is_due_is_replanning() -> None:
    scenario = make(requests=[req("a")], roadmap={"next": ["a"]})
    _, (report,) = play(engine.new_game(scenario, 0), D(answers={"a": "later"}))
    assert trust_delta(report, "ana") == scenario.rules.trust.replanned


def test_an_unanswered_request_costs_trust_every_round() -> None:
    game = _one()
    _, reports = play(game, D(), D(), D())
    for report in reports:
        assert trust_delta(report, "ana") == _rules(game).ignored
        assert reasons(report, "ana") == ["no answer about Request A"]


@pytest.mark.parametrize(("answer", "rule"), [("later", "later"), ("not_now", "postponed")])
def test_a_standing_answer_is_charged_once_then_wears(answer: str, rule: str) -> None:
    game = _one()
    rules = _rules(game)
    _, (r1, r2, r3) = play(game, D(answers={"a": answer}), D(), D(answers={"a": answer}))
    assert trust_delta(r1, "ana") == getattr(rules, rule)
    assert trust_delta(r2, "ana") == pytest.approx(rules.parked_wear)
    assert trust_delta(r3, "ana") == pytest.approx(max(rules.parked_wear_max,
                                                       2 * rules.parked_wear))
    assert all("waited" in why for why in reasons(r2, "ana") + reasons(r3, "ana"))


def test_committed_work_that_got_no_capacity_is_not_charged_as_ignored() -> None:
    scenario = make(requests=[req("big", estimate=10), req("b", estimate=3)])
    _, (report,) = play(engine.new_game(scenario, 0), D(build=["big", "b"]))
    assert {w.request: w.outcome for w in report.work}["b"] == "not_started"
    assert not any("no answer" in reason for reason in reasons(report, "ana"))


def _watchers(impact: dict[str, list[float]]) -> engine.RoundReport:
    scenario = make(
        stakeholders=[
            person("ana"),
            person("bob", cares_about=["satisfaction"]),
            person("cy", cares_about=["revenue"]),
        ],
        requests=[req("a", impact=impact)],
        rules={"trust": {"metric_reaction": 3}},
    )
    _, (report,) = play(engine.new_game(scenario, 0), D(build=["a"]))
    return report


def test_stakeholders_react_to_the_metrics_they_care_about() -> None:
    report = _watchers({"satisfaction": [10, 10], "revenue": [500, 500]})
    assert trust_delta(report, "bob") == pytest.approx(2.0)  # 10 points of satisfaction / 5
    assert "pleased" in reasons(report, "bob")[0]
    assert trust_delta(report, "cy") == pytest.approx(1.0)  # revenue up 5 %
    assert reasons(report, "ana") == [  # Ana watches nothing
        "Request A shipped", "Request A delivered in the sprint it was asked for"]


def test_reactions_are_capped_and_small_moves_are_ignored() -> None:
    report = _watchers({"satisfaction": [-30, -30], "revenue": [100, 100]})
    assert trust_delta(report, "bob") == pytest.approx(-3.0)  # capped at metric_reaction
    assert "worried" in reasons(report, "bob")[0]
    assert report.change("cy") is None  # revenue up 1 %: below half a point of trust


def _escalation(rounds: int = 4, low_trust: float = 5) -> engine.Game:
    """Lou's trust starts at `low_trust`; escalations are certain below the line (a band of
    0.01 instead of the default ramp, whose chances have their own test)."""
    scenario = make(
        rules={"trust": {"escalation_band": 0.01}},
        rounds=rounds,
        stakeholders=[person("ana"), person("lou", trust=low_trust)],
        requests=[
            req("x", by="lou", deadline=2),
            req("y", by="lou"),
            req("z", by="ana"),
        ],
    )
    return engine.new_game(scenario, 0)


def test_low_trust_escalates_and_forces_a_request_into_the_round() -> None:
    game = _escalation()
    view = engine.view(game)
    assert view.request("x").forced and not view.request("y").forced
    assert "x" in view.roadmap["now"]
    (news,) = [n for n in view.news if n.kind == "escalation"]
    assert news.speaker == "lou" and "Request X" in news.title
    # answering a forced request is refused...
    with pytest.raises(engine.InvalidDecision) as info:
        engine.play_round(game, D(answers={"x": "no"}))
    assert any("over your head" in r for r in info.value.reasons)
    # ...and it is built although the decision leaves it out
    after, (report,) = play(game, D(answers={"y": "later", "z": "later"}))
    assert after.status["x"] == "shipped"
    assert [w.request for w in report.work] == ["x"]
    assert report.planned == 2


def test_an_escalation_waits_before_the_next_one() -> None:
    game = _escalation(rounds=4)
    forced = []
    while not game.over:
        view = engine.view(game)
        forced.append(tuple(r.id for r in view.requests if r.forced))
        open_ids = [r.id for r in view.open_requests if not r.forced]
        game, _ = engine.play_round(game, D(answers={rid: "later" for rid in open_ids}))
    assert forced == [("x",), (), (), ("y",)]


def test_trust_falling_below_the_line_starts_escalations() -> None:
    game = _escalation(low_trust=30)
    assert not any(r.forced for r in engine.view(game).requests)
    after, _ = play(game, D(answers={"x": "no", "y": "later", "z": "later"}))
    assert after.trust["lou"] < game.scenario.rules.trust.escalation_below
    view = engine.view(after)
    assert view.request("y").forced
    assert any(n.kind == "escalation" for n in view.news)


def test_an_escalation_never_forces_a_locked_request() -> None:
    scenario = make(
        stakeholders=[person("ana"), person("lou", trust=10)],
        requests=[req("base", by="ana"), req("top", by="lou", depends_on=["base"])],
    )
    view = engine.view(engine.new_game(scenario, 0))
    assert not any(r.forced for r in view.requests)


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ([("ana", 25, 3), ("bob", 25, 3)], 17),  # 15 below 40: the whole 15 % of 20 lost
        ([("ana", 32.5, 3), ("bob", 32.5, 3)], 18),  # half way down the band: half of it
        ([("ana", 30, 1), ("bob", 60, 5)], 20),  # weighted by influence: 55
        ([("ana", 40, 3), ("bob", 40, 3)], 20),  # at the line: no loss
    ],
)
def test_low_average_trust_lowers_capacity(
    people: list[tuple[str, float, int]], expected: int
) -> None:
    scenario = make(
        capacity=20,
        stakeholders=[person(sid, trust=t, influence=i) for sid, t, i in people],
        requests=[req("a")],
    )
    view = engine.view(engine.new_game(scenario, 0))
    assert view.capacity == expected
    slow = [c for c in view.capacity_causes if "cooperate" in c.reason]
    assert len(slow) == (expected < 20)
    if slow:
        rules = scenario.rules.trust
        share = min(1.0, (rules.cooperation_below - view.average_trust) / rules.cooperation_band)
        assert slow[0].amount == pytest.approx(-20 * rules.cooperation_penalty * share)


def test_no_decision_sets_trust() -> None:
    assert [f.name for f in dataclasses.fields(engine.Decision)] == [
        "build", "discover", "answers"
    ]
    with pytest.raises(ValueError):
        engine.Decision.from_dict({"build": [], "trust": {"ana": 100}})
    game = _one()
    with pytest.raises(engine.InvalidDecision) as info:
        engine.play_round(game, D(answers={"ana": "next"}))
    assert info.value.reasons == ["there is no request 'ana'"]


def test_delivering_at_once_is_worth_as_much_as_promising_and_delivering() -> None:
    """No perverse incentive to make people wait: a promise kept next round earns what
    delivering in the round it was asked for earns."""
    scenario = make(stakeholders=[person("ana")], requests=[req("a", by="ana")])
    now, _ = play(engine.new_game(scenario, 0), D(build=("a",)))
    promised, _ = play(engine.new_game(scenario, 0), D(answers={"a": "next"}))
    later, _ = play(promised, D(build=("a",)))
    assert now.trust["ana"] == pytest.approx(later.trust["ana"])


def test_the_chance_of_an_escalation_ramps_down_the_band() -> None:
    """Halfway down the band about half the seeds escalate; at the line none; below it all."""
    def share(trust: float) -> float:
        scenario = make(stakeholders=[person("ana"), person("lou", trust=trust)],
                        requests=[req("x", by="lou")])
        forced = [engine.view(engine.new_game(scenario, s)).request("x").forced
                  for s in range(200)]
        return sum(forced) / len(forced)

    rules = TrustRules()
    assert share(rules.escalation_below) == 0
    assert 0.35 < share(rules.escalation_below - rules.escalation_band / 2) < 0.65
    assert share(rules.escalation_below - rules.escalation_band - 1) == 1
