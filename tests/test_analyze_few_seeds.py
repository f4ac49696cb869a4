"""A verdict worked out on fewer seeds than the default says it is noisy and that the bars are
meant for the default 100 seeds (the exit code is unchanged)."""

from __future__ import annotations

from pathlib import Path

from pmsim.analysis.verdict import DEFAULT_SEEDS, few_seeds_note
from pmsim.cli import main


def test_few_seeds_add_a_note_under_the_verdict(tmp_path: Path, capsys) -> None:
    path = tmp_path / "my-course.yaml"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(path), "--seeds", "8", "--no-robust"]) == 1  # still FAIL: 1
    out = capsys.readouterr().out
    teach = out.split("Does it teach?")[1]
    assert "Note: only 8 seeds. Verdicts on few seeds are noisy" in teach
    assert f"meant for the default {DEFAULT_SEEDS} seeds" in teach


def test_no_note_at_the_default_seeds_or_more() -> None:
    assert few_seeds_note(DEFAULT_SEEDS) == [] and few_seeds_note(500) == []
    assert few_seeds_note(30)
