"""`pmsim autoplay`, `pmsim replay`, `pmsim analyze`: the engine and analysis from the shell."""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import sys
from pathlib import Path

from ..analysis.coach import Coaching, coach
from ..analysis.coach import as_dict as coach_dict
from ..analysis.compare import shipped_by_round
from ..analysis.policies import play_named
from ..engine import Game, Replay, ReplayError, record, replay, scenario_hash, score
from ..engine.replay import what_changed
from ..fileio import atomic_write_text, destination, read_regular_text
from ..scenario import Scenario
from ..words import plural
from . import EXIT_OK, InputError, UsageError, load_scenario, print_json, require_policy


def game_summary(game: Game, policy: str | None = None) -> dict[str, object]:
    """The JSON shape shared by autoplay and replay."""
    s = score(game)
    rounds = []
    history = game.metric_history
    for index, report in enumerate(game.reports):
        rounds.append(
            {
                "round": report.round,
                "capacity": report.capacity,
                "planned": report.planned,
                "used": report.used,
                "shipped": [w.request for w in report.work if w.outcome == "shipped"],
                "spilled": [w.request for w in report.work if w.outcome != "shipped"],
                "discovered": [[d.request, d.method] for d in report.discoveries],
                "events": [n.event for n in report.news if n.event],
                "metrics": {k: round(v, 2) for k, v in history[index].items()},
                "trust": {k: round(v, 2) for k, v in game.trust_history[index].items()},
            }
        )
    return {
        "scenario": game.scenario.id,
        "seed": game.seed,
        **({"policy": policy} if policy else {}),
        **s.as_dict(),
        "finished": game.over,
        "rounds": rounds,
    }


def print_summary(game: Game, title: str) -> None:
    s = score(game)
    unit = game.scenario.round_name
    print(title)
    pillars = " · ".join(f"{name} {value:.1f}" for name, value in s.pillars.items())
    if game.over:
        print(f"Score {s.total:.1f} (100 = every target met; at most 150)")
    else:
        print(f"Unfinished: after {len(game.reports)} of {plural(game.scenario.rounds, unit)} the "
              f"score so far is {s.total:.1f} (not a final score)")
    print(f"  pillars: {pillars}" + (f"; balance penalty -{s.penalty:.1f}" if s.penalty else ""))
    titles = {r.id: r.title for r in game.scenario.requests}
    for report, ids in zip(game.reports, shipped_by_round(game), strict=True):
        shipped = [titles[rid] for rid in ids]
        spilled = [w.title for w in report.work if w.outcome != "shipped"]
        found = [f"{d.method_name} on {titles[d.request]}" for d in report.discoveries]
        line = f"  {unit} {report.round}: shipped {', '.join(shipped) or 'nothing'}"
        if spilled:
            line += f"; unfinished: {', '.join(spilled)}"
        if found:
            line += f"; discovery: {', '.join(found)}"
        print(line)


def _same_file(a: Path, b: Path) -> bool:
    """Whether `a` and `b` name one file (through links, `..` or another spelling); False
    when either does not exist."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


STDOUT = "-"
"""`--replay-out -`: the replay on standard output (the rest of the output on standard error)."""


def autoplay(args: argparse.Namespace) -> int:
    require_policy(args.policy)
    source, scenario = load_scenario(args.scenario)
    out = args.replay_out
    if out and out != STDOUT:  # refused before the game is played, however long that takes
        check_replay_out(Path(out), source, getattr(args, "force", False))
    game = play_named(scenario, args.seed, args.policy)
    if out == STDOUT:
        sys.stdout.write(record(game).to_json().rstrip("\n") + "\n")
        sys.stdout.flush()
        with contextlib.redirect_stdout(sys.stderr):  # nothing else in the replay's JSON
            _print_autoplay(game, scenario, args)
        return EXIT_OK
    if out:
        write_replay(Path(out), record(game))
    _print_autoplay(game, scenario, args)
    return EXIT_OK


def check_replay_out(path: Path, source: Path, force: bool) -> None:
    """Bad usage, before any play, when `--replay-out` would replace the scenario being
    played, cannot be written, or names an existing file without --force (as `pmsim new`)."""
    if _same_file(path, source):
        raise UsageError(f"--replay-out {path} is the scenario file being played; writing the "
                         "replay there would replace the scenario: name another file")
    check_output(path)
    if not force and (path.exists() or path.is_symlink()):
        raise UsageError(f"{path} already exists; choose another name, or add --force")


def _print_autoplay(game: Game, scenario: Scenario, args: argparse.Namespace) -> None:
    if args.json:
        print_json(with_debrief(game_summary(game, args.policy), game, args), indent=2)
    else:
        print_summary(game, f"{scenario.title}: policy {args.policy}, seed {args.seed}")
        print_debrief(game, args)


def with_debrief(summary: dict[str, object], game: Game,
                 args: argparse.Namespace) -> dict[str, object]:
    """The JSON summary, with the coaching debrief when `--debrief` asks for it."""
    if getattr(args, "debrief", False):
        summary["debrief"] = coach_dict(_coaching(game))
    return summary


def print_debrief(game: Game, args: argparse.Namespace) -> None:
    """The coaching debrief as text, when `--debrief` asks for it."""
    if not getattr(args, "debrief", False):
        return
    from ..engine import debrief
    from ..play.debrief_lines import debrief_page
    from ..terminal.render import text

    coaching = _coaching(game)
    scenario = game.scenario
    titles = {r.id: r.title for r in scenario.requests}
    methods = {d.id: d.name for d in scenario.discovery}
    print(text(debrief_page(debrief(game), coaching, titles, methods, scenario.round_name)))


def _coaching(game: Game) -> Coaching:
    if not game.over:
        raise InputError(f"there is no debrief yet: the game stopped after "
                         f"{len(game.reports)} of "
                         f"{plural(game.scenario.rounds, game.scenario.round_name)}")
    return coach(game)


def check_output(path: Path) -> None:
    """Bad usage when `path` cannot be written as a file the player named (a folder, a named
    pipe, a folder that does not exist): checked before any work is done for it."""
    try:
        destination(path, create_folder=False)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_replay(path: Path, rep: Replay) -> None:
    """Write the replay the player asked for: into a folder that exists (a typo in a folder
    name makes none, as with `pmsim new`), bad usage when it cannot be written."""
    try:
        atomic_write_text(path, rep.to_json(), create_folder=False)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def replay_command(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text = read_regular_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        rep = Replay.from_json(text)
    except ReplayError as exc:
        raise InputError(f"{path}: {exc}") from None
    scenario = _replay_scenario(args.scenario, rep, path)
    try:
        game = replay(scenario, rep)
    except ReplayError as exc:
        raise InputError(f"{path}: {exc}") from None
    if args.json:
        print_json(with_debrief(game_summary(game), game, args), indent=2)
    else:
        print_summary(game, f"{scenario.title}: replay of {path.name}, seed {rep.seed}")
        print_debrief(game, args)
    return EXIT_OK


def _replay_scenario(given: str | None, rep: Replay, path: Path) -> Scenario:
    """The scenario a replay is re-simulated on: the file given with --scenario, else the
    bundled scenario of the replay's id. When that is missing or not the one played, the
    error says what to type."""
    if given:
        return load_scenario(given)[1]
    retry = f"pmsim replay {shlex.quote(str(path))} --scenario YOUR-FILE.yaml"
    try:
        scenario = load_scenario(rep.scenario_id)[1]
    except UsageError:
        raise UsageError(
            f"{path} was played on scenario '{rep.scenario_id}', which is not a bundled "
            f"scenario: give the file it was played on (the one with `id: {rep.scenario_id}`), "
            f"with `{retry}`") from None
    if scenario_hash(scenario) != rep.scenario_hash:
        raise InputError(
            f"{path} does not match the bundled scenario '{rep.scenario_id}', so it cannot be "
            f"re-simulated on it: either it was played on a different version of scenario "
            f"'{rep.scenario_id}' than the bundled one (your own file with that id: give it "
            f"with `{retry}`), or {what_changed(rep)}")
    return scenario


def analyze_command(args: argparse.Namespace) -> int:
    """`pmsim analyze` (pmsim/commands/analyze.py)."""
    from .analyze import analyze_command as run

    return run(args)
