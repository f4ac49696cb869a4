"""`pmsim validate`, `pmsim schema`, `pmsim list`: the instructor's commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..resources import scenarios_dir
from ..scenario import loader, schema
from . import EXIT_FAULT, EXIT_INVALID, EXIT_OK, UsageError


def validate(args: argparse.Namespace) -> int:
    files = _files(args.paths)
    results: list[loader.LoadResult] = []
    for path in files:
        try:
            results.append(loader.load_file(path))
        except Exception as exc:  # a bug in pmsim, not in the file: apologise, don't trace
            print(
                f"pmsim: internal error while validating {path} ({type(exc).__name__}: {exc}); "
                "sorry, this is a bug in pmsim, please report it with the file",
                file=sys.stderr,
            )
            return EXIT_FAULT
    if args.json:
        out = [d.as_json() for r in results for d in r.diagnostics]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for result in results:
            if result.diagnostics:
                print(result.render())
        errors = sum(r.errors for r in results)
        warnings = sum(r.warnings for r in results)
        valid = sum(1 for r in results if r.ok)
        print(
            f"checked {_plural(len(results), 'file')}: {valid} valid, "
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        )
    return EXIT_OK if all(r.ok for r in results) else EXIT_INVALID


def _files(paths: Sequence[str]) -> list[Path]:
    for path in paths:
        if not Path(path).exists():
            raise UsageError(f"no such file or folder: {path}")
    files = list(loader.scenario_files(paths))
    if not files:
        raise UsageError("no scenario files (*.yaml, *.yml) in " + ", ".join(paths))
    return files


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def print_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema.render())
    return EXIT_OK


def list_scenarios(args: argparse.Namespace) -> int:
    folders = [scenarios_dir(), *(Path(d) for d in args.dir)]
    for folder in folders[1:]:
        if not folder.is_dir():
            raise UsageError(f"not a folder: {folder}")
    rows = []
    for path in loader.scenario_files(folders):
        result = loader.load_file(path)
        if result.scenario is not None:
            s = result.scenario
            rows.append(
                {"id": s.id, "title": s.title, "difficulty": s.difficulty,
                 "rounds": s.rounds, "path": str(path), "valid": True}
            )
        else:
            first = next(d for d in result.diagnostics if d.severity == "error")
            rows.append(
                {"id": None, "title": None, "difficulty": None, "rounds": None,
                 "path": str(path), "valid": False,
                 "error": f"{first.line}:{first.column}: {first.message}"}
            )
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("no scenarios found")
    for row in rows:
        if row["valid"]:
            print(f"{row['id']:<24} {row['difficulty']:<9} {row['rounds']:>2} rounds  "
                  f"{row['title']}\n{'':<24} {row['path']}")
        else:
            print(f"{'(invalid)':<24} {row['path']}\n{'':<24} {row['error']}")
    return EXIT_OK
