"""A "what if" paused mid-way is kept with the autosave: continued later, it still ends beside
the first game (it came back as a game of its own, the comparison lost). And a what-if is not
a new game in the learner's record: it replays one already kept there (the record had the
same world twice, inflating the principles' history)."""

from __future__ import annotations

import json

from pmsim import saves
from pmsim.catalog import load
from pmsim.engine import score
from pmsim.play import history
from pmsim.play.session import GameSession


def _finished(save_dir) -> GameSession:
    session = GameSession.start(load("tutorial").scenario, "tutorial", 9, save_dir)
    while not session.over:
        session.end_round()
    return session


def test_a_paused_what_if_still_ends_beside_the_first_game(tmp_path) -> None:
    session = _finished(tmp_path)
    first = score(session.game).total
    session.rewind_to(2)
    session.quit()  # paused in sprint 2 of the what-if
    again = GameSession.resume(tmp_path)
    assert again is not None and again.what_if is not None
    assert again.what_if.from_round == 2 and again.view.round == 2
    assert score(again.what_if.original).total == first
    while not again.over:
        again.end_round()
    assert len(history.read(tmp_path)) == 1, "the what-if is not a second game in the record"


def test_a_what_if_that_no_longer_fits_is_dropped_not_fatal(tmp_path) -> None:
    session = _finished(tmp_path)
    session.rewind_to(2)
    session.quit()
    path = saves.autosave_path(tmp_path)
    body = json.loads(path.read_text(encoding="utf-8"))
    body["what_if"]["from_round"] = 99
    path.write_text(json.dumps(body), encoding="utf-8")
    again = GameSession.resume(tmp_path)
    assert again is not None and again.what_if is None and again.view.round == 2
