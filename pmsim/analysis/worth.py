"""What each decision was worth, measured by replaying the game without it.

The method (a counterfactual replay, not an estimate): the same world (the same seed, so the
same true costs, values and chance rolls) is replayed with one decision changed to its most
natural alternative and every other decision kept, as far as the rules allow (a part of a
later decision the changed world no longer permits, such as building on something never
shipped, is dropped). The decision's worth is the actual final score minus the score of that
replay, in score points: positive when the decision helped, negative when it cost.

The alternatives:

- built → not built at all (taken out of that round's plan and every later one) and answered
  'later' instead, so its asker is not simply ignored;
- discovery run → not run, everything decided after it kept: so a check's worth is the
  price of its points (and anything its evidence itself changed, such as a 'no' backed by it),
  never what it told the player, which shows in the decisions taken after it (the discovery
  principle, `principles.py`, counts those);
- a new answer → the answer a PM would most naturally have given instead: a promise ('next')
  → 'later'; 'later' or 'not now' → 'no'; 'no' → 'later'. An answer that only repeats the
  standing one is not a new decision and is not measured.

Work the game forced in (escalations, events) is no decision of the player's and is not
measured. Capacity a change frees goes, as the engine always builds, to what the player had
planned after it that round; nothing new is added to any plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..engine import Decision, Game, new_game, play_round, score
from ..engine.decision import Answer
from ..engine.labels import METRIC_LABELS
from .luck import sanitize
from .optimal import true_value

ALTERNATIVE: dict[str, Answer] = {"next": "later", "later": "no", "not_now": "no", "no": "later"}
"""The natural alternative to each answer."""


@dataclass(frozen=True)
class Choice:
    """One decision of the player's: `action` is 'build', 'discover' or 'answer'; `detail` is
    the method (discover) or the answer given (answer)."""

    round: int
    request: str
    action: str
    detail: str = ""


@dataclass(frozen=True)
class Worth:
    choice: Choice
    worth: float
    """Actual score minus the score of the replay with this decision changed (points)."""
    without: float
    """The final score of that replay."""
    pillars: dict[str, float]
    """Each pillar's actual value minus its value in the replay."""
    causes: tuple[str, ...]
    """The largest differences between the two games, in words, biggest first."""


def choices(game: Game) -> list[Choice]:
    """Every decision the player made, in play order (see the module docstring)."""
    out: list[Choice] = []
    built: set[str] = set()
    replayed = new_game(game.scenario, game.seed)
    for number, decision in enumerate(game.decisions, start=1):
        for rid in decision.build:
            if rid not in built and rid not in replayed.forced:
                built.add(rid)
                out.append(Choice(number, rid, "build"))
        out += [Choice(number, rid, "discover", mid) for rid, mid in decision.discover]
        out += [Choice(number, rid, "answer", answer)
                for rid, answer in sorted(decision.answers.items())
                if new_answer(replayed, rid, answer)]
        replayed, _ = play_round(replayed, decision)
    return out


def new_answer(game: Game, rid: str, answer: str) -> bool:
    """Whether `answer` is a decision, not the standing answer repeated: a change of answer,
    or a promise falling due that is promised again (a new date)."""
    due = game.promises.get(rid)
    return game.answers.get(rid) != answer or (due is not None and due <= game.round)


def changed(decisions: Sequence[Decision], choice: Choice) -> list[Decision]:
    """The decisions with `choice` changed to its alternative (before the rules are applied)."""
    out = list(decisions)
    index = choice.round - 1
    rid = choice.request
    if choice.action == "build":
        for k in range(index, len(out)):
            d = out[k]
            answers = dict(d.answers)
            if k == index:
                answers[rid] = "later"
            out[k] = Decision(tuple(b for b in d.build if b != rid), d.discover, answers)
    elif choice.action == "discover":
        d = out[index]
        out[index] = Decision(d.build, tuple(p for p in d.discover if p != (rid, choice.detail)),
                              d.answers)
    else:
        d = out[index]
        out[index] = Decision(d.build, d.discover, {**d.answers, rid: ALTERNATIVE[choice.detail]})
    return out


def replay_changed(game: Game, choice: Choice) -> Game:
    """The same world replayed with `choice` changed and every other decision kept as far as
    the rules allow."""
    replayed = new_game(game.scenario, game.seed, truth=game.truth)
    for decision in changed(game.decisions, choice):
        if replayed.over:
            break
        replayed, _ = play_round(replayed, sanitize(replayed, decision))
    return replayed


def worth_of(game: Game, choice: Choice) -> Worth:
    """The worth of one decision, measured by its replay."""
    other = replay_changed(game, choice)
    mine, theirs = score(game), score(other)
    return Worth(
        choice=choice,
        worth=mine.total - theirs.total,
        without=theirs.total,
        pillars={k: v - theirs.pillars[k] for k, v in mine.pillars.items()},
        causes=differences(game, other, skip=choice.request if choice.action == "build" else ""),
    )


def worths(game: Game, progress: Callable[[float], None] | None = None) -> list[Worth]:
    """The worth of every decision of a finished game, in play order. `progress` (if given)
    hears the share done, 0-1, after each replay."""
    found = choices(game)
    out: list[Worth] = []
    for done, choice in enumerate(found, start=1):
        out.append(worth_of(game, choice))
        if progress is not None:
            progress(done / len(found))
    return out


def top(items: Sequence[Worth], count: int = 3) -> tuple[list[Worth], list[Worth]]:
    """The decisions that helped most (worth > 0, largest first) and cost most (worth < 0,
    most negative first), `count` of each at most. Worths within 0.05 of zero are neither."""
    helped = sorted((w for w in items if w.worth >= 0.05), key=lambda w: -w.worth)
    cost = sorted((w for w in items if w.worth <= -0.05), key=lambda w: w.worth)
    return helped[:count], cost[:count]


NUMBER = re.compile(r"\d[\d,.]*")


def _ledger(game: Game, words: dict[tuple[str, str], str]) -> dict[tuple[str, str], float]:
    """Every metric and trust movement of the game, summed by (what moved, the reason with
    its numbers taken out, so 'asked for 14 points' and 'asked for 9 points' are one cause).
    `words` keeps the first wording of each, to show."""
    totals: dict[tuple[str, str], float] = {}
    for report in game.reports:
        for change in (*report.metrics, *report.trust):
            for cause in change.causes:
                key = (change.target, NUMBER.sub("#", cause.reason))
                words.setdefault(key, cause.reason)
                totals[key] = totals.get(key, 0.0) + cause.amount
    return totals


def differences(game: Game, other: Game, count: int = 4, skip: str = "") -> tuple[str, ...]:
    """The largest differences between a game and its replay without one decision, in words,
    the chain of causes first: events that fired in only one, requests (other than `skip`)
    that shipped in another round or not at all, then the causes whose effect differs most
    (metrics in their score steps, trust in the scenario's trust step)."""
    events = {e.id: e.title for e in game.scenario.events}
    out = [f"without it, '{events[e]}' would have happened" for e in other.fired
           if e not in game.fired]
    out += [f"'{events[e]}' happened because of it" for e in game.fired if e not in other.fired]
    out += _timing(game, other, skip)[:2]
    return tuple([*out, *_causes(game, other)][:count])


def _timing(game: Game, other: Game, skip: str) -> list[str]:
    """Requests that shipped in another round in the replay, the most valuable first."""
    unit = game.scenario.round_name
    moved = [rid for rid in game.lookup.requests
             if rid != skip and game.shipped_in.get(rid) != other.shipped_in.get(rid)]
    moved.sort(key=lambda rid: (-abs(true_value(game, rid)), rid))
    out = []
    for rid in moved:
        title = game.lookup.requests[rid].title
        mine, theirs = game.shipped_in.get(rid), other.shipped_in.get(rid)
        if theirs is None:
            out.append(f"without it, {title} would not have shipped (it shipped in {unit} {mine})")
        elif mine is None:
            out.append(f"without it, {title} would have shipped in {unit} {theirs}")
        else:
            out.append(f"without it, {title} would have shipped in {unit} {theirs}, not {mine}")
    return out


def _causes(game: Game, other: Game, count: int = 3) -> list[str]:
    """The report causes whose summed effect differs most between the two games."""
    words: dict[tuple[str, str], str] = {}
    mine, theirs = _ledger(game, words), _ledger(other, words)
    steps = game.lookup.steps
    trust_step = game.scenario.scoring.steps.trust
    people = game.lookup.people

    def weight(key: tuple[str, str]) -> float:
        return abs(mine.get(key, 0.0) - theirs.get(key, 0.0)) / steps.get(key[0], trust_step)

    out = []
    for key in sorted(set(mine) | set(theirs), key=lambda k: (-weight(k), k))[:count]:
        if weight(key) < 0.05:
            break
        target, reason = key[0], words[key]
        label = (METRIC_LABELS[target].lower() if target in METRIC_LABELS
                 else f"{people[target].name}'s trust")
        if key not in theirs:
            out.append(f"{label} {_amount(mine[key])} from '{reason}'")
        elif key not in mine:
            out.append(f"without it, {label} {_amount(theirs[key])} from '{reason}'")
        else:
            out.append(f"{label} {_amount(mine[key])} instead of {_amount(theirs[key])} from "
                       f"'{reason}'")
    return out


def _amount(value: float) -> str:
    return f"{value:+,.0f}" if abs(value) >= 100 else f"{value:+.1f}"
