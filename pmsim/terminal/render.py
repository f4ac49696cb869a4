"""Text for the terminal game, drawn only from the player view, round reports and the debrief."""

from __future__ import annotations

import textwrap

from ..analysis.compare import Comparison
from ..engine.debrief import Debrief
from ..engine.labels import METRIC_LABELS, impact_words, range_words
from ..engine.report import RoundReport
from ..engine.view import PlayerView, RequestView
from ..scenario.models import Scenario

WIDTH = 100
ANSWER_WORDS = {"next": "next", "later": "later", "not_now": "not now", "no": "no"}


def wrap(text: str, indent: str = "  ") -> str:
    return "\n".join(
        textwrap.fill(p, WIDTH, initial_indent=indent, subsequent_indent=indent)
        for p in text.strip().split("\n\n")
    )


def impact_text(impact: dict[str, float]) -> str:
    return impact_words(impact) or "-"


def briefing(scenario: Scenario) -> str:
    lines = [scenario.title.upper(), "", wrap(scenario.briefing), "", "Your colleagues:"]
    for person in scenario.stakeholders:
        cares = ", ".join(METRIC_LABELS[m].lower() for m in person.cares_about) or "—"
        lines.append(
            f"  {person.name}, {person.role}: trust {person.trust:.0f}, cares about {cares}"
        )
        if person.bio:
            lines.append(wrap(person.bio, "      "))
    lines += [
        "",
        f"The game lasts {scenario.rounds} {scenario.round_name}s. You are scored on customer "
        "value and business value, with tech health and trust as constraints: 100 means every "
        "target met.",
    ]
    return "\n".join(lines)


def board(view: PlayerView, build: tuple[str, ...], answers: dict[str, str],
          discover: tuple[tuple[str, str], ...], planned: int) -> str:
    unit = view.round_name
    free = view.capacity - planned
    state = f"{free} free" if free >= 0 else f"OVERBOOKED by {-free}"
    lines = [
        "=" * WIDTH,
        f"{unit.upper()} {view.round} OF {view.rounds}   capacity {view.capacity} points: "
        f"{planned} planned ({state})",
        "  " + " · ".join(f"{METRIC_LABELS[m]} {v:,.0f}" for m, v in view.metrics.items()),
        "  Trust: " + " · ".join(f"{s.name.split()[0]} {s.trust:.0f}" for s in view.stakeholders),
    ]
    for item in view.news:
        lines.append(f"  NEWS: {item.title}. {item.message}")
    for hint in view.hints:
        lines.append(wrap(f"HINT: {hint}", "  "))
    lines.append("")
    lines.append(f"  {'#':>2}  {'request':<44} {'asks':<8} {'est':>3}  {'claimed impact':<28} plan")
    for number, request in enumerate(view.open_requests, start=1):
        lines.append("  " + row(number, request, build, answers, discover, view))
    done = [r for r in view.requests if r.status in ("shipped", "declined")]
    if done:
        lines.append("  Done: " + "; ".join(f"{r.title} ({r.status})" for r in done))
    lines.append("  Commands: b N build · d N METHOD discover · a N next|later|notnow|no · "
                 "i N details · u undo · r redo · e end · h help · q quit")
    return "\n".join(lines)


def row(number: int, request: RequestView, build: tuple[str, ...], answers: dict[str, str],
        discover: tuple[tuple[str, str], ...], view: PlayerView) -> str:
    marks = []
    if request.forced:
        marks.append("FORCED")
    if request.new:
        marks.append("new")
    if request.status == "active":
        marks.append(f"{request.progress} pts done")
    if request.deadline is not None:
        marks.append(f"due {view.round_name} {request.deadline}")
    if request.locked_by:
        marks.append("locked")
    if request.promised_for:
        marks.append(f"promised for {request.promised_for}")
    if request.id in build or request.forced:
        plan = "BUILD"
    elif request.id in answers:
        plan = ANSWER_WORDS[answers[request.id]]
    elif request.answer:
        plan = f"({ANSWER_WORDS[request.answer]})"
    else:
        plan = "·"
    runs = [m for r, m in discover if r == request.id]
    if runs:
        plan += " +discover " + ",".join(runs)
    title = request.title if len(request.title) <= 44 else request.title[:43] + "…"
    claim = impact_text(request.claimed_impact)
    claim = claim if len(claim) <= 28 else claim[:27] + "…"
    asker = request.asker_name.split()[0][:8]
    points = request.remaining_estimate
    line = f"{number:>2}  {title:<44} {asker:<8} {points:>3}  {claim:<28} {plan}"
    if marks:
        line += "\n" + " " * 8 + "[" + "; ".join(marks) + "]"
    return line


def details(request: RequestView, view: PlayerView) -> str:
    lines = [
        f"{request.title}  ({request.kind}, asked by {request.asker_name})",
        wrap(f"“{request.pitch}”"),
        f"  Estimate: {request.estimate} points"
        + (f"; {request.progress} already done" if request.progress else ""),
        f"  Claimed impact: {impact_text(request.claimed_impact)}",
    ]
    if request.deadline is not None:
        lines.append(f"  Deadline: {view.round_name} {request.deadline}")
    if request.depends_on:
        lines.append(f"  Needs first: {', '.join(request.depends_on)}"
                     + (" (not shipped yet)" if request.locked_by else " (shipped)"))
    for evidence in request.evidence:
        lines.append(wrap(f"{evidence.method_name}: {evidence.text or 'nothing new found.'}"))
    if request.known_impact:
        lines.append(f"  Discovery narrowed the impact to: {range_words(request.known_impact)}")
    if request.known_cost:
        lo, hi = request.known_cost
        lines.append(f"  Discovery narrowed the cost to: {lo}-{hi} points")
    if request.discovery_left:
        costs = {m.id: m for m in view.methods}
        options = ", ".join(f"{m} ({costs[m].name}, {costs[m].cost} pt)"
                            for m in request.discovery_left)
        lines.append(f"  Discovery you can run: {options}")
    return "\n".join(lines)


def report(rep: RoundReport, unit: str) -> str:
    lines = ["-" * WIDTH, f"RESULTS OF {unit.upper()} {rep.round}: "
             f"capacity {rep.capacity}, planned {rep.planned}, used {rep.used}"]
    for cause in rep.capacity_causes[1:]:
        lines.append(f"  capacity {cause.amount:+.1f}: {cause.reason}")
    for item in rep.work:
        if item.outcome == "shipped":
            lines.append(f"  Shipped {item.title} (it really cost {item.cost} points)"
                         + (" - late" if item.late else ""))
        elif item.outcome == "spilled":
            lines.append(f"  Unfinished: {item.title} ({item.points_this_round} points done, "
                         "continues next time)")
        else:
            lines.append(f"  Not started: {item.title} (no capacity left)")
    for found in rep.discoveries:
        lines.append(wrap(f"{found.method_name} on {found.request}: "
                          f"{found.evidence or 'nothing new found.'}"))
    for change in (*rep.metrics, *rep.trust):
        label = change.label if change in rep.metrics else f"Trust: {change.label}"
        lines.append(f"  {label} {change.before:,.0f} → {change.after:,.0f} ({change.delta:+,.1f})")
        for cause in change.causes:
            lines.append(f"      {cause.amount:+,.1f}  {cause.reason}")
    for reaction in rep.reactions:
        lines.append(wrap(f"{reaction.name}: “{reaction.quote}”"))
    for item in rep.news:
        lines.append(wrap(f"{item.title}: {item.message}"))
    return "\n".join(lines)


def debrief_text(debrief: Debrief, comparison: Comparison | None, unit: str) -> str:
    s = debrief.score
    lines = ["=" * WIDTH, "DEBRIEF", f"  Final score {s.total:.1f} (100 = every target met)"]
    for pillar, value in s.pillars.items():
        lines.append(f"    {pillar:<11} {value:6.1f}   weight {s.weights[pillar]:.0%}")
    if s.penalty:
        lines.append(f"    balance penalty -{s.penalty:.1f}: a pillar fell below 50")
    lines.append("")
    lines.append("  What each request really was:")
    for r in debrief.requests:
        fate = f"shipped in {unit} {r.shipped_in}" if r.shipped_in else r.status
        lines.append(f"    {r.title[:48]:<48} {fate}")
        lines.append(f"        claimed {impact_text(r.claimed_impact)}; really "
                     f"{impact_text(r.impact)}; cost {r.cost} (estimate {r.estimate})")
    if comparison is not None:
        luck = comparison.player
        lines += [
            "",
            "  Skill and luck:",
            f"    Your decisions, replayed in {luck.samples} other worlds, average "
            f"{luck.expected:.1f} (that is your decision quality).",
            f"    Your actual score beat {luck.percentile:.0f}% of those worlds: "
            f"luck {luck.luck:+.1f}.",
            "",
            "  On the same seed:",
        ]
        for b in comparison.baselines:
            lines.append(f"    {b.name:<8} {b.score:6.1f}   {b.description}")
    if debrief.lessons:
        lines += ["", "  Lessons:"]
        for lesson in debrief.lessons:
            lines.append(wrap(f"[{lesson.principle}] {lesson.text}", "    "))
    return "\n".join(lines)
