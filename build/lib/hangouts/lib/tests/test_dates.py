from datetime import UTC, datetime

from django.utils import translation

from hangouts.lib.dates import format_datetime, format_day


def test_format_datetime_writes_lao_in_the_network_time_zone():
    moment = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # 14:00 in Vientiane
    with translation.override("lo"):
        text = format_datetime(moment, time_zone="Asia/Vientiane", length="full")
    assert text == "ວັນສຸກ, 27 ພະຈິກ 2026, 14:00"


def test_format_datetime_follows_the_active_language():
    moment = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    with translation.override("en"):
        assert format_datetime(moment, time_zone="Asia/Vientiane") == "27 November 2026, 14:00"


def test_format_day_uses_the_local_date_not_the_utc_one():
    late = datetime(2026, 3, 13, 20, 0, tzinfo=UTC)  # already 14 March in Vientiane
    assert format_day(late, time_zone="Asia/Vientiane", language="lo") == "14 ມີນາ 2026"
