"""Opening the facilitator's dashboard window (`pmsim workshop host`).

Two steps, so the host can open the window before it creates a workshop (a laptop without a
display must not leave an empty workshop behind) and only then serve and show it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from ..commands import InputError

if TYPE_CHECKING:
    from ..workshop.service import Workshop
    from .app import App


def open_window() -> App:
    """The dashboard's window, in projector-sized type; InputError when there is no display."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .app import App, NoDisplay
    from .settings import load

    settings = load()
    # A projector: large type at least, whatever the laptop's own setting is.
    settings = replace(settings, text_scale=max(settings.text_scale, 1.4), sound=False)
    try:
        return App(settings)
    except NoDisplay as exc:
        raise InputError(f"the dashboard needs a display ({exc}); run the host with "
                         "--headless to serve without one") from None


def run_dashboard(app: App, workshop: Workshop, join: str) -> None:
    """Show the dashboard until the facilitator closes it; the window is closed after."""
    from .scenes.dashboard import DashboardScene

    try:
        app.reset(DashboardScene(app, workshop, join))
        app.run()
    finally:
        app.close()
