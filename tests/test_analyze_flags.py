"""`pmsim analyze` refuses flags that contradict each other, or that another flag would make it
ignore, as bad usage (exit 2) in one line naming both, before any scenario is read or played."""

from __future__ import annotations

import pytest

from pmsim.cli import main


@pytest.mark.parametrize("flags", [["--robust", "--no-robust"], ["--no-robust", "--robust"]])
def test_robust_and_no_robust_together_are_bad_usage(flags, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["analyze", "no-such-scenario", *flags])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "--robust" in err[-1] and "--no-robust" in err[-1] and "not allowed" in err[-1]


def test_a_first_seed_the_robustness_check_would_ignore_is_bad_usage(capsys) -> None:
    assert main(["analyze", "no-such-scenario", "--robust", "--first-seed", "5"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "--first-seed 5" in line and "--robust" in line


def test_each_flag_alone_still_parses() -> None:
    from pmsim.cli import build_parser

    for flags in (["--robust"], ["--no-robust"], ["--robust", "--first-seed", "1"]):
        args = build_parser().parse_args(["analyze", "x", *flags])
        assert args.robust == ("--robust" in flags)
