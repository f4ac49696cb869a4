"""Reading past a syntax error, so that one mistake does not hide the others.

A YAML parser stops at the first syntax error. A scenario's top level is a mapping whose keys
start in column 1 (`stakeholders:`, `requests:`, ...), and a syntax error stays inside the
section it is in. So, as Ren'Py's lint and ink do with their own units: report the error, set
aside the top-level section(s) it spans (their lines are blanked, so positions stay right), and
read the rest again; repeat for each further error. The sections set aside are named, so that
checks about them ("the scenario is missing 'requests'", "there is no request 'x'") stay quiet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .yamlsource import Source, SourceError, parse

MAX_ERRORS = 20
"""Syntax errors reported per file before giving up: each costs one parse of the file."""
MAX_CHARACTERS = 200_000
"""Longer files (four times the largest bundled scenario) get their first syntax error only, so
that a huge broken file cannot cost twenty slow parses."""

_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*(?::(?:[ \t]|$)|$)")
"""A top-level key in column 1 (`requests:`), or a bare word there (`requests`, its colon
forgotten: still the start of a section)."""


@dataclass
class Recovered:
    """What could be read: the data of the sections without syntax errors (None when nothing
    could be), every syntax error found, and the top-level keys of the sections set aside."""

    source: Source | None
    errors: list[SourceError]
    unreadable: frozenset[str]


def parse_recovering(text: str) -> Recovered:
    """Parse `text`, setting aside each top-level section that holds a syntax error.

    Raises nothing for bad YAML: an error that no section can contain (before the first
    top-level key, a second document, a hostile alias or depth) ends the reading with that
    error and no data."""
    lines = text.splitlines(keepends=True)
    errors: list[SourceError] = []
    unreadable: set[str] = set()
    while len(errors) < MAX_ERRORS:
        try:
            source = parse("".join(lines))
        except SourceError as exc:
            errors.append(exc)
            names = (_set_aside(lines, exc)
                     if exc.recoverable and len(text) <= MAX_CHARACTERS else None)
            if not names or not any(line.strip() for line in lines):
                return Recovered(None, errors, frozenset(unreadable))
            unreadable |= names
            continue
        source.text = text
        return Recovered(source, errors, frozenset(unreadable))
    return Recovered(None, errors, frozenset(unreadable))


def _set_aside(lines: list[str], error: SourceError) -> set[str] | None:
    """Blank the top-level sections spanning `error.lines` (in place); their keys, or None
    when the error lies outside every section."""
    starts = [(n, m.group(1)) for n, line in enumerate(lines)
              if (m := _TOP_KEY.match(line)) is not None]
    first, last = error.lines[0] - 1, error.lines[1] - 1
    chosen = [i for i, (n, _) in enumerate(starts)
              if n <= last and (i + 1 == len(starts) or starts[i + 1][0] > first)]
    if not chosen:
        return None
    begin = starts[chosen[0]][0]
    end = starts[chosen[-1] + 1][0] if chosen[-1] + 1 < len(starts) else len(lines)
    if begin > first:
        return None  # the error starts above the first section: nothing sensible to set aside
    for n in range(begin, end):
        lines[n] = "\n" if lines[n].endswith("\n") else ""
    return {starts[i][1] for i in chosen}
