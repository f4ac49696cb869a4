"""The app: a window, a stack of scenes, and a loop that only redraws when something changed.

Scenes follow one contract: `handle` reacts to input and may change state; `update` advances
animations and says whether one is running; `draw` paints and must not change any state of the
game or the scene, and does no file or network I/O (a test holds every scene to it). `enter`
is called when a scene comes to the top, `leave` when it leaves the stack. Scenes reach one
another by name (`app.push("board", session)`), never by importing each other. An idle window
waits for events instead of spinning, so it costs almost no CPU.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from .settings import Settings
from .settings import save as save_settings
from .sound import Sounds
from .theme import PALETTES, Theme

if TYPE_CHECKING:
    from .watch import Watcher

MIN_SIZE = (1024, 640)
IDLE_SLEEP = 0.015  # seconds between looks at the event queue when nothing is happening
TITLE = "pmsim — a product management simulator"


class NoDisplay(RuntimeError):
    """No window can be opened (no display, or SDL has no video driver)."""


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
        self.watcher: Watcher | None = None
        """Set by `pmsim play --watch`: reloads the scenario when its file changes."""

    @property
    def size(self) -> tuple[int, int]:
        return self.window.size

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
        settings = settings.cleaned()
        resized = (settings.width, settings.height) != (self.settings.width, self.settings.height)
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

    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT or event.type == pygame.WINDOWCLOSE:
            self.running = False
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            for scene in self.stack:
                scene.resize(self.size)
            self.dirty = True
            return
        if event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN, pygame.WINDOWRESTORED):
            self.dirty = True
            return
        if not self.stack:
            return
        if event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.MOUSEBUTTONDOWN,
                          pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION, pygame.MOUSEWHEEL,
                          pygame.TEXTINPUT):
            self.top.handle(event)
            self.dirty = True

    def draw(self, present: bool = True) -> pygame.Surface:
        """Paint the top scene (and what it overlays) and show it (`present`: the benchmark
        times painting and showing apart)."""
        surface = self.surface
        self.theme.records.clear()
        self.layers = []
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
        # For the start-up benchmark (bench/frame_bench.py): stop once the first frame is shown.
        first_frame_only = os.environ.get("PMSIM_EXIT_AFTER_FIRST_FRAME") == "1"
        if first_frame_only:
            self.draw()
            return
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
        self.draw()
        pygame.image.save(self.surface, str(path))

    def close(self) -> None:
        self.window.destroy()
        pygame.display.quit()
