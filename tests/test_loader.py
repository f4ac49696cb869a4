"""The loader: valid files load, and each kind of mistake is reported at its line and column."""

from __future__ import annotations

import pytest
from conftest import BASE, load_text, locate

from pmsim.scenario import Scenario, load_file


def test_base_scenario_is_valid() -> None:
    result = load_text(BASE)
    assert result.diagnostics == []
    assert isinstance(result.scenario, Scenario)
    assert result.scenario.capacity_in(3) == 10
    sso = result.scenario.requests[0]
    assert sso.impact == {"revenue": [500.0, 1500.0]}
    # defaults come from the models
    assert result.scenario.stakeholders[1].influence == 3
    assert result.scenario.round_name == "sprint"


def test_bundled_scenarios_load_without_diagnostics(bundled) -> None:
    for path in bundled:
        result = load_file(path)
        assert result.ok, result.render()
        assert result.diagnostics == [], result.render()


def test_capacity_per_round() -> None:
    result = load_text(BASE.replace("capacity: 10", "capacity: [8, 10, 12]"))
    assert result.ok, result.render()
    assert [result.scenario.capacity_in(r) for r in (1, 2, 3)] == [8, 10, 12]


# Each case: a replacement in BASE, the text whose position the diagnostic must point at
# (its first occurrence in the broken file), and words the message must contain.
CASES = [
    ("unknown top-level key with hint",
     ("stakeholders:\n", "stakeholder:\n  - x\nstakeholders:\n"), "stakeholder:",
     ["unknown key 'stakeholder'"], "did you mean 'stakeholders'?"),
    ("unknown key in a request",
     ("    estimate: 5\n", "    estimate: 5\n    estimat: 6\n"), "estimat:",
     ["unknown key 'estimat'", "request 'sso'"], "did you mean 'estimate'?"),
    ("wrong type",
     ("    estimate: 5\n", "    estimate: five\n"), "five",
     ["'estimate' of request 'sso'", "whole number", "five"], None),
    ("out of range",
     ("    influence: 4\n", "    influence: 9\n"), "influence: ^9",
     ["'influence' of stakeholder 'maya'", "at most 5"], None),
    ("missing required key",
     ("    pitch: Customers keep asking for their data.\n", ""), "id: export",
     ["request 'export' is missing 'pitch'"], "'pitch'"),
    ("bad id",
     ("id: base", "id: Base Scenario"), "Base Scenario",
     ["not a valid id"], None),
    ("unknown metric as a key",
     ("impact: {revenue:", "impact: {revnue:"), "revnue",
     ["'revnue'"], "did you mean 'revenue'?"),
    ("a format number in quotes",
     ("format: 1\n", 'format: "1"\n'), '"1"',
     ["should be one of", "not the text '1'"],
     'write it without quotes: 1 is a number, "1" is text'),
    ("backwards range",
     ("cost: [4, 8]", "cost: [8, 4]"), "[8, 4]",
     ["backwards"], None),
    ("unknown stakeholder",
     ("    asked_by: sam\n", "    asked_by: sma\n"), "asked_by: ^sma",
     ["no stakeholder 'sma'"], "did you mean 'sam'?"),
    ("unknown request in a dependency",
     ("depends_on: [sso]", "depends_on: [ssoo]"), "ssoo",
     ["no request 'ssoo'"], "did you mean 'sso'?"),
    ("unknown request in an event",
     ("effects: {metrics", "effects: {add_requests: [nope], metrics"), "nope",
     ["no request 'nope'"], None),
    ("unknown request in an event condition",
     ("when: {metric: tech_health, below: 40}", "when: {all: [{shipped: gone}]}"), "gone",
     ["no request 'gone'"], None),
    ("unknown stakeholder in event effects",
     ("trust: {maya: -5}", "trust: {mia: -5}"), "mia",
     ["no stakeholder 'mia'"], "did you mean 'maya'?"),
    ("dependency cycle",
     ("    estimate: 5\n", "    estimate: 5\n    depends_on: [export]\n"), "[^sso]",
     ["dependency cycle", "sso → export → sso"], None),
    ("duplicate id",
     ("discovery:\n", "  - {id: export, title: T, asked_by: sam, pitch: P, estimate: 1}\n"
      "discovery:\n"), "{id: ^export",
     ["duplicate request id 'export'"], None),
    ("deadline beyond the last round",
     ("deadline: 2", "deadline: 7"), "deadline: ^7",
     ["round 7", "only 3 rounds"], None),
    ("arrival beyond the last round",
     ("    deadline: 2\n", "    arrives: 4\n"), "arrives: ^4",
     ["round 4", "only 3 rounds"], None),
    ("cost range without the estimate",
     ("cost: [4, 8]", "cost: [6, 8]"), "[6, 8]",
     ["does not contain the estimate (5)"], None),
    ("capacity list of the wrong length",
     ("capacity: 10", "capacity: [10, 10]"), "[10, 10]",
     ["lists 2 rounds", "has 3"], None),
    ("unknown discovery method in evidence",
     ("evidence: {interviews:", "evidence: {survey:"), "survey",
     ["no discovery method 'survey'"], None),
    ("condition without a kind",
     ("when: {discovered: sso}", "when: {discoverd: sso}"), "{discoverd",
     ["not a condition"], "did you mean 'discovered'?"),
    ("duplicate key",
     ("    estimate: 3\n", "    estimate: 3\n    estimate: 4\n"), "estimate: 4",
     ["duplicate key 'estimate'", "first given on line"], None),
    ("Norway problem: no stays text",
     ("title: Base scenario", "title: no"), None, [], None),
]


@pytest.mark.parametrize(
    ("replace", "spot", "words", "hint"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_error_position_and_message(replace, spot, words, hint) -> None:
    old, new = replace
    assert old in BASE
    text = BASE.replace(old, new, 1)
    result = load_text(text)
    if spot is None:  # a case that must stay valid
        assert result.ok, result.render()
        return
    assert not result.ok
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert len(errors) == 1, result.render()
    error = errors[0]
    assert (error.line, error.column) == locate(text, spot), result.render()
    for word in words:
        assert word in error.message, error.message
    if hint is not None:
        assert error.hint and hint in error.hint, error.hint


def test_all_errors_in_one_run_without_cascade() -> None:
    text = (
        BASE.replace("    estimate: 5\n", "    estimate: five\n")
        .replace("    asked_by: sam\n", "    asked_by: nobody\n")
        .replace("deadline: 2", "deadline: 9")
        .replace("stakeholders:\n", "stakeholder: []\nstakeholders:\n")
    )
    result = load_text(text)
    assert result.errors == 4, result.render()


@pytest.mark.parametrize(("replace", "add", "spot", "words"), [
    (None, "roadmap:\n  promised: [{request: sso, round: 53}]\n", "round: ^53",
     "the promise is for round 53"),
    ("    deadline: 2", "    deadline: 53", "deadline: ^53", "the deadline is round 53"),
    ("    deadline: 2", "    deadline: 2\n    arrives: 53", "arrives: ^53",
     "it arrives in round 53"),
    ("    title: Outage\n", "    title: Outage\n    round: 53\n", "round: ^53",
     "it fires in round 53"),
    ("when: {discovered: sso}", "when: {from_round: 53}", "from_round: ^53",
     "the condition starts in round 53"),
    (None, "hints:\n  - round: 53\n    text: Try this.\n", "round: ^53",
     "the hint is for round 53"),
])
def test_a_round_past_the_end_and_past_the_format_is_one_error(
        replace: str | None, add: str, spot: str, words: str) -> None:
    """Round 53 in a 3-round game breaks both the game's length and the format's last round
    (52): one mistake, one error, at the number, saying what to change."""
    text = BASE + add if replace is None else BASE.replace(replace, add)
    result = load_text(text)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert len(errors) == 1, result.render()
    assert (errors[0].line, errors[0].column) == locate(text, spot)
    assert words in errors[0].message and "only 3 rounds" in errors[0].message
    assert errors[0].hint == "use a round from 1 to 3"


def test_stakeholder_without_id_does_not_cascade() -> None:
    text = BASE.replace("  - id: maya\n", "  - ident: maya\n")
    result = load_text(text)
    messages = [d.message for d in result.diagnostics]
    # the broken entry is reported; requests naming 'maya' are not flagged as unknown
    assert not any("no stakeholder" in m for m in messages), messages
    assert any("missing 'id'" in m for m in messages), messages


def test_oversized_request_is_a_warning_not_an_error() -> None:
    text = BASE.replace("    estimate: 3\n", "    estimate: 30\n").replace("    deadline: 2\n", "")
    result = load_text(text)
    assert result.ok
    assert [d.severity for d in result.diagnostics] == ["warning"]
    assert "bigger than any round's capacity" in result.diagnostics[0].message
    assert (result.diagnostics[0].line, result.diagnostics[0].column) == locate(text, ": ^30")


def test_render_shows_source_line_and_caret() -> None:
    text = BASE.replace("    estimate: 5\n", "    estimate: five\n")
    rendered = load_text(text, "s.yaml").render().splitlines()
    line, column = locate(text, "five")
    assert rendered[0].startswith(f"s.yaml:{line}:{column}: error: ")
    assert rendered[1].endswith("    estimate: five")
    caret_offset = rendered[2].index("^") - rendered[2].index("|") - 2
    assert caret_offset == column - 1


def test_dates_and_yes_no_stay_text() -> None:
    text = BASE.replace("title: Base scenario", "title: 2024-01-01").replace(
        "round_name", "x"
    ) + "round_name: yes\n"
    result = load_text(text)
    assert result.ok, result.render()
    assert result.scenario.title == "2024-01-01"
    assert result.scenario.round_name == "yes"


def test_content_hash_changes_with_content() -> None:
    a = load_text(BASE)
    b = load_text(BASE.replace("Base scenario", "Base scenario 2"))
    assert a.content_hash and b.content_hash and a.content_hash != b.content_hash
    assert load_text(BASE).content_hash == a.content_hash


def test_number_where_text_is_expected_hints_at_quotes() -> None:
    result = load_text(BASE.replace("title: Base scenario", "title: 1.0"))
    error = result.diagnostics[0]
    assert "'title' should be text, not the number 1.0" in error.message
    assert "quotes" in (error.hint or "")


def _used_keys(data: object, found: set[str]) -> set[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            found.add(key)
            _used_keys(value, found)
    elif isinstance(data, list):
        for item in data:
            _used_keys(item, found)
    return found


def test_the_tutorial_uses_every_part_of_the_format() -> None:
    """The bundled tutorial is also the format's complete example: every field appears once."""
    from pmsim.resources import scenarios_dir
    from pmsim.scenario import models
    from pmsim.scenario.yamlsource import parse

    source = parse((scenarios_dir() / "tutorial.yaml").read_text(encoding="utf-8"))
    used = _used_keys(source.data, set())
    # The numbers under `rules` are overrides: a scenario sets only the ones it needs, so
    # only the three sections themselves are required here.
    tuning = (models.TrustRules, models.TeamRules, models.ProductRules)
    fields = {
        field.alias or name
        for cls in vars(models).values()
        if isinstance(cls, type) and issubclass(cls, models.Strict) and cls is not models.Strict
        and not cls.__name__.startswith("_") and cls not in tuning
        for name, field in cls.model_fields.items()
    } | {"below", "above"}
    fields -= {"claimed_impact"}  # format 1 only; the tutorial is format 3
    assert fields - used == set()


LINT_CASES = [
    ("event that never fires",
     ("    when: {metric: tech_health, below: 40}\n",
      "    when: {metric: tech_health, below: 40}\n    chance: 0\n"),
     "event 'outage' can never fire"),
    ("request that can never arrive",
     ("  - id: outage\n", "  - id: outage\n    chance: 0\n"),
     None),
    ("request that can never be finished",
     ("    estimate: 3\n    depends_on: [sso]\n    deadline: 2\n",
      "    estimate: 25\n    depends_on: [sso]\n    deadline: 2\n"),
     "can never be finished in time"),
    ("discovery method without evidence",
     ("    evidence: {interviews: Two of five prospects mention SSO.}\n", ""),
     "has no evidence on any request"),
    ("stakeholder nobody hears from",
     ("    asked_by: sam\n", "    asked_by: maya\n"),
     "nobody hears from Sam Reyes"),
    ("TODO in text",
     ("pitch: Acme will not sign without it.", "pitch: TODO write the pitch"),
     "still has a TODO"),
]


@pytest.mark.parametrize(("replace", "words"), [c[1:] for c in LINT_CASES],
                         ids=[c[0] for c in LINT_CASES])
def test_lint_warnings(replace, words) -> None:
    old, new = replace
    assert old in BASE
    result = load_text(BASE.replace(old, new, 1))
    assert result.ok, result.render()
    if words is None:
        return
    warnings = [d for d in result.diagnostics if d.severity == "warning"]
    assert any(words in d.message for d in warnings), result.render()


def test_a_request_only_added_by_a_silent_event_can_never_arrive() -> None:
    text = BASE.replace(
        "    effects: {metrics: {satisfaction: -5}, trust: {maya: -5}}\n",
        "    chance: 0\n    effects: {add_requests: [export], trust: {maya: -5}}\n",
    ).replace("    deadline: 2\n", "")
    result = load_text(text)
    assert any("'export' can never arrive" in d.message for d in result.diagnostics), \
        result.render()


def test_every_key_missing_from_one_item_is_named_in_its_one_message() -> None:
    """A tester removed a world's title and chance and was told only of the title: the second
    came up only once the first was fixed."""
    text = BASE.replace("    title: CSV export\n", "").replace(
        "    pitch: Customers keep asking for their data.\n", "")
    result = load_text(text)
    messages = [d.message for d in result.diagnostics]
    assert "request 'export' is missing 'title' and 'pitch'" in messages, messages
    assert sum("request 'export' is missing" in m for m in messages) == 1
