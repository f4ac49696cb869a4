"""Where a request stands in a game."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a request stands. A str, so it compares and serialises as its value."""

    WAITING = "waiting"
    """Not arrived yet."""
    OPEN = "open"
    ACTIVE = "active"
    """Work started, unfinished."""
    SHIPPED = "shipped"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
