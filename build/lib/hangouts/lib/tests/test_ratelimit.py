from django.core.cache import cache
from django.test import RequestFactory

from hangouts.lib.ratelimit import allow, client_address


def test_allow_refuses_once_the_limit_is_reached_and_counts_each_client_apart(settings):
    cache.clear()
    settings.RATE_LIMITS = {"demo": (3, 60)}
    assert [allow("demo", "1.2.3.4") for _ in range(4)] == [True, True, True, False]
    assert allow("demo", "5.6.7.8") is True


def test_client_address_is_the_socket_address():
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_address(request) == "10.1.2.3"
