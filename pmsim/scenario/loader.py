"""Loading a scenario file: bytes in, a validated `Scenario` and every diagnostic out.

Nothing here raises for a bad file; all problems become diagnostics, every one in the file in a
single run (past syntax errors too: see `recovery`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import fileio
from . import crossref, errors, syntaxhints, values
from .diagnostics import Diagnostic, count
from .lint import lint
from .models import Scenario, Strict
from .recovery import parse_recovering
from .yamlsource import MAX_BYTES, Source, SourceError, decode

SUFFIXES = (".yaml", ".yml")
TOP_KEYS = frozenset(f.alias or name for name, f in Scenario.model_fields.items())
"""The keys of a scenario's top level: where a syntax error's section starts and ends."""


def _nested_keys() -> frozenset[str]:
    """Every key of every part of the format below the top level."""
    keys: set[str] = set()
    stack: list[type[Strict]] = list(Strict.__subclasses__())
    while stack:
        model = stack.pop()
        stack.extend(model.__subclasses__())
        if model is not Scenario:
            keys.update(f.alias or name for name, f in model.model_fields.items())
    return frozenset(keys)


_SECTIONS = TOP_KEYS - _nested_keys()
"""Top-level keys used nowhere else in the format (`requests`, not `id` or `metrics`): found
deeper, they were indented into the section above."""


@dataclass
class LoadResult:
    path: str
    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)
    content_hash: str | None = None
    """SHA-256 of the file's bytes: what a replay pins a game to."""

    @property
    def ok(self) -> bool:
        return self.scenario is not None

    @property
    def errors(self) -> int:
        return count(self.diagnostics, "error")

    @property
    def warnings(self) -> int:
        return count(self.diagnostics, "warning")

    def render(self) -> str:
        return "\n".join(d.render(self.source_lines) for d in self.diagnostics)


def load_file(path: str | Path) -> LoadResult:
    shown = str(path)
    try:
        raw = fileio.read_regular(path, MAX_BYTES + 1)  # refuses a named pipe or a folder
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return LoadResult(shown, None, [Diagnostic(shown, 1, 1, "error", f"cannot read: {reason}")])
    return load_bytes(raw, shown, size=_size(path) if len(raw) > MAX_BYTES else None)


def _size(path: str | Path) -> int | None:
    """The size of the file at `path`, for a message about a file too big to read whole."""
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def load_bytes(raw: bytes, path: str = "<scenario>", size: int | None = None) -> LoadResult:
    """`size`: the file's real size when `raw` stops one byte past the limit (see decode)."""
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = decode(raw, size)
    except SourceError as exc:
        lines = raw.decode("utf-8", errors="replace").splitlines() if len(raw) <= MAX_BYTES else []
        diagnostic = Diagnostic(path, exc.line, exc.column, "error", exc.message, exc.hint)
        return LoadResult(path, None, [diagnostic], lines, digest)
    read = parse_recovering(text, TOP_KEYS)
    diagnostics = [Diagnostic(path, e.line, e.column, "error", e.message, e.hint)
                   for e in read.errors]
    source = read.source
    if source is None:
        return LoadResult(path, None, diagnostics, text.splitlines(), digest)
    diagnostics += _check(source, path, read.unreadable | _misplaced(source.data))
    diagnostics += values.check(source, path, {(d.line, d.column) for d in diagnostics})
    scenario = None
    if not any(d.severity == "error" for d in diagnostics):
        try:
            scenario = Scenario.model_validate(source.data)
        except ValidationError as exc:  # a check above was too quiet: say it plainly
            diagnostics += _unfiltered(exc, source, path)
            diagnostics.sort(key=lambda d: (d.line, d.column))
            return LoadResult(path, None, diagnostics, source.lines, digest)
        for finding in lint(scenario, source.data):
            line, column = source.where(finding.path, key=finding.at_key)
            diagnostics.append(
                Diagnostic(path, line, column, finding.severity, finding.message, finding.hint)
            )
    diagnostics.sort(key=lambda d: (d.line, d.column))
    return LoadResult(path, scenario, diagnostics, source.lines, digest)


def _misplaced(data: object) -> frozenset[str]:
    """Top-level keys missing from the top but found deeper (a `requests:` indented into the
    section above): reported where they are, and not also as missing or as unknown ids."""
    if not isinstance(data, dict):
        return frozenset()
    found: set[str] = set()
    stack: list[object] = list(data.values())
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.update(k for k in item if k in _SECTIONS and k not in data)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return frozenset(found)


def _unfiltered(exc: ValidationError, source: Source, path: str) -> list[Diagnostic]:
    """Every error of `exc`, none held back as a follow-on of another."""
    out = []
    for where, at_key, message, hint in errors.diagnose(exc, source, Scenario):
        line, column = source.where(where, key=at_key)
        out.append(Diagnostic(path, line, column, "error", message, hint))
    return out


def _check(source: Source, path: str, unreadable: frozenset[str]) -> Iterator[Diagnostic]:
    """Every diagnostic about readable data; `unreadable` names top-level sections set aside
    for a syntax error, which the checks treat as unknown rather than absent."""
    broken: set[tuple[Any, ...]] = set()
    for problem in source.problems:
        broken.add(problem.path)
        yield Diagnostic(path, problem.line, problem.column, "error", problem.message, problem.hint)
    if not isinstance(source.data, dict):
        line, column = source.where(())
        separator = syntaxhints.looks_like_table(source.text)
        yield Diagnostic(
            path,
            line,
            column,
            "error",
            "a scenario file is a mapping of keys (format, id, title, ...) at the top level",
            syntaxhints.table_hint(separator) if separator else
            "start from `pmsim new` or copy a bundled scenario",
        )
        return
    findings = crossref.check(source.data, unreadable)
    covered = {f.path for f in findings if f.covers_shape}
    try:
        Scenario.model_validate(source.data)
    except ValidationError as exc:
        for where, at_key, message, hint in errors.diagnose(exc, source, Scenario, unreadable):
            if any(where[: len(b)] == b for b in broken):
                continue  # already reported as a problem in the YAML itself
            if tuple(where) in covered:
                continue  # said better by the cross-reference check (a round past the end)
            line, column = source.where(where, key=at_key)
            yield Diagnostic(path, line, column, "error", message, hint)
    for finding in findings:
        line, column = source.where(finding.path, key=finding.at_key)
        message = finding.message
        if finding.first is not None:
            message += f" (first given on line {source.where(finding.first)[0]})"
        yield Diagnostic(path, line, column, finding.severity, message, finding.hint)


def scenario_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The scenario files named, and those inside named folders (sorted, recursively). In a
    folder, an entry named like a scenario that is not a regular file (a broken link, a named
    pipe) is listed too, so that reading it reports why instead of skipping it in silence."""
    for item in paths:
        item = Path(item)
        if item.is_dir():
            yield from sorted(
                p for p in item.rglob("*") if p.suffix in SUFFIXES and not p.is_dir()
            )
        else:
            yield item
