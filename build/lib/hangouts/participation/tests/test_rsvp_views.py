"""Answering on the hangout page, from a personal link, by phone; the organisers' lists."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hangouts.accounts.actions import issue_personal_link
from hangouts.accounts.models import PersonalLink
from hangouts.network.models import Member, Network
from hangouts.participation.actions import answer_rsvp
from hangouts.participation.models import RSVP
from hangouts.programme.models import Hangout

SECRET = "https://meet.jit.si/Secret-room-rsvp"


def make_hangout(network: Network, **fields: object) -> Hangout:
    starts = timezone.now() + timedelta(days=7)
    values: dict[str, object] = {
        "network": network,
        "title": "ການສື່ສານກັບຊຸມຊົນ",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "status": Hangout.Status.SCHEDULED,
        "capacity": 1,
        "meeting_url": SECRET,
        **fields,
    }
    return Hangout.objects.create(**values)


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def hangout(network: Network) -> Hangout:
    return make_hangout(network)


def url(name: str, hangout: Hangout) -> str:
    return reverse(
        f"participation:{name}", kwargs={"network": hangout.network.slug, "pk": hangout.pk}
    )


def page(hangout: Hangout) -> str:
    return f"/{hangout.network.slug}/hangouts/{hangout.pk}/"


def in_english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def answers(hangout: Hangout) -> list[tuple[str, str, str]]:
    return [
        (r.member.name if r.member else r.guest_name, r.status, r.via)
        for r in RSVP.objects.filter(hangout=hangout).select_related("member")
    ]


# --- signed in, on the hangout page ------------------------------------------------------------


@pytest.mark.django_db
def test_rsvp_member_goes_and_is_sent_back_to_the_hangout_page(member_client, hangout, member):
    response = in_english(member_client).post(url("rsvp", hangout), {"going": "yes"})

    assert response.status_code == 302 and response["Location"] == page(hangout)
    assert said(response) == ["You are going."]
    assert answers(hangout) == [(member.name, "going", "signed_in")]


@pytest.mark.django_db
def test_rsvp_member_is_told_their_place_on_the_waiting_list(
    member_client, hangout, member, make_member
):
    answer_rsvp(hangout, going=True, via=RSVP.Via.SIGNED_IN, member=make_member(name="First"))

    response = in_english(member_client).post(url("rsvp", hangout), {"going": "yes"})

    assert said(response) == ["You are on the waiting list (place 1)."]
    assert (member.name, "waitlisted", "signed_in") in answers(hangout)


@pytest.mark.django_db
def test_rsvp_member_says_not_going(member_client, hangout, member):
    in_english(member_client).post(url("rsvp", hangout), {"going": "yes"})

    response = member_client.post(url("rsvp", hangout), {"going": "no"})

    assert said(response)[-1] == "You are not going."
    assert answers(hangout) == [(member.name, "cancelled", "signed_in")]
    hangout.refresh_from_db()
    assert hangout.going_count == 0


@pytest.mark.django_db
def test_rsvp_anonymous_visitor_is_sent_to_sign_in_first(client, hangout):
    response = client.post(url("rsvp", hangout), {"going": "yes"})

    assert response.status_code == 302
    assert response["Location"].startswith(f"/{hangout.network.slug}/sign-in/?next=")
    assert page(hangout).replace("/", "%2F") in response["Location"]
    assert not RSVP.objects.exists()


@pytest.mark.django_db
def test_rsvp_refuses_who_is_not_a_member_of_the_network(
    outsider_client, organiser_client, hangout
):
    assert outsider_client.post(url("rsvp", hangout), {"going": "yes"}).status_code == 403
    # An organiser without a member record has nobody to answer for.
    assert organiser_client.post(url("rsvp", hangout), {"going": "yes"}).status_code == 403
    assert not RSVP.objects.exists()


@pytest.mark.django_db
def test_rsvp_bad_input_records_nothing(member_client, hangout, network, other_network):
    draft = make_hangout(network, status=Hangout.Status.DRAFT)
    elsewhere = make_hangout(other_network)

    bad = in_english(member_client).post(url("rsvp", hangout), {"going": "maybe"})

    assert bad.status_code == 302 and said(bad) == ["Choose whether you are going or not."]
    assert member_client.get(url("rsvp", hangout)).status_code == 405
    assert member_client.post(url("rsvp", draft), {"going": "yes"}).status_code == 404
    foreign = f"/{network.slug}/hangouts/{elsewhere.pk}/rsvp/"
    assert member_client.post(foreign, {"going": "yes"}).status_code == 404
    assert not RSVP.objects.exists()


@pytest.mark.django_db
def test_rsvp_closed_hangout_says_why(member_client, network):
    past = make_hangout(
        network,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
    )

    response = in_english(member_client).post(url("rsvp", past), {"going": "yes"})

    assert response["Location"] == page(past)
    assert said(response) == ["This hangout is over."]
    assert not RSVP.objects.exists()


# --- personal link ------------------------------------------------------------------------------


def personal_url(link: PersonalLink) -> str:
    return reverse(
        "participation:rsvp_personal",
        kwargs={"network": link.member.network.slug, "token": link.token},
    )


@pytest.fixture
def link(member: Member, hangout: Hangout) -> PersonalLink:
    return issue_personal_link(
        member,
        purpose=PersonalLink.Purpose.RSVP,
        subject_id=hangout.pk,
        expires_at=hangout.ends_at + timedelta(days=14),
    )


@pytest.mark.django_db
def test_rsvp_personal_shows_the_hangout_and_two_buttons(client, link, hangout):
    html = in_english(client).get(personal_url(link)).content.decode()

    assert hangout.title in html
    assert "You have not answered yet." in html
    assert 'name="going" value="yes"' in html and 'name="going" value="no"' in html
    assert SECRET not in html


@pytest.mark.django_db
def test_rsvp_personal_records_the_answer_without_signing_in(client, link, hangout, member):
    response = in_english(client).post(personal_url(link), {"going": "yes"})
    html = client.get(response["Location"]).content.decode()

    assert response.status_code == 302 and response["Location"] == personal_url(link)
    assert answers(hangout) == [(member.name, "going", "personal_link")]
    assert "You are going." in html and "<strong>Going</strong>" in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_rsvp_personal_shows_the_waiting_place(client, link, hangout, make_member):
    answer_rsvp(hangout, going=True, via=RSVP.Via.SIGNED_IN, member=make_member(name="First"))

    in_english(client).post(personal_url(link), {"going": "yes"})
    html = client.get(personal_url(link)).content.decode()

    assert "<strong>On the waiting list</strong> (place 1)" in html


@pytest.mark.django_db
def test_rsvp_personal_expired_or_foreign_links_are_gone(client, link, member, other_network):
    wrong_purpose = issue_personal_link(member, purpose=PersonalLink.Purpose.FEEDBACK)
    elsewhere = reverse(
        "participation:rsvp_personal", kwargs={"network": other_network.slug, "token": link.token}
    )
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save()

    expired = in_english(client).get(personal_url(link))

    assert expired.status_code == 410 and "This link no longer works" in expired.content.decode()
    assert client.post(personal_url(link), {"going": "yes"}).status_code == 410
    assert client.get(personal_url(wrong_purpose)).status_code == 410
    assert client.get(elsewhere).status_code == 410
    assert client.get(f"/{member.network.slug}/rsvp/not-a-token/").status_code == 410
    assert not RSVP.objects.exists()


@pytest.mark.django_db
def test_rsvp_personal_bad_input_and_closed_hangout(client, link, hangout):
    bad = in_english(client).post(personal_url(link), {"going": ""})
    Hangout.objects.filter(pk=hangout.pk).update(status=Hangout.Status.CANCELLED)
    closed = client.get(personal_url(link)).content.decode()

    assert bad.status_code == 200 and 'name="going"' in bad.content.decode()
    assert "This hangout was cancelled." in closed and 'name="going"' not in closed
    assert client.post(personal_url(link), {"going": "yes"}).status_code == 302
    assert not RSVP.objects.exists()


# --- phone identification from the group post ------------------------------------------------


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.django_db
def test_rsvp_by_phone_shows_a_form_without_the_join_link(client, hangout):
    html = in_english(client).get(url("rsvp_by_phone", hangout)).content.decode()

    assert 'name="name"' in html and 'name="phone"' in html
    assert 'name="going" value="yes"' in html
    assert SECRET not in html


@pytest.mark.django_db
def test_rsvp_by_phone_answers_known_and_unknown_numbers_with_the_same_page(
    client, hangout, member
):
    known = in_english(client).post(
        url("rsvp_by_phone", hangout), {"name": "ສຸກສະຫວັນ", "phone": "020 5551 2345", "going": "yes"}
    )
    unknown = client.post(
        url("rsvp_by_phone", hangout), {"name": "ສຸກສະຫວັນ", "phone": "020 5551 9876", "going": "yes"}
    )

    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known.content.decode()) == without_csrf(unknown.content.decode())
    assert "Thank you, your answer is recorded" in known.content.decode()
    assert SECRET not in known.content.decode()
    assert sorted(answers(hangout)) == [
        (member.name, "going", "phone"),
        ("ສຸກສະຫວັນ", "waitlisted", "phone"),
    ]
    assert RSVP.objects.get(member__isnull=True).guest_phone == "+8562055519876"


@pytest.mark.django_db
def test_rsvp_by_phone_bad_input_records_nothing(client, hangout, network, other_network):
    bad_phone = in_english(client).post(
        url("rsvp_by_phone", hangout), {"name": "Noy", "phone": "abc", "going": "yes"}
    )
    no_answer = client.post(
        url("rsvp_by_phone", hangout), {"name": "Noy", "phone": "020 5551 9876"}
    )
    draft = make_hangout(network, status=Hangout.Status.DRAFT)
    elsewhere = make_hangout(other_network)

    assert bad_phone.status_code == 200 and "Enter a phone number" in bad_phone.content.decode()
    assert "Choose whether you are going or not." in no_answer.content.decode()
    assert client.get(url("rsvp_by_phone", draft)).status_code == 404
    assert client.get(f"/{network.slug}/hangouts/{elsewhere.pk}/answer/").status_code == 404
    assert not RSVP.objects.exists()


@pytest.mark.django_db
def test_rsvp_by_phone_is_rate_limited(client, hangout, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "phone_identification": (2, 60)}
    form = {"name": "Noy", "phone": "020 5551 9876", "going": "yes"}

    codes = [client.post(url("rsvp_by_phone", hangout), form).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


@pytest.mark.django_db
def test_rsvp_by_phone_closed_hangout_takes_no_answer(client, network):
    held = make_hangout(network, status=Hangout.Status.HELD)

    response = in_english(client).post(
        url("rsvp_by_phone", held), {"name": "Noy", "phone": "020 5551 9876", "going": "yes"}
    )

    assert "This hangout is over." in response.content.decode()
    assert 'name="phone"' not in response.content.decode()
    assert not RSVP.objects.exists()


# --- the organisers' lists -----------------------------------------------------------------------


def fill(hangout: Hangout, make_member: Callable[..., Member], size: int) -> list[Member]:
    people = [
        make_member(name=f"ສະມາຊິກ {hangout.pk}-{i}", name_latin=f"Member {hangout.pk}-{i}")
        for i in range(size)
    ]
    for person in people:
        answer_rsvp(hangout, going=True, via=RSVP.Via.SIGNED_IN, member=person)
    answer_rsvp(hangout, going=False, via=RSVP.Via.SIGNED_IN, member=people[-1])
    answer_rsvp(
        hangout,
        going=True,
        via=RSVP.Via.PHONE,
        guest_name="Guest One",
        guest_phone="+8562055510001",
    )
    return people


@pytest.mark.django_db
def test_rsvp_list_shows_going_waiting_with_places_and_not_going(
    organiser_client, network, make_member
):
    hangout = make_hangout(network, capacity=2)
    people = fill(hangout, make_member, 4)

    html = in_english(organiser_client).get(url("rsvp_list", hangout)).content.decode()
    going, waiting, not_going = (
        html.split('id="going"')[1].split('id="waitlist"')[0],
        html.split('id="waitlist"')[1].split('id="not-going"')[0],
        html.split('id="not-going"')[1],
    )

    assert people[0].name_latin in going and people[1].name_latin in going
    assert "<strong>1.</strong> <strong>" + people[2].name_latin in waiting
    assert "<strong>2.</strong> <strong>Guest One</strong>" in waiting and "(guest" in waiting
    assert people[3].name_latin in not_going
    assert "Community Development Association" in going  # the organisation, in English
    assert "2 going of 2 places" in html


@pytest.mark.django_db
def test_rsvp_list_is_for_the_network_organisers_only(
    member_client, outsider_client, client, hangout
):
    assert member_client.get(url("rsvp_list", hangout)).status_code == 403
    assert outsider_client.get(url("rsvp_list", hangout)).status_code == 403
    assert client.get(url("rsvp_list", hangout)).status_code == 403


@pytest.mark.django_db
def test_rsvp_list_of_another_networks_hangout_is_not_found(
    organiser_client, network, other_network
):
    elsewhere = make_hangout(other_network)

    assert (
        organiser_client.get(f"/{network.slug}/hangouts/{elsewhere.pk}/rsvps/").status_code == 404
    )


@pytest.mark.django_db
def test_rsvp_list_runs_the_same_number_of_queries_for_5_and_40_answers(
    organiser_client, network, make_member
):
    def count(hangout: Hangout) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(url("rsvp_list", hangout)).status_code == 200
        return len(queries)

    small, large = make_hangout(network, capacity=2), make_hangout(network, capacity=20)
    fill(small, make_member, 4)
    fill(large, make_member, 39)

    assert count(small) == count(large) == 7
