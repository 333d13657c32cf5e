"""Every fixture reads to the counts worked out by hand before the parser (EXPECTED.md)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hangouts.participation.reports import Participant, Report, read_report

FIXTURES = Path(__file__).parent / "fixtures"
VIENTIANE = ZoneInfo("Asia/Vientiane")

# fixture, format, rows (waiting room left out), people (rejoins merged), minutes, host's name
EXPECTED = [
    ("zoom/meeting_participants_2021_with_meeting_data.csv", "zoom_meeting", 11, 8, 615,
     "011_Host Secretariat (Network Secretariat)"),
    ("zoom/meeting_participants_2020_unique_users.csv", "zoom_meeting", 7, 7, 142, None),
    ("zoom/meeting_participants_ja_locale_2020.csv", "zoom_meeting", 5, 5, 464, None),
    ("zoom/meeting_participants_2024_new_headers_RECONSTRUCTED.csv", "zoom_meeting", 5, 5, 298,
     "Network Secretariat"),
    ("zoom/meeting_participants_2024_unique_users_RECONSTRUCTED.csv", "zoom_meeting", 5, 5, 306,
     "Network Secretariat"),
    ("zoom/webinar_attendee_report_2025.csv", "zoom_webinar", 6, 4, 1031, "Host Person"),
    ("teams/meetingAttendanceReport_fr_2021_UTF16LE_tab.csv", "teams", 7, 6, 924,
     "********* *****"),
    ("teams/meetingAttendanceReport_2022_excel_semicolon.csv", "teams", 9, 6, 491,
     "Facilitator One"),
    ("teams/meetingAttendanceReport_2023_sections_en_UTF16LE_tab_RECONSTRUCTED.csv", "teams",
     4, 4, 259, "Network Secretariat"),
    ("teams/meetingAttendanceList_2020_legacy_comma.csv", "teams", 9, 5, 82, None),
    ("teams/meetingAttendanceList_2020_legacy_UTF16LE_tab_CONVERTED.csv", "teams", 9, 5, 82,
     None),
    ("teams/teams_live_event_attendee_report_2023.csv", "teams", 4, 2, 85, None),
    ("meet/meet_attendance_newer_fullname_firstseen_RECONSTRUCTED.csv", "meet", 3, 3, 221, None),
    ("meet/meet_attendance_report_legacy_RECONSTRUCTED.csv", "meet", 3, 3, 108, None),
    ("own/zoom_2024_lao_vientiane.csv", "zoom_meeting", 11, 9, 577, "SUN CSA Secretariat"),
    ("own/plain_lao.csv", "plain", 5, 4, 200, None),
]  # fmt: skip


def read(name: str) -> Report:
    return read_report((FIXTURES / name).read_bytes(), time_zone="Asia/Vientiane")


def person(report: Report, name: str) -> Participant:
    (found,) = [p for p in report.participants if p.name == name]
    return found


def minutes_by_name(report: Report) -> dict[str, int]:
    return {p.name: p.minutes for p in report.participants}


@pytest.mark.parametrize(
    ("name", "fmt", "rows", "people", "minutes", "host"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_read_report_gives_the_hand_counted_figures(name, fmt, rows, people, minutes, host):
    report = read(name)

    hosts = [p.name for p in report.participants if p.is_host]
    assert (report.format, report.rows, len(report.participants), report.minutes) == (
        fmt,
        rows,
        people,
        minutes,
    )
    assert hosts == ([host] if host else [])
    assert sum(p.rows for p in report.participants) == report.rows


def test_read_report_covers_every_fixture_file():
    files = {str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.csv")}

    assert files == {e[0] for e in EXPECTED}


def test_read_report_merges_two_devices_and_drops_the_waiting_room_in_vientiane_time():
    report = read("own/zoom_2024_lao_vientiane.csv")

    noy_lao = person(report, "ນ້ອຍ ສຸກສະຫວັນ")
    noy_ngo = person(report, "015_Noy (Noy Phommachanh)")
    assert (noy_lao.minutes, noy_lao.rows, noy_lao.email) == (71, 1, "")
    assert noy_lao.first_join == datetime(2026, 5, 29, 14, 0, 10, tzinfo=VIENTIANE)
    assert noy_lao.first_join.utcoffset().total_seconds() == 7 * 3600
    assert (noy_ngo.minutes, noy_ngo.rows) == (71, 2)
    assert noy_ngo.last_leave == datetime(2026, 5, 29, 15, 12, tzinfo=VIENTIANE)
    assert person(report, "Noy – Village Focus").minutes == 45
    assert person(report, "020 5555 1234").minutes == 45
    assert person(report, "Vongsa, Khamla").email == "khamla.v@example.la"
    assert person(report, "Bounmy (ບຸນມີ ສີຫາລາດ)").minutes == 60
    assert report.meeting_started_at == datetime(2026, 5, 29, 13, 55, tzinfo=VIENTIANE)


def test_read_report_counts_zoom_rejoins_by_their_times_not_their_rounded_durations():
    report = read("zoom/meeting_participants_2021_with_meeting_data.csv")

    assert minutes_by_name(report) == {
        "015_Lina (Lina Otieno)": 128,
        "019_Marek": 114,
        "014_Chidi": 9,
        "003_Priya (Priya Raman)": 114,
        "011_Host Secretariat (Network Secretariat)": 113,
        "013_Tomas": 2,
        "017_Sara": 107,
        "022_Dan": 28,
    }
    assert report.meeting_started_at == datetime(2021, 11, 19, 10, 0, tzinfo=VIENTIANE)
    assert person(report, "011_Host Secretariat (Network Secretariat)").role == "host"


def test_read_report_reads_zoom_unique_users_durations_and_keeps_a_zero_minute_person():
    report = read("zoom/meeting_participants_2020_unique_users.csv")

    aaron = person(report, "Aaron Harrison")
    assert (aaron.minutes, aaron.email, aaron.first_join) == (0, "aharrison@example.com", None)


def test_read_report_reads_japanese_zoom_headers_and_excel_dates():
    report = read("zoom/meeting_participants_ja_locale_2020.csv")

    taro = person(report, "太郎1")
    assert (taro.email, taro.minutes) == ("taro1@example.jp", 244)
    assert taro.first_join == datetime(2020, 12, 8, 8, 35, tzinfo=VIENTIANE)


def test_read_report_gives_webinar_roles_and_leaves_out_absent_registrants():
    report = read("zoom/webinar_attendee_report_2025.csv")

    roles = {p.name: (p.role, p.minutes, p.rows) for p in report.participants}
    assert roles == {
        "Host Person": ("host", 282, 1),
        "Panel One": ("panelist", 267, 2),
        "PanelTwo": ("panelist", 247, 1),
        "sam okafor": ("attendee", 235, 2),
    }


def test_read_report_reads_french_teams_times_and_tells_masked_names_apart_by_email():
    report = read("teams/meetingAttendanceReport_fr_2021_UTF16LE_tab.csv")

    by_email = {p.email: (p.minutes, p.role) for p in report.participants}
    assert by_email["exemple1.*****@epitech.eu"] == (164, "organiser")
    assert by_email["exemple3.*****@epitech.eu"] == (145, "presenter")
    first = min(p.first_join for p in report.participants if p.first_join)
    assert first == datetime(2021, 4, 13, 9, 1, 31, tzinfo=VIENTIANE)


def test_read_report_reads_the_participants_section_of_a_sectioned_teams_report():
    report = read("teams/meetingAttendanceReport_2023_sections_en_UTF16LE_tab_RECONSTRUCTED.csv")

    amina = person(report, "Amina Kariuki")
    assert (amina.minutes, amina.rows) == (73, 1)
    assert amina.first_join == datetime(2026, 7, 22, 19, 2, 11, tzinfo=VIENTIANE)
    assert amina.last_leave == datetime(2026, 7, 22, 20, 30, 2, tzinfo=VIENTIANE)
    assert person(report, "15550100123 (Unverified)").email == ""


def test_read_report_pairs_teams_legacy_joins_and_leaves():
    report = read("teams/meetingAttendanceList_2020_legacy_comma.csv")

    assert minutes_by_name(report) == {
        "Organiser Person": 17,
        "Kim Ade": 17,
        "Lee Banda": 17,
        "Noor Said": 16,
        "Ivo Petrov": 15,
    }


def test_read_report_reads_teams_live_event_times_as_utc():
    report = read("teams/teams_live_event_attendee_report_2023.csv")

    viewer = person(report, "Person1 Person")
    assert viewer.email == "person1@fake.email.uk"
    assert viewer.first_join == datetime(2023, 3, 2, 18, 2, tzinfo=VIENTIANE)


def test_read_report_reads_both_meet_layouts():
    newer = read("meet/meet_attendance_newer_fullname_firstseen_RECONSTRUCTED.csv")
    legacy = read("meet/meet_attendance_report_legacy_RECONSTRUCTED.csv")

    joe = person(newer, "Joe Mensah")
    assert (joe.minutes, joe.first_join) == (
        41,
        datetime(2026, 8, 31, 20, 31, 10, tzinfo=VIENTIANE),
    )
    assert minutes_by_name(legacy) == {"Amina Kariuki": 62, "Joe Mensah": 45, "Omar Hassan": 1}
    assert person(legacy, "Omar Hassan").email == "omar.hassan@example.net"


def test_read_report_sums_a_plain_csv_per_person():
    report = read("own/plain_lao.csv")

    assert minutes_by_name(report)["Noy Phommachanh"] == 70
    assert person(report, "ສົມພອນ ແກ້ວມະນີ").email == "somphone@example.la"
