"""Presentation: what the player reads about cards, plans, round reports and the debrief, as
typed lines each shell renders its own way (the window with sizes and colours, the terminal as
plain text). Written once, so the two shells never drift apart; titles, never ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from ..engine.labels import impact_words, range_words
from ..engine.report import Change, Reaction, RoundReport, WorkItem
from ..engine.view import PlayerView, RequestView
from ..words import plural, signed_points
from .answers import answer_kind
from .planner import Concern, Planner, Review, Warning


class Size(Enum):
    TITLE = "title"
    LABEL = "label"
    BODY = "body"
    SMALL = "small"


class Tone(Enum):
    """What a line means, which each shell shows as it can (a colour, a sign)."""

    INK = "ink"
    MUTED = "muted"
    GOOD = "good"
    BAD = "bad"
    WARN = "warn"
    ACCENT = "accent"


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    size: Size = Size.BODY
    tone: Tone = Tone.INK
    bold: bool = False


def heading(text: str) -> Line:
    return Line(text, Size.TITLE, Tone.INK, True)


HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame", "rev"})
"""Titles a short name keeps with the surname ("Dr. Hale"), never alone ("Dr.")."""


def short_name(name: str) -> str:
    """A person's name as a tight line shows it: 'Dana Whitlock' -> 'Dana',
    'Dr. Miriam Hale' -> 'Dr. Hale' (a title is kept with the surname, never shown alone);
    a one-word name stays whole."""
    words = name.split()
    if not words:
        return name
    if len(words) > 1 and words[0].rstrip(".").lower() in HONORIFICS:
        return f"{words[0]} {words[-1]}"
    return words[0]


# --- cards ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Card:
    """One request as the board shows it."""

    title: str
    points: int
    byline: str
    claim: str
    marks: tuple[str, ...]
    committed: bool
    forced: bool
    locked: bool


def card(request: RequestView, planner: Planner) -> Card:
    draft = planner.draft
    return Card(
        title=request.title,
        points=request.remaining_estimate,
        byline=f"{request.asker_name} · {request.kind.replace('_', ' ')}",
        claim=f"Claims: {impact_words(request.claimed_impact) or 'no claim'}",
        marks=card_marks(request, planner),
        committed=request.id in draft.build or request.forced,
        forced=request.forced,
        locked=bool(request.locked_by),
    )


def card_marks(request: RequestView, planner: Planner) -> tuple[str, ...]:
    """The short facts under a card's claim: forced, the answer, new, due, locked…"""
    draft = planner.draft
    marks = []
    if request.forced:
        marks.append("FORCED")
    answer = draft.answer_for(request.id)
    if answer:
        marks.append(answer_kind(answer).mark)
    elif request.answer:
        marks.append(f"({answer_kind(request.answer).label.lower()})")
    if request.new:
        marks.append("NEW")
    if request.deadline is not None:
        marks.append(f"due {request.deadline}")
    if request.promised_for is not None:
        marks.append(f"promised for {request.promised_for}")
    if request.locked_by:
        marks.append("locked")
    if request.evidence:
        marks.append("evidence")
    if request.progress:
        marks.append(f"{request.progress} done")
    if any(r == request.id for r, _ in draft.discover):
        marks.append("testing")
    return tuple(marks)


def request_lines(request: RequestView, view: PlayerView) -> list[Line]:
    """Everything the player knows about one request: the board's panel, the terminal's `i`."""
    unit = view.round_name
    estimate = f"estimate {plural(request.estimate, 'point')}"
    if request.progress:
        estimate += f", {request.progress} done"
    out = [
        Line(request.title, Size.LABEL, bold=True),
        Line(f"Asked by {request.asker_name} · {request.kind.replace('_', ' ')} · {estimate}",
             Size.SMALL, Tone.MUTED),
        Line(f"“{request.pitch}”"),
        Line(f"Claimed impact: {impact_words(request.claimed_impact) or 'none'}", Size.SMALL),
    ]
    if request.deadline is not None:
        out.append(Line(f"Deadline: {unit} {request.deadline}", Size.SMALL, Tone.WARN, True))
    if request.locked_by:
        names = ", ".join(r.title for r in view.requests if r.id in request.locked_by)
        out.append(Line(f"Locked: needs {names or 'another request'} shipped first", Size.SMALL,
                        Tone.BAD, True))
    if request.promised_for is not None:
        out.append(Line(f"Promised for {unit} {request.promised_for}", Size.SMALL, Tone.WARN,
                        True))
    for e in request.evidence:
        said, measured = evidence_words(e.text, e.findings)
        out.append(Line(f"{e.method_name}: {said}".rstrip(), Size.SMALL, Tone.GOOD))
        if measured:
            out.append(Line(f"    {measured}", Size.SMALL, Tone.MUTED))
    if request.known_impact:
        several = " together" if len(request.evidence) > 1 else ""
        out.append(Line(f"The findings{several} put the impact at about: "
                        f"{range_words(request.known_impact)} (a finding can be wrong)",
                        Size.SMALL, Tone.GOOD, True))
    if request.known_cost:
        lo, hi = request.known_cost
        span = plural(lo, "point") if lo == hi else f"{lo}-{hi} points"
        out.append(Line(f"Evidence puts the cost at {span}", Size.SMALL, Tone.GOOD, True))
    return out


def findings_words(findings: Mapping[str, float]) -> str:
    """'revenue +1,400, cost about 5 points': what one discovery method measured."""
    impact = {m: v for m, v in findings.items() if m != "cost"}
    words = impact_words(impact)
    if "cost" in findings:
        size = f"cost about {plural(round(findings['cost']), 'point')}"
        words = f"{words}, {size}" if words else size
    return words


def evidence_words(text: str | None, findings: Mapping[str, float],
                   nothing: str = "nothing new.") -> tuple[str, str]:
    """What a method's run says ('' when the scenario has no words for it), and the line
    under it on what it measured ('' for none): only a run that measured nothing found
    `nothing` ("nothing new.")."""
    measured = findings_words(findings)
    if measured:
        return text or "", f"it measured {measured}"
    return text or nothing, ""


def discovery_options(request: RequestView, view: PlayerView) -> str:
    """The methods not yet run on `request`, numbered as `d N M` takes them, with their ids:
    '1. Customer interviews (1 point; interviews), 2. ...'."""
    methods = {m.id: m for m in view.methods}
    return ", ".join(f"{n}. {methods[m].name} ({plural(methods[m].cost, 'point')}; {m})"
                     for n, m in enumerate(request.discovery_left, start=1))


# --- ending a round ------------------------------------------------------------------------


def warning_text(warning: Warning) -> str:
    match warning.concern:
        case Concern.OVERBOOKED:
            return (f"{plural(warning.planned, 'point')} planned for a capacity of "
                    f"{warning.capacity}: "
                    "overtime hurts morale and quality.")
        case Concern.BROKEN_PROMISE:
            return (f"'{warning.titles[0]}' was promised for this round and is not in the "
                    "plan: ending now breaks the promise.")
        case Concern.REPLANNED_PROMISE:
            return (f"'{warning.titles[0]}' was promised for this round: moving it costs "
                    "trust (less with new evidence), and re-dating it without new evidence "
                    "breaks the promise.")
        case Concern.UNANSWERED:
            return f"No answer yet for: {', '.join(warning.titles)}. Their askers will notice."


def review_lines(review: Review) -> list[Line]:
    """The confirmation before a round ends: the plan, then what may be a mistake."""
    out = [Line("Committed to this round:", Size.LABEL, bold=True)]
    for item in review.commitments:
        what = f"{item.method} on {item.title}" if item.method else item.title
        out.append(Line(f"• {what} ({item.points} pt)"))
    if not review.commitments:
        out.append(Line("• nothing"))
    out += [Line("! " + warning_text(w), tone=Tone.WARN) for w in review.warnings]
    return out


# --- a round's report ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportLines:
    work: tuple[Line, ...]
    """What was done, and what moved."""
    people: tuple[Line, ...]
    """Trust, what people said, and news."""

    @property
    def all(self) -> tuple[Line, ...]:
        return self.work + self.people


def report_lines(report: RoundReport, titles: Mapping[str, str], unit: str,
                 progress: float = 1.0, last: bool = False) -> ReportLines:
    """A round's results; numbers shown at the animation's `progress` (0 to 1). `last`: the
    game's final round, after which unfinished work does not continue."""
    r = report
    work = [Line(f"Capacity {plural(r.capacity, 'point')}; the plan asked for {r.planned}; "
                 f"{r.used} {'was' if r.used == 1 else 'were'} used.")]
    work += [Line(f"Capacity {signed_points(c.amount)}: {c.reason}", Size.SMALL, Tone.MUTED)
             for c in r.capacity_causes[1:]]
    work += [_work_line(item, unit, last) for item in r.work]
    for found in r.discoveries:
        title = titles.get(found.request, found.request)
        said, measured = evidence_words(found.evidence, found.findings, "nothing new was found.")
        work.append(Line(f"{found.method_name} on '{title}': {said}".rstrip(),
                         tone=Tone.ACCENT))
        if measured:
            work.append(Line(f"    {measured}", Size.SMALL, Tone.MUTED))
    if r.metrics:
        work.append(heading("What moved, and why"))
    for change in r.metrics:
        work += _change_lines(change, progress, "{:,.0f}", "{:+,.1f}")
    people: list[Line] = []
    if r.trust:
        people.append(heading("Trust"))
    for change in r.trust:
        people += _change_lines(change, progress, "{:.0f}", "{:+.1f}")
    if r.reactions:
        people.append(heading("What people said"))
    people += reaction_lines(r.reactions, titles)
    if r.news:
        people.append(heading("News"))
    people += [Line(f"{item.title}. {item.message}") for item in r.news]
    return ReportLines(tuple(work), tuple(people))


def reaction_lines(reactions: Sequence[Reaction], titles: Mapping[str, str]) -> list[Line]:
    """What people said, each quote once: a person who says the same thing about several
    requests is quoted once, with the requests it was about."""
    about: dict[tuple[str, str], list[str]] = {}
    for x in reactions:
        names = about.setdefault((x.name, x.quote), [])
        if x.request is not None:
            names.append(titles.get(x.request, x.request))
    out = []
    for (name, quote), requests in about.items():
        topic = f" (about {', '.join(dict.fromkeys(requests))})" if len(requests) > 1 else ""
        out.append(Line(f"{name}: “{quote}”{topic}"))
    return out


def _work_line(item: WorkItem, unit: str, last: bool = False) -> Line:
    if item.outcome == "shipped":
        late = ", after its deadline" if item.late else ""
        cost = plural(item.cost, "point") if item.cost is not None else "its points"
        return Line(f"Shipped: {item.title} (it really cost {cost}{late})", tone=Tone.GOOD,
                    bold=True)
    if item.outcome == "spilled":
        done = plural(item.points_this_round, "point")
        after = "the game ended before it shipped" if last else f"it continues next {unit}"
        return Line(f"Unfinished: {item.title}, {done} done; {after}", tone=Tone.WARN,
                    bold=True)
    return Line(f"Not started: {item.title} (no capacity left)", tone=Tone.WARN, bold=True)


def _change_lines(change: Change, progress: float, value: str, delta: str) -> list[Line]:
    now = change.before + change.delta * progress
    tone = Tone.GOOD if change.delta >= 0 else Tone.BAD
    head = (f"{change.label} {value.format(change.before)} to {value.format(now)} "
            f"({delta.format(change.delta * progress)})")
    causes = [Line(f"{delta.format(c.amount)}  {c.reason}", Size.SMALL) for c in change.causes]
    return [Line(head, Size.LABEL, tone, True), *causes]
