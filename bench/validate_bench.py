"""Loader benchmark: validating a 100 KB scenario, and refusing hostile files.

Run: .venv/bin/python bench/validate_bench.py
Target (issue 2): validating a 100 KB scenario takes well under a second.
"""

from __future__ import annotations

import time

from pmsim.scenario import load_bytes


def big_scenario(target_bytes: int = 100_000) -> bytes:
    """A valid scenario padded with plausible requests until it reaches `target_bytes`."""
    head = """\
format: 1
id: big
title: A large scenario
summary: Many requests, long pitches.
briefing: You run a large product.
rounds: 12
capacity: [20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20]
stakeholders:
  - {id: ana, name: Ana Silva, role: Sales, cares_about: [revenue]}
  - {id: ben, name: Ben Okoro, role: Support, cares_about: [satisfaction]}
discovery:
  - {id: interviews, name: Interviews, cost: 2}
requests:
"""
    parts = [head]
    size = len(head)
    n = 0
    while size < target_bytes:
        n += 1
        depends = f"\n    depends_on: [r{n - 1}]" if n > 1 and n % 3 == 0 else ""
        block = f"""\
  - id: r{n}
    title: Request number {n} with a reasonably descriptive title
    asked_by: {"ana" if n % 2 else "ben"}
    pitch: >-
      This is the pitch for request {n}. Customers have asked for it in several calls, and the
      team believes it would reduce churn among the larger accounts by a noticeable margin.
    estimate: {1 + n % 8}
    cost: [{1 + n % 8}, {3 + n % 8}]
    claimed_impact: {{revenue: {100 * n}, satisfaction: 2}}
    impact: {{revenue: [0, {50 * n}], satisfaction: [-1, 3]}}
    arrives: {1 + n % 12}{depends}
    evidence:
      interviews: Four of six customers said they would use it weekly.
"""
        parts.append(block)
        size += len(block)
    return "".join(parts).encode()


def timed(label: str, raw: bytes, repeat: int = 5) -> None:
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = load_bytes(raw, label)
        best = min(best, time.perf_counter() - start)
    assert result is not None
    verdict = "valid" if result.ok else f"refused: {result.diagnostics[0].message[:60]}"
    print(f"{label:<34} {len(raw):>9,} B {best * 1000:>9.1f} ms  {verdict}")


def main() -> None:
    timed("100 KB scenario", big_scenario())
    timed("1 MB scenario (the size cap)", big_scenario(990_000), repeat=2)
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n".encode()
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    timed("alias bomb", bomb)
    timed("nesting 5,000 deep", b"k: " + b"[" * 5000)
    timed("binary", bytes(range(256)) * 400)
    timed("python tag", b"x: !!python/object/apply:os.system ['true']\n")


if __name__ == "__main__":
    main()
