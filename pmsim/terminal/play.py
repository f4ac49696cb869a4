"""`pmsim play` in a terminal: the whole game, round by round, with typed commands."""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Callable
from pathlib import Path

from .. import saves
from ..analysis import compare
from ..commands import EXIT_OK, InputError, UsageError, load_scenario
from ..engine import Game, InvalidDecision, debrief, new_game, play_round, record, view
from ..plan import Planner
from ..workshop.team import TeamLink, write_result
from . import render

HELP = """\
Commands (N is a request's number on the board):
  b N [N ...]     commit a request to this round, or take it off again
  d N METHOD      run a discovery method on a request (its id or its number in `i N`)
  a N ANSWER      answer a request you are not building: next (a promise for the next round),
                  later (on the roadmap, no date), notnow, no; `a N -` takes the answer back
  i N             everything you know about a request
  s               your stakeholders and their trust
  u / r           undo / redo
  e               end the round (asks first)
  q               save and quit (continue later with `pmsim play --continue`, or in a
                  workshop with the same `pmsim play --join ...` command)"""

ANSWERS = {"next": "next", "later": "later", "notnow": "not_now", "not_now": "not_now",
           "no": "no", "-": None}


class Quit(Exception):
    pass


class Session:
    def __init__(
        self,
        game: Game,
        scenario_path: str,
        read: Callable[[str], str] = input,
        write: Callable[[str], None] = print,
        save_dir: Path | None = None,
        link: TeamLink | None = None,
        team: str | None = None,
    ):
        self.game = game
        self.scenario_path = scenario_path
        self.read = read
        self.write = write
        self.save_dir = save_dir
        self.link = link
        self.team = team

    def save(self) -> None:
        if self.link is not None:
            return  # in a workshop the host keeps the game; rejoining carries on from it
        try:
            saves.write(saves.SaveGame(self.scenario_path, record(self.game)), self.save_dir)
        except OSError as exc:
            self.write(f"(could not save the game: {exc.strerror or exc})")

    def ask(self, prompt: str) -> str:
        try:
            return self.read(prompt).strip()
        except EOFError:
            raise Quit from None

    def run(self) -> int:
        scenario = self.game.scenario
        try:
            if not self.game.decisions:
                self.write(render.briefing(scenario))
                self.ask("\nPress Enter to start. ")
            while not self.game.over:
                self.save()
                decision = self.plan_round()
                try:
                    self.game, report = play_round(self.game, decision)
                except InvalidDecision as exc:  # the planner should prevent this; never crash
                    self.write("That plan cannot be played: " + "; ".join(exc.reasons))
                    continue
                self.save()
                self.write(render.report(report, scenario.round_name))
                if self.link is not None:
                    self.write("  " + self.link.send(len(self.game.decisions),
                                                     decision.to_dict()))
                if not self.game.over:
                    self.ask("\nPress Enter for the next round. ")
        except Quit:
            if self.link is not None:
                self.write("\nYour rounds are with the host (or kept until it can take them). "
                           "Carry on by running the same `pmsim play --join ...` command.")
                return EXIT_OK
            self.save()
            self.write("\nSaved. Continue with: pmsim play --continue")
            return EXIT_OK
        self.write("\nWorking out how other ways of deciding would have done…")
        comparison = compare(self.game)
        self.write(render.debrief_text(debrief(self.game), comparison, scenario.round_name))
        self.write(f"\nSeed {self.game.seed}: play the same world again with "
                   f"`pmsim play {_reference(self.scenario_path, scenario.id)} --text "
                   f"--seed {self.game.seed}`.")
        saves.clear(self.save_dir)
        if self.team and self.link is None:
            path = write_result(self.game, self.team)
            self.write(f"Result saved for your facilitator: {path}")
        return EXIT_OK

    def plan_round(self):
        planner = Planner.for_view(view(self.game))
        message = ""
        while True:
            v = planner.view
            draft = planner.draft
            self.write(render.board(v, draft.build, dict(draft.answers), draft.discover,
                                    planner.planned))
            if self.link is not None:
                self.write(f"  Workshop: {self.link.timer_text()} · {self.link.message}")
            if message:
                self.write(f"  → {message}")
            words = self.ask("> ").split()
            message = ""
            if not words:
                continue
            command, rest = words[0].lower(), words[1:]
            if command in ("q", "quit"):
                raise Quit
            if command in ("h", "help", "?"):
                message = "\n" + HELP
            elif command in ("u", "undo"):
                message = "undone" if planner.undo() else "nothing to undo"
            elif command in ("r", "redo"):
                message = "redone" if planner.redo() else "nothing to redo"
            elif command in ("s", "stakeholders"):
                message = "\n" + "\n".join(
                    f"  {s.name}, {s.role}: trust {s.trust:.0f}, influence {s.influence}"
                    for s in v.stakeholders
                )
            elif command in ("e", "end"):
                if self.confirm_end(planner):
                    return planner.decision()
            elif command in ("b", "i", "d", "a"):
                message = self.request_command(planner, command, rest)
            else:
                message = f"unknown command '{command}'; type h for help"

    def request_command(self, planner: Planner, command: str, rest: list[str]) -> str:
        v = planner.view
        requests = v.open_requests
        if not rest or not rest[0].isdigit() or not 1 <= int(rest[0]) <= len(requests):
            return f"give a request number from 1 to {len(requests)}"
        request = requests[int(rest[0]) - 1]
        if command == "i":
            return "\n" + render.details(request, v)
        if command == "b":
            problems = []
            for word in rest:
                if word.isdigit() and 1 <= int(word) <= len(requests):
                    problem = planner.toggle_build(requests[int(word) - 1].id)
                    if problem:
                        problems.append(problem)
                else:
                    problems.append(f"'{word}' is not a request number")
            return "; ".join(problems)
        if command == "d":
            if len(rest) < 2:
                options = ", ".join(request.discovery_left) or "none left"
                return f"which method? ({options})"
            method = rest[1]
            if method.isdigit() and 1 <= int(method) <= len(request.discovery_left):
                method = request.discovery_left[int(method) - 1]
            if method not in {m.id for m in v.methods}:
                return f"no method '{method}'; methods: " + ", ".join(m.id for m in v.methods)
            return planner.toggle_discovery(request.id, method) or ""
        if len(rest) < 2 or rest[1].lower() not in ANSWERS:
            return "answer with: next, later, notnow, no (or - to take it back)"
        return planner.set_answer(request.id, ANSWERS[rest[1].lower()]) or ""

    def confirm_end(self, planner: Planner) -> bool:
        v = planner.view
        if self.link is not None and not self.link.round_open(v.round):
            self.write(f"{v.round_name.capitalize()} {v.round} is not open yet: the facilitator "
                       f"opens each round for the whole room ({self.link.timer_text()}).")
            return False
        lines = [f"End {v.round_name} {v.round}? Committed:"]
        build = [*(r.id for r in v.open_requests if r.forced), *planner.draft.build]
        lines += [f"  - {v.request(rid).title}" for rid in build] or ["  (nothing)"]
        for rid, method in planner.draft.discover:
            lines.append(f"  - discovery: {method} on {v.request(rid).title}")
        if planner.planned > v.capacity:
            lines.append(f"  ! {planner.planned} points planned for a capacity of {v.capacity}: "
                         "overtime hurts morale and quality")
        for rid in planner.broken_promises():
            lines.append(f"  ! '{v.request(rid).title}' was promised for this round")
        silent = planner.unanswered()
        if silent:
            lines.append("  ! no answer yet for: " + ", ".join(v.request(r).title for r in silent))
        self.write("\n".join(lines))
        return self.ask("End the round? [y/N] ").lower() in ("y", "yes")


def run(args: argparse.Namespace) -> int:
    if args.resume:
        return _resume()
    path, scenario = load_scenario(args.scenario or "tutorial")
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    session = Session(new_game(scenario, seed), str(path.resolve()),
                      team=getattr(args, "team", None))
    return session.run()


def _resume() -> int:
    try:
        saved = saves.resume()
    except saves.SaveError as exc:
        raise InputError(str(exc)) from None
    if saved is None:
        raise UsageError("there is no saved game; start one with `pmsim play`")
    game, scenario_path = saved
    return Session(game, scenario_path).run()


def _reference(scenario_path: str, scenario_id: str) -> str:
    """What to type to play this scenario again: its id when it is bundled, else its path."""
    from ..resources import scenarios_dir

    path = Path(scenario_path)
    if not path.is_file() or path.resolve().parent == scenarios_dir().resolve():
        return scenario_id
    return f'"{path}"' if " " in str(path) else str(path)
