"""The JSON Schema of the scenario format, for editors with a YAML language server.

An editor shows a field's `title` as a heading and its `description` below it when the author
hovers over the key. Pydantic titles every field after its own name ("Id", "Capacity"), which
only repeats the key the author is pointing at, so those titles are left out; descriptions come
from the field docstrings in `models`, wrapped there at 100 columns, and are joined into one
line here so that a hover does not break mid-sentence.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .models import FORMAT_VERSION, Scenario

SCHEMA_ID = "https://pmsim.invalid/schema/scenario-v{version}.json"


def json_schema() -> dict[str, object]:
    """The schema as a dict: draft-07, with `$id` naming the format version."""
    schema = Scenario.model_json_schema(mode="validation")
    _tidy(schema)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID.format(version=FORMAT_VERSION),
        **schema,
    }


def _tidy(node: Any) -> None:
    """In place: drop the titles pydantic gives each property, unwrap every description, name
    each part of the format in words, and give each property one schema rather than a choice
    (see `_one_schema`)."""
    if isinstance(node, list):
        for item in node:
            _tidy(item)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("description"), str):
        node["description"] = " ".join(node["description"].split())
    properties = node.get("properties")
    if isinstance(properties, dict):
        if isinstance(node.get("title"), str):
            node["title"] = _words(node["title"])
        for name, field in properties.items():
            if isinstance(field, dict):
                if field.get("title") == name.replace("_", " ").title():
                    del field["title"]
                _one_schema(field)
    for value in node.values():
        _tidy(value)


def _words(title: str) -> str:
    """'DiscoveryMethod' as 'Discovery method': the heading an editor shows over a hover."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", title).capitalize()


_CHOICES = ("$ref", "anyOf", "oneOf", "allOf")


def _one_schema(field: dict[str, Any]) -> None:
    """In place: a property written as a choice (`anyOf`) between plain types, such as
    "a round number or nothing" or "a number or a list of numbers", as one schema with a list
    of types. Same meaning (each keyword left, like `minimum` or `items`, applies to one type
    only; `enum` gains null when null is allowed), but yaml-language-server (1.x) shows a
    choice's hover once per alternative, each without the description: "Event || Event" and
    nothing else. A choice between conditions or nothing becomes `oneOf` the conditions or
    null, which it shows once."""
    choices = field.get("anyOf")
    if not isinstance(choices, list):
        return
    others = [c for c in choices if c != {"type": "null"}]
    nullable = len(others) < len(choices)
    if len(others) == 1 and set(others[0]) == {"oneOf"} and nullable:
        field["oneOf"] = [*others[0]["oneOf"], {"type": "null"}]
        del field["anyOf"]
        return
    if any(not isinstance(c.get("type"), str) or any(k in c for k in _CHOICES) for c in others):
        return
    keywords = [k for c in others for k in c if k not in ("type", "description", "title")]
    if len(keywords) != len(set(keywords)) or len({c["type"] for c in others}) != len(others):
        return  # two alternatives constrain the same thing: keep the choice
    merged: dict[str, Any] = {k: v for c in others for k, v in c.items()
                              if k not in ("type", "description", "title")}
    merged["type"] = [c["type"] for c in others] + (["null"] if nullable else [])
    if len(merged["type"]) == 1:
        merged["type"] = merged["type"][0]
    if nullable and isinstance(merged.get("enum"), list):
        merged["enum"] = [*merged["enum"], None]
    if "description" not in field:
        described = [c["description"] for c in others if "description" in c]
        if described:
            field["description"] = described[0]
    del field["anyOf"]
    field.update(merged)


def render() -> str:
    """The schema as committed in docs/scenario.schema.json (stable key order, final newline)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
