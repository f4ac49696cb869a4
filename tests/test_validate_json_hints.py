"""`pmsim validate --json` gives every message its hint, as a field of its own: the text
output's '= hint:' line, for the same message; null when the text shows none. The existing
keys stay as they were."""

from __future__ import annotations

import json
import re

from conftest import BASE

from pmsim.cli import main

BROKEN = (BASE.replace("asked_by: sam", "asked_by: samm")     # a hint: did you mean 'sam'?
          .replace("  - id: sam\n", "  - id: sam\n    trust: 40\n    trust: 45\n")  # a hint
          .replace("estimate: 3\n", "estimate: 3\n    colour: red\n"))  # unknown key


def test_every_hint_the_text_gives_is_a_field_of_its_message_in_the_json(tmp_path,
                                                                          capsys) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    text = capsys.readouterr().out
    assert main(["validate", "--json", str(path)]) == 1
    items = json.loads(capsys.readouterr().out)
    assert len(items) >= 3
    told = {}
    for block in re.split(r"\n(?=\S+:\d+:\d+: )", text.strip()):
        head = re.match(r"(\S+):(\d+):(\d+): (error|warning): (.*)", block)
        if head is None:
            continue
        hint = re.search(r"\n\s+= hint: (.*)", block)
        told[(int(head[2]), int(head[3]), head[5])] = hint[1] if hint else None
    assert sum(1 for h in told.values() if h) >= 2
    for item in items:
        assert list(item) == ["path", "line", "column", "severity", "message", "hint"]
        assert item["hint"] == told[(item["line"], item["column"], item["message"])]


def test_a_message_without_a_hint_has_hint_null(tmp_path, capsys) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(BASE.replace("rounds: 3", "rounds: three"), encoding="utf-8")
    assert main(["validate", "--json", str(path)]) == 1
    (item,) = json.loads(capsys.readouterr().out)
    assert item["message"] == "'rounds' should be a whole number, not the text 'three'"
    assert item["hint"] is None
