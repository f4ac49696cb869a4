"""Capacity, execution and value: the mechanics that turn a plan into moved metrics.

Protects: real cost versus estimate, spillover with progress kept, overcommitment (allowed, but
paid for in morale and tech health, and said so in the report), capacity lost to low morale and
low tech health; impact applied once, revenue counted every round, deadlines and late value,
neglect (also after a decline), tech decay, outages, churn and growth.
"""

from __future__ import annotations

import pytest
from test_engine_support import (
    D,
    causes,
    make,
    metric_delta,
    play,
    reasons,
    req,
    seed_where,
)

from pmsim import engine

# --- capacity and execution ----------------------------------------------------------------------


def test_real_cost_differs_from_the_estimate() -> None:
    scenario = make(requests=[req("a", estimate=4, cost=[4, 9])])
    seed = seed_where(scenario, lambda g: g.truth.cost["a"] == 8)
    game = engine.new_game(scenario, seed)
    assert engine.view(game).request("a").estimate == 4
    end, (report,) = play(game, D(build=["a"]))
    assert report.planned == 4  # the plan counts estimates
    (item,) = report.work
    assert (item.outcome, item.points_this_round, item.cost) == ("shipped", 8, 8)
    assert report.used == 8
    assert engine.view(end).request("a").real_cost == 8


def _spill_scenario() -> engine.Game:
    scenario = make(
        requests=[
            req("a", estimate=4, cost=[4, 9]),
            req("b", estimate=4, impact={"satisfaction": [5, 5]}),
        ],
    )
    return engine.new_game(scenario, seed_where(scenario, lambda g: g.truth.cost["a"] == 8))


def test_work_that_does_not_fit_spills_into_the_next_round() -> None:
    game = _spill_scenario()
    after1, (r1,) = play(game, D(build=["a", "b"]))
    assert r1.planned == 8 and r1.capacity == 10  # fits by estimate...
    outcomes = {w.request: (w.outcome, w.points_this_round) for w in r1.work}
    assert outcomes == {"a": ("shipped", 8), "b": ("spilled", 2)}  # ...but a was bigger
    b = engine.view(after1).request("b")
    assert (b.status, b.progress, b.remaining_estimate, b.real_cost) == ("active", 2, 2, None)
    assert after1.metrics["satisfaction"] == 60  # no value until it ships
    assert "b" in engine.view(after1).roadmap["now"]

    after2, (r2,) = play(after1, D(build=["b"]))
    (item,) = r2.work
    assert (item.outcome, item.points_this_round, item.cost) == ("shipped", 2, 4)
    assert r2.planned == 2  # the plan counts only what is left
    assert after2.status["b"] == "shipped"
    assert metric_delta(r2, "satisfaction") == 5


def test_progress_is_kept_while_spilled_work_waits() -> None:
    game = _spill_scenario()
    after2, _ = play(game, D(build=["a", "b"]), D(answers={"b": "later"}))
    assert engine.view(after2).request("b").progress == 2
    assert after2.status["b"] == "active"
    end, (r3,) = play(after2, D(build=["b"]))
    assert r3.work[0].points_this_round == 2
    assert end.status["b"] == "shipped"


def test_not_started_work_stays_open() -> None:
    scenario = make(requests=[req("a", estimate=10), req("b", estimate=3)])
    after, (report,) = play(engine.new_game(scenario, 0), D(build=["a", "b"]))
    assert [(w.request, w.outcome, w.points_this_round) for w in report.work] == [
        ("a", "shipped", 10), ("b", "not_started", 0)
    ]
    assert after.status["b"] == "open"
    assert engine.view(after).request("b").progress == 0


def test_overcommitting_is_allowed_but_tires_the_team_and_cuts_corners() -> None:
    scenario = make(
        requests=[req("a", estimate=6), req("b", estimate=4), req("c", estimate=4)],
        rules={"team": {"morale_recovery": 3}},
    )
    team = scenario.rules.team
    _, (report,) = play(engine.new_game(scenario, 0), D(build=["a", "b", "c"]))
    assert (report.planned, report.capacity) == (14, 10)
    over = 4
    morale = causes(report, "morale")
    assert [c.amount for c in morale] == [pytest.approx(-over * team.overcommit_morale)]
    assert "14 points" in morale[0].reason and "capacity for 10" in morale[0].reason
    tech = causes(report, "tech_health")
    assert [c.amount for c in tech] == [pytest.approx(-over * team.overcommit_tech_health)]
    assert "corners cut" in tech[0].reason
    # overcommitment spilled work, too
    assert {w.request: w.outcome for w in report.work}["c"] == "not_started"


def test_a_plan_within_capacity_keeps_a_sustainable_pace() -> None:
    scenario = make(
        requests=[req("a", estimate=6), req("b", estimate=4)],
        rules={"team": {"morale_recovery": 3}},
    )
    _, (report,) = play(engine.new_game(scenario, 0), D(build=["a", "b"]))
    assert report.planned == report.capacity == 10
    assert [c.amount for c in causes(report, "morale")] == [3]
    assert "sustainable" in reasons(report, "morale")[0]
    assert report.change("tech_health") is None


def test_discovery_counts_towards_the_plan() -> None:
    scenario = make(
        requests=[req("a", estimate=10)],
        discovery=[{"id": "poke", "name": "Poke it", "cost": 2}],
    )
    _, (report,) = play(engine.new_game(scenario, 0), D(build=["a"], discover=[("a", "poke")]))
    assert report.planned == 12
    assert report.change("morale") is not None and report.change("morale").delta < 0
    assert report.work[0].outcome == "spilled"  # discovery ran first and used 2 points
    assert report.work[0].points_this_round == 8


@pytest.mark.parametrize(
    ("metrics", "capacity", "expected", "words"),
    [
        ({"morale": 30}, 10, 8, ["morale"]),  # 10 * (50 - 30) / 100 = 2 lost
        ({"tech_health": 25}, 20, 16, ["tech"]),  # 20 * (50 - 25) / 125 = 4 lost
        ({"morale": 30, "tech_health": 25}, 10, 6, ["morale", "tech"]),
        ({"morale": 50, "tech_health": 50}, 10, 10, []),  # at the line: no loss
    ],
)
def test_low_morale_and_low_tech_health_lower_capacity(
    metrics: dict[str, float], capacity: int, expected: int, words: list[str]
) -> None:
    scenario = make(requests=[req("a", estimate=20)], capacity=capacity, metrics=metrics,
                    rules={"product": {"outage_below": 0}})
    game = engine.new_game(scenario, 0)
    view = engine.view(game)
    assert view.capacity == expected
    losses = [c for c in view.capacity_causes if c.amount < 0]
    assert len(losses) == len(words)
    for cause, word in zip(losses, words, strict=True):
        assert word in cause.reason.lower()
    assert sum(c.amount for c in view.capacity_causes) == pytest.approx(expected)
    _, (report,) = play(game, D(build=["a"]))
    assert report.capacity == expected
    assert report.capacity_causes == view.capacity_causes
    assert report.used == expected


def test_capacity_can_differ_per_round() -> None:
    scenario = make(requests=[req("a")], capacity=[10, 6, 8], roadmap={"later": ["a"]})
    game = engine.new_game(scenario, 0)
    seen = []
    while not game.over:
        seen.append(engine.view(game).capacity)
        game, _ = engine.play_round(game, D())
    assert seen == [10, 6, 8]


# --- value ---------------------------------------------------------------------------------------


def test_shipping_applies_the_impact_once() -> None:
    scenario = make(requests=[req("a", impact={"satisfaction": [10, 10], "revenue": [1000, 1000]})])
    end, (r1, r2, r3) = play(engine.new_game(scenario, 0), D(build=["a"]), D(), D())
    assert metric_delta(r1, "satisfaction") == 10
    assert metric_delta(r1, "revenue") == 1000
    assert reasons(r1, "satisfaction") == ["Request A shipped"]
    assert r2.metrics == () and r3.metrics == ()
    assert end.metrics["satisfaction"] == 70 and end.metrics["revenue"] == 11000


def test_revenue_counts_every_round_so_shipping_early_is_worth_more() -> None:
    scenario = make(requests=[req("a", impact={"revenue": [1000, 1000]})])
    early, _ = play(engine.new_game(scenario, 0), D(build=["a"]), D(), D())
    late, _ = play(
        engine.new_game(scenario, 0), D(answers={"a": "later"}), D(), D(build=["a"])
    )
    assert early.metrics["revenue"] == late.metrics["revenue"] == 11000
    assert early.revenue_earned == 3 * 11000
    assert late.revenue_earned == 2 * 10000 + 11000
    assert engine.score(early).pillars["business"] > engine.score(late).pillars["business"]


@pytest.mark.parametrize(("late_value", "expected"), [(0.5, 5), (0.0, 0), (1.0, 10)])
def test_shipping_after_the_deadline_gives_only_the_late_value(
    late_value: float, expected: float
) -> None:
    scenario = make(  # late_rounds 1: the whole loss one round late (the ramp has its test)
        requests=[req("a", impact={"satisfaction": [10, 10]}, deadline=1, late_value=late_value)],
        rules={"product": {"late_rounds": 1}},
    )
    _, (_, r2) = play(engine.new_game(scenario, 0), D(answers={"a": "later"}), D(build=["a"]))
    (item,) = r2.work
    assert item.outcome == "shipped" and item.late
    assert metric_delta(r2, "satisfaction") == expected
    if expected:
        assert "deadline" in reasons(r2, "satisfaction")[0]


def test_shipping_by_the_deadline_gives_full_value() -> None:
    scenario = make(
        requests=[req("a", impact={"satisfaction": [10, 10]}, deadline=2, late_value=0.5)]
    )
    _, (_, r2) = play(engine.new_game(scenario, 0), D(answers={"a": "later"}), D(build=["a"]))
    assert not r2.work[0].late
    assert metric_delta(r2, "satisfaction") == 10


def test_neglect_erodes_its_metric_every_round_until_shipped() -> None:
    scenario = make(requests=[req("a", neglect={"satisfaction": [-2, -2]})])
    game = engine.new_game(scenario, 0)
    end, (r1, r2, r3) = play(game, D(answers={"a": "later"}), D(build=["a"]), D())
    assert metric_delta(r1, "satisfaction") == -2
    assert "still not done" in reasons(r1, "satisfaction")[0]
    assert r2.change("satisfaction") is None  # shipped this round: no more erosion
    assert r3.change("satisfaction") is None
    assert end.metrics["satisfaction"] == 58


def test_neglect_goes_on_after_a_decline() -> None:
    scenario = make(requests=[req("a", neglect={"satisfaction": [-2, -2], "customers": [-5, -5]})])
    end, reports = play(engine.new_game(scenario, 0), D(answers={"a": "no"}), D(), D())
    for report in reports:
        assert metric_delta(report, "satisfaction") == -2
        assert metric_delta(report, "customers") == -5
        assert "declined" in reasons(report, "satisfaction")[0]
    assert end.metrics["satisfaction"] == 54 and end.metrics["customers"] == 985


def test_neglect_starts_when_the_request_arrives() -> None:
    scenario = make(requests=[req("a", arrives=2, neglect={"satisfaction": [-2, -2]})])
    _, (r1, r2, _) = play(engine.new_game(scenario, 0), D(), D(answers={"a": "later"}), D())
    assert r1.change("satisfaction") is None
    assert metric_delta(r2, "satisfaction") == -2


def test_tech_health_decays_each_round_no_tech_debt_ships() -> None:
    scenario = make(
        requests=[
            req("debt", kind="tech_debt", estimate=4),
            req("feat", estimate=4),
            req("big-debt", kind="tech_debt", estimate=9),
        ],
        capacity=9,
        rules={"product": {"tech_decay": 2}},
    )
    answers = {"big-debt": "later"}
    end, (r1, r2, r3) = play(
        engine.new_game(scenario, 0),
        D(build=["debt"], answers={"feat": "later", **answers}),
        D(build=["feat"]),
        D(build=["big-debt"]),
    )
    assert r1.change("tech_health") is None  # tech-debt work shipped
    assert metric_delta(r2, "tech_health") == -2
    assert "no tech-debt work shipped" in reasons(r2, "tech_health")[0]
    assert r3.change("tech_health") is None
    assert end.metrics["tech_health"] == 78


def test_unfinished_tech_debt_work_does_not_stop_the_decay() -> None:
    scenario = make(
        requests=[req("debt", kind="tech_debt", estimate=4, cost=[4, 20])],
        rules={"product": {"tech_decay": 2}},
    )
    game = engine.new_game(scenario, seed_where(scenario, lambda g: g.truth.cost["debt"] > 10))
    _, (r1,) = play(game, D(build=["debt"]))
    assert r1.work[0].outcome == "spilled"
    assert metric_delta(r1, "tech_health") == -2


def test_an_outage_is_certain_at_zero_tech_health() -> None:
    scenario = make(requests=[req("a")], metrics={"tech_health": 0}, roadmap={"later": ["a"]})
    outage = scenario.rules.product.outage_satisfaction
    for seed in range(20):
        _, (report,) = play(engine.new_game(scenario, seed), D())
        assert metric_delta(report, "satisfaction") == outage
        assert "outage" in reasons(report, "satisfaction")[0]
        assert [n.kind for n in report.news] == ["outage"]


def test_no_outage_while_tech_health_is_at_or_above_the_line() -> None:
    scenario = make(requests=[req("a")], metrics={"tech_health": 30}, roadmap={"later": ["a"]})
    assert scenario.rules.product.outage_below == 30
    for seed in range(20):
        _, (report,) = play(engine.new_game(scenario, seed), D())
        assert report.change("satisfaction") is None
        assert report.news == ()


def test_outage_chance_grows_as_tech_health_falls() -> None:
    """At tech health 15 (half the way to 0 from the line at 30) the chance is one half, and
    the seed's outage roll decides."""
    scenario = make(requests=[req("a")], metrics={"tech_health": 15}, roadmap={"later": ["a"]})
    seen = set()
    for seed in range(40):
        game = engine.new_game(scenario, seed)
        _, (report,) = play(game, D())
        happened = report.change("satisfaction") is not None
        assert happened == (game.truth.outage_rolls[0] < 0.5)
        seen.add(happened)
    assert seen == {True, False}


def test_low_satisfaction_makes_customers_leave_and_high_brings_them() -> None:
    product = {"churn_below": 50, "churn_per_point": 0.004,
               "growth_above": 70, "growth_per_point": 0.002}
    low = make(requests=[req("a")], metrics={"satisfaction": 40}, rules={"product": product},
               roadmap={"later": ["a"]})
    _, (report,) = play(engine.new_game(low, 0), D())
    assert metric_delta(report, "customers") == pytest.approx(-40)  # 1000 * 0.004 * 10
    assert metric_delta(report, "revenue") == pytest.approx(-400)  # revenue per customer
    assert "left" in reasons(report, "customers")[0]
    high = make(requests=[req("a")], metrics={"satisfaction": 80}, rules={"product": product},
                roadmap={"later": ["a"]})
    _, (report,) = play(engine.new_game(high, 0), D())
    assert metric_delta(report, "customers") == pytest.approx(20)  # 1000 * 0.002 * 10
    assert metric_delta(report, "revenue") == pytest.approx(200)


def test_percent_metrics_are_clamped_and_counts_stay_non_negative() -> None:
    scenario = make(requests=[
        req("up", impact={"satisfaction": [80, 80]}),
        req("down", impact={"customers": [-5000, -5000], "revenue": [-99999, -99999]}),
    ])
    end, (report,) = play(engine.new_game(scenario, 0), D(build=["up", "down"]))
    assert end.metrics["satisfaction"] == 100
    assert end.metrics["customers"] == 0 and end.metrics["revenue"] == 0
    assert metric_delta(report, "satisfaction") == 40  # the change reports what really moved
