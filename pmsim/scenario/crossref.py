"""Checks that need the whole file: ids that refer to each other, rounds, costs.

They run on the raw data rather than on validated models, so a file with a type error still
gets its reference errors in the same run. Anything of the wrong shape is skipped here (its
shape error is reported elsewhere), and when a list has an entry without a usable id, "unknown
id" checks against that list are skipped, so one missing id does not cascade into a dozen
messages.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..words import plural
from .diagnostics import Severity
from .models import LAST_ROUND, Metrics
from .yamlsource import At, Path


@dataclass(frozen=True)
class Finding:
    path: Path
    severity: Severity
    message: str
    hint: str | None = None
    at_key: bool = False
    first: Path | None = None
    """For a repeat: where the first one is, so that the message can give its line."""
    covers_shape: bool = False
    """This error says all that the shape check at the same place would say (a round past
    the game's end, which may also be past the format's last round): that one is not shown."""


def _entries(data: dict[str, Any], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    items = data.get(name)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class _Ids:
    """The ids of one list, whether the list is complete, and what to call an entry."""

    noun: str
    ids: dict[str, Path]
    complete: bool

    def unknown(self, value: object, path: Path) -> Finding | None:
        if not isinstance(value, str) or not self.complete or value in self.ids:
            return None
        close = difflib.get_close_matches(value, list(self.ids), n=1, cutoff=0.5)
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif self.ids:
            hint = f"known {self.noun}s: " + ", ".join(sorted(self.ids)[:12])
        else:
            hint = f"the file defines no {self.noun}s"
        return Finding(path, "error", f"there is no {self.noun} '{value}'", hint)


def _collect(data: dict[str, Any], name: str, noun: str, findings: list[Finding]) -> _Ids:
    ids: dict[str, Path] = {}
    complete = isinstance(data.get(name, []), list)
    for index, entry in _entries(data, name):
        ident = entry.get("id")
        if not isinstance(ident, str):
            complete = False
            continue
        path = (name, index, "id")
        if ident in ids:
            first = ids[ident]
            findings.append(
                Finding(path, "error", f"duplicate {noun} id '{ident}'",
                        "each id must be unique within its list: rename one of them",
                        first=first)
            )
            continue
        ids[ident] = path
    items = data.get(name)
    if isinstance(items, list) and any(not isinstance(i, dict) for i in items):
        complete = False
    return _Ids(noun, ids, complete)


@dataclass
class _Context:
    """What every checker needs: the raw data, the ids of each list, and the game's length."""

    data: dict[str, Any]
    people: _Ids
    requests: _Ids
    methods: _Ids
    events: _Ids
    worlds: _Ids
    rounds: int | None

    @property
    def ids(self) -> dict[str, _Ids]:
        return {"request": self.requests, "stakeholder": self.people, "event": self.events,
                "world": self.worlds}

    def beyond(self, value: object, path: Path, what: str) -> Finding | None:
        """An error when a round number lies past the end of the game."""
        number = _int(value)
        if self.rounds is not None and number is not None and number > self.rounds:
            return Finding(
                path, "error", f"{what} round {number}, but the game has only "
                f"{plural(self.rounds, 'round')}",
                ("use round 1" if self.rounds == 1 else f"use a round from 1 to {self.rounds}") + (
                    ", or make the game longer with 'rounds'" if number <= LAST_ROUND else ""),
                covers_shape=True,
            )
        return None


def check(data: object, unreadable: frozenset[str] = frozenset()) -> list[Finding]:
    """Every cross-reference problem in the raw scenario data: the checkers of `CHECKERS`, one
    per kind of reference, each run on the whole file (as Ren'Py's lint does). A list named in
    `unreadable` (its section had a syntax error) is unknown, not empty: no id is reported
    missing from it."""
    if not isinstance(data, dict):
        return []
    findings: list[Finding] = []
    rounds = _int(data.get("rounds"))
    context = _Context(
        data,
        people=_collect(data, "stakeholders", "stakeholder", findings),
        requests=_collect(data, "requests", "request", findings),
        methods=_collect(data, "discovery", "discovery method", findings),
        events=_collect(data, "events", "event", findings),
        worlds=_collect(data, "worlds", "world", findings),
        rounds=rounds if rounds is not None and rounds >= 1 else None,
    )
    for ids, name in ((context.people, "stakeholders"), (context.requests, "requests"),
                      (context.methods, "discovery"), (context.events, "events"),
                      (context.worlds, "worlds")):
        ids.complete = ids.complete and name not in unreadable
    for checker in CHECKERS:
        findings.extend(f for f in checker(context) if f is not None)
    return findings


def _capacity(c: _Context) -> Iterator[Finding | None]:
    capacity = c.data.get("capacity")
    if isinstance(capacity, list) and c.rounds is not None and len(capacity) not in (1, c.rounds):
        yield Finding(
            ("capacity",), "error",
            f"'capacity' lists {plural(len(capacity), 'round')}, but the game has {c.rounds}",
            "give one number per round, or a single number for every round",
        )


def _most_capacity(c: _Context) -> int | None:
    """The largest round's capacity; None when the capacity is itself an error (a number
    outside 1-1000, the wrong shape, or the wrong number of rounds), which says all there is
    to say: no request is then reported bigger than it."""
    capacity = c.data.get("capacity")
    capacities = capacity if isinstance(capacity, list) else [capacity]
    numbers = [_int(x) for x in capacities]
    if not numbers or any(n is None or not 1 <= n <= 1000 for n in numbers):
        return None
    if c.rounds is not None and len(numbers) not in (1, c.rounds):
        return None
    return max(n for n in numbers if n is not None)


SCORED_FROM_START = ("customers", "revenue")
"""Starting metrics the score divides by: one step of each is a share of where it starts
(`scoring.steps.growth`)."""


def _starting_metrics(c: _Context) -> Iterator[Finding | None]:
    metrics = c.data.get("metrics")
    if not isinstance(metrics, dict):
        return
    for name in SCORED_FROM_START:
        value = metrics.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value <= 0:
            yield Finding(
                ("metrics", name), "error",
                f"the starting {name} must be above 0, not {value:g}: one step of the score "
                f"is a share of it (scoring.steps.growth), so from {value:g} any change would "
                "be worth the whole scale",
                f"give the {name} the product has at the start (without metrics: "
                f"{getattr(Metrics(), name):,})",
                at_key=True, covers_shape=True,
            )


def _request_rounds(c: _Context) -> Iterator[Finding | None]:
    for index, request in _entries(c.data, "requests"):
        base: Path = ("requests", index)
        yield c.people.unknown(request.get("asked_by"), (*base, "asked_by"))
        arrives = _int(request.get("arrives"))
        deadline = _int(request.get("deadline"))
        late = c.beyond(arrives, (*base, "arrives"), "it arrives in")
        yield late
        yield c.beyond(deadline, (*base, "deadline"), "the deadline is")
        if arrives and deadline and deadline < arrives and late is None:
            yield Finding(
                (*base, "deadline"), "error",
                f"the deadline (round {deadline}) is before it arrives (round {arrives})",
            )


def _request_sizes(c: _Context) -> Iterator[Finding | None]:
    most = _most_capacity(c)
    for index, request in _entries(c.data, "requests"):
        base: Path = ("requests", index)
        estimate = _int(request.get("estimate"))
        cost = request.get("cost")
        if not (isinstance(cost, list) and len(cost) == 2 and all(_int(x) is not None
                                                                   for x in cost)):
            cost = None
        if (estimate is not None and cost is not None
                and cost[0] <= cost[1]  # a backwards range is reported by the model
                and not cost[0] <= estimate <= cost[1]):
            yield Finding(
                (*base, "cost"), "error",
                f"the cost range [{cost[0]}, {cost[1]}] does not contain the estimate "
                f"({estimate})",
                "the estimate is the team's best guess, so it lies within the real range",
            )
        if estimate is not None and most is not None:
            low = cost[0] if cost is not None else estimate
            if min(low, estimate) > most:
                yield Finding(
                    (*base, "estimate"), "warning",
                    f"this request ({estimate} points) is bigger than any round's capacity "
                    f"({most})",
                    "it can only be delivered by spilling over several rounds",
                )


def _dependencies(c: _Context) -> Iterator[Finding | None]:
    graph: dict[str, list[tuple[str, Path]]] = {}
    for index, request in _entries(c.data, "requests"):
        depends = request.get("depends_on")
        ident = request.get("id")
        if not isinstance(depends, list):
            continue
        for position, target in enumerate(depends):
            path: Path = ("requests", index, "depends_on", position)
            if isinstance(target, str) and target == ident:
                yield Finding(path, "error", "a request cannot depend on itself")
                continue
            yield c.requests.unknown(target, path)
            if isinstance(ident, str) and isinstance(target, str) and target in c.requests.ids:
                graph.setdefault(ident, []).append((target, path))
    yield from _cycles(graph)


def _evidence_methods(c: _Context) -> Iterator[Finding | None]:
    for index, request in _entries(c.data, "requests"):
        evidence = request.get("evidence")
        if not isinstance(evidence, dict):
            continue
        for method in evidence:
            finding = c.methods.unknown(method, ("requests", index, "evidence", method))
            if finding:
                yield Finding(finding.path, "error", finding.message, finding.hint, at_key=True)


def _events(c: _Context) -> Iterator[Finding | None]:
    for index, event in _entries(c.data, "events"):
        base: Path = ("events", index)
        yield c.beyond(event.get("round"), (*base, "round"), "it fires in")
        yield c.people.unknown(event.get("speaker"), (*base, "speaker"))
        yield from _condition(event.get("when"), (*base, "when"), c)
        yield from _hidden_world(event.get("when"), (*base, "when"))
        informs = event.get("informs")
        if isinstance(informs, list):
            for position, target in enumerate(informs):
                yield c.requests.unknown(target, (*base, "informs", position))
        effects = event.get("effects")
        if isinstance(effects, dict):
            yield from _effects(c, effects, (*base, "effects"))


def _hidden_world(condition: object, path: Path) -> Iterator[Finding]:
    """An event cannot wait on the world: the world is hidden until the debrief, and news that
    told it would be evidence the skill-versus-luck analysis does not weigh."""
    for part, where in _nested(condition, path):
        if "world" in part:
            yield Finding((*where, "world"), "error", "an event cannot depend on the world: the "
                          "world stays hidden until the debrief", "use 'world' conditions in "
                          "lessons; let requests' 'impact_in' carry what the world changes",
                          at_key=True)


def _effects(c: _Context, effects: dict[str, Any], base: Path) -> Iterator[Finding | None]:
    trust = effects.get("trust")
    if isinstance(trust, dict):
        for person in trust:
            finding = c.people.unknown(person, (*base, "trust", person))
            if finding:
                yield Finding(finding.path, "error", finding.message, finding.hint, True)
    for key in ("add_requests", "withdraw_requests", "force_requests"):
        targets = effects.get(key)
        if isinstance(targets, list):
            for position, target in enumerate(targets):
                yield c.requests.unknown(target, (*base, key, position))


def _lessons_and_hints(c: _Context) -> Iterator[Finding | None]:
    for index, lesson in _entries(c.data, "lessons"):
        yield from _condition(lesson.get("when"), ("lessons", index, "when"), c)
    for index, hint in _entries(c.data, "hints"):
        yield c.beyond(hint.get("round"), ("hints", index, "round"), "the hint is for")


def _roadmap(c: _Context) -> Iterator[Finding | None]:
    roadmap = c.data.get("roadmap")
    if not isinstance(roadmap, dict):
        return
    placed: dict[str, str] = {}
    for lane in ("now", "next", "later"):
        items = roadmap.get(lane)
        if not isinstance(items, list):
            continue
        for position, target in enumerate(items):
            path: Path = ("roadmap", lane, position)
            yield c.requests.unknown(target, path)
            if lane != "later":
                yield _before_arrival(c, target, 1 if lane == "now" else 2, path)
            if isinstance(target, str):
                if target in placed:
                    yield Finding(
                        path, "error",
                        f"'{target}' is already on the roadmap under '{placed[target]}'",
                    )
                placed[target] = lane
    yield from _dated_promises(c, roadmap.get("promised"), placed)


def _dated_promises(c: _Context, promised: object, placed: dict[str, str]) -> Iterator[
        Finding | None]:
    """`roadmap.promised`: known requests, each placed once, in rounds the game has."""
    if not isinstance(promised, list):
        return
    for position, entry in enumerate(promised):
        if not isinstance(entry, dict):
            continue
        path: Path = ("roadmap", "promised", position)
        target = entry.get("request")
        yield c.requests.unknown(target, (*path, "request"))
        yield c.beyond(entry.get("round"), (*path, "round"), "the promise is for")
        if isinstance(entry.get("round"), int):
            yield _before_arrival(c, target, entry["round"], (*path, "round"))
        if isinstance(target, str):
            if target in placed:
                yield Finding((*path, "request"), "error",
                              f"'{target}' is already on the roadmap under '{placed[target]}'")
            placed[target] = "promised"


def _before_arrival(c: _Context, target: object, due: int, path: Path) -> Finding | None:
    """A warning when a promise falls due before its request arrives on the board."""
    arrives = next((entry.get("arrives") for _, entry in _entries(c.data, "requests")
                    if entry.get("id") == target), None)
    if isinstance(arrives, int) and not isinstance(arrives, bool) and arrives > due:
        return Finding(path, "warning",
                       f"'{target}' is promised for round {due} but arrives in round {arrives}",
                       "the promise would fall due before the request is on the board: "
                       f"promise it for round {arrives} or later, or let it arrive sooner")
    return None


def _claims_checker(c: _Context) -> Iterator[Finding | None]:
    yield from _claims(c.data)


def _worlds(c: _Context) -> Iterator[Finding | None]:
    """Worlds need format 3, their chances add up to 1, `impact_in` and `neglect_in` name
    known worlds, and a stakeholder's `insight` (which world they pitch from) needs worlds."""
    worlds = c.data.get("worlds")
    fmt = _int(c.data.get("format"))
    if worlds and fmt is not None and fmt < 3:
        yield Finding(("worlds",), "error", f"'worlds' is new in format 3; this file says "
                      f"format {fmt}", "write format: 3 at the top (format 2 files still "
                      "load unchanged)", at_key=True)
    chances = [w.get("chance") for _, w in _entries(c.data, "worlds")]
    if chances and all(isinstance(x, int | float) and not isinstance(x, bool) and 0 < x <= 1
                       for x in chances):  # a chance out of range has its own error
        total = sum(float(x) for x in chances if x is not None)
        if abs(total - 1) > 0.005:
            yield Finding(("worlds",), "error", f"the worlds' chances add up to {total:g}; "
                          "a game is always played in one of them, so they must add up to 1",
                          "make each chance its share of the games, e.g. 0.5 and 0.5",
                          at_key=True)
    for index, request in _entries(c.data, "requests"):
        for key in ("impact_in", "neglect_in"):
            yield from _named_worlds(c, request.get(key), ("requests", index, key), bool(worlds))
    if len(list(_entries(c.data, "worlds"))) < 2:
        for index, person in _entries(c.data, "stakeholders"):
            if "insight" in person:
                yield Finding(("stakeholders", index, "insight"), "warning",
                              "'insight' has no effect without two worlds or more: every pitch "
                              "comes from the one world there is", "state the `worlds` your "
                              "players could be in (format 3), or remove 'insight'", at_key=True)
    else:
        yield from _knowing_askers(c)


KNOWING = 0.9
"""An `insight` at which an asker's pitches all but name the real world."""


def _knowing_askers(c: _Context) -> Iterator[Finding | None]:
    """A warning when every asker of a request the worlds change knows the world (`insight`
    at least `KNOWING`): their pitches then tell it, and no check is needed to find it."""
    askers = {r.get("asked_by") for _, r in _entries(c.data, "requests")
              if (r.get("impact_in") or r.get("neglect_in")) and isinstance(r.get("asked_by"), str)}
    people = [(i, p) for i, p in _entries(c.data, "stakeholders")
              if isinstance(p.get("id"), str) and p.get("id") in askers]
    insight = [p.get("insight") for _, p in people]
    if people and all(isinstance(x, int | float) and not isinstance(x, bool)
                      and KNOWING <= x <= 1 for x in insight):
        yield Finding(("stakeholders", people[0][0], "insight"), "warning",
                      f"every asker whose requests the worlds change has 'insight' of "
                      f"{KNOWING:g} or more, so their pitches tell the player which world this "
                      "is and no check is needed to find it",
                      "lower 'insight' for some of them (the default is 0.3)", at_key=True)


def _named_worlds(c: _Context, by_world: object, path: Path,
                  stated: bool) -> Iterator[Finding | None]:
    """A request's `impact_in` or `neglect_in`: worlds the file states."""
    if not isinstance(by_world, dict):
        return
    key = str(path[-1])
    if not stated:
        yield Finding(path, "error", f"'{key}' names worlds, but the file states none",
                      f"add a 'worlds' list (format 3) or remove '{key}'", at_key=True)
        return
    for world in by_world:
        found = c.worlds.unknown(world, (*path, world))
        if found:
            yield Finding(found.path, "error", found.message, found.hint, at_key=True)


CHECKERS: tuple[Callable[[_Context], Iterator[Finding | None]], ...] = (
    _capacity, _starting_metrics, _request_rounds, _request_sizes, _dependencies,
    _evidence_methods, _events, _lessons_and_hints, _roadmap, _claims_checker, _worlds,
)
"""The checkers, in the order their findings are reported."""


PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")
METRIC_NAMES = ("satisfaction", "customers", "revenue", "tech_health", "morale")
_BRACED = re.compile(r"\{([^{}]*)\}")
_FORMATTED = re.compile(r"\s*([A-Za-z_]\w*)\s*([:!].*)", re.DOTALL)
_BRACES = re.compile(r"(\{+)\s*([A-Za-z_]\w*)\s*(\}+)")
"""A name in braces, however many: more than one on either side is one mistake (`_doubled`)."""

Brace = tuple[int, str, str]
"""A brace the game would show as written: where it is in the text, the message, the hint."""


def _doubled_spans(text: str) -> list[re.Match[str]]:
    """Each name in doubled braces, on either side or both: `{{revenue}}` (Python's escape, or
    the placeholder of Mustache and Jinja), `{{revenue}`, `{revenue}}`, `{{{revenue}}}`."""
    return [m for m in _BRACES.finditer(text) if len(m.group(1)) > 1 or len(m.group(3)) > 1]


def _blank(text: str, matches: Iterable[re.Match[str]]) -> str:
    """`text` with each of `matches` turned to spaces: offsets stay where they were."""
    chars = list(text)
    for match in matches:
        chars[match.start():match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def _placeholders(text: str) -> Iterator[tuple[int, str]]:
    """Each `{name}` the game fills, with its offset; one inside doubled braces is part of
    that one mistake (reported by `_brace_problems`), so it is not checked on its own."""
    for match in PLACEHOLDER.finditer(_blank(text, _doubled_spans(text))):
        yield match.start(), match.group(1)


def _brace_problems(text: str, what: str) -> Iterator[Brace]:
    """Every brace in `text` the game would show as written, each mistake once: a `{name}` is
    filled in, nothing else is (no format specs, no conversions, no escapes), so a name in
    doubled braces, a placeholder with a format, braces around anything but a name, and a
    brace no placeholder closes all reach the player raw. `what` is "the pitch" or "this
    evidence"."""
    doubled = _doubled_spans(text)
    yield from _doubled(doubled, what)
    rest = _blank(text, doubled)
    yield from _not_placeholders(rest, what)
    yield from _unmatched(text, _blank(rest, _BRACED.finditer(rest)), what)


def _doubled(doubled: list[re.Match[str]], what: str) -> Iterator[Brace]:
    """`{{revenue}}` and its kin: one error each, not one per extra brace. In Python `{{`
    would be a literal brace, but the game fills `{revenue}` inside and shows the extra braces
    around the number, which no reading of `{{revenue}}` intends."""
    for match in doubled:
        extra = len(match.group(1)) + len(match.group(3)) - 2
        yield (match.start(),
               f"{what} has {_shown(match.group(0))}: a placeholder takes single braces, and "
               f"the game would show the extra {'brace' if extra == 1 else 'braces'} around "
               "the number",
               f"write {{{match.group(2)}}}; doubled braces are not an escape: a pitch or "
               "evidence cannot show braces")


def _not_placeholders(text: str, what: str) -> Iterator[Brace]:
    """Braces around something that is not a bare name: a format spec, a conversion, words."""
    for match in _BRACED.finditer(text):
        inside = match.group(1)
        if PLACEHOLDER.fullmatch(match.group(0)):
            continue  # a name: checked against the claims by the caller
        formatted = _FORMATTED.fullmatch(inside)
        if formatted:
            yield (match.start(),
                   f"{what} has {_shown(match.group(0))}: a placeholder takes no format "
                   f"or conversion ('{_shown(formatted.group(2), 20)}'), and the game would "
                   "show it as written",
                   f"write {{{formatted.group(1)}}}; the game writes the number the way "
                   "a person says it")
        else:
            yield (match.start(),
                   f"{what} has {_shown(match.group(0))}, which is not a placeholder, and "
                   "the game would show it as written",
                   "a placeholder is a metric's name in braces, such as {customers}; a pitch "
                   "or evidence cannot show braces of its own")


def _unmatched(text: str, rest: str, what: str) -> Iterator[Brace]:
    """A brace no other closes or opens, one error for all of each kind, at the first."""
    for brace, other, verb in (("{", "}", "close"), ("}", "{", "open")):
        count = rest.count(brace)
        if count:
            at = rest.index(brace)
            near = " ".join(text[max(0, at - 15): at + 16].split())
            many = (f"a '{brace}' that no '{other}' {verb}s (near '{near}')" if count == 1 else
                    f"{count} '{brace}' that no '{other}' {verb}s (the first near '{near}')")
            yield (at, f"{what} has {many}, and the game would show it as written",
                   "a placeholder is a metric's name in braces, such as {customers}; doubled "
                   "braces are not an escape: a pitch or evidence cannot show braces")


def _shown(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _claimed(request: dict[str, Any]) -> list[str]:
    """The metrics a request's pitch claims, read from raw data as the model reads them."""
    for key in ("claims", "claimed_impact"):
        value = request.get(key)
        if isinstance(value, list | dict):
            return [m for m in value if isinstance(m, str)]
    found: dict[str, None] = {}
    for impact in _impacts(request):
        found.update((m, None) for m, bounds in impact.items() if isinstance(m, str)
                     and isinstance(bounds, list) and len(bounds) == 2
                     and isinstance(bounds[1], int | float) and bounds[1] > 0)
    return list(found)


def _impacts(request: dict[str, Any]) -> list[dict[Any, Any]]:
    """The request's `impact` and each of its `impact_in` worlds, as raw mappings."""
    impact_in = request.get("impact_in")
    worlds = list(impact_in.values()) if isinstance(impact_in, dict) else []
    return [i for i in (request.get("impact"), *worlds) if isinstance(i, dict)]


def _claims(data: dict[str, Any]) -> Iterator[Finding]:
    """Format 2 names the claimed metrics (`claims`); its numbers are drawn. Every `{name}`
    in a pitch must be a claimed metric, and in evidence a metric the method measures (or
    `cost`, for a method that sizes the work)."""
    methods = {m["id"]: m for _, m in _entries(data, "discovery") if isinstance(m.get("id"), str)}
    for index, request in _entries(data, "requests"):
        base: Path = ("requests", index)
        claimed = _claimed(request)
        if data.get("format") == 2 and "claimed_impact" in request:
            yield Finding(
                (*base, "claimed_impact"), "error",
                "format 2 draws a pitch's numbers from the truth each game, so 'claimed_impact'"
                " is gone: name the claimed metrics in 'claims'",
                f"write claims: [{', '.join(claimed)}], and {{metric}} in the pitch where a "
                "number should show",
                at_key=True,
            )
        pitch = request.get("pitch")
        if isinstance(pitch, str):
            for at, message, hint in _brace_problems(pitch, "the pitch"):
                yield Finding((*base, "pitch", At(at)), "error", message, hint)
            for at, name in _placeholders(pitch):
                if name not in claimed:
                    yield Finding(
                        (*base, "pitch", At(at)), "error",
                        f"the pitch shows {{{name}}}, but the request claims no '{name}'",
                        f"claimed here: {', '.join(claimed) or 'nothing'}; add '{name}' to "
                        "'claims'" if name in METRIC_NAMES else
                        f"a placeholder names a metric: {', '.join(METRIC_NAMES)}",
                    )
        evidence = request.get("evidence")
        if isinstance(evidence, dict):
            yield from _evidence_numbers(request, evidence, methods, claimed, base)


def _evidence_numbers(
    request: dict[str, Any],
    evidence: dict[Any, Any],
    methods: dict[str, Any],
    claimed: list[str],
    base: Path,
) -> Iterator[Finding]:
    measured = set(claimed) | {m for i in _impacts(request) for m in i if isinstance(m, str)}
    for mid, text in evidence.items():
        method = methods.get(mid) if isinstance(mid, str) else None
        if not isinstance(text, str) or not isinstance(method, dict):
            continue
        reveals = method.get("reveals", "impact")
        sees = method.get("sees")
        can = set()
        if reveals in ("impact", "both"):
            can |= {m for m in measured if not isinstance(sees, list) or m in sees}
        if reveals in ("cost", "both"):
            can.add("cost")
        for at, message, hint in _brace_problems(text, "this evidence"):
            yield Finding((*base, "evidence", mid, At(at)), "error", message, hint)
        for at, name in _placeholders(text):
            if name not in can:
                yield Finding(
                    (*base, "evidence", mid, At(at)), "error",
                    f"this evidence shows {{{name}}}, but method '{mid}' does not measure "
                    f"'{name}' on this request",
                    f"it measures: {', '.join(sorted(can)) or 'nothing'}",
                )


def _nested(condition: object, path: Path) -> Iterator[tuple[dict[str, Any], Path]]:
    """A condition and every condition inside it (under `all`, `any` and `not`), each with its
    path; anything that is not a mapping is left to the shape check."""
    if not isinstance(condition, dict):
        return
    yield condition, path
    for key in ("all", "any"):
        items = condition.get(key)
        if isinstance(items, list):
            for position, item in enumerate(items):
                yield from _nested(item, (*path, key, position))
    if "not" in condition:
        yield from _nested(condition["not"], (*path, "not"))


def _condition(condition: object, path: Path, c: _Context) -> Iterator[Finding | None]:
    """Unknown ids and rounds in a condition, however deeply nested."""
    ids = c.ids
    for part, where in _nested(condition, path):
        for key, kind in (("shipped", "request"), ("discovered", "request"),
                          ("declined", "request"), ("shipped_on_time", "request"),
                          ("shipped_by_choice", "request"), ("broke_promise", "request"),
                          ("fired", "event"), ("trust", "stakeholder"), ("world", "world")):
            if key in part:
                yield ids[kind].unknown(part[key], (*where, key))
        if "from_round" in part:
            yield c.beyond(part["from_round"], (*where, "from_round"), "the condition starts in")


def _cycles(graph: dict[str, list[tuple[str, Path]]]) -> Iterator[Finding]:
    """One error per dependency cycle, at the dependency that closes it.

    Iterative depth-first search: a long chain of dependencies must not hit Python's recursion
    limit.
    """
    finished: set[str] = set()
    reported: set[frozenset[str]] = set()
    for start in graph:
        if start in finished:
            continue
        stack: list[str] = [start]
        on_path: set[str] = {start}
        cursors: list[int] = [0]
        while stack:
            node = stack[-1]
            edges = graph.get(node, [])
            if cursors[-1] == len(edges):
                finished.add(node)
                on_path.discard(node)
                stack.pop()
                cursors.pop()
                continue
            target, path = edges[cursors[-1]]
            cursors[-1] += 1
            if target in on_path:
                loop = [*stack[stack.index(target) :], target]
                key = frozenset(loop)
                if key not in reported:
                    reported.add(key)
                    yield Finding(
                        path,
                        "error",
                        "dependency cycle: " + " → ".join(loop),
                        "no request in a cycle can ever be built; remove one of the dependencies",
                    )
            elif target not in finished:
                stack.append(target)
                on_path.add(target)
                cursors.append(0)
