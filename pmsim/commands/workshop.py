"""`pmsim workshop host | list | export | import`, and the team side of `pmsim play --join`."""

from __future__ import annotations

import argparse
import csv
import io
import json
import secrets
import time
from pathlib import Path

from . import EXIT_OK, InputError, UsageError


def _store(args: argparse.Namespace):
    from ..workshop.store import Store, default_path

    del args  # one database per user, in the platform's data folder
    return Store(default_path())


def host(args: argparse.Namespace) -> int:
    from ..workshop.server import WorkshopServer, lan_address
    from ..workshop.service import Workshop, WorkshopError

    text = _scenario_text(args.scenario)
    store = _store(args)
    # Everything that can fail comes first (the port, the display), so a failed start leaves
    # no empty workshop behind.
    try:
        server = WorkshopServer(None, args.bind, args.port)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.bind}:{args.port}: {exc.strerror or exc}") \
            from None
    window = None
    if not args.headless:
        from ..ui.dashboard import open_window

        try:
            window = open_window()
        except InputError:
            server.server_close()
            raise
    existing = store.workshop_by_code(args.code.upper()) if args.code else None
    try:
        if existing is not None:
            workshop = Workshop(store, existing)
            if workshop.row.scenario_text != text:
                raise UsageError(f"workshop code {args.code} is already used for a workshop on "
                                 "another scenario (or another version of this one); choose "
                                 "another code")
            resumed = True
            _note_ignored(args, workshop)
        else:
            seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
            workshop = Workshop.create(store, text, seed, args.code, args.paced,
                                       args.round_minutes)
            resumed = False
    except (WorkshopError, UsageError) as exc:
        server.server_close()
        if window is not None:
            window.close()
        if isinstance(exc, UsageError):
            raise
        raise InputError(exc.message) from None
    server.workshop = workshop
    server.start()
    address = lan_address() if args.bind in ("0.0.0.0", "") else args.bind
    join = f"{address}:{server.port}"
    print(f"{'Resumed' if resumed else 'Hosting'} workshop {workshop.row.id}")
    print(f"  teams join with: pmsim play --join {join} --code {workshop.row.code} "
          "--team NAME")
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
    return EXIT_OK


def _scenario_text(reference: str) -> str:
    """The text of a valid scenario, read once through the one loader: a file with errors (or
    in another encoding than UTF-8) gets the loader's diagnostics, never an internal error."""
    from .. import catalog
    from ..scenario import load_bytes
    from ..scenario.yamlsource import MAX_BYTES

    try:
        path = catalog.resolve(reference)
    except catalog.ScenarioNotFound as exc:
        raise UsageError(str(exc)) from None
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    result = load_bytes(raw, str(path))
    if result.scenario is None:
        raise InputError(result.render())
    return raw.decode("utf-8-sig")  # the loader accepted it, so it is UTF-8


def _note_ignored(args: argparse.Namespace, workshop) -> None:
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
    from ..workshop.service import WorkshopError, load

    store = _store(args)
    try:
        workshop = load(store, args.workshop)
        if args.command_name == "start":
            workshop.start_timer()
        elif args.command_name == "pause":
            workshop.pause_timer()
        elif args.command_name == "extend":
            if args.minutes is None or args.minutes <= 0:
                raise UsageError("extend needs a number of minutes, e.g. `extend 2`")
            workshop.extend_timer(args.minutes)
        elif args.command_name == "next":
            if not workshop.row.paced:
                raise UsageError("this workshop is self-paced: teams move on by themselves")
            workshop.open_next_round()
        status = workshop.status()
    except WorkshopError as exc:
        raise UsageError(exc.message) from None
    finally:
        store.close()
    remaining = status["remaining_seconds"]
    clock = "no timer" if remaining is None else f"{int(max(0, remaining)) // 60} min left"
    print(f"{status['workshop']}: {status['round_name']} {status['open_round']} open; "
          f"timer {'running' if status['timer_running'] else 'stopped'}, {clock}")
    return EXIT_OK


def list_workshops(args: argparse.Namespace) -> int:
    store = _store(args)
    rows = []
    for row in store.workshops():
        rows.append({"id": row.id, "code": row.code, "scenario": row.scenario_id,
                     "seed": row.seed, "started": row.created, "paced": row.paced,
                     "teams": store.teams(row.id)})
    store.close()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("no workshops yet; start one with `pmsim workshop host SCENARIO`")
    for row in rows:
        print(f"{row['id']}  {row['scenario']}  seed {row['seed']}  code {row['code']}  "
              f"started {row['started']}  {len(row['teams'])} teams: "
              f"{', '.join(row['teams']) or '-'}")
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    from ..workshop.service import WorkshopError, load

    if not args.csv and not args.json:
        raise UsageError("say where to: --csv FILE and/or --json FILE")
    store = _store(args)
    try:
        workshop = load(store, args.workshop)
        rows = workshop.results()
    except WorkshopError as exc:
        raise UsageError(exc.message) from None
    if args.csv:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["team", "score", "customer", "business", "technology", "trust",
                         "decision_quality", "luck", "rounds_done", "finished"])
        for row in rows:
            p = row["pillars"]
            writer.writerow([row["team"], row["score"], p["customer"], p["business"],
                             p["technology"], p["trust"], row["decision_quality"], row["luck"],
                             row["rounds_done"], row["over"]])
        _write(args.csv, out.getvalue())
    if args.json:
        data = {"workshop": workshop.row.id, "scenario": workshop.row.scenario_id,
                "seed": workshop.row.seed, "teams": rows}
        _write(args.json, json.dumps(data, indent=2, ensure_ascii=False))
    store.close()
    print(f"exported {len(rows)} teams of {workshop.row.id}")
    return EXIT_OK


def _write(path: str, text: str) -> None:
    from ..fileio import atomic_write_text

    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def import_results(args: argparse.Namespace) -> int:
    from ..workshop.service import WorkshopError, load, replay_from_result

    store = _store(args)
    try:
        workshop = load(store, args.workshop)
    except WorkshopError as exc:
        raise UsageError(exc.message) from None
    failures = 0
    for name in args.files:
        try:
            data = json.loads(Path(name).read_text(encoding="utf-8"))
            team, rep = replay_from_result(data)
            answer = workshop.import_replay(team, rep)
            print(f"{name}: team '{team}', {answer['rounds_done']} rounds, "
                  f"score {answer['score']} (re-simulated)")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            failures += 1
            print(f"{name}: cannot read: {exc}")
        except WorkshopError as exc:
            failures += 1
            print(f"{name}: refused: {exc.message}")
    store.close()
    return 1 if failures else EXIT_OK
