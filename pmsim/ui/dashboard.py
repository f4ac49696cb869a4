"""Opening the facilitator's dashboard window (`pmsim workshop host`)."""

from __future__ import annotations

import os
from dataclasses import replace

from ..commands import InputError


def run_dashboard(workshop, join: str) -> None:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .app import App, NoDisplay
    from .scenes.dashboard import DashboardScene
    from .settings import load

    settings = load()
    # A projector: large type at least, whatever the laptop's own setting is.
    settings = replace(settings, text_scale=max(settings.text_scale, 1.4), sound=False)
    try:
        app = App(settings)
    except NoDisplay as exc:
        raise InputError(f"the dashboard needs a display ({exc}); run the host with "
                         "--headless to serve without one") from None
    try:
        app.reset(DashboardScene(app, workshop, join))
        app.run()
    finally:
        app.close()
