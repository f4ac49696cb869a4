"""Text for the terminal game: the play layer's presentation lines as plain text, plus the
terminal's own table of the board."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from ..engine.labels import METRIC_LABELS
from ..glyphs import as_printed, output_encoding, rides_along
from ..play.lines import Card, Line, Size, card, short_name
from ..play.planner import Planner
from ..scenario.models import Scenario
from ..words import plural

WIDTH = 100
"""The widest the text is wrapped, in columns (a narrower terminal wraps it narrower)."""


def width() -> int:
    """Columns to wrap to: the terminal's width less one (so nothing reaches the last column,
    where some terminals wrap early), at most WIDTH and at least 40."""
    import shutil

    return max(40, min(WIDTH, shutil.get_terminal_size((WIDTH + 1, 24)).columns - 1))
INDENT = {Size.TITLE: "  ", Size.LABEL: "  ", Size.BODY: "  ", Size.SMALL: "      "}


TITLE_MIN = 16
"""The narrowest title column of a one-line row: below it a title says too little to know the
request by, so a narrower terminal gives each request two lines instead (see `two_lines`)."""
OTHER_COLUMNS = 62
"""What a one-line row takes besides its title: the number, asker, estimate and claim (56
columns with their gaps), and room for a short plan mark."""


def title_width(columns: int | None = None) -> int:
    """The board's title column: 44 characters, narrower in a narrow terminal so a row (with
    its 56 other columns and a short plan mark) fits."""
    return max(TITLE_MIN, min(44, (columns or width()) - OTHER_COLUMNS))


def two_lines(columns: int) -> bool:
    """Whether a board `columns` wide gives each request two lines (number, title, estimate
    and plan; then asker and claim): when a one-line row, its title cut to `TITLE_MIN`, would
    not fit (a 72-column terminal printed rows of 72 columns in 71)."""
    return columns - OTHER_COLUMNS < TITLE_MIN


NARROW_FIXED = 17
"""What a two-line board's first line takes besides its title: the number and its gap (6),
the estimate and its gaps (6), and the plan mark ('BUILD', 5)."""


def wrap(text: str, indent: str = "  ") -> str:
    """`text` in lines of at most `width()` terminal columns, `indent` before each, its
    paragraphs (split at blank lines) apart. Measured as `fit` measures a cell: by display
    width, of the text as it will be printed (textwrap counts characters, so a line of Chinese
    ran twice as wide as the terminal, and a '→' printed as '->' one column wider)."""
    encoding = output_encoding()
    room = width() - display_width(indent)
    return "\n".join(
        "\n".join(indent + line for line in wrap_lines(as_printed(p, encoding), room))
        for p in text.strip().split("\n\n")
    )


def hang(text: str, first: str, rest: str) -> str:
    """`text` wrapped as `wrap` wraps a paragraph, `first` before its first line and `rest`
    before the others: a hanging indent, so a list's or an answer's later lines stand under
    its words, not under its '→' or its command."""
    encoding = output_encoding()
    room = width() - max(display_width(as_printed(first, encoding)),
                         display_width(as_printed(rest, encoding)))
    lines = wrap_lines(as_printed(text, encoding), room) or [""]
    return "\n".join((rest if n else first) + line for n, line in enumerate(lines))


def then_command(lead: str, command: str) -> str:
    """`lead` and the `command` it names on one line where they fit, else the command whole on
    a line of its own (wrapping would part it, and it is there to be copied)."""
    line = f"{lead} {command}"
    if display_width(as_printed(line, output_encoding())) <= width():
        return line
    return wrap(lead, "") + "\n  " + command


def heading(round_name: str, figures: str) -> str:
    """The board's first line: the round, then its figures three spaces on; in a terminal too
    narrow for both, the figures on a line of their own (wrapped if they must be)."""
    line = f"{round_name}   {figures}"
    if display_width(as_printed(line, output_encoding())) <= width():
        return line
    return round_name + "\n" + wrap(figures, "")


WORDS = re.compile(r"(?:`[^`\n]*`|[^ \t\n\r\f\v`])+|`")
"""The words a line breaks between, at ASCII white space only, as textwrap has it (a no-break
space keeps '9\u00a0points' on one line); a command in backticks is one word, spaces and all
(it is there to be copied, and a shell takes no line break inside it)."""

HYPHEN = re.compile(r"(?<=[^\d\W]{2}-)(?=[^\d\W]-?[^\d\W])")
"""Where a word may break besides spaces, as textwrap breaks: after a hyphen between letters,
two before and two after ('new-|clinic', not 'e-|bikes' or '260-|engineer')."""


def wrap_lines(text: str, columns: int) -> list[str]:
    """`text` in lines of at most `columns` display columns, broken at spaces and after
    hyphens but never inside `a command in backticks`; a word wider than a line (a sentence of
    Chinese has no spaces) is cut where a line is full."""
    lines: list[str] = []
    line, used = "", 0
    for word in WORDS.findall(text):
        for n, piece in enumerate([word] if "`" in word else HYPHEN.split(word)):
            gap = 1 if line and n == 0 else 0
            size = display_width(piece)
            if line and used + gap + size <= columns:
                line, used = line + " " * gap + piece, used + gap + size
                continue
            if line:
                lines.append(line)
            line, used = piece, size
            while used > columns:
                head, line = break_word(line, columns)
                lines.append(head)
                used = display_width(line)
    if line:
        lines.append(line)
    return lines


def break_word(word: str, columns: int) -> tuple[str, str]:
    """A word too wide for a line split into a line's worth and the rest: never an empty
    line (a wide character overflows a one-column line instead of wrapping forever), and,
    where it can, no line opening with closing punctuation such as '。' (the character before
    goes down with it, as Chinese and Japanese typesetting has it)."""
    head, rest = cut(word, columns)
    if not head:
        return word[:1], word[1:]
    if rest and closes(rest[0]):
        back = len(head) - 1
        while back > 0 and char_width(head[back]) == 0:
            back -= 1
        if back > 0:
            head, rest = head[:back], head[back:] + rest
    return head, rest


def closes(char: str) -> bool:
    """Whether `char` must not open a line: closing brackets and quotes, and full-width
    punctuation such as '。' and the full-width comma and colon (Unicode categories Pe, Pf,
    and wide Po)."""
    category = unicodedata.category(char)
    return category in ("Pe", "Pf") or (category == "Po" and char_width(char) == 2)


def text(lines: Iterable[Line]) -> str:
    """Presentation lines as text: headings in capitals after a blank line, details indented."""
    out: list[str] = []
    for line in lines:
        if line.size is Size.TITLE:
            out += ["", "  " + line.text.upper()]
        else:
            out.append(wrap(line.text, INDENT[line.size]) if line.text.strip() else "")
    return "\n".join(out)


def briefing(scenario: Scenario) -> str:
    lines = [scenario.title.upper(), "", wrap(scenario.briefing), "", "Your colleagues:"]
    for person in scenario.stakeholders:
        cares = ", ".join(METRIC_LABELS[m].lower() for m in person.cares_about) or "—"
        lines.append(
            wrap(f"{person.name}, {person.role}: trust {person.trust:.0f}, cares about {cares}")
        )
        if person.bio:
            lines.append(wrap(person.bio, "      "))
    lines += [
        "",
        wrap(f"The game lasts {plural(scenario.rounds, scenario.round_name)}. You are scored "
             "on customer value and business value, with tech health and trust as "
             "constraints: 100 means every target met.", ""),
    ]
    return "\n".join(lines)


def board(planner: Planner, number_of: Mapping[str, int],
          withdrawn: Sequence[str] = ()) -> str:
    """The board: `number_of` gives each request its number (the session's,
    `play.numbering.request_numbers`, kept all game; numbering the view instead would renumber
    the board once a request is withdrawn), `withdrawn` the titles of requests withdrawn so far
    (listed with those done)."""
    view = planner.view
    encoding = output_encoding()
    planned = planner.planned
    free = view.capacity - planned
    state = f"{free} free" if free >= 0 else f"OVERBOOKED by {-free}"
    columns = width()
    lines = [
        "=" * columns,
        heading(f"{view.round_name.upper()} {view.round} OF {view.rounds}",
                f"capacity {view.capacity} points: {planned} planned ({state})"),
        wrap(" · ".join(f"{METRIC_LABELS[m]} {v:,.0f}" for m, v in view.metrics.items())),
        wrap("Trust: " + " · ".join(f"{short_name(s.name)} {s.trust:.0f}"
                                    for s in view.stakeholders)),
    ]
    for item in view.news:
        lines.append(wrap(f"NEWS: {item.title}. {item.message}", "  "))
    for hint in view.hints:
        lines.append(wrap(f"HINT: {hint}", "  "))
    lines.append("")
    lines.append(header(columns))
    for request in sorted(view.open_requests, key=lambda r: number_of[r.id]):
        number = number_of[request.id]
        runs = [m for r, m in planner.draft.discover if r == request.id]
        face = card(request, planner)
        lines.append(row(number, face, request.asker_name, runs, encoding, columns))
    done = [f"{r.title} ({r.status})" for r in view.requests
            if r.status in ("shipped", "declined")]
    done += [f"{title} (withdrawn)" for title in withdrawn]
    if done:
        lines.append(wrap("Done: " + "; ".join(done)))
    lines.append(wrap("Commands: b N build · d N METHOD discover · a N next|later|notnow|no · "
                      "i N details · l board · u undo · r redo · e end · h help · q quit"))
    return "\n".join(lines)


def plan_summary(planner: Planner) -> str:
    """The plan in one (wrapped) line, after each change: points, what is built, what is
    tested, and how many requests are answered."""
    view = planner.view
    planned = planner.planned
    free = view.capacity - planned
    state = f"{free} free" if free >= 0 else f"OVERBOOKED by {-free}"
    titles = {r.id: r.title for r in view.requests}
    built = [titles[r.id] for r in view.open_requests if r.forced]
    built += [titles[rid] for rid in planner.draft.build]
    parts = [f"Plan: {planned} of {plural(view.capacity, 'point')} ({state})",
             "build " + ("; ".join(built) if built else "nothing")]
    if planner.draft.discover:
        parts.append("test " + "; ".join(titles[rid] for rid, _ in planner.draft.discover))
    if planner.draft.answers:
        parts.append(f"{len(planner.draft.answers)} answered")
    return wrap(" · ".join(parts), "  ")


def header(columns: int) -> str:
    """The board's column headings: one line over one-line rows, two over two-line rows (as
    `row` lays them out), so each figure is under its heading."""
    if two_lines(columns):
        room = min(44, columns - NARROW_FIXED)
        return f"  {'#':>2}  {'request':<{room}} {'est':>3}  plan\n      asks: claimed impact"
    return (f"  {'#':>2}  {'request':<{title_width(columns)}} {'asks':<8} {'est':>3}  "
            f"{'claimed impact':<28} plan")


def row(number: int, face: Card, asker: str, runs: list[str], encoding: str,
        columns: int | None = None) -> str:
    """One request's lines on a board `columns` wide (the terminal's by default), its cells
    fitted as printed in `encoding` (the board's, looked up once): one line when the row fits
    (see `two_lines`), else two; then, each on a line of its own and wrapped to fit, the
    discovery planned when the plan column has no room for it, and the request's marks."""
    columns = columns or width()
    plan = "BUILD" if face.committed else "·"
    discover = "+discover " + ",".join(runs) if runs else ""
    claim = face.claim.removeprefix("Claims: ")
    if two_lines(columns):
        title = fit(face.title, min(44, columns - NARROW_FIXED), encoding=encoding)
        about = fit(f"{short_name(asker)}: {claim}", columns - 6, encoding=encoding)
        lines = [f"  {number:>2}  {title} {face.points:>3}  {plan}", "      " + about.rstrip()]
    else:
        title = fit(face.title, title_width(columns), encoding=encoding)
        asks = fit(short_name(asker), 8, "", encoding)
        claim = fit(claim, 28, encoding=encoding)
        lines = [f"  {number:>2}  {title} {asks} {face.points:>3}  {claim} {plan}"]
        if discover and display_width(as_printed(f"{lines[0]} {discover}", encoding)) <= columns:
            lines[0] += " " + discover
            discover = ""
    if discover:  # on a line of its own: its methods apart, so it can wrap between them
        lines.append(hang("+discover " + ", ".join(runs), " " * 8, " " * 10))
    if face.marks:
        lines.append(fitting_marks("[" + "; ".join(face.marks) + "]", columns, encoding))
    return "\n".join(lines)


def fitting_marks(marks: str, columns: int, encoding: str) -> str:
    """A request's marks under its row, wrapped (under the first mark) when they are too many
    for one line."""
    line = " " * 8 + marks
    if display_width(as_printed(line, encoding)) <= columns:
        return line
    return hang(marks, " " * 8, " " * 9)


def char_width(char: str) -> int:
    """The columns a terminal gives `char`: 2 for East Asian wide and full-width characters,
    0 for combining marks and joiners (they ride on the character before), else 1."""
    if rides_along(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """The columns `text` takes in a terminal (not its length: '予約' takes 4)."""
    return len(text) if text.isascii() else sum(char_width(c) for c in text)


def cut(text: str, columns: int) -> tuple[str, str]:
    """`text` split where its first `columns` display columns end: the head (never wider) and
    the rest. A combining mark stays with the character it rides on."""
    used = 0
    for at, char in enumerate(text):
        used += char_width(char)
        if used > columns:
            return text[:at], text[at:]
    return text, ""


ECHO_COLUMNS = 40
"""The most of what the player typed an error message repeats, in display columns."""


def echo(typed: str, columns: int = ECHO_COLUMNS) -> str:
    """What the player typed, as an error message repeats it: whole when short, else its start
    cut at a character boundary and marked '…', at most `columns` display columns (a 100,000-
    character command was echoed whole, a wall of text around one line of answer)."""
    if display_width(typed) <= columns:
        return typed
    return cut(typed, columns - 1)[0] + "…"


def fit(text: str, columns: int, mark: str = "…", encoding: str | None = None) -> str:
    """`text` in exactly `columns` terminal columns: padded with spaces, or cut to fit with
    `mark` at the end, by display width, so a column of titles in Chinese or Japanese stays in
    line with one in English. Both are measured as printed in `encoding` (standard output's
    by default): where '…' or '→' cannot be printed, their '...' or '->' are what take room."""
    encoding = encoding or output_encoding()
    text = as_printed(text, encoding)
    used = display_width(text)
    if used > columns:
        mark = as_printed(mark, encoding)
        text = cut(text, columns - display_width(mark))[0] + mark
        used = display_width(text)
    return text + " " * (columns - used)
