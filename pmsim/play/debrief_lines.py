"""The debrief as presentation lines: the score, the lessons (mistakes first) and the seven
principles, what each decision was worth, the better plans beside the player's, how other ways
of deciding did on the same seed, and the truth behind each request. The coaching (worths,
plans, baselines) comes apart, because it is worked out in the background and arrives later."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..analysis.coach import Coaching, RoundPlan
from ..analysis.luck import LuckReport
from ..analysis.principles import PrincipleScore, weakest
from ..analysis.sidebyside import DecisionDiff, SideBySide
from ..analysis.worth import ALTERNATIVE, Choice
from ..engine.debrief import Debrief, RequestTruth, WorldTruth
from ..engine.labels import impact_words
from ..words import plural
from .lines import Line, Size, Tone, findings_words, heading

PRINCIPLE_NAMES = {"customer_voice": "voice of the customer"}


def score_lines(debrief: Debrief, result_path: Path | None = None,
                result_note: str = "") -> list[Line]:
    """The final score and its pillars (the charts of every metric go right below); where the
    team's result file went, and why it has a name of its own when it has."""
    s = debrief.score
    out = [Line(f"Final score {s.total:.1f}   (100 = every target met; up to 150)", Size.TITLE,
                bold=True)]
    if result_path is not None:
        out.append(Line(f"Your result is saved for your facilitator: {result_path}",
                        tone=Tone.ACCENT, bold=True))
        if result_note:
            out.append(Line(f"({result_note}.)", Size.LABEL))
    pillars = "   ".join(f"{name} {value:.0f} (weight {s.weights[name]:.0%})"
                         for name, value in s.pillars.items())
    out.append(Line(f"Pillars: {pillars}", Size.LABEL))
    if s.penalty:
        out.append(Line(f"Balance penalty -{s.penalty:.1f}: a pillar fell below 50, and "
                        "shortcuts are not free.", tone=Tone.BAD))
    return out


def _skill(luck: LuckReport) -> Line:
    """The player's decision quality and luck, in one sentence."""
    return Line(f"Your decisions, replayed in {luck.samples} other worlds (the same events, but "
                f"other true costs and values; {_alike(luck)}), average {luck.expected:.1f}: "
                f"that is the quality of your decisions. Your actual score beat "
                f"{luck.percentile:.0f}% of those worlds, so luck gave you {luck.luck:+.1f}.")


def _alike(luck: LuckReport) -> str:
    """How the replayed worlds were weighed: the more a world's capacity and events looked like
    the player's game, the more it counts."""
    if luck.alike <= 0:
        return "none looked much like your game, so each counts the same"
    return (f"each counts as much as it looks like your game, about {luck.alike:.0f} of them "
            "closely")


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
    return out


def world_lines(debrief: Debrief) -> list[Line]:
    """The world this game was played in, hidden until now: why the same request can pay in
    one game and not in the next."""
    world = debrief.world
    if world is None:
        return []
    lines = [Line(f"This game's world: {world.title} (a {round(world.chance * 100)} % "
                  "chance before any evidence).", Size.LABEL, Tone.ACCENT)]
    if world.story:
        lines.append(Line(world.story, Size.SMALL))
    if world.beliefs:
        lines.append(Line(_believers(world), Size.SMALL))
    return lines


def _believers(world: WorldTruth) -> str:
    """Whose hunch about the market was right and whose was not: a pitch shows what its asker
    believes (compared by the worlds' ids: two worlds may share a title)."""
    right = [name for name, wid, _ in world.beliefs if wid == world.id]
    wrong = [f"{name} (believed: {title.rstrip('.')})" for name, wid, title in world.beliefs
             if wid != world.id]
    if not wrong:
        return "Every stakeholder's hunch about the market was right: their pitches followed it."
    said = f"Pitched believing otherwise: {'; '.join(wrong)}."
    return f"Right about the market: {', '.join(right)}. {said}" if right else said


def principle_name(principle: str) -> str:
    """'Voice of the customer', 'Discovery': a principle as the debrief names it."""
    return PRINCIPLE_NAMES.get(principle, principle.replace("_", " ")).capitalize()


def lesson_lines(debrief: Debrief, scores: Mapping[str, PrincipleScore]) -> list[Line]:
    """The scenario's lessons that fit the game, mistakes first ('Next time'), then what went
    well; when none fits, the learner's weakest principle, named from their decisions."""
    out = [heading("Lessons"), *world_lines(debrief)]
    for lesson in debrief.lessons:
        name = principle_name(lesson.principle)
        if lesson.kind == "mistake":
            out.append(Line(f"Next time ({name.lower()}): {lesson.text}", tone=Tone.BAD))
        elif lesson.kind == "praise":
            out.append(Line(f"Well done ({name.lower()}): {lesson.text}", tone=Tone.GOOD))
        else:
            out.append(Line(f"{name}: {lesson.text}"))
    low = weakest(dict(scores))
    if not any(lesson.kind == "mistake" for lesson in debrief.lessons):
        lead = ("None of this scenario's lessons fitted your game." if not debrief.lessons
                else "No lesson named a mistake.")
        name = principle_name(low.principle).lower()
        out.append(Line(f"{lead} Your weakest principle was {name} ({low.score:.0f} of 100): "
                        f"{low.why} Work on it next.", tone=Tone.WARN, bold=True))
    return out


def principle_lines(scores: Mapping[str, PrincipleScore]) -> list[Line]:
    """The seven principles, each scored 0-100 from the game's decisions, with the reason."""
    out = [heading("The seven principles, scored from your decisions")]
    for p in scores.values():
        tone = Tone.GOOD if p.score >= 75 else Tone.BAD if p.score < 50 else Tone.INK
        out.append(Line(f"{principle_name(p.principle)}: {p.score:.0f} of 100. {p.why}",
                        tone=tone))
    return out


ANSWER_WORDS = {"next": "a promise for the next {unit}", "later": "'later'",
                "not_now": "'not now'", "no": "'no'"}


def choice_words(choice: Choice, titles: Mapping[str, str], methods: Mapping[str, str],
                 unit: str) -> tuple[str, str]:
    """(what the player did, the alternative it was measured against), in words."""
    title = titles.get(choice.request, choice.request)
    when = f"in {unit} {choice.round}"
    if choice.action == "build":
        return f"Building {title} {when}", "not building it, answered 'later'"
    if choice.action == "discover":
        method = methods.get(choice.detail, choice.detail)
        return f"Running {method} on {title} {when}", "not running it, deciding the same"
    said = ANSWER_WORDS[choice.detail].format(unit=unit)
    other = ANSWER_WORDS[ALTERNATIVE[choice.detail]].format(unit=unit)
    return f"Answering {said} to {title} {when}", f"answering {other}"


def worth_lines(coaching: Coaching, titles: Mapping[str, str], methods: Mapping[str, str],
                unit: str) -> list[Line]:
    """The three decisions that helped most and the three that cost most, with their points
    and what they changed, and how the points were measured."""
    out = [heading("What your decisions were worth"),
           Line(f"Measured, not estimated: for each of your {len(coaching.worths)} decisions, "
                "your game was replayed in the same world with only that decision changed "
                "(built: not built and answered 'later'; discovery: not run; an answer: the "
                "natural other answer), everything else kept as far as the rules allow. Its "
                "worth is your score minus that replay's.", Size.SMALL, Tone.MUTED)]
    priced = False  # the note under a check that cost points, said once
    for label, items, tone in (("Helped most", coaching.helped, Tone.GOOD),
                               ("Cost most", coaching.cost, Tone.BAD)):
        out.append(Line(label, Size.LABEL, bold=True))
        if not items:
            out.append(Line("None: no decision moved the score by a tenth of a point this way.",
                            Size.SMALL, Tone.MUTED))
        for w in items:
            did, instead = choice_words(w.choice, titles, methods, unit)
            out.append(Line(f"{w.worth:+.1f} points: {did} (against {instead}).", tone=tone))
            if w.causes:
                out.append(Line("What it changed: " + "; ".join(w.causes) + ".", Size.SMALL,
                                Tone.MUTED))
            if w.choice.action == "discover" and w.worth < 0 and not priced:
                priced = True
                out.append(Line(CHECK_PRICE, Size.SMALL, Tone.MUTED))
    return out


CHECK_PRICE = ("A check is measured with every later decision kept, so this is the price of "
               "its points, not what it told you: what it told you shows in what you decided "
               "after it (the discovery principle counts a big decision taken after a test).")
"""Under a discovery run that cost points: its replay cannot count what it told the player."""


def _plan_words(plan: RoundPlan, titles: Mapping[str, str], methods: Mapping[str, str]) -> str:
    def name(rid: str) -> str:
        return titles.get(rid, rid)

    built = [name(r) if r in plan.shipped else f"{name(r)} (unfinished)" for r in plan.build]
    forced = [name(r) for r in plan.shipped if r not in plan.build]
    parts = [f"built {', '.join(built)}" if built else "built nothing new"]
    if forced:
        parts.append("shipped " + ", ".join(forced) + " (carried over or forced in)")
    if plan.discover:
        parts.append("tested " + ", ".join(f"{name(r)} ({methods.get(m, m)})"
                                           for r, m in plan.discover))
    noes = [name(r) for r, a in plan.answers.items() if a == "no"]
    promises = [name(r) for r, a in plan.answers.items() if a == "next"]
    if promises:
        parts.append("promised " + ", ".join(promises))
    if noes:
        parts.append("said no to " + ", ".join(noes))
    return "; ".join(parts)


PLAN_NAMES = {"you": "You", "evidence": "Evidence (no hindsight)", "optimal": "Optimal (hindsight)"}


def plan_lines(coaching: Coaching, titles: Mapping[str, str], methods: Mapping[str, str],
               unit: str) -> list[Line]:
    """Round by round: the player's plan, the fair `evidence` policy's, and the hindsight
    optimum's; then one line per baseline on why it scored what it did here."""
    out = [heading("The better plan beside yours"),
           Line("Evidence is a fair player: it sees only what you saw, tests the biggest claims "
                "and builds what the evidence backs. The optimal plan knew the truth.",
                Size.SMALL, Tone.MUTED)]
    plans = coaching.plans
    for index, mine in enumerate(plans["you"]):
        out.append(Line(f"{unit.capitalize()} {mine.round}", Size.LABEL, bold=True))
        for who in ("you", "evidence", "optimal"):
            if who in plans and index < len(plans[who]):
                out.append(Line(f"{PLAN_NAMES[who]}: "
                                f"{_plan_words(plans[who][index], titles, methods)}",
                                Size.SMALL, Tone.INK if who == "you" else Tone.ACCENT))
    return out


def luck_lines(coaching: Coaching, titles: Mapping[str, str], unit: str) -> list[Line]:
    """Skill and luck, then every baseline on the same seed with why it scored what it did."""
    luck = coaching.comparison.player
    out = [
        heading("Skill and luck"),
        _skill(luck),
        heading("On the same seed: other ways of deciding"),
        Line("Decision quality is the same decisions' mean score over those other worlds. The "
             "optimal plan was fitted to this world's truth, so in other worlds a plain rule "
             "can score above it.", Size.SMALL, Tone.MUTED),
    ]
    for b in coaching.comparison.baselines:
        note = f" Decision quality {b.luck.expected:.1f}." if b.luck else ""
        out.append(Line(coaching.explanations[b.name] + note))
        if b.name in ("rice", "wsjf"):
            out.append(_shipped_line(b.name.upper(), b.shipped, titles, unit))
    return out


def _shipped_line(name: str, shipped: tuple[tuple[str, ...], ...], titles: Mapping[str, str],
                  unit: str) -> Line:
    built = "; ".join(f"{unit} {k}: " + (", ".join(titles.get(r, r) for r in ids) or "nothing")
                      for k, ids in enumerate(shipped, start=1))
    return Line(f"    {name} would have shipped: {built}", Size.SMALL, Tone.MUTED)


def coaching_lines(coaching: Coaching, titles: Mapping[str, str], methods: Mapping[str, str],
                   unit: str) -> list[Line]:
    """Everything worked out in the background, in reading order."""
    return [*worth_lines(coaching, titles, methods, unit),
            *plan_lines(coaching, titles, methods, unit), *luck_lines(coaching, titles, unit)]


def debrief_page(debrief: Debrief, coaching: Coaching, titles: Mapping[str, str],
                 methods: Mapping[str, str], unit: str) -> list[Line]:
    """The whole debrief as text (the terminal and `--debrief`): the window shows the same
    lines with its charts between them."""
    return [*score_lines(debrief), *lesson_lines(debrief, coaching.principles),
            *principle_lines(coaching.principles),
            *coaching_lines(coaching, titles, methods, unit), *truth_lines(debrief, unit)]


def _diff_words(d: DecisionDiff, titles: Mapping[str, str], methods: Mapping[str, str],
                unit: str) -> str:
    title = titles.get(d.request, d.request)
    if d.action == "build":
        return (f"built {title}" if d.after else f"did not build {title}") + " this time"
    if d.action == "discover":
        method = methods.get(d.before or d.after or "", d.before or d.after or "")
        return f"{'ran' if d.after else 'did not run'} {method} on {title} this time"

    def said(answer: str | None) -> str:
        return ANSWER_WORDS[answer].format(unit=unit) if answer else "no answer"

    return f"answered {title} with {said(d.after)}, not {said(d.before)}"


def side_lines(side: SideBySide, unit: str) -> list[Line]:
    """The first game and the what-if side by side, in words (the window draws them as a
    figure above `whatif_lines`; the terminal shows these lines): each score, and each
    pillar in both games."""
    out = [Line(f"Your first game scored {side.before:.1f}; the what-if, from {unit} "
                f"{side.from_round}, scored {side.after:.1f}.", Size.LABEL, bold=True)]
    out += [Line(f"{name.capitalize()}: {first:.0f} in your first game, {then:.0f} in the "
                 "what-if", Size.SMALL) for name, (first, then) in side.pillars.items()]
    return out


def whatif_lines(side: SideBySide, titles: Mapping[str, str], methods: Mapping[str, str],
                 unit: str) -> list[Line]:
    """The what-if beside the first game: what differs and what the difference was worth
    (the scores and pillars themselves are drawn side by side above these lines)."""
    worth = side.worth
    tone = Tone.GOOD if worth > 0.05 else Tone.BAD if worth < -0.05 else Tone.INK
    out = [Line(f"Same world, different decisions from {unit} {side.from_round}: the "
                f"difference was worth {worth:+.1f} points.", Size.LABEL, tone, True),
           Line(f"The decisions that differ ({len(side.differences)}):", Size.BODY, bold=True)]
    out += [Line(f"{unit.capitalize()} {d.round}: {_diff_words(d, titles, methods, unit)}.",
                 Size.SMALL) for d in side.differences]
    if not side.differences:
        out.append(Line("None: you made the same decisions, so the game ended the same.",
                        Size.SMALL, Tone.MUTED))
    return out
