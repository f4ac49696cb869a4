"""`pmsim validate` refuses control characters and numbers out of bounds, and warns about
characters no bundled font can draw, each at its line and column (issue 13, items 6, 7, 10)."""

from __future__ import annotations

import json

import pytest
from conftest import BASE, load_text, locate

from pmsim.cli import main
from pmsim.scenario.values import MAX_MAGNITUDE


def findings(text: str, severity: str) -> list:
    return [d for d in load_text(text).diagnostics if d.severity == severity]


@pytest.mark.parametrize(("written", "spot"), [
    ('name: "Maya Okafor\\0"', '"Maya Okafor^\\0"'),
    ('name: "Maya\\x1b[31m Okafor"', '"Maya^\\x1b'),
    ('name: "Maya \\u0007Okafor"', '"Maya ^\\u0007'),
    ('name: "Maya\\e Okafor"', '"Maya^\\e'),
])
def test_a_control_character_is_an_error_at_its_place(written: str, spot: str) -> None:
    text = BASE.replace("name: Maya Okafor", written)
    errors = findings(text, "error")
    assert len(errors) == 1
    assert "control character" in errors[0].message
    assert (errors[0].line, errors[0].column) == locate(text, spot)
    assert load_text(text).scenario is None


@pytest.mark.parametrize("char", ["\x00", "\x7f", "\x1b"])
def test_a_literal_control_character_is_an_error_at_its_place(char: str) -> None:
    text = BASE.replace("pitch: Acme will not sign without it.",
                        f"pitch: Acme will not{char} sign without it.")
    errors = findings(text, "error")
    assert len(errors) == 1
    assert (errors[0].line, errors[0].column) == locate(text, f"not^{char}")


@pytest.mark.parametrize(("written", "what"), [
    ("{revenue: [500, 1e308]}", "too large"), ("{revenue: [500, .inf]}", "inf"),
    ("{revenue: [-.inf, 1500]}", "inf"), ("{revenue: [.nan, 1500]}", "nan|not a number"),
    ("{revenue: [500, 1700000000000000]}", "too large"),
])
def test_numbers_out_of_bounds_are_errors_at_the_number(written: str, what: str) -> None:
    text = BASE.replace("impact: {revenue: [500, 1500]}", f"impact: {written}")
    errors = [e for e in findings(text, "error") if "number" in e.message]
    assert len(errors) == 1 and any(w in errors[0].message for w in what.split("|"))
    line, _ = locate(text, written)
    assert errors[0].line == line and errors[0].column > locate(text, written)[1]


def test_numbers_at_the_bound_are_fine() -> None:
    bound = f"{MAX_MAGNITUDE:.0f}"
    text = BASE.replace("claimed_impact: {revenue: 5000}", f"claimed_impact: {{revenue: {bound}}}")
    assert [e for e in findings(text, "error") if "number" in e.message] == []


def test_a_character_no_font_draws_is_a_warning_at_the_character() -> None:
    text = BASE.replace("name: Sam Reyes", "name: Sam བཀྲ་ཤིས Reyes")
    warnings = [w for w in findings(text, "warning") if "font" in w.message]
    assert len(warnings) == 1
    assert "U+0F56" in warnings[0].message and "more character" in warnings[0].message
    assert (warnings[0].line, warnings[0].column) == locate(text, "བ")
    assert load_text(text).scenario is not None  # a warning: the scenario still loads


def test_every_script_the_fonts_cover_passes_without_a_warning() -> None:
    text = (BASE.replace("name: Maya Okafor", "name: عمر حداد 🚀")
            .replace("name: Sam Reyes", "name: प्रिया शर्मा")
            .replace("pitch: Acme will not sign without it.",
                     "pitch: 客户都在要求这个。顧客データ。고객 데이터. Ελληνικά, русский, עברית."))
    assert [w.message for w in findings(text, "warning") if "font" in w.message] == []
    assert findings(text, "error") == []


def test_validate_command_exits_1_on_a_nul_and_says_where(tmp_path, capsys) -> None:
    path = tmp_path / "nul.yaml"
    text = BASE.replace("name: Maya Okafor", 'name: "Omar Haddad\\0"')
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    line, column = locate(text, '"Omar Haddad^\\0"')
    assert f"nul.yaml:{line}:{column}: error: this text holds a control character" in out


def test_bundled_scenarios_have_no_findings_from_these_checks() -> None:
    from pmsim.catalog import bundled
    from pmsim.scenario import load_file

    for path in bundled():
        result = load_file(path)
        assert [d.message for d in result.diagnostics
                if "font" in d.message or "control" in d.message] == []
        assert result.scenario is not None


AT_THE_BOUND = (
    BASE.replace("impact: {revenue: [500, 1500]}",
                 "impact: {revenue: [999999999999, 1000000000000], "
                 "customers: [-1000000000000, 1000000000000]}")
    .replace("claimed_impact: {revenue: 5000}", "claimed_impact: {revenue: 1000000000000}"))


@pytest.mark.parametrize("policy", ["rice", "evidence", "optimal", "random"])
def test_autoplay_json_stays_strict_json_at_the_bound(tmp_path, capsys, policy: str) -> None:
    """The largest numbers the format allows still give finite results: no NaN or Infinity,
    which JSON cannot hold."""
    path = tmp_path / "big.yaml"
    path.write_text(AT_THE_BOUND, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()
    assert main(["autoplay", str(path), "--policy", policy, "--seed", "3", "--json"]) == 0
    json.loads(capsys.readouterr().out, parse_constant=lambda c: pytest.fail(c))
