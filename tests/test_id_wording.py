"""An id that is not one is named once, in plain words, at its line: "stakeholder id 'ömar' is
not a valid id: use lower-case ASCII letters (a-z), ...", with the id it could be as the hint
(it read "'id' of stakeholder 'ömar' 'ömar' is not a valid id")."""

from __future__ import annotations

import pytest
from conftest import BASE, load_text, locate

from pmsim.scenario.errors import ID_RULE


def _id_error(text: str):  # type: ignore[no-untyped-def]
    found = [d for d in load_text(text).diagnostics if "not a valid id" in d.message]
    assert len(found) == 1, [d.message for d in load_text(text).diagnostics]
    return found[0]


@pytest.mark.parametrize(("old", "new", "message", "hint", "at"), [
    ("  - id: sam\n", "  - id: ömar\n", "stakeholder id 'ömar' is not a valid id", "omar",
     "- id: ^ömar"),
    ("id: export", "id: CSV Export", "request id 'CSV Export' is not a valid id", "csv-export",
     "id: ^CSV Export"),
    ("id: base", "id: Base", "scenario id 'Base' is not a valid id", "base", "id: ^Base"),
    ("asked_by: sam", "asked_by: Sam",
     "'asked_by' of request 'export' is 'Sam', not a valid id", "sam", "asked_by: ^Sam"),
    ("trust: {maya: -5}", "trust: {Maya: -5}",
     "'Maya' in 'trust' in 'effects' of event 'outage' is not a valid id", "maya",
     "trust: {^Maya"),
])
def test_an_invalid_id_is_named_once_with_the_rule_and_a_suggestion(
        old: str, new: str, message: str, hint: str, at: str) -> None:
    text = BASE.replace(old, new, 1)
    error = _id_error(text)
    assert error.message == f"{message}: {ID_RULE}"
    assert "ASCII" in error.message
    assert error.hint == f"for example '{hint}'"
    assert (error.line, error.column) == locate(text, at)


def test_an_id_with_nothing_to_suggest_has_no_hint() -> None:
    error = _id_error(BASE.replace("  - id: sam\n", "  - id: 张伟\n"))
    assert error.message == f"stakeholder id '张伟' is not a valid id: {ID_RULE}"
    assert error.hint is None
