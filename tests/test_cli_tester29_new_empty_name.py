"""`pmsim new dd/.yaml` names no file, only an extension: the error says the name is empty rather
than that a scenario file name ends in .yaml or .yml (which it does)."""

from __future__ import annotations

import pytest

from pmsim.cli import main


@pytest.mark.parametrize("name", [".yaml", ".yml"])
def test_an_empty_name_before_the_extension_is_named_as_the_problem(name, tmp_path, monkeypatch,
                                                                    capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dd").mkdir()
    assert main(["new", f"dd/{name}"]) == 2
    err = capsys.readouterr().err
    assert f"dd/{name}: the file name is empty before {name}; give it a name, such as " \
           f"dd/my-scenario{name}" in err
    assert "ends in .yaml or .yml" not in err and "Traceback" not in err
    assert list((tmp_path / "dd").iterdir()) == []


def test_a_name_without_the_extension_is_still_told_the_extension(tmp_path, monkeypatch,
                                                                  capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "plan.txt"]) == 2
    assert "plan.txt: a scenario file name ends in .yaml or .yml" in capsys.readouterr().err
