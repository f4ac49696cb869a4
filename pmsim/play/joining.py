"""Joining a workshop as a team: the one place the shells' start-up reaches the team client.

`join` returns the game as the host has it (plus rounds still waiting in the outbox) and a
started link poller; the shells then play it like any other session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..engine import Game
from ..words import plural
from .link import LinkPoller

if TYPE_CHECKING:
    from ..workshop.team import TeamLink


class JoinRefused(Exception):
    """The host answered and said no; the message is the host's reason, `reason` in one word
    (the host's: "wrong-code", "bots-refused", ...)."""

    def __init__(self, message: str, reason: str = "refused"):
        super().__init__(message)
        self.reason = reason


class HostAway(Exception):
    """The host did not answer at all."""


class BadAddress(Exception):
    """The address given is not one a host could have (a port above 65535, a broken URL)."""


@dataclass
class Joined:
    game: Game
    scenario_id: str
    workshop: str
    team: str
    poller: LinkPoller
    notes: tuple[str, ...] = ()
    """Things worth telling the team (a kept round the host refused)."""
    offline: bool = False
    """The host did not answer: the game is this laptop's kept one, its rounds sent later."""

    @property
    def headline(self) -> str:
        """The line a shell prints once the team is in: "joined" only when the host took
        the join; offline, that the team carries on from this laptop's kept rounds."""
        if self.offline:
            return (f"carrying on offline as '{self.team}' in workshop {self.workshop}, "
                    f"from this laptop's kept rounds ({plural(len(self.game.decisions), 'round')}"
                    " played); they reach the host when it answers")
        return f"joined workshop {self.workshop} as '{self.team}'"


def join(address: str, code: str, team: str, bot: str | None = None) -> Joined:
    """Join (or rejoin) a workshop; raises BadAddress, JoinRefused, HostAway, or ValueError
    when the host sent something that does not add up. `bot`: the policy that will play the
    team, told to the host in the join itself, so a host that takes no bots refuses the join
    (and no team is made on its board for a bot it would not take)."""
    from ..workshop.client import Client, HostRefused, Unreachable
    from ..workshop.team import TeamLink, joined_game

    try:
        _check_port(address)
        client = Client(address, code, team, bot=bot)
    except ValueError as exc:  # urlsplit: a port out of range, a broken IPv6 address
        raise BadAddress(str(exc)) from None
    link = TeamLink(client)
    try:
        info = link.client.join()
    except HostRefused as exc:
        raise JoinRefused(exc.message, exc.reason) from None
    except Unreachable as exc:
        kept = link.client.kept_game() if bot is None else None
        if kept is None:  # this laptop never joined: it has no game to carry on
            raise HostAway(str(exc)) from None
        return _offline(link, kept, str(exc))
    notes: list[str] = []
    try:
        if link.client.flush() is not None:  # rounds kept while the host was away go first
            info = link.client.join()
    except HostRefused as exc:
        notes.append(f"a kept round was refused by the host: {exc.message}")
    except Unreachable:
        pass
    waiting = [r for r in link.client.rounds() if not r.get("sent") and not r.get("refused")]
    if info.get("paced") and waiting:  # played offline, ahead of the room
        notes.append(f"{plural(len(waiting), 'round')} kept on this laptop, waiting for the "
                     "facilitator to open them; each is sent as it opens")
    try:
        game = joined_game(link, info)
    except KeyError as exc:
        raise ValueError(f"missing {exc}") from None
    return Joined(game, str(info["scenario_id"]), str(info["workshop"]), str(info["team"]),
                  LinkPoller(link), tuple(notes))


def _check_port(address: str) -> None:
    """ValueError when `address` names no port: the host listens on the port the facilitator
    shows (8765 by default), never on the web's 80 a bare address would go to, so
    "127.0.0.1" is a mistyped address, not a host that is away."""
    from urllib.parse import urlsplit

    url = address.strip()
    if urlsplit(url if "://" in url else "http://" + url).port is None:
        raise ValueError("no port: it ends in :PORT, as in 192.168.1.20:8765")


def _offline(link: TeamLink, kept: dict[str, Any], problem: str) -> Joined:
    """The team's game from this laptop's link file, while the host does not answer: the
    team plays on, each round kept here and sent (in order) once the host answers."""
    from ..workshop.team import joined_game

    try:
        game = joined_game(link, kept)
    except (KeyError, ValueError) as exc:  # a link file that does not add up: as if away
        raise HostAway(f"{problem}; this laptop's kept game cannot be used: {exc}") from None
    rounds = len(game.decisions)
    note = (f"the workshop host does not answer ({problem}); carrying on with this laptop's "
            f"kept game ({plural(rounds, 'round')} played): each round is kept on this laptop "
            "and sent when the host answers again; the room's timer and scores show once it "
            "does")
    link.message = "playing offline: rounds are kept on this laptop until the host answers"
    return Joined(game, str(kept["scenario_id"]), str(kept["workshop"]), str(kept["team"]),
                  LinkPoller(link), (note,), offline=True)


def autoplay(joined: Joined, policy: str) -> Game:
    """A team played by a policy, for rehearsing a workshop (blocks: no window is open).
    UsageError (exit 2) when the host does not take the team as a bot: the rehearsal cannot
    go on, and a script running it must see that."""
    from ..commands import UsageError
    from ..workshop.client import HostRefused
    from ..workshop.team import autoplay_team

    try:
        return autoplay_team(link_of(joined.poller), joined.game, policy)
    except HostRefused as exc:
        raise UsageError(f"the host does not take this team: {exc.message}") from None


def link_of(poller: LinkPoller) -> TeamLink:
    return poller.link
