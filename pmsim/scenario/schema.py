"""The JSON Schema of the scenario format, for editors with a YAML language server.

An editor shows a field's `title` as a heading and its `description` below it when the author
hovers over the key. Pydantic titles every field after its own name ("Id", "Capacity"), which
only repeats the key the author is pointing at, so those titles are left out; descriptions come
from the field docstrings in `models`, wrapped there at 100 columns, and are joined into one
line here so that a hover does not break mid-sentence.
"""

from __future__ import annotations

import json
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
    """In place: drop the titles pydantic gives each property, unwrap every description."""
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
        for name, field in properties.items():
            if isinstance(field, dict) and field.get("title") == name.replace("_", " ").title():
                del field["title"]
    for value in node.values():
        _tidy(value)


def render() -> str:
    """The schema as committed in docs/scenario.schema.json (stable key order, final newline)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
