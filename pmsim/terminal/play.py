"""`pmsim play` in a terminal: the whole game, round by round, with typed commands.

Typed commands become the play layer's plan actions, so the terminal plays exactly the game
the window does (one session, one set of actions, the same words in reports).
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.sidebyside import side_by_side
from ..commands import EXIT_OK, InputError, UsageError
from ..engine import Game, RoundReport, Status, new_game
from ..engine.view import RequestView
from ..play import actions
from ..play.answers import ANSWER_KINDS, answer_for_word
from ..play.background import coaching
from ..play.debrief_lines import (
    debrief_page,
    score_lines,
    side_lines,
    truth_lines,
    whatif_lines,
)
from ..play.lines import Line, discovery_options, report_lines, request_lines, review_lines
from ..play.link import as_poller
from ..play.planner import Impossible
from ..play.session import GameSession, SaveUnusable, game_in_progress
from . import render

if TYPE_CHECKING:
    from ..commands.team import NewGame

ANSWER_WORDS = "|".join(kind.word for kind in ANSWER_KINDS)
HELP_HEADING = "Commands (N is a request's number on the board; it keeps it all game):"
COMMANDS = (
    ("b N [N ...]", "commit a request to this round, or take it off again"),
    ("d N METHOD", "run a discovery method on a request (its id or its number in `i N`), or "
                   "take it back"),
    ("a N ANSWER", "answer a request you are not building: next (a promise for the next "
                   "round), later (on the roadmap, no date), notnow, no; `a N -` takes the "
                   "answer back"),
    ("i N", "everything you know about a request"),
    ("l", "the board again (the list of requests, the news and the hints)"),
    ("s", "your stakeholders and their trust"),
    ("u / r", "undo / redo"),
    ("e", "end the round (asks first)"),
    ("q", "save and quit (continue later with `pmsim play --continue --text`, or in a "
          "workshop with the same `pmsim play --join ...` command)"),
)
"""The commands `h` lists, each with what it does (wrapped to the terminal by `help_text`)."""
USAGES: tuple[tuple[tuple[str, ...], str, int | None], ...] = (
    (("b",), "b N [N ...]", None),
    (("d",), "d N METHOD", 2),
    (("a",), f"a N {ANSWER_WORDS}|-", 2),
    (("i",), "i N", 1),
    (("l", "list", "board"), "l", 0),
    (("s", "stakeholders"), "s", 0),
    (("u", "undo"), "u", 0),
    (("r", "redo"), "r", 0),
    (("e", "end"), "e", 0),
    (("h", "help", "?"), "h", 0),
    (("q", "quit"), "q", 0),
)
"""Every command's words, what to type, and how many words it takes after its own (None: any
number): words beyond those are refused by `leftover_words`, for every command alike."""
CONTINUE = "pmsim play --continue --text"
"""What carries on a game left in the terminal (a bare `--continue` opens the window)."""
SEND_WAIT_SECONDS = 8.0
"""How long the terminal waits to say what became of a workshop round (it is kept anyway)."""


class Quit(Exception):
    pass


class Session:
    """The terminal shell around one game session."""

    def __init__(
        self,
        game: Game,
        scenario_path: str,
        read: Callable[[str], str] = input,
        write: Callable[[str], None] = print,
        save_dir: Path | None = None,
        link: object | None = None,
        team: str | None = None,
    ):
        """`link`: a workshop link (a LinkPoller, or the team link it wraps)."""
        poller = as_poller(link) if link is not None else None
        self.session = GameSession(game.scenario, scenario_path, game, save_dir, poller, team)
        self.read = read
        self.write = write
        self.pending = ""
        """A command typed at a pause, to run once the board is shown."""

    @classmethod
    def around(cls, session: GameSession, read: Callable[[str], str] = input,
               write: Callable[[str], None] = print) -> Session:
        """The terminal shell around a session already made (a continued game, with the
        plan that was being drafted when it was left)."""
        shell = cls(session.game, session.scenario_path, read, write, session.save_dir)
        shell.session = session
        return shell

    @property
    def game(self) -> Game:
        return self.session.game

    def pause(self, prompt: str) -> None:
        """Wait for Enter; a command typed instead is kept to run first on the board that
        follows (it used to be thrown away unsaid: `b 2` there planned nothing)."""
        self.pending = self.ask(prompt)

    def ask(self, prompt: str) -> str:
        try:
            return self.read(prompt).strip()
        except EOFError:
            raise Quit from None

    def run(self) -> int:
        session = self.session
        try:
            session.save()
            if not self.game.decisions:
                self.write(render.briefing(session.scenario))
                self.pause("\nPress Enter to start. ")
            self.play_to_the_end()
            self.debrief()
            while self.what_if():
                self.play_to_the_end()
                self.debrief()
        except Quit:
            self.goodbye()
        except KeyboardInterrupt:  # Ctrl-C: the same goodbye as Ctrl-D, still exit 130
            if not self.game.over:
                self.goodbye()
            raise
        return EXIT_OK

    def goodbye(self) -> None:
        """Leave the game kept, and say how to carry it on (or that it could not be saved)."""
        session = self.session
        session.quit()
        if session.link is not None:
            self.write("\n" + say("Your rounds are with the host (or kept until it can "
                                  "take them). Carry on by running the same `pmsim play "
                                  "--join ...` command."))
        elif session.save_error:
            self.write(not_saved(session))
        else:  # --text: without a display, a bare `--continue` would need a window
            self.write("\n" + render.then_command("Saved. Continue with:", CONTINUE))

    def play_to_the_end(self) -> None:
        while not self.game.over:
            self.play_round()
            if not self.game.over:
                self.pause("\nPress Enter for the next round. ")

    def what_if(self) -> bool:
        """After the debrief, as the window's "What if…": replay from a round of the
        player's choice, in the same world with the same earlier decisions (the play layer's
        `rewind_to`), to compare in the next debrief. False when the player is done (Enter,
        or the end of input, which is no Quit: the finished game has nothing to save). Not
        in a workshop, whose rounds go to the host."""
        session = self.session
        if not session.can_replay:
            return False
        unit, rounds = session.scenario.round_name, session.scenario.rounds
        while True:
            try:
                typed = self.read("\n" + say(f"What if? Replay from a {unit} (1-{rounds}), "
                                             "in the same world with the same decisions "
                                             "before it, or press Enter to finish:") + " "
                                  ).strip()
            except EOFError:
                return False
            if typed.lower() in ("", "q", "quit", "n", "no"):
                return False
            if _number(typed, rounds):
                break
            self.write(answer(f"type a {unit} number from 1 to {rounds}, or press Enter to "
                              "finish"))
        session.rewind_to(int(typed))
        if session.save_error:
            self.write(f"({session.save_error})")
        return True

    def play_round(self) -> None:
        session = self.session
        if session.save_error:
            self.write(f"({session.save_error})")
        self.plan_round()
        report = session.last_report
        assert report is not None
        self.write(round_text(session, report))
        if session.save_error:
            self.write(f"({session.save_error})")
        if session.history_note and session.game.over:
            self.write(f"({session.history_note})")
        if session.link is not None:
            session.link.wait_idle(SEND_WAIT_SECONDS)
            self.write(render.wrap(session.link.status.message))

    def debrief(self) -> None:
        from ..engine import debrief

        session = self.session
        scenario = session.scenario
        self.write("\n" + say("Replaying each of your decisions, and how other ways of "
                              "deciding would have done…"))
        job = coaching(self.game)
        job.wait()
        unit = scenario.round_name
        outcome = debrief(self.game)
        methods = {d.id: d.name for d in scenario.discovery}
        if job.result is not None:
            lines = debrief_page(outcome, job.result, session.titles, methods, unit)
        else:
            lines = [*score_lines(outcome),
                     Line(f"The rest of the debrief could not be worked out: {job.error}"),
                     *truth_lines(outcome, unit)]
        title = "DEBRIEF"
        if session.what_if is not None:
            side = side_by_side(session.what_if.original, self.game, session.what_if.from_round)
            lines = [*side_lines(side, unit), *whatif_lines(side, session.titles, methods, unit),
                     *lines]
            title = f"DEBRIEF: WHAT IF, FROM {unit.upper()} {side.from_round}"
        self.write("=" * render.width() + f"\n{title}\n" + render.text(lines))
        self.write("\n" + say(f"Seed {self.game.seed}: play the same world again with "
                              f"`pmsim play {_reference(session.scenario_path, scenario.id)} "
                              f"--text --seed {self.game.seed}`."))
        if session.result_path is not None:
            self.write(f"Result saved for your facilitator: {session.result_path}")
            if session.result_note:
                self.write(f"({session.result_note}.)")

    def plan_round(self) -> None:
        """Read commands until the player ends the round (and it ended). The board is shown
        once a round (and again with `l`); after a command, only its answer and the plan's
        one-line summary, so the answer is not lost above a screenful of board."""
        if self.session.what_if is not None:  # replaying: say so, and what to beat
            self.write(say(self.session.what_if.banner()))
        self.write(self.board())
        while True:
            session = self.session
            if session.link is not None:
                self.write(render.wrap(session.link.status.line(_now())))
            words = self.next_command().split()
            if not words:
                continue
            command = words[0].lower()
            refused = leftover_words(words)
            if refused:
                self.write(answer(refused))
                continue
            if command in ("e", "end"):
                if self.confirm_end():
                    return
                continue
            if command in ("l", "list", "board"):
                self.write(self.board())
                continue
            before = session.planner.draft
            message = self.command(command, words[1:])
            if message:
                self.write(answer(message) if "\n" not in message else message)
            if session.planner.draft != before:
                self.write(render.plan_summary(session.planner))
            elif not message:
                self.write("  → nothing changed")

    def next_command(self) -> str:
        """The command typed at the last pause (echoed after its prompt, as if typed
        there), else the next one typed."""
        typed, self.pending = self.pending, ""
        if typed:
            self.write(f"> {render.echo(typed)}")
            return typed
        return self.ask("> ")

    def board(self) -> str:
        """The board, each request under the number it keeps all game."""
        session = self.session
        number_of = session.numbers
        status = session.game.status
        withdrawn = [session.titles[rid] for rid in sorted(number_of, key=number_of.__getitem__)
                     if status[rid] == Status.WITHDRAWN]
        return render.board(session.planner, number_of, withdrawn)

    def command(self, command: str, rest: list[str]) -> str:
        """Do one typed command; returns what to tell the player."""
        if command in ("q", "quit"):
            raise Quit
        if command in ("h", "help", "?"):
            return "\n" + help_text()
        if command in ("s", "stakeholders"):
            return "\n" + "\n".join(
                render.hang(f"{s.name}, {s.role}: trust {s.trust:.0f}, influence "
                            f"{s.influence}", "  ", "    ")
                for s in self.session.view.stakeholders)
        simple: dict[str, actions.PlanAction] = {"u": actions.Undo(), "undo": actions.Undo(),
                                                 "r": actions.Redo(), "redo": actions.Redo()}
        if command in simple:
            return self.perform(simple[command])
        if command in ("b", "i", "d", "a"):
            return self.request_command(command, rest)
        return f"unknown command '{render.echo(command)}'; type h for help"

    def perform(self, action: actions.PlanAction) -> str:
        try:
            return self.session.perform(action)
        except Impossible as exc:
            return str(exc)

    def request_command(self, command: str, rest: list[str]) -> str:
        view = self.session.view
        number_of = self.session.numbers
        on_board = {number_of[r.id]: r for r in view.open_requests}
        if not rest or _board_number(rest[0], on_board) is None:
            gone = _off_board(rest[0] if rest else "", self.session)
            return gone or ("give a request number on the board: "
                            + ", ".join(map(str, sorted(on_board))))
        request = on_board[int(rest[0])]
        if command == "i":
            options = discovery_options(request, view)
            extra = ("\n" + render.hang(f"Discovery you can run: {options}", "  ", "    ")
                     if options else "")
            return "\n" + render.text(request_lines(request, view)).lstrip("\n") + extra
        if command == "b":
            return self.build_command(rest, on_board)
        if command == "d":
            return self.discover_command(request.id, rest[1:])
        kind = answer_for_word(rest[1]) if len(rest) > 1 else None
        if len(rest) > 1 and rest[1] == "-":
            return self.perform(actions.Answer(request.id, None))
        if kind is None:
            return f"answer with: {ANSWER_WORDS.replace('|', ', ')} (or - to take it back)"
        return self.perform(actions.Answer(request.id, kind.key))

    def build_command(self, rest: list[str], on_board: dict[int, RequestView]) -> str:
        """`b N [N ...]`: every word is checked first, and one that is no board number does
        nothing at all, as a bad word does in every other command (`b 2 extra` used to
        commit 2 and refuse only 'extra')."""
        strays = [word for word in rest if _board_number(word, on_board) is None]
        if strays:
            return _not_numbers(list(dict.fromkeys(strays))) + " (nothing was done)"
        planner = self.session.planner
        problems = []
        with planner.one_step():  # `b 3 4` is undone at once; `b 4 4` changes nothing
            for word in rest:
                chosen = on_board[int(word)]
                problems.append(self.perform(actions.toggle_commit(planner, chosen.id)))
        return "; ".join(p for p in dict.fromkeys(problems) if p)

    def discover_command(self, rid: str, rest: list[str]) -> str:
        view = self.session.view
        request = view.request(rid)
        if not rest:
            return f"which method? ({discovery_options(request, view) or 'none left'})"
        method = rest[0]
        if _number(method, len(request.discovery_left)):
            method = request.discovery_left[int(method) - 1]
        if method not in {m.id for m in view.methods}:
            return (f"no method '{render.echo(method)}'; methods: "
                    + ", ".join(m.id for m in view.methods))
        action = actions.toggle_discovery(self.session.planner, rid, method)
        said = self.perform(action)
        name = next(m.name for m in view.methods if m.id == method)
        if not said and not action.run:
            return f"no longer testing '{request.title}' with {name}"
        return said

    def confirm_end(self) -> bool:
        session = self.session
        try:
            review = session.review()
        except Impossible as exc:
            room = f" ({session.link.status.timer_text(_now())})" if session.link else ""
            self.write(say(f"{exc}{room}."))
            return False
        self.write(f"End {review.round_name} {review.round}?\n"
                   + render.text(review_lines(review)))
        if self.ask("End the round? [y/N] ").lower() not in ("y", "yes"):
            return False
        try:
            session.perform(actions.EndRound())
        except Impossible as exc:
            self.write(say(str(exc)))
            return False
        return True


def leftover_words(words: list[str]) -> str:
    """Why a typed command is refused for words it would not use ('' when it uses them all, or
    is no command): `d 1 check-data check-data` used to run the method and drop the second word
    unsaid, so a typo in a longer command did something other than what was typed."""
    usage = next((u for u in USAGES if words[0].lower() in u[0]), None)
    if usage is None or usage[2] is None or len(words) <= 1 + usage[2]:
        return ""
    extra = words[1 + usage[2]:]
    label = "word" if len(extra) == 1 else "words"
    return f"extra {label} {_named(extra)}: type `{usage[1]}` (nothing was done)"


def _not_numbers(words: list[str]) -> str:
    """What `b` says of the words it took for no board number."""
    if len(words) == 1:
        return f"{_named(words)} is not a request number on the board"
    return f"{_named(words)} are not request numbers on the board"


def _named(words: list[str], most: int = 3) -> str:
    """Typed words as an answer names them: the first `most`, each cut short (`render.echo`),
    and how many more (a line of 50,000 words was named word by word)."""
    named = ", ".join(f"'{render.echo(word)}'" for word in words[:most])
    return named + (f" and {len(words) - most:,} more" if len(words) > most else "")


def say(text: str) -> str:
    """A sentence to the player, wrapped to the terminal (from its first column)."""
    return render.wrap(text, "")


def answer(message: str) -> str:
    """A command's one-line answer after its '→', wrapped to the terminal under its words."""
    return render.hang(message, "  → ", "    ")


def help_text() -> str:
    """What `h` shows: each command beside what it does, wrapped under the descriptions (in
    a narrow terminal too: the lines used to be up to 93 columns whatever its width)."""
    lines = [say(HELP_HEADING)]
    lines += [render.hang(does, f"  {command:<16}", " " * 18) for command, does in COMMANDS]
    return "\n".join(lines)


def not_saved(session: GameSession) -> str:
    """The goodbye when the last save failed, said as it is: `--continue` finds either no
    game, or an older save (an earlier round, or another game), which it would carry on
    instead, losing what was played since; which one, and where it stands, is said."""
    said = f"\nThe game was NOT saved ({session.save_error}, in {session.save_folder})"
    older = session.fallback()
    if older is None:
        return f"{said}, so `{CONTINUE}` cannot carry it on."
    return (f"{said}. An older save is still there, and `{CONTINUE}` would carry that on "
            f"instead: {older} (this game is at {session.view.round_name} "
            f"{session.view.round}).")


def round_text(session: GameSession, report: RoundReport) -> str:
    unit = session.scenario.round_name
    last = report.round == session.scenario.rounds
    lines = report_lines(report, session.titles, unit, last=last).all
    heading = f"RESULTS OF {unit.upper()} {report.round}"
    if session.what_if is not None:
        heading += f" (WHAT IF, FROM {unit.upper()} {session.what_if.from_round})"
    return "-" * render.width() + f"\n{heading}\n" + render.text(lines)


def _off_board(word: str, session: GameSession) -> str:
    """What a number of a request that has left the board names ('' if none does): shipped,
    declined or withdrawn, it keeps its number, which is never given to another."""
    typed = _typed_number(word)
    gone = [rid for rid, number in session.numbers.items() if number == typed
            and session.game.status[rid] in (Status.SHIPPED, Status.DECLINED, Status.WITHDRAWN)]
    if not gone:
        return ""
    return (f"{word} is '{session.titles[gone[0]]}', which is {session.game.status[gone[0]]}: "
            "it has left the board")


def _typed_number(word: str) -> int | None:
    """A board number as the player typed it: ASCII digits, at most six; else None."""
    return int(word) if word.isascii() and word.isdigit() and len(word) <= 6 else None


def _board_number(word: str, on_board: dict[int, RequestView]) -> RequestView | None:
    """The open request a typed board number names, or None (not a number on the board)."""
    typed = _typed_number(word)
    return None if typed is None else on_board.get(typed)


def _number(word: str, count: int) -> bool:
    """A request (or method) number typed by the player: ASCII digits in range only."""
    return word.isascii() and word.isdigit() and 1 <= int(word) <= count


def _now() -> float:
    import time

    return time.monotonic()


def run(args: argparse.Namespace, chosen: NewGame | None = None) -> int:
    """`pmsim play --text`: the saved game (--continue), or a new one of `chosen` (what the
    launcher decided: the scenario, and the team's name for a team game), else of the
    scenario named (the tutorial by default)."""
    _forgiving_stdin()
    if args.resume:
        return _resume()
    if chosen is None:
        from ..commands.team import new_game_for

        chosen = new_game_for(args.scenario or "tutorial")
    if keeps_game_in_progress():
        return EXIT_OK
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    session = Session(new_game(chosen.scenario, seed), str(chosen.path.resolve()),
                      team=chosen.team)
    return session.run()


def _forgiving_stdin() -> None:
    """Typed bytes the input's encoding cannot decode become replacement characters, so
    they are refused as any unknown command is: under an ASCII locale an accented letter
    was an internal error that ended the game (UTF-8 input was already forgiving)."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def keeps_game_in_progress(read: Callable[[str], str] = input,
                           write: Callable[[str], None] = print,
                           save_dir: Path | None = None) -> bool:
    """Ask before a new game replaces the paused one (it is saved over at once): True when
    the player keeps it, on any answer but yes or at the end of input, having been told how
    to carry it on. No question when there is no game to lose."""
    saved = game_in_progress(save_dir)
    if saved is None:
        return False
    try:
        typed = read(f"A game is in progress: {saved}. Start a new game and lose it? [y/N] ")
    except EOFError:
        typed = ""
        write("")  # the prompt's line was left open
    if typed.strip().lower() in ("y", "yes"):
        return False
    write(render.then_command("Your game in progress is kept. Continue it with:", CONTINUE))
    return True


def _resume(save_dir: Path | None = None) -> int:
    try:
        saved = GameSession.resume(save_dir)
    except SaveUnusable as exc:
        raise InputError(str(exc)) from None
    if saved is None:
        raise UsageError("there is no saved game; start one with `pmsim play --text`")
    return Session.around(saved).run()  # the saved session: its draft is restored too


def _reference(scenario_path: str, scenario_id: str) -> str:
    """What to type to play this scenario again: its id when it is bundled, else its path."""
    from ..resources import scenarios_dir

    path = Path(scenario_path)
    if not path.is_file() or path.resolve().parent == scenarios_dir().resolve():
        return scenario_id
    return f'"{path}"' if " " in str(path) else str(path)
