"""`pmsim play`: open the window (or explain why not), or drive it in capture mode."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..commands import EXIT_OK, InputError, UsageError, load_scenario, require_policy

NO_DISPLAY = """\
pmsim play needs a window, and no display was found ({reason}).
On a machine without a screen you can:
  - play in the terminal:     pmsim play --text {scenario}
  - capture every screen:     SDL_VIDEODRIVER=dummy pmsim play {scenario} \
                                --autoplay rice --screenshots shots/"""


def run(args: argparse.Namespace) -> int:
    if args.autoplay:
        require_policy(args.autoplay)
    if args.join:
        return _join(args)
    if args.text:
        from ..terminal.play import run as run_text

        return run_text(args)
    if args.screenshots and not args.autoplay:
        raise UsageError("--screenshots needs --autoplay POLICY (capture mode)")
    if args.watch and not (args.scenario and Path(args.scenario).is_file()):
        raise UsageError("--watch needs the path of a scenario file")
    if args.resume:
        from .. import saves

        try:
            if saves.read() is None:
                raise UsageError("there is no saved game; start one with `pmsim play`")
        except saves.SaveError as exc:
            raise InputError(str(exc)) from None
    chosen = None
    if args.scenario and not args.watch:  # with --watch, errors are shown in the window
        chosen = load_scenario(args.scenario)

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .app import App, NoDisplay
    from .settings import load as load_settings

    settings = load_settings()
    if args.autoplay:  # capture mode needs neither a screen nor a sound card
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        settings.sound = False
    try:
        app = App(settings)
    except NoDisplay as exc:
        print(NO_DISPLAY.format(reason=exc, scenario=args.scenario or "tutorial"))
        return 1
    try:
        if args.autoplay:
            from .capture import capture

            seed = args.seed if args.seed is not None else 1
            folder = Path(args.screenshots or "pmsim-screenshots")
            shots = capture(app, args.scenario or "tutorial", seed, args.autoplay, folder)
            print(f"saved {len(shots)} screenshots in {folder}")
            return EXIT_OK
        start(app, args, chosen)
        app.run()
    finally:
        app.close()
    return EXIT_OK


def start(app, args: argparse.Namespace, chosen) -> None:
    from .scenes.title import TitleScene

    app.reset(TitleScene(app))
    if args.watch:
        from .watch import Watcher

        seed = args.seed if args.seed is not None else 1
        app.watcher = Watcher(app, Path(args.scenario), seed)
        app.watcher.load()
    elif args.resume:
        app.top.resume()
    elif chosen is not None:
        import secrets

        from .scenes.briefing import BriefingScene
        from .session import GameSession

        path, scenario = chosen
        seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
        session = GameSession.start(scenario, str(path.resolve()), seed, app.save_dir)
        session.team = args.team
        app.push(BriefingScene(app, session))


def _join(args: argparse.Namespace) -> int:
    """`pmsim play --join HOST:PORT --code CODE --team NAME`: a team in a workshop."""
    from ..workshop.client import Client, HostRefused, Unreachable
    from ..workshop.team import TeamLink, autoplay_team, joined_game

    if not args.code or not args.team:
        raise UsageError("--join needs --code CODE and --team NAME")
    link = TeamLink(Client(args.join, args.code, args.team))
    try:
        info = link.client.join()
    except HostRefused as exc:
        raise UsageError(f"the workshop host refused: {exc.message}") from None
    except Unreachable as exc:
        raise InputError(f"cannot reach the workshop host at {args.join} ({exc}); check the "
                         "address with your facilitator") from None
    try:
        sent = link.client.flush()  # rounds kept while the host was away go first
        if sent is not None:
            info = link.client.join()
    except HostRefused as exc:
        print(f"a kept round was refused by the host: {exc.message}")
    except Unreachable:
        pass
    try:
        game = joined_game(link, info)
    except (ValueError, KeyError) as exc:
        raise InputError(f"the workshop host sent something unexpected: {exc}") from None
    print(f"joined workshop {info['workshop']} as '{info['team']}'")
    if args.autoplay and not args.screenshots:
        final = autoplay_team(link, game, args.autoplay)
        print(f"game over: {len(final.decisions)} rounds played")
        return EXIT_OK
    if args.text:
        from ..terminal.play import Session

        return Session(game, info["scenario_id"], link=link).run()
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .app import App, NoDisplay
    from .scenes.board import BoardScene
    from .scenes.briefing import BriefingScene
    from .session import GameSession
    from .settings import load as load_settings

    try:
        app = App(load_settings())
    except NoDisplay as exc:
        print(NO_DISPLAY.format(reason=exc, scenario=info["scenario_id"]))
        return 1
    try:
        session = GameSession(game.scenario, info["scenario_id"], game, app.save_dir,
                              link=link)
        app.reset(BriefingScene(app, session) if not game.decisions
                  else BoardScene(app, session))
        app.run()
    finally:
        app.close()
    return EXIT_OK
