"""A brace mistake in a pitch or evidence is reported at the brace itself, on its own line and
column, whatever the text's style: plain, quoted, or a folded or literal block (where the text
starts lines above the brace and folding moves its characters). And one mistake is one error:
`{{revenue}}` is not two unmatched braces plus an unclaimed metric."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmsim.scenario
from pmsim.cli import main
from pmsim.scenario.yamlsource import At, parse
from tests.conftest import load_text, locate

STARTER = (Path(pmsim.scenario.__file__).parent / "starter.yaml").read_text(encoding="utf-8")
PITCH = """    pitch: >-
      Every big chain asks for this. It will bring in {customers} restaurants and {revenue}
      a sprint.
"""
EVIDENCE = "best estimate: {customers} restaurants, {revenue} a sprint."


def _with(old: str, new: str) -> str:
    assert old in STARTER, old
    return STARTER.replace(old, new)


def _errors(text: str) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.message) for d in load_text(text).diagnostics
            if d.severity == "error"]


@pytest.mark.parametrize(("pitch", "needle"), [
    ("    pitch: >-\n      Every big chain asks for this. It will bring in {customers}\n"
     "      restaurants and {revenue a sprint.\n", "{revenue a"),
    ("    pitch: |\n      Every big chain.\n        It brings {customers} and {revenue:,} a"
     " sprint.\n", "{revenue:,}"),
    ("    pitch: >-  # a comment with {customers}\n      Big chains: {customers} and "
     "{revenue!r} a sprint.\n", "{revenue!r}"),
    ("    pitch: 'It''s {customers} and ''{revenue'' a sprint'\n", "{revenue'"),
    ('    pitch: "It\\"s {customers} and \\t{revenue!r} a sprint"\n', "{revenue!r}"),
    ('    pitch: "It brings {customers}\\\n      and { } a sprint {revenue}"\n', "{ }"),
    ("    pitch: It brings {customers}\n      and {revenue} a }sprint\n", "}sprint"),
])
def test_the_error_points_at_the_brace_in_every_style(pitch: str, needle: str) -> None:
    text = _with(PITCH, pitch)
    ((line, column, message),) = _errors(text)
    assert (line, column) == locate(text, needle), message
    assert message.startswith("the pitch has")


def test_a_brace_in_folded_evidence_is_found_on_its_line() -> None:
    text = _with(EVIDENCE, "best estimate:\n        {customers} restaurants, {revenue:.1f} a "
                 "sprint.")
    ((line, column, message),) = _errors(text)
    assert (line, column) == locate(text, "{revenue:.1f}")
    assert message.startswith("this evidence has {revenue:.1f}")


def test_an_unclaimed_placeholder_in_a_block_points_at_it() -> None:
    text = _with(PITCH, PITCH.replace("a sprint.", "a sprint, and {morale} too."))
    ((line, column, message),) = _errors(text)
    assert (line, column) == locate(text, "{morale}")
    assert "claims no 'morale'" in message


@pytest.mark.parametrize("written", ["{{revenue}}", "{{revenue}", "{revenue}}", "{{ revenue }}",
                                     "{{{revenue}}}", "{{morale}}"])
def test_doubled_braces_are_one_error_at_them(written: str) -> None:
    """Whether read as Python's escape or as Mustache's placeholder, the game would fill the
    name inside and show the extra braces: one mistake, so one error (even for a name the
    request does not claim: that is for after it is written with single braces)."""
    text = _with(PITCH, f'    pitch: "It brings {{customers}} and {written} a sprint."\n')
    ((line, column, message),) = _errors(text)
    assert (line, column) == locate(text, written)
    assert message.startswith(f"the pitch has {written}: a placeholder takes single braces")


def test_validate_shows_the_caret_under_the_brace(tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.yaml"
    text = _with(PITCH, "    pitch: >-\n      Every big chain asks for this. It will bring in\n"
                 "      {customers} restaurants and {revenue a sprint.\n")
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    line, column = locate(text, "{revenue a")
    assert out[0].startswith(f"{path}:{line}:{column}: error:")
    assert out[1].endswith("{customers} restaurants and {revenue a sprint.")
    assert out[2].index("^") - out[2].index("|") == out[1].index("{revenue") - out[1].index("|")


def test_a_brace_spelt_by_an_escape_is_reported_at_the_text() -> None:
    text = _with(PITCH, '    pitch: "About \\x7brevenue and {customers}"\n')
    ((line, column, _),) = _errors(text)
    assert (line, column) == locate(text, '"About')


def test_a_todo_in_a_block_is_warned_at_its_line() -> None:
    text = _with(PITCH, PITCH.replace("a sprint.", "a sprint.\n      TODO: check the numbers."))
    (warning,) = [d for d in load_text(text).diagnostics if "TODO" in d.message]
    assert (warning.line, warning.column) == locate(text, "TODO: check")


def test_an_offset_past_the_text_falls_back_to_the_text() -> None:
    source = parse("a:\n  b: >-\n    one\n    two\n")
    assert source.where(("a", "b", At(4))) == (4, 5)
    assert source.where(("a", "b", At(99))) == source.where(("a", "b")) == (2, 6)
    assert source.where(("a", At(0))) == source.where(("a",))
