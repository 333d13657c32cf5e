"""The shared pieces: decoding, delimiters, times, durations, merging people."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from hangouts.participation.reports import ReportError, read_report
from hangouts.participation.reports.common import (
    decode,
    key,
    sniff_delimiter,
)
from hangouts.participation.reports.people import (
    Row,
    merged_seconds,
    people,
)
from hangouts.participation.reports.times import (
    Clock,
    rounded_minutes,
    seconds_of,
)

VIENTIANE = ZoneInfo("Asia/Vientiane")
LAO_PLAIN = "name,email,minutes\nນ້ອຍ ສຸກສະຫວັນ,,55\nJosé Ortiz,jose@example.org,30\n"


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The reasons are checked in English (the app speaks Lao by default)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_decode_keeps_lao_in_every_unicode_encoding(codec):
    assert decode(LAO_PLAIN.encode(codec)) == LAO_PLAIN


def test_decode_reads_windows_1252_when_the_file_is_not_utf8():
    assert decode("Name\nJosé Ortiz\n".encode("cp1252")) == "Name\nJosé Ortiz\n"


def test_decode_refuses_bytes_windows_1252_does_not_define():
    with pytest.raises(ReportError, match="neither UTF-8 nor UTF-16"):
        decode(b"Name\n\x81\x8d\n")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n4/13/2022, 7:56:32 AM;x;y\n", ";"),
        ("a\tb\tc\n7/22/26, 7:00:11 PM\tx\ty\n", "\t"),
        ("just one column\n", ","),
    ],
)
def test_sniff_delimiter_picks_the_one_a_line_holds_most_of(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_key_folds_case_full_width_brackets_and_spaces():
    assert key("  所要時間（分） ") == "所要時間(分)"
    assert key("\ufeffIn  Waiting Room") == "in waiting room"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("128", 128 * 60),
        ("01:32:29", 5549),
        ("1h 27m 51s", 5271),
        ("2\u00a0h 44\u00a0m", 164 * 60),
        ("1 hr 2 min", 62 * 60),
        ("30 sec", 30),
        ("12m ", 720),
        ("10s", 10),
        ("1 godz. 2 min 3 sek.", 3723),
        ("--", None),
        ("", None),
    ],
)
def test_seconds_of_reads_every_duration_style(text, seconds):
    assert seconds_of(text) == seconds


@pytest.mark.parametrize("text", ["an hour", "5 parsecs", "1h and 2m", "12:3"])
def test_seconds_of_refuses_what_is_not_a_duration(text):
    with pytest.raises(ValueError, match=text.split()[0]):
        seconds_of(text)


def test_rounded_minutes_rounds_halves_up():
    assert [rounded_minutes(s) for s in (0, 29, 30, 89, 90, 2850)] == [0, 0, 1, 1, 2, 48]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["11/19/2021 9:54:15 AM"], datetime(2021, 11, 19, 9, 54, 15)),
        (["2020/12/8 8:35"], datetime(2020, 12, 8, 8, 35)),
        (["13/04/2021 à 09:01:31"], datetime(2021, 4, 13, 9, 1, 31)),
        (["7/22/26, 7:00:11 PM"], datetime(2026, 7, 22, 19, 0, 11)),
        (["Mar 22, 2025 19:13:27"], datetime(2025, 3, 22, 19, 13, 27)),
        (["Mar 23, 2025 6:26 PM"], datetime(2025, 3, 23, 18, 26)),
        (["2026-08-31 20:12:56"], datetime(2026, 8, 31, 20, 12, 56)),
        (["15.08.2022, 01:27:00"], datetime(2022, 8, 15, 1, 27)),
        (["06/16/2026\u202f03:10:26\u202fPM"], datetime(2026, 6, 16, 15, 10, 26)),
    ],
)
def test_clock_reads_every_time_style_in_the_networks_zone(values, expected):
    assert Clock(values, VIENTIANE)(values[0]) == expected.replace(tzinfo=VIENTIANE)


def test_clock_reads_a_whole_file_day_first_when_one_time_says_so():
    clock = Clock(["05/06/2026 14:00", "13/06/2026 15:00"], VIENTIANE)

    assert clock("05/06/2026 14:00") == datetime(2026, 6, 5, 14, 0, tzinfo=VIENTIANE)


def test_clock_converts_times_written_in_utc():
    clock = Clock(["03/02/2023 11:02:00 AM"], VIENTIANE, source_zone=UTC)

    assert clock("03/02/2023 11:02:00 AM") == datetime(2023, 3, 2, 18, 2, tzinfo=VIENTIANE)


def test_clock_gives_none_for_what_it_cannot_read():
    clock = Clock(["11/19/2021 9:54:15 AM", "13/45/2021 99:00"], VIENTIANE)

    assert clock("13/45/2021 99:00") is None
    assert clock("--") is None


def test_merged_seconds_counts_overlaps_once():
    t = [datetime(2026, 5, 29, 14, m, tzinfo=VIENTIANE) for m in (0, 10, 20, 30, 40, 50)]

    assert merged_seconds([(t[0], t[2]), (t[1], t[3]), (t[4], t[5]), (t[1], t[2])]) == 40 * 60


def test_people_merges_by_email_then_by_name_case_folded():
    rows = [
        Row(name="Noy", email="noy@example.la", seconds=600),
        Row(name="NOY (phone)", email="noy@example.la", seconds=300),
        Row(name="ນ້ອຍ  ສຸກສະຫວັນ", seconds=60),
        Row(name="ນ້ອຍ ສຸກສະຫວັນ", seconds=60),
        Row(name="Dara", seconds=60),
        Row(name="dara", seconds=60, role="presenter"),
    ]

    found = people(rows)

    assert [(p.name, p.minutes, p.rows, p.role) for p in found] == [
        ("Noy", 15, 2, "attendee"),
        ("ນ້ອຍ  ສຸກສະຫວັນ", 2, 2, "attendee"),
        ("Dara", 2, 2, "presenter"),
    ]


def test_read_report_reads_a_day_first_zoom_export_from_a_non_us_account():
    data = (
        b"Name (original name),Email,Join time,Leave time,Duration (minutes)\n"
        b"Noy,noy@example.la,05/06/2026 14:00,05/06/2026 15:00,60\n"
        b"Dara,,13/06/2026 14:00,13/06/2026 14:30,30\n"
    )

    report = read_report(data, time_zone="Asia/Vientiane")

    assert report.participants[0].first_join == datetime(2026, 6, 5, 14, 0, tzinfo=VIENTIANE)
    assert report.minutes == 90


def test_read_report_reads_the_active_hosts_export_with_repeated_column_names():
    data = (
        b"Topic,Meeting ID,User Name,User Email,Duration (Minutes),Participants,"
        b"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        b"Peer learning,852 1848 6288,Secretariat,sec@example.la,60,2,"
        b"Noy,noy@example.la,15/08/2022 14:00,15/08/2022 14:45,45,No\n"
    )

    (noy,) = read_report(data, time_zone="Asia/Vientiane").participants

    assert (noy.name, noy.email, noy.minutes) == ("Noy", "noy@example.la", 45)


def test_every_header_alias_is_written_as_key_compares_it():
    from hangouts.participation.reports import meet, plain, teams, zoom

    tables = [zoom.ALIASES, teams.ALIASES, teams.LIST, teams.LIVE, meet.ALIASES, plain.ALIASES]
    aliases = {alias for table in tables for names in table.values() for alias in names}

    assert sorted(a for a in aliases if key(a) != a) == []


def test_read_report_names_an_unknown_teams_action():
    data = "Full Name\tUser Action\tTimestamp\nKim Ade\tWaved\t11/4/2020, 9:50:12 AM\n"

    with pytest.raises(ReportError, match="Waved"):
        read_report(data.encode("utf-16"), time_zone="Asia/Vientiane")
