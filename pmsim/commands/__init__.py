"""The implementations of `pmsim` subcommands; `pmsim/cli.py` parses and dispatches."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

from ..seeds import SEED_MAX as SEED_MAX
from ..seeds import SEED_MIN as SEED_MIN

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_FAULT = 0, 1, 2, 3


class UsageError(Exception):
    """Bad usage: printed as `pmsim COMMAND: message`, exit code 2."""


class InputError(Exception):
    """The input (a scenario, a replay) is invalid: printed as is, exit code 1."""


POLICY_NAMES = ("random", "loudest", "rice", "rice-discover", "wsjf", "evidence", "optimal")
"""Every policy a command can name: the analysis's policies and the hindsight search. Kept
here rather than imported, so that `pmsim --help` and the game's start-up do not load the
analysis (tests/test_cli.py checks the two lists agree)."""


def require_policy(name: str) -> None:
    """Bad usage unless `name` is a policy the analysis knows."""
    if name not in POLICY_NAMES:
        raise UsageError(f"no policy '{name}'; choose one of: {', '.join(POLICY_NAMES)}")


def load_scenario(reference: str):
    """The file and the valid scenario a user named (an id or a path): bad usage when there
    is no such scenario, invalid input (with every diagnostic) when it has errors."""
    from .. import catalog

    try:
        path = catalog.resolve(reference)
    except catalog.ScenarioNotFound as exc:
        raise UsageError(str(exc)) from None
    result = catalog.load_file(path)
    if result.scenario is None:
        raise InputError(_with_shadow(reference, path, result.render()))
    return path, result.scenario


def scenario_text(reference: str) -> str:
    """The text of a valid scenario a user named, read once through the one loader (for
    commands that keep or copy the text itself: the workshop host, `pmsim new --from`). A file
    with errors, or not in UTF-8, gets the loader's diagnostics, never an internal error."""
    from .. import catalog
    from ..fileio import read_regular
    from ..scenario import load_bytes
    from ..scenario.yamlsource import MAX_BYTES, decode

    try:
        path = catalog.resolve(reference)
    except catalog.ScenarioNotFound as exc:
        raise UsageError(str(exc)) from None
    try:
        raw = read_regular(path, MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    size = None
    if len(raw) > MAX_BYTES:  # read one byte past the limit: the message gives the real size
        with contextlib.suppress(OSError):
            size = path.stat().st_size
    result = load_bytes(raw, str(path), size=size)
    if result.scenario is None:
        raise InputError(_with_shadow(reference, path, result.render()))
    return decode(raw)  # the loader read it, so it decodes (UTF-8, -16 or -32; no BOM)


def _with_shadow(reference: str, path: Path, diagnostics: str) -> str:
    """`diagnostics` of a file that does not load, then, when `reference` named a file here
    that hides a bundled scenario of that name, a line saying the file was read instead."""
    from .. import catalog

    note = catalog.shadowed(reference, path)
    return diagnostics if note is None else f"{diagnostics}\npmsim: {note}"


def json_text(data: Any, stream: object = None, **options: Any) -> str:
    """`data` as JSON for `stream` (standard output by default): as it is when the stream's
    encoding holds every character, else with \\u escapes (`ensure_ascii`). The stream's
    error handler would print a character it cannot hold as a look-alike or '?', changing
    the data without a word; an escape is read back exactly by every JSON reader."""
    import json

    from ..glyphs import output_encoding

    text = json.dumps(data, ensure_ascii=False, **options)
    try:
        text.encode(output_encoding(stream))
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, **options)
    return text


def print_json(data: Any, **options: Any) -> None:
    """Print `data` as JSON on standard output, whatever its encoding (`json_text`)."""
    print(json_text(data, sys.stdout, **options), flush=True)
