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


def test_the_json_report_carries_the_note_too(tmp_path: Path, capsys) -> None:
    """A script reading `--json` learns what the text says under the verdict: `notes`, beside
    every key the report had before (none is renamed or dropped)."""
    import dataclasses
    import json

    from pmsim.analysis.author import author_report
    from pmsim.commands.analyze import report_json
    from pmsim.scenario import load_file

    path = tmp_path / "my-course.yaml"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(path), "--seeds", "8", "--no-robust", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["notes"] == [" ".join(few_seeds_note(8))]
    assert "Note: only 8 seeds" in data["notes"][0]
    assert f"meant for the default {DEFAULT_SEEDS} seeds" in data["notes"][0]

    scenario = load_file(path).scenario
    assert scenario is not None
    report = author_report(scenario, seeds=3, robust_seeds=None)
    assert set(report_json(report)) == {*report.as_dict(), "notes"}
    balance = dataclasses.replace(report.balance, seeds=tuple(range(1, DEFAULT_SEEDS + 1)))
    assert report_json(dataclasses.replace(report, balance=balance))["notes"] == []
