from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from hangouts.integrations.whatsapp.tests.conftest import (
    FIXTURES,
    PHONE_NUMBER_ID,
    VERIFY_TOKEN,
    fixture,
    sign,
)
from hangouts.integrations.whatsapp.webhook import Command, command_in
from hangouts.network.models import Member, Network
from hangouts.outreach.models import OutboxMessage

pytestmark = pytest.mark.django_db

URL = "/whatsapp/webhook/"
PHONE = "+8562055512345"
WA_ID = "8562055512345"  # how WhatsApp writes the sender: digits, no "+"
OTHER_PHONE = "+8562055598765"


@pytest.fixture
def webhook_settings(settings: Settings) -> Settings:
    settings.WHATSAPP_APP_SECRET = "test_meta_app_secret"
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
    return settings


@pytest.fixture
def opted_in(make_member: Callable[..., Member]) -> Callable[..., Member]:
    def make(phone: str = PHONE, **fields: Any) -> Member:
        return make_member(
            phone=phone, whatsapp_opted_in_at=timezone.now() - timedelta(days=3), **fields
        )

    return make


def inbound(text: str, *, sender: str = WA_ID, kind: str = "text") -> dict[str, Any]:
    """The recorded inbound message, with our test number and text."""
    body = copy.deepcopy(fixture("webhook_inbound_text.body.json"))
    value = body["entry"][0]["changes"][0]["value"]
    value["contacts"][0]["wa_id"] = sender
    message = value["messages"][0]
    message["from"] = sender
    if kind == "button":
        del message["text"]
        message.update(type="button", button={"text": text, "payload": "stop"})
    else:
        message["text"]["body"] = text
    return body


def statuses(*events: tuple[str, str]) -> dict[str, Any]:
    """A status callback in the shape Meta documents (not recorded: see the notes)."""
    body = copy.deepcopy(fixture("webhook_inbound_text.body.json"))
    value = body["entry"][0]["changes"][0]["value"]
    del value["contacts"], value["messages"]
    value["statuses"] = []
    for wamid, state in events:
        status: dict[str, Any] = {
            "id": wamid,
            "status": state,
            "timestamp": "1765368200",
            "recipient_id": WA_ID,
        }
        if state == "failed":
            status["errors"] = [{"code": 131026, "title": "Message undeliverable"}]
        value["statuses"].append(status)
    return body


def post(client: Client, body: dict[str, Any] | bytes, *, signature: str | None = "") -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
    headers = {} if signature is None else {"X-Hub-Signature-256": signature or sign(raw)}
    return client.post(URL, raw, content_type="application/json", headers=headers)


def opted_in_ids() -> set[int]:
    return set(
        Member.objects.filter(whatsapp_opted_in_at__isnull=False).values_list("pk", flat=True)
    )


# --- Verification (GET) -----------------------------------------------------------------------


def test_webhook_verification_echoes_the_challenge(
    client: Client, webhook_settings: Settings
) -> None:
    response = client.get(
        URL,
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"1158201444"


@pytest.mark.parametrize(
    "query",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.challenge": "1"},
    ],
)
def test_webhook_verification_refuses_a_wrong_token_or_mode(
    client: Client, webhook_settings: Settings, query: dict[str, str]
) -> None:
    response = client.get(URL, query)

    assert response.status_code == 403
    assert b"1" not in response.content


def test_webhook_verification_refused_when_no_verify_token_is_set(
    client: Client, webhook_settings: Settings
) -> None:
    webhook_settings.WHATSAPP_VERIFY_TOKEN = ""

    response = client.get(
        URL, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
    )

    assert response.status_code == 403


# --- Signature (POST) -------------------------------------------------------------------------


def test_webhook_accepts_the_recorded_post_with_its_recorded_signature(
    client: Client, webhook_settings: Settings
) -> None:
    raw = (FIXTURES / "webhook_inbound_text.body.json").read_bytes()
    headers = fixture("webhook_inbound_text.headers.json")["headers"]

    response = client.post(
        URL,
        raw,
        content_type="application/json",
        headers={"X-Hub-Signature-256": headers["X-Hub-Signature-256"]},
    )

    assert response.status_code == 200


def test_webhook_refuses_an_unsigned_post_and_writes_nothing(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member]
) -> None:
    member = opted_in()

    response = post(client, inbound("STOP"), signature=None)

    assert response.status_code == 403
    assert opted_in_ids() == {member.pk}


@pytest.mark.parametrize(
    "signature",
    [
        "sha256=" + "0" * 64,
        sign(b"another body"),
        "sha1=62b1f792876a602c9c6c59cd7bd16ed748824c81",
        "62b1f792876a602c9c6c59cd7bd16ed748824c81be341149cdfa184c8071bb17",
    ],
)
def test_webhook_refuses_a_wrong_signature_and_writes_nothing(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member], signature: str
) -> None:
    member = opted_in()

    response = post(client, inbound("STOP"), signature=signature)

    assert response.status_code == 403
    assert opted_in_ids() == {member.pk}


def test_webhook_refuses_every_post_when_no_app_secret_is_set(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member]
) -> None:
    member = opted_in()
    webhook_settings.WHATSAPP_APP_SECRET = ""
    raw = json.dumps(inbound("STOP")).encode()

    response = post(client, raw, signature=sign(raw, secret=""))

    assert response.status_code == 403
    assert opted_in_ids() == {member.pk}


def test_webhook_answers_200_to_signed_content_it_does_not_understand(
    client: Client, webhook_settings: Settings
) -> None:
    assert post(client, b"not json at all").status_code == 200
    assert post(client, {"object": "page", "entry": "?"}).status_code == 200
    assert (
        post(client, {"object": "whatsapp_business_account", "entry": [{"changes": 3}]}).status_code
        == 200
    )


def test_webhook_refuses_get_only_methods(client: Client, webhook_settings: Settings) -> None:
    assert client.put(URL).status_code == 405


# --- Replies ----------------------------------------------------------------------------------


def test_webhook_stop_opts_out_everyone_on_that_phone_and_no_one_else(
    client: Client,
    webhook_settings: Settings,
    opted_in: Callable[..., Member],
    other_network: Network,
) -> None:
    colleague = opted_in(name="ທ້າວ ບຸນມີ")  # a shared office phone
    member = opted_in()
    elsewhere = opted_in(network=other_network, organisation=None, province=None, staff_level=None)
    someone_else = opted_in(phone=OTHER_PHONE)

    response = post(client, inbound("STOP"))

    assert response.status_code == 200
    assert response.content == b""
    assert opted_in_ids() == {someone_else.pk}
    assert {colleague.pk, member.pk, elsewhere.pk}.isdisjoint(opted_in_ids())


@pytest.mark.parametrize("text", ["ຢຸດ", "ຍົກເລີກ", " Stop. ", "stop", "UNSUBSCRIBE", "ຢຸດ!"])
def test_webhook_stop_words_in_lao_and_english_opt_out(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member], text: str
) -> None:
    opted_in()

    post(client, inbound(text))

    assert opted_in_ids() == set()


def test_webhook_stop_from_a_quick_reply_button_opts_out(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member]
) -> None:
    opted_in()

    post(client, inbound("Stop", kind="button"))

    assert opted_in_ids() == set()


def test_webhook_other_text_changes_nothing(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member]
) -> None:
    member = opted_in()

    # The recorded text: a "yes" is not consent and not an opt-out; "don't stop" is no STOP.
    for text in ("YES please remind me", "please don't stop", "stop it now"):
        assert post(client, inbound(text)).status_code == 200

    assert opted_in_ids() == {member.pk}


def test_webhook_start_opts_in_the_phones_members_and_records_the_time(
    client: Client, webhook_settings: Settings, make_member: Callable[..., Member]
) -> None:
    member = make_member(phone=PHONE)
    make_member(phone=PHONE, is_active=False)  # left the roster
    make_member(phone=OTHER_PHONE)
    before = timezone.now()

    post(client, inbound("ເລີ່ມ"))

    member.refresh_from_db()
    assert member.whatsapp_opted_in_at is not None and member.whatsapp_opted_in_at >= before
    assert opted_in_ids() == {member.pk}  # not the one who left, nor another phone


def test_webhook_start_keeps_the_first_opt_in_time(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member]
) -> None:
    member = opted_in()
    first = member.whatsapp_opted_in_at

    post(client, inbound("START"))

    member.refresh_from_db()
    assert member.whatsapp_opted_in_at == first


def test_webhook_the_last_reply_of_a_post_wins(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member]
) -> None:
    opted_in()
    body = inbound("START")
    messages = body["entry"][0]["changes"][0]["value"]["messages"]
    messages.append({**messages[0], "text": {"body": "STOP"}})

    post(client, body)

    assert opted_in_ids() == set()


def test_webhook_unknown_number_changes_nothing_and_answers_the_same(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member]
) -> None:
    member = opted_in()

    unknown = post(client, inbound("STOP", sender="8562055500000"))
    known = post(client, inbound("STOP"))

    assert (unknown.status_code, unknown.content) == (known.status_code, known.content)
    assert unknown.headers.keys() == known.headers.keys()
    assert member.pk not in opted_in_ids()


def test_webhook_ignores_messages_to_another_number_of_the_app(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member]
) -> None:
    member = opted_in()
    body = inbound("STOP")
    body["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "999"

    assert post(client, body).status_code == 200
    assert opted_in_ids() == {member.pk}


def test_webhook_logs_no_phone_and_no_text(
    client: Client,
    webhook_settings: Settings,
    opted_in: Callable[..., Member],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    opted_in()

    post(client, inbound("STOP"))
    post(client, inbound("ຂໍລາຍລະອຽດ", sender="8562055500000"))
    post(client, b"not json")

    assert "opted out" in caplog.text
    for secret in ("2055512345", "2055500000", "ຂໍລາຍລະອຽດ", "STOP"):
        assert secret not in caplog.text


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("Stop all", Command.STOP),
        ("  stopall ", Command.STOP),
        ("*STOP*", Command.STOP),
        ("ເຊົາ", Command.STOP),
        ("Start", Command.START),
        ("ສະໝັກ", Command.START),
        ("yes", None),
        ("stop the 2 pm one", None),
        ("", None),
    ],
)
def test_command_in_reads_whole_words_only(text: str, command: Command | None) -> None:
    assert command_in(text) == command


# --- Delivery statuses ------------------------------------------------------------------------


def sent_row(member: Member, wamid: str, **headers: str) -> OutboxMessage:
    return OutboxMessage.objects.create(
        network=member.network,
        member=member,
        kind="reminder_day",
        channel=OutboxMessage.Channel.WHATSAPP,
        to=member.phone,
        language="en",
        text="",
        headers={"template": "hangout_reminder", "wamid": wamid, **headers},
        key=f"reminder:{wamid}",
        status=OutboxMessage.Status.SENT,
    )


def test_webhook_failed_status_marks_the_outbox_row_refused_with_the_reason(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member]
) -> None:
    member = opted_in()
    failed, fine = sent_row(member, "wamid.A"), sent_row(member, "wamid.B")

    post(client, statuses(("wamid.A", "failed"), ("wamid.B", "delivered")))

    failed.refresh_from_db()
    fine.refresh_from_db()
    assert failed.status == OutboxMessage.Status.REFUSED
    assert failed.reason == "WhatsApp could not deliver it: Message undeliverable (error 131026)"
    assert fine.status == OutboxMessage.Status.SENT
    assert fine.headers["whatsapp_status"] == "delivered"


def test_webhook_status_never_moves_backwards(
    client: Client, webhook_settings: Settings, opted_in: Callable[..., Member]
) -> None:
    row = sent_row(opted_in(), "wamid.C")

    post(client, statuses(("wamid.C", "read")))
    post(client, statuses(("wamid.C", "delivered"), ("wamid.unknown", "failed")))

    row.refresh_from_db()
    assert row.headers["whatsapp_status"] == "read"
    assert row.status == OutboxMessage.Status.SENT
