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

_LINE_KEY = re.compile(r"( {0,3})([A-Za-z_][\w-]*)[ \t]*(.*?)\r?\n?$")
_BLOCK = re.compile(r":[ \t]*(#.*)?")
_KEY_VALUE = re.compile(r":([ \t].*)?")


def _section_key(line: str, top_keys: frozenset[str]) -> str | None:
    """The key when `line` starts a top-level section: a key in column 1 (`requests:`), or a
    bare word there (`requests`, its colon forgotten), or one of the format's top-level keys
    indented by mistake that opens a block (` requests:` and nothing after it)."""
    match = _LINE_KEY.match(line)
    if match is None:
        return None
    indent, key, rest = match.groups()
    if not indent:
        return key if rest == "" or _KEY_VALUE.fullmatch(rest) else None
    return key if key in top_keys and _BLOCK.fullmatch(rest) else None


@dataclass
class Recovered:
    """What could be read: the data of the sections without syntax errors (None when nothing
    could be), every syntax error found, and the top-level keys of the sections set aside."""

    source: Source | None
    errors: list[SourceError]
    unreadable: frozenset[str]


def parse_recovering(text: str, top_keys: frozenset[str] = frozenset()) -> Recovered:
    """Parse `text`, setting aside each top-level section that holds a syntax error.

    Raises nothing for bad YAML: an error that no section can contain (before the first
    top-level key, a second document, a hostile alias or depth) ends the reading with that
    error and no data. `top_keys` are the format's top-level keys: a line starting with one
    of them, even indented a little, starts a section."""
    lines = text.splitlines(keepends=True)
    errors: list[SourceError] = []
    unreadable: set[str] = set()
    while len(errors) < MAX_ERRORS:
        try:
            source = parse("".join(lines))
        except SourceError as exc:
            errors.append(exc)
            names = (_set_aside(lines, exc, top_keys)
                     if exc.recoverable and len(text) <= MAX_CHARACTERS else None)
            if not names or not any(line.strip() for line in lines):
                return Recovered(None, errors, frozenset(unreadable))
            unreadable |= names
            continue
        source.text = text
        return Recovered(source, errors, frozenset(unreadable))
    return Recovered(None, errors, frozenset(unreadable))


def _set_aside(lines: list[str], error: SourceError, top_keys: frozenset[str]) -> set[str] | None:
    """Blank the top-level sections spanning `error.span` (in place); their keys, or None
    when the error lies outside every section."""
    starts = [(n, key) for n, line in enumerate(lines)
              if (key := _section_key(line, top_keys)) is not None]
    first, last = error.span[0] - 1, error.span[1] - 1
    chosen = [i for i, (n, _) in enumerate(starts)
              if n <= last and (i + 1 == len(starts) or starts[i + 1][0] > first)]
    if not chosen:
        return None
    begin = starts[chosen[0]][0]
    end = starts[chosen[-1] + 1][0] if chosen[-1] + 1 < len(starts) else len(lines)
    if begin > first:
        return None  # the error starts above the first section: nothing sensible to set aside
    names = {starts[i][1] for i in chosen}
    for n in range(begin, end):
        match = _LINE_KEY.match(lines[n])
        if match and match.group(2) in top_keys and _KEY_VALUE.match(match.group(3)):
            names.add(match.group(2))  # a top-level key indented into the section set aside
        lines[n] = "\n" if lines[n].endswith("\n") else ""
    return names
