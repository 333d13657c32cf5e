"""Message kinds render in the member's language, with the network's own wording if any."""

import pytest
from django.core.exceptions import ValidationError

from hangouts.outreach import messages
from hangouts.outreach.models import MessageTemplate

VALUES = {
    "network": "SUN CSA",
    "name": "Noy",
    "title": "Packaging",
    "date": "Friday 27 November 2026",
    "time": "14:00–15:00",
    "presenters": "Keo (LWU)",
    "hangout_link": "https://h.example/h/1/",
    "join_link": "https://zoom.us/j/1",
    "passcode": "",
    "naming_rule": "Set your name",
    "guide_link": "https://h.example/guide/",
    "rsvp_link": "https://h.example/rsvp/x/",
}


def test_render_drops_a_line_whose_placeholders_are_empty():
    rendered = messages.render("invitation", language="en", values=VALUES, templates={})

    assert rendered.subject == "Invitation: Packaging, Friday 27 November 2026"
    assert "Join: https://zoom.us/j/1" in rendered.text
    assert "Passcode" not in rendered.text  # no passcode, no empty "Passcode:" line
    assert "\n\n\n" not in rendered.text


def test_render_defaults_are_in_lao_for_lao_readers():
    rendered = messages.render("invitation", language="lo", values=VALUES, templates={})

    assert "Packaging" in rendered.text
    assert "Dear" not in rendered.text


@pytest.mark.django_db
def test_render_uses_the_networks_own_wording(network):
    own = MessageTemplate.objects.create(
        network=network, kind="group_invitation", language="lo", body="*{title}* {date}!"
    )

    templates = messages.templates_for(network, "lo")
    rendered = messages.render(
        "group_invitation", language="lo", values=VALUES, templates=templates
    )

    assert templates == {"group_invitation": own}
    assert rendered.text == "*Packaging* Friday 27 November 2026!"


def test_fill_leaves_unknown_placeholders_and_broken_braces_as_written():
    assert messages.fill("Hi {nobody} {name}", {"name": "Noy"}) == "Hi {nobody} Noy"
    assert messages.fill("Hi {name", {"name": "Noy"}) == "Hi {name"


def test_check_template_names_the_placeholders_a_kind_cannot_use():
    kind = messages.KINDS["cancellation"]

    with pytest.raises(ValidationError) as error:
        messages.check_template(kind, "{title} {join_link}")
    assert "{join_link}" in error.value.messages[0]

    with pytest.raises(ValidationError):
        messages.check_template(kind, "{title")
    messages.check_template(kind, "{title} {note}")  # allowed: no error


def test_register_refuses_an_unknown_placeholder():
    kind = messages.MessageKind(
        "x", "X", messages.Channel.EMAIL, ("nonexistent",), body="{nonexistent}"
    )
    with pytest.raises(ValueError, match="nonexistent"):
        messages.register(kind)


@pytest.mark.django_db
def test_hangout_values_give_lao_date_and_keep_join_links_off_the_page(network, member):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from hangouts.outreach.values import hangout_values
    from hangouts.programme.models import Hangout, Presenter

    start = datetime(2026, 11, 27, 14, 0, tzinfo=ZoneInfo("Asia/Vientiane"))
    hangout = Hangout.objects.create(
        network=network,
        title="Packaging",
        starts_at=start,
        ends_at=start.replace(hour=15),
        status=Hangout.Status.SCHEDULED,
        meeting_url="https://zoom.us/j/123",
        meeting_passcode="555",
    )
    Presenter.objects.create(hangout=hangout, member=member)

    lao = hangout_values(hangout, language="lo")
    page = hangout_values(hangout, language="en", with_join_link=False)

    assert lao["date"] == "ວັນສຸກ, 27 ພະຈິກ 2026"
    assert lao["time"] == "14:00–15:00"
    assert lao["join_link"] == "https://zoom.us/j/123" and lao["passcode"] == "555"
    assert member.name in lao["presenters"]
    assert page["join_link"] == page["passcode"] == ""
    assert page["date"] == "Friday, 27 November 2026"
