"""`pmsim workshop export --csv/--json FILE` never replaces an existing file without --force
(as `autoplay --replay-out`): a facilitator's earlier results do not vanish."""

from __future__ import annotations

import pytest

from pmsim.cli import main


@pytest.fixture
def workshop(tmp_path, monkeypatch) -> str:
    from pmsim.catalog import resolve
    from pmsim.workshop.service import Workshop
    from pmsim.workshop.store import Store, default_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store(default_path())
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code="KEEPIT")
    ws.join("KEEPIT", "Red")
    store.close()
    return "KEEPIT"


@pytest.mark.parametrize("option", ["--csv", "--json"])
def test_an_existing_file_is_refused_and_untouched(tmp_path, capsys, workshop, option) -> None:
    old = tmp_path / "results.out"
    old.write_text("last week's results", encoding="utf-8")
    assert main(["workshop", "export", workshop, option, str(old)]) == 2
    err = capsys.readouterr().err
    assert f"{old} already exists; choose another name, or add --force" in err
    assert old.read_text(encoding="utf-8") == "last week's results"


def test_nothing_is_written_when_the_other_file_exists(tmp_path, capsys, workshop) -> None:
    new, old = tmp_path / "r.csv", tmp_path / "r.json"
    old.write_text("kept", encoding="utf-8")
    assert main(["workshop", "export", workshop, "--csv", str(new), "--json", str(old)]) == 2
    assert not new.exists() and old.read_text(encoding="utf-8") == "kept"


def test_a_link_to_an_existing_file_is_refused_too(tmp_path, workshop) -> None:
    target = tmp_path / "kept.csv"
    target.write_text("kept", encoding="utf-8")
    link = tmp_path / "r.csv"
    link.symlink_to(target)
    assert main(["workshop", "export", workshop, "--csv", str(link)]) == 2
    assert target.read_text(encoding="utf-8") == "kept"


def test_force_replaces_it(tmp_path, capsys, workshop) -> None:
    old = tmp_path / "r.csv"
    old.write_text("last week's results", encoding="utf-8")
    assert main(["workshop", "export", workshop, "--csv", str(old), "--force"]) == 0
    assert "team,score" in old.read_text(encoding="utf-8-sig")
    assert "exported 1 team" in capsys.readouterr().out


def test_standard_output_needs_no_force(capsys, workshop) -> None:
    assert main(["workshop", "export", workshop, "--csv", "-"]) == 0
    assert capsys.readouterr().out.startswith("team,score")
