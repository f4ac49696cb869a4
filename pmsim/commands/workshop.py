"""`pmsim workshop host | list | export | import`, and the team side of `pmsim play --join`."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import secrets
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..words import plural
from . import EXIT_OK, InputError, UsageError, json_text, print_json, scenario_text

CODE = re.compile(r"[A-Z0-9]{6,12}")

if TYPE_CHECKING:
    from ..engine import Replay
    from ..workshop.hostlock import HostLock
    from ..workshop.service import Workshop
    from ..workshop.store import Store


def _store(args: argparse.Namespace) -> Store:
    """The user's workshop database (one per user, in the platform's data folder). A damaged
    one is set aside and said so; one that cannot be opened is a clear error, never a bug."""
    from ..workshop.store import Store, StoreError, default_path

    del args
    try:
        store = Store(default_path())
    except StoreError as exc:
        raise InputError(str(exc)) from None
    for note in store.notes:
        print(f"note: {note}", file=sys.stderr)
    return store


def _open_workshop(args: argparse.Namespace, store: Any, text: str) -> tuple[Any, bool]:
    """The workshop with the given code, resumed, or a new one; and whether it was resumed.
    Raises UsageError when the code belongs to a workshop on another scenario."""
    from ..workshop.service import Workshop

    existing = store.workshop_by_code(args.code.strip().upper()) if args.code else None
    options = {"max_teams": args.max_teams, "allow_bots": args.allow_bots}
    if existing is None:
        seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
        return Workshop.create(store, text, seed, args.code, args.paced, args.round_minutes,
                               **options), False
    workshop = Workshop(store, existing, **options)
    if workshop.row.scenario_text != text:
        raise UsageError(f"workshop code {args.code} is already used for a workshop on "
                         "another scenario (or another version of this one); choose "
                         "another code")
    _note_ignored(args, workshop)
    return workshop, True


def host(args: argparse.Namespace) -> int:
    from ..workshop.store import default_path

    text = scenario_text(args.scenario)
    if args.code is not None and not CODE.fullmatch(args.code.strip().upper()):
        raise UsageError("a workshop code is 6 to 12 letters or digits (a short code is "
                         "quickly guessed); leave --code out for a generated one")
    if args.max_teams < 1:
        raise UsageError("--max-teams must be at least 1")
    # A code names a workshop that may be hosted already, or that another host started at the
    # same moment is making: the code's lock, taken first and held while hosting, refuses a
    # second host before it opens the database, the port or the window. (Without a code the
    # workshop is a new one, with a new code.)
    code = args.code.strip().upper() if args.code else None
    by_code = _host_lock(default_path().parent, f"code-{code}", code) if code else None
    if isinstance(by_code, str):
        raise InputError(by_code)
    try:
        return _start(args, text)
    finally:
        if by_code is not None:
            by_code.release()


def _start(args: argparse.Namespace, text: str) -> int:
    """Open the database, the port and the window, the workshop (made or resumed) and its
    lock, then serve."""
    from ..workshop.server import WorkshopServer
    from ..workshop.service import WorkshopError

    store = _store(args)
    # Everything that can fail comes first (the port, the display), so a failed start leaves
    # no empty workshop behind.
    try:
        server = WorkshopServer(None, args.bind, args.port)
    except OSError as exc:
        store.close()
        raise UsageError(f"cannot listen on {args.bind}:{args.port}: {exc.strerror or exc}") \
            from None
    window = None
    if not args.headless:
        from ..ui.dashboard import open_window

        try:
            window = open_window()
        except InputError:
            server.server_close()
            store.close()
            raise
    try:
        workshop, resumed = _open_workshop(args, store, text)
    except (WorkshopError, UsageError, InputError) as exc:
        server.server_close()
        store.close()
        if window is not None:
            window.close()
        if isinstance(exc, UsageError | InputError):
            raise
        if exc.reason == "bad-request":  # a setting out of range (minutes per round)
            raise UsageError(exc.message) from None
        raise InputError(exc.message) from None
    lock = _host_lock(store.path.parent, workshop.row.id, workshop.row.code)
    if isinstance(lock, str):
        server.server_close()
        store.close()
        if window is not None:
            window.close()
        raise InputError(lock)
    server.workshop = workshop
    return _serve(args, server, store, workshop, window, lock, resumed)


def _serve(args: argparse.Namespace, server: Any, store: Store, workshop: Workshop,
           window: Any, lock: HostLock, resumed: bool) -> int:
    """Serve the workshop until the facilitator stops the host; the lock goes last."""
    from ..workshop.server import lan_address

    try:
        server.start()
    except OSError as exc:
        lock.release()
        store.close()
        raise InputError(f"the workshop server could not start: {exc}") from None
    address = lan_address() if args.bind in ("0.0.0.0", "") else args.bind
    join = f"{address}:{server.port}"
    print(f"{'Resumed' if resumed else 'Hosting'} workshop {workshop.row.id}", flush=True)
    print(f"  teams join with: pmsim play --join {join} --code {workshop.row.code} "
          "--team NAME", flush=True)
    if args.allow_bots:
        print("  bots allowed (a rehearsal): teams played by a policy are marked on the board",
              flush=True)
    try:
        if args.headless:
            print("  serving; Ctrl-C to stop (the workshop is saved as it goes)")
            while True:
                time.sleep(3600)
        else:
            from ..ui.dashboard import run_dashboard

            assert window is not None
            run_dashboard(window, workshop, join)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        store.close()
        lock.release()
    print(f"stopped; workshop {workshop.row.id} is saved: the same host command (with --code "
          f"{workshop.row.code}) resumes it", flush=True)
    return EXIT_OK


def _host_lock(data: Path, name: str, code: str) -> HostLock | str:
    """The lock that makes this the workshop's only host, held until the host stops (the
    system lets it go if the process dies); or why it cannot be taken, in one line. `data`:
    the folder of the workshop database; `name`: the workshop's id, or "code-" and its
    code."""
    from ..workshop.hostlock import AlreadyHosted, HostLock

    lock = HostLock(data / "hosting", name)
    try:
        lock.acquire()
    except AlreadyHosted as exc:
        by = f" (process {exc.pid})" if exc.pid else ""
        return (f"workshop {code} is already being hosted on this laptop{by}: "
                "teams join that host; to move it, stop that host first (Ctrl-C in its "
                "terminal, or Esc on its dashboard), then run this command again")
    except OSError as exc:
        return f"cannot lock {lock.path} to host the workshop: {exc.strerror or exc}"
    return lock


def _note_ignored(args: argparse.Namespace, workshop: Workshop) -> None:
    row = workshop.row
    changed = []
    if args.seed is not None and args.seed != row.seed:
        changed.append(f"seed {row.seed}")
    if args.paced != row.paced:
        changed.append("paced" if row.paced else "self-paced")
    if args.round_minutes is not None and args.round_minutes != row.round_minutes:
        changed.append(f"{row.round_minutes or 'no'} minutes per round")
    if changed:
        print(f"note: resuming keeps the workshop's own settings ({', '.join(changed)}); use a "
              "new --code for different ones")


def control(args: argparse.Namespace) -> int:
    """Timer and rounds for a headless host, from another terminal."""
    from ..workshop.service import WorkshopError, escape, load

    store = _store(args)
    try:
        workshop = load(store, args.workshop)
        if args.command_name == "start":
            workshop.start_timer()
        elif args.command_name == "pause":
            workshop.pause_timer()
        elif args.command_name == "extend":
            minutes = _minutes(args.value)
            if minutes is None:
                got = "" if args.value is None else f"; got '{escape(args.value, 20)}'"
                raise UsageError(f"extend takes a number of minutes above 0 and at most "
                                 f"{MAX_EXTEND_MINUTES}, e.g. `extend 2` or `extend 0.5`{got}")
            if workshop.remaining() is None:
                raise UsageError(
                    "this workshop has no timer to extend: it was started without "
                    "--round-minutes, so teams play without a countdown; nothing was "
                    "changed. The timer is set when a workshop is created: for a timed room, "
                    "host a new workshop with --round-minutes N (and a new --code)")
            workshop.extend_timer(minutes)
            print(f"added {_minutes_text(minutes)} to the timer")
        elif args.command_name == "next":
            if not workshop.row.paced:
                raise UsageError("this workshop is self-paced: teams move on by themselves")
            workshop.open_next_round()
        elif args.command_name == "approve":
            if not args.value:
                asked = workshop.rejoin_requests()
                raise UsageError("approve needs the team's name, e.g. `approve \"Blue "
                                 "Harbour\"`" + (f"; asking to rejoin: {', '.join(asked)}"
                                                 if asked else ""))
            name = workshop.approve_rejoin(args.value)
            print(f"approved: the next laptop that joins as '{name}' takes the team over")
        status = workshop.status()
    except WorkshopError as exc:
        raise UsageError(exc.message) from None
    finally:
        store.close()
    remaining = status["remaining_seconds"]
    clock = ("no timer (the workshop was started without --round-minutes)" if remaining is None
             else f"timer {'running' if status['timer_running'] else 'stopped'}, "
                  f"{_clock(remaining)} left")
    print(f"{status['workshop']}: {status['round_name']} {status['open_round']} open; {clock}")
    asked = [t["team"] for t in status["teams"] if t.get("rejoin") == "asked"]
    if asked:
        print(f"asking to rejoin from another laptop: {', '.join(asked)} (approve with "
              f"`pmsim workshop control {status['workshop']} approve NAME`)")
    return EXIT_OK


MAX_EXTEND_MINUTES = 600
"""The most minutes one `extend` adds (ten hours: longer than any workshop)."""


def _minutes(value: str | None) -> float | None:
    """A number of minutes above 0 and at most MAX_EXTEND_MINUTES, parsed strictly ("2",
    "1.5"), or None."""
    if value is None or not re.fullmatch(r"[0-9]+(\.[0-9]+)?", value.strip()):
        return None
    minutes = float(value)
    return minutes if 0 < minutes <= MAX_EXTEND_MINUTES else None


def _clock(seconds: float) -> str:
    """Seconds left as the board shows them, "M:SS" (a timer just given 2 minutes reads
    "2:00", not "1 min" as whole minutes rounded down did)."""
    minutes, rest = divmod(math.ceil(max(0.0, seconds)), 60)
    return f"{minutes}:{rest:02d}"


def _minutes_text(minutes: float) -> str:
    shown = f"{minutes:g}"
    return f"{shown} minute" + ("" if shown == "1" else "s")


def list_workshops(args: argparse.Namespace) -> int:
    store = _store(args)
    rows: list[dict[str, Any]] = []
    for workshop in store.workshops():
        teams = store.team_rows(workshop.id)
        rows.append({"id": workshop.id, "code": workshop.code, "scenario": workshop.scenario_id,
                     "seed": workshop.seed, "started": workshop.created,
                     "paced": workshop.paced, "teams": [t.name for t in teams],
                     "bots": [t.name for t in teams if t.bot]})
    store.close()
    if args.json:
        print_json(rows, indent=2)
        return EXIT_OK
    if not rows:
        print("no workshops yet; start one with `pmsim workshop host SCENARIO`")
    for row in rows:
        print(f"{row['id']}  {row['scenario']}  seed {row['seed']}  code {row['code']}  "
              f"started {row['started']}  {plural(len(row['teams']), 'team')}: "
              f"{', '.join(t + (' (bot)' if t in row['bots'] else '') for t in row['teams'])}"
              + ("" if row["teams"] else "-"))
    return EXIT_OK


STDOUT = "-"
"""An export file named "-" is standard output (the Unix convention)."""


def export(args: argparse.Namespace) -> int:
    from ..workshop.service import WorkshopError, load

    if not args.csv and not args.json:
        raise UsageError("say where to: --csv FILE and/or --json FILE (- for standard output)")
    _check_targets([p for p in (args.csv, args.json) if p], force=args.force)
    store = _store(args)
    try:
        workshop = load(store, args.workshop)
        rows = workshop.results()
    except WorkshopError as exc:
        raise UsageError(exc.message) from None
    finally:
        store.close()
    outputs: list[tuple[str, str]] = []
    if args.csv:
        outputs.append((args.csv, _csv(rows, bom=args.csv != STDOUT)))
    if args.json:
        data = {"workshop": workshop.row.id, "scenario": workshop.row.scenario_id,
                "seed": workshop.row.seed, "teams": rows}
        # a file is UTF-8; standard output in an encoding without a character gets its \u
        # escape (json_text), which a reader decoding cp1252 or ASCII still reads exactly
        text = (json_text(data, indent=2) if args.json == STDOUT
                else json.dumps(data, indent=2, ensure_ascii=False))
        outputs.append((args.json, text + "\n"))
    _write_all(outputs)
    # with an export on standard output, the summary goes where it does not mix into it
    print(f"exported {plural(len(rows), 'team')} of {workshop.row.id}",
          file=sys.stderr if STDOUT in (args.csv, args.json) else sys.stdout)
    return EXIT_OK


def _csv(rows: list[dict[str, Any]], bom: bool = True) -> str:
    """The export as a spreadsheet reads it; a team that played no round has empty cells
    where a score would be (None), never the starting state's score. `bom` is false for
    standard output, where the next program in a pipe would take the mark for text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["team", "score", "customer", "business", "technology", "trust",
                     "decision_quality", "luck", "rounds_done", "finished", "bot"])
    for row in rows:
        p = row["pillars"]
        writer.writerow([row["team"], row["score"], p.get("customer"), p.get("business"),
                         p.get("technology"), p.get("trust"), row["decision_quality"],
                         row["luck"], row["rounds_done"], row["over"], row["bot"] or ""])
    # UTF-8 with a byte-order mark: what spreadsheets (Excel on Windows) open as UTF-8
    # without asking, so "Équipe Bleue" does not become "Ã‰quipe Bleue"
    return ("\ufeff" if bom else "") + out.getvalue()


def _check_targets(names: list[str], force: bool = False) -> None:
    """Bad usage when an output cannot be written as a file (a folder, a named pipe, a folder
    that does not exist), or is a file that exists and `force` is not given (earlier results
    do not vanish, as `--replay-out`): all are checked before anything is written, so a
    refused export leaves no half of itself (a CSV without its JSON)."""
    from ..fileio import destination

    if len(names) == 2 and _same_target(*names):
        shown = "standard output (-)" if names[0] == STDOUT else names[0]
        raise UsageError(f"--csv and --json both name {shown}; give each its own file")
    for name in names:
        if name == STDOUT:
            continue
        try:
            destination(name, create_folder=False)
        except OSError as exc:
            raise UsageError(f"cannot write {name}: {exc.strerror or exc}") from None
        if not force and (Path(name).exists() or Path(name).is_symlink()):
            raise UsageError(f"{name} already exists; choose another name, or add --force")


def _same_target(a: str, b: str) -> bool:
    """Whether two outputs land in one place (both "-", or one file however spelled)."""
    if STDOUT in (a, b):
        return a == b
    return Path(a).resolve() == Path(b).resolve()


def _write_all(outputs: list[tuple[str, str]]) -> None:
    """Write each output in one atomic write (a symbolic link is kept: the file it points to
    gets the export), or to standard output for "-". A failure (a full disk) leaves no file
    half-written, and the error says which outputs were written before it."""
    from ..fileio import atomic_write_text

    written: list[str] = []
    for name, text in outputs:
        try:
            if name == STDOUT:
                _to_stdout(text)
            else:
                atomic_write_text(name, text, create_folder=False)
        except BrokenPipeError:
            raise  # the reader of standard output stopped (`| head`): not an error of ours
        except OSError as exc:
            done = f" ({', '.join(written)} was written)" if written else ""
            raise UsageError(f"cannot write {_shown(name)}: {exc.strerror or exc}{done}") \
                from None
        written.append(_shown(name))


def _shown(name: str) -> str:
    return "standard output" if name == STDOUT else name


def _to_stdout(text: str) -> None:
    """`text` on standard output as UTF-8 whatever the terminal's encoding: a team's name in
    any script must reach the file a shell redirects it to."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def import_results(args: argparse.Namespace) -> int:
    from ..workshop.service import WorkshopError, load

    if args.files.count(STDIN) > 1:
        raise UsageError("standard input (-) can be read only once; give it once")
    store = _store(args)
    try:
        workshop = load(store, args.workshop)
    except WorkshopError as exc:
        store.close()
        raise UsageError(exc.message) from None
    failures = 0
    try:
        for done, name in enumerate(args.files):
            try:
                rounds_before = store.rounds_done(workshop.row.id)
                answer, team = _import_one(store, workshop, name, args,
                                           (done, done - failures))
                print(f"{_source(name)}: team '{team}', "
                      f"{plural(answer['rounds_done'], 'round')}, score {answer['score']} "
                      f"(re-simulated){_imported(store, workshop, team, rounds_before)}")
            except WorkshopError as exc:
                failures += 1
                print(f"{_source(name)}: refused: {exc.message}{_another_name(exc)}")
    finally:
        store.close()
    if failures:
        print(_import_summary(failures, len(args.files)))
    return 1 if failures else EXIT_OK


def _import_one(store: Store, workshop: Workshop, name: str, args: argparse.Namespace,
                before: tuple[int, int]) -> tuple[dict[str, Any], str]:
    """Import one result file in one transaction: the team and all its rounds, or nothing
    of them. (answer, team); UsageError (exit 2, as for a full disk anywhere in pmsim) when
    the database cannot be written, saying what failed, that nothing of this file (nor of
    the files after it) was stored, and what to do. `before`: how many files came before
    this one, and how many of them were imported."""
    import sqlite3

    from ..workshop.store import write_trouble

    team, rep = _read_result(name)
    try:
        with store.transaction():
            answer = workshop.import_replay(
                team, rep, replace_online=getattr(args, "replace_online_team", False))
    except sqlite3.DatabaseError as exc:
        why, fix = write_trouble(exc)
        rest = len(args.files) - before[0] - 1
        after = f" (nor from the {plural(rest, 'file')} after it)" if rest else ""
        earlier = _imported_before(*before)
        raise UsageError(
            f"cannot write the workshop database {store.path}: {why}. Nothing from "
            f"{_source(name)} was imported{after}{earlier}. {fix[0].upper() + fix[1:]}, then "
            "run the same import again (a file already imported is taken once)") from None
    return answer, team


def _imported(store: Store, workshop: Workshop, team: str, before: dict[str, int]) -> str:
    """What an import line adds after "(re-simulated)": the stored team's name when the file
    spells it otherwise (names are matched regardless of case, so a file's 'Blue' is team
    'BLUE', the only one the workshop lists), and "already imported" when the file added no
    round (it was imported before, perhaps under another spelling)."""
    from ..workshop.service import clean_name, team_key

    said = clean_name(team)
    teams = store.teams(workshop.row.id)
    stored = said if said in teams else next(
        (t for t in teams if team_key(t) == team_key(said)), said)
    added = store.rounds_done(workshop.row.id).get(stored, 0) > before.get(stored, 0)
    same = "" if stored == said else f"the same as team '{stored}', "
    if not added:
        return f": {same}already imported, nothing added"
    return f": the same as team '{stored}', where its rounds are stored" if same else ""


def _imported_before(files: int, imported: int) -> str:
    """"; the 2 files before it were imported", or nothing when none was."""
    if not imported:
        return ""
    if imported == files:
        return ("; the file before it was imported" if files == 1
                else f"; the {files} files before it were imported")
    return f"; {plural(imported, 'file')} before it {'was' if imported == 1 else 'were'} imported"


def _source(name: str) -> str:
    return "standard input" if name == STDIN else name


def _another_name(refusal: Any) -> str:
    """For a file refused because its team joined online: the other way out, when the file is
    not that team's game at all (pmsim import has no option to rename a team, so the file's
    own "team" field is what names it)."""
    if getattr(refusal, "reason", None) != "online-team":
        return ""
    return ("; if it is another team's game, import it under that team's name instead: "
            'change the file\'s "team" field (e.g. "team": "Red 2") and import it again')


def _import_summary(failures: int, files: int) -> str:
    """What was not imported, and whether anything was (the reader counts on this line)."""
    if failures == files:
        return "the file was not imported" if files == 1 else (f"none of the {files} files "
                                                               "were imported")
    imported = files - failures
    return (f"{failures} of {files} files not imported; "
            + ("the other one was" if imported == 1 else f"the other {imported} were"))


MAX_RESULT_BYTES = 5_000_000


STDIN = "-"
"""A result file named "-" is standard input (the Unix convention, as export's "-")."""


def _read_result(name: str) -> tuple[str, Replay]:
    """(team, replay) from a result file, or standard input for "-"; WorkshopError saying
    what is wrong with it."""
    from ..fileio import read_regular
    from ..workshop.service import WorkshopError, replay_from_result

    try:
        if name == STDIN:
            raw = sys.stdin.buffer.read(MAX_RESULT_BYTES + 1)
        else:
            raw = read_regular(Path(name), MAX_RESULT_BYTES + 1)
    except OSError as exc:
        raise WorkshopError(400, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_RESULT_BYTES:
        raise WorkshopError(400, "too large for a result file")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise WorkshopError(400, "not a result file (not UTF-8 text)") from None
    except (ValueError, RecursionError) as exc:
        raise WorkshopError(400, f"not a result file (not JSON: {exc})") from None
    return replay_from_result(data)
