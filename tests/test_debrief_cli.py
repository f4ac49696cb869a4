"""`pmsim autoplay/replay ... --json --debrief`: the machine-readable coaching debrief, and the
same debrief as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmsim.analysis.principles import PRINCIPLES
from pmsim.cli import main


def debrief_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:  # type: ignore[type-arg]
    assert main([*argv, "--json", "--debrief"]) == 0
    return json.loads(capsys.readouterr().out)


def test_autoplay_json_debrief_holds_every_part(capsys, tmp_path: Path) -> None:
    replay_file = tmp_path / "game.json"
    data = debrief_json(capsys, "autoplay", "tutorial", "--policy", "rice", "--seed", "7",
                        "--replay-out", str(replay_file))
    d = data["debrief"]
    assert d["decisions"], "every decision with its worth"
    for item in d["decisions"]:
        assert {"round", "request", "action", "worth"} <= set(item)
        assert item["action"] in ("build", "discover", "answer")
        assert item["worth"] == pytest.approx(data["score"] - item["score_without"], abs=0.02)
    assert [p["round"] for p in d["optimal_plan"]] == [1, 2, 3]
    assert [p["round"] for p in d["evidence_plan"]] == [1, 2, 3]
    assert set(d["principles"]) == set(PRINCIPLES)
    assert all(0 <= v <= 100 for v in d["principles"].values())
    assert d["weakest_principle"] == min(d["principles"], key=d["principles"].get)
    assert all(lesson["kind"] in ("praise", "mistake", "note") and lesson["id"]
               for lesson in d["lessons"])
    assert d["luck"]["actual"] == pytest.approx(data["score"], abs=0.01)
    assert set(d["baselines"]) >= {"loudest", "rice", "wsjf", "random", "evidence", "optimal"}
    worths = {(i["round"], i["request"], i["action"]): i["worth"] for i in d["decisions"]}
    assert [h["worth"] for h in d["helped"]] == sorted(
        (w for w in worths.values() if w >= 0.05), reverse=True)[:3]

    again = debrief_json(capsys, "replay", str(replay_file))
    assert again["debrief"]["decisions"] == d["decisions"]
    assert again["debrief"]["principles"] == d["principles"]

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    documented = next(line for line in readme.splitlines() if "a `debrief` object" in line)
    assert not [key for key in d if f"`{key}`" not in documented], "README's key list"


def test_text_debrief_names_the_decisions_and_the_plans(capsys) -> None:
    assert main(["autoplay", "tutorial", "--policy", "loudest", "--seed", "7", "--debrief"]) == 0
    out = capsys.readouterr().out
    for part in ("WHAT YOUR DECISIONS WERE WORTH", "THE BETTER PLAN BESIDE YOURS",
                 "THE SEVEN PRINCIPLES", "Evidence (no hindsight):", "Optimal (hindsight):",
                 "LESSONS", "SKILL AND LUCK"):
        assert part in out, part


def test_an_unfinished_replay_has_no_debrief_and_says_why(capsys, tmp_path: Path) -> None:
    from pmsim import catalog
    from pmsim.engine import Decision, new_game, play_round, record

    scenario = catalog.load("tutorial").scenario
    assert scenario is not None
    game, _ = play_round(new_game(scenario, 3), Decision())
    path = tmp_path / "half.json"
    path.write_text(record(game).to_json(), encoding="utf-8")
    code = main(["replay", str(path), "--json", "--debrief"])
    captured = capsys.readouterr()
    assert code != 0
    assert "no debrief yet" in captured.err and "Traceback" not in captured.err
