"""Every scene by name: scenes open one another through `app.push("board", session)`, and this
table imports a scene's module only when it is first shown, so no scene imports another (and
the game starts without loading the debrief's analysis)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..app import App, Scene

SCENES: dict[str, tuple[str, str]] = {
    "title": ("title", "TitleScene"),
    "picker": ("picker", "PickerScene"),
    "briefing": ("briefing", "BriefingScene"),
    "board": ("board", "BoardScene"),
    "confirm": ("confirm", "ConfirmScene"),
    "results": ("results", "ResultsScene"),
    "debrief": ("debrief", "DebriefScene"),
    "whatif": ("whatif", "WhatIfScene"),
    "pause": ("pause", "PauseScene"),
    "settings": ("settings", "SettingsScene"),
    "diagnostics": ("diagnostics", "DiagnosticsScene"),
    "dashboard": ("dashboard", "DashboardScene"),
    "room_debrief": ("room_debrief", "RoomDebriefScene"),
}


def scene_class(name: str) -> type[Scene]:
    module, cls = SCENES[name]
    found: type[Scene] = getattr(import_module(f"{__package__}.{module}"), cls)
    return found


def make(name: str, app: App, *args: Any) -> Scene:
    """The scene registered as `name`, made for `app` with `args`; KeyError for an unknown
    name."""
    return scene_class(name)(app, *args)
