"""A fake WhatsApp Cloud API on loopback: real HTTP, the recorded answer shape, and a log.

Meta's servers are the one thing beyond this machine, so they are the one thing faked; the
client under test still opens sockets, sends headers and bodies and reads real HTTP answers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from hangouts.integrations.whatsapp.client import client_for

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "test-whatsapp-token"
PHONE_NUMBER_ID = "106540352242922"  # as in the recorded webhook's metadata
APP_SECRET = "test_meta_app_secret"  # the secret the recorded webhook was signed with
VERIFY_TOKEN = "test-verify-token"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: Any


class FakeWhatsApp:
    """Answers POST /<version>/<phone number id>/messages like the Cloud API.

    `plan(status, body)` queues a different answer for the next request (a refusal, a 429).
    """

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.planned: list[tuple[int, Any]] = []
        self.delay = 0.0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def api_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v23.0"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def plan(self, status: int, body: Any) -> None:
        self.planned.append((status, body))

    def answer(self, path: str) -> tuple[int, Any]:
        with self.lock:
            if self.planned:
                return self.planned.pop(0)
        if path == f"/v23.0/{PHONE_NUMBER_ID}/messages":
            return 200, fixture("send_message_response.json")
        return 400, {"error": {"message": "Unsupported post request.", "code": 100}}

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                fake.requests.append(
                    Recorded(
                        path=self.path,
                        headers=dict(self.headers.items()),
                        body=json.loads(raw) if raw else None,
                    )
                )
                if fake.delay:
                    time.sleep(fake.delay)
                status, body = fake.answer(self.path)
                payload = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up (the timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet test output

        return Handler


@pytest.fixture
def fake_whatsapp() -> Iterator[FakeWhatsApp]:
    fake = FakeWhatsApp()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def whatsapp_settings(settings: Settings, fake_whatsapp: FakeWhatsApp) -> Iterator[Settings]:
    """WhatsApp configured against the fake; each test starts with no cached client."""
    settings.WHATSAPP_TOKEN = TOKEN
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.WHATSAPP_API_URL = fake_whatsapp.api_url
    client_for.cache_clear()
    yield settings
    client_for.cache_clear()
