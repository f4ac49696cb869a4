"""Small helpers for English words in messages, shared by the shells, the commands and the
analysis reports (no imports: cheap to load at start-up)."""

from __future__ import annotations


def plural(count: int | float, word: str, many: str | None = None) -> str:
    """'1 point', '3 points', '0 points'."""
    noun = word if count == 1 else (many or word + "s")
    return f"{count:,} {noun}" if isinstance(count, int) else f"{count:,.0f} {noun}"
