"""Small helpers for English words in messages, shared by the shells, the commands and the
analysis reports (no imports: cheap to load at start-up)."""

from __future__ import annotations


def plural(count: int | float, word: str, many: str | None = None) -> str:
    """'1 point', '3 points', '0 points'."""
    noun = word if count == 1 else (many or word + "s")
    return f"{count:,} {noun}" if isinstance(count, int) else f"{count:,.0f} {noun}"


def signed_points(amount: float) -> str:
    """A change in points with its sign: whole changes as '+2' or '-3', a part of a point to
    one decimal ('-0.4'), never '-0' (a capacity loss under half a point, rounded, read as
    nothing lost)."""
    if abs(amount - round(amount)) < 0.05:
        return f"{round(amount):+d}"
    return f"{amount:+.1f}"
