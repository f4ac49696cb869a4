"""The board's panel buttons at the smallest window with the largest text: every discovery
method and every answer drawn with a label that says which one it is (not "1…" or "Not…"),
and at a large window with their costs and full names."""

from __future__ import annotations

import pytest

from pmsim.catalog import load
from pmsim.play.actions import Answer
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene, distinguishing_words, terse
from pmsim.ui.settings import Settings


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
