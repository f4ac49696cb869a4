"""Diagnostics: what the loader says about a file, shaped like a good compiler's messages."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding at one place. Lines and columns are 1-based, columns count characters."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str | None = None

    def render(self, source_lines: list[str] | None = None) -> str:
        """`path:line:col: severity: message`, then the source line with a caret, then a hint."""
        out = [f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"]
        if source_lines and 1 <= self.line <= len(source_lines):
            text = source_lines[self.line - 1].rstrip("\r\n")
            shown, caret_at = _clip(text, self.column - 1)
            gutter = f"{self.line:>5} | "
            out.append(gutter + shown)
            out.append(" " * (len(gutter) - 2) + "| " + " " * caret_at + "^")
        if self.hint:
            out.append(f"      = hint: {self.hint}")
        return "\n".join(out)

    def as_json(self) -> dict[str, object]:
        """Every field, `hint` included (null when there is none): the text's '= hint:' line
        as a field of its own, so a tool reading the list never has to ask whether it is
        there."""
        return asdict(self)


UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters a source line is not echoed with: control characters (ESC starts a terminal's
escape sequences) and the bidirectional controls that would reorder the line as shown."""


def _clip(text: str, column: int, width: int = 120) -> tuple[str, int]:
    """Keep a long source line readable: show a window around the column, tabs as spaces, and
    each control character as U+FFFD (one column, so the caret stays under its place)."""
    text = UNSHOWN.sub("\ufffd", text)
    column = max(0, min(column, len(text)))
    prefix = text[:column].replace("\t", " ")
    text = prefix + text[column:].replace("\t", " ")
    column = len(prefix)
    if len(text) <= width:
        return text, column
    start = max(0, column - width // 2)
    shown = text[start : start + width]
    lead = "…" if start > 0 else ""
    tail = "…" if start + width < len(text) else ""
    return lead + shown + tail, column - start + len(lead)


def count(diagnostics: list[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity == severity)
