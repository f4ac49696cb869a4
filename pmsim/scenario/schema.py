"""The JSON Schema of the scenario format, for editors with a YAML language server."""

from __future__ import annotations

import json

from .models import FORMAT_VERSION, Scenario

SCHEMA_ID = "https://pmsim.invalid/schema/scenario-v{version}.json"


def json_schema() -> dict[str, object]:
    schema = Scenario.model_json_schema(mode="validation")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID.format(version=FORMAT_VERSION),
        **schema,
    }


def render() -> str:
    """The schema as committed in docs/scenario.schema.json (stable key order, final newline)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
