"""The `pmsim` command: parses arguments and hands each subcommand to the shell that owns it.

Exit codes are part of the contract (scripts and CI rely on them): 0 success, 1 the input has
errors, 2 bad usage, 3 an internal fault in pmsim (with a one-line apology, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .resources import scenarios_dir
from .scenario import loader, schema

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_FAULT = 0, 1, 2, 3


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmsim",
        description="A training simulator for product managers: prioritize, discover, "
        "influence, and see what your decisions do.",
    )
    parser.add_argument("--version", action="version", version=f"pmsim {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check scenario files and report every problem with its line and column",
        description="Check scenario files (or every *.yaml / *.yml in the folders given). "
        "Exit 0 when all are valid (warnings allowed), 1 when any has errors, 2 for bad usage.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or folder")
    validate.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    validate.set_defaults(run=_validate)

    schema_cmd = commands.add_parser(
        "schema",
        help="print the JSON Schema of the scenario format",
        description="Print the JSON Schema of the scenario format, for editors with a YAML "
        "language server (it is also committed as docs/scenario.schema.json).",
    )
    schema_cmd.set_defaults(run=_schema)

    listing = commands.add_parser(
        "list",
        help="list the bundled scenarios",
        description="List the bundled scenarios, and those in a folder given with --dir.",
    )
    listing.add_argument("--dir", action="append", default=[], metavar="DIR",
                         help="also list the scenarios in this folder (repeatable)")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(run=_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return args.run(args)
    except _UsageError as exc:
        print(f"pmsim {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
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
            raise _UsageError(f"no such file or folder: {path}")
    files = list(loader.scenario_files(paths))
    if not files:
        raise _UsageError("no scenario files (*.yaml, *.yml) in " + ", ".join(paths))
    return files


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema.render())
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    folders = [scenarios_dir(), *(Path(d) for d in args.dir)]
    for folder in folders[1:]:
        if not folder.is_dir():
            raise _UsageError(f"not a folder: {folder}")
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
