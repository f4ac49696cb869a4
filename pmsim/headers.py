"""What `pmsim list` shows of each scenario file, read in full only when the file changed.

Validating a scenario (PyYAML's pure-Python scanner, then the pydantic models) takes tens of
milliseconds a file, and importing the models a good part of a second's start-up; a list
needs four header fields. So each file's row (id, title, difficulty, rounds, or its first
error) is kept in the user cache folder (`platformdirs.user_cache_path`), keyed by the file's
resolved path, size and modification time, and by a fingerprint of this pmsim's scenario
package (a new version may judge a file differently). A file that changed, a cache that is
missing, unreadable or from another pmsim: the file is validated in full, and the row cached
again (written to a temporary file and renamed, so a crash never leaves half a cache).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__

CACHE_NAME = "scenario-headers.json"
SUFFIXES = (".yaml", ".yml")
"""The same as `pmsim.scenario.loader.SUFFIXES` (not imported: it would load the models)."""

Row = dict[str, Any]
"""{"id", "title", "difficulty", "rounds", "path", "valid"} and, when invalid, "error":
'line:column: message' of the first error (id, title, difficulty and rounds are then None)."""
FIELDS = {"id": str, "title": str, "difficulty": str, "rounds": int}


def scenario_paths(folders: Iterable[Path]) -> list[Path]:
    """The scenario files inside `folders` (sorted, recursively), as the loader finds them."""
    found: list[Path] = []
    for folder in folders:
        found.extend(sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
    return found


def cache_path() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("pmsim", appauthor=False) / CACHE_NAME


def _fingerprint() -> str:
    """This pmsim's version and the size and time of each module of its scenario package."""
    package = Path(__file__).resolve().parent / "scenario"
    parts = [__version__]
    for module in sorted(package.glob("*.py")):
        stat = module.stat()
        parts.append(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def _key(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _read_cache(fingerprint: str) -> dict[str, Row]:
    try:
        data = json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("pmsim") != fingerprint:
        return {}
    rows = data.get("rows")
    return rows if isinstance(rows, dict) else {}


def _write_cache(fingerprint: str, rows: dict[str, Row]) -> None:
    from .fileio import atomic_write_text

    # A read-only home: the list is right, only the next one is slower.
    with contextlib.suppress(OSError):
        atomic_write_text(cache_path(), json.dumps({"pmsim": fingerprint, "rows": rows}))


def validated_row(path: Path) -> Row:
    """The row of `path` (without the path), from validating it in full."""
    from .scenario import load_file

    result = load_file(path)
    if result.scenario is not None:
        s = result.scenario
        return {"id": s.id, "title": s.title, "difficulty": s.difficulty, "rounds": s.rounds,
                "valid": True}
    first = next(d for d in result.diagnostics if d.severity == "error")
    return {"id": None, "title": None, "difficulty": None, "rounds": None, "valid": False,
            "error": f"{first.line}:{first.column}: {first.message}"}


def _usable(row: object) -> bool:
    """Whether a cached row has the shape `validated_row` gives (the cache is a file anyone
    could edit)."""
    if not isinstance(row, dict) or not isinstance(row.get("valid"), bool):
        return False
    if not row["valid"]:
        return isinstance(row.get("error"), str)
    return all(isinstance(row.get(name), kind) for name, kind in FIELDS.items())


def _with_path(row: Row, path: Path) -> Row:
    shown = {name: row[name] for name in FIELDS}
    shown.update(path=str(path), valid=row["valid"])
    if "error" in row:
        shown["error"] = row["error"]
    return shown


def rows(paths: Iterable[Path]) -> list[Row]:
    """The row of every file in `paths`, in order: from the cache when the file has not
    changed since it was validated, else validated now (and cached)."""
    fingerprint = _fingerprint()
    cached = _read_cache(fingerprint)
    fresh: dict[str, Row] = {}
    found: list[Row] = []
    for path in paths:
        try:
            key = _key(path)
        except OSError:  # gone or unreadable since it was found: the loader says so
            found.append(_with_path(validated_row(path), path))
            continue
        known = cached.get(key)
        row = known if known is not None and _usable(known) else validated_row(path)
        fresh[key] = row
        found.append(_with_path(row, path))
    if fresh != cached:
        _write_cache(fingerprint, fresh)
    return found
