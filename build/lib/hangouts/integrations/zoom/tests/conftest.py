"""A fake Zoom on loopback: real HTTP, the recorded response shapes, and a log of what it got.

Zoom's servers are the one thing beyond this machine, so they are the one thing faked; the client
under test still opens sockets, sends headers and bodies and reads real HTTP answers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from pytest_django.fixtures import Settings

from hangouts.integrations.zoom.meetings import client_for

FIXTURES = Path(__file__).parent / "fixtures"
ACCOUNT_ID = "test-account"
CLIENT_ID = "test-client-id"
CLIENT_SECRET = "test-client-secret"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Planned:
    method: str
    path: str
    status: int
    body: dict[str, Any] | None


class FakeZoom:
    """Answers like Zoom: a token, a created meeting (201), PATCH and DELETE (204).

    `plan()` queues a different answer for the next matching request (e.g. a 401 or a 429).
    """

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.planned: list[Planned] = []
        self.tokens_issued = 0
        self.delay = 0.0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        # A short poll interval: shutdown() waits up to one interval.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return self.base + "/v2"

    @property
    def oauth_url(self) -> str:
        return self.base + "/oauth/token"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def plan(self, method: str, path: str, status: int, body: dict[str, Any] | None = None) -> None:
        self.planned.append(Planned(method, path, status, body))

    def calls(self, method: str | None = None, path: str | None = None) -> list[Recorded]:
        return [
            request
            for request in self.requests
            if (method is None or request.method == method)
            and (path is None or request.path.startswith(path))
        ]

    def answer(self, method: str, path: str) -> tuple[int, dict[str, Any] | None]:
        with self.lock:
            for planned in self.planned:
                if planned.method == method and path.startswith(planned.path):
                    self.planned.remove(planned)
                    return planned.status, planned.body
            if method == "POST" and path == "/oauth/token":
                self.tokens_issued += 1
                token = fixture("s2s_oauth_token_response.json")
                token["access_token"] = f"test-token-{self.tokens_issued}"
                return 200, token
        if method == "POST" and path == "/v2/users/me/meetings":
            return 201, fixture("create_meeting_response_type8_monthly.json")
        if method in ("PATCH", "DELETE") and path.startswith("/v2/meetings/"):
            return 204, None
        return 404, {"code": 3001, "message": "Meeting does not exist: 0."}

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def handle_any(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                fake.requests.append(
                    Recorded(
                        method=self.command,
                        path=url.path,
                        query=parse_qs(url.query),
                        headers=dict(self.headers.items()),
                        body=json.loads(raw) if raw else None,
                    )
                )
                if fake.delay:
                    time.sleep(fake.delay)
                status, body = fake.answer(self.command, url.path)
                payload = json.dumps(body).encode() if body is not None else b""
                try:
                    self.send_response(status)
                    if payload:
                        self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up (the timeout test)

            do_GET = do_POST = do_PATCH = do_DELETE = handle_any

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet test output

        return Handler


@pytest.fixture
def fake_zoom() -> Iterator[FakeZoom]:
    fake = FakeZoom()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def zoom_settings(settings: Settings, fake_zoom: FakeZoom) -> Iterator[Settings]:
    """Zoom configured against the fake; each test starts with no cached client or token."""
    settings.ZOOM_ACCOUNT_ID = ACCOUNT_ID
    settings.ZOOM_CLIENT_ID = CLIENT_ID
    settings.ZOOM_CLIENT_SECRET = CLIENT_SECRET
    settings.ZOOM_API_URL = fake_zoom.api_url
    settings.ZOOM_OAUTH_URL = fake_zoom.oauth_url
    client_for.cache_clear()
    yield settings
    client_for.cache_clear()
