"""The app: a window, a stack of scenes, and a loop that only redraws when something changed.

Scenes follow one contract: `handle` reacts to input and may change state; `update` advances
animations and says whether one is running; `draw` paints and must not change any state of the
game or the scene, and does no file or network I/O (a test holds every scene to it). `enter`
is called when a scene comes to the top, `leave` when it leaves the stack. Scenes reach one
another by name (`app.push("board", session)`), never by importing each other. An idle window
waits for events instead of spinning, so it costs almost no CPU.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from .settings import Settings
from .settings import load as load_settings
from .settings import save as save_settings
from .sound import Sounds
from .theme import PALETTES, TEXT_SCALES, Theme

if TYPE_CHECKING:
    from .watch import Watcher

MIN_SIZE = (1024, 640)
"""The window's minimum size, asked of the window manager (X11 without one, or a tiling one,
may not enforce it: below `App.needed` the too-small screen is shown instead)."""
LARGEST_SCALE = 1.4
"""The text scale at which MIN_SIZE is just enough; smaller text needs proportionally less."""
IDLE_SLEEP = 0.015  # seconds between looks at the event queue when nothing is happening
TITLE = "pmsim — a product management simulator"


MOUSE_EVENTS = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION,
                pygame.MOUSEWHEEL)
KEY_EVENTS = (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT)


def is_fullscreen_key(event: pygame.event.Event) -> bool:
    """F11, or Alt+Enter (so Alt+Enter never reaches a scene as Enter)."""
    if event.key == pygame.K_F11:
        return True
    enter = event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)
    return enter and bool(event.mod & pygame.KMOD_ALT)


def text_size_step(event: pygame.event.Event) -> int:
    """-1 for Ctrl+minus, +1 for Ctrl+plus (or Ctrl+=, the same key unshifted), else 0."""
    if not event.mod & pygame.KMOD_CTRL:
        return 0
    if event.key in (pygame.K_MINUS, pygame.K_KP_MINUS):
        return -1
    if event.key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
        return 1
    return 0


def too_small_text(app: App) -> str:
    (w, h), (need_w, need_h) = app.window_size, app.needed
    return (f"The window is too small ({w}×{h}) for this text size. Enlarge it to at least "
            f"{need_w}×{need_h}, or reduce the text size (Ctrl+minus). Nothing is lost: "
            "your plan is kept.")


def draw_too_small(app: App, surface: pygame.Surface) -> None:
    """What a window below `App.needed` shows: why, and what to do. Safe at any size."""
    theme = app.theme
    surface.fill(theme.palette.background)
    u = theme.unit
    w, h = surface.get_size()
    area = pygame.Rect(u, u, max(0, w - 2 * u), max(0, h - 2 * u))
    if area.width > 0 and area.height > 0:
        theme.paragraph(surface, too_small_text(app), area, "body", theme.palette.ink)


class Terminated(KeyboardInterrupt):
    """SIGTERM ended the window (see `App.run`): a KeyboardInterrupt, so every command ends
    on it as on Ctrl-C, cleaning up on the way; `exit_code` is what `pmsim` exits with."""

    exit_code = 128 + signal.SIGTERM


class NoDisplay(RuntimeError):
    """No window can be opened (no display, or SDL has no video driver)."""


PROBE_NOISE = b"XDG_RUNTIME_DIR is invalid or not set"
"""What the Wayland library prints on the standard error (not through Python) when SDL tries
it on a machine without a Wayland session: noise before pmsim's own "needs a display"."""


@contextlib.contextmanager
def _without_probe_noise() -> Iterator[None]:
    """SDL's look for a display, with the Wayland library's complaint about XDG_RUNTIME_DIR
    kept off the standard error: without a display the player sees only pmsim's message.
    Anything else written there meanwhile (another thread, another complaint) is passed on
    once the look is over."""
    try:
        kept = os.dup(2)
    except OSError:  # no standard error to clean up
        yield
        return
    with contextlib.ExitStack() as stack:
        stack.callback(os.close, kept)
        try:
            caught = stack.enter_context(tempfile.TemporaryFile())
        except OSError:
            yield
            return
        with contextlib.suppress(OSError, ValueError, AttributeError):  # None: no console
            sys.stderr.flush()  # what Python holds goes out before, in its place
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(kept, 2)
            caught.seek(0)
            rest = b"".join(line for line in caught.readlines() if PROBE_NOISE not in line)
            if rest:
                with contextlib.suppress(OSError):
                    os.write(2, rest)


class Scene:
    name = "scene"
    overlay = False
    """An overlay is drawn on top of the scene below it (a dialog, the pause menu)."""

    def __init__(self, app: App):
        self.app = app

    @property
    def theme(self) -> Theme:
        return self.app.theme

    def enter(self) -> None:
        """Called when the scene becomes the top of the stack (again)."""

    def leave(self) -> None:
        """Called when the scene is taken off the stack (popped, replaced or reset away): stop
        what it started (a background job, a text input)."""

    def resize(self, size: tuple[int, int]) -> None:
        """Lay out for a new window size (also called once before the first draw)."""

    def handle(self, event: pygame.event.Event) -> None:
        pass

    def update(self, dt: float) -> bool:
        return False

    def draw(self, surface: pygame.Surface) -> None:
        raise NotImplementedError


class App:
    def __init__(self, settings: Settings, save_dir: Path | None = None,
                 config_dir: Path | None = None):
        self.settings = settings.cleaned()
        self.save_dir = save_dir
        self.config_dir = config_dir
        try:
            with _without_probe_noise():
                pygame.display.init()
            # SDL falls back to an invisible driver when there is no display; unless someone
            # asked for one (tests, capture mode), a window nobody can see is no window.
            driver = pygame.display.get_driver()
            if driver in ("offscreen", "dummy") and not os.environ.get("SDL_VIDEODRIVER"):
                pygame.display.quit()
                raise NoDisplay(f"SDL found only its '{driver}' video driver")
            pygame.font.init()
            size = (self.settings.width, self.settings.height)
            self.window = pygame.Window(TITLE, size, resizable=True,
                                        fullscreen_desktop=self.settings.fullscreen)
        except pygame.error as exc:
            raise NoDisplay(str(exc)) from None
        self.window.minimum_size = MIN_SIZE
        self.theme = Theme(PALETTES[self.settings.palette], self.settings.text_scale)
        self.sounds = Sounds(self.settings.sound)
        self.stack: list[Scene] = []
        self.running = True
        self.dirty = True
        self.frames = 0
        self.clock = pygame.time.Clock()
        self.layers: list[tuple[str, int]] = []
        """For each scene drawn in the last frame, where its text records start."""
        self.size_changed = False
        """Whether the player resized the window (the size is kept for the next run)."""
        self.watcher: Watcher | None = None
        """Set by `pmsim play --watch`: reloads the scenario when its file changes."""
        self.interrupted = False
        """Whether Ctrl-C (SIGINT) ended the last `run`."""
        self.terminated = False
        """Whether SIGTERM ended the last `run`."""

    @property
    def window_size(self) -> tuple[int, int]:
        """The window as it is (it may be smaller than any layout can use)."""
        return self.window.size

    @property
    def needed(self) -> tuple[int, int]:
        """The smallest window the scenes lay out in at the current text scale: MIN_SIZE at
        the largest text, proportionally less for smaller text."""
        share = self.theme.scale / LARGEST_SCALE
        return round(MIN_SIZE[0] * share), round(MIN_SIZE[1] * share)

    @property
    def too_small(self) -> bool:
        """Whether the window is smaller than `needed`: the too-small screen is shown."""
        (w, h), (need_w, need_h) = self.window.size, self.needed
        return w < need_w or h < need_h

    @property
    def size(self) -> tuple[int, int]:
        """The size scenes lay out for: the window, but never below `needed`, so no layout
        ever makes a negative rectangle (a smaller window shows the too-small screen)."""
        (w, h), (need_w, need_h) = self.window.size, self.needed
        return max(w, need_w), max(h, need_h)

    @property
    def surface(self) -> pygame.Surface:
        return self.window.get_surface()

    # --- the scene stack -----------------------------------------------------------------------

    @property
    def top(self) -> Scene:
        return self.stack[-1]

    def scene(self, scene: Scene | str, *args: Any) -> Scene:
        """A scene, or the scene registered under a name, made with `args`."""
        if isinstance(scene, Scene):
            return scene
        from .scenes.registry import make

        return make(scene, self, *args)

    def push(self, scene: Scene | str, *args: Any) -> Scene:
        made = self.scene(scene, *args)
        self.stack.append(made)
        made.resize(self.size)
        made.enter()
        self.dirty = True
        return made

    def pop(self) -> Scene:
        scene = self.stack.pop()
        scene.leave()
        if self.stack:
            self.top.resize(self.size)
            self.top.enter()
        else:
            self.running = False
        self.dirty = True
        return scene

    def replace(self, scene: Scene | str, *args: Any) -> Scene:
        made = self.scene(scene, *args)
        if self.stack:
            self.stack.pop().leave()
        return self.push(made)

    def reset(self, scene: Scene | str, *args: Any) -> Scene:
        """Clear the stack and show `scene` (back to the title, into a new game)."""
        made = self.scene(scene, *args)
        while self.stack:
            self.stack.pop().leave()
        return self.push(made)

    # --- settings ------------------------------------------------------------------------------

    def apply_settings(self, settings: Settings) -> None:
        resized = (settings.width, settings.height) != (self.settings.width, self.settings.height)
        settings = settings.cleaned()
        if not resized:  # another setting changed: the window keeps the size it was given
            settings = dataclasses.replace(settings, width=self.settings.width,
                                           height=self.settings.height)
        self.settings = settings
        self.theme = Theme(PALETTES[settings.palette], settings.text_scale)
        self.sounds.enabled = settings.sound
        if settings.fullscreen:
            self.window.set_fullscreen(desktop=True)
        else:
            self.window.set_windowed()
            if resized:
                self.window.size = (settings.width, settings.height)
        save_settings(settings, self.config_dir)
        for scene in self.stack:
            scene.resize(self.size)
        self.dirty = True

    # --- the loop ------------------------------------------------------------------------------

    def toggle_fullscreen(self) -> None:
        """F11 or Alt+Enter, in any scene: the same as the Fullscreen setting."""
        fullscreen = not self.settings.fullscreen
        self.apply_settings(dataclasses.replace(self.settings, fullscreen=fullscreen))

    def step_text_scale(self, step: int) -> None:
        """Ctrl+minus / Ctrl+plus, in any scene (also on the too-small screen): the next text
        size down or up, as the Text setting would choose it."""
        scales = list(TEXT_SCALES)
        index = scales.index(self.settings.text_scale) + step
        if 0 <= index < len(scales):
            self.apply_settings(dataclasses.replace(self.settings, text_scale=scales[index]))

    def window_resized(self) -> None:
        """The player (or the window manager) resized the window: lay every scene out again,
        and let the Window setting say the size it now has (kept when the game closes)."""
        w, h = self.window.size
        if not self.settings.fullscreen and (w, h) != (self.settings.width, self.settings.height):
            self.settings = dataclasses.replace(self.settings, width=w, height=h)
            self.size_changed = True
        for scene in self.stack:
            scene.resize(self.size)
        self.dirty = True

    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT or event.type == pygame.WINDOWCLOSE:
            self.running = False
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self.window_resized()
            return
        if event.type == pygame.KEYDOWN and is_fullscreen_key(event):
            self.toggle_fullscreen()
            return
        if event.type == pygame.KEYDOWN and text_size_step(event):
            self.step_text_scale(text_size_step(event))
            return
        if event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN, pygame.WINDOWRESTORED):
            self.dirty = True
            return
        if not self.stack:
            return
        if event.type in MOUSE_EVENTS and self.too_small:
            return  # the scene is not on the screen: a click there would land somewhere unseen
        if event.type in MOUSE_EVENTS or event.type in KEY_EVENTS:
            self.top.handle(event)
            self.dirty = True

    def draw(self, present: bool = True) -> pygame.Surface:
        """Paint the top scene (and what it overlays) and show it (`present`: the benchmark
        times painting and showing apart)."""
        surface = self.surface
        self.theme.records.clear()
        self.layers = []
        if self.too_small:
            self.layers.append(("too small", 0))
            draw_too_small(self, surface)
            if present:
                self.window.flip()
            self.frames += 1
            self.dirty = False
            return surface
        first = len(self.stack) - 1
        while first > 0 and self.stack[first].overlay:
            first -= 1
        for scene in self.stack[first:]:
            self.layers.append((scene.name, len(self.theme.records)))
            scene.draw(surface)
        if present:
            self.window.flip()
        self.frames += 1
        self.dirty = False
        return surface

    def step(self, events: list[pygame.event.Event] | None = None, dt: float = 0.0) -> None:
        """Process events, advance animations, draw if needed: one turn of the loop."""
        for event in events if events is not None else pygame.event.get():
            self.dispatch(event)
        if self.running and self.stack:
            animating = self.top.update(dt)
            if self.dirty or animating:
                self.draw()

    def run(self) -> None:
        """Show the scenes until the window is closed (or a scene stops the app).

        Ctrl-C in the terminal stops the app as closing the window does, between two turns of
        the loop (never halfway through a scene's work, see `stop_on_interrupt`), and is then
        passed on as KeyboardInterrupt: `pmsim play` exits 130, the host stops serving.
        SIGTERM (a logout, `timeout`, a process manager) does the same, passed on as
        Terminated: what the window made (watch mode's save folder) is cleaned up, and
        `pmsim play` exits 143, as a process ended by SIGTERM."""
        # For the start-up benchmark (bench/frame_bench.py): stop once the first frame is shown.
        first_frame_only = os.environ.get("PMSIM_EXIT_AFTER_FIRST_FRAME") == "1"
        if first_frame_only:
            self.draw()
            return
        self.interrupted = False
        self.terminated = False
        with self.stop_on_interrupt(), self.stop_on_terminate():
            self.loop()
        if self.terminated:
            raise Terminated
        if self.interrupted:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def stop_on_interrupt(self) -> Iterator[None]:
        """While the loop runs, SIGINT (Ctrl-C) ends it like a closed window: Python's own
        handler would raise KeyboardInterrupt wherever the loop happens to be, between a
        change and its save, say. Left alone when SIGINT is ignored (a program started in
        the background by a script ignores it, as every program does) or handled by
        someone else, and outside the main thread, where no handler can be set. A second
        Ctrl-C before the loop has stopped (a scene busy for long) raises at once."""
        with self._stop_on(signal.SIGINT, "interrupted", KeyboardInterrupt,
                           (signal.default_int_handler,), signal.default_int_handler):
            yield

    @contextlib.contextmanager
    def stop_on_terminate(self) -> Iterator[None]:
        """While the loop runs, SIGTERM ends it as Ctrl-C does (see `stop_on_interrupt`), so
        the code after the loop cleans up (watch mode's save folder) instead of the process
        dying where it stands. SDL's own handler, which turns SIGTERM into a quit event,
        is not counted on: SDL_NO_SIGNAL_HANDLERS turns it off, and it makes a second
        SIGTERM do nothing, where here it raises at once (a scene busy for long). Left alone
        when SIGTERM is ignored or handled in Python by someone else, and outside the main
        thread; afterwards SIGTERM is back to ending the process at once."""
        with self._stop_on(signal.SIGTERM, "terminated", Terminated,
                           (signal.SIG_DFL, None), signal.SIG_DFL):  # None: SDL's, set in C
            yield

    @contextlib.contextmanager
    def _stop_on(self, signum: signal.Signals, flag: str, second: type[BaseException],
                 usual: tuple[object, ...], restore: Any) -> Iterator[None]:
        """While the loop runs, `signum` stops it between frames (`flag` and then `running`
        are set); a second one raises `second` at once. Left alone outside the main thread and
        when the signal's handler is not one of `usual` (ignored, or someone else's);
        afterwards its handler is `restore`."""
        if (threading.current_thread() is not threading.main_thread()
                or signal.getsignal(signum) not in usual):
            yield
            return

        def stop(number: int, frame: object) -> None:
            if getattr(self, flag):
                raise second
            setattr(self, flag, True)
            self.running = False

        signal.signal(signum, stop)
        try:
            yield
        finally:
            signal.signal(signum, restore)

    def loop(self) -> None:
        """The loop `run` runs: events, animations, a frame when something changed."""
        while self.running and self.stack:
            animating = self.top.update(0.0)
            if animating:
                dt = self.clock.tick(60) / 1000.0
                events = pygame.event.get()
            else:
                events = pygame.event.get()
                if not events:
                    # pygame's event.wait(timeout) polls inside and cost 2-3 % of a core on
                    # X11 (bench/RESULTS.md); a short sleep costs under 1 % and answers a key
                    # within IDLE_SLEEP.
                    time.sleep(IDLE_SLEEP)
                dt = self.clock.tick() / 1000.0
            if self.watcher is not None and self.watcher.poll():
                self.dirty = True
            for event in events:
                self.dispatch(event)
            if not self.running or not self.stack:
                break
            animating = self.top.update(dt)
            if self.dirty or animating:
                self.draw()

    def screenshot(self, path: Path) -> None:
        """Draw a frame and save it to `path` as a PNG, in one step (`fileio.atomic_write_bytes`):
        a full disk raises OSError ("could not save the screenshot PATH: No space left on
        device") instead of leaving an empty or half-written file counted as saved."""
        from ..fileio import atomic_write_bytes

        self.draw()
        encoded = io.BytesIO()
        pygame.image.save(self.surface, encoded, path.name)  # the name's suffix: PNG
        try:
            atomic_write_bytes(path, encoded.getvalue(), create_folder=False)
        except OSError as exc:
            raise OSError(exc.errno, f"could not save the screenshot {path}: "
                                     f"{exc.strerror or exc}", str(path)) from None

    @contextlib.contextmanager
    def saving_apart(self, prefix: str) -> Iterator[Path]:
        """A save folder of the app's own while a bot plays (capture mode) or an author
        tests a file (watch mode): the games they start would otherwise replace the player's
        game in progress and join their results history as theirs. Deleted afterwards, and
        the app's own folder put back."""
        import tempfile

        kept = self.save_dir
        with tempfile.TemporaryDirectory(prefix=prefix, ignore_cleanup_errors=True) as folder:
            self.save_dir = Path(folder)
            try:
                yield self.save_dir
            finally:
                self.save_dir = kept

    def close(self) -> None:
        """Close the window; a size the player dragged it to is kept for the next run."""
        if self.size_changed:
            saved = load_settings(self.config_dir)
            size = self.settings.cleaned()
            save_settings(dataclasses.replace(saved, width=size.width, height=size.height),
                          self.config_dir)
        self.window.destroy()
        pygame.display.quit()
