"""A team in a workshop that quits mid-round and rejoins finds the plan it was drafting, as a
solo game's autosave keeps it (the README promises it; the board came back empty). The draft
is kept on the team's laptop, beside its link file, written without waiting for the thread
that talks to the host."""

from __future__ import annotations

from pmsim.catalog import resolve
from pmsim.play.actions import Commit
from pmsim.play.link import LinkPoller
from pmsim.play.session import GameSession
from pmsim.workshop.client import Client
from pmsim.workshop.server import WorkshopServer
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store
from pmsim.workshop.team import TeamLink, joined_game


def _rejoin(port: int, outbox, save_dir) -> GameSession:
    link = TeamLink(Client(f"127.0.0.1:{port}", "DRAFT7", "Red", outbox_dir=outbox))
    game = joined_game(link, link.client.join())
    return GameSession(game.scenario, "tutorial", game, save_dir, link=LinkPoller(link))


def test_a_team_that_rejoins_finds_its_draft(tmp_path) -> None:
    store = Store(tmp_path / "w.sqlite3")
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code="DRAFT7")
    server = WorkshopServer(ws, "127.0.0.1", 0)
    server.start()
    try:
        first = _rejoin(server.port, tmp_path / "outbox", tmp_path / "saves")
        rid = first.view.open_requests[0].id
        first.perform(Commit(rid))
        assert rid in first.planner.draft.build
        first.quit()
        again = _rejoin(server.port, tmp_path / "outbox", tmp_path / "saves")
        assert rid in again.planner.draft.build, "the draft came back"
        again.quit()
        assert not (tmp_path / "saves" / "autosave.json").exists(), "no solo autosave"
    finally:
        server.stop()
        store.close()
