"""What each metric is called, and means, wherever it is shown: reports, the window, the
terminal. One table, so a metric never has two names."""

from __future__ import annotations

METRIC_LABELS = {
    "satisfaction": "Satisfaction",
    "customers": "Customers",
    "revenue": "Revenue",
    "tech_health": "Tech health",
    "morale": "Morale",
}

METRIC_MEANINGS = {
    "satisfaction": "how happy customers are (0-100)",
    "customers": "paying customers",
    "revenue": "revenue earned each round",
    "tech_health": "how easy the code is to change (0-100); low health slows the team and "
    "causes outages",
    "morale": "the team's energy (0-100); overtime lowers it, low morale lowers capacity",
}


def impact_words(impact: dict[str, float]) -> str:
    """'satisfaction +3, revenue +1,200': an impact as a player reads it."""
    return ", ".join(f"{METRIC_LABELS[m].lower()} {signed(v)}" for m, v in impact.items())


def range_words(ranges: dict[str, tuple[float, float]]) -> str:
    """'revenue +200 to +900': what discovery has narrowed an impact to."""
    return ", ".join(f"{METRIC_LABELS[m].lower()} {signed(lo)} to {signed(hi)}"
                     for m, (lo, hi) in ranges.items())


def signed(value: float) -> str:
    """'+1,200', '-3', '+2.4', '0': whole numbers from 10 up, one decimal below, never '-0'."""
    if abs(value) >= 10:
        text = f"{value:+,.0f}"
    else:
        text = f"{value:+.1f}".replace(".0", "") if abs(value) >= 0.05 else "0"
    return text
