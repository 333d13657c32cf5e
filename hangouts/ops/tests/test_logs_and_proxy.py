"""Log lines carry no paths (they hold tokens); the client address comes from the proxy."""

import logging

from django.test import RequestFactory

from hangouts.ops.logs import NoPaths
from hangouts.ops.wsgi import ClientAddressFromProxy


def record(name: str, message: str, *args, **extra) -> logging.LogRecord:
    entry = logging.LogRecord(name, logging.ERROR, __file__, 1, message, args, None)
    entry.__dict__.update(extra)
    return entry


def test_request_errors_name_the_route_instead_of_the_path():
    request = RequestFactory().get("/healthz")
    entry = record("django.request", "%s: %s", "Internal Server Error", "/healthz", request=request)

    NoPaths().filter(entry)

    assert entry.getMessage() == "Internal Server Error: <ops:healthz>"


def test_request_errors_on_unknown_paths_hide_the_path():
    request = RequestFactory().get("/r/secret-token-123/")
    entry = record("django.request", "Not Found: %s", "/r/secret-token-123/", request=request)

    NoPaths().filter(entry)

    assert "secret-token" not in entry.getMessage()


def test_development_server_lines_keep_only_method_and_status():
    entry = record("django.server", '"%s" %s %s', "GET /r/secret-token/ HTTP/1.1", "200", "12")

    NoPaths().filter(entry)

    assert entry.getMessage() == '"GET HTTP/1.1" 200 12'


def test_the_filter_is_on_djangos_request_logger():
    filters = logging.getLogger("django.request").filters
    assert any(isinstance(f, NoPaths) for f in filters)


def run(environ: dict) -> str:
    seen = {}

    def app(environ, start_response):
        seen["addr"] = environ["REMOTE_ADDR"]
        return [b""]

    ClientAddressFromProxy(app, ["127.0.0.1", "::1"])(environ, lambda *a: None)
    return seen["addr"]


def test_client_address_comes_from_the_trusted_proxy():
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
    assert run(environ) == "203.0.113.9"


def test_client_address_is_not_taken_from_an_untrusted_peer():
    environ = {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert run(environ) == "192.0.2.1"


def test_client_address_stays_without_a_forwarded_header():
    assert run({"REMOTE_ADDR": "::1"}) == "::1"
