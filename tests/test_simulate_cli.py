"""`pmsim autoplay`, `pmsim replay`, `pmsim analyze` as scripts call them."""

from __future__ import annotations

import json

import pytest
from conftest import BASE

from pmsim.cli import main


def run_json(capsys, *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("policy", ["random", "loudest", "rice", "wsjf", "optimal"])
def test_autoplay_json_shape(capsys, policy) -> None:
    data = run_json(capsys, "autoplay", "tutorial", "--policy", policy, "--seed", "7")
    assert isinstance(data["score"], float) and data["score"] >= 0
    assert set(data["pillars"]) == {"customer", "business", "technology", "trust"}
    assert len(data["rounds"]) == 3
    assert data["rounds"][0]["round"] == 1 and "metrics" in data["rounds"][0]


def test_autoplay_text_summary(capsys) -> None:
    assert main(["autoplay", "tutorial", "--policy", "rice", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "policy rice, seed 7" in out and "Score " in out and "sprint 3:" in out


def test_optimal_beats_every_policy_from_the_command_line(capsys) -> None:
    scores = {
        p: run_json(capsys, "autoplay", "tutorial", "--policy", p, "--seed", "9")["score"]
        for p in ("random", "loudest", "rice", "wsjf", "optimal")
    }
    assert scores["optimal"] >= max(scores.values())


def test_replay_round_trip_gives_the_same_score(tmp_path, capsys) -> None:
    out = tmp_path / "game.json"
    played = run_json(
        capsys, "autoplay", "tutorial", "--policy", "wsjf", "--seed", "4", "--replay-out", str(out)
    )
    assert out.exists() and not list(tmp_path.glob(".*.tmp"))
    replayed = run_json(capsys, "replay", str(out))
    assert replayed["score"] == played["score"]
    assert replayed["rounds"] == played["rounds"]


def test_a_partial_replay_says_it_is_unfinished(tmp_path, capsys) -> None:
    out = tmp_path / "game.json"
    run_json(capsys, "autoplay", "tutorial", "--policy", "rice", "--seed", "1",
             "--replay-out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    data["decisions"] = data["decisions"][:1]
    short = tmp_path / "short.json"
    short.write_text(json.dumps(data), encoding="utf-8")
    assert run_json(capsys, "replay", str(short))["finished"] is False
    assert main(["replay", str(short)]) == 0
    text = capsys.readouterr().out
    assert "Unfinished: after 1 of 3 sprints" in text and "not a final score" in text
    assert "Score " not in text


def test_summaries_name_requests_by_title(capsys) -> None:
    assert main(["autoplay", "tutorial", "--policy", "rice", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "Upgrade the ageing booking database" in out and "db-upgrade" not in out


def test_replay_of_a_user_scenario_needs_and_uses_it(tmp_path, capsys) -> None:
    """Without --scenario, the error says what to type to replay a user's own scenario."""
    scenario = tmp_path / "mine.yaml"
    scenario.write_text(BASE, encoding="utf-8")
    out = tmp_path / "r.json"
    played = run_json(
        capsys, "autoplay", str(scenario), "--policy", "rice", "--seed", "2",
        "--replay-out", str(out),
    )
    assert main(["replay", str(out)]) == 2  # 'base' is not a bundled scenario
    said = capsys.readouterr().err
    assert "scenario 'base', which is not a bundled scenario" in said
    assert f"`pmsim replay {out} --scenario YOUR-FILE.yaml`" in said
    again = run_json(capsys, "replay", str(out), "--scenario", str(scenario))
    assert again["score"] == played["score"]
    scenario.write_text(BASE.replace("Acme will not sign", "Acme may not sign"), encoding="utf-8")
    assert main(["replay", str(out), "--scenario", str(scenario)]) == 1
    assert "different version" in capsys.readouterr().err


def test_replay_of_a_user_scenario_with_a_bundled_id_says_to_give_the_file(tmp_path,
                                                                          capsys) -> None:
    scenario = tmp_path / "mine.yaml"
    scenario.write_text(BASE.replace("id: base", "id: tutorial"), encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["autoplay", str(scenario), "--policy", "rice", "--seed", "2",
                 "--replay-out", str(out)]) == 0
    capsys.readouterr()
    assert main(["replay", str(out)]) == 1
    said = capsys.readouterr().err
    assert "different version of scenario 'tutorial' than the bundled one" in said
    assert f"`pmsim replay {out} --scenario YOUR-FILE.yaml`" in said


@pytest.mark.parametrize(
    "content", ["not json", "{}", '{"kind": "pmsim-replay", "version": 1}', "[" * 10000]
)
def test_damaged_replays_are_refused_cleanly(tmp_path, capsys, content) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["replay", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(path) in err


def test_autoplay_usage_errors(capsys) -> None:
    assert main(["autoplay", "tutorial", "--policy", "magic", "--seed", "1"]) == 2
    assert "no policy 'magic'" in capsys.readouterr().err
    assert main(["autoplay", "no-such-scenario", "--policy", "rice", "--seed", "1"]) == 2


def test_autoplay_on_an_invalid_scenario_prints_diagnostics(tmp_path, capsys) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BASE.replace("rounds: 3", "rounds: x"), encoding="utf-8")
    assert main(["autoplay", str(path), "--policy", "rice", "--seed", "1"]) == 1
    assert f"{path}:6:9: error:" in capsys.readouterr().err


def test_analyze_json(capsys) -> None:
    code = main(["analyze", "tutorial", "--seeds", "5", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == (0 if data["teaches"] else 1)  # 5 seeds: a FAIL line exits 1
    for name in ("random", "loudest", "rice", "optimal"):
        assert {"mean", "min", "max"} <= set(data["policies"][name])
    assert data["seeds"] == 5
    assert isinstance(data["warnings"], list)


def test_analyze_text(capsys) -> None:
    code = main(["analyze", "tutorial", "--seeds", "3"])
    out = capsys.readouterr().out
    assert code == (1 if "  FAIL  " in out else 0)
    assert "Decisions matter" in out and "optimal" in out
