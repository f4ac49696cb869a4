"""The board's details and controls, at the smallest window with the largest text: everything
known about a card readable by scrolling, every control's full text on hover and on focus,
lanes that list everything, a note that covers nothing, capacity words that can be read."""

from __future__ import annotations

from collections import Counter

import pygame
import pytest
from conftest import load_text
from ui_fixtures import many_cards_yaml

from pmsim.catalog import load
from pmsim.play.actions import Answer, Commit, Discover
from pmsim.play.lines import request_lines
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene, lane_contents
from pmsim.ui.settings import Settings


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    application = App(Settings(width=1024, height=640, text_scale=1.4),
                      save_dir=tmp_path / "saves", config_dir=tmp_path / "config")
    yield application
    application.close()


def key(k: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)


def move(pos) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))


def click(pos) -> list[pygame.event.Event]:
    return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)]


def board(app: App, scenario=None, seed: int = 2) -> BoardScene:
    scenario = scenario or load("tutorial").scenario
    made = app.reset(BoardScene(app, GameSession.start(scenario, "x", seed, app.save_dir)))
    assert isinstance(made, BoardScene)
    app.step([])
    return made


def said(app: App) -> str:
    app.draw()
    return " ".join(r.text for r in app.theme.records)


def test_every_line_of_a_discovered_card_is_readable_in_full_by_scrolling(app) -> None:
    b = board(app, load("discovery").scenario)
    request = b.cards[0]
    for method in request.discovery_left:
        b.session.perform(Discover(request.id, method))
    b.session.end_round()
    b.refresh()
    b.select(next(i for i, r in enumerate(b.cards) if r.id == request.id))
    area = b.panel_text.area
    assert b.current is not None and b.current.evidence, "discovery revealed evidence"
    seen: set[str] = set()
    for _ in range(50):
        app.draw()
        seen |= {r.text for r in app.theme.records if area.contains(r.rect)}
        if b.panel_text.scroll == b.panel_text.max_scroll:
            break
        app.step([key(pygame.K_PAGEDOWN)])
    assert b.panel_text.max_scroll > 0, "the test needs a panel taller than its room"
    width = b.panel_text.text_width(app.theme)
    for line in request_lines(b.current, b.view):
        for part in app.theme.wrapped(line.text, width, line.size.value, line.bold):
            assert part in seen, f"never shown whole: {part!r}"
    assert not any(t.endswith("…") for t in seen)


def test_a_discovery_method_shows_its_full_name_on_hover_and_on_focus(app) -> None:
    b = board(app, load_text(many_cards_yaml(6)).scenario)
    full = "Check the data in the warehouse and the CRM"
    button = next(x for x in b.buttons if full in x.label)
    app.draw()
    drawn = [r.text for r in app.theme.records if button.rect.contains(r.rect)]
    assert drawn and drawn[0] != button.label, "the label is cut short at this size"
    app.step([move(button.rect.center)])
    assert full in said(app)
    app.step([move((0, app.size[1] - 1))])
    assert full not in said(app)
    while b.focus < 0 or b.buttons[b.focus] is not button:
        app.step([key(pygame.K_TAB)])
    assert full in said(app)


def test_a_lane_lists_everything_on_hover_click_and_r(app) -> None:
    b = board(app)
    rids = ["double-booking", "db-upgrade", "sms-reminders", "branded-app"]
    for rid in rids:
        b.session.perform(Commit(rid))
    b.refresh()
    titles = [b.view.request(rid).title for rid in rids]
    text = said(app)
    assert "more" in text and not all(t in text for t in titles)
    now = b.layout.lanes["now"]
    app.step([move(now.center)])
    assert all(t in said(app) for t in titles)
    app.step([move((1, 1)), *click(now.center), move((1, 1))])
    assert b.open_lane == "now" and all(t in said(app) for t in titles)
    app.step(click((b.layout.grid.centerx, b.layout.grid.centery)))
    assert b.open_lane is None
    app.step([key(pygame.K_r)])
    assert b.open_lane == "now"
    app.step([key(pygame.K_ESCAPE)])
    assert b.open_lane is None and app.top is b


def test_the_more_below_note_never_covers_a_card(app) -> None:
    b = board(app, load_text(many_cards_yaml(20)).scenario)
    checked = 0
    for index in range(len(b.cards)):
        b.select(index)
        app.draw()
        note = next((r for r in app.theme.records if "more below" in r.text), None)
        if note is None:
            continue
        checked += 1
        for i in range(len(b.cards)):
            card = b.card_rect(i)
            if b.cards_area.contains(card):
                assert not note.rect.colliderect(card), (index, i)
                assert not note.rect.colliderect(b.toggle_rect(card))
    assert checked >= 10


@pytest.mark.parametrize("palette", ["default", "colorblind"])
def test_the_capacity_words_are_ink_on_the_surface_colour(app, palette) -> None:
    from dataclasses import replace

    app.apply_settings(replace(app.settings, palette=palette))
    b = board(app)
    for rid in ["double-booking", "db-upgrade", "sms-reminders"]:
        b.session.perform(Commit(rid))
    b.refresh()
    surface = app.draw()
    words = next(r for r in app.theme.records if "points planned" in r.text)
    p = app.theme.palette
    colours = Counter(tuple(surface.get_at((x, y)))[:3]
                      for x in range(words.rect.left, words.rect.right)
                      for y in range(words.rect.top, words.rect.bottom))
    assert colours.most_common(1)[0][0] == p.surface
    assert p.accent not in colours, "no text over the bar's fill"


def test_a_promise_due_now_is_listed_under_now(app) -> None:
    b = board(app)
    promised = next(r for r in b.view.open_requests if r.promised_for == b.view.round)
    contents = lane_contents(b.planner)
    assert promised.id in contents["now"] and promised.id not in contents["next"]
    app.step([key(pygame.K_r)])
    assert "not in the plan" in said(app)


def test_a_double_click_on_add_keeps_a_not_now_answer(app) -> None:
    b = board(app)
    rid = "double-booking"
    b.session.perform(Answer(rid, "not_now"))
    b.select(next(i for i, r in enumerate(b.cards) if r.id == rid))
    toggle = b.toggle_rect(b.card_rect(b.selected)).center
    app.step(click(toggle))
    assert rid in b.planner.draft.build and "not now" in b.message.lower()
    app.step(click(toggle))
    assert rid not in b.planner.draft.build
    assert b.planner.draft.answer_for(rid) == "not_now"


def test_a_card_cut_off_by_the_edge_of_the_grid_is_not_pointed_at(app) -> None:
    b = board(app, load_text(many_cards_yaml(20)).scenario)
    area = b.cards_area
    cut = next(i for i in range(len(b.cards))
               if b.card_rect(i).top < area.bottom < b.card_rect(i).bottom)
    inside = b.card_rect(cut).clip(area)
    assert inside.height > 0
    assert b.card_at(inside.center) is None
    app.step([move(inside.center)])
    assert b.cards[cut].pitch[:20] not in said(app), "no tooltip for a card not drawn"
