"""Format 2's checks: claims are named, not numbered, and every `{placeholder}` in a pitch or
in evidence names a number the engine draws for it. Each error points at its line."""

from __future__ import annotations

from tests.conftest import load_text
from tests.test_engine_model import MODEL


def _text(**changes: str) -> str:
    text = MODEL.format(optimism=1.0, uncertainty=0.5, precision=0.2, adoption=1)
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def _errors(text: str) -> list[tuple[int, str]]:
    result = load_text(text)
    return [(d.line, d.message) for d in result.diagnostics if d.severity == "error"]


def test_the_model_text_is_valid() -> None:
    assert not _errors(_text())


def test_claimed_impact_in_format_2_points_at_claims() -> None:
    text = _text(**{"    uncertainty: 0.5\n": "    uncertainty: 0.5\n"
                    "    claimed_impact: {revenue: 5000}\n"})
    ((line, message),) = _errors(text)
    assert text.splitlines()[line - 1].strip().startswith("claimed_impact")
    assert "claims" in message


def test_a_pitch_placeholder_must_be_a_claimed_metric() -> None:
    text = _text(**{'"It brings {revenue} a round."': '"It brings {customers} customers."'})
    ((line, message),) = _errors(text)
    assert "pitch" in text.splitlines()[line - 1] and "customers" in message


def test_evidence_can_only_show_what_its_method_measures() -> None:
    text = _text(**{'"The data says {revenue}."': '"The data says {satisfaction}."'})
    ((line, message),) = _errors(text)
    assert "data" in text.splitlines()[line - 1] and "does not measure" in message


def test_format_1_keeps_loading_with_claimed_impact() -> None:
    text = _text(**{"format: 2": "format: 1", "    uncertainty: 0.5\n":
                    "    uncertainty: 0.5\n    claimed_impact: {revenue: 5000}\n"})
    assert not _errors(text)
