"""What an author should change next, in words that name requests: read from the verdict, the
request figures, demand, games scoring 0 and robustness.

Each suggestion comes from one test on the figures (thresholds below); the tests follow
docs/authoring.md's levers (demand above capacity, bets that can be duds, evidence that tells
gems from duds, overlapping optimism, value spread across kinds).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..scenario.models import DiscoveryMethod, Scenario
from ..words import plural
from .breakdown import RequestFigures, RoundDemand, Zeros
from .judgement import BIG_BET
from .memorised import telling_check
from .robust import RobustReport
from .verdict import Check
from .world_reader import replayed_truths

DEMAND_BAR = 1.5
"""Asks at least this many times the capacity (docs/authoring.md: 'half as much again')."""
OFTEN, RARELY, SURE = 0.5, 0.3, 0.9
"""Shares of seeds: built 'often' (at least half), a gap that matters, value that is 'sure'."""

CUE_HINTS = (
    ("kind-weighted", "the pitches, weighed by what sort of work each card is, rank well enough: "
     "put gems and duds in every kind (so that no kind pays better per point on average, "
     "replay after replay), and make some of the big pitches in the kinds that pay duds"),
    ("pitch-read", "a player who replayed the scenario learns, request by request, how its "
     "worth follows its own pitch: make the same bet a gem in some games and a dud in others "
     "behind alike pitches (widen its `impact` ranges about their centres, put its losses in "
     "metrics it does not claim), so that only a check tells which this game holds"),
    ("claims-first", "the value sits in the pitches that claim one metric: make some of "
     "those pitches duds, and put gems among the asks that claim the other metrics"),
    ("promise-fill", "promising what it builds next anyway and keeping it earns more trust than "
     "judgement earns value: raise the stakes on the bets (wider `impact` ranges that hold "
     "gems and duds), and make some of the small, safe-looking asks duds"),
    ("world-reader", "a player who replayed the scenario reads the world off the pitches: "
     "lower the `insight` of the askers whose requests the worlds change (how often they "
     "pitch from the real world), so that only a check tells"),
    ("replayed", "a player who replays the scenario learns which requests pay: state `worlds` "
     "(format 3) in which today's gems are duds and other asks pay, so that only this game's "
     "evidence tells"),
    ("cheapest", "cheap work is always worth it: add cheap requests that change little"),
    ("smallest-claim", "small pitches are the safe ones: give some small asks real downside"),
    ("priciest", "big work is always worth it: make some big asks duds"),
    ("quietest", "the quiet voices' claims run truer: overlap the askers' `optimism` ranges"),
    ("loudest", "the loud voices are right: give them bets that can be duds"),
    ("least-trust", "whom to please decides it: spread gems across askers"),
    ("-first", "the value sits in one or two kinds: put gems and duds in every kind"),
    ("claim", "ranking by the pitches is enough: make some big pitches duds, or raise "
     "`uncertainty` on the bets"),
    ("random", "building hardly matters: raise the stakes and tighten capacity"),
    ("nothing", "building hardly matters: raise the stakes and tighten capacity"),
)

REPLAYED_WITH_WORLDS = (
    "a player who replays the scenario learns which requests pay, whichever world it is: make "
    "the worlds differ in what pays (in one world's `impact_in` today's gems are duds and other "
    "asks pay), so that only this game's evidence tells")
"""The 'replayed' hint when the scenario already states worlds: they do not differ enough."""


@dataclass(frozen=True)
class Suggestion:
    text: str
    requests: tuple[str, ...] = ()
    """The request ids it names."""
    about: str = ""
    """The verdict check, or the figure, it answers."""

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "requests": list(self.requests), "about": self.about}


def _q(ids: Sequence[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def _skip_hint(rule: str) -> str | None:
    """The hint for a rule that skips one kind ('naive:skip-bug/later'): give the kind a gem
    that is still a bet, so that the advice to widen sure ranges does not take it away."""
    if "skip-" not in rule:
        return None
    kind = rule.split("skip-", 1)[1].split("/", 1)[0]
    return (f"no `{kind}` request is worth building: give that kind a gem that is still a bet, "
            "worth something in most seeds but not all (an `impact` range mostly above 0 that "
            "can reach below it), so skipping the kind loses and checking it pays")


def _sole_gems(scenario: Scenario, rows: Sequence[RequestFigures]) -> dict[str, str]:
    """The requests that are the only gem of their kind (worth something in at least half
    the seeds), each with its kind: were one made a dud, a rule could skip the kind."""
    kinds = {r.id: r.kind for r in scenario.requests}
    gems: dict[str, list[str]] = {}
    for r in rows:
        if r.gem >= OFTEN and r.id in kinds:
            gems.setdefault(kinds[r.id], []).append(r.id)
    return {ids[0]: kind for kind, ids in gems.items() if len(ids) == 1}


def _keep(sole: dict[str, str], ids: Sequence[str]) -> str:
    """The caveat for advice that would turn a kind's only gem into a dud: it must stay a gem
    in most seeds, or the next report says to give that kind a gem again."""
    kept = [rid for rid in ids if rid in sole]
    if not kept:
        return ""
    kinds = sorted({sole[rid] for rid in kept})
    one = len(kept) == 1
    return (f". Keep {_q(kept)} worth something in most seeds (most of "
            f"{'its' if one else 'their'} range above 0): {'it is' if one else 'each is'} the "
            f"only gem among the {' and '.join(f'`{k}`' for k in kinds)} requests, and a kind "
            "with no gem is one a template can skip")


def suggestions(scenario: Scenario, checks: Sequence[Check], rows: Sequence[RequestFigures],
                demand: Sequence[RoundDemand], zeros: Sequence[Zeros],
                robust: RobustReport | None = None) -> list[Suggestion]:
    """Every suggestion that applies, the ones answering a failed verdict check first."""
    failed = {c.name.split(" (")[0]: c for c in checks if not c.passed}
    found = [*_demand(demand, rows)]
    sole = _sole_gems(scenario, rows)
    if "evidence / best naive rule" in failed:
        found += [*_traps(scenario, rows), *_missed(scenario, rows),
                  *_template(rows, failed, sole, len(scenario.worlds) > 1)]
    if "optimal / evidence" in failed:
        found += [*_certain(rows, sole), *_free_and_sharp(scenario)]
    if "rice / loudest" in failed:
        found += [*_hippo(scenario, rows, sole)]
    if "evidence / best memorised plan" in failed:
        found.append(_memorised(scenario))
    if "evidence / random plans with 'later'" in failed:
        found.append(Suggestion(
            "random plans that answer politely do nearly as well as `evidence`: building "
            "hardly matters. Raise the stakes on the bets (wider `impact` ranges) and lower "
            "`capacity`", about="evidence / random plans with 'later'"))
    found += [*_zeros(zeros), *_robust(robust)]
    return found


def _memorised(scenario: Scenario) -> Suggestion:
    """The memorised plan plays as well as judgement: name the check it runs."""
    requests: tuple[str, ...]
    found = telling_check(scenario, replayed_truths(scenario))
    check, requests = "one check", ()
    if found is not None:
        (rid, mid), accuracy = found
        check = f"`{mid}` on '{rid}' (it names the world {accuracy:.0%} of the time)"
        requests = (rid,)
    return Suggestion(
        f"{check} tells the world, and each world settles which requests pay: a player who "
        "replayed the scenario runs that check and plays a list. Make the requests that matter "
        "bets within each world too (impact ranges, in `impact` and `impact_in`, that hold a "
        "loss and a gain in every world), each with a check of its own that sees its metrics",
        requests, "evidence / best memorised plan")


def _demand(demand: Sequence[RoundDemand], rows: Sequence[RequestFigures]) -> Iterator[Suggestion]:
    if not demand:
        return
    asked, capacity = demand[-1].asked_so_far, demand[-1].capacity_so_far
    if capacity and asked < DEMAND_BAR * capacity:
        everyone = [r.id for r in rows if min(r.built.values()) >= SURE]
        also = f"; every policy builds {_q(everyone)}: nothing there is a choice" if everyone \
            else ""
        yield Suggestion(
            f"the board asks for {asked:.0f} points against {capacity} of capacity "
            f"({asked / capacity:.2f}x, aim for {DEMAND_BAR}x or more): add requests or lower "
            f"`capacity`, so every yes is a no elsewhere{also}", tuple(everyone), "demand")


def _check_on(scenario: Scenario, rid: str) -> DiscoveryMethod | None:
    """The cheapest method that has evidence on request `rid` and measures a metric its pitch
    claims (reveals impact, and `sees` one of them); None if there is none."""
    request = next(r for r in scenario.requests if r.id == rid)
    claimed = set(request.claimed_metrics())
    found = [m for m in scenario.discovery if m.id in request.evidence
             and m.reveals in ("impact", "both") and (m.sees is None or claimed & set(m.sees))]
    return min(found, key=lambda m: (m.cost, m.id), default=None)


def _traps(scenario: Scenario, rows: Sequence[RequestFigures]) -> Iterator[Suggestion]:
    for r in rows:
        evidence, optimal = r.built["evidence"], r.built["optimal"]
        if r.gem < OFTEN and evidence >= OFTEN and evidence >= optimal + RARELY:
            check = _check_on(scenario, r.id)
            due = _falls_due(scenario, r.id)
            if due is not None:
                fix = (f"It is {due}, and `evidence` honours commitments unless a check "
                       "undercuts them first: leave a round to check it before it falls due "
                       "(promise it later, `roadmap: promised:`), or make the check cheaper")
            elif check is None:
                fix = ("Give it `evidence` text on a cheap method that `sees` what it claims, "
                       "so a check can tell a dud")
            elif check.cost >= r.estimate:
                fix = (f"Checking it ('{check.id}', {plural(check.cost, 'point')}) costs as much "
                       "as building it: make it bigger, so a check pays, or its pitch quieter")
            elif r.estimate < BIG_BET * _median_estimate(scenario) and check.cost > 0:
                fix = (f"`evidence` checks big bets (work of {BIG_BET}x the median ask or more) "
                       f"and pitches that stand out; at {r.estimate} points it is neither, so it "
                       "is built on its pitch: make it a bigger bet, or its pitch smaller")
            else:
                fix = f"Give '{check.id}' a lower `precision` (sharper findings)"
            yield Suggestion(
                f"'{r.id}' is worth anything in only {r.gem:.0%} of seeds (mean "
                f"{r.worth:+.1f} points), yet `evidence` builds it in {evidence:.0%} "
                f"(the optimum in {optimal:.0%}): its evidence does not tell it apart. {fix}",
                (r.id,), "evidence / best naive rule")


def _median_estimate(scenario: Scenario) -> float:
    return statistics.median(r.estimate for r in scenario.requests)


def _overbuilt(rows: Sequence[RequestFigures]) -> list[str]:
    """The requests `evidence` builds most often beyond the optimum (by 30 points or more)."""
    over = sorted((r for r in rows if r.built["evidence"] >= r.built["optimal"] + RARELY),
                  key=lambda r: r.built["optimal"] - r.built["evidence"])
    return [r.id for r in over[:2]]


def _falls_due(scenario: Scenario, rid: str) -> str | None:
    """How request `rid` is committed before a check could report, if it is: promised on the
    inherited roadmap, or due, by the round after it arrives; None otherwise."""
    request = next(r for r in scenario.requests if r.id == rid)
    soon = (request.arrives or 1) + 1
    promised = scenario.roadmap.dated().get(rid)
    if promised is not None and promised <= soon:
        return f"promised for round {promised} on the inherited roadmap"
    if request.deadline is not None and request.deadline <= soon:
        return f"due by round {request.deadline}"
    return None


def _missed(scenario: Scenario, rows: Sequence[RequestFigures]) -> Iterator[Suggestion]:
    promised = scenario.roadmap.dated()
    for r in rows:
        evidence, optimal = r.built["evidence"], r.built["optimal"]
        if r.id in promised and r.gem < OFTEN:
            continue  # the optimum keeps a promise on a dud: not a gem evidence misses
        if optimal >= OFTEN and evidence <= optimal - RARELY:
            check = _check_on(scenario, r.id)
            if check is None:
                fix = ("nothing checks it cheaply. Give it `evidence` on a cheap method that "
                       "`sees` what it claims")
            else:
                rivals = _overbuilt(rows)
                instead = f" ({_q(rivals)}, built by `evidence` more often than by the " \
                    "optimum)" if rivals else ""
                fix = (f"'{check.id}' can check it, but `evidence` spends the points elsewhere"
                       f"{instead}. Lower its estimate, or make the requests it loses to less "
                       "sure")
            yield Suggestion(
                f"the optimum builds '{r.id}' in {optimal:.0%} of seeds, `evidence` in only "
                f"{evidence:.0%}: {fix}", (r.id,), "evidence / best naive rule")


def _template(rows: Sequence[RequestFigures], failed: dict[str, Check],
              sole: dict[str, str], worlds: bool) -> Iterator[Suggestion]:
    rule = failed["evidence / best naive rule"].name.split("(")[-1].rstrip(")")
    sure = [r for r in rows if r.gem >= SURE and r.built["best naive"] >= OFTEN]
    sure.sort(key=lambda r: -r.built["best naive"])
    if sure:
        ids = [r.id for r in sure[:3]]
        least = min(r.gem for r in sure[:3])
        often = "every seed" if least >= 1 else f"{least:.0%} of seeds or more"
        yield Suggestion(
            f"{_q(ids)} {'is' if len(ids) == 1 else 'are'} worth building in {often} and "
            f"`{rule}` builds "
            f"{'it' if len(ids) == 1 else 'them'} without reading any evidence: make "
            f"{'it a bet' if len(ids) == 1 else 'them bets'} (an `impact` range that reaches "
            f"below 0, more `uncertainty`), or add look-alikes that change little, big "
            f"enough that a careful player checks them{_keep(sole, ids)}", tuple(ids),
            "evidence / best naive rule")
    hint = _skip_hint(rule) or next((h for cue, h in CUE_HINTS if cue in rule), None)
    if hint and "replayed" in rule and worlds:
        hint = REPLAYED_WITH_WORLDS
    if hint:
        yield Suggestion(f"the best template is `{rule}`: {hint}",
                         about="evidence / best naive rule")


def _certain(rows: Sequence[RequestFigures], sole: dict[str, str]) -> Iterator[Suggestion]:
    certain = sorted((r for r in rows if r.gem in (0.0, 1.0)), key=lambda r: -r.estimate)
    bets = certain[:3] or sorted(rows, key=lambda r: -r.estimate)[:3]
    ids = [r.id for r in bets]
    why = "are worth the same sign in every seed" if certain else "are the biggest asks"
    yield Suggestion(
        f"hindsight adds little over `evidence`: {_q(ids)} {why}. Widen their `impact` ranges "
        "to hold both a loss and a win, and raise their `uncertainty`, so there is something "
        f"to find out{_keep(sole, ids)}", tuple(ids), "optimal / evidence")


FREE_AND_SHARP = 0.3
"""A method that costs nothing with a `precision` below this checks everything, well."""


def _free_and_sharp(scenario: Scenario) -> Iterator[Suggestion]:
    for method in scenario.discovery:
        if method.cost == 0 and method.reveals != "cost" and method.precision < FREE_AND_SHARP:
            yield Suggestion(
                f"discovery method '{method.id}' costs nothing and is sharp (precision "
                f"{method.precision}): a careful player checks every request with it, so "
                "hindsight knows little more. Give it a cost, a rougher `precision` (0.3-0.4) "
                "or a narrower `sees`", about="optimal / evidence")


def _hippo(scenario: Scenario, rows: Sequence[RequestFigures],
           sole: dict[str, str]) -> Iterator[Suggestion]:
    asker = {r.id: r.asked_by for r in scenario.requests}
    people = {p.id: p for p in scenario.stakeholders}
    top = max(p.influence for p in people.values())
    loud = [r for r in rows if r.built["loudest"] >= OFTEN and r.gem >= OFTEN
            and people[asker[r.id]].influence >= top - 1]
    loud.sort(key=lambda r: -r.built["loudest"])
    for r in loud[:3]:
        who = people[asker[r.id]]
        yield Suggestion(
            f"the HiPPO builds '{r.id}' ({who.name}, influence {who.influence}) in "
            f"{r.built['loudest']:.0%} of seeds and it is worth something in {r.gem:.0%}: "
            "make the loud voices' asks bets that can be duds, and give quieter voices gems"
            f"{_keep(sole, [r.id])}", (r.id,), "rice / loudest")


def _zeros(zeros: Sequence[Zeros]) -> Iterator[Suggestion]:
    for z in zeros:
        if z.policy not in ("evidence", "optimal") or not z.seeds:
            continue
        pillars = ", ".join(z.low_pillars) or "none"
        yield Suggestion(
            f"`{z.policy}` scores 0 in {len(z.seeds)} of {z.of} games (pillars below 50: "
            f"{pillars}): even good play cannot save these worlds. Soften the `neglect` or "
            "events behind those pillars, or lower their targets", about="zeros")


def _robust(report: RobustReport | None) -> Iterator[Suggestion]:
    if report is None or not report.failures:
        return
    written = report.variants[0]
    if not written.holds:
        means = ", ".join(f"{k} {v:.1f}" for k, v in written.means.items())
        yield Suggestion(
            f"the ordering evidence > rice > loudest does not hold even as written ({means}): "
            "make the verdict pass before checking robustness", about="robustness")
        return
    names = ", ".join(v.name for v in report.failures[:4])
    more = f" and {len(report.failures) - 4} more" if len(report.failures) > 4 else ""
    yield Suggestion(
        f"the ordering evidence > rice > loudest breaks under {names}{more}: the lesson hinges "
        "on those numbers; widen the gaps between the policies before fine-tuning them",
        about="robustness")
