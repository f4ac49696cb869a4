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
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, DocumentStartEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from . import syntaxhints

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

    def __init__(self, message: str, line: int = 1, column: int = 1, hint: str | None = None,
                 span: tuple[int, int] | None = None, recoverable: bool = False):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.span = span or (line, line)
        """The first and last line (1-based) the mistake involves: what recovery skips."""
        self.recoverable = recoverable
        """Whether reading can go on past these lines (a syntax error inside one section)."""


@dataclass
class Problem:
    """A problem in otherwise readable data (a duplicate key, a forbidden tag)."""

    message: str
    line: int
    column: int
    hint: str | None = None
    path: Path = ()


class At(int):
    """A character offset into the text at the path before it, as the last item of a path:
    `Source.where` gives that character's own line and column, so a diagnostic about one brace
    inside a long pitch points at the brace, not at `pitch:` (a block scalar starts lines above
    the brace, and folding moves its characters off the columns they are written in)."""


@dataclass(frozen=True)
class Written:
    """A text value as the file writes it, to find its characters in the source: its style
    ('' plain, a quote, '|' or '>'), where it starts, the source from its start to its end
    (quotes and a block's header included), and the text it reads as."""

    style: str
    line: int
    column: int
    source: str
    value: str

    def position(self, offset: int) -> tuple[int, int] | None:
        """The line and column of character `offset` of the value; None when the source does
        not write it as itself (an escape such as \\x7b spells it)."""
        index = self._indexes[offset] if 0 <= offset < len(self._indexes) else -1
        if index < 0:
            return None
        newlines = bisect_right(self._line_starts, index) - 1
        if not newlines:
            return self.line, self.column + index
        return self.line + newlines, index - self._line_starts[newlines] + 1

    @cached_property
    def _line_starts(self) -> list[int]:
        """Where each line of the source starts: the line of an index without a count."""
        return [0, *(m.end() for m in re.finditer("\n", self.source))]

    @cached_property
    def _indexes(self) -> list[int]:
        """Where each character of the value stands in the source, found in one walk (a text
        with thousands of mistakes costs one walk, not one each)."""
        return _written_indexes(self.source, self.style, self.value)


def _written_indexes(source: str, style: str, value: str) -> list[int]:
    """Where each character of `value` stands in `source`, the scalar as written (-1 where an
    escape spells it). Both are walked together: a run of whitespace in the value (a folded or
    kept line break, with the indentation after it) against the run in the source, an escape
    or a doubled quote as the one character it reads as, and any other character against
    itself (or, should the two drift apart, its next occurrence)."""
    at = (source.find("\n") + 1 or len(source)) if style in ("|", ">") else int(bool(style))
    indexes = []
    for char in value:
        if not char.isspace():
            at = _skip_unread(source, at, style)
        escaped = style == '"' and source.startswith("\\", at)
        indexes.append(at if source.startswith(char, at) and not escaped else -1)
        at = _past(source, at, char, style)
    return indexes


def _past(source: str, at: int, char: str, style: str) -> int:
    """Where the source goes on after the part of it that reads as `char`."""
    if char.isspace():
        if at < len(source) and source[at].isspace():
            while at < len(source) and source[at].isspace():
                at += 1
            return at
        return _past_escape(source, at) if style == '"' and source.startswith("\\", at) else at
    at = _skip_unread(source, at, style)
    if style == '"' and source.startswith("\\", at):
        return _past_escape(source, at)
    if source.startswith(char, at):
        return at + (2 if style == "'" and source.startswith("''", at) else 1)
    found = source.find(char, at, at + RESYNC)
    return found + 1 if found >= 0 else at


RESYNC = 80
"""How far ahead to look for a character the walk has lost (bounded: a long text must not
cost a search of the rest of it for every character)."""


def _skip_unread(source: str, at: int, style: str) -> int:
    """Past what reads as nothing before a visible character: indentation, and in double
    quotes a line break escaped with a backslash."""
    while at < len(source):
        if source[at] in " \t\r\n":
            at += 1
        elif style == '"' and source.startswith("\\\n", at):
            at += 2
        elif style == '"' and source.startswith("\\\r\n", at):
            at += 3
        else:
            return at
    return at


_ESCAPE_DIGITS = {"x": 2, "u": 4, "U": 8}
"""How many hex digits follow each numbered escape of double-quoted YAML."""


def _past_escape(source: str, at: int) -> int:
    """Past the escape starting at `at` (a backslash): `\\x7b`, `\\u007b`, `\\n`, ..."""
    letter = source[at + 1: at + 2]
    return at + 2 + _ESCAPE_DIGITS.get(letter, 0)


@dataclass
class Source:
    """Plain data plus where each value and each mapping key starts (1-based line, column),
    and how each text value is written (`texts`, for the position of a character in it)."""

    text: str
    data: object
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    texts: dict[Path, Written] = field(default_factory=dict)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of the value at `path` (or of its key), else of its nearest ancestor;
        for a path ending in `At`, of that character of the text (else of the text)."""
        if path and isinstance(path[-1], At):
            written = self.texts.get(path[:-1])
            found = written.position(path[-1]) if written is not None else None
            return found or self.where(path[:-1], key=key)
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


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
"""The byte-order marks YAML 1.2 (section 5.2) accepts, longest first, and their encodings."""


def encoding_of(raw: bytes) -> tuple[str, int]:
    """The encoding YAML 1.2 (section 5.2) detects for `raw` and the length of its byte-order
    mark: a BOM names it; without one, NULs in every other one of the first four bytes mean
    UTF-16 (a scenario starts with ASCII characters); else UTF-8."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding, len(bom)
    head = raw[:4]
    if len(head) == 4 and head[0] == head[2] == 0 and head[1] and head[3]:
        return "utf-16-be", 0
    if len(head) == 4 and head[1] == head[3] == 0 and head[0] and head[2]:
        return "utf-16-le", 0
    return "utf-8", 0


def decode(raw: bytes, size: int | None = None) -> str:
    """The text of a scenario file's bytes, in any encoding YAML allows (UTF-8, UTF-16 or
    UTF-32, with or without a byte-order mark, which is dropped).

    Raises SourceError for a file over MAX_BYTES, for NUL bytes in UTF-8 (a binary file), and
    for bytes the encoding cannot read; the error points at the first such byte and, when the
    bytes read as Windows-1252 (the "ANSI" of Windows editors and spreadsheet exports), names
    the character it probably was. `size`: the file's real size, when known (a reader stops
    one byte past the limit, so the length of `raw` is not the file's).
    """
    if len(raw) > MAX_BYTES:
        how_big = (f"{size:,} bytes" if size is not None and size > MAX_BYTES
                   else f"larger than {MAX_BYTES:,} bytes")
        raise SourceError(
            f"the file is {how_big}; scenario files are limited to {MAX_BYTES:,}",
            hint="split long texts or remove unused requests",
        )
    encoding, skip = encoding_of(raw)
    body = raw[skip:]
    if encoding == "utf-8" and b"\x00" in body:
        line, column = _byte_position(body, body.index(b"\x00"))
        raise SourceError("this is a binary file, not YAML text", line, column)
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            text = body.decode(encoding, errors="replace")
            line, column = _text_position(text, text.index("\ufffd"))
            raise SourceError(
                f"the file starts as {encoding.upper()} text but has bytes that are not "
                f"{encoding.upper()}", line, column,
                hint="save the file again with UTF-8 encoding (most editors offer it under "
                "'Save as')",
            ) from None
        raise _not_utf8(body, exc.start) from None


def _not_utf8(raw: bytes, offset: int) -> SourceError:
    line, column = _byte_position(raw, offset)
    byte = raw[offset]
    try:
        guess = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        guess = ""
    if guess and byte >= 0x80:
        return SourceError(
            f"the file is not UTF-8 text: byte 0x{byte:02X} cannot be read (in the Windows "
            f"encoding 'ANSI', Windows-1252, it is '{guess}')",
            line, column,
            hint="the file was saved in a Windows encoding; save it again as UTF-8 (in "
            "Notepad: Save as, Encoding: UTF-8; in a spreadsheet: CSV UTF-8)",
        )
    return SourceError(
        f"the file is not UTF-8 text (byte 0x{byte:02X} cannot be read)",
        line,
        column,
        hint="save the file with UTF-8 encoding (most editors offer it under 'Save as')",
    )


def _text_position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


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
        raise _syntax_error(exc, text) from None
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


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> SourceError:
    """PyYAML's complaint as a SourceError at the place to fix, with a hint where the mistake
    is recognised (see `syntaxhints`); its `span` covers every line the complaint involves."""
    message = exc.problem or exc.context or "the YAML cannot be read"
    mark = exc.problem_mark or exc.context_mark
    opened = _OPENED.get((exc.context or "").split(" ", 2)[-1])
    line, column = _position(mark)
    start = _position(exc.context_mark)[0] if exc.context_mark is not None else line
    if "end of stream" in message and exc.context_mark is not None and opened:
        # the file ended inside something: point at where that something began
        line, column = _position(exc.context_mark)
        return SourceError(
            f"invalid YAML: the file ends before this {opened} is closed", line, column,
            hint="close the quote or bracket that starts here", span=(start, line),
            recoverable=True,
        )
    if opened and exc.context_mark is not None and mark is not None and start != line:
        # the parser notices on a later line; the mistake is where the thing opened
        first, at = _position(exc.context_mark)
        closer = {"quoted text": "the quote", "list in [ ]": "']'", "mapping in { }": "'}'"}
        return SourceError(f"invalid YAML: this {opened} is not closed before line {line} "
                           f"({message})", first, at,
                           hint=f"close it with {closer.get(opened, 'its closing mark')} where "
                           "it ends", span=(start, line), recoverable=True)
    separator = syntaxhints.looks_like_table(text)
    if separator is not None:
        return SourceError("this is not a scenario: " + syntaxhints.table_hint(separator),
                           hint="see docs/authoring.md, section 1")
    better = syntaxhints.explain(text, message, line, column)
    if better is not None:
        return SourceError(better.message, better.line, better.column, better.hint,
                           span=(min(better.line, line), max(better.line, line)),
                           recoverable="<document start>" not in message)
    return SourceError(f"invalid YAML: {message}", line, column,
                       hint=_SCANNER_HINTS.get(message), span=(min(start, line), line),
                       recoverable=True)


def _build(node: Node, path: Path, source: Source) -> object:
    source.values[path] = _position(node.start_mark)
    if isinstance(node, ScalarNode):
        return _scalar(node, path, source)
    if isinstance(node, SequenceNode):
        _check_tag(node, _SEQ, path, source)
        items: list[object] = []
        for item in node.value:
            for part in _items_in(item, path, len(items), source):
                items.append(_build(part, (*path, len(items)), source))
        return items
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
            key = _pair_surrogates(key_node.value, line, column, path, source)
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


def _items_in(node: Node, path: Path, index: int, source: Source) -> list[Node]:
    """A list item, or several when the author left out the `- ` of the next ones.

    Without its `- `, the next item's keys land in the item above as duplicates. When the
    item's first key comes again, a new item starts there, or at the run of repeated keys just
    before it (`name:` then `id:`): reported once, as one problem, and read as the author meant,
    so the items after it do not turn into a dozen duplicate keys and unknown ids.
    """
    if not isinstance(node, MappingNode) or not node.value:
        return [node]
    first = node.value[0][0]
    if not isinstance(first, ScalarNode):
        return [node]
    parts: list[list[tuple[Node, Node]]] = [[]]
    repeats = 0  # how many pairs at the end of the current part repeat one of its keys
    for key, value in node.value:
        current = parts[-1]
        seen = {k.value for k, _ in current[: len(current) - repeats]}
        again = isinstance(key, ScalarNode) and key.value in seen
        if again and key.value == first.value:
            moved = current[len(current) - repeats:]
            del current[len(current) - repeats:]
            parts.append([*moved, (key, value)])
            source.problems.append(_missing_dash(path, index + len(parts) - 1, parts[-1][0][0],
                                                 current[0][0]))
            repeats = 0
            continue
        current.append((key, value))
        repeats = repeats + 1 if again else 0
    if len(parts) == 1:
        return [node]
    return [MappingNode(node.tag, part, part[0][0].start_mark, node.end_mark) for part in parts]


def _missing_dash(path: Path, index: int, key: Node, above: Node) -> Problem:
    line, column = _position(key.start_mark)
    name = path[-1] if path else "the list"
    return Problem(
        f"a new item of '{name}' starts here without its '- ' (its keys repeat those of the item "
        f"above, which starts on line {_position(above.start_mark)[0]})",
        line, column, hint=f"write '- ' before '{key.value}:', with the '-' in the column of the "
        "other items' '-'", path=(*path, index))


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
            text = _pair_surrogates(value, line, column, path, source)
            source.texts[path] = Written(node.style or "", line, column, source.text[
                node.start_mark.index:node.end_mark.index], text)
            return text
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


_SURROGATE = re.compile("[\ud800-\udfff]")


def _pair_surrogates(value: str, line: int, column: int, path: Path, source: Source) -> str:
    """Text with JSON-style escaped surrogate pairs (`\\uD83D\\uDE80`) joined into the one
    character they stand for: JSON writes characters beyond U+FFFF so, and PyYAML leaves the
    two halves apart. A half without its partner is not a character: a problem, and it is
    dropped so that nothing downstream has to print it."""
    if not _SURROGATE.search(value):
        return value
    try:
        return value.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        source.problems.append(Problem(
            "this text has half of a character escape (a \\uD800-\\uDFFF code without its "
            "partner)", line, column,
            hint="write the character itself, or both halves of its escape "
            "(\\uD83D\\uDE80 for a rocket)", path=path))
        return _SURROGATE.sub("", value)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
