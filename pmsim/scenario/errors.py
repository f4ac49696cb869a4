"""Pydantic's validation errors, retold in plain language at the right line and column.

Pydantic reports a location as a tuple of field names, list indexes, union tags and '[key]'
markers. Walking that tuple alongside the data gives the path into the file (and so its
position); walking it alongside the model classes gives the keys that were allowed there (and
so a "did you mean" hint).
"""

from __future__ import annotations

import difflib
import re
import types
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .models import CONDITION_KEYS
from .yamlsource import Path, Source

_NOUNS = {
    "stakeholders": "stakeholder",
    "requests": "request",
    "events": "event",
    "discovery": "discovery method",
    "lessons": "lesson",
    "hints": "hint",
}

_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (indented 'key: value' lines)",
    "model_type": "a mapping (indented 'key: value' lines)",
    "model_attributes_type": "a mapping (indented 'key: value' lines)",
}


def diagnose(
    exc: ValidationError, source: Source, root: type[BaseModel],
    unreadable: frozenset[str] = frozenset(),
) -> Iterator[tuple[Any, ...]]:
    """Yield (path, key?, message, hint) for each error, at most one per place in the file.
    A top-level key in `unreadable` (its section had a syntax error) is not reported missing."""
    seen: set[Path] = set()
    found = exc.errors(include_url=False)
    misplaced = {(*owner, e["loc"][-1]) for e in found if e["type"] == "extra_forbidden"
                 if (owner := _owner_allowing(e["loc"], root)) is not None}

    def reported(error: Any) -> bool:
        if error["type"] == "missing" and len(error["loc"]) == 1 and error["loc"][0] in unreadable:
            return False
        return not (error["type"] == "missing" and tuple(error["loc"]) in misplaced)

    kept = [error for error in found if reported(error)]  # misplaced: reported where it is
    absent: dict[Path, list[str]] = {}  # every key missing at each place, named in one message
    for error in kept:
        path, rest, _ = _data_path(error["loc"], source.data)
        if error["type"] == "missing" and rest:
            absent.setdefault(path, []).append(str(rest[0]))
    for error in kept:
        path, rest, at_key = _data_path(error["loc"], source.data)
        if path in seen:
            continue  # one place, one message
        seen.add(path)
        message, hint = _explain({**error, "absent": absent.get(path, [])}, path, rest, source,
                                 root)
        yield path, at_key or error["type"] == "extra_forbidden", message, hint


def _listed(names: list[str]) -> str:
    """'a' and 'b'; 'a', 'b' and 'c'."""
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _data_path(loc: tuple[Any, ...], data: object) -> tuple[Path, tuple[Any, ...], bool]:
    """The part of `loc` that exists in the data, what is left over, and whether it names a key."""
    path: list[str | int] = []
    current = data
    at_key = False
    for index, element in enumerate(loc):
        if element == "[key]":
            at_key = True
        # Two branches with one body, so that the type checker narrows each on its own.
        elif isinstance(current, dict) and isinstance(element, str) and element in current:  # noqa: SIM114
            path.append(element)
            current = current[element]
        elif (
            isinstance(current, list)
            and isinstance(element, int)
            and not isinstance(element, bool)
            and 0 <= element < len(current)
        ):
            path.append(element)
            current = current[element]
        elif isinstance(element, str) and (" " in element or "[" in element):
            continue  # a union tag such as 'metric condition': not part of the file
        else:
            return tuple(path), tuple(loc[index:]), at_key
    return tuple(path), (), at_key


@dataclass(frozen=True)
class _Error:
    """One pydantic error with what explaining it needs."""

    error: dict[str, Any]
    path: Path
    rest: tuple[Any, ...]
    source: Source
    root: type[BaseModel]

    @property
    def ctx(self) -> dict[str, Any]:
        return self.error.get("ctx") or {}

    @property
    def name(self) -> str:
        return _name(self.path, self.source.data)

    @property
    def value(self) -> Any:
        return _value_at(self.path, self.source.data)


Explained = tuple[str, str | None]


def _explain(
    error: dict[str, Any], path: Path, rest: tuple[Any, ...], source: Source, root: type[BaseModel]
) -> Explained:
    """The message and hint for one pydantic error, in the words of the file's author."""
    e = _Error(error, path, rest, source, root)
    kind = error["type"]
    if kind in _EXPECTED:
        return _wrong_type(e, kind)
    if kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        return f"{e.name} should be {words} {_number(e.ctx.get(key))}, not {_number(e.value)}", None
    explain = _EXPLAINERS.get(kind)
    if explain is not None:
        return explain(e)
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return f"{e.name}: {message}", None


def _missing(e: _Error) -> Explained:
    """Every key missing at this place in one message (`absent`, gathered by `diagnose`), with
    the first one's description as the hint."""
    missing = e.rest[0] if e.rest else "?"
    doc = _field_doc(_model_at(e.error["loc"][:-1], e.root), str(missing))
    names = e.error.get("absent") or [str(missing)]
    return f"{_owner(e.path, e.source.data)} is missing {_listed(names)}", doc


def _owner_allowing(loc: tuple[Any, ...], root: type[BaseModel]) -> tuple[Any, ...] | None:
    """For a key not allowed where it is (`loc` ends with it): the location of the nearest
    mapping above that allows it, if any. A key indented into the mapping before it (an
    event's `message:` under its `when:`) lands there."""
    key = loc[-1]
    for cut in range(len(loc) - 2, -1, -1):
        if key in _allowed_keys(_model_at(loc[:cut], root)):
            return tuple(loc[:cut])
    return None


def _misplaced(e: _Error, loc: tuple[Any, ...]) -> Explained | None:
    """The message for a key found in a mapping below the one it belongs to, if it is one."""
    owner = _owner_allowing(loc, e.root)
    if owner is None:
        return None
    key = loc[-1]
    where = _owner(_data_path(owner, e.source.data)[0], e.source.data)
    return (f"'{key}' is indented into {_owner(e.path[:-1], e.source.data)}; it is a key of "
            f"{where}", f"line '{key}:' up with the other keys of {where}")


def _extra(e: _Error) -> Explained:
    key = e.path[-1] if e.path else "?"
    misplaced = _misplaced(e, tuple(e.error["loc"]))
    if misplaced is not None:
        return misplaced
    allowed = _allowed_keys(_model_at(e.error["loc"][:-1], e.root))
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else (
        "allowed here: " + ", ".join(allowed) if allowed else None)
    return f"unknown key '{key}' in {_owner(e.path[:-1], e.source.data)}", hint


def _wrong_type(e: _Error, kind: str) -> Explained:
    value = e.value
    hint = None
    if kind == "string_type" and isinstance(value, (bool, int, float)):
        hint = "put it in quotes to make it text"
    elif value is None and kind in ("dict_type", "model_type", "model_attributes_type",
                                    "list_type"):
        hint = "write what it holds on the lines below it, indented under it"
    elif kind == "string_type" and isinstance(value, (dict, list)):
        hint = ("text that starts with '{' or '[' is read as a mapping or a list: put the whole "
                "text in quotes, e.g. \"{revenue} a month\"")
    return f"{e.name} should be {_EXPECTED[kind]}, not {_describe(value)}", hint


def _literal(e: _Error) -> Explained:
    at_key = bool(e.error["loc"]) and e.error["loc"][-1] == "[key]"
    value = e.path[-1] if at_key and e.path else e.value
    expected = str(e.ctx.get("expected", ""))
    choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else None
    if (isinstance(value, str) and value.strip() in choices and not at_key
            and value.strip().lstrip("-").isdigit()):  # format: "3", a number in quotes
        hint = f"write it without quotes: {value.strip()} is a number, \"{value}\" is text"
    if at_key:
        misplaced = _misplaced(e, tuple(e.error["loc"][:-1]))
        if misplaced is not None:
            return misplaced
        return f"'{value}' is not allowed as a key here; use one of: {expected}", hint
    return f"{e.name} should be one of: {expected}; not {_describe(value)}", hint


def _condition(e: _Error) -> Explained:
    value = e.value
    hint = None
    if isinstance(value, dict):
        for key in value:
            close = difflib.get_close_matches(str(key), CONDITION_KEYS, n=1, cutoff=0.6)
            if close:
                hint = f"did you mean '{close[0]}'?"
                break
    return f"{e.name} is not a condition: {e.error['msg']}", hint


ID_RULE = ("use lower-case ASCII letters (a-z), digits, '-' and '_', starting with a letter or "
           "digit")
"""What an id may hold, said after every invalid one."""

_ID_NOUNS = {**_NOUNS, "worlds": "world"}


def _bad_id(e: _Error) -> Explained:
    """"stakeholder id 'ömar' is not a valid id: use lower-case ASCII letters (a-z), ...",
    with the id it could be as the hint. The value is said once: in the name of the entry
    it identifies, in the mapping key it is, or after the field that holds it."""
    given = e.error.get("input")  # a mapping's key is checked on its own: the key, not its value
    at_key = isinstance(given, str) and bool(e.path) and e.path[-1] == given
    value = given if isinstance(given, str) else str(e.value)
    shown = value if len(value) <= 40 else value[:39] + "…"
    suggestion = _as_id(value)
    hint = f"for example '{suggestion}'" if suggestion else None
    path = e.path
    if at_key:  # e.name holds the key: "'Maya' in 'trust' in 'effects' of event 'outage'"
        return f"{e.name} is not a valid id: {ID_RULE}", hint
    if path == ("id",):
        return f"scenario id '{shown}' is not a valid id: {ID_RULE}", hint
    if len(path) == 3 and path[-1] == "id" and str(path[0]) in _ID_NOUNS:
        return f"{_ID_NOUNS[str(path[0])]} id '{shown}' is not a valid id: {ID_RULE}", hint
    return f"{e.name} is '{shown}', not a valid id: {ID_RULE}", hint


def _as_id(text: str) -> str | None:
    """The id `text` reads as ('Ömar Said' is 'omar-said'), if there is one."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9_]+", plain.lower())
    found = "-".join(words)[:64].strip("-_")
    return found if found and found != text else None


def _too_short(e: _Error) -> Explained:
    least = e.ctx.get("min_length")
    if least == 2 and e.ctx.get("field_type") == "List" and _is_range(e.path):
        return f"{e.name} should be a range [low, high]", None
    return f"{e.name} needs at least {least} item{'s' if least != 1 else ''}", None


def _too_long(e: _Error) -> Explained:
    most = e.ctx.get("max_length")
    if _is_range(e.path):
        return f"{e.name} should be a range [low, high], with exactly two numbers", None
    return f"{e.name} can have at most {most} item{'s' if most != 1 else ''}", None


_BOUNDS = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
}
_EXPLAINERS: dict[str, Callable[[_Error], Explained]] = {
    "missing": _missing,
    "extra_forbidden": _extra,
    "literal_error": _literal,
    "condition": _condition,
    "string_pattern_mismatch": _bad_id,
    "string_too_short": lambda e: (f"{e.name} cannot be empty", None),
    "string_too_long": lambda e: (
        f"{e.name} is longer than {e.ctx.get('max_length')} characters", "shorten it"),
    "too_short": _too_short,
    "too_long": _too_long,
}


def _is_range(path: Path) -> bool:
    return any(part in ("cost", "impact", "neglect") for part in path if isinstance(part, str))


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float) and abs(value) >= 1e15:
        return f"{value:g}"
    return str(value)


def _value_at(path: Path, data: object) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def _describe(value: object) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _name(path: Path, data: object) -> str:
    """How to refer to the value at `path` in a message: "'estimate' of request 'sso'",
    "'metric' in the first condition under 'all' in 'when' of event 'outage'"."""
    if not path:
        return "the scenario"
    return _owner(path, data)


def _owner(path: Path, data: object) -> str:
    """The value at `path` in words, up to the nearest list entry with a name ("request
    'sso'", "event #3"): never a code path such as 'when.all.0'."""
    for cut in range(len(path), 0, -1):
        prefix = path[:cut]
        if isinstance(prefix[-1], int) and len(prefix) == 2 and str(prefix[-2]) in _NOUNS:
            noun = _NOUNS[str(prefix[-2])]
            entry = _value_at(prefix, data)
            ident = entry.get("id") if isinstance(entry, dict) else None
            label = f"{noun} '{ident}'" if isinstance(ident, str) else f"{noun} #{prefix[-1] + 1}"
            inner = path[cut:]
            return f"{_words(inner)} of {label}" if inner else label
    return _words(path) if path else "the scenario"


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")


def _words(path: Path) -> str:
    """A path inside one entry in words, innermost first: ('when', 'all', 0, 'metric') is
    "'metric' in the first condition under 'all' in 'when'"."""
    parts: list[str] = []
    index = 0
    while index < len(path):
        part = path[index]
        following = path[index + 1] if index + 1 < len(path) else None
        if isinstance(following, int):
            parts.append(_item(str(part), following))
            index += 2
        elif isinstance(part, int):
            parts.append(f"item {part + 1}")
            index += 1
        else:
            parts.append(f"'{part}'")
            index += 1
    return " in ".join(reversed(parts))


def _item(container: str, index: int) -> str:
    if container in ("all", "any"):
        nth = _ORDINALS[index] if index < len(_ORDINALS) else f"number {index + 1}"
        return f"the {nth} condition under '{container}'"
    return f"item {index + 1} of '{container}'"


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _model_at(loc: tuple[Any, ...], root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class that validates the value at `loc` (union tags included), if any."""
    tp: Any = root
    for element in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = next(
                (f for n, f in tp.model_fields.items() if element in (n, f.alias)), None
            )
            if field is None:
                return None
            tp = field.annotation
            continue
        origin = get_origin(tp)
        if origin is list:
            tp = get_args(tp)[0]
        elif origin is dict:
            tp = get_args(tp)[1]
        elif origin in (Union, types.UnionType):
            tp = next((m for m in get_args(tp) if _tag_of(m) == element), None)
            if tp is None:
                return None
        else:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _tag_of(member: Any) -> str | None:
    if get_origin(member) is Annotated:
        for meta in get_args(member)[1:]:
            tag = getattr(meta, "tag", None)
            if isinstance(tag, str):
                return tag
    return None


def _allowed_keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [f.alias or n for n, f in model.model_fields.items()]


def _field_doc(model: type[BaseModel] | None, key: str) -> str | None:
    if model is None:
        return None
    for name, field in model.model_fields.items():
        if key in (name, field.alias) and field.description:
            return f"'{key}': {' '.join(field.description.split())}"
    return None
