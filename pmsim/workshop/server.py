"""The workshop's results server: a small JSON API on the local network.

Built on the standard library's `ThreadingHTTPServer` on purpose: a room holds at most a few
dozen teams sending one small request a round, which a thread per request handles with ease;
it adds no dependency to install on a facilitator's laptop; and the API is four POST
endpoints. Every input is validated, request bodies are capped, nothing a client sends is ever
used as a path, and the address to bind is always explicit.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .service import Workshop, WorkshopError, now_text

MAX_BODY = 64 * 1024
ENDPOINTS = ("/api/join", "/api/submit", "/api/status", "/api/leaderboard")


class _Handler(BaseHTTPRequestHandler):
    server: WorkshopServer
    server_version = "pmsim-workshop"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # refusals go to the workshop's log instead of stderr

    def do_GET(self) -> None:
        if self.path == "/api/ping":
            self._reply(200, {"ok": True, "service": "pmsim-workshop"})
        else:
            self._refuse(405 if self.path in ENDPOINTS else 404, "use POST with a JSON body")

    def do_POST(self) -> None:
        if self.path not in ENDPOINTS:
            self._refuse(404, f"no endpoint {self.path[:60]}")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._refuse(411, "a Content-Length header is required")
            return
        if int(length) > MAX_BODY:
            self._refuse(413, f"the request is larger than {MAX_BODY} bytes")
            return
        try:
            body = json.loads(self.rfile.read(int(length)).decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            self._refuse(400, "the request is not JSON")
            return
        if not isinstance(body, dict):
            self._refuse(400, "the request must be a JSON object")
            return
        workshop = self.server.workshop
        try:
            if self.path == "/api/join":
                result = workshop.join(body.get("code"), body.get("team"))
            elif self.path == "/api/submit":
                result = workshop.submit(body.get("code"), body.get("team"), body.get("round"),
                                         body.get("decision"))
            elif self.path == "/api/status":
                workshop.check_code(body.get("code"))
                result = workshop.status()
            else:
                workshop.check_code(body.get("code"))
                result = {"leaderboard": workshop.leaderboard()}
        except WorkshopError as exc:
            self._refuse(exc.status, exc.message, body.get("team"))
            return
        except Exception as exc:  # a bug in pmsim must not take the room's server down
            self._refuse(500, f"internal error: {type(exc).__name__}")
            return
        self._reply(200, {"ok": True, **result})

    def _refuse(self, status: int, message: str, team: object = None) -> None:
        who = f" from team '{team}'" if isinstance(team, str) and len(team) <= 40 else ""
        self.server.workshop.store.log(
            self.server.workshop.row.id, now_text(),
            f"refused {self.command} {self.path[:40]}{who} ({self.client_address[0]}): "
            f"{status} {message}",
        )
        self._reply(status, {"ok": False, "error": message})

    def _reply(self, status: int, data: dict[str, Any]) -> None:
        body = json.dumps(data).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class WorkshopServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The standard library's backlog of 5 drops connections when a whole room submits at the
    # same moment (the load test showed 1 s stalls: TCP retrying dropped connections).
    request_queue_size = 128

    def __init__(self, workshop: Workshop | None, bind: str, port: int):
        self.workshop = workshop
        super().__init__((bind, port), _Handler)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.server_address[1]

    def start(self) -> None:
        """Serve in a background thread (the dashboard or the CLI keeps the main one)."""
        self._thread = threading.Thread(target=self.serve_forever, name="pmsim-workshop",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def lan_address() -> str:
    """This machine's address on the local network, for the join instructions.

    Connecting a UDP socket sends nothing; it only asks the system which interface it would
    use. Without a network, loopback is the honest answer.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, nothing is sent
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()
