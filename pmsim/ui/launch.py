"""`pmsim play`: open the window (or explain why not), or drive it in capture mode."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..commands import (
    EXIT_INVALID,
    EXIT_OK,
    InputError,
    UsageError,
    require_policy,
)

if TYPE_CHECKING:
    from ..commands.team import NewGame
    from ..play.joining import Joined
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
    _check_offline_options(args)
    if args.text:
        _check_text_options(args)
    chosen = _offline(args)
    if args.text:
        from ..terminal.play import run as run_text

        return run_text(args, chosen)
    _check_window_options(args)
    if chosen is None and args.scenario and not args.watch:  # --watch shows errors in it
        from ..commands.team import new_game_for

        chosen = new_game_for(args.scenario)
    folder = _screenshot_folder(args) if args.autoplay else None

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
        if folder is not None:
            return _capture(app, args, folder)
        start(app, args, chosen)
        app.run()
    finally:
        if args.watch and app.watcher is not None:  # its save folder goes with the window
            app.watcher.close()
        app.close()
    return EXIT_OK


WINDOW_OPTIONS = ("--screenshots", "--size", "--text-scale", "--force")
"""The options of the window's capture mode (`--autoplay POLICY`), in the order checked."""


def _window_options(args: argparse.Namespace) -> list[str]:
    """The capture-mode options given, as the user typed them."""
    given = {"--screenshots": args.screenshots, "--size": args.size,
             "--text-scale": args.text_scale, "--force": args.force}
    return [option for option in WINDOW_OPTIONS if given[option]]


def _check_text_options(args: argparse.Namespace) -> None:
    """Bad usage of `--text` with an option only the window has: it would be ignored."""
    window = _window_options(args)
    if window:
        raise UsageError(f"{window[0]} is for the window's capture mode (--autoplay POLICY); "
                         "--text plays in the terminal, which has no use for it: drop "
                         f"{window[0]}")
    if args.autoplay and args.join is None:
        raise UsageError("--autoplay is the window's capture mode; --text is a game played by "
                         "hand (for a policy's game as text: pmsim autoplay SCENARIO --policy "
                         f"{args.autoplay} --seed N)")
    if args.watch:
        raise UsageError("--watch reloads the scenario in the window; --text does not: drop "
                         "--watch, or play without --text")


def _check_join_options(args: argparse.Namespace) -> None:
    """Bad usage of `--join` (in the window or with --text) with an option it would ignore:
    a workshop game is the host's scenario and seed, carried on by the same command."""
    if args.text:
        _check_text_options(args)
    window = _window_options(args)
    if window:
        raise UsageError(f"{window[0]} is for capture mode (--autoplay POLICY without --join); "
                         f"a workshop game has no use for it: drop {window[0]}")
    if args.scenario is not None:
        raise UsageError(f"a workshop game plays the host's scenario: drop '{args.scenario}' "
                         "(--join plays what the facilitator chose)")
    if args.seed is not None:
        raise UsageError("--seed has no use with --join: a workshop game plays the host's "
                         "seed, the same for every team; drop --seed")
    if args.resume:
        raise UsageError("--continue has no use with --join: the same --join command carries "
                         "on your team's game by itself; drop --continue")
    if args.watch:
        raise UsageError("--watch is for an author playing a scenario file, not a workshop "
                         "game; drop --watch")


def _check_offline_options(args: argparse.Namespace) -> None:
    """Bad usage of a game played without --join, checked before any file is read."""
    if args.code is not None:
        raise UsageError("--code is the join code of a workshop: it needs --join HOST:PORT "
                         "(and --team NAME)")
    if args.team is not None and args.resume:
        raise UsageError("--team starts a new game for a team; a continued game is played "
                         "without one (drop --team, or start again with --team NAME)")
    if args.team is not None and (args.autoplay or args.watch):
        raise UsageError("--team without --join is for a team playing a game by hand; "
                         f"{'capture mode (--autoplay)' if args.autoplay else '--watch'} "
                         "writes no result file")
    if args.resume and (args.autoplay or args.watch):
        raise UsageError(f"--continue carries on the saved game by hand; "
                         f"{'capture mode (--autoplay)' if args.autoplay else '--watch'} "
                         "plays a new one: drop one of them")
    if args.resume and args.seed is not None:
        raise UsageError("--seed starts a new game with that seed; --continue carries on the "
                         "saved game, which keeps its own: drop one of them")
    if args.resume and args.scenario is not None:
        raise UsageError(f"--continue carries on the saved game, whatever it plays: drop "
                         f"'{args.scenario}' (or drop --continue to start a new game of it)")


def _offline(args: argparse.Namespace) -> NewGame | None:
    """The game a --team game plays (the tutorial unless named: a team plays a game, not the
    title) with the team's name as the workshop shows it, checked before anything is played;
    None without --team. `args` is left as the user typed it."""
    if args.team is None:
        return None
    from ..commands.team import new_game_for

    return new_game_for(args.scenario or "tutorial", args.team)


def _check_window_options(args: argparse.Namespace) -> None:
    """Bad usage of the window's options, before it opens."""
    window = _window_options(args)
    if window and not args.autoplay:
        raise UsageError(f"{window[0]} needs --autoplay POLICY (capture mode)")
    if args.watch and not (args.scenario and Path(args.scenario).is_file()):
        raise UsageError("--watch needs the path of a scenario file")
    if args.resume:
        from ..play.session import GameSession, SaveUnusable

        try:
            if not GameSession.check_saved_game():
                raise UsageError("there is no saved game; start one with `pmsim play`")
        except SaveUnusable as exc:
            raise InputError(str(exc)) from None


def _capture(app: App, args: argparse.Namespace, folder: Path) -> int:
    """Capture mode: a shot of every distinct screen, or, in a window too small for the
    game, one shot of the notice and exit 1 (every screen would be that notice)."""
    from .capture import capture

    seed = args.seed if args.seed is not None else 1
    shots = capture(app, args.scenario or "tutorial", seed, args.autoplay, folder,
                    args.size, args.text_scale)
    if app.too_small:
        (w, h), (need_w, need_h) = app.window_size, app.needed
        print(f"pmsim play: the window ({w}x{h}) is too small for text scale "
              f"{app.theme.scale:g}, which needs at least {need_w}x{need_h}: saved only "
              f"the notice, {shots[0]}", file=sys.stderr)
        return EXIT_INVALID
    from ..words import plural

    print(f"saved {plural(len(shots), 'screenshot')} in {folder}")
    return EXIT_OK


def _screenshot_folder(args: argparse.Namespace) -> Path:
    """The capture folder (`--screenshots`, or ./pmsim-screenshots), made if missing, with
    an earlier capture's PNGs deleted when --force asks (only the names capture mode gives).

    Raises UsageError when it cannot be made (a file of that name, no permission), or holds
    an earlier capture's PNGs without --force: checked before the window opens, so nothing is
    half-captured and no old shot is mixed in with new ones."""
    from .capture_options import earlier_shots

    folder = Path(args.screenshots or "pmsim-screenshots")
    if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
        raise UsageError(f"cannot write screenshots to {folder}: it is a file, not a folder "
                         "(name a folder for --screenshots; it is made if missing)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        old = earlier_shots(folder)
        if old and not args.force:
            raise UsageError(_earlier_capture(folder, old))
        for path in old:
            path.unlink()
    except OSError as exc:
        raise UsageError(f"cannot write screenshots to {folder}: {exc.strerror or exc}") from None
    return folder


def _earlier_capture(folder: Path, old: list[Path]) -> str:
    """The refusal of a folder holding `old` shots, in the singular for one ("1 screenshots"
    read as a slip)."""
    if len(old) == 1:
        held, them = f"1 screenshot of an earlier capture ({old[0].name})", "it"
    else:
        held, them = f"{len(old)} screenshots of an earlier capture (such as {old[0].name})", \
            "them"
    return (f"{folder} holds {held}; name another folder, or add --force to delete {them} "
            "first (only the NN-screen.png files)")


def start(app: App, args: argparse.Namespace, chosen: NewGame | None) -> None:
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
        _new_game(app, args, chosen)


def _new_game(app: App, args: argparse.Namespace, chosen: NewGame) -> None:
    """`pmsim play SCENARIO`: straight into its briefing, but first ask (over the title
    screen) when it would replace a game in progress, which is saved over at once."""
    import secrets

    from ..play.session import GameSession, game_in_progress

    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)

    def begin() -> None:
        session = GameSession.start(chosen.scenario, str(chosen.path.resolve()), seed,
                                    app.save_dir, team=chosen.team)
        app.push("briefing", session)

    saved = game_in_progress(app.save_dir)
    if saved is None:
        begin()
    else:
        app.push("confirm", saved, begin)


def _join(args: argparse.Namespace) -> int:
    """`pmsim play --join HOST:PORT --code CODE --team NAME`: a team in a workshop."""
    from ..play import joining
    from ..words import plural

    if not args.join.strip():
        raise UsageError("--join needs the workshop's address, HOST:PORT, as the facilitator "
                         "shows it")
    if not args.code or not args.team:
        raise UsageError("--join needs --code CODE and --team NAME")
    _check_join_options(args)
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
    print(joined.headline)  # only once it is taken (or carried on offline)
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
