"""Why a file is not readable YAML, told in the author's terms rather than the parser's.

PyYAML reports where its grammar broke ("mapping values are not allowed here", "expected <block
end>, but found '-'"), which is often a line after the mistake and never says what to change.
These checks look at the text around that place for the mistakes instructors actually make:
indentation with tabs or with non-breaking spaces pasted from a web page, a tab after a key,
Word's curly quotes, quoted text not closed on its line (YAML reads on to the next quote), text
starting with a character YAML reads as syntax (`{revenue} a month`), a key indented under
the line above or out of line with its neighbours, a top-level key not in column 1, a list item
out of line, a key without its colon or without a space after it, and a spreadsheet saved as
the scenario. Each takes the text and PyYAML's message and position and
returns a better message, position and hint, or None to keep PyYAML's. (Mistakes that still
parse, such as a list item without its `- `, are caught where the data is built, in
`yamlsource`, or by the models, in `errors`.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

_ODD_SPACES = {
    "\t": "a tab",
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u2007": "a figure space (U+2007)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u3000": "an ideographic space (U+3000)",
    "\u200b": "a zero-width space (U+200B)",
    "\ufeff": "a zero-width no-break space (U+FEFF)",
    **{chr(c): f"a typographic space (U+{c:04X})" for c in range(0x2000, 0x200B)},
}
_LEAD = re.compile(r"[\s\u200b\ufeff]*(?:-[\s\u200b\ufeff]+)*")
"""The indentation of a line, with the `- ` of list items and any odd spaces among it."""
_CURLY = "\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb"
_KEY = re.compile(r"(-\s+)?([^\s:#][^:#]*?):(\s|$)")


@dataclass(frozen=True)
class Hint:
    """A better account of a syntax error: message, 1-based line and column, hint."""

    message: str
    line: int
    column: int
    hint: str


def explain(text: str, problem: str, line: int, column: int) -> Hint | None:
    """A better account of PyYAML's `problem` at `line`:`column` (1-based) of `text`, or None
    when none of the known mistakes is found there."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines) + 1:
        return None
    for check in _CHECKS:
        found = check(lines, problem, line, column)
        if found is not None:
            return found
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _content_above(lines: list[str], line: int) -> list[int]:
    """The 1-based numbers of the lines above `line` that hold data (not blank, not comments),
    nearest first."""
    return [n for n in range(line - 1, 0, -1)
            if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")]


def _odd_indentation(lines: list[str], problem: str, line: int, column: int) -> Hint | None:
    """A tab or an unusual space among the indentation (or after the `-` of a list item) of
    the error's line or the two data lines above it: YAML indents with ASCII spaces only, so
    the line is read as something else, and the parser often notices only on the next line."""
    for number in [line, *_content_above(lines, line)[:2]]:
        if number > len(lines):
            continue
        text = lines[number - 1]
        lead = _LEAD.match(text).group(0)  # type: ignore[union-attr]  # it matches ''
        odd = next((i for i, char in enumerate(lead) if char in _ODD_SPACES), None)
        if odd is None:
            continue
        what = _ODD_SPACES[lead[odd]]
        hint = ("replace the tab with spaces (most editors can convert tabs to spaces)"
                if lead[odd] == "\t" else
                f"the {what[2:]} was probably pasted from a web page or a word processor; "
                "replace it with ordinary spaces")
        return Hint(f"invalid YAML: this line is indented with {what}; YAML indents with "
                    "ordinary spaces only", number, odd + 1, hint)
    return None


def _quote_runs_on(lines: list[str], problem: str, line: int, column: int) -> Hint | None:
    """Quoted text not closed on its line (`title: "Dark mode…`): YAML reads on, across lines,
    to the next quote of the same kind, often far below, and gives up just after it. The
    mistake is where the quote opened, so it is told there (and what YAML complained of on
    the later line is only its consequence)."""
    if line > len(lines):
        return None
    opened = None
    try:
        for token in yaml.scan("\n".join(lines), Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 > line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line + 1 < line):
                opened = token
    except yaml.YAMLError:
        pass
    if opened is None or opened.end_mark.line + 1 != line:
        return None
    first, at = opened.start_mark.line + 1, opened.start_mark.column + 1
    if not any(_SIMPLE_KEY.match(text) for text in lines[first:line]):
        return None  # text quoted over several lines on purpose: no key swallowed by it
    inside = ("a \" inside the text: put the text in single quotes instead"
              if opened.style == '"' else "a ' inside the text is written twice ('')")
    return Hint(f"invalid YAML: this quoted text is not closed on its line: it runs on to line "
                f"{line}, where YAML gave up", first, at,
                f"close the quote ({opened.style}) where the text ends on line {first} ({inside})")


def _curly_quotes(lines: list[str], problem: str, line: int, column: int) -> Hint | None:
    """Curly quotes before the error on its line: the author quoted, but with the characters a
    word processor puts in, which YAML reads as letters."""
    if line > len(lines) or ("mapping values" not in problem and "expected ':'" not in problem):
        return None
    text = lines[line - 1]
    at = next((i for i, char in enumerate(text[:column]) if char in _CURLY), None)
    if at is None:
        return None
    return Hint(f"invalid YAML: this text is in curly quotes ({text[at]}), which YAML reads as "
                "ordinary letters, not as quotes", line, at + 1,
                "use straight quotes, \"like this\" or 'like this' (word processors turn them "
                "curly as you type; paste into a plain-text editor)")


def _key_column(text: str) -> int | None:
    """The 0-based column of the key on a `key: value` or `- key: value` line, if it is one."""
    match = _KEY.match(text.lstrip(" "))
    if match is None:
        return None
    return _indent(text) + (len(match.group(1)) if match.group(1) else 0)


def _indented_under(lines: list[str], problem: str, line: int, column: int) -> Hint | None:
    """A `key:` indented deeper than the key on the line above, which has a value of its own:
    YAML reads the line as more of that value, and stops at its ': '."""
    if "mapping values" not in problem or line > len(lines):
        return None
    above = _content_above(lines, line)
    if not above:
        return None
    text, previous = lines[line - 1], lines[above[0] - 1]
    here, there = _key_column(text), _key_column(previous)
    if here is None or there is None or here <= there:
        return None
    value = previous.split(":", 1)[1].split(" #", 1)[0].strip()
    if not value or value in ("|", ">", "|-", ">-", "|+", ">+"):
        return None
    key, owner = text[here:].split(":", 1)[0], previous[there:].split(":", 1)[0]
    return Hint(f"invalid YAML: '{key}:' is indented more than '{owner}:' on line {above[0]}, "
                f"so YAML reads it as part of the value of '{owner}'", line, here + 1,
                f"line '{key}:' up with '{owner}:' (column {there + 1}): the keys of one "
                "mapping start in the same column")


def _list_item_out_of_line(lines: list[str], problem: str, line: int, column: int) -> Hint | None:
    """A `- ` item whose dash is not in the column of the items above it."""
    if "expected <block end>" not in problem or line > len(lines):
        return None
    text = lines[line - 1]
    if not text.lstrip(" ").startswith("-"):
        return None
    here = _indent(text)
    for number in _content_above(lines, line):
        previous = lines[number - 1]
        there = _indent(previous)
        if previous.lstrip(" ").startswith("-") and there != here:
            return Hint(f"invalid YAML: this list item is out of line with the one on line "
                        f"{number} (its '-' is in column {here + 1}, theirs in column "
                        f"{there + 1})", line, here + 1,
                        f"put the '-' of every item of a list in the same column (here "
                        f"{there + 1})")
        if there < here:
            break
    return None


def _out_of_line(lines: list[str], problem: str, line: int, column: int) -> Hint | None:
    """Any other block that ends where the parser did not expect: an indentation mistake,
    told against the nearest `key:` line above."""
    if "expected <block end>" not in problem or line > len(lines):
        return None
    here = _indent(lines[line - 1])
    message = ("invalid YAML: this line is indented differently from the lines above it (it "
               f"starts in column {here + 1})")
    if 0 < here <= 3 and lines[line - 1].rstrip().endswith(":"):
        top = next((n for n in _content_above(lines, line) if _key_column(lines[n - 1]) == 0),
                   None)
        if top is not None:
            key = lines[top - 1].split(":", 1)[0]
            return Hint(message, line, here + 1, "a top-level key starts in column 1, as "
                        f"'{key}:' on line {top} does")
    for number in _content_above(lines, line):
        there = _key_column(lines[number - 1])
        if there is not None and there != here:
            key = lines[number - 1][there:].split(":", 1)[0]
            return Hint(message, line, here + 1,
                        f"keys of one mapping start in the same column: is it part of the same "
                        f"mapping as '{key}:' on line {number} (column {there + 1})?")
        if there is not None:
            break
    return Hint("invalid YAML: this line is indented differently from the lines above it",
                line, here + 1, "lines of one mapping or list start in the same column")


_SPECIAL = {
    "{": "which YAML reads as the start of a mapping in { }",
    "[": "which YAML reads as the start of a list in [ ]",
    "*": "which YAML reads as an alias (*name)",
    "&": "which YAML reads as an anchor (&name)",
    "|": "which YAML reads as the start of a block of text",
    ">": "which YAML reads as the start of a block of text",
    "@": "a character YAML reserves",
    "`": "a character YAML reserves",
    "%": "which YAML reads as a directive",
}


def _special_start(lines: list[str], problem: str, line: int, column: int) -> Hint | None:
    """Text whose first character means something to YAML (`{revenue} a month`, `[Beta]
    launch`, `@maya`): the author wrote text, YAML read the start of something else."""
    if line > len(lines):
        return None
    text = lines[line - 1]
    at = _key_column(text)
    if at is None:
        return None
    key, value = text[at:].split(":", 1)
    start = len(text) - len(value) + len(value) - len(value.lstrip())
    value = value.strip()
    if not value or value[0] not in _SPECIAL or column - 1 < start:
        return None
    shown = value if len(value) <= 40 else value[:39] + "…"
    quote = "'" if '"' in value else '"'
    return Hint(f"invalid YAML: the value of '{key}' starts with '{value[0]}', "
                f"{_SPECIAL[value[0]]}", line, start + 1,
                f"put the whole text in quotes: {key}: {quote}{shown}{quote}")


def _no_space_after_colon(lines: list[str], problem: str, line: int, column: int
                          ) -> Hint | None:
    """`title:Video visits` is one word to YAML, not a key and a value; the parser complains
    on the next line."""
    if "expected ':'" not in problem:
        return None
    for number in [line, *_content_above(lines, line)[:1]]:
        if number > len(lines):
            continue
        text = lines[number - 1]
        match = re.match(r"\s*(?:-\s+)?([A-Za-z_][\w-]*):(\S)", text)
        if match and ": " not in text:
            key = match.group(1)
            return Hint(f"invalid YAML: there is no space after '{key}:'", number,
                        match.start(2) + 1,
                        f"write '{key}: ' with a space: YAML reads '{key}:{match.group(2)}…' "
                        "as one word")
    return None


def _tab_inside(lines: list[str], problem: str, line: int, column: int) -> Hint | None:
    """A tab between a key and its value, or before a value: allowed only inside text."""
    if "'\\t'" not in problem or line > len(lines):
        return None
    return Hint("invalid YAML: a tab where YAML expects a space", line, column,
                "replace the tab with a space (YAML allows tabs only inside text)")


def _missing_colon(lines: list[str], problem: str, line: int, column: int) -> Hint | None:
    """"could not find expected ':'" is found on the line after a key that lacks its colon."""
    if "expected ':'" not in problem:
        return None
    above = _content_above(lines, line)
    if not above or ":" in lines[above[0] - 1] or lines[above[0] - 1].lstrip().startswith("-"):
        return None
    number = above[0]
    text = lines[number - 1]
    return Hint(f"invalid YAML: '{text.strip()}' has no ':'", number, _indent(text) + 1,
                "each line of a mapping is 'key: value', with a colon and a space after the "
                "key")


def _top_level(lines: list[str], problem: str, line: int, column: int) -> Hint | None:
    """A top-level key out of line with the first: the file reads as two documents' worth."""
    if "<document start>" not in problem:
        return None
    first = next((n for n in range(1, len(lines) + 1)
                  if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)
    if first is not None and _indent(lines[first - 1]) > 0:
        return Hint(f"invalid YAML: the file's first key is indented (column "
                    f"{_indent(lines[first - 1]) + 1}), so the keys in column 1 below it "
                    "cannot join it", first, _indent(lines[first - 1]) + 1,
                    "start every top-level key (format, id, title, ...) in column 1")
    return Hint("invalid YAML: this line is out of line with the top-level keys above it",
                line, column, "top-level keys (format, id, title, ...) start in column 1, and "
                "what belongs to a key is indented under it")


_CHECKS: tuple[Callable[[list[str], str, int, int], Hint | None], ...] = (
    _quote_runs_on, _top_level, _odd_indentation, _tab_inside, _curly_quotes, _special_start,
    _indented_under, _list_item_out_of_line, _no_space_after_colon, _missing_colon, _out_of_line,
)
"""The checks, most specific first: the first that recognises the mistake explains it."""


_SEPARATORS = (",", ";", "\t")
_SIMPLE_KEY = re.compile(r"\s*(-\s+)?[A-Za-z_][\w-]*:(\s|$)")


def looks_like_table(text: str) -> str | None:
    """The separator (',', ';' or a tab) when `text` looks like a spreadsheet saved as CSV or
    text (its first lines, comments aside, hold the same number, at least two, of one
    separator, and none is a YAML `key: value` line), else None."""
    rows = [row for row in text.splitlines()
            if row.strip() and not row.lstrip().startswith("#")][:5]
    if len(rows) < 2 or any(_SIMPLE_KEY.match(row) for row in rows):
        return None
    for separator in _SEPARATORS:
        counts = {row.count(separator) for row in rows}
        if len(counts) == 1 and counts.pop() >= 2:
            return separator
    return None


def table_hint(separator: str) -> str:
    """What to do with a spreadsheet export whose cells are split by `separator`."""
    name = {"\t": "tabs", ",": "commas", ";": "semicolons"}[separator]
    return (f"this looks like a spreadsheet export (values separated by {name}); a scenario is "
            "YAML, 'key: value' lines: start from `pmsim new` and copy each cell into its field")
