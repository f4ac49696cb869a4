"""Scenarios built for UI tests and the frame benchmark: many cards, and very long text."""

from __future__ import annotations

LONG_TITLE = ("An extremely long request title that an instructor might write when they are "
              "in a hurry and do not think about how it will look on a small card in the "
              "planning board, which goes on and on about integrations, exports, dashboards, "
              "permissions, audit trails, notifications and a mobile companion app too") * 1
LONG_TITLE = LONG_TITLE[:300]


def many_cards_yaml(count: int = 40) -> str:
    lines = [
        "format: 1",
        "id: many-cards",
        "title: Forty cards on the board",
        "summary: A board with a great many requests at once.",
        "briefing: |",
        "  Every team in the company has sent something. " * 8,
        "rounds: 3",
        "capacity: 20",
        "stakeholders:",
        "  - {id: ana, name: Ana Lucía Fernández-Oyelaran, role: Head of Global Enterprise Sales,"
        " cares_about: [revenue, customers]}",
        "  - {id: ben, name: Ben Okoro, role: Support Lead, cares_about: [satisfaction]}",
        "discovery:",
        "  - {id: data, name: Check the data in the warehouse and the CRM, cost: 1}",
        "  - {id: talk, name: Talk to customers, cost: 2}",
        "requests:",
    ]
    for n in range(count):
        title = LONG_TITLE if n == 0 else f"Request {n}: improve the {n}th workflow"
        lines += [
            f"  - id: r{n}",
            f"    title: \"{title}\"",
            f"    asked_by: {'ana' if n % 2 else 'ben'}",
            "    pitch: >-",
            "      " + "Customers keep asking for this in every single call we have. " * 6,
            f"    estimate: {1 + n % 5}",
            f"    claimed_impact: {{revenue: {1000 + 37 * n}, satisfaction: 2, customers: 5}}",
            "    impact: {revenue: [0, 900], satisfaction: [-1, 3]}",
            f"    deadline: {1 + n % 3}" if n % 4 == 0 else "    kind: feature",
            "    evidence: {data: The numbers only partly support the claim.}",
        ]
    return "\n".join(lines) + "\n"
