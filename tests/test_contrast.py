"""Every text colour on every colour it is drawn on reads at WCAG AA (4.5:1), in both palettes
(issue 13, item 14)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pygame
import pytest

from pmsim.ui.app import App
from pmsim.ui.capture import capture
from pmsim.ui.settings import Settings
from pmsim.ui.theme import AA_TEXT, PALETTES, Theme, contrast, relative_luminance, text_pairs


def test_the_contrast_formula_gives_wcag_reference_values() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((10, 20, 30), (10, 20, 30)) == pytest.approx(1.0)
    # WebAIM's examples: #777777 on white is 4.48:1 (fails AA), #767676 4.54:1 (passes)
    assert contrast((0x77, 0x77, 0x77), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert relative_luminance((255, 0, 0)) == pytest.approx(0.2126)


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_every_text_pair_reads_at_aa(name: str) -> None:
    palette = PALETTES[name]
    low = [(label, round(contrast(fg, bg), 2)) for label, fg, bg in text_pairs(palette)
           if contrast(fg, bg) < AA_TEXT]
    assert low == []


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_the_pairs_cover_every_text_colour_on_every_surface(name: str) -> None:
    labels = {label for label, _, _ in text_pairs(PALETTES[name])}
    for fg in ("ink", "muted", "accent", "good", "bad", "warn", "lanes[0]", "lanes[2]"):
        for bg in ("background", "surface", "raised"):
            assert f"{fg} on {bg}" in labels
    assert "on_accent on accent" in labels


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_body_text_reads_at_aaa(name: str) -> None:
    palette = PALETTES[name]
    assert contrast(palette.ink, palette.background) >= 7
    assert contrast(palette.ink, palette.surface) >= 7


def _background(before: pygame.Surface, rect: pygame.Rect) -> tuple[int, int, int] | None:
    """The most common colour under `rect` before the text was drawn (every third pixel)."""
    area = rect.clip(before.get_rect())
    if area.width <= 0 or area.height <= 0:
        return None
    counts = Counter(tuple(before.get_at((x, y)))[:3]
                     for x in range(area.x, area.right, 3) for y in range(area.y, area.bottom, 3))
    colour = counts.most_common(1)[0][0]
    return colour[0], colour[1], colour[2]


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_every_text_drawn_on_every_screen_reads_at_aa(name: str, tmp_path, monkeypatch) -> None:
    """The pairs above are what the scenes are meant to use; this checks what they draw: every
    text of a whole captured game, against the colour actually under it (the capacity bar's
    words once sat dark on the dark fill)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    low: set[tuple[str, float]] = set()
    checked = 0
    real = Theme.text

    def text(self: Theme, surface: pygame.Surface, words: str, *args: Any, **kwargs: Any
             ) -> pygame.Rect:
        nonlocal checked
        before = surface.copy()
        rect = real(self, surface, words, *args, **kwargs)
        colour = kwargs.get("color") or (args[2] if len(args) > 2 else None) or self.palette.ink
        under = _background(before, rect)
        if words.strip() and under is not None:
            checked += 1
            if contrast(colour, under) < AA_TEXT:
                low.add((words[:40], round(contrast(colour, under), 2)))
        return rect

    monkeypatch.setattr(Theme, "text", text)
    app = App(Settings(sound=False, palette=name), save_dir=tmp_path / "saves",
              config_dir=tmp_path / "config")
    try:
        capture(app, "tutorial", 1, "rice", tmp_path / "shots", (1024, 640), 1.0)
    finally:
        app.close()
    assert checked > 1000
    assert low == set()
