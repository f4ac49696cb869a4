"""Quoted text not closed on its line runs on to the next quote of its kind, often far below:
it is told at the quote, saying where YAML gave up, as one error (no made-up second one)."""

from __future__ import annotations

from pathlib import Path

from pmsim.cli import main
from pmsim.scenario import load_bytes
from pmsim.scenario.diagnostics import Diagnostic


def starter(tmp_path: Path) -> str:
    path = tmp_path / "s.yaml"
    assert main(["new", str(path)]) == 0
    return path.read_text(encoding="utf-8")


def errors(text: str) -> list[Diagnostic]:
    result = load_bytes(text.encode("utf-8"), "course.yaml")
    return [d for d in result.diagnostics if d.severity == "error"]


def test_an_unclosed_quote_is_one_error_at_the_quote_naming_where_yaml_gave_up(
        tmp_path: Path) -> None:
    text = starter(tmp_path)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith('title: "'))
    text = text.replace('title: "', 'title: "Dark mode ', 1)
    text = text.replace('"\n', "\n", 1)  # the title's closing quote is gone
    gave_up = next(n for n, t in enumerate(text.splitlines(), 1) if n > line and '"' in t)
    found = errors(text)
    assert len(found) == 1, "\n".join(d.message for d in found)
    (error,) = found
    assert (error.line, error.column) == (line, 8)
    assert "not closed on its line" in error.message
    assert f"runs on to line {gave_up}, where YAML gave up" in error.message
    assert "file ends" not in error.message


def test_a_single_quote_left_open_says_the_same() -> None:
    text = "format: 2\nid: x\ntitle: 'Dark mode\nrounds: 3\nbriefing: 'Hello'\n"
    (error,) = [d for d in errors(text) if "YAML" in d.message]
    assert (error.line, error.column) == (3, 8)
    assert "runs on to line 5" in error.message and error.hint and "''" in error.hint


def test_text_quoted_over_several_lines_on_purpose_is_not_blamed() -> None:
    text = 'format: 2\nid: x\ntitle: "Dark\n  mode" extra\n'
    assert all("not closed on its line" not in d.message for d in errors(text))
