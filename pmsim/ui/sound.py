"""Short sounds for feedback, when the player wants them and the machine can play them."""

from __future__ import annotations

import pygame

from ..resources import assets_dir


class Sounds:
    """Plays named sounds from assets/sounds; silent when sound is off or there is no audio."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self._ready: bool | None = None

    def _init(self) -> bool:
        if self._ready is None:
            try:
                pygame.mixer.init()
                self._ready = True
            except pygame.error:
                self._ready = False  # no audio device: play on in silence
        return self._ready

    def play(self, name: str) -> None:
        if not self.enabled or not self._init():
            return
        sound = self._sounds.get(name)
        if sound is None:
            try:
                sound = self._sounds[name] = pygame.mixer.Sound(
                    str(assets_dir() / "sounds" / f"{name}.wav"))
            except (pygame.error, FileNotFoundError):
                return
        sound.play()
