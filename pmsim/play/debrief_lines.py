"""The debrief as presentation lines: the score, the truth behind each request, how other ways
of deciding did on the same seed, and the lessons. The comparison comes apart, because it is
worked out in the background and arrives later."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..analysis.compare import Comparison
from ..engine.debrief import Debrief, RequestTruth
from ..engine.labels import impact_words
from .lines import Line, Size, Tone, findings_words, heading, plural

PRINCIPLE_NAMES = {"customer_voice": "voice of the customer"}


def score_lines(debrief: Debrief, result_path: Path | None = None) -> list[Line]:
    """The final score and its pillars (the charts of every metric go right below)."""
    s = debrief.score
    out = [Line(f"Final score {s.total:.1f}   (100 = every target met; up to 150)", Size.TITLE,
                bold=True)]
    if result_path is not None:
        out.append(Line(f"Your result is saved for your facilitator: {result_path}",
                        tone=Tone.ACCENT, bold=True))
    pillars = "   ".join(f"{name} {value:.0f} (weight {s.weights[name]:.0%})"
                         for name, value in s.pillars.items())
    out.append(Line(f"Pillars: {pillars}", Size.LABEL))
    if s.penalty:
        out.append(Line(f"Balance penalty -{s.penalty:.1f}: a pillar fell below 50, and "
                        "shortcuts are not free.", tone=Tone.BAD))
    return out


def comparison_lines(comparison: Comparison, titles: Mapping[str, str], unit: str) -> list[Line]:
    """Skill and luck, then every baseline on the same seed."""
    luck = comparison.player
    out = [
        heading("Skill and luck"),
        Line(f"Your decisions, replayed in {luck.samples} other worlds (the same events, but "
             f"other true costs and values), average {luck.expected:.1f}: that is the quality "
             f"of your decisions. Your actual score beat {luck.percentile:.0f}% of those "
             f"worlds, so luck gave you {luck.luck:+.1f}."),
        heading("On the same seed"),
    ]
    for b in comparison.baselines:
        note = f" (decision quality {b.luck.expected:.1f})" if b.luck else ""
        out.append(Line(f"{b.name}: {b.score:.1f}{note}. {b.description}."))
        if b.name in ("rice", "wsjf"):
            built = "; ".join(
                f"{unit} {k}: " + (", ".join(titles.get(r, r) for r in shipped) or "nothing")
                for k, shipped in enumerate(b.shipped, start=1))
            out.append(Line(f"    {b.name.upper()} would have shipped: {built}", Size.SMALL,
                            Tone.MUTED))
    return out


def _evidence_lines(r: RequestTruth) -> list[Line]:
    """What discovery found beside the truth (where it misled, and by how much), or what it
    would have shown."""
    out = [Line(f"{name} found {findings_words(found) or 'nothing'}", Size.SMALL, Tone.ACCENT)
           for name, found in r.findings.items()]
    if r.evidence and not r.discovered:
        shown = " ".join(f"{name}: {text}" for name, text in r.evidence.items())
        out.append(Line(f"Discovery would have shown: {shown}", Size.SMALL, Tone.ACCENT))
    return out


def truth_lines(debrief: Debrief, unit: str) -> list[Line]:
    """What each request really was, and the lessons that apply."""
    out = [heading("What each request really was")]
    for r in debrief.requests:
        fate = f"shipped in {unit} {r.shipped_in}" if r.shipped_in else r.status
        out.append(Line(f"{r.title}: {fate}", Size.LABEL, bold=True))
        waiting = (f"; cost of waiting {impact_words(r.neglect)} per {unit}" if r.neglect
                   else "")
        out.append(Line(f"Claimed {impact_words(r.claimed_impact) or 'nothing'}; really "
                        f"{impact_words(r.impact) or 'nothing'}{waiting}. Cost "
                        f"{plural(r.cost, 'point')} (estimate {r.estimate}).", Size.SMALL))
        out += _evidence_lines(r)
    if debrief.lessons:
        out.append(heading("Lessons"))
    for lesson in debrief.lessons:
        name = PRINCIPLE_NAMES.get(lesson.principle, lesson.principle.replace("_", " "))
        out.append(Line(f"{name.capitalize()}: {lesson.text}"))
    return out
