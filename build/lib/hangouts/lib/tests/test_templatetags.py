from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_local_datetime_filter_shows_lao_in_the_network_time_zone():
    moment = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    with translation.override("lo"):
        text = render(
            "{{ t|local_datetime:'Asia/Vientiane' }}|{{ t|local_date:'Asia/Vientiane' }}", t=moment
        )
    assert text == "ວັນສຸກ, 27 ພະຈິກ 2026, 14:00|27 ພະຈິກ 2026"


def test_date_filters_leave_a_missing_value_empty():
    assert render("{{ t|local_datetime:'Asia/Vientiane' }}{{ t|local_date:'UTC' }}", t=None) == ""


def test_phone_filter_groups_digits():
    assert render("{{ p|phone }}", p="+8562055512345") == "+856 20 55 512 345"
