"""The schema's hover text (issue 14): every key an author can hover over explains itself in
one unbroken paragraph, with no heading that merely repeats the key."""

from __future__ import annotations

from typing import Any

from pmsim.scenario import schema


def _properties(node: Any, where: str = "") -> list[tuple[str, str, dict[str, Any]]]:
    found: list[tuple[str, str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, field in (node.get("properties") or {}).items():
            found.append((where, name, field))
        for key, value in node.items():
            found += _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for item in node:
            found += _properties(item, where)
    return found


def _description(field: dict[str, Any], defs: dict[str, Any]) -> str | None:
    if "description" in field:
        return str(field["description"])
    ref = field.get("$ref") or next(
        (m.get("$ref") for m in field.get("allOf", []) if "$ref" in m), None)
    if ref:
        return defs[ref.rsplit("/", 1)[-1]].get("description")
    return None


def test_every_key_has_hover_text_in_one_paragraph() -> None:
    document = schema.json_schema()
    defs = document["$defs"]
    fields = _properties(document)
    assert len(fields) > 100
    missing = [f"{where}/{name}" for where, name, field in fields
               if not _description(field, defs)]
    assert not missing, f"no description (add a docstring in models.py): {missing}"
    broken = [f"{where}/{name}" for where, name, field in fields
              if "\n" in (_description(field, defs) or "")]
    assert not broken, f"descriptions broken mid-sentence: {broken}"


def test_no_heading_repeats_the_key() -> None:
    repeats = [f"{where}/{name}" for where, name, field in _properties(schema.json_schema())
               if field.get("title", "").lower().replace(" ", "_") == name.lower()]
    assert not repeats, repeats


def test_the_keys_the_issue_names_say_what_they_are() -> None:
    document = schema.json_schema()
    defs = document["$defs"]
    request = defs["Request"]["properties"]
    assert "unique" in request["id"]["description"]
    assert "card" in request["title"]["description"]
    assert request["cost"]["description"].startswith("Where the real cost lies, in points; it "
                                                     "must contain the estimate. Default:")
    assert "\n" not in request["neglect"]["description"]
    assert "title" not in document["properties"]["capacity"]
    assert "title" not in defs["Event"]["properties"]["when"]
    assert "before the player plans" in defs["Event"]["properties"]["when"]["description"]


def test_no_property_is_a_choice_an_editor_would_hover_twice() -> None:
    choices = [f"{where}/{name}" for where, name, field in _properties(schema.json_schema())
               if "anyOf" in field]
    assert not choices, choices


def test_optional_and_either_or_values_keep_their_meaning_as_one_schema() -> None:
    document = schema.json_schema()
    defs = document["$defs"]
    arrives = defs["Request"]["properties"]["arrives"]
    assert arrives["type"] == ["integer", "null"]
    assert (arrives["minimum"], arrives["maximum"]) == (1, 52)
    capacity = document["properties"]["capacity"]
    assert capacity["type"] == ["integer", "array"]
    assert capacity["items"] == {"maximum": 1000, "minimum": 1, "type": "integer"}
    when = defs["Lesson"]["properties"]["when"]
    assert when["oneOf"][-1] == {"type": "null"}
    assert {"$ref": "#/$defs/MetricCondition"} in when["oneOf"]


def test_a_choice_of_words_or_nothing_allows_null_in_its_enum() -> None:
    field = {"anyOf": [{"enum": ["a", "b"], "type": "string"}, {"type": "null"}],
             "description": "A letter."}
    schema._one_schema(field)
    assert field == {"description": "A letter.", "enum": ["a", "b", None],
                     "type": ["string", "null"]}


def test_a_choice_that_cannot_be_one_schema_is_kept() -> None:
    field = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "number", "minimum": 0.5}]}
    schema._one_schema(field)
    assert "anyOf" in field


def test_parts_of_the_format_are_headed_in_words() -> None:
    defs = schema.json_schema()["$defs"]
    assert defs["DiscoveryMethod"]["title"] == "Discovery method"
    assert defs["Stakeholder"]["title"] == "Stakeholder"
