"""Pydantic's validation errors, retold in plain language at the right line and column.

Pydantic reports a location as a tuple of field names, list indexes, union tags and '[key]'
markers. Walking that tuple alongside the data gives the path into the file (and so its
position); walking it alongside the model classes gives the keys that were allowed there (and
so a "did you mean" hint).
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Iterator
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


def diagnose(exc: ValidationError, source: Source, root: type[BaseModel]) -> Iterator[tuple]:
    """Yield (path, key?, message, hint) for each error, at most one per place in the file."""
    seen: set[Path] = set()
    for error in exc.errors(include_url=False):
        path, rest, at_key = _data_path(error["loc"], source.data)
        if path in seen:
            continue  # one mistake, one message
        seen.add(path)
        message, hint = _explain(dict(error), path, rest, source, root)
        yield path, at_key or error["type"] == "extra_forbidden", message, hint


def _data_path(loc: tuple, data: object) -> tuple[Path, tuple, bool]:
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


def _explain(
    error: dict[str, Any], path: Path, rest: tuple, source: Source, root: type[BaseModel]
) -> tuple[str, str | None]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    name = _name(path, source.data)
    if kind == "missing":
        missing = rest[0] if rest else "?"
        model = _model_at(error["loc"][:-1], root)
        doc = _field_doc(model, str(missing))
        return f"{_owner(path, source.data)} is missing '{missing}'", doc
    if kind == "extra_forbidden":
        key = path[-1] if path else "?"
        allowed = _allowed_keys(_model_at(error["loc"][:-1], root))
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = None
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif allowed:
            hint = "allowed here: " + ", ".join(allowed)
        return f"unknown key '{key}' in {_owner(path[:-1], source.data)}", hint
    if kind in _EXPECTED:
        value = _value_at(path, source.data)
        hint = None
        if kind == "string_type" and isinstance(value, (bool, int, float)):
            hint = "put it in quotes to make it text"
        return f"{name} should be {_EXPECTED[kind]}, not {_describe(value)}", hint
    if kind == "literal_error":
        at_key = bool(error["loc"]) and error["loc"][-1] == "[key]"
        value = path[-1] if at_key and path else _value_at(path, source.data)
        expected = str(ctx.get("expected", ""))
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else None
        if at_key:
            return f"'{value}' is not allowed as a key here; use one of: {expected}", hint
        return f"{name} should be one of: {expected}; not {_describe(value)}", hint
    if kind == "condition":
        value = _value_at(path, source.data)
        hint = None
        if isinstance(value, dict):
            for key in value:
                close = difflib.get_close_matches(str(key), CONDITION_KEYS, n=1, cutoff=0.6)
                if close:
                    hint = f"did you mean '{close[0]}'?"
                    break
        return f"{name} is not a condition: {error['msg']}", hint
    if kind == "string_pattern_mismatch":
        value = _value_at(path, source.data)
        return (
            f"{name} '{value}' is not a valid id",
            "ids use lower-case letters, digits, '-' and '_', and start with a letter or digit",
        )
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        value = _value_at(path, source.data)
        return f"{name} should be {words} {_number(ctx.get(key))}, not {_number(value)}", None
    if kind == "string_too_short":
        return f"{name} cannot be empty", None
    if kind == "string_too_long":
        return f"{name} is longer than {ctx.get('max_length')} characters", "shorten it"
    if kind == "too_short":
        least = ctx.get("min_length")
        if least == 2 and ctx.get("field_type") == "List" and _is_range(path):
            return f"{name} should be a range [low, high]", None
        return f"{name} needs at least {least} item{'s' if least != 1 else ''}", None
    if kind == "too_long":
        most = ctx.get("max_length")
        if _is_range(path):
            return f"{name} should be a range [low, high], with exactly two numbers", None
        return f"{name} can have at most {most} item{'s' if most != 1 else ''}", None
    message = str(error.get("msg", "is not valid"))
    message = message.removeprefix("Value error, ")
    return f"{name}: {message}", None


def _is_range(path: Path) -> bool:
    return any(part in ("cost", "impact", "neglect") for part in path if isinstance(part, str))


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
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
    """How to refer to the value at `path` in a message: "'estimate' of request 'sso'"."""
    if not path:
        return "the scenario"
    last = path[-1]
    if isinstance(last, int):
        parent = path[-2] if len(path) > 1 else "list"
        noun = _NOUNS.get(str(parent))
        if noun and len(path) == 2:
            return _owner(path, data)
        return f"item {last + 1} of '{parent}'"
    owner = _owner(path[:-1], data)
    return f"'{last}'" + ("" if owner == "the scenario" else f" of {owner}")


def _owner(path: Path, data: object) -> str:
    """The nearest list entry above `path` that has a name: "request 'sso'", "event #3"."""
    for cut in range(len(path), 0, -1):
        prefix = path[:cut]
        if isinstance(prefix[-1], int) and len(prefix) >= 2 and str(prefix[-2]) in _NOUNS:
            noun = _NOUNS[str(prefix[-2])]
            entry = _value_at(prefix, data)
            ident = entry.get("id") if isinstance(entry, dict) else None
            label = f"{noun} '{ident}'" if isinstance(ident, str) else f"{noun} #{prefix[-1] + 1}"
            inner = path[cut:]
            if inner:
                return f"'{'.'.join(str(p) for p in inner)}' of {label}"
            return label
    if path:
        return f"'{'.'.join(str(p) for p in path)}'"
    return "the scenario"


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


def _model_at(loc: tuple, root: type[BaseModel]) -> type[BaseModel] | None:
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
            return f"'{key}': {field.description}"
    return None
