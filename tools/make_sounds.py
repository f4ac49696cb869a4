"""Make the game's sounds (assets/sounds/*.wav): short sine tones with soft edges.

Run: python tools/make_sounds.py — the files are committed; this shows how they were made and
lets anyone change them. The sounds are the project's own work, under the project's licence.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds"


def tone(notes: list[tuple[float, float]], volume: float = 0.25) -> bytes:
    """Concatenated (frequency Hz, seconds) notes, each with a 10 ms fade in and out."""
    frames = bytearray()
    for frequency, seconds in notes:
        count = int(RATE * seconds)
        fade = int(RATE * 0.01)
        for i in range(count):
            envelope = min(1.0, i / fade, (count - i) / fade)
            sample = volume * envelope * math.sin(2 * math.pi * frequency * i / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    return bytes(frames)


def write(name: str, data: bytes) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT / name), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data)


if __name__ == "__main__":
    write("commit.wav", tone([(880, 0.05)], 0.2))
    write("undo.wav", tone([(660, 0.05)], 0.15))
    write("round.wav", tone([(523, 0.12), (659, 0.12), (784, 0.2)], 0.2))
