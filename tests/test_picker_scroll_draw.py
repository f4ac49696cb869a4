"""The scenario picker draws a card partly scrolled out of its list too, clipped to the list
(only whole cards were drawn: scrolled to a card low in the list, a blank band was left where
the card above it was), and of such a card only the lines of text wholly in sight."""

from __future__ import annotations

import pygame
import pytest

from pmsim.ui.app import App
from pmsim.ui.scenes.picker import PickerScene
from pmsim.ui.settings import Settings


def _key(key: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def _wheel_down() -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False, precise_x=0.0,
                              precise_y=-1.0, touch=False)


def _check_frame(app: App, picker: PickerScene) -> int:
    """Draw; assert every card in sight is painted where it shows and its text lies wholly
    in the list; return how many cards showed only in part."""
    app.draw()
    surface = app.surface
    p, u = app.theme.palette, app.theme.unit
    body = picker.body
    partial = 0
    for card in picker.card_rects:
        seen = card.clip(body)
        if not seen.height:
            continue
        partial += seen.height < card.height
        # the margin right of the text, away from the rounded corners
        x = card.right - u
        rows = range(max(seen.top, card.top + u + 4), min(seen.bottom, card.bottom - u - 4))
        for y in rows[::4]:
            assert surface.get_at((x, y))[:3] in (p.surface, p.raised), (card, y)
    texts = [r for r in app.theme.records if body.colliderect(r.rect)]
    assert texts and all(body.contains(r.rect) for r in texts), \
        [r.text for r in texts if not body.contains(r.rect)]
    for index, a in enumerate(texts):
        assert not [b.text for b in texts[index + 1:] if a.rect.colliderect(b.rect)], a.text
    return partial


@pytest.mark.parametrize("size,scale", [((1024, 640), 1.4), ((1920, 1080), 1.0)],
                         ids=["1024x640-x1.4", "1920x1080"])
def test_cards_partly_scrolled_out_are_drawn_clipped(tmp_path, monkeypatch, size,
                                                     scale) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = App(Settings(width=size[0], height=size[1], text_scale=scale),
              save_dir=tmp_path / "saves", config_dir=tmp_path / "config")
    try:
        picker = PickerScene(app)
        app.reset(picker)
        assert picker.max_scroll > 0, "the bundled scenarios fill more than the list"
        partial = 0
        while True:  # down the list a wheel notch at a time, checking every frame
            partial += _check_frame(app, picker)
            before = picker.scroll
            app.step([_wheel_down()])
            if picker.scroll == before:
                break
        assert partial >= 3, "some frames showed cards in part"
        # choosing the last card, as the tester did: the card above it shows in part
        app.step([_key(pygame.K_HOME)])
        for _ in range(len(picker.entries) - 1):
            app.step([_key(pygame.K_DOWN)])
        assert picker.selected == len(picker.entries) - 1
        _check_frame(app, picker)
    finally:
        app.close()
