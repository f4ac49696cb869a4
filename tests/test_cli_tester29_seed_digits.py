"""A seed is read as an optional '-' and the digits 0-9 only (`pmsim.seeds.parse_seed`): Python's
int() also takes '1_000', '٣', ' 5' and '+5', so a typo became another game's seed unnoticed."""

from __future__ import annotations

import pytest

from pmsim.seeds import SEED_MAX, SEED_MIN, parse_seed

SPAN = f"give a seed from {SEED_MIN} to {SEED_MAX}"


@pytest.mark.parametrize("text", ["1_000", "\u0663", " 5", "5 ", "+5", "-", "", "1.5", "--5",
                                  "\uff15", "5\n"])
def test_anything_but_ascii_digits_is_not_a_whole_number_naming_what_was_typed(text) -> None:
    with pytest.raises(ValueError) as refused:
        parse_seed(text)
    assert str(refused.value).startswith(f"'{text}' is not a whole number: {SPAN}")
    assert "digits 0-9" in str(refused.value)


@pytest.mark.parametrize(("text", "value"), [
    ("0", 0), ("5", 5), ("-5", -5), ("007", 7), (str(SEED_MAX), SEED_MAX),
    (str(SEED_MIN), SEED_MIN), ("0" * 5000 + "42", 42),
])
def test_plain_digits_are_read(text, value) -> None:
    assert parse_seed(text) == value


@pytest.mark.parametrize("text", [str(SEED_MAX + 1), str(SEED_MIN - 1), "1" * 5000,
                                  "-" + "9" * 5000])
def test_a_number_past_the_range_is_out_of_range_and_clipped(text) -> None:
    with pytest.raises(ValueError) as refused:
        parse_seed(text)
    assert f"' is out of range: {SPAN}" in str(refused.value)
    assert len(str(refused.value)) < 150


@pytest.mark.parametrize("typed", ["1_000", "٣", " 5", "+5"])
def test_every_seed_option_refuses_them(typed: str, capsys) -> None:
    from pmsim.cli import main

    for command in (["autoplay", "tutorial", "--policy", "rice", "--seed", typed],
                    ["analyze", "tutorial", "--first-seed", typed]):
        with pytest.raises(SystemExit) as stop:
            main(command)
        assert stop.value.code == 2
        assert "is not a whole number" in capsys.readouterr().err


@pytest.mark.parametrize("typed", ["1_0", "+5", " 5", "٣", "5.0"])
def test_counts_and_ports_take_the_digits_only(typed: str, capsys) -> None:
    """`analyze --seeds 1_000` ran a thousand seeds, and `--port 80_80` took port 8080 (the
    counts here are small, so that the old reading fails fast rather than runs long)."""
    from pmsim.cli import main

    for command, words in ((["analyze", "tutorial", "--seeds", typed], "is not a whole number"),
                           (["workshop", "host", "tutorial", "--headless", "--port", typed],
                            "is not a port"),
                           (["workshop", "host", "tutorial", "--headless", "--max-teams", typed],
                            "is not a whole number")):
        with pytest.raises(SystemExit) as stop:
            main(command)
        assert stop.value.code == 2
        assert words in capsys.readouterr().err, command
