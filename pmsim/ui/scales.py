"""The text sizes a player can choose, apart from the theme so that the command line can check
`--text-scale` without importing pygame."""

from __future__ import annotations

TEXT_SCALES = (0.85, 1.0, 1.2, 1.4)
"""Multipliers of the type scale (theme.SIZES): small, normal, large, largest."""
