"""Bad input a tester found: each is refused with a clear message and the contract's exit code
(2 bad usage, 1 invalid input), never an internal error, a hang or a wrong explanation."""

from __future__ import annotations

import pytest

from pmsim.cli import main


def usage_error(argv: list[str], capsys) -> str:
    """The message argparse prints for `argv`, which must be bad usage (exit 2)."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    return err


@pytest.mark.parametrize("value", ["99999", "65536", "-1", "eighty"])
def test_a_port_out_of_range_is_bad_usage_naming_the_range(value, capsys) -> None:
    err = usage_error(["workshop", "host", "tutorial", "--port", value, "--headless"], capsys)
    assert "0 to 65535" in err


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "1e9", "1441", "soon"])
def test_round_minutes_must_be_finite_above_0_and_at_most_a_day(value, capsys) -> None:
    argv = ["workshop", "host", "tutorial", "--round-minutes", value, "--headless"]
    assert "above 0 and at most 1440" in usage_error(argv, capsys)


def test_sane_port_and_round_minutes_are_taken() -> None:
    from pmsim.cli import build_parser

    args = build_parser().parse_args(["workshop", "host", "tutorial", "--port", "0",
                                      "--round-minutes", "7.5"])
    assert (args.port, args.round_minutes) == (0, 7.5)
