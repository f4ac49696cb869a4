"""The `pmsim` command: parses arguments and hands each subcommand to the module that owns it.

Exit codes are part of the contract (scripts and CI rely on them): 0 success, 1 the input has
errors, 2 bad usage, 3 an internal fault in pmsim (with a one-line apology, never a traceback).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from importlib import import_module

from . import __version__
from .commands import (
    EXIT_FAULT,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    POLICY_NAMES,
    InputError,
    UsageError,
)
from .seeds import clip, parse_seed
from .ui import capture_options


def _lazy(module: str, function: str):
    """A command that imports its module only when it runs: start-up stays fast."""

    def run(args: argparse.Namespace) -> int:
        return getattr(import_module(module, __package__), function)(args)

    return run


MAX_ROUND_MINUTES = 24 * 60
"""A round's timer runs at most a day: a longer one is a typo, not a workshop."""


def whole(text: str) -> int:
    """A count (`--seeds`, `--max-teams`): the digits 0-9 only, since int() would also take
    '1_000', ' 5', '+5' and other scripts' digits; its range is checked where it is used."""
    shown = clip(text)
    if not text or not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{shown}' is not a whole number (the digits 0-9)")
    if len(text.lstrip("0")) > 18:
        raise argparse.ArgumentTypeError(f"'{shown}' is far too large")
    return int(text)


def port(text: str) -> int:
    """`--port`: 0 (any free port) to 65535, refused here as bad usage rather than reaching
    the socket as an internal error."""
    try:
        value = whole(text)
    except argparse.ArgumentTypeError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"'{clip(text)}' is not a port: give 0 to 65535 "
                                         "(0: any)")
    return value


def seed(text: str) -> int:
    """Every seed option: a whole number in SQLite's INTEGER range (`seeds.parse_seed`),
    refused here as bad usage rather than failing where the seed is stored, after the workshop
    or the game has started."""
    try:
        return parse_seed(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def round_minutes(text: str) -> float:
    """`--round-minutes`: more than 0 and at most a day; `nan` or `inf` would break the timer."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= MAX_ROUND_MINUTES):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a round length: give minutes above 0 and at most "
            f"{MAX_ROUND_MINUTES} (a day)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmsim",
        description="A training simulator for product managers: prioritize, discover, "
        "influence, and see what your decisions do.",
    )
    parser.add_argument("--version", action="version", version=f"pmsim {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser(
        "play",
        help="play a scenario",
        description="Play a scenario: a bundled one by id (see `pmsim list`) or a file.",
    )
    play.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                      help="a bundled scenario id or a path (default: the tutorial)")
    play.add_argument("--seed", type=seed, default=None, help="the game's seed (default: random)")
    play.add_argument("--continue", dest="resume", action="store_true",
                      help="continue the saved game")
    play.add_argument("--watch", action="store_true",
                      help="reload the scenario file whenever it changes (for authors)")
    play.add_argument("--text", action="store_true",
                      help="play in the terminal instead of a window")
    play.add_argument("--join", metavar="HOST:PORT",
                      help="play as a team in a workshop hosted at HOST:PORT")
    play.add_argument("--code", help="the workshop's join code (with --join)")
    play.add_argument("--team", metavar="NAME",
                      help="your team's name: 1 to 40 letters, digits, spaces or . ' & - "
                      "(without --join: a result file, pmsim-result-SCENARIO-NAME.json, is "
                      "written at the end for the facilitator to import; a file there of "
                      "another team is never replaced: such a name is refused before play, "
                      "and a result that still meets one goes beside it, as NAME.2.json)")
    play.add_argument("--autoplay", metavar="POLICY",
                      help="capture mode: a policy plays instead of a human")
    play.add_argument("--screenshots", metavar="DIR",
                      help="capture mode: save a PNG of every distinct screen in DIR, made if "
                      "missing (default: ./pmsim-screenshots); a folder holding an earlier "
                      "capture's PNGs (NN-screen.png) is refused unless --force. A window too "
                      "small for the game saves one shot of the notice and exits 1")
    play.add_argument("--force", action="store_true",
                      help="capture mode: first delete the PNGs an earlier capture left in DIR "
                      "(only files named NN-screen.png; nothing else)")
    play.add_argument("--size", metavar="WxH", type=capture_options.window_size,
                      help="capture mode: the window size, such as 1024x640 (default: yours)")
    play.add_argument("--text-scale", metavar="S", type=capture_options.text_scale,
                      help="capture mode: the text size, one of 0.85, 1, 1.2, 1.4")
    play.set_defaults(run=_lazy(".ui.launch", "run"))

    autoplay = commands.add_parser(
        "autoplay",
        help="play a whole game with a policy",
        description="Play a whole game with a policy, without a human: "
        + ", ".join(POLICY_NAMES) + ".",
    )
    autoplay.add_argument("scenario", metavar="SCENARIO", help="a bundled scenario id or a path")
    autoplay.add_argument("--policy", required=True, metavar="NAME",
                          help="one of: " + ", ".join(POLICY_NAMES))
    autoplay.add_argument("--seed", type=seed, required=True, help="the game's seed")
    autoplay.add_argument("--replay-out", metavar="FILE", help="save the game as a replay file "
                          "(in a folder that exists; an existing FILE only with --force); '-' "
                          "is standard output, and the rest of the output goes to standard "
                          "error")
    autoplay.add_argument("--force", action="store_true",
                          help="let --replay-out overwrite FILE if it exists")
    autoplay.add_argument("--json", action="store_true", help="print the result as JSON")
    autoplay.add_argument("--debrief", action="store_true",
                          help="add the coaching debrief: what each decision was worth, the "
                               "better plans, principles, lessons, luck (a 'debrief' object "
                               "with --json)")
    autoplay.set_defaults(run=_lazy(".commands.simulate", "autoplay"))

    replay = commands.add_parser(
        "replay",
        help="re-simulate a replay file",
        description="Re-simulate a replay file; the score is the one it was played with.",
    )
    replay.add_argument("file", metavar="FILE")
    replay.add_argument("--scenario", metavar="SCENARIO",
                        help="the scenario file, when it is not a bundled one")
    replay.add_argument("--json", action="store_true", help="print the result as JSON")
    replay.add_argument("--debrief", action="store_true",
                        help="add the coaching debrief of a finished game (a 'debrief' object "
                             "with --json)")
    replay.set_defaults(run=_lazy(".commands.simulate", "replay_command"))

    analyze = commands.add_parser(
        "analyze",
        help="the balance report of a scenario",
        description="Play a scenario with every policy over many seeds and report whether it "
        "teaches: score distributions, the verdict against the teaching bars, demand against "
        "capacity, what each policy builds, games scoring 0, good seeds for class, robustness "
        "and suggestions naming the requests to change. Exit 0 when it teaches, 1 when any "
        "line of the verdict (or of the robustness check, unless --no-robust) says FAIL or "
        "the file has errors, 2 for bad usage; --watch ends with 0.",
    )
    analyze.add_argument("scenario", metavar="SCENARIO", help="a bundled scenario id or a path")
    analyze.add_argument("--seeds", type=whole, default=None,
                         help="how many seeds (default 100; with --robust, 20 per change)")
    analyze.add_argument("--first-seed", type=seed, default=1, help="the first seed (default 1)")
    analyze.add_argument("--json", action="store_true", help="print the report as JSON")
    scope = analyze.add_mutually_exclusive_group()  # "only the check" or "without it": not both
    scope.add_argument(
        "--robust", action="store_true",
        help="print only the robustness check, one line per change: does evidence > RICE > "
        "HiPPO survive each rule number moved by 20%% and capacity by 1 (default 20 seeds per "
        "change)? Exit 1 if it does not",
    )
    scope.add_argument(
        "--no-robust", action="store_true",
        help="leave the robustness check out of the report (quicker while drafting)",
    )
    analyze.add_argument(
        "--watch", action="store_true",
        help="run the report again every time the file is saved (Ctrl+C stops)",
    )
    analyze.set_defaults(run=_lazy(".commands.simulate", "analyze_command"))

    new = commands.add_parser(
        "new",
        help="write a starter scenario, or a copy of a bundled one",
        description="Write a commented starter scenario that validates as it is (or, with "
        "--from, a copy of a bundled scenario), with the JSON Schema beside it.",
    )
    new.add_argument("path", metavar="PATH", help="the new file, ending in .yaml")
    new.add_argument("--from", dest="source", metavar="SCENARIO",
                     help="copy this bundled scenario (an id) or file instead")
    new.add_argument("--force", action="store_true",
                     help="overwrite PATH, and the pmsim.schema.json beside it, if they exist")
    new.set_defaults(run=_lazy(".commands.scenario", "new"))

    workshop = commands.add_parser(
        "workshop",
        help="run one scenario for many teams",
        description="Workshop mode: host a scenario for many teams on the local network, "
        "and list, export or import results.",
    )
    actions = workshop.add_subparsers(dest="action", metavar="ACTION", required=True)
    host = actions.add_parser("host", help="host a workshop (a dashboard, or --headless)")
    host.add_argument("scenario", metavar="SCENARIO")
    host.add_argument("--seed", type=seed, help="the seed every team plays (default: random)")
    host.add_argument("--port", type=port, default=8765,
                      help="the port, 0 to 65535 (default 8765; 0: any)")
    host.add_argument("--bind", default="0.0.0.0",
                      help="the address to listen on (default 0.0.0.0: the local network)")
    host.add_argument("--code", help="the join code (default: generated); an existing code "
                      "resumes that workshop")
    host.add_argument("--round-minutes", type=round_minutes, metavar="MINUTES",
                      help="minutes per round for the timer: above 0, at most 1440 (a day)")
    host.add_argument("--paced", action="store_true",
                      help="the facilitator opens each round for all teams at once")
    host.add_argument("--headless", action="store_true", help="no dashboard: serve only")
    host.add_argument("--max-teams", type=whole, default=300,
                      help="teams the workshop takes at most (default 300)")
    host.add_argument("--allow-bots", action="store_true",
                      help="take teams played by a policy (for rehearsals; never 'optimal')")
    host.set_defaults(run=_lazy(".commands.workshop", "host"))
    ctl = actions.add_parser(
        "control", help="start, pause or extend the timer, or open the next round",
        description="Control a running headless host from another terminal: start, pause, "
        "extend MINUTES, next (open the next round of a paced workshop), or approve TEAM (let "
        "a team rejoin from another laptop).")
    ctl.add_argument("workshop", metavar="WORKSHOP", help="its id (or code)")
    ctl.add_argument("command_name", choices=("start", "pause", "extend", "next", "approve"),
                     metavar="start|pause|extend|next|approve")
    ctl.add_argument("value", nargs="?", metavar="MINUTES|TEAM",
                     help="for extend: how many minutes; for approve: the team that may rejoin "
                     "from another laptop")
    ctl.set_defaults(run=_lazy(".commands.workshop", "control"))
    listing_ws = actions.add_parser("list", help="the workshops on this machine")
    listing_ws.add_argument("--json", action="store_true")
    listing_ws.set_defaults(run=_lazy(".commands.workshop", "list_workshops"))
    export = actions.add_parser(
        "export", help="export a workshop's results",
        description="Write a workshop's results to files (each in one step: never half a "
        "file). A FILE must be in a folder that exists (none is created), and an existing "
        "FILE is replaced only with --force; '-' is standard output.")
    export.add_argument("workshop", metavar="WORKSHOP", help="its id (or code)")
    export.add_argument("--csv", metavar="FILE", help="one row per team, for a spreadsheet "
                        "('-': standard output, without the byte-order mark a file gets)")
    export.add_argument("--json", metavar="FILE", help="the same as JSON ('-': standard "
                        "output)")
    export.add_argument("--force", action="store_true",
                        help="let --csv and --json overwrite a FILE that exists")
    export.set_defaults(run=_lazy(".commands.workshop", "export"))
    importing = actions.add_parser("import", help="add result files played without a network")
    importing.add_argument("workshop", metavar="WORKSHOP", help="its id (or code)")
    importing.add_argument("files", nargs="+", metavar="FILE")
    importing.add_argument("--replace-online-team", action="store_true",
                           help="also add rounds to a team that joined online (only its own "
                           "laptop may play its rounds: use this only when that laptop cannot "
                           "reach the host and the file is really that team's)")
    importing.set_defaults(run=_lazy(".commands.workshop", "import_results"))

    validate = commands.add_parser(
        "validate",
        help="check scenario files and report every problem with its line and column",
        description="Check scenario files (or every *.yaml / *.yml in the folders given). "
        "Exit 0 when all are valid (warnings allowed), 1 when any has errors, 2 for bad usage.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a scenario file or folder")
    validate.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    validate.set_defaults(run=_lazy(".commands.scenario", "validate"))

    schema_cmd = commands.add_parser(
        "schema",
        help="print the JSON Schema of the scenario format",
        description="Print the JSON Schema of the scenario format, for editors with a YAML "
        "language server (it is also committed as docs/scenario.schema.json).",
    )
    schema_cmd.set_defaults(run=_lazy(".commands.scenario", "print_schema"))

    listing = commands.add_parser(
        "list",
        help="list the bundled scenarios",
        description="List the bundled scenarios, and those in a folder given with --dir.",
    )
    listing.add_argument("--dir", action="append", default=[], metavar="DIR",
                         help="also list the scenarios in this folder (repeatable)")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(run=_lazy(".commands.scenario", "list_scenarios"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .glyphs import tolerant_output

    # every command, --help and argparse's errors included: an encoding without "→" (cp1252
    # on Windows, ASCII in a pipe) gets "->" instead of a UnicodeEncodeError
    tolerant_output(sys.stdout, sys.stderr)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # plain `pmsim` opens the game
        args = parser.parse_args(["play"])
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"pmsim {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt as exc:  # Ctrl-C; SIGTERM in a window (ui.app.Terminated)
        return int(getattr(exc, "exit_code", 130))
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # the machine, not pmsim: a full disk, a closed or full output
        print(f"pmsim {args.command}: cannot go on: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug in pmsim: one line, no traceback
        print(
            f"pmsim {args.command}: internal error ({type(exc).__name__}: {exc}); sorry, this is "
            "a bug in pmsim, please report it",
            file=sys.stderr,
        )
        return EXIT_FAULT
