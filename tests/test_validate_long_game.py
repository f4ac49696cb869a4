"""A game so long that the code wears out whatever the player does is a validate warning at
`rounds`, worked out without playing: `pmsim new` with `rounds: 52` validated with 0
warnings, yet every policy, the hindsight optimum too, scored 0 (tech health wears 2 a sprint
and the starter's one tech-debt request repairs about 15 of 104; outages then sink every
pillar). The bound it uses is never below what real play reaches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import locate

from pmsim import catalog
from pmsim.analysis.policies import POLICIES, play
from pmsim.cli import main
from pmsim.engine import score
from pmsim.scenario import load_bytes
from pmsim.scenario.lint import best_tech_health


def _starter(tmp_path: Path, rounds: int) -> tuple[Path, str]:
    path = tmp_path / "lantern.yaml"
    assert main(["new", str(path)]) == 0
    text = re.sub(r"^rounds: \d+", f"rounds: {rounds}", path.read_text(encoding="utf-8"),
                  count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    return path, text


def test_a_52_sprint_starter_warns_at_rounds_naming_the_wear(tmp_path, capsys) -> None:
    path, text = _starter(tmp_path, 52)
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0  # a warning: the file still plays
    out = capsys.readouterr().out
    line, column = locate(text, "rounds: ^52")
    head = f"{path}:{line}:{column}: warning: over 52 sprints the code wears away 104 points of "
    assert head in out, out
    assert "(2 a sprint, rules.product.tech_decay)" in out
    assert "the technology pillar is 0 in every game" in out
    assert "from sprint 25 at the latest it is below 30, where outages" in out
    assert "`pmsim analyze` shows what every policy scores" in out
    assert "1 warning" in out


def test_the_default_starter_and_every_bundled_scenario_do_not_warn(tmp_path, capsys) -> None:
    path, _ = _starter(tmp_path, 3)
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0
    assert "0 warnings" in capsys.readouterr().out
    for entry in catalog.bundled():
        result = catalog.load_file(entry)
        assert not [d for d in result.diagnostics if "wears away" in d.message], entry


def test_when_it_warns_that_the_pillar_is_0_no_policy_scores_above_0(tmp_path) -> None:
    _, text = _starter(tmp_path, 52)
    scenario = load_bytes(text.encode("utf-8"), "long.yaml").scenario
    assert scenario is not None
    for name in ("evidence", "loudest", "rice"):
        for seed in (1, 2):
            found = score(play(scenario, seed, POLICIES[name]))
            assert found.pillars["technology"] == 0 and found.total == 0, (name, seed)


@pytest.mark.parametrize("rounds", [3, 8, 12, 16, 24])
def test_the_bound_is_never_below_what_play_reaches(tmp_path, rounds: int) -> None:
    _, text = _starter(tmp_path, rounds)
    scenario = load_bytes(text.encode("utf-8"), "x.yaml").scenario
    assert scenario is not None
    bound = best_tech_health(scenario, rounds)
    for name in ("evidence", "loudest", "random", "rice"):
        for seed in (1, 2, 3):
            reached = play(scenario, seed, POLICIES[name]).metrics["tech_health"]
            assert reached <= bound + 1e-9, (name, seed, reached, bound)


def test_no_wear_no_warning(tmp_path, capsys) -> None:
    path, text = _starter(tmp_path, 52)
    path.write_text(text + "rules:\n  product:\n    tech_decay: 0\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0
    assert "0 warnings" in capsys.readouterr().out
