"""`pmsim play`: open the window (or explain why not), or drive it in capture mode."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..commands import EXIT_OK, InputError, UsageError, load_scenario, require_policy

if TYPE_CHECKING:
    from ..play.joining import Joined
    from ..scenario import Scenario
    from .app import App

NO_DISPLAY = (
    "pmsim play needs a window, and no display was found ({reason}).\n"
    "On a machine without a screen you can:\n"
    "  - play in the terminal:  pmsim play --text {scenario}\n"
    "  - capture every screen:  SDL_VIDEODRIVER=dummy pmsim play {scenario} --autoplay rice "
    "--screenshots shots/"
)


def no_display(reason: object, scenario: str | None, resume: bool = False) -> str:
    """What to do without a screen; a saved game is continued in the terminal, not restarted."""
    text = NO_DISPLAY.format(reason=reason, scenario=scenario or "tutorial")
    if resume:
        text = text.replace(f"pmsim play --text {scenario or 'tutorial'}",
                            "pmsim play --continue --text")
    return text


def run(args: argparse.Namespace) -> int:
    if args.autoplay:
        require_policy(args.autoplay)
    if args.join is not None:  # an empty --join is a mistake, not an offline game
        return _join(args)
    if args.text:
        from ..terminal.play import run as run_text

        return run_text(args)
    for option, given in (("--screenshots", args.screenshots), ("--size", args.size),
                          ("--text-scale", args.text_scale)):
        if given and not args.autoplay:
            raise UsageError(f"{option} needs --autoplay POLICY (capture mode)")
    if args.watch and not (args.scenario and Path(args.scenario).is_file()):
        raise UsageError("--watch needs the path of a scenario file")
    if args.resume:
        from ..play.session import GameSession, SaveUnusable

        try:
            if not GameSession.check_saved_game():
                raise UsageError("there is no saved game; start one with `pmsim play`")
        except SaveUnusable as exc:
            raise InputError(str(exc)) from None
    chosen = None
    if args.scenario and not args.watch:  # with --watch, errors are shown in the window
        chosen = load_scenario(args.scenario)
    if args.autoplay:
        _screenshot_folder(args)

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
        print(no_display(exc, args.scenario, bool(args.resume)))
        return 1
    try:
        if args.autoplay:
            from .capture import capture

            seed = args.seed if args.seed is not None else 1
            folder = _screenshot_folder(args)
            shots = capture(app, args.scenario or "tutorial", seed, args.autoplay, folder,
                            args.size, args.text_scale)
            print(f"saved {len(shots)} screenshots in {folder}")
            return EXIT_OK
        start(app, args, chosen)
        app.run()
    finally:
        app.close()
    return EXIT_OK


def _screenshot_folder(args: argparse.Namespace) -> Path:
    """The capture folder (`--screenshots`, or ./pmsim-screenshots), made if missing.

    Raises UsageError when it cannot be made (a file of that name, no permission): checked
    before the window opens, so nothing is half-captured."""
    folder = Path(args.screenshots or "pmsim-screenshots")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write screenshots to {folder}: {exc.strerror or exc}") from None
    return folder


def start(app: App, args: argparse.Namespace, chosen: tuple[Path, Scenario] | None) -> None:
    app.reset("title")
    if args.watch:
        from .watch import Watcher

        seed = args.seed if args.seed is not None else 1
        app.watcher = Watcher(app, Path(args.scenario), seed)
        app.watcher.load()
    elif args.resume:
        from .scenes.title import TitleScene

        title = app.top
        assert isinstance(title, TitleScene)
        title.resume()
    elif chosen is not None:
        import secrets

        from ..play.session import GameSession

        path, scenario = chosen
        seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
        session = GameSession.start(scenario, str(path.resolve()), seed, app.save_dir,
                                    team=args.team)
        app.push("briefing", session)


def _join(args: argparse.Namespace) -> int:
    """`pmsim play --join HOST:PORT --code CODE --team NAME`: a team in a workshop."""
    from ..play import joining
    from ..words import plural

    if not args.join.strip():
        raise UsageError("--join needs the workshop's address, HOST:PORT, as the facilitator "
                         "shows it")
    if not args.code or not args.team:
        raise UsageError("--join needs --code CODE and --team NAME")
    bot = args.autoplay if args.autoplay and not args.screenshots else None
    try:
        joined = joining.join(args.join, args.code, args.team, bot=bot)
    except joining.JoinRefused as exc:
        if bot and exc.reason in ("bots-refused", "unknown-bot"):
            raise UsageError(f"the host does not take this team: {exc}") from None
        raise UsageError(f"the workshop host refused: {exc}") from None
    except joining.BadAddress as exc:
        raise UsageError(f"'{args.join}' is not a workshop address ({exc}); give it as "
                         "HOST:PORT, as the facilitator shows it") from None
    except joining.HostAway as exc:  # not bad usage: the same command works once it answers
        raise InputError(f"cannot reach the workshop host at {args.join} ({exc}); check the "
                         "address with your facilitator, and that the host is running") from None
    except ValueError as exc:
        raise InputError(f"the workshop host sent something unexpected: {exc}") from None
    for note in joined.notes:
        print(note)
    print(f"joined workshop {joined.workshop} as '{joined.team}'")  # only once it is taken
    if bot:
        final = joining.autoplay(joined, args.autoplay)
        print(f"game over: {plural(len(final.decisions), 'round')} played")
        return EXIT_OK
    if args.text:
        from ..terminal.play import Session

        return Session(joined.game, joined.scenario_id, link=joined.poller.start()).run()
    return _join_window(joined)


def _join_window(joined: Joined) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from ..play.session import GameSession
    from .app import App, NoDisplay
    from .settings import load as load_settings

    try:
        app = App(load_settings())
    except NoDisplay as exc:
        print(no_display(exc, joined.scenario_id))
        return 1
    game = joined.game
    session = GameSession(game.scenario, joined.scenario_id, game, app.save_dir,
                          link=joined.poller.start())
    try:
        app.reset("board" if game.decisions else "briefing", session)
        app.run()
    finally:
        session.quit()
        app.close()
    return EXIT_OK
