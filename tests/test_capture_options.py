"""`--size` and `--text-scale` as typed: a size too big is told the range, not "not a size"."""

from __future__ import annotations

import argparse

import pytest

from pmsim.ui.capture_options import MAX_SIDE, window_size


def test_a_size_reads_width_and_height() -> None:
    assert window_size("1280x720") == (1280, 720)
    assert window_size(" 800 X 500 ") == (800, 500)


@pytest.mark.parametrize("text", ["100000x100000", "1280x0", "99999x720"])
def test_a_size_out_of_range_is_told_the_range(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=f"1 to {MAX_SIDE} pixels"):
        window_size(text)


@pytest.mark.parametrize("text", ["big", "1280", "12x34x56", "9" * 5000 + "x1"])
def test_what_is_not_a_size_says_how_to_write_one(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="WIDTHxHEIGHT"):
        window_size(text)
