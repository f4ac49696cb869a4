"""The core stays readable: no function in the engine or the scenario package is longer than
60 lines (complexity is capped by ruff's C901 in the README's test command)."""

from __future__ import annotations

import ast
from pathlib import Path

import pmsim

LIMIT = 60


def test_no_long_functions_in_the_engine_and_the_scenario_package() -> None:
    root = Path(pmsim.__file__).parent
    long = []
    for folder in ("engine", "scenario"):
        for path in sorted((root / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines = (node.end_lineno or node.lineno) - node.lineno + 1
                    if lines > LIMIT:
                        long.append(f"{path.name}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, long
