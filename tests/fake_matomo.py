"""A stand-in for a Matomo server: an HTTP server on 127.0.0.1 that records what it receives.

Matomo is a remote service we do not run; this is the only fake the test suite uses.
"""

import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class ReceivedHit:
    path: str
    raw: str
    parameters: dict[str, str]


@dataclass
class FakeMatomo:
    delay_seconds: float = 0.0
    status: int = 200
    hits: list[ReceivedHit] = field(default_factory=list)

    def start(self) -> "FakeMatomo":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length).decode()
                if fake.delay_seconds:
                    time.sleep(fake.delay_seconds)
                fake.hits.append(ReceivedHit(self.path, raw, dict(urllib.parse.parse_qsl(raw))))
                self.send_response(fake.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.running = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.server.shutdown()
            self.server.server_close()

    def wait_for_hits(self, count: int = 1, timeout: float = 10.0) -> list[ReceivedHit]:
        deadline = time.monotonic() + timeout
        while len(self.hits) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.hits)
