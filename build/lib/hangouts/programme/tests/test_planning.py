"""Planning a series: dates from the rule, public holidays and clashes named."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from hangouts.programme.actions.series import create_series
from hangouts.programme.models import Hangout, Series
from hangouts.programme.planning import day_of_month, next_dates

VIENTIANE = ZoneInfo("Asia/Vientiane")


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIENTIANE)


def hangout(network, starts_at, minutes=60, **fields):
    from datetime import timedelta

    return Hangout.objects.create(
        network=network,
        title=fields.pop("title", "Nutrition in schools"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        status=fields.pop("status", Hangout.Status.SCHEDULED),
        **fields,
    )


@pytest.fixture
def series(network):
    return create_series(network, name="ກອງປະຊຸມວັນສຸກ", name_en="Friday hangouts")


def test_day_of_month_counts_weeks_and_the_last():
    assert day_of_month(2026, 5, week=1, weekday=Series.Weekday.FRIDAY) == date(2026, 5, 1)
    assert day_of_month(2026, 5, week=2, weekday=Series.Weekday.MONDAY) == date(2026, 5, 11)
    assert day_of_month(2026, 5, week=-1, weekday=Series.Weekday.FRIDAY) == date(2026, 5, 29)
    assert day_of_month(2026, 2, week=-1, weekday=Series.Weekday.SATURDAY) == date(2026, 2, 28)
    assert day_of_month(2026, 12, week=4, weekday=Series.Weekday.THURSDAY) == date(2026, 12, 24)


@pytest.mark.django_db
def test_next_dates_gives_the_last_friday_of_six_months_at_two_in_vientiane(series):
    dates = next_dates(series, after=local(2026, 1, 10, 9, 0))

    assert [d.starts_at for d in dates] == [
        local(2026, 1, 30, 14, 0),
        local(2026, 2, 27, 14, 0),
        local(2026, 3, 27, 14, 0),
        local(2026, 4, 24, 14, 0),
        local(2026, 5, 29, 14, 0),
        local(2026, 6, 26, 14, 0),
    ]
    assert all(d.starts_at.utcoffset() is not None for d in dates)
    assert dates[0].ends_at == local(2026, 1, 30, 15, 0)
    assert dates[0].starts_at.astimezone(ZoneInfo("UTC")).hour == 7


@pytest.mark.django_db
def test_next_dates_skips_this_months_date_once_it_has_started_and_crosses_the_year(series):
    dates = next_dates(series, after=local(2026, 11, 27, 14, 0), count=3)

    assert [d.starts_at.date() for d in dates] == [
        date(2026, 12, 25),
        date(2027, 1, 29),
        date(2027, 2, 26),
    ]
    earlier = next_dates(series, after=local(2026, 11, 27, 13, 59), count=1)
    assert earlier[0].starts_at == local(2026, 11, 27, 14, 0)


@pytest.mark.django_db
def test_next_dates_follows_the_series_rule_and_start_time(network):
    series = create_series(
        network, name="Morning", week=1, weekday=Series.Weekday.MONDAY, start_time=time(9, 30)
    )

    dates = next_dates(series, after=local(2026, 6, 1, 12, 0), count=2)

    assert [d.starts_at for d in dates] == [local(2026, 7, 6, 9, 30), local(2026, 8, 3, 9, 30)]


@pytest.mark.django_db
def test_next_dates_names_a_lao_public_holiday(network):
    # The second Tuesday of April 2026 is 14 April: Lao New Year.
    series = create_series(network, name="Tuesdays", week=2, weekday=Series.Weekday.TUESDAY)

    with translation.override("en"):
        dates = next_dates(series, after=local(2026, 3, 20, 0, 0), count=2)

    april, may = dates
    assert april.starts_at.date() == date(2026, 4, 14)
    assert april.holiday == "Lao New Year's Day"
    assert april.warnings == ["Public holiday: Lao New Year's Day"]
    assert may.holiday == ""
    assert may.warnings == []


@pytest.mark.django_db
def test_next_dates_names_the_holiday_in_lao_for_lao_readers(network):
    series = create_series(network, name="Tuesdays", week=2, weekday=Series.Weekday.TUESDAY)

    with translation.override("lo"):
        april = next_dates(series, after=local(2026, 3, 20, 0, 0), count=1)[0]

    assert april.holiday
    assert april.holiday != "Lao New Year's Day"


@pytest.mark.django_db
def test_next_dates_warns_of_a_clash_with_an_overlapping_hangout(series, network, other_network):
    clash = hangout(network, local(2026, 2, 27, 14, 30), title="Advocacy clinic")
    hangout(network, local(2026, 2, 27, 15, 0), title="Starts when ours ends")
    hangout(network, local(2026, 3, 27, 14, 0), status=Hangout.Status.CANCELLED)
    hangout(other_network, local(2026, 4, 24, 14, 0), title="Another network's")
    draft = hangout(network, local(2026, 5, 29, 13, 30), status=Hangout.Status.DRAFT)

    with translation.override("en"):
        dates = next_dates(series, after=local(2026, 1, 10, 9, 0))

    by_month = {d.starts_at.month: d for d in dates}
    assert by_month[2].clashes == [clash]
    assert "Clashes with “Advocacy clinic”" in by_month[2].warnings
    assert by_month[3].clashes == []
    assert by_month[4].clashes == []
    assert by_month[5].clashes == [draft]
    assert by_month[1].warnings == []


@pytest.mark.django_db
def test_next_dates_shows_the_series_own_hangout_as_planned_not_as_a_clash(series, network):
    own = hangout(network, local(2026, 2, 27, 14, 0), series=series)

    dates = next_dates(series, after=local(2026, 1, 10, 9, 0), count=2)

    assert dates[1].planned == own
    assert dates[1].clashes == []
    assert dates[0].planned is None
