from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from hangouts.integrations.whatsapp.client import (
    REMINDER_TEMPLATE,
    WhatsAppError,
    reachable_by_whatsapp,
    send_outbox_message,
    template_headers,
    whatsapp_row,
)
from hangouts.integrations.whatsapp.tests.conftest import FakeWhatsApp
from hangouts.network.models import Member, Network
from hangouts.outreach.models import OutboxMessage
from hangouts.outreach.outbox import queue_messages
from hangouts.outreach.values import hangout_values, member_values
from hangouts.programme.models import Hangout

pytestmark = pytest.mark.django_db

WAMID = "wamid.HBgMMjU0NzAwMDAwMDAxFQIAERgSQjQ1QjY0QkI3M0Y1QkFFNjYzAA=="
HEADERS = {
    "template": REMINDER_TEMPLATE,
    "language": "lo",
    "params": ["ສຸກສະຫວັນ", "ອາຫານປອດໄພ", "ວັນສຸກ 18 ທັນວາ 2026, 14:00–15:00"],
    "button": "sun-csa-lao/hangouts/1/",
}


@pytest.fixture
def opted_in(make_member: Callable[..., Member]) -> Member:
    return make_member(phone="+8562055512345", whatsapp_opted_in_at=timezone.now())


def saved_row(member: Member, **fields: Any) -> OutboxMessage:
    values: dict[str, Any] = {
        "network": member.network,
        "member": member,
        "kind": "reminder_day",
        "channel": OutboxMessage.Channel.WHATSAPP,
        "to": member.phone,
        "language": "lo",
        "text": "",
        "headers": dict(HEADERS),
        "key": f"reminder:1:24:{member.pk}:whatsapp",
        "status": OutboxMessage.Status.SENDING,
        **fields,
    }
    return OutboxMessage.objects.create(**values)


def refused(row: OutboxMessage) -> str:
    with pytest.raises(WhatsAppError) as error:
        send_outbox_message(row)
    assert error.value.permanent
    with translation.override("en"):
        return str(error.value)


def test_send_outbox_message_sends_the_rows_template_and_keeps_the_message_id(
    whatsapp_settings: Settings, fake_whatsapp: FakeWhatsApp, opted_in: Member
) -> None:
    row = saved_row(opted_in)

    assert send_outbox_message(row) == WAMID

    (request,) = fake_whatsapp.requests
    assert request.body["to"] == "+8562055512345"
    template = request.body["template"]
    assert template["name"] == "hangout_reminder"
    assert template["language"] == {"code": "lo"}
    assert [p["text"] for p in template["components"][0]["parameters"]] == HEADERS["params"]
    assert template["components"][1]["parameters"] == [
        {"type": "text", "text": "sun-csa-lao/hangouts/1/"}
    ]
    row.refresh_from_db()
    assert row.headers == {**HEADERS, "wamid": WAMID}


def test_send_outbox_message_refuses_a_member_without_opt_in(
    whatsapp_settings: Settings, fake_whatsapp: FakeWhatsApp, member: Member
) -> None:
    row = saved_row(member)

    assert refused(row) == "This member has not agreed to receive WhatsApp messages."
    assert fake_whatsapp.requests == []


def test_send_outbox_message_reads_an_opt_out_that_came_after_queueing(
    whatsapp_settings: Settings, fake_whatsapp: FakeWhatsApp, opted_in: Member
) -> None:
    row = saved_row(opted_in)
    Member.objects.filter(pk=opted_in.pk).update(whatsapp_opted_in_at=None)

    assert "not agreed" in refused(row)
    assert fake_whatsapp.requests == []


def test_send_outbox_message_refuses_a_member_without_phone_or_on_the_roster(
    whatsapp_settings: Settings, fake_whatsapp: FakeWhatsApp, opted_in: Member
) -> None:
    row = saved_row(opted_in)
    Member.objects.filter(pk=opted_in.pk).update(phone="")
    assert refused(row) == "This member has no phone number."

    Member.objects.filter(pk=opted_in.pk).update(phone="+8562055512345", is_active=False)
    assert refused(row) == "This member is no longer on the roster."
    assert fake_whatsapp.requests == []


@pytest.mark.parametrize(
    "headers",
    [{}, {"template": "hangout_reminder"}, {**HEADERS, "params": [1]}, {**HEADERS, "button": 3}],
)
def test_send_outbox_message_refuses_a_row_without_a_template(
    whatsapp_settings: Settings, fake_whatsapp: FakeWhatsApp, opted_in: Member, headers: Any
) -> None:
    row = saved_row(opted_in, headers=headers)

    assert refused(row) == "This message names no approved WhatsApp template."


def test_send_outbox_message_refuses_an_email_row(
    whatsapp_settings: Settings, opted_in: Member
) -> None:
    row = saved_row(opted_in, channel=OutboxMessage.Channel.EMAIL)

    assert refused(row) == "This message is not a WhatsApp message."


def test_send_outbox_message_without_configuration_is_refused(
    settings: Settings, opted_in: Member
) -> None:
    settings.WHATSAPP_TOKEN = ""

    assert refused(saved_row(opted_in)).startswith("WhatsApp is not configured")


def make_hangout(network: Network) -> Hangout:
    start = datetime(2026, 12, 18, 7, 0, tzinfo=UTC)  # 14:00 in Vientiane
    return Hangout.objects.create(
        network=network, title="ອາຫານປອດໄພ", starts_at=start, ends_at=start + timedelta(hours=1)
    )


def test_template_headers_fill_name_title_date_and_the_hangout_path(
    network: Network, opted_in: Member
) -> None:
    hangout = make_hangout(network)
    values = member_values(
        hangout_values(hangout, language="en"), opted_in, rsvp_link="https://x.test/r/1"
    )

    headers = template_headers(REMINDER_TEMPLATE, language="en", values=values)

    assert headers["template"] == "hangout_reminder"
    assert headers["language"] == "en"
    assert headers["params"][:2] == [opted_in.name, "ອາຫານປອດໄພ"]
    assert "2026" in headers["params"][2] and headers["params"][2].endswith("14:00–15:00")
    assert headers["button"] == f"sun-csa-lao/hangouts/{hangout.pk}/"


def test_whatsapp_rows_go_to_opted_in_members_only_and_send(
    whatsapp_settings: Settings,
    fake_whatsapp: FakeWhatsApp,
    network: Network,
    opted_in: Member,
    make_member: Callable[..., Member],
) -> None:
    make_member(phone="+8562055598765")  # not opted in
    make_member(phone="", whatsapp_opted_in_at=timezone.now())  # no phone
    make_member(phone="+8562055511111", whatsapp_opted_in_at=timezone.now(), is_active=False)
    hangout = make_hangout(network)
    base = hangout_values(hangout, language="lo")
    members = reachable_by_whatsapp(Member.objects.filter(network=network))
    rows = [
        whatsapp_row(
            m,
            hangout=hangout,
            kind="reminder_day",
            key=f"reminder:{hangout.pk}:24:{m.pk}:whatsapp",
            template=REMINDER_TEMPLATE,
            values=member_values(base, m, rsvp_link=""),
        )
        for m in members
    ]

    assert queue_messages(rows) == 1
    row = OutboxMessage.objects.get()
    assert (row.member, row.channel, row.to) == (opted_in, "whatsapp", "+8562055512345")
    assert send_outbox_message(row) == WAMID
    assert fake_whatsapp.requests[0].body["template"]["components"][1]["parameters"] == [
        {"type": "text", "text": f"sun-csa-lao/hangouts/{hangout.pk}/"}
    ]
