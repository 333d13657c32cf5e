"""The public hangout pages: what visitors, members and organisers see, and what they must not."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar, Event

from hangouts.accounts.actions import issue_personal_link
from hangouts.accounts.models import PersonalLink
from hangouts.lib.dates import format_datetime
from hangouts.network.models import Member, Network, Organisation, Province
from hangouts.participation.models import RSVP, Attendance
from hangouts.programme.models import DEFAULT_AGENDA, Hangout, Presenter
from hangouts.programme.views.hangouts import optional_url

SECRET = "https://meet.jit.si/Secret-room-abc"
STARTS = datetime(2030, 11, 29, 7, tzinfo=UTC)  # a Friday, 14:00 in Vientiane


def make_hangout(network: Network, **fields: object) -> Hangout:
    values: dict[str, object] = {
        "network": network,
        "title": "ໂພຊະນາການແມ່ ແລະ ເດັກ",
        "starts_at": STARTS,
        "status": Hangout.Status.SCHEDULED,
        "meeting_url": SECRET,
        "meeting_passcode": "246810",
        "agenda": DEFAULT_AGENDA,
        **fields,
    }
    values.setdefault("ends_at", values["starts_at"] + timedelta(hours=1))  # type: ignore[operator]
    return Hangout.objects.create(**values)


def page(hangout: Hangout) -> str:
    return reverse(
        "programme:hangout_detail", kwargs={"network": hangout.network.slug, "pk": hangout.pk}
    )


def ics(hangout: Hangout) -> str:
    return reverse(
        "programme:hangout_ics", kwargs={"network": hangout.network.slug, "pk": hangout.pk}
    )


def in_english(client: Client) -> Client:
    """The reader chose English (the footer's switch); Lao strings are translated later."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def list_url(network: Network) -> str:
    return reverse("programme:hangout_list", kwargs={"network": network.slug})


@pytest.fixture
def hangout(network: Network) -> Hangout:
    return make_hangout(network)


@pytest.fixture
def presenter(hangout: Hangout, member: Member) -> Presenter:
    return Presenter.objects.create(hangout=hangout, member=member)


def add_members(make_member: Callable[..., Member], count: int) -> list[Member]:
    return [make_member(name=f"ສະມາຊິກ {i}", name_latin=f"Member {i}") for i in range(count)]


# --- the hangout page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_hangout_detail_shows_date_presenters_agenda_and_places(
    client: Client, hangout: Hangout, presenter: Presenter, network: Network
) -> None:
    Hangout.objects.filter(pk=hangout.pk).update(capacity=100, going_count=40)

    html = in_english(client).get(page(hangout)).content.decode()
    when = format_datetime(STARTS, time_zone="Asia/Vientiane", length="full", language="en")

    assert "ໂພຊະນາການແມ່ ແລະ ເດັກ" in html
    assert when in html
    assert "Friday, 29 November 2030, 14:00" in html
    assert "Laos Time (Asia/Vientiane)" in html
    assert "60 minutes" in html
    assert "Souksavanh Phommachanh" in html
    assert "Presenter" in html
    assert "Community Development Association (CDA)" in html
    agenda = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>(\d+)</td></tr>", html)
    assert agenda == [
        ("14:00", "Welcome", "5"),
        ("14:05", "Talk", "15"),
        ("14:20", "Discussion", "35"),
        ("14:55", "Wrap-up", "5"),
    ]
    assert "60 places left of 100" in html
    assert ics(hangout) in html
    assert reverse("programme:zoom_guide", kwargs={"network": network.slug}) in html


@pytest.mark.django_db
def test_hangout_detail_shows_the_date_in_lao_by_default(client: Client, hangout: Hangout) -> None:
    html = client.get(page(hangout)).content.decode()

    assert format_datetime(STARTS, time_zone="Asia/Vientiane", length="full", language="lo") in html
    assert "ວັນສຸກ" in html  # Friday, from Babel's Lao data
    assert '<html lang="lo">' in html


@pytest.mark.django_db
def test_hangout_detail_says_how_another_language_is_interpreted(
    client: Client, network: Network
) -> None:
    hangout = make_hangout(network, language="en", interpretation="Lao interpreter on the call")

    html = in_english(client).get(page(hangout)).content.decode()

    assert "English" in html
    assert "Interpretation: Lao interpreter on the call" in html


@pytest.mark.django_db
def test_hangout_detail_in_the_national_language_has_no_interpretation_note(
    client: Client, hangout: Hangout
) -> None:
    html = in_english(client).get(page(hangout)).content.decode()

    assert "Interpretation" not in html


@pytest.mark.django_db
def test_hangout_detail_when_full_says_answers_go_on_the_waiting_list(
    client: Client, hangout: Hangout
) -> None:
    Hangout.objects.filter(pk=hangout.pk).update(capacity=2, going_count=2)

    html = in_english(client).get(page(hangout)).content.decode()

    assert "All 2 places are taken" in html


@pytest.mark.django_db
def test_hangout_detail_shows_a_cancelled_hangout_as_cancelled(
    client: Client, network: Network
) -> None:
    hangout = make_hangout(network, status=Hangout.Status.CANCELLED)

    html = in_english(client).get(page(hangout)).content.decode()

    assert "This hangout is cancelled." in html
    assert "Will you come?" not in html


@pytest.mark.parametrize("viewer", ["organiser_client", "member_client"])
@pytest.mark.django_db
def test_hangout_detail_shows_the_join_link_to_identified_people(
    request: pytest.FixtureRequest, viewer: str, hangout: Hangout
) -> None:
    html = request.getfixturevalue(viewer).get(page(hangout)).content.decode()

    assert SECRET in html
    assert "246810" in html


@pytest.mark.parametrize("viewer", ["client", "outsider_client"])
@pytest.mark.django_db
def test_hangout_detail_hides_the_join_link_from_anonymous_and_outsiders(
    request: pytest.FixtureRequest, viewer: str, hangout: Hangout
) -> None:
    response = request.getfixturevalue(viewer).get(page(hangout))

    assert response.status_code == 200
    html = response.content.decode()
    assert "ໂພຊະນາການແມ່ ແລະ ເດັກ" in html
    assert SECRET not in html
    assert "Secret-room" not in html
    assert "246810" not in html


@pytest.mark.django_db
def test_hangout_detail_hides_the_join_link_from_a_member_of_another_network(
    hangout: Hangout, other_network: Network, organisation: Organisation
) -> None:
    from hangouts.accounts.actions import ensure_member_user

    stranger = Member.objects.create(network=other_network, name="Sok", phone="+85512345678")
    client = Client()
    client.force_login(ensure_member_user(stranger))

    html = client.get(page(hangout)).content.decode()

    assert SECRET not in html


@pytest.mark.parametrize("viewer", ["client", "member_client", "outsider_client"])
@pytest.mark.django_db
def test_hangout_detail_hides_drafts_from_all_but_organisers(
    request: pytest.FixtureRequest, viewer: str, network: Network
) -> None:
    draft = make_hangout(network, status=Hangout.Status.DRAFT)

    assert request.getfixturevalue(viewer).get(page(draft)).status_code == 404
    assert request.getfixturevalue(viewer).get(ics(draft)).status_code == 404


@pytest.mark.django_db
def test_hangout_detail_shows_drafts_to_organisers(
    organiser_client: Client, network: Network
) -> None:
    draft = make_hangout(network, status=Hangout.Status.DRAFT, title="Draft topic")

    html = in_english(organiser_client).get(page(draft)).content.decode()

    assert "Draft topic" in html
    assert "Draft: only organisers see this page." in html


@pytest.mark.django_db
def test_hangout_detail_is_scoped_to_the_network_in_the_address(
    client: Client, hangout: Hangout, other_network: Network
) -> None:
    elsewhere = reverse(
        "programme:hangout_detail", kwargs={"network": other_network.slug, "pk": hangout.pk}
    )

    assert client.get(elsewhere).status_code == 404


@pytest.mark.django_db
def test_hangout_detail_bad_addresses_and_methods(
    client: Client, hangout: Hangout, network: Network
) -> None:
    missing = reverse("programme:hangout_detail", kwargs={"network": network.slug, "pk": 999999})
    unknown = reverse("programme:hangout_detail", kwargs={"network": "nowhere", "pk": hangout.pk})

    assert client.get(missing).status_code == 404
    assert client.get(unknown).status_code == 404
    assert client.post(page(hangout)).status_code == 405


@pytest.mark.django_db
def test_hangout_detail_shows_a_member_their_answer(
    member_client: Client, hangout: Hangout, member: Member
) -> None:
    RSVP.objects.create(hangout=hangout, member=member, status=RSVP.Status.GOING)
    rsvp_url = optional_url("participation:rsvp", network=hangout.network.slug, pk=hangout.pk)

    html = in_english(member_client).get(page(hangout)).content.decode()

    assert "Your answer: <strong>Going</strong>" in html
    if rsvp_url:  # the RSVP view comes from the participation part of this issue
        assert f'action="{rsvp_url}"' in html
        assert 'name="going" value="yes"' in html
        assert 'name="going" value="no"' in html
    assert "Members: sign in" not in html


@pytest.mark.django_db
def test_hangout_detail_offers_anonymous_visitors_to_sign_in_or_answer_by_phone(
    client: Client, hangout: Hangout, network: Network
) -> None:
    by_phone = optional_url("participation:rsvp_by_phone", network=network.slug, pk=hangout.pk)

    html = in_english(client).get(page(hangout)).content.decode()

    assert "Members: sign in" in html
    assert f"/{network.slug}/sign-in/?next=" in html
    assert 'name="going"' not in html
    if by_phone:
        assert by_phone in html


@pytest.mark.django_db
def test_hangout_detail_runs_a_fixed_number_of_queries(
    member_client: Client,
    network: Network,
    member: Member,
    make_member: Callable[..., Member],
) -> None:
    small = make_hangout(network)
    Presenter.objects.create(hangout=small, member=member)
    large = make_hangout(network, title="Big one")
    others = add_members(make_member, 50)
    for person, role in zip(others[:3], Presenter.Role, strict=True):
        Presenter.objects.create(hangout=large, member=person, role=role)
    RSVP.objects.bulk_create(
        RSVP(hangout=large, member=person, status=RSVP.Status.GOING) for person in others
    )
    RSVP.objects.create(hangout=large, member=member, status=RSVP.Status.GOING)

    def count(hangout: Hangout) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(page(hangout)).status_code == 200
        return len(queries)

    assert count(small) == count(large) == 9  # 9th: the library section (its resources)


@pytest.mark.django_db
def test_hangout_detail_stays_within_the_page_budget(
    member_client: Client, hangout: Hangout, presenter: Presenter
) -> None:
    html = member_client.get(page(hangout)).content
    css = Path(str(finders.find("css/site.css"))).read_bytes()

    assert len(gzip.compress(css)) <= 5 * 1024
    assert len(gzip.compress(html)) + len(gzip.compress(css)) <= 30 * 1024
    assert b"<script" not in html
    assert b"style=" not in html


# --- the calendar file ------------------------------------------------------------------------


def parse_event(content: bytes) -> Event:
    [event] = Calendar.from_ical(content).events
    return event


@pytest.mark.django_db
def test_hangout_ics_for_anonymous_visitors_has_no_join_link(
    client: Client, hangout: Hangout
) -> None:
    response = client.get(ics(hangout))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="hangout-{hangout.pk}.ics"'
    assert SECRET.encode() not in response.content
    assert b"246810" not in response.content
    assert b"METHOD" not in response.content
    assert b"DTSTART;TZID=Asia/Vientiane:20301129T140000" in response.content
    event = parse_event(response.content)
    assert event.uid == f"hangout-{hangout.pk}@testserver"
    assert event.sequence == 0
    assert isinstance(event.start, datetime)
    assert str(event.start.tzinfo) == "Asia/Vientiane"
    assert event.start == STARTS
    assert event["SUMMARY"] == "ໂພຊະນາການແມ່ ແລະ ເດັກ"
    assert event["URL"] == f"http://testserver{page(hangout)}"


@pytest.mark.parametrize("viewer", ["organiser_client", "member_client"])
@pytest.mark.django_db
def test_hangout_ics_carries_the_join_link_for_identified_people(
    request: pytest.FixtureRequest, viewer: str, hangout: Hangout
) -> None:
    response = request.getfixturevalue(viewer).get(ics(hangout))

    event = parse_event(response.content)
    assert event["LOCATION"] == SECRET
    assert SECRET in str(event["DESCRIPTION"])
    assert "246810" in str(event["DESCRIPTION"])
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_hangout_ics_carries_the_join_link_for_a_personal_link_holder(
    client: Client, hangout: Hangout, member: Member
) -> None:
    link = issue_personal_link(member, purpose=PersonalLink.Purpose.RSVP, subject_id=hangout.pk)

    response = client.get(ics(hangout), {"token": link.token})

    assert SECRET in str(parse_event(response.content)["DESCRIPTION"])


@pytest.mark.django_db
def test_hangout_ics_refuses_the_join_link_for_a_wrong_or_foreign_token(
    client: Client, hangout: Hangout, member: Member, network: Network
) -> None:
    other = make_hangout(network, title="Another")
    elsewhere = issue_personal_link(member, purpose=PersonalLink.Purpose.RSVP, subject_id=other.pk)
    feedback = issue_personal_link(
        member, purpose=PersonalLink.Purpose.FEEDBACK, subject_id=hangout.pk
    )

    for token in (elsewhere.token, feedback.token, "123.forged", "nonsense"):
        response = client.get(ics(hangout), {"token": token})
        assert response.status_code == 200
        assert SECRET.encode() not in response.content


@pytest.mark.django_db
def test_hangout_ics_keeps_its_uid_when_the_hangout_changes(
    client: Client, hangout: Hangout
) -> None:
    first = parse_event(client.get(ics(hangout)).content)
    Hangout.objects.filter(pk=hangout.pk).update(
        sequence=2,
        starts_at=STARTS + timedelta(days=7),
        ends_at=STARTS + timedelta(days=7, hours=1),
    )

    second = parse_event(client.get(ics(hangout)).content)

    assert second.uid == first.uid
    assert second.sequence == 2
    assert second.start == STARTS + timedelta(days=7)


@pytest.mark.django_db
def test_hangout_ics_of_a_cancelled_hangout_says_so(client: Client, network: Network) -> None:
    hangout = make_hangout(network, status=Hangout.Status.CANCELLED)

    assert parse_event(client.get(ics(hangout)).content)["STATUS"] == "CANCELLED"


# --- the list ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hangout_list_shows_upcoming_and_past_hangouts(
    client: Client,
    network: Network,
    other_network: Network,
    member: Member,
    make_member: Callable[..., Member],
) -> None:
    upcoming = make_hangout(network, title="Coming soon")
    Presenter.objects.create(hangout=upcoming, member=member)
    held = make_hangout(
        network,
        title="Held last year",
        status=Hangout.Status.HELD,
        starts_at=datetime(2025, 3, 28, 7, tzinfo=UTC),
        ends_at=datetime(2025, 3, 28, 8, tzinfo=UTC),
    )
    Attendance.objects.bulk_create(
        Attendance(hangout=held, member=person) for person in add_members(make_member, 6)
    )
    make_hangout(network, title="Secret draft", status=Hangout.Status.DRAFT)
    make_hangout(other_network, title="Another network's")

    html = in_english(client).get(list_url(network)).content.decode()

    assert "Coming soon" in html
    assert "Souksavanh Phommachanh (CDA)" in html
    assert "Held last year" in html
    assert "28 March 2025" in html
    assert "6 people attended" in html
    assert "Secret draft" not in html
    assert "Another network" not in html
    assert SECRET not in html
    assert html.index("Coming soon") < html.index("Held last year")


@pytest.mark.django_db
def test_hangout_list_shows_small_attendance_as_fewer_than_five(
    client: Client, network: Network, member: Member
) -> None:
    held = make_hangout(
        network,
        status=Hangout.Status.HELD,
        starts_at=datetime(2025, 3, 28, 7, tzinfo=UTC),
        ends_at=datetime(2025, 3, 28, 8, tzinfo=UTC),
    )
    Attendance.objects.create(hangout=held, member=member)

    html = in_english(client).get(list_url(network)).content.decode()

    assert "fewer than 5 people attended" in html
    assert "1 person attended" not in html


@pytest.mark.django_db
def test_hangout_list_of_an_unknown_network_is_not_found(client: Client) -> None:
    assert client.get("/nowhere/hangouts/").status_code == 404


@pytest.mark.django_db
def test_hangout_list_runs_a_fixed_number_of_queries(
    client: Client, network: Network, make_member: Callable[..., Member]
) -> None:
    people = add_members(make_member, 12)

    def add(count: int) -> None:
        for i in range(count):
            held = make_hangout(
                network,
                status=Hangout.Status.HELD,
                starts_at=STARTS - timedelta(days=400 + 30 * i),
                ends_at=STARTS - timedelta(days=400 + 30 * i, hours=-1),
            )
            Presenter.objects.create(hangout=held, member=people[i % 12])
            Attendance.objects.bulk_create(Attendance(hangout=held, member=p) for p in people)
            coming = make_hangout(network, starts_at=STARTS + timedelta(days=30 * i))
            Presenter.objects.create(hangout=coming, member=people[i % 12])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(list_url(network)).status_code == 200
        return len(queries)

    add(1)
    small = count()
    add(10)
    assert count() == small == 6


# --- the Zoom guide ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_zoom_guide_shows_five_illustrated_steps(client: Client, network: Network) -> None:
    html = in_english(client).get(reverse("programme:zoom_guide", kwargs={"network": network.slug}))
    text = html.content.decode()

    images = re.findall(r"<img [^>]+>", text)
    assert len(images) == 5
    for tag in images:
        assert 'loading="lazy"' in tag
        assert 'width="120"' in tag
        assert 'height="200"' in tag
        assert re.search(r'alt="[^"]{10,}"', tag)
        path = re.search(r'src="/static/([^"]+)"', tag)
        assert path is not None
        svg = Path(str(finders.find(path.group(1)))).read_bytes()
        assert len(svg) < 3 * 1024
        assert b"<text" not in svg  # nothing inside the drawings needs translating
        assert b"style=" not in svg
    assert "Noy – CDA" in text
    assert "Install the Zoom app" in text
    assert "Raise your hand and chat" in text


@pytest.mark.django_db
def test_zoom_guide_of_an_unknown_network_is_not_found(client: Client) -> None:
    assert client.get("/nowhere/zoom-guide/").status_code == 404


def test_optional_url_is_empty_for_a_page_that_does_not_exist_yet() -> None:
    assert optional_url("programme:no_such_page", network="x", pk=1) == ""
    assert optional_url("programme:zoom_guide", network="x") == "/x/zoom-guide/"


@pytest.mark.django_db
def test_hangout_detail_links_presenters_to_their_profile_when_it_exists(
    client: Client, hangout: Hangout, presenter: Presenter, member: Member, network: Network
) -> None:
    profile = optional_url("programme:presenter_profile", network=network.slug, member_pk=member.pk)

    html = client.get(page(hangout)).content.decode()

    assert member.name in html
    if profile:
        assert f'href="{profile}"' in html


@pytest.mark.django_db
def test_hangout_detail_of_a_held_hangout_offers_no_answer(
    member_client: Client, network: Network, province: Callable[[str], Province]
) -> None:
    held = make_hangout(network, status=Hangout.Status.HELD)

    html = in_english(member_client).get(page(held)).content.decode()

    assert "This hangout has taken place." in html
    assert "Will you come?" not in html
    assert SECRET not in html
