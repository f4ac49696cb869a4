"""The board's panel buttons at the smallest window with the largest text: every discovery
method and every answer drawn with a label that says which one it is (not "1…" or "Not…"),
the methods' costs on their buttons at every text size, the methods' labels all shortened by
one rule, and at a large window with their costs and full names."""

from __future__ import annotations

import contextlib
import itertools
import re

import pytest
from conftest import load_text
from ui_fixtures import many_cards_yaml

from pmsim.catalog import bundled, load
from pmsim.play.actions import Answer, Discover
from pmsim.play.planner import Impossible
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.scenes.board import (
    COSTED_LABELS,
    BoardScene,
    distinguishing_words,
    method_labels,
    terse,
)
from pmsim.ui.settings import Settings
from pmsim.ui.theme import TEXT_SCALES
from pmsim.ui.widgets import Button


def make_app(tmp_path, size: tuple[int, int], scale: float) -> App:
    return App(Settings(width=size[0], height=size[1], text_scale=scale),
               save_dir=tmp_path / "saves", config_dir=tmp_path / "config")


@pytest.fixture
def small(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    application = make_app(tmp_path, (1024, 640), 1.4)
    yield application
    application.close()


def board(app: App, name: str) -> BoardScene:
    session = GameSession.start(load(name).scenario, name, 2, app.save_dir)
    made = app.reset(BoardScene(app, session))
    assert isinstance(made, BoardScene)
    app.step([])
    return made


def drawn_labels(app: App, scene: BoardScene) -> dict[str, str]:
    """Each panel button's label and the text drawn inside it."""
    app.draw()
    panel = scene.layout.panel
    return {b.label: " ".join(r.text for r in app.theme.records if b.rect.contains(r.rect))
            for b in scene.buttons if panel.contains(b.rect)}


@pytest.mark.parametrize("name", ["tutorial", "ferry", "discovery", "roadmap"])
def test_each_discovery_button_shows_words_that_tell_its_method_apart(small, name) -> None:
    scene = board(small, name)
    methods = {m.id: m for m in scene.view.methods}
    request = scene.current
    assert request is not None and len(request.discovery_left) >= 3
    names = [m.name for m in scene.view.methods]
    apart = distinguishing_words(names)
    drawn = drawn_labels(small, scene)
    shown = []
    for method in request.discovery_left:
        full = methods[method].name
        label = next(label for label in drawn if label.endswith(full))
        text = drawn[label]
        assert "…" not in text, f"{full!r} drawn cut short: {text!r}"
        assert apart[full] in text or terse(apart[full]) in text, f"{full!r} drawn as {text!r}"
        shown.append(text)
    assert len(set(shown)) == len(shown), f"two methods look alike: {shown}"


def test_the_tutorials_methods_and_answers_read_in_words_at_the_smallest_size(small) -> None:
    scene = board(small, "tutorial")
    request = scene.current
    assert request is not None
    scene.session.perform(Answer(request.id, "not_now"))
    scene.refresh()
    drawn = drawn_labels(small, scene)
    texts = set(drawn.values())
    for word in ("Check", "Read", "Interview", "Technical", "Clickable"):
        assert any(word in t for t in texts), f"no button says {word!r}: {sorted(texts)}"
    for answer in ("Next", "Later", "• Not now", "No"):
        assert drawn[answer] == answer, f"{answer!r} drawn as {drawn[answer]!r}"


def test_a_large_window_shows_each_methods_cost_and_name(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = make_app(tmp_path, (1920, 1080), 1.0)
    try:
        scene = board(app, "tutorial")
        drawn = drawn_labels(app, scene)
        assert drawn["1 pt: Check the data"] == "1 pt: Check the data"
        assert drawn["2 pt: Interview five clinics"] == "2 pt: Interview five clinics"
        whole = drawn["0 pt: Read the tickets and the incident log"]
        assert "Read the tickets and the incident log" in whole, whole
        assert all(drawn[a] == a for a in ("Next", "Later", "Not now", "No"))
    finally:
        app.close()


def test_distinguishing_words_are_as_few_as_tell_the_names_apart() -> None:
    names = ["Read the ticket office's complaint log", "Read the error logs", "Dig in", "Dig"]
    assert distinguishing_words(names) == {
        "Read the ticket office's complaint log": "Read the ticket",
        "Read the error logs": "Read the error", "Dig in": "Dig in", "Dig": "Dig"}
    assert terse("Read the error") == "Read error"


# --- every method's cost on its button, one shortening rule for all of them ---------------------

BUNDLED = sorted(p.stem for p in bundled())


def method_texts(app: App, scene: BoardScene) -> list[tuple[Button, str, int]]:
    """The selected card's method buttons: each with the text drawn inside it and the cost of
    its method."""
    request = scene.current
    assert request is not None
    methods = {m.name: m for m in scene.view.methods}
    drawn = drawn_labels(app, scene)
    found = []
    for button in scene.buttons:
        name = next((n for n in methods if button.label.endswith(f" pt: {n}")), None)
        if name is not None:
            found.append((button, drawn[button.label], methods[name].cost))
    assert len(found) == len(request.discovery_left)
    return found


def every_card(app: App, scene: BoardScene):
    """Each card selected in turn, then again with its first method planned (a "• " mark)."""
    for planned in (False, True):
        for index in range(len(scene.cards)):
            scene.selected = index
            request = scene.current
            assert request is not None
            if planned and request.discovery_left:
                with contextlib.suppress(Impossible):  # over capacity: left unplanned
                    scene.session.perform(Discover(request.id, request.discovery_left[0]))
            scene.refresh()
            yield request


def form_drawn(button: Button, text: str) -> int:
    forms = (button.label, *button.short)
    assert text in forms, f"{button.label!r} drawn as {text!r}, none of its forms {forms}"
    return forms.index(text)


def assert_whole_and_inside(app: App, button: Button, text: str) -> None:
    assert text and "…" not in text, f"{button.label!r} drawn cut short: {text!r}"
    inside = [r for r in app.theme.records if r.text == text and button.rect.contains(r.rect)]
    assert inside, f"{text!r} is not inside its button {button.rect}"
    assert app.theme.font("body", True).size(text)[0] <= button.rect.width - app.theme.unit


@pytest.mark.parametrize("scale", TEXT_SCALES)
@pytest.mark.parametrize("name", BUNDLED)
def test_every_method_button_shows_its_cost_at_1024x640_all_shortened_alike(
        tmp_path, monkeypatch, name, scale) -> None:
    """On every card of every bundled scenario: each method button drawn whole, inside it,
    with its cost; and the panel's labels shortened by one rule (never "Read ticket" beside
    "Read the error")."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = make_app(tmp_path, (1024, 640), scale)
    try:
        scene = board(app, name)
        for request in every_card(app, scene):
            found = method_texts(app, scene)
            for button, text, cost in found:
                assert re.search(rf"(^|\s){cost} ?pt\b", text), (
                    f"{name} {request.id}: {button.label!r} drawn without its cost: {text!r}")
                assert_whole_and_inside(app, button, text)
            forms = {form_drawn(button, text) for button, text, _ in found}
            assert len(forms) <= 1, (f"{name} {request.id}: labels shortened unevenly: "
                                     f"{[text for _, text, _ in found]}")
    finally:
        app.close()


def test_the_ferrys_two_read_methods_read_alike_at_the_smallest_size(small) -> None:
    """Testers saw "Read ticket" (small words dropped) beside "Read the error" (not)."""
    scene = board(small, "ferry")
    texts = [text for _, text, _ in method_texts(small, scene)]
    reads = [t for t in texts if "Read" in t]
    assert len(reads) == 2, texts
    assert ("Read the" in reads[0]) == ("Read the" in reads[1]), reads


@pytest.mark.parametrize("scale", [1.0, 1.4])
@pytest.mark.parametrize("name", BUNDLED)
def test_a_large_window_shows_every_methods_whole_label(tmp_path, monkeypatch, name,
                                                        scale) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = make_app(tmp_path, (1920, 1080), scale)
    try:
        scene = board(app, name)
        for button, text, _ in method_texts(app, scene):
            assert text == button.label, f"{button.label!r} drawn as {text!r}"
            assert_whole_and_inside(app, button, text)
    finally:
        app.close()


def methods_yaml(count: int) -> str:
    """A scenario whose `count` methods have long names alike but for their third word."""
    words = ["error", "ticket", "billing", "churn", "usage", "survey", "sales", "refund",
             "login", "search", "export", "import"]
    methods = "\n".join(f"  - {{id: m{i}, name: Read the {words[i]} logs and the notes, "
                        f"cost: {i % 4 + 1}}}" for i in range(count))
    head, rest = many_cards_yaml(3).split("discovery:\n")
    _, requests = rest.split("requests:\n")
    return (head + "discovery:\n" + methods + "\nrequests:\n"
            + requests.replace("evidence: {data:", "evidence: {m0:"))


@pytest.mark.parametrize("count", [6, 8, 12])
def test_many_methods_at_the_smallest_size_share_one_rule_and_keep_costs_while_they_fit(
        small, count) -> None:
    loaded = load_text(methods_yaml(count))
    assert loaded.scenario is not None
    made = small.reset(BoardScene(small, GameSession.start(loaded.scenario, "x", 2,
                                                           small.save_dir)))
    assert isinstance(made, BoardScene)
    small.step([])
    drawn = drawn_labels(small, made)
    buttons = [b for b in made.buttons if " pt: Read the " in b.label]
    assert len(buttons) == count
    assert len({b.form for b in buttons}) == 1
    assert all(made.layout.panel.contains(b.rect) for b in buttons)
    for a, b in itertools.combinations(made.buttons, 2):
        assert not a.rect.colliderect(b.rect), f"{a.label!r} overlaps {b.label!r}"
    assert all(drawn[b.label] for b in buttons), "a label drawn outside its button"
    texts = [drawn[b.label] for b in buttons]
    if count == 6:  # three rows of two, the small words dropped, the costs kept, all whole
        assert texts[:2] == ["1 pt: Read error", "2 pt: Read ticket"], texts
        for button, text in zip(buttons, texts, strict=True):
            assert_whole_and_inside(small, button, text)
    else:  # no room for the costs (on hover): the names alone, equal, cut when they must be
        assert all(" pt" not in t and "pt" not in t.split()[-1] for t in texts), texts
        assert all(t.startswith("Read") for t in texts), texts


def test_method_labels_keep_the_cost_in_all_but_the_last_form() -> None:
    forms = method_labels("• ", 2, "Read the error logs", "Read the error", "Read error")
    assert forms == ("• 2 pt: Read the error logs", "• 2 pt: Read the error",
                     "• 2 pt: Read error", "• Read error 2pt", "• Read error")
    assert all("2 pt" in f or "2pt" in f for f in forms[:COSTED_LABELS])
    assert "2" not in forms[COSTED_LABELS]


def test_distinguishing_words_take_a_word_that_is_not_small() -> None:
    names = ["Look at the ride data", "Talk to riders", "A tech spike"]
    assert distinguishing_words(names) == {"Look at the ride data": "Look",
                                           "Talk to riders": "Talk", "A tech spike": "A tech"}


def test_a_button_draws_no_form_longer_than_its_layout_chose() -> None:
    import pygame

    from pmsim.ui.theme import Theme

    pygame.init()
    theme = Theme()
    button = Button("1 pt: Dig into the data", lambda: None, size="body",
                    short=("1 pt: Dig", "Dig"), rect=pygame.Rect(0, 0, 1000, 40))
    assert button.shown(theme) == "1 pt: Dig into the data"
    button.form = 1
    assert button.shown(theme) == "1 pt: Dig"
    button.rect.width = theme.font("body", True).size("Dig")[0] + theme.unit
    assert button.shown(theme) == "Dig"
