from __future__ import annotations

import logging

import pytest
from django.utils import translation

from hangouts.integrations.whatsapp.client import WhatsAppClient, WhatsAppError
from hangouts.integrations.whatsapp.tests.conftest import (
    PHONE_NUMBER_ID,
    TOKEN,
    FakeWhatsApp,
    fixture,
)

WAMID = "wamid.HBgMMjU0NzAwMDAwMDAxFQIAERgSQjQ1QjY0QkI3M0Y1QkFFNjYzAA=="


def make_client(fake: FakeWhatsApp, *, timeout: float = 10) -> WhatsAppClient:
    return WhatsAppClient(TOKEN, PHONE_NUMBER_ID, fake.api_url, timeout=timeout)


def send(client: WhatsAppClient) -> str:
    """The recorded request's values."""
    return client.send_template(
        "+254700000001",
        "session_reminder",
        "en",
        ["Amina", "Thu 10 Dec, 15:00 EAT"],
        "81234567890?pwd=REDACTED",
    )


def refusal(fake: FakeWhatsApp, status: int, code: int, message: str) -> WhatsAppError:
    fake.plan(status, {"error": {"message": message, "type": "OAuthException", "code": code}})
    with pytest.raises(WhatsAppError) as error:
        send(make_client(fake))
    return error.value


def english(error: WhatsAppError) -> str:
    with translation.override("en"):
        return str(error)


def test_send_template_posts_the_recorded_request_shape(fake_whatsapp: FakeWhatsApp) -> None:
    message_id = send(make_client(fake_whatsapp))

    assert message_id == WAMID
    (request,) = fake_whatsapp.requests
    assert request.path == f"/v23.0/{PHONE_NUMBER_ID}/messages"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert request.body == fixture("send_template_request.json")


def test_send_template_sends_lao_text_as_utf8(fake_whatsapp: FakeWhatsApp) -> None:
    make_client(fake_whatsapp).send_template(
        "+8562055512345", "hangout_reminder", "lo", ["ສຸກສະຫວັນ", "ອາຫານປອດໄພ"], None
    )

    (request,) = fake_whatsapp.requests
    template = request.body["template"]
    assert template["language"] == {"code": "lo"}
    # No button parameter when there is no suffix: Meta refuses parameters a template lacks.
    assert template["components"] == [
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "ສຸກສະຫວັນ"},
                {"type": "text", "text": "ອາຫານປອດໄພ"},
            ],
        }
    ]


def test_send_template_without_parameters_sends_no_components(
    fake_whatsapp: FakeWhatsApp,
) -> None:
    make_client(fake_whatsapp).send_template("+8562055512345", "hello_world", "en", [], None)

    assert fake_whatsapp.requests[0].body["template"] == {
        "name": "hello_world",
        "language": {"code": "en"},
    }


def test_send_template_refused_template_is_permanent_with_metas_details(
    fake_whatsapp: FakeWhatsApp,
) -> None:
    fake_whatsapp.plan(
        404,
        {
            "error": {
                "message": "(#132001) Template name does not exist in the translation",
                "code": 132001,
                "error_data": {"details": "template name (session_reminder) does not exist in lo"},
            }
        },
    )

    with pytest.raises(WhatsAppError) as error:
        send(make_client(fake_whatsapp))

    assert error.value.permanent
    assert (error.value.status, error.value.code) == (404, 132001)
    assert english(error.value) == (
        "WhatsApp could not send this (error 404): "
        "template name (session_reminder) does not exist in lo"
    )


def test_send_template_bad_token_is_permanent_and_names_the_setting(
    fake_whatsapp: FakeWhatsApp,
) -> None:
    error = refusal(fake_whatsapp, 401, 190, "Error validating access token")

    assert error.permanent
    assert "WHATSAPP_TOKEN" in english(error)


def test_send_template_429_is_temporary(fake_whatsapp: FakeWhatsApp) -> None:
    error = refusal(fake_whatsapp, 429, 0, "Too many calls")

    assert not error.permanent
    assert english(error) == "WhatsApp is busy (too many messages); it will be tried again."


def test_send_template_rate_limit_code_in_a_400_is_temporary(
    fake_whatsapp: FakeWhatsApp,
) -> None:
    error = refusal(fake_whatsapp, 400, 130429, "Rate limit hit")

    assert not error.permanent


def test_send_template_other_400_is_permanent(fake_whatsapp: FakeWhatsApp) -> None:
    error = refusal(fake_whatsapp, 400, 131026, "Message undeliverable")

    assert error.permanent
    assert english(error) == "WhatsApp could not send this (error 400): Message undeliverable"


def test_send_template_500_is_temporary(fake_whatsapp: FakeWhatsApp) -> None:
    error = refusal(fake_whatsapp, 500, 131000, "Something went wrong")

    assert not error.permanent
    assert error.status == 500


def test_send_template_error_page_that_is_not_json_still_maps_the_status(
    fake_whatsapp: FakeWhatsApp,
) -> None:
    fake_whatsapp.plan(502, b"<html>Bad gateway</html>")

    with pytest.raises(WhatsAppError) as error:
        send(make_client(fake_whatsapp))

    assert not error.value.permanent
    assert english(error.value) == "WhatsApp could not send this (error 502): 502"


def test_send_template_timeout_is_temporary(fake_whatsapp: FakeWhatsApp) -> None:
    fake_whatsapp.delay = 0.5

    with pytest.raises(WhatsAppError) as error:
        send(make_client(fake_whatsapp, timeout=0.1))

    assert not error.value.permanent
    assert english(error.value) == "Could not reach WhatsApp; it will be tried again."


def test_send_template_to_a_stopped_server_is_temporary(fake_whatsapp: FakeWhatsApp) -> None:
    client = make_client(fake_whatsapp)
    fake_whatsapp.stop()

    with pytest.raises(WhatsAppError) as error:
        send(client)

    assert not error.value.permanent


@pytest.mark.parametrize("body", [b"not json", [], {"messages": []}, {"messages": [{"id": ""}]}])
def test_send_template_accepted_but_unreadable_is_permanent(
    fake_whatsapp: FakeWhatsApp, body: object
) -> None:
    # Meta said 200: the message may have gone, so sending it again could send it twice.
    fake_whatsapp.plan(200, body)

    with pytest.raises(WhatsAppError) as error:
        send(make_client(fake_whatsapp))

    assert error.value.permanent
    assert "could not read" in english(error.value)


def test_send_template_logs_no_phone_token_or_text(
    fake_whatsapp: FakeWhatsApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    refusal(fake_whatsapp, 400, 131026, "Message undeliverable to +254700000001")

    assert caplog.records
    assert "254700000001" not in caplog.text
    assert TOKEN not in caplog.text
    assert "Amina" not in caplog.text


def test_client_refuses_other_schemes_and_hides_its_token() -> None:
    with pytest.raises(ValueError, match="https://"):
        WhatsAppClient(TOKEN, PHONE_NUMBER_ID, "file:///etc/passwd")
    client = WhatsAppClient(TOKEN, PHONE_NUMBER_ID, "https://graph.facebook.com/v23.0")
    assert TOKEN not in repr(client)
