"""A brace the game would show as written is an error at its line: an unbalanced brace, a
placeholder with a format spec or a conversion, braces around anything but a name. The game
fills `{metric}` and nothing else (doubled braces are no escape)."""

from __future__ import annotations

import pytest

from pmsim.cli import main
from pmsim.engine.evidence import fill
from pmsim.resources import scenarios_dir
from tests.conftest import load_text
from tests.test_engine_model import MODEL

PITCH = '"It brings {revenue} a round."'
EVIDENCE = '"The data says {revenue}."'


def _text(old: str, new: str) -> str:
    text = MODEL.format(optimism=1.0, uncertainty=0.5, precision=0.2, adoption=1)
    assert old in text, old
    return text.replace(old, new)


def _errors(text: str) -> list[tuple[int, str, str | None]]:
    result = load_text(text)
    return [(d.line, d.message, d.hint) for d in result.diagnostics if d.severity == "error"]


@pytest.mark.parametrize(("pitch", "words"), [
    ('"Maybe {revenue {revenue restaurants"', "2 '{' that no '}' closes"),
    ('"It brings {revenue a round."', "a '{' that no '}' closes"),
    ('"It brings revenue} a round."', "a '}' that no '{' opens"),
    ('"It brings {revenue:>999999} a round."', "{revenue:>999999}: a placeholder takes no "
                                               "format or conversion"),
    ('"It brings {revenue!r} a round."', "{revenue!r}: a placeholder takes no format"),
    ('"It brings {revenue:,} a round."', "takes no format"),
    ('"It brings { } or {two words} a round."', "{ }, which is not a placeholder"),
])
def test_a_brace_the_player_would_see_raw_is_an_error_at_the_pitch(pitch, words) -> None:
    text = _text(PITCH, pitch)
    errors = _errors(text)
    assert errors, pitch
    assert any(words in message for _, message, _ in errors), errors
    for line, message, _ in errors:
        assert text.splitlines()[line - 1].strip().startswith("pitch:"), (line, message)
        assert "the pitch has" in message


def test_a_format_spec_is_told_the_plain_placeholder() -> None:
    ((_, _, hint),) = _errors(_text(PITCH, '"It brings {revenue:>999999} a round."'))
    assert hint is not None and "write {revenue}" in hint


def test_doubled_braces_are_not_an_escape() -> None:
    """The game fills {revenue} inside {{revenue}} and shows the outer braces: so an error."""
    assert fill("{{revenue}}", {"revenue": 5000}) == "{5,000}"
    ((_, message, hint),) = _errors(_text(PITCH, '"It brings {{revenue}} a round."'))
    assert message.startswith("the pitch has {{revenue}}: a placeholder takes single braces")
    assert hint is not None and hint.startswith("write {revenue}; doubled braces are not an")


def test_evidence_gets_the_same_check_at_its_line() -> None:
    text = _text(EVIDENCE, '"The data says {revenue:.2f}."')
    ((line, message, _),) = _errors(text)
    assert "data says" in text.splitlines()[line - 1]
    assert message.startswith("this evidence has {revenue:.2f}")


def test_good_placeholders_still_pass() -> None:
    assert not _errors(_text(PITCH, '"It brings {revenue} a round, {revenue} again."'))


def test_validate_reports_them_and_bundled_scenarios_stay_clean(tmp_path, capsys) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(_text(PITCH, '"Maybe {revenue {revenue restaurants"'), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "error: the pitch has 2 '{'" in out and "0 valid, 1 error" in out
    bundled = sorted(str(p) for p in scenarios_dir().glob("*.yaml"))
    assert main(["validate", *bundled]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out
