"""`pmsim list` reads each scenario in full only when it changed (issue 15): the rows come from
a cache in the user cache folder, keyed by path, size and modification time, and are the
same as validating every file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmsim import headers
from pmsim.catalog import bundled
from pmsim.cli import main

VALID = (Path(__file__).resolve().parent.parent / "scenarios" / "tutorial.yaml").read_text(
    encoding="utf-8")


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def full_rows(paths: list[Path]) -> list[dict]:
    return [headers._with_path(headers.validated_row(p), p) for p in paths]


def files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "good.yaml").write_text(VALID.replace("title:", "title: Mine -", 1),
                                      encoding="utf-8")
    (folder / "bad.yaml").write_text("format: 2\nid: [broken\n", encoding="utf-8")
    return [*bundled(), *headers.scenario_paths([folder])]


def test_cached_rows_equal_validating_every_file(tmp_path: Path) -> None:
    paths = files(tmp_path)
    expected = full_rows(paths)
    assert [r["valid"] for r in expected].count(False) == 1
    assert headers.rows(paths) == expected  # cold: validated, then cached
    assert headers.cache_path().is_file()
    assert not list(headers.cache_path().parent.glob("*.tmp"))
    assert headers.rows(paths) == expected  # warm: from the cache


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    paths = files(tmp_path)
    headers.rows(paths)
    good = next(p for p in paths if p.name == "good.yaml")
    good.write_text(VALID.replace("title:", "title: Renamed -", 1), encoding="utf-8")
    os.utime(good, ns=(1, 1))  # even with an old time: the size changed
    row = next(r for r in headers.rows(paths) if r["path"] == str(good))
    assert row["title"].startswith("Renamed -")


@pytest.mark.parametrize("damage", ["not json", json.dumps([1, 2]),
                                    "ROWS"])
def test_a_damaged_or_edited_cache_is_not_believed(tmp_path: Path, damage: str) -> None:
    paths = files(tmp_path)
    headers.rows(paths)
    cache = headers.cache_path()
    if damage == "ROWS":  # the right version, rows of the wrong shape
        data = json.loads(cache.read_text(encoding="utf-8"))
        data["rows"] = {key: {"valid": True, "id": 5} for key in data["rows"]}
        damage = json.dumps(data)
    cache.write_text(damage, encoding="utf-8")
    assert headers.rows(paths) == full_rows(paths)


def test_a_cache_from_another_pmsim_is_not_believed(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    paths = files(tmp_path)
    headers.rows(paths)
    data = json.loads(headers.cache_path().read_text(encoding="utf-8"))
    for row in data["rows"].values():
        if row["valid"]:
            row["title"] = "stale"
    headers.cache_path().write_text(json.dumps(data), encoding="utf-8")
    assert any(r["title"] == "stale" for r in headers.rows(paths))  # the cache is used...
    monkeypatch.setattr(headers, "__version__", "another")
    assert not any(r["title"] == "stale" for r in headers.rows(paths))  # ...but not another's


def test_list_prints_the_same_from_the_cache(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    cold = capsys.readouterr().out
    assert main(["list", "--json"]) == 0
    assert capsys.readouterr().out == cold
    assert json.loads(cold) == full_rows(bundled())


def test_a_warm_list_imports_no_yaml_and_no_models(cache_home: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    code = ("import sys; from pmsim.cli import main; main(['list']); "
            "print(sorted(m for m in ('yaml', 'pydantic', 'pmsim.scenario') if m in sys.modules))")
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True).stdout.splitlines()[-1] for _ in range(2)]
    assert runs == ["['pmsim.scenario', 'pydantic', 'yaml']", "[]"]


def test_a_file_gone_since_it_was_found_gets_the_loaders_error(tmp_path: Path) -> None:
    gone = tmp_path / "gone.yaml"
    [row] = headers.rows([gone])
    assert row["valid"] is False and "cannot read" in row["error"]
    assert row["path"] == str(gone)
