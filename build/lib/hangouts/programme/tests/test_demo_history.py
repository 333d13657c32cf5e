"""The demo's programme: three years of hangouts, a live board, the next hangout with RSVPs."""

from __future__ import annotations

from datetime import UTC, datetime
from statistics import mean
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.models import Count, F, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hangouts.network.demo import seed_demo
from hangouts.network.models import Network, Organisation
from hangouts.participation.models import RSVP, Attendance
from hangouts.programme.demo import REFERENCE, last_friday, next_hangout_start
from hangouts.programme.models import (
    Hangout,
    HangoutChange,
    PresentationOffer,
    Presenter,
    Series,
    Theme,
    Topic,
    Vote,
)

VIENTIANE = ZoneInfo("Asia/Vientiane")


@pytest.fixture
def lao(db: None) -> Network:
    seed_demo()
    return Network.objects.get(slug="sun-csa-lao")


def held(network: Network):
    return Hangout.objects.for_network(network).past()


def snapshot() -> dict[str, list[tuple]]:
    """The programme the demo wrote, without ids, so two runs can be compared."""
    return {
        "themes": list(Theme.objects.order_by("network__slug", "position").values_list("name")),
        "series": list(Series.objects.values_list("name", "week", "weekday", "start_time")),
        "topics": list(
            Topic.objects.order_by("network__slug", "created_at", "title").values_list(
                "title", "public_title", "status", "proposed_by__name", "merged_into__title"
            )
        ),
        "topic_themes": list(
            Topic.themes.through.objects.order_by("topic__title", "theme__name").values_list(
                "topic__title", "theme__name"
            )
        ),
        "votes": list(
            Vote.objects.order_by("topic__title", "member__name", "guest_phone").values_list(
                "topic__title", "member__name", "guest_name", "created_at"
            )
        ),
        "hangouts": list(
            Hangout.objects.order_by("starts_at", "status").values_list(
                "title", "starts_at", "status", "meeting_url", "capacity", "going_count", "agenda"
            )
        ),
        "presenters": list(
            Presenter.objects.order_by("hangout__starts_at", "member__name", "role").values_list(
                "hangout__starts_at", "member__name", "role"
            )
        ),
        "attendances": list(
            Attendance.objects.order_by(
                "hangout__starts_at", "member__name", "guest_name"
            ).values_list("hangout__starts_at", "member__name", "guest_name", "minutes", "source")
        ),
        "rsvps": list(
            RSVP.objects.order_by("member__name", "guest_phone").values_list(
                "member__name", "guest_name", "status", "via", "answered_at"
            )
        ),
        "offers": list(
            PresentationOffer.objects.order_by("subject").values_list(
                "member__name", "topic__title", "subject", "status"
            )
        ),
        "changes": list(
            HangoutChange.objects.order_by("hangout__starts_at", "at", "kind").values_list(
                "hangout__starts_at", "kind", "note"
            )
        ),
    }


@pytest.mark.django_db
def test_demo_history_holds_about_37_hangouts_over_more_than_30_months(lao):
    starts = sorted(held(lao).values_list("starts_at", flat=True))
    assert 35 <= len(starts) <= 40
    first, last = starts[0], starts[-1]
    assert (last.year - first.year) * 12 + last.month - first.month >= 30
    assert last < REFERENCE
    # One a month at most: the rhythm has gaps, never two in a month.
    assert len({(s.year, s.month) for s in starts}) == len(starts)


@pytest.mark.django_db
def test_demo_history_hangouts_fall_on_the_last_friday_at_14_in_vientiane(lao):
    for hangout in Hangout.objects.for_network(lao):
        local = hangout.starts_at.astimezone(VIENTIANE)
        assert local.date() == last_friday(local.year, local.month)
        assert (local.hour, local.minute) == (14, 0)
        assert hangout.starts_at.astimezone(UTC).hour == 7
        assert hangout.duration.total_seconds() == 3600


@pytest.mark.django_db
def test_demo_history_every_held_hangout_has_a_presenter_attendance_and_a_meeting_link(lao):
    hangouts = held(lao).annotate(
        speakers=Count(
            "presenters", filter=Q(presenters__role=Presenter.Role.PRESENTER), distinct=True
        ),
        came=Count("attendances", filter=Q(attendances__member__isnull=False), distinct=True),
    )
    for hangout in hangouts:
        assert hangout.speakers >= 1, hangout
        assert 10 <= hangout.came <= 45, hangout
        assert hangout.topic.status == Topic.Status.HELD
        assert hangout.topic.public_title == hangout.title
        assert hangout.meeting_url.startswith("https://zoom.us/j/8")
        assert hangout.talk_minutes == 15
        assert hangout.capacity == 100
    attendance = Attendance.objects.filter(hangout__network=lao)
    assert set(attendance.values_list("source", flat=True)) == {"import", "manual"}
    assert all(20 <= m <= 60 for m in attendance.values_list("minutes", flat=True))
    assert attendance.filter(member=None).exclude(guest_name="").count() >= 5  # some guests


@pytest.mark.django_db
def test_demo_history_attendees_and_presenters_had_joined_the_roster(lao):
    late = Attendance.objects.filter(
        hangout__network=lao, member__created_at__gt=F("hangout__starts_at")
    )
    assert not late.exists()
    late_presenters = Presenter.objects.filter(
        hangout__network=lao, member__created_at__gt=F("hangout__starts_at")
    )
    assert not late_presenters.exists()


@pytest.mark.django_db
def test_demo_history_presenters_come_from_varied_organisations_and_provinces(lao):
    presenters = Presenter.objects.filter(
        hangout__network=lao, hangout__status="held", role=Presenter.Role.PRESENTER
    )
    organisations = set(presenters.values_list("member__organisation", flat=True))
    assert len(organisations) >= 10
    sizes = set(Organisation.objects.filter(pk__in=organisations).values_list("size", flat=True))
    assert Organisation.Size.SMALL in sizes
    provinces = set(
        presenters.filter(member__province__is_capital=False).values_list(
            "member__province", flat=True
        )
    )
    assert len(provinces) >= 3


@pytest.mark.django_db
def test_demo_history_later_presenters_are_more_often_small_or_provincial(lao):
    def diverse(presenter: Presenter) -> bool:
        org = presenter.member.organisation
        assert org is not None
        assert org.province is not None
        return org.size != Organisation.Size.LARGE or not org.province.is_capital

    presenters = list(
        Presenter.objects.filter(hangout__network=lao, hangout__status="held", role="presenter")
        .select_related("member__organisation__province")
        .order_by("hangout__starts_at")
    )
    half = len(presenters) // 2
    early, late = presenters[:half], presenters[half:]
    assert sum(map(diverse, late)) / len(late) > sum(map(diverse, early)) / len(early) + 0.2


@pytest.mark.django_db
def test_demo_history_broad_topics_draw_more_than_niche_ones(lao):
    def average_attendance(theme: str) -> float:
        return mean(
            held(lao)
            .filter(topic__themes__name_en=theme)
            .annotate(came=Count("attendances"))
            .values_list("came", flat=True)
        )

    assert average_attendance("Nutrition") > average_attendance("Digital tools") + 8


@pytest.mark.django_db
def test_demo_board_has_broad_and_niche_topics_with_votes(lao):
    board = (
        Topic.objects.for_network(lao)
        .on_board()
        .annotate(
            voters=Count("votes", filter=Q(votes__member__isnull=False)),
            organisations=Count("votes__member__organisation", distinct=True),
            provinces=Count("votes__member__province", distinct=True),
        )
    )
    assert len(board) >= 8
    assert all(topic.voters >= 1 for topic in board)
    broad = [t for t in board if 20 <= t.voters <= 40 and t.organisations >= 10]
    assert len(broad) >= 2
    assert all(t.provinces >= 3 for t in broad)
    assert any(t.organisations <= 2 for t in board)  # niche
    assert any(t.public_title for t in board)
    assert any(t.status == Topic.Status.SHORTLISTED for t in board)
    assert all(t.themes.exists() and t.proposed_by for t in board)


@pytest.mark.django_db
def test_demo_board_has_a_duplicate_merged_into_a_board_topic(lao):
    merged = Topic.objects.for_network(lao).get(merged_into__isnull=False)
    assert merged.status == Topic.Status.PARKED
    assert Topic.objects.on_board().filter(pk=merged.merged_into_id).exists()
    assert not merged.votes.exists()


@pytest.mark.django_db
def test_demo_next_hangout_is_scheduled_in_the_future_with_rsvps_within_capacity(lao):
    scheduled = Hangout.objects.for_network(lao).filter(status=Hangout.Status.SCHEDULED)
    assert scheduled.count() == 1
    hangout = scheduled.get()
    assert list(Hangout.objects.for_network(lao).upcoming()) == [hangout]
    assert hangout.starts_at > timezone.now()
    assert hangout.starts_at > REFERENCE
    assert hangout.topic.status == Topic.Status.SCHEDULED
    going = hangout.rsvps.filter(status=RSVP.Status.GOING).count()
    assert 25 <= going <= 35
    assert hangout.going_count == going <= hangout.capacity == 100
    assert hangout.rsvps.filter(status=RSVP.Status.CANCELLED).count() == 2
    assert hangout.meeting_url


@pytest.mark.django_db
def test_demo_next_hangout_has_two_presenters_one_from_a_small_provincial_organisation(lao):
    hangout = Hangout.objects.for_network(lao).get(status=Hangout.Status.SCHEDULED)
    presenters = hangout.presenters.select_related("member__organisation__province")
    organisations = [p.member.organisation for p in presenters]
    assert len(organisations) == 2
    assert any(
        o.size == Organisation.Size.SMALL and not o.province.is_capital for o in organisations
    )
    assert PresentationOffer.objects.filter(topic=hangout.topic, status="accepted").exists()
    assert PresentationOffer.objects.filter(network=lao, status="open").count() >= 3


def test_next_hangout_start_is_the_next_last_friday_after_reference_and_now():
    before = datetime(2026, 6, 1, tzinfo=UTC)
    assert next_hangout_start(before, VIENTIANE) == datetime(2026, 11, 27, 7, tzinfo=UTC)
    after_the_last_friday = datetime(2026, 11, 29, 3, tzinfo=UTC)
    assert next_hangout_start(after_the_last_friday, VIENTIANE) == datetime(
        2026, 12, 25, 7, tzinfo=UTC
    )
    same_day_before_it_starts = datetime(2027, 3, 26, 6, tzinfo=UTC)
    assert next_hangout_start(same_day_before_it_starts, VIENTIANE) == datetime(
        2027, 3, 26, 7, tzinfo=UTC
    )


@pytest.mark.django_db
def test_demo_seeded_long_after_the_reference_still_schedules_an_upcoming_hangout():
    with time_machine.travel(datetime(2027, 3, 10, 3, tzinfo=UTC), tick=False):
        seed_demo()
        hangout = Hangout.objects.upcoming().get()
        assert hangout.starts_at == datetime(2027, 3, 26, 7, tzinfo=UTC)
        latest_answer = max(hangout.rsvps.values_list("answered_at", flat=True))
        assert latest_answer <= timezone.now()


@pytest.mark.django_db
def test_demo_programme_twice_changes_nothing(lao):
    before = snapshot()
    assert seed_demo() == {}
    assert snapshot() == before


@pytest.mark.django_db
def test_demo_programme_reset_recreates_the_same_programme(lao):
    before = snapshot()
    counts = seed_demo(reset=True)
    assert snapshot() == before
    assert counts["held_hangouts"] == held(Network.objects.get(slug="sun-csa-lao")).count()


@pytest.mark.django_db
def test_demo_programme_counts_match_the_database(lao):
    seed_demo(reset=True)  # the counts are only returned by a run that creates
    counts = seed_demo(reset=True)
    assert counts["themes"] == Theme.objects.count()
    assert counts["topics"] == Topic.objects.count()
    assert counts["votes"] == Vote.objects.count()
    assert counts["presenters"] == Presenter.objects.count()
    assert counts["attendances"] == Attendance.objects.count()
    assert counts["rsvps"] == RSVP.objects.count()
    assert counts["presentation_offers"] == PresentationOffer.objects.count()
    assert counts["scheduled_hangouts"] == 1


@pytest.mark.django_db
def test_demo_programme_cambodian_network_gets_themes_only(lao):
    cambodia = Network.objects.get(slug="sun-csa-cambodia")
    assert cambodia.themes.count() >= 3
    assert not Hangout.objects.for_network(cambodia).exists()
    assert not Topic.objects.for_network(cambodia).exists()


@pytest.mark.django_db
def test_demo_programme_is_written_in_bulk():
    with CaptureQueriesContext(connection) as queries:
        seed_demo()
    # A query per hangout, presenter, vote or attendance would be well over a thousand.
    assert Attendance.objects.count() > 900
    assert len(queries) < 120
