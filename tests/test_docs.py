"""The format reference documents every field the models accept."""

from __future__ import annotations

import inspect

from conftest import REPO, load_text

from pmsim.scenario import models

DOC = REPO / "docs" / "scenario-format.md"


def _models() -> list[type[models.Strict]]:
    return [
        cls
        for _, cls in inspect.getmembers(models, inspect.isclass)
        if issubclass(cls, models.Strict)
        and cls is not models.Strict
        and not cls.__name__.startswith("_")
    ]


def test_every_field_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    missing = [
        f"{cls.__name__}.{field.alias or name}"
        for cls in _models()
        for name, field in cls.model_fields.items()
        if f"`{field.alias or name}`" not in doc
    ]
    assert not missing, f"fields missing from docs/scenario-format.md: {missing}"


def test_every_condition_kind_is_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for key in models.CONDITION_KEYS:
        assert f"| `{key}` |" in doc, key


def test_annotated_example_in_the_docs_is_valid() -> None:
    doc = DOC.read_text(encoding="utf-8")
    example = doc.split("## A complete annotated example", 1)[1]
    block = example.split("```yaml\n", 1)[1].split("\n```", 1)[0]
    result = load_text(block, "docs-example.yaml")
    assert result.ok and not result.diagnostics, result.render()


def test_bundled_scenarios_point_editors_at_the_schema() -> None:
    for path in sorted((REPO / "scenarios").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/scenario.schema.json", path
