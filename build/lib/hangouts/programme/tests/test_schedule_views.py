"""Organisers' planning pages: happy path, outsiders and members refused, bad input, queries."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hangouts.programme.actions.hangouts import schedule_hangout
from hangouts.programme.actions.series import create_series
from hangouts.programme.models import (
    DEFAULT_AGENDA,
    Hangout,
    HangoutChange,
    PresentationOffer,
    Presenter,
    Series,
    Topic,
    Vote,
)
from hangouts.programme.presenters import offer_to_present

VIENTIANE = ZoneInfo("Asia/Vientiane")
FUTURE = datetime(2030, 5, 31, 14, 0, tzinfo=VIENTIANE)


def url(name, network, **kwargs):
    return reverse(f"programme:{name}", kwargs={"network": network.slug, **kwargs})


@pytest.fixture
def series(network):
    return create_series(network, name="ກອງປະຊຸມວັນສຸກ", name_en="Friday hangouts")


@pytest.fixture
def topic(network):
    return Topic.objects.create(network=network, title="school meals", status="shortlisted")


@pytest.fixture
def hangout(topic, organiser, member):
    return schedule_hangout(
        topic,
        by=organiser,
        starts_at=FUTURE,
        minutes=60,
        title="Feeding children well",
        description="",
        language="lo",
        interpretation="",
        capacity=None,
        agenda=DEFAULT_AGENDA,
        presenters=[(member, Presenter.Role.PRESENTER)],
        meeting_url="https://zoom.us/j/1",
    )


def in_english(client):
    """The footer's language switch: English whatever the network's language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def refused(client, path, method="get", data=None):
    response = getattr(client, method)(path, data or {})
    return response.status_code in (403, 404)


# Series


@pytest.mark.django_db
def test_series_list_shows_the_networks_series_to_organisers(
    organiser_client, member_client, outsider_client, client, series, network
):
    page = organiser_client.get(url("series_list", network))

    assert page.status_code == 200
    assert "ກອງປະຊຸມວັນສຸກ" in page.text
    assert url("series_plan", network, pk=series.pk) in page.text
    for other in (member_client, outsider_client, client):
        assert refused(other, url("series_list", network))


@pytest.mark.django_db
def test_series_create_saves_a_rule_in_the_network(organiser_client, network):
    response = organiser_client.post(
        url("series_create", network),
        {
            "name": "ວັນພຸດ",
            "week": "2",
            "weekday": "2",
            "start_time": "09:30",
            "duration_minutes": "90",
            "language": "lo",
            "capacity": "100",
            "provider": "jitsi",
            "jitsi_base_url": "https://meet.example.la/",
        },
    )

    series = Series.objects.get(network=network)
    assert response.status_code == 302
    assert response["Location"] == url("series_plan", network, pk=series.pk)
    assert (series.week, series.weekday, series.start_time.hour, series.capacity) == (2, 2, 9, 100)
    assert series.jitsi_base_url == "https://meet.example.la"


@pytest.mark.django_db
def test_series_create_refuses_bad_input(organiser_client, network):
    response = organiser_client.post(
        url("series_create", network),
        {
            "name": "",
            "week": "7",
            "weekday": "4",
            "start_time": "25:00",
            "duration_minutes": "5",
            "language": "lo",
            "provider": "url",
            "jitsi_base_url": "http://meet.example.la",
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {
        "name",
        "week",
        "start_time",
        "duration_minutes",
        "jitsi_base_url",
    }
    assert not Series.objects.exists()


@pytest.mark.django_db
def test_series_edit_changes_the_rule_and_refuses_outsiders(
    organiser_client, outsider_client, member_client, series, network
):
    data = {
        "name": "Fridays",
        "week": "-1",
        "weekday": "4",
        "start_time": "15:00",
        "duration_minutes": "60",
        "language": "lo",
        "provider": "url",
        "jitsi_base_url": "https://meet.jit.si",
    }
    for other in (outsider_client, member_client):
        assert refused(other, url("series_edit", network, pk=series.pk), "post", data)

    organiser_client.post(url("series_edit", network, pk=series.pk), data)

    series.refresh_from_db()
    assert (series.name, series.start_time.hour) == ("Fridays", 15)


@pytest.mark.django_db
def test_series_plan_shows_six_dates_with_holiday_warnings(organiser_client, network, topic):
    # The second Tuesday of April 2026 is 14 April: Lao New Year.
    series = create_series(network, name="Tuesdays", week=2, weekday=Series.Weekday.TUESDAY)

    with time_machine.travel(datetime(2026, 3, 20, 9, 0, tzinfo=VIENTIANE), tick=False):
        page = in_english(organiser_client).get(url("series_plan", network, pk=series.pk))

    dates = page.context["dates"]
    assert [d.starts_at.date().isoformat() for d in dates[:2]] == ["2026-04-14", "2026-05-12"]
    assert len(dates) == 6
    assert "Public holiday: Lao New Year&#x27;s Day" in page.text
    assert page.text.count("Start a hangout on this date") == 6
    assert topic.title in page.text


@pytest.mark.django_db
def test_series_plan_is_for_organisers_of_the_network_only(
    member_client, outsider_client, series, network, other_network
):
    theirs = create_series(other_network, name="Theirs")
    for other in (member_client, outsider_client):
        assert refused(other, url("series_plan", network, pk=series.pk))
    assert refused(member_client, url("series_plan", network, pk=theirs.pk))


@pytest.mark.django_db
def test_series_plan_runs_the_same_queries_whatever_the_hangouts_and_topics(
    organiser_client, network, series, topic
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert (
                organiser_client.get(url("series_plan", network, pk=series.pk)).status_code == 200
            )
        return len(queries)

    small = count()
    for months in range(1, 7):
        starts_at = timezone.now() + timedelta(days=30 * months)
        Hangout.objects.create(
            network=network,
            title=f"Other {months}",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(days=2),
            status="scheduled",
        )
        Topic.objects.create(network=network, title=f"Topic {months}")
    assert small == count() == 8


@pytest.mark.django_db
def test_series_plan_start_leads_to_the_prefilled_form(organiser_client, network, series, topic):
    response = organiser_client.get(
        url("series_plan_start", network, pk=series.pk),
        {"starts_at": "2030-05-31T14:00:00+07:00", "topic": topic.pk},
    )

    assert response.status_code == 302
    form_page = organiser_client.get(response["Location"])
    form = form_page.context["form"]
    assert form["series"].value() == series.pk
    assert 'value="2030-05-31T14:00"' in form_page.text


@pytest.mark.django_db
def test_series_plan_start_without_a_topic_goes_back_to_the_plan(
    organiser_client, network, series, other_network
):
    foreign = Topic.objects.create(network=other_network, title="Theirs")
    for data in (
        {"starts_at": "2030-05-31T14:00:00+07:00"},
        {"starts_at": "soon", "topic": "1"},
        {"starts_at": "2030-05-31T14:00:00+07:00", "topic": foreign.pk},
    ):
        response = organiser_client.get(url("series_plan_start", network, pk=series.pk), data)
        assert response["Location"] == url("series_plan", network, pk=series.pk)


# Scheduling


def hangout_data(member, **overrides):
    return {
        "title": "Feeding children well at school",
        "starts_at": "2030-05-31T14:00",
        "minutes": "60",
        "welcome": "5",
        "talk": "15",
        "discussion": "35",
        "wrap_up": "5",
        "language": "lo",
        "presenters": [str(member.pk)],
        "provider": "jitsi",
        **overrides,
    }


@pytest.mark.django_db
def test_hangout_create_schedules_from_a_topic_with_two_presenters_and_jitsi(
    organiser_client, network, topic, member, make_member, series
):
    second = make_member(name="ທ້າວ ບຸນມີ", name_latin="Bounmy")
    form_page = organiser_client.get(url("hangout_create", network, topic_pk=topic.pk))
    assert topic.title in form_page.text
    assert "meet.jit.si" in form_page.text

    response = organiser_client.post(
        url("hangout_create", network, topic_pk=topic.pk),
        hangout_data(member, presenters=[str(member.pk), str(second.pk)], series=str(series.pk)),
    )

    hangout = Hangout.objects.get(topic=topic)
    assert response.status_code == 302
    assert response["Location"] == url("hangout_detail", network, pk=hangout.pk)
    assert hangout.starts_at == FUTURE
    assert hangout.series == series
    assert hangout.meeting_url.startswith("https://meet.jit.si/SunCsaLao-Hangout-")
    assert set(hangout.presenters.values_list("member_id", flat=True)) == {member.pk, second.pk}


@pytest.mark.django_db
def test_hangout_create_shows_errors_and_schedules_nothing_on_bad_input(
    organiser_client, network, topic, member
):
    response = in_english(organiser_client).post(
        url("hangout_create", network, topic_pk=topic.pk),
        hangout_data(member, talk="30", discussion="20", language="en", presenters=[]),
    )

    assert response.status_code == 200
    assert "Keep this talk length" in response.text
    assert "How is interpretation arranged?" in response.text
    assert not Hangout.objects.exists()


@pytest.mark.django_db
def test_hangout_create_is_refused_to_members_and_outsiders(
    member_client, outsider_client, client, network, topic, member, other_network, organiser_client
):
    path = url("hangout_create", network, topic_pk=topic.pk)
    for other in (member_client, outsider_client, client):
        assert refused(other, path)
        assert refused(other, path, "post", hangout_data(member))
    foreign = Topic.objects.create(network=other_network, title="Theirs")
    assert (
        organiser_client.get(url("hangout_create", network, topic_pk=foreign.pk)).status_code == 404
    )
    assert not Hangout.objects.exists()


@pytest.mark.django_db
def test_hangout_create_ignores_a_bad_prefill(organiser_client, network, topic):
    page = organiser_client.get(
        url("hangout_create", network, topic_pk=topic.pk), {"starts_at": "soon", "series": "x"}
    )

    assert page.status_code == 200
    assert page.context["form"]["starts_at"].value() is None


# Managing


@pytest.mark.django_db
def test_hangout_manage_reschedules_and_lists_the_history(organiser_client, network, hangout):
    path = url("hangout_manage", network, pk=hangout.pk)

    response = organiser_client.post(
        path,
        {
            "step": "reschedule",
            "reschedule-starts_at": "2030-06-07T14:00",
            "reschedule-note": "Rain",
        },
    )

    assert response["Location"] == path
    hangout.refresh_from_db()
    assert hangout.starts_at == FUTURE + timedelta(days=7)
    assert hangout.sequence == 1
    page = organiser_client.get(path)
    assert [c.kind for c in page.context["changes"]] == ["scheduled", "rescheduled"]
    assert "Rain" in page.text


@pytest.mark.django_db
def test_hangout_manage_cancels_with_a_note(organiser_client, network, hangout):
    path = url("hangout_manage", network, pk=hangout.pk)

    organiser_client.post(path, {"step": "cancel", "cancel-note": "Presenter ill"})

    hangout.refresh_from_db()
    assert hangout.status == Hangout.Status.CANCELLED
    assert HangoutChange.objects.get(hangout=hangout, kind="cancelled").note == "Presenter ill"


@pytest.mark.django_db
def test_hangout_manage_marks_a_started_hangout_held(organiser_client, network, hangout, topic):
    path = url("hangout_manage", network, pk=hangout.pk)
    organiser_client.post(path, {"step": "held"})
    hangout.refresh_from_db()
    assert hangout.status == Hangout.Status.SCHEDULED  # not yet started

    Hangout.objects.filter(pk=hangout.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now()
    )
    organiser_client.post(path, {"step": "held"})

    hangout.refresh_from_db()
    topic.refresh_from_db()
    assert (hangout.status, topic.status) == ("held", "held")


@pytest.mark.django_db
def test_hangout_manage_refuses_bad_input(organiser_client, network, hangout):
    path = url("hangout_manage", network, pk=hangout.pk)

    past = organiser_client.post(
        path, {"step": "reschedule", "reschedule-starts_at": "2020-01-01T14:00"}
    )
    no_note = organiser_client.post(path, {"step": "cancel", "cancel-note": ""})
    unknown = organiser_client.post(path, {"step": "delete"})

    assert past.status_code == no_note.status_code == unknown.status_code == 200
    assert "starts_at" in past.context["forms"]["reschedule"].errors
    assert "note" in no_note.context["forms"]["cancel"].errors
    hangout.refresh_from_db()
    assert (hangout.status, hangout.starts_at) == ("scheduled", FUTURE)


@pytest.mark.django_db
def test_hangout_manage_is_refused_to_members_and_outsiders(
    member_client, outsider_client, client, network, hangout
):
    path = url("hangout_manage", network, pk=hangout.pk)
    for other in (member_client, outsider_client, client):
        assert refused(other, path)
        assert refused(other, path, "post", {"step": "cancel", "cancel-note": "x"})
    hangout.refresh_from_db()
    assert hangout.status == "scheduled"


# Presenters


@pytest.mark.django_db
def test_offer_create_records_a_members_offer(member_client, network, member, topic):
    response = member_client.post(
        url("offer_create", network), {"subject": "Cooking demonstrations", "topic": topic.pk}
    )

    assert response.status_code == 302
    offer = PresentationOffer.objects.get()
    assert (offer.member, offer.topic, offer.invited_by) == (member, topic, None)
    assert "Cooking demonstrations" in member_client.get(url("offer_create", network)).text


@pytest.mark.django_db
def test_offer_create_refuses_empty_offers_and_non_members(
    member_client, outsider_client, client, network
):
    empty = member_client.post(url("offer_create", network), {"subject": ""})
    anonymous = client.get(url("offer_create", network))

    assert empty.status_code == 200
    assert "subject" in empty.context["form"].errors
    assert anonymous.status_code == 302
    assert reverse("network:sign_in", kwargs={"network": network.slug}) in anonymous["Location"]
    assert refused(outsider_client, url("offer_create", network), "post", {"subject": "x"})
    assert not PresentationOffer.objects.exists()


@pytest.mark.django_db
def test_offer_list_shows_open_offers_and_records_invitations(
    organiser_client, organiser, network, member, make_member
):
    offer_to_present(member, subject="Cooking demonstrations")
    invited = make_member(name="ນາງ ແກ້ວ")

    response = organiser_client.post(
        url("offer_invite", network), {"member": invited.pk, "subject": "Kitchen gardens"}
    )

    assert response.status_code == 302
    page = organiser_client.get(url("offer_list", network))
    assert "Cooking demonstrations" in page.text and "Kitchen gardens" in page.text
    assert PresentationOffer.objects.get(member=invited).invited_by == organiser


@pytest.mark.django_db
def test_offer_invite_refuses_bad_input_and_outsiders(
    organiser_client, outsider_client, member_client, network, other_network
):
    from hangouts.network.models import Member

    stranger = Member.objects.create(network=other_network, name="Stranger")

    bad = organiser_client.post(
        url("offer_invite", network), {"member": stranger.pk, "subject": "x"}
    )

    assert bad.status_code == 400
    assert "member" in bad.context["form"].errors
    for other in (outsider_client, member_client):
        assert refused(other, url("offer_list", network))
        assert refused(other, url("offer_invite", network), "post", {"subject": "x"})
    assert not PresentationOffer.objects.exists()


@pytest.mark.django_db
def test_presenter_profile_shows_public_data_only(client, network, member, hangout):
    page = client.get(url("presenter_profile", network, member_pk=member.pk))

    assert page.status_code == 200
    assert member.name in page.text
    assert member.organisation.name in page.text
    assert hangout.title in page.text
    assert member.phone not in page.text and member.email not in page.text
    assert url("hangout_detail", network, pk=hangout.pk) in page.text


@pytest.mark.django_db
def test_presenter_profile_is_not_found_for_who_never_presented(
    client, network, other_network, make_member, hangout
):
    never = make_member(name="Never")
    presenter = hangout.presenters.get().member

    assert client.get(url("presenter_profile", network, member_pk=never.pk)).status_code == 404
    assert (
        client.get(url("presenter_profile", other_network, member_pk=presenter.pk)).status_code
        == 404
    )


@pytest.mark.django_db
def test_presenter_mix_page_shows_the_mix_to_organisers_only(
    organiser_client, member_client, outsider_client, network, member, hangout
):
    Vote.objects.create(topic=hangout.topic, member=member)
    page = in_english(organiser_client).get(url("presenter_mix", network))

    assert page.status_code == 200
    assert "Small organisations" in page.text
    assert page.context["mix"].roster == 1
    for other in (member_client, outsider_client):
        assert refused(other, url("presenter_mix", network))


@pytest.mark.django_db
def test_presenter_mix_page_runs_the_same_queries_whatever_the_roster(
    organiser_client, network, make_member, hangout
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(url("presenter_mix", network)).status_code == 200
        return len(queries)

    small = count()
    for i in range(12):
        extra = make_member(name=f"Extra {i}", gender="female" if i % 2 else "male")
        Presenter.objects.create(hangout=hangout, member=extra)
        Vote.objects.create(topic=hangout.topic, member=extra)
        offer_to_present(extra, subject=f"Subject {i}")
    Hangout.objects.filter(pk=hangout.pk).update(status="held")
    assert small == count() == 8


# When the meeting tool fails (here: Zoom not configured, no request leaves the machine)


@pytest.fixture
def no_zoom(settings):
    settings.ZOOM_ACCOUNT_ID = settings.ZOOM_CLIENT_ID = settings.ZOOM_CLIENT_SECRET = ""


@pytest.mark.django_db
def test_hangout_create_shows_the_meeting_tools_error_and_schedules_nothing(
    no_zoom, organiser_client, network, topic, member
):
    response = in_english(organiser_client).post(
        url("hangout_create", network, topic_pk=topic.pk), hangout_data(member, provider="zoom")
    )

    assert response.status_code == 200
    assert "Zoom is not configured" in response.text
    assert not Hangout.objects.exists()
    topic.refresh_from_db()
    assert topic.status == "shortlisted"


@pytest.mark.django_db
def test_hangout_manage_leaves_the_hangout_as_it_was_when_the_meeting_tool_fails(
    no_zoom, organiser_client, network, hangout
):
    Hangout.objects.filter(pk=hangout.pk).update(meeting_provider="zoom", meeting_id="85012345678")
    path = url("hangout_manage", network, pk=hangout.pk)

    response = in_english(organiser_client).post(
        path, {"step": "cancel", "cancel-note": "Presenter ill"}, follow=True
    )

    assert "Zoom is not configured" in response.text
    hangout.refresh_from_db()
    assert (hangout.status, hangout.sequence, hangout.meeting_id) == ("scheduled", 0, "85012345678")
    assert not HangoutChange.objects.filter(kind="cancelled").exists()


@pytest.mark.django_db
def test_series_zoom_meeting_explains_an_unconfigured_zoom_and_saves_nothing(
    organiser_client, network, settings
):
    from hangouts.programme.models import Series

    settings.ZOOM_ACCOUNT_ID = ""
    series = Series.objects.create(network=network, name="Friday hangouts", provider="zoom")
    url = reverse(
        "programme:series_zoom_meeting", kwargs={"network": network.slug, "pk": series.pk}
    )
    response = organiser_client.post(url, follow=True)
    series.refresh_from_db()
    assert series.zoom_meeting_id == ""
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert "Zoom" in response.text


@pytest.mark.django_db
def test_series_zoom_meeting_refuses_members_and_outsiders(member_client, outsider_client, network):
    from hangouts.programme.models import Series

    series = Series.objects.create(network=network, name="Friday hangouts", provider="zoom")
    url = reverse(
        "programme:series_zoom_meeting", kwargs={"network": network.slug, "pk": series.pk}
    )
    assert member_client.post(url).status_code == 403
    assert outsider_client.post(url).status_code in (403, 404)


@pytest.mark.django_db
def test_organiser_accepts_an_offer_and_it_leaves_the_open_list(organiser_client, network, member):
    from hangouts.programme.models import PresentationOffer

    offer = PresentationOffer.objects.create(network=network, member=member, subject="ສວນຄົວ")
    url = reverse("programme:offer_settle", kwargs={"network": network.slug, "pk": offer.pk})
    assert organiser_client.post(url, {"status": "maybe"}).status_code == 400
    organiser_client.post(url, {"status": "accepted"})
    offer.refresh_from_db()
    assert offer.status == PresentationOffer.Status.ACCEPTED
    page = organiser_client.get(reverse("programme:offer_list", kwargs={"network": network.slug}))
    assert "ສວນຄົວ" not in page.text


@pytest.mark.django_db
def test_offer_settle_refuses_members_and_other_networks(
    member_client, outsider_client, network, member
):
    from hangouts.programme.models import PresentationOffer

    offer = PresentationOffer.objects.create(network=network, member=member, subject="X")
    url = reverse("programme:offer_settle", kwargs={"network": network.slug, "pk": offer.pk})
    assert member_client.post(url, {"status": "accepted"}).status_code == 403
    assert outsider_client.post(url, {"status": "accepted"}).status_code == 403
    offer.refresh_from_db()
    assert offer.status == PresentationOffer.Status.OPEN


@pytest.mark.django_db
def test_schedule_page_ignores_a_prefill_that_is_not_a_date(organiser_client, network, member):
    from hangouts.programme.models import Topic

    topic = Topic.objects.create(network=network, title="ສວນຄົວ")
    url = reverse(
        "programme:hangout_create", kwargs={"network": network.slug, "topic_pk": topic.pk}
    )
    response = organiser_client.get(url, {"starts_at": "2026-13-45T10:00", "series": "abc"})
    assert response.status_code == 200
    assert response.context["form"]["starts_at"].value() in (None, "")
