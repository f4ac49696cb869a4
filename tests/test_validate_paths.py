"""`pmsim validate` over several paths: a missing one does not hide the others, and a folder's
scenario-named entries that are not files are reported, not skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import BASE

from pmsim.cli import main


def test_a_missing_path_is_bad_usage_after_the_others_are_checked(tmp_path: Path,
                                                                  capsys) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(BASE, encoding="utf-8")
    code = main(["validate", str(good), str(tmp_path / "missing.yaml")])
    captured = capsys.readouterr()
    assert code == 2
    assert "checked 1 file: 1 valid" in captured.out
    assert "no such file or folder" in captured.err and "missing.yaml" in captured.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_folder_reports_a_broken_link_and_a_pipe_named_like_scenarios(tmp_path: Path,
                                                                        capsys) -> None:
    (tmp_path / "ok.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "notes").mkdir()
    code = main(["validate", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "broken.yaml" in out and "pipe.yaml" in out and "named pipe" in out
    assert "checked 3 files: 1 valid, 2 errors" in out
