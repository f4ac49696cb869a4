"""The workshop's results server: a small JSON API on the local network.

Why uvicorn (with its pure-Python h11 parser) and not the standard library's
`ThreadingHTTPServer`: the standard server has no per-connection timeout (a client that sends
its headers slowly, or a `Content-Length` larger than its body, holds a thread and a file handle
forever), spends a thread per connection (1,476 threads at 300 teams), and leaves HTTP parsing
to hand-written code (`Content-Length: ²` passed `str.isdigit()`). uvicorn is a well-kept
asyncio server: h11 parses HTTP strictly, one thread serves every connection, and it bounds
concurrency. It installs from PyPI as pure Python (no compiler on a facilitator's laptop) and
starts with no configuration. What it lacks we add here, small and tested: a deadline for each
request's head and body, a cap on connections per address, and per-address limits on wrong
codes and new teams. The app itself is a plain ASGI callable (four POST endpoints need no web
framework).

Everything a team may poll is answered from memory on the event loop (status, leaderboard);
joins and rounds, which write the database, run on a small bounded pool of threads. Refusals
are counted per address and reason and written to the workshop's log as counts every minute,
never one row per refused request.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import logging
import os
import socket
import sqlite3
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .service import Workshop, WorkshopError, escape, now_text

MAX_BODY = 64 * 1024
ENDPOINTS = ("/api/join", "/api/submit", "/api/status", "/api/leaderboard")


@dataclass
class Limits:
    """How much the host takes, per connection, per address and in all. The defaults hold a
    room of 300 teams on one laptop; tests and the load benchmark set their own."""

    request_seconds: float = 10.0
    """A request's head and body must arrive within this; a slower client is cut off."""
    keep_alive_seconds: int = 5
    connections_per_address: int = 16
    """A team's laptop needs two at most (its round and its status poll)."""
    connections: int = 900
    """In all; lowered to fit the process's file-handle limit."""
    workers: int = 4
    """Threads that write the database (joins and rounds)."""
    queued: int = 1000
    """Joins and rounds waiting for a worker before the host answers 503 (busy, retry)."""
    wrong_codes: int = 5
    """Wrong codes an address may send before it must wait (1 s, doubling up to a minute)."""
    new_teams_burst: int = 6
    new_teams_per_minute: float = 6.0
    """New teams one address may create: a burst, then this many a minute."""
    log_every_seconds: float = 60.0


Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


class Refusals:
    """Refused requests, counted per (status, reason, address); written to the log as counts."""

    def __init__(self) -> None:
        self.counts: dict[tuple[int, str, str], int] = {}
        self.samples: dict[tuple[int, str, str], str] = {}
        self.total = 0
        self._lock = threading.Lock()

    def add(self, status: int, reason: str, address: str, sample: str = "") -> None:
        key = (status, reason, address)
        with self._lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            self.total += 1
            if sample and key not in self.samples:
                self.samples[key] = escape(sample, 60)

    def take(self) -> list[str]:
        with self._lock:
            counts, samples = self.counts, self.samples
            self.counts, self.samples = {}, {}
        lines = []
        for (status, reason, address), n in sorted(counts.items()):
            sample = samples.get((status, reason, address))
            lines.append(f"refused {n}× ({status} {reason}) from {address}"
                         + (f", e.g. {sample}" if sample else ""))
        return lines


@dataclass(frozen=True)
class StorageTrouble:
    """Why the host cannot write its database, said twice: to the facilitator (the host's
    terminal, with the file's path) and to the team (plain words, no path)."""

    kind: str
    """One word per kind of failure: the host says each kind once, not once per request."""
    host_line: str
    plain: str
    """Why, for a team: "its disk is full"."""
    reason: str = "cannot-save"

    def told(self, path: str) -> str:
        """What the team whose request hit the trouble reads: a round waits on its laptop
        (and is sent again by it); a new team has nothing kept yet, so it joins again."""
        if self.reason == "busy":
            return "the host is busy; your round is kept and sent again"
        if path == "/api/join":
            return (f"the host cannot save new teams right now ({self.plain}); join again in "
                    "a minute, and tell your facilitator")
        return (f"the host cannot save rounds right now ({self.plain}); your rounds are kept "
                "on this laptop and sent when the host can take them; tell your facilitator")


_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


def storage_trouble(exc: BaseException, path: Path) -> StorageTrouble | None:
    """What a failed read or write of the workshop database means, or None when `exc` is not
    such a failure (a bug in pmsim stays an internal error). A full disk reaches here as
    sqlite3's "database or disk is full" (SQLITE_FULL) or as an OSError with ENOSPC."""
    if not isinstance(exc, sqlite3.OperationalError | OSError):
        return None
    text = str(exc).lower()
    code = exc.errno if isinstance(exc, OSError) else None
    if code in _FULL or "disk is full" in text:
        return _cannot_write("disk-full", os.strerror(errno.ENOSPC), path, "its disk is full",
                             "free some space on this laptop's disk")
    if code in _READ_ONLY or "readonly" in text or "read-only" in text:
        return _cannot_write("read-only", "it is read-only", path,
                             "it cannot write its database",
                             "check that you may write to that file and its folder")
    if code == errno.EIO or "disk i/o error" in text:
        return _cannot_write("disk-error", "a disk error (disk I/O error)", path,
                             "a disk error", "check the disk, and that it is still attached")
    if "locked" in text or "busy" in text:
        return StorageTrouble(
            "locked", f"the workshop database is locked by another program ({path}); rounds "
                      "wait on the teams' laptops until it is free",
            "the database is busy", "busy")
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        return None  # a socket or another file: not the database
    return _cannot_write("database", escape(str(exc), 120), path,
                         "a problem with its database",
                         "check the file, its folder and the disk")


def _cannot_write(kind: str, why: str, path: Path, plain: str, fix: str) -> StorageTrouble:
    return StorageTrouble(
        kind, f"cannot write the workshop database: {why} ({path}); {fix}: teams' rounds wait "
              "on their laptops and arrive once the host can save them",
        plain)


class StorageAlarm:
    """Tells the host's terminal (and the dashboard, through `Workshop.problem`) that the
    database cannot be written: once per kind of failure, not once per request (a room of 30
    teams retrying would bury the terminal), and once more when writing works again."""

    def __init__(self, workshop: Workshop, report: Callable[[str], None]):
        self.workshop = workshop
        self.report = report
        self.kinds: set[str] = set()

    def failed(self, trouble: StorageTrouble) -> None:
        self.workshop.problem = trouble.host_line
        self.workshop.problem_brief = (f"Rounds are not being saved: {trouble.plain}. They wait "
                                       "on the teams' laptops; see the host's terminal.")
        if trouble.kind not in self.kinds:
            self.kinds.add(trouble.kind)
            self.report(trouble.host_line)

    def wrote(self) -> None:
        if self.kinds:
            self.kinds.clear()
            self.workshop.problem = self.workshop.problem_brief = None
            self.report("the workshop database can be written again; teams' kept rounds "
                        "arrive as their laptops send them")


def _print_problem(line: str) -> None:
    print(f"pmsim workshop: {line}", file=sys.stderr, flush=True)


class _Guard:
    """Per-address state shared by every connection (touched on the event loop only)."""

    def __init__(self, limits: Limits, refusals: Refusals):
        self.limits = limits
        self.refusals = refusals
        self.open: dict[str, int] = {}
        self.wrong: dict[str, tuple[int, float]] = {}  # address: (wrong codes, blocked until)
        self.buckets: dict[str, tuple[float, float]] = {}  # address: (tokens, when)

    def connect(self, address: str) -> bool:
        count = self.open.get(address, 0)
        if count >= self.limits.connections_per_address:
            self.refusals.add(0, "too many connections", address)
            return False
        self.open[address] = count + 1
        return True

    def disconnect(self, address: str) -> None:
        count = self.open.get(address, 0) - 1
        if count > 0:
            self.open[address] = count
        else:
            self.open.pop(address, None)

    def blocked(self, address: str, now: float) -> float:
        """Seconds this address must still wait after too many wrong codes (0: none)."""
        entry = self.wrong.get(address)
        return max(0.0, entry[1] - now) if entry else 0.0

    def wrong_code(self, address: str, now: float) -> None:
        count = self.wrong.get(address, (0, 0.0))[0] + 1
        until = 0.0
        if count >= self.limits.wrong_codes:
            until = now + min(60.0, 2.0 ** (count - self.limits.wrong_codes))
        self.wrong[address] = (count, until)
        if len(self.wrong) > 10_000:  # a flood of addresses: forget the oldest half
            for key in list(self.wrong)[:5_000]:
                del self.wrong[key]

    def right_code(self, address: str) -> None:
        self.wrong.pop(address, None)

    def may_create(self, address: str, now: float) -> bool:
        burst = float(self.limits.new_teams_burst)
        tokens, when = self.buckets.get(address, (burst, now))
        tokens = min(burst, tokens + (now - when) * self.limits.new_teams_per_minute / 60)
        self.buckets[address] = (tokens, now)
        return tokens >= 1

    def created(self, address: str) -> None:
        tokens, when = self.buckets.get(address, (1.0, time.monotonic()))
        self.buckets[address] = (tokens - 1, when)


class WorkshopApp:
    """The ASGI application: four POST endpoints and a ping."""

    def __init__(self, workshop: Workshop, limits: Limits, refusals: Refusals,
                 report: Callable[[str], None] = _print_problem):
        self.workshop = workshop
        self.limits = limits
        self.refusals = refusals
        self.alarm = StorageAlarm(workshop, report)
        self.guard = _Guard(limits, refusals)
        self.pool = ThreadPoolExecutor(limits.workers, thread_name_prefix="pmsim-workshop")
        self.waiting = 0

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        client = scope.get("client")
        address = client[0] if client else "?"
        method, path = scope["method"], scope["path"]
        if method == "GET" and path == "/api/ping":
            await _reply(send, 200, {"ok": True, "service": "pmsim-workshop"})
            return
        if path not in ENDPOINTS:
            await self._refuse(send, address, 404, "no-endpoint",
                               f"no endpoint {escape(path, 40)}", sample=path)
            return
        if method != "POST":
            await self._refuse(send, address, 405, "use-post", "use POST with a JSON body")
            return
        wait = self.guard.blocked(address, time.monotonic())
        if wait > 0:
            await self._refuse(send, address, 429, "slow-down",
                               f"too many wrong codes from this address; wait {wait:.0f} s",
                               retry=wait)
            return
        body = await self._body(scope, receive, send, address)
        if body is None:
            return
        try:
            result = await self._dispatch(path, body, address)
        except WorkshopError as exc:
            if exc.reason == "wrong-code":
                self.guard.wrong_code(address, time.monotonic())
            sample = body.get("team") if exc.reason == "bad-name" else ""
            await self._refuse(send, address, exc.status, exc.reason, exc.message,
                               sample=sample if isinstance(sample, str) else "", **exc.details)
            return
        except Exception as exc:  # a bug in pmsim must not take the room's server down
            trouble = storage_trouble(exc, self.workshop.store.path)
            if trouble is None:
                await self._refuse(send, address, 500, "internal",
                                   f"internal error: {type(exc).__name__}")
                return
            # 503: the team's laptop keeps the round and sends it again (client.TRY_AGAIN)
            self.alarm.failed(trouble)
            await self._refuse(send, address, 503, trouble.reason, trouble.told(path),
                               retry=10)
            return
        if path == "/api/submit" and not result.get("duplicate"):
            self.alarm.wrote()  # a round was stored: the database takes writes again
        await _reply(send, 200, {"ok": True, **result})

    async def _body(self, scope: dict[str, Any], receive: Receive, send: Send,
                    address: str) -> dict[str, Any] | None:
        length = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                length = int(value)  # h11 has checked it is ASCII digits
        if length is None:
            await self._refuse(send, address, 411, "bad-request",
                               "a Content-Length header is required")
            return None
        if length > MAX_BODY:
            await self._refuse(send, address, 413, "too-large",
                               f"the request is larger than {MAX_BODY} bytes", close=True)
            return None
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.limits.request_seconds):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return None
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > MAX_BODY:
                        await self._refuse(send, address, 413, "too-large",
                                           f"the request is larger than {MAX_BODY} bytes",
                                           close=True)
                        return None
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await self._refuse(send, address, 408, "too-slow",
                               "the request's body did not arrive in time", close=True)
            return None
        try:
            body = json.loads(b"".join(chunks).decode("utf-8"), parse_constant=_no_constant)
        except (UnicodeDecodeError, ValueError, RecursionError):
            await self._refuse(send, address, 400, "bad-request", "the request is not JSON")
            return None
        if not isinstance(body, dict):
            await self._refuse(send, address, 400, "bad-request",
                               "the request must be a JSON object")
            return None
        return body

    async def _dispatch(self, path: str, body: dict[str, Any], address: str) -> dict[str, Any]:
        workshop = self.workshop
        if path == "/api/status":  # from memory, on the loop: O(1) in the number of teams
            workshop.check_code(body.get("code"))
            self.guard.right_code(address)
            return workshop.wire_status(body.get("since"))
        if path == "/api/leaderboard":
            workshop.check_code(body.get("code"))
            self.guard.right_code(address)
            return {"leaderboard": workshop.leaderboard()}
        workshop.check_code(body.get("code"))
        self.guard.right_code(address)
        if self.waiting >= self.limits.queued:
            raise WorkshopError(503, "the host is busy; your round is kept and sent again",
                                "busy")
        loop = asyncio.get_running_loop()
        self.waiting += 1
        try:
            if path == "/api/join":
                may_create = self.guard.may_create(address, time.monotonic())
                result = await loop.run_in_executor(
                    self.pool, lambda: workshop.join(body.get("code"), body.get("team"),
                                                     body.get("secret"), body.get("bot"),
                                                     may_create))
                if result.pop("created", False):
                    self.guard.created(address)
                return result
            return await loop.run_in_executor(
                self.pool, lambda: workshop.submit(body.get("code"), body.get("team"),
                                                   body.get("round"), body.get("decision"),
                                                   secret=body.get("secret"),
                                                   bot=body.get("bot")))
        finally:
            self.waiting -= 1

    async def _refuse(self, send: Send, address: str, status: int, reason: str, message: str,
                      sample: str = "", close: bool = False, retry: float | None = None,
                      **details: Any) -> None:
        self.refusals.add(status, reason, address, sample)
        await _reply(send, status, {"ok": False, "error": message, "reason": reason, **details},
                     close=close, retry=retry)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


async def _reply(send: Send, status: int, data: dict[str, Any], close: bool = False,
                 retry: float | None = None) -> None:
    try:  # NaN or infinity is not JSON: a client could not read the reply
        body = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except ValueError:
        status, close = 500, True
        body = json.dumps({"ok": False, "error": "internal error: a number that is not finite",
                           "reason": "internal"}).encode("utf-8")
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    if retry is not None:
        headers.append((b"retry-after", str(max(1, round(retry))).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _protocol_class(app: WorkshopApp) -> type:
    """uvicorn's h11 protocol with a deadline for each request's head and a per-address cap."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    guard, limits = app.guard, app.limits

    class Protocol(H11Protocol):
        _address = "?"
        _counted = False
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._address = self.client[0] if self.client else "?"
            if not guard.connect(self._address):
                transport.abort()
                return
            self._counted = True
            self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(limits.request_seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                app.refusals.add(408, "too-slow", self._address)
                self.transport.abort()

        def data_received(self, data: bytes) -> None:
            cycle = self.cycle
            super().data_received(data)
            if self.cycle is not cycle:
                self._disarm()  # the head arrived; the app times the body

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()  # the next request on this connection gets its own deadline

        def send_400_response(self, msg: str) -> None:
            app.refusals.add(400, "bad-http", self._address)
            super().send_400_response(msg)

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self._counted:
                self._counted = False
                guard.disconnect(self._address)
            super().connection_lost(exc)

    return Protocol


def _file_handle_room() -> int:
    """Raise the soft file-handle limit as far as allowed (macOS starts at 256) and say how
    many connections fit in it."""
    try:
        import resource
    except ImportError:  # Windows: no such limit on sockets
        return 10_000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4096 if hard == resource.RLIM_INFINITY else min(hard, 4096)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
    return 10_000 if soft == resource.RLIM_INFINITY else max(32, soft - 64)


class WorkshopServer:
    """The host's HTTP server, serving in a background thread (the dashboard or the command
    keeps the main one). Binding happens in the constructor, so a busy port fails at once."""

    def __init__(self, workshop: Workshop | None, bind: str, port: int,
                 limits: Limits | None = None, report: Callable[[str], None] = _print_problem):
        """`report`: where the host tells the facilitator of trouble writing its database
        (the host's terminal, standard error, by default)."""
        self.workshop = workshop
        self.limits = limits or Limits()
        self.report = report
        self.refusals = Refusals()
        family = socket.AF_INET6 if ":" in bind else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind((bind, port))
            self.socket.listen(1024)
        except OSError:
            self.socket.close()
            raise
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._app: WorkshopApp | None = None
        self._stop = threading.Event()
        self._keeper: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.socket.getsockname()[1])

    def server_close(self) -> None:
        """Give the port back without having served (a start that failed later on)."""
        self.socket.close()

    def start(self) -> None:
        import uvicorn

        if self.workshop is None:
            raise RuntimeError("a server needs its workshop before it starts")
        logger = logging.getLogger("uvicorn.error")  # refusals are counted, not printed
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
        self._app = app = WorkshopApp(self.workshop, self.limits, self.refusals, self.report)
        config = uvicorn.Config(
            app, http=_protocol_class(app), loop="asyncio", ws="none", lifespan="off",
            log_config=None, access_log=False, server_header=False, date_header=False,
            proxy_headers=False,  # a client cannot claim another address with a header
            timeout_keep_alive=self.limits.keep_alive_seconds,
            limit_concurrency=min(self.limits.connections, _file_handle_room()),
            backlog=1024,
        )
        self._server = server = uvicorn.Server(config)
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [self.socket]},
                                        name="pmsim-workshop", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        if not server.started:
            raise OSError("the workshop server did not start")
        self._keeper = threading.Thread(target=self._keep, name="pmsim-workshop-keeper",
                                        daemon=True)
        self._keeper.start()

    def _keep(self) -> None:
        """Every second: catch up with other commands' changes; every minute: log refusals."""
        assert self.workshop is not None
        last_log = time.monotonic()
        while not self._stop.wait(1.0):
            with contextlib.suppress(Exception):  # a busy database is tried again next second
                self.workshop.sync(force=False)
            if time.monotonic() - last_log >= self.limits.log_every_seconds:
                last_log = time.monotonic()
                self.flush_log()

    def flush_log(self) -> None:
        """Write the refusals counted so far to the workshop's log, one row per kind."""
        if self.workshop is None:
            return
        at = now_text()
        for line in self.refusals.take():
            with contextlib.suppress(Exception):
                self.workshop.store.log(self.workshop.row.id, at, line)

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._keeper is not None:
            self._keeper.join(timeout=5)
        if self._app is not None:
            self._app.pool.shutdown(wait=True)
        self.flush_log()
        self.socket.close()


def lan_address() -> str:
    """This machine's address on the local network, for the join instructions.

    Connecting a UDP socket sends nothing; it only asks the system which interface it would
    use. Without a network, loopback is the honest answer.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, nothing is sent
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()
