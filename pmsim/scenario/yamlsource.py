"""Turning untrusted YAML bytes into plain data that remembers where every value came from.

PyYAML is used only up to its composer (a node tree with positions); values are built here, so
nothing in a file can construct an object or run code. The rules this enforces, each for a reason
found the hard way in PyYAML:

- pure-Python parsing (`CSafeLoader` segfaults on deep nesting) with a nesting cap, so a file
  nested thousands deep is refused before Python's recursion limit is near;
- no aliases: a few hundred bytes of `&a [*a, *a, ...]` expand to billions of nodes when walked;
- YAML 1.2 scalars: only `true`/`false` are booleans (`answer: no` stays text) and dates stay text;
- duplicate keys are errors (PyYAML keeps the last one silently);
- no tags beyond the plain ones (`!!python/object` and friends are refused, never constructed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, DocumentStartEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NUMBER_DIGITS = 60

Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class SourceError(Exception):
    """The file cannot be read as data at all; one message, at one place."""

    def __init__(self, message: str, line: int = 1, column: int = 1, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


@dataclass
class Problem:
    """A problem in otherwise readable data (a duplicate key, a forbidden tag)."""

    message: str
    line: int
    column: int
    hint: str | None = None
    path: Path = ()


@dataclass
class Source:
    """Plain data plus where each value and each mapping key starts (1-based line, column)."""

    text: str
    data: object
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of the value at `path` (or of its key), else of its nearest ancestor."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
        return (1, 1)


class _Resolver(BaseResolver):
    """YAML 1.2 core schema: no yes/no/on/off booleans, no timestamps, no sexagesimal ints."""


for _tag, _pattern, _first in [
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        _FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
]:
    _Resolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


class _Composer(Reader, Scanner, Parser, Composer, _Resolver):
    """PyYAML's pure-Python pipeline up to nodes, refusing aliases and deep nesting."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            raise SourceError(
                f"aliases (*{event.anchor}) are not allowed in scenario files",
                *_position(event.start_mark),
                hint="write the value out in full where it is needed",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise SourceError(
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    *_position(event.start_mark),
                    hint="a scenario needs only a few levels; check for runaway brackets",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def single_node(self) -> Node | None:
        self.get_event()  # type: ignore[no-untyped-call]  # stream start
        node = None
        if not self.check_event(StreamEndEvent):
            node = self.compose_document()
        if not self.check_event(StreamEndEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            line, column = _position(event.start_mark)
            if isinstance(event, DocumentStartEvent):
                raise SourceError(
                    "the file holds more than one YAML document; a scenario is one document",
                    line,
                    column,
                    hint="remove the '---' line and what follows, or split it into two files",
                )
            raise SourceError("unexpected content after the end of the document", line, column)
        return node


class _Mark(Protocol):
    """Where PyYAML says something is (its pure-Python and C marks both have these)."""

    line: int
    column: int


def _position(mark: _Mark | None) -> tuple[int, int]:
    if mark is None:
        return (1, 1)
    return (mark.line + 1, mark.column + 1)


_OPENED = {
    "a quoted scalar": "quoted text",
    "a flow sequence": "list in [ ]",
    "a flow mapping": "mapping in { }",
    "a block scalar": "block of text",
}

_SCANNER_HINTS = {
    "found character '\\t' that cannot start any token": "YAML indents with spaces, not tabs",
    "mapping values are not allowed here": "a value containing ': ' needs quotes around it",
    "could not find expected ':'": "each line of a mapping needs 'key: value'; check the "
    "indentation and quotes above this line",
    "found undefined alias": "aliases are not allowed; write the value out",
}


def decode(raw: bytes) -> str:
    """UTF-8 text from the file's bytes, or a SourceError that says what is wrong with them."""
    if len(raw) > MAX_BYTES:
        raise SourceError(
            f"the file is {len(raw):,} bytes; scenario files are limited to {MAX_BYTES:,}",
            hint="split long texts or remove unused requests",
        )
    if b"\x00" in raw:
        line, column = _byte_position(raw, raw.index(b"\x00"))
        raise SourceError("this is a binary file, not YAML text", line, column)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        raise SourceError(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot be read)",
            line,
            column,
            hint="save the file with UTF-8 encoding (most editors offer it under 'Save as')",
        ) from None


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    prefix = raw[line_start:offset].decode("utf-8", errors="replace")
    return raw.count(b"\n", 0, offset) + 1, len(prefix) + 1


def parse(text: str) -> Source:
    """Compose `text` into a Source; raises SourceError when it is not readable YAML data."""
    try:
        node = _Composer(text).single_node()
    except SourceError:
        raise
    except yaml.MarkedYAMLError as exc:
        message = exc.problem or exc.context or "the YAML cannot be read"
        mark = exc.problem_mark or exc.context_mark
        opened = _OPENED.get((exc.context or "").split(" ", 2)[-1])
        if "end of stream" in message and exc.context_mark is not None and opened:
            # the file ended inside something: point at where that something began
            line, column = _position(exc.context_mark)
            raise SourceError(
                f"invalid YAML: the file ends before this {opened} is closed", line, column,
                hint="close the quote or bracket that starts here",
            ) from None
        line, column = _position(mark)
        if (opened and exc.context_mark is not None and mark is not None
                and exc.context_mark.line != mark.line):
            start, _ = _position(exc.context_mark)
            raise SourceError(f"invalid YAML: {message}", line, column,
                              hint=f"the {opened} that starts on line {start} may not be "
                              "closed") from None
        raise SourceError(
            f"invalid YAML: {message}", line, column, hint=_SCANNER_HINTS.get(message)
        ) from None
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        position = getattr(exc, "position", None)
        line, column = (1, 1)
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
        reason = getattr(exc, "reason", None) or "a character YAML does not allow"
        raise SourceError(f"invalid YAML: {reason}", line, column) from None
    except RecursionError:  # belt and braces: the depth cap should make this unreachable
        raise SourceError(
            "the data is nested too deeply to read", hint="check for runaway brackets"
        ) from None
    if node is None:
        raise SourceError("the file is empty", hint="start from `pmsim new` or a bundled scenario")
    source = Source(text=text, data=None)
    source.data = _build(node, (), source)
    return source


def _build(node: Node, path: Path, source: Source) -> object:
    source.values[path] = _position(node.start_mark)
    if isinstance(node, ScalarNode):
        return _scalar(node, path, source)
    if isinstance(node, SequenceNode):
        _check_tag(node, _SEQ, path, source)
        return [_build(item, (*path, i), source) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        _check_tag(node, _MAP, path, source)
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            line, column = _position(key_node.start_mark)
            if not isinstance(key_node, ScalarNode):
                source.problems.append(
                    Problem("a key must be a plain word, not a list or a mapping", line, column)
                )
                continue
            key = key_node.value
            if key in result:
                first_line, _ = source.keys[(*path, key)]
                source.problems.append(
                    Problem(
                        f"duplicate key '{key}' (first given on line {first_line})",
                        line,
                        column,
                        hint="YAML would silently keep only the last one; remove one of them",
                        path=(*path, key),
                    )
                )
                continue
            source.keys[(*path, key)] = (line, column)
            result[key] = _build(value_node, (*path, key), source)
        return result
    raise AssertionError(f"unknown node {node!r}")  # pragma: no cover - PyYAML has three kinds


def _check_tag(node: Node, expected: str, path: Path, source: Source) -> None:
    if node.tag != expected:
        line, column = _position(node.start_mark)
        source.problems.append(_tag_problem(node.tag, line, column, path))


def _tag_problem(tag: str, line: int, column: int, path: Path) -> Problem:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return Problem(
        f"the tag '{shown}' is not allowed: scenario files hold plain data only",
        line,
        column,
        hint="remove the tag",
        path=path,
    )


def _scalar(node: ScalarNode, path: Path, source: Source) -> object:
    value = node.value
    tag = node.tag
    line, column = _position(node.start_mark)
    try:
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            if value.lower() not in ("true", "false"):
                raise ValueError
            return value.lower() == "true"
        if tag == _INT:
            digits = value.lstrip("+-")
            if len(digits) > MAX_NUMBER_DIGITS:
                raise ValueError
            sign = -1 if value.startswith("-") else 1
            if digits.startswith("0x"):
                return sign * int(digits[2:], 16)
            if digits.startswith("0o"):
                return sign * int(digits[2:], 8)
            return int(value)
        if tag == _FLOAT:
            if len(value) > MAX_NUMBER_DIGITS:
                raise ValueError
            lowered = value.lower()
            if lowered.endswith(".inf"):
                return float("-inf") if lowered.startswith("-") else float("inf")
            if lowered == ".nan":
                return float("nan")
            return float(value)
    except ValueError:
        source.problems.append(
            Problem(
                f"'{_short(value)}' cannot be read as a {tag.rsplit(':', 1)[-1]}",
                line,
                column,
                path=path,
            )
        )
        return None
    source.problems.append(_tag_problem(tag, line, column, path))
    return None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
