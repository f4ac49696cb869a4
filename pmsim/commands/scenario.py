"""`pmsim validate`, `pmsim schema`, `pmsim list`: the instructor's commands."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from ..words import plural
from . import EXIT_FAULT, EXIT_INVALID, EXIT_OK, UsageError, print_json, scenario_text


def validate(args: argparse.Namespace) -> int:
    from ..scenario import loader

    missing = [path for path in args.paths if not Path(path).exists()
               and not Path(path).is_symlink()]
    files = _files([path for path in args.paths if path not in missing], missing)
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
        print_json(out, indent=2)
    else:
        for result in results:
            if result.diagnostics:
                print(result.render())
        errors = sum(r.errors for r in results)
        warnings = sum(r.warnings for r in results)
        valid = sum(1 for r in results if r.ok)
        print(
            f"checked {plural(len(results), 'file')}: {valid} valid, "
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        )
    if missing:  # the files that do exist were still checked and reported above
        raise UsageError("no such file or folder: " + ", ".join(missing))
    return EXIT_OK if all(r.ok for r in results) else EXIT_INVALID


def _files(paths: Sequence[str], missing: Sequence[str]) -> list[Path]:
    """The scenario files to check in `paths`; a usage error when there are none (naming the
    `missing` paths, when that is why)."""
    from ..scenario import loader

    files = list(loader.scenario_files(paths))
    if not files and missing:
        raise UsageError("no such file or folder: " + ", ".join(missing))
    if not files:
        raise UsageError("no scenario files (*.yaml, *.yml) in " + ", ".join(paths))
    return files


def print_schema(args: argparse.Namespace) -> int:
    from ..scenario import schema

    sys.stdout.write(schema.render())
    return EXIT_OK


def list_scenarios(args: argparse.Namespace) -> int:
    from .. import catalog, headers

    extra = [Path(d) for d in args.dir]
    for folder in extra:
        if not folder.is_dir():
            raise UsageError(f"not a folder: {folder}")
    rows = headers.rows(headers.scenario_paths(catalog.search_dirs(extra)))
    if args.json:
        print_json(rows, indent=2)
    else:
        if not rows:
            print("no scenarios found")
        for row in rows:
            if row["valid"]:
                unit = "round " if row["rounds"] == 1 else "rounds"  # the columns stay aligned
                print(f"{row['id']:<24} {row['difficulty']:<9} {row['rounds']:>2} {unit}  "
                      f"{row['title']}\n{'':<24} {row['path']}")
            else:
                print(f"{'(invalid)':<24} {row['path']}\n{'':<24} {row['error']}")
    # after the list, where it is seen; on stderr, so `--json` stays a list a script reads
    sys.stdout.flush()
    for clash in catalog.clashes((row["id"], Path(row["path"])) for row in rows):
        print(clash.warning(), file=sys.stderr)
    return EXIT_OK


SCHEMA_NAME = "pmsim.schema.json"


def new(args: argparse.Namespace) -> int:
    """Write a starter scenario (or a copy of a bundled one) that validates as it is, with the
    JSON Schema beside it so an editor completes fields at once.

    Nothing is overwritten without --force: an existing PATH is bad usage, and a different
    `pmsim.schema.json` already beside it is kept (with a note saying how to refresh it). The
    copy is written as UTF-8 with LF line endings whatever the source's encoding and
    line endings (a BOM or CRLF would otherwise land mid-file once the schema line is added).
    """
    from ..fileio import atomic_write_text
    from ..scenario import loader, schema

    path = Path(args.path)
    if path.name in loader.SUFFIXES:  # '.yaml' alone: Path sees a hidden file with no suffix
        raise UsageError(f"{path}: the file name is empty before {path.name}; give it a name, "
                         f"such as {path.with_name('my-scenario' + path.name)}")
    if path.suffix not in loader.SUFFIXES:
        raise UsageError(f"{path}: a scenario file name ends in .yaml or .yml")
    folder = path.parent
    if not folder.is_dir():  # a typo in a folder name makes no folders of its own
        if folder.exists() or folder.is_symlink():
            raise UsageError(f"cannot write {path}: {folder} is not a folder")
        raise UsageError(f"cannot write {path}: the folder {folder} does not exist; create it "
                         "first, or name a file in a folder that exists")
    if path.exists() and not args.force:
        raise UsageError(f"{path} already exists; choose another name, or add --force")
    if args.source:
        text = scenario_text(args.source)
    else:
        text = (Path(__file__).resolve().parent.parent / "scenario" / "starter.yaml").read_text(
            encoding="utf-8"
        )
    text = _point_at_local_schema(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"^id: .*$", f"id: {_slug(path.stem)}", text, count=1, flags=re.MULTILINE)
    beside = path.parent / SCHEMA_NAME
    if beside.is_dir() and args.force:  # refused before anything is written
        raise UsageError(f"{beside} is a folder; --force replaces files, not folders: move it "
                         "away, or write the scenario in another folder")
    if _special(beside):  # refused before anything is written: reading it would never end
        raise UsageError(f"{beside} is not a regular file (a named pipe, a device or a "
                         "socket); move it away, or write the scenario in another folder")
    wanted = schema.render()
    kept = not args.force and _differs(beside, wanted)
    try:
        atomic_write_text(path, text)
        if not kept:
            atomic_write_text(beside, wanted)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    result = loader.load_file(path)
    if kept and beside.is_dir():
        print(f"wrote {path}, but not {SCHEMA_NAME}: {beside} is a folder, so your editor "
              "will not find the schema (move the folder away, then run: "
              f"pmsim schema > {beside})")
    elif kept:
        print(f"wrote {path}; kept the {SCHEMA_NAME} already beside it, which differs from "
              f"this pmsim's schema (refresh it with: pmsim schema > {beside}, or add --force)")
    else:
        print(f"wrote {path} (and {SCHEMA_NAME} beside it, for your editor)")
    if not result.ok:  # pragma: no cover - the templates are tested to be valid
        print(result.render())
        return EXIT_INVALID
    print(f"next: pmsim play {path} --watch   (the game reloads every time you save)")
    return EXIT_OK


def _special(path: Path) -> bool:
    """Whether `path` (or the file a link there points to) exists and is neither a regular
    file nor a folder: a named pipe, a device or a socket."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _differs(path: Path, text: str) -> bool:
    """Whether a file exists at `path` with content other than `text`."""
    from ..fileio import read_regular

    try:
        return read_regular(path) != text.encode("utf-8")
    except FileNotFoundError:
        return False
    except OSError:
        return True


def _point_at_local_schema(text: str) -> str:
    header = f"# yaml-language-server: $schema={SCHEMA_NAME}"
    lines = text.splitlines(keepends=True)
    if lines and lines[0].startswith("# yaml-language-server:"):
        return header + "\n" + "".join(lines[1:])
    return header + "\n" + text


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")
    return slug[:64] or "my-scenario"
