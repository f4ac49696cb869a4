"""The docs tell one story about the schema line and show validate's real output (issue 14)."""

from __future__ import annotations

import json
import re

from conftest import REPO

from pmsim.cli import main

FORMAT = REPO / "docs" / "scenario-format.md"
GUIDE = REPO / "docs" / "authoring.md"


def _schema_lines(text: str) -> set[str]:
    return set(re.findall(r"^# yaml-language-server: \$schema=\S+$", text, flags=re.MULTILINE))


def test_the_docs_give_the_schema_line_pmsim_new_writes(tmp_path, capsys) -> None:
    assert main(["new", str(tmp_path / "my-course.yaml")]) == 0
    written = (tmp_path / "my-course.yaml").read_text(encoding="utf-8").splitlines()[0]
    for doc in (FORMAT, GUIDE, REPO / "README.md"):
        assert _schema_lines(doc.read_text(encoding="utf-8")) == {written}, doc.name


def test_the_guides_syntax_error_example_is_what_validate_prints(tmp_path, capsys,
                                                                  monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "my-course.yaml"]) == 0
    path = tmp_path / "my-course.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    role: Head of Sales", "      role: Head of Sales", 1)
    path.write_text(text.replace("    arrives: 2 ", "    arrive: 2  ", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "my-course.yaml"]) == 1
    printed = capsys.readouterr().out
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split("**When the file is not valid YAML**", 1)[1]
    shown = section.split("$ pmsim validate my-course.yaml\n", 1)[1].split("\n```", 1)[0]
    assert printed.rstrip("\n") == shown


def test_the_guides_autoplay_example_is_what_autoplay_prints(capsys) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    command = "$ pmsim autoplay tutorial --policy loudest --seed 1\n"
    shown = guide.split(command, 1)[1].split("\n```", 1)[0]
    capsys.readouterr()
    assert main(["autoplay", "tutorial", "--policy", "loudest", "--seed", "1"]) == 0
    assert capsys.readouterr().out.rstrip("\n") == shown
    assert main(["autoplay", "tutorial", "--policy", "optimal", "--seed", "1", "--json"]) == 0
    best = json.loads(capsys.readouterr().out)["score"]
    assert f"here the best plan scores {best:.1f}" in " ".join(guide.split())
