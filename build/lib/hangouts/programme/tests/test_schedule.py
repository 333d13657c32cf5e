"""Scheduling hangouts: the actions (presenters, history, sequence) and the form's validation."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from hangouts.programme.actions.hangouts import (
    HangoutStateError,
    cancel_hangout,
    mark_held,
    reschedule_hangout,
    schedule_hangout,
)
from hangouts.programme.actions.series import create_series
from hangouts.programme.forms.hangouts import HangoutForm, RescheduleForm, hangout_initial
from hangouts.programme.models import DEFAULT_AGENDA, Hangout, HangoutChange, Presenter, Topic

VIENTIANE = ZoneInfo("Asia/Vientiane")
FUTURE = datetime(2030, 5, 31, 14, 0, tzinfo=VIENTIANE)


@pytest.fixture
def topic(network, member):
    return Topic.objects.create(
        network=network,
        title="school meals",
        public_title="Feeding children well at school",
        description="What works in provincial schools.",
        status=Topic.Status.SHORTLISTED,
        proposed_by=member,
    )


@pytest.fixture
def speakers(make_member):
    return [
        make_member(name="ນາງ ແກ້ວ", name_latin="Keo", gender="female"),
        make_member(name="ທ້າວ ບຸນມີ", name_latin="Bounmy", gender="male"),
    ]


def schedule(topic, organiser, presenters, **overrides):
    values = {
        "by": organiser,
        "starts_at": FUTURE,
        "minutes": 60,
        "title": topic.display_title,
        "description": "",
        "language": "lo",
        "interpretation": "",
        "capacity": 100,
        "agenda": DEFAULT_AGENDA,
        "presenters": presenters,
        "meeting_url": "https://meet.google.com/abc-defg-hij",
        **overrides,
    }
    return schedule_hangout(topic, **values)


@pytest.mark.django_db
def test_schedule_hangout_creates_a_scheduled_hangout_with_presenters_and_history(
    topic, organiser, speakers
):
    keo, bounmy = speakers

    hangout = schedule(
        topic,
        organiser,
        [
            (keo, Presenter.Role.PRESENTER),
            (bounmy, Presenter.Role.PRESENTER),
            (keo, Presenter.Role.NOTE_TAKER),
        ],
    )

    hangout.refresh_from_db()
    assert hangout.status == Hangout.Status.SCHEDULED
    assert hangout.network == topic.network
    assert hangout.ends_at == FUTURE + timedelta(minutes=60)
    assert hangout.meeting_provider == "url"
    assert hangout.meeting_url == "https://meet.google.com/abc-defg-hij"
    assert hangout.talk_minutes == 15
    roles = sorted((p.member.name_latin, p.role) for p in hangout.presenters.all())
    assert roles == [("Bounmy", "presenter"), ("Keo", "note_taker"), ("Keo", "presenter")]
    change = hangout.changes.get()
    assert (change.kind, change.new_starts_at, change.by) == ("scheduled", FUTURE, organiser)
    topic.refresh_from_db()
    assert topic.status == Topic.Status.SCHEDULED


@pytest.mark.django_db
def test_schedule_hangout_takes_the_provider_of_its_series(topic, organiser, speakers, network):
    series = create_series(network, name="Fridays", provider="jitsi")

    hangout = schedule(topic, organiser, [(speakers[0], "presenter")], series=series)

    assert hangout.series == series
    assert hangout.meeting_provider == "jitsi"
    assert hangout.meeting_url.startswith("https://meet.jit.si/SunCsaLao-Hangout-")


@pytest.mark.django_db
def test_schedule_hangout_refuses_a_presenter_of_another_network(topic, organiser, other_network):
    from hangouts.network.models import Member

    stranger = Member.objects.create(network=other_network, name="Stranger")

    with pytest.raises(ValueError, match="network"):
        schedule(topic, organiser, [(stranger, "presenter")])
    assert not Hangout.objects.exists()


@pytest.mark.django_db
def test_reschedule_hangout_keeps_the_history_and_raises_the_sequence(topic, organiser, speakers):
    hangout = schedule(
        topic,
        organiser,
        [(speakers[0], "presenter")],
        minutes=90,
        agenda=[["welcome", 5], ["talk", 20], ["discussion", 60], ["wrap_up", 5]],
    )
    later = FUTURE + timedelta(days=7)

    reschedule_hangout(hangout, by=organiser, starts_at=later, note="Clashes with a workshop")
    reschedule_hangout(hangout, by=organiser, starts_at=later + timedelta(hours=1))

    hangout.refresh_from_db()
    assert hangout.starts_at == later + timedelta(hours=1)
    assert hangout.ends_at == later + timedelta(hours=1, minutes=90)
    assert hangout.sequence == 2
    moves = list(hangout.changes.filter(kind=HangoutChange.Kind.RESCHEDULED).order_by("at", "pk"))
    assert [(m.old_starts_at, m.new_starts_at) for m in moves] == [
        (FUTURE, later),
        (later, later + timedelta(hours=1)),
    ]
    assert moves[0].note == "Clashes with a workshop"
    assert moves[0].by == organiser


@pytest.mark.django_db
def test_cancel_hangout_records_why_and_puts_the_topic_back_on_the_board(
    topic, organiser, speakers
):
    hangout = schedule(topic, organiser, [(speakers[0], "presenter")])

    cancel_hangout(hangout, by=organiser, note="The presenter is ill")

    hangout.refresh_from_db()
    topic.refresh_from_db()
    assert hangout.status == Hangout.Status.CANCELLED
    assert hangout.sequence == 1
    change = hangout.changes.get(kind=HangoutChange.Kind.CANCELLED)
    assert (change.note, change.old_starts_at) == ("The presenter is ill", FUTURE)
    assert topic.status == Topic.Status.SHORTLISTED
    with pytest.raises(HangoutStateError):
        reschedule_hangout(hangout, by=organiser, starts_at=FUTURE + timedelta(days=1))


@pytest.mark.django_db
def test_mark_held_sets_the_hangout_and_its_topic_held(topic, organiser, speakers):
    hangout = schedule(
        topic,
        organiser,
        [(speakers[0], "presenter")],
        starts_at=timezone.now() - timedelta(hours=2),
    )

    mark_held(hangout, by=organiser)

    hangout.refresh_from_db()
    topic.refresh_from_db()
    assert hangout.status == Hangout.Status.HELD
    assert topic.status == Topic.Status.HELD
    assert [c.kind for c in hangout.changes.order_by("at", "pk")] == ["scheduled", "held"]
    with pytest.raises(HangoutStateError):
        cancel_hangout(hangout, by=organiser, note="too late")


# The form


def form_data(speakers, **overrides):
    data = {
        "title": "Feeding children well at school",
        "description": "",
        "starts_at": "2030-05-31T14:00",
        "minutes": "60",
        "welcome": "5",
        "talk": "15",
        "discussion": "35",
        "wrap_up": "5",
        "language": "lo",
        "interpretation": "",
        "capacity": "",
        "presenters": [str(speakers[0].pk)],
        "facilitators": [str(speakers[1].pk)],
        "provider": "url",
        "meeting_url": "https://zoom.us/j/123456789",
        **overrides,
    }
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_hangout_form_accepts_a_good_hangout_in_the_networks_time_zone(network, speakers):
    form = HangoutForm(form_data(speakers), network=network)

    assert form.is_valid(), form.errors
    arguments = form.schedule_arguments()
    assert arguments["starts_at"] == FUTURE
    assert arguments["starts_at"].astimezone(ZoneInfo("UTC")).hour == 7
    assert arguments["agenda"] == DEFAULT_AGENDA
    assert arguments["capacity"] is None
    assert [(m.pk, role) for m, role in arguments["presenters"]] == [
        (speakers[0].pk, "presenter"),
        (speakers[1].pk, "facilitator"),
    ]


@pytest.mark.django_db
def test_hangout_form_warns_about_a_long_talk_until_the_organiser_keeps_it(network, speakers):
    long_talk = form_data(speakers, talk="25", discussion="25")

    with translation.override("en"):
        warned = HangoutForm(long_talk, network=network)
        assert not warned.is_valid()
        assert "outside the 10–20 minutes" in warned.errors["talk"][0]

    kept = HangoutForm({**long_talk, "keep_talk_length": "on"}, network=network)
    assert kept.is_valid(), kept.errors
    assert kept.agenda()[1] == ["talk", 25]


@pytest.mark.django_db
def test_hangout_form_refuses_an_agenda_that_does_not_fill_the_hangout(network, speakers):
    with translation.override("en"):
        form = HangoutForm(form_data(speakers, discussion="45"), network=network)
        assert not form.is_valid()
        assert form.non_field_errors() == [
            "The agenda adds up to 70 minutes, but the hangout lasts 60."
        ]


@pytest.mark.django_db
def test_hangout_form_asks_how_interpretation_is_arranged_for_another_language(network, speakers):
    with translation.override("en"):
        form = HangoutForm(form_data(speakers, language="en"), network=network)
        assert not form.is_valid()
        assert form.errors["interpretation"] == ["How is interpretation arranged?"]

    arranged = form_data(speakers, language="en", interpretation="Whispered by Keo in Lao")
    assert HangoutForm(arranged, network=network).is_valid()


@pytest.mark.django_db
def test_hangout_form_needs_a_presenter_from_the_networks_active_members(
    network, speakers, other_network
):
    from hangouts.network.models import Member

    stranger = Member.objects.create(network=other_network, name="Stranger")
    speakers[1].deactivate()

    assert "presenters" in HangoutForm(form_data(speakers, presenters=[]), network=network).errors
    for outsider in (stranger, speakers[1]):
        form = HangoutForm(form_data(speakers, presenters=[str(outsider.pk)]), network=network)
        assert "presenters" in form.errors


@pytest.mark.django_db
def test_hangout_form_checks_the_meeting_link_and_the_date(network, speakers):
    def errors(**overrides):
        return HangoutForm(form_data(speakers, **overrides), network=network).errors

    assert "meeting_url" in errors(meeting_url="")
    assert "meeting_url" in errors(meeting_url="ftp://files.example.org/room")
    assert "meeting_url" not in errors(meeting_url="", provider="jitsi")
    assert "starts_at" in errors(starts_at="2020-01-31T14:00")
    assert "starts_at" in errors(starts_at="not a date")


@pytest.mark.django_db
def test_hangout_initial_comes_from_the_topic_and_the_series(network, topic):
    series = create_series(network, name="Fridays", capacity=100, provider="jitsi")

    initial = hangout_initial(topic, series=series, starts_at=FUTURE)
    plain = hangout_initial(topic, series=None, starts_at=None)

    assert initial["title"] == "Feeding children well at school"
    assert (initial["capacity"], initial["provider"], initial["starts_at"]) == (
        100,
        "jitsi",
        FUTURE,
    )
    assert [initial[p] for p in ("welcome", "talk", "discussion", "wrap_up")] == [5, 15, 35, 5]
    assert (plain["language"], plain["capacity"], plain["provider"]) == ("lo", None, "url")


@pytest.mark.django_db
def test_reschedule_form_refuses_the_same_time_and_a_cancelled_hangout(topic, organiser, speakers):
    hangout = schedule(topic, organiser, [(speakers[0], "presenter")])

    same = RescheduleForm({"starts_at": "2030-05-31T14:00"}, hangout=hangout)
    later = RescheduleForm({"starts_at": "2030-06-07T14:00"}, hangout=hangout)
    assert "starts_at" in same.errors
    assert later.is_valid(), later.errors
    cancel_hangout(hangout, by=organiser, note="No")
    assert not RescheduleForm({"starts_at": "2030-06-07T14:00"}, hangout=hangout).is_valid()
