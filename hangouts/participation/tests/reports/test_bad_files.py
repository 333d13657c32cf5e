"""Files that are not reports we read get a clear ReportError, never a crash."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.functional import Promise
from hypothesis import given
from hypothesis import strategies as st

from hangouts.participation.reports import Report, ReportError, read_report
from hangouts.participation.reports.common import MAX_BYTES, MAX_ROWS

FIXTURES = Path(__file__).parent / "fixtures"
ALL_FIXTURES = sorted(FIXTURES.rglob("*.csv"))
ZOOM_2024 = FIXTURES / "zoom/meeting_participants_2024_new_headers_RECONSTRUCTED.csv"
LAO = FIXTURES / "own/zoom_2024_lao_vientiane.csv"
ZOOM_HEADER = "Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\r\n"
ROW = "Noy,noy@example.la,05/29/2026 02:00:00 PM,05/29/2026 03:00:00 PM,60,No\r\n"


def error_of(data: bytes) -> str:
    with translation.override("en"), pytest.raises(ReportError) as raised:
        read_report(data, time_zone="Asia/Vientiane")
    assert isinstance(raised.value.message, Promise | str)
    with translation.override("en"):
        return str(raised.value.message)


def test_read_report_messages_follow_the_language_they_are_shown_in():
    with translation.override("en"), pytest.raises(ReportError) as raised:
        read_report(b"", time_zone="Asia/Vientiane")

    with translation.override("lo"):
        assert str(raised.value.message) == "ໄຟລ໌ນີ້ບໍ່ມີຂໍ້ມູນ."


def test_read_report_names_the_formats_it_reads_for_an_unknown_file():
    text = error_of(b"Date,Amount,Payee\n2026-05-01,100,Office rent\n")

    assert "not a participant report we can read" in text
    for tool in ("Zoom", "Google Meet", "Microsoft Teams", "name, email and minutes"):
        assert tool in text


@pytest.mark.parametrize("data", [b"", b"\r\n \r\n", b"\xef\xbb\xbf", b"\xff\xfe", b",,,\n;;\n"])
def test_read_report_says_an_empty_file_is_empty(data):
    assert error_of(data) == "The file is empty."


def test_read_report_refuses_a_header_without_rows():
    text = error_of(("\ufeff" + ZOOM_HEADER).encode())

    assert text == "The file has the headers of a Zoom meeting report but no participant rows."


def test_read_report_refuses_a_webinar_report_where_nobody_attended():
    data = (FIXTURES / "zoom/webinar_attendee_report_2025.csv").read_bytes()
    kept = [line for line in data.split(b"\n") if not line.startswith(b"Yes,")]

    assert "Zoom webinar report but no participant rows" in error_of(b"\n".join(kept))


def test_read_report_says_a_file_cut_in_the_middle_of_a_row_is_cut():
    data = ZOOM_2024.read_bytes()
    cut = data[: data.rindex(b"06/16/2026 03:58")]

    assert error_of(cut).startswith("The file seems cut off: row 10 is incomplete.")


def test_read_report_says_a_file_cut_inside_a_quoted_name_is_cut():
    data = ZOOM_2024.read_bytes()
    cut = data[: data.index(b"Hassan") + 3]

    assert error_of(cut).startswith("The file seems cut off")


def test_read_report_says_a_file_cut_inside_a_lao_letter_is_cut():
    data = LAO.read_bytes().rstrip()
    data += "ນ້ອຍ".encode()[:-1]

    assert error_of(data).startswith("The file seems cut off: it ends in the middle of a character")


def test_read_report_says_a_utf16_file_cut_in_half_a_letter_is_cut():
    data = FIXTURES / "teams/meetingAttendanceList_2020_legacy_UTF16LE_tab_CONVERTED.csv"
    assert error_of(data.read_bytes()[:-1]).startswith("The file seems cut off")


def test_read_report_refuses_damaged_utf8_rather_than_spoil_lao_names():
    data = LAO.read_bytes()
    damaged = data.replace("ສົມພອນ".encode(), "ສົມພອນ".encode()[:-2] + b"\xff\xfe", 1)

    assert error_of(damaged).startswith("The file's text is neither UTF-8 nor UTF-16")


def test_read_report_refuses_a_japanese_file_saved_in_shift_jis():
    text = (FIXTURES / "zoom/meeting_participants_ja_locale_2020.csv").read_text("utf-8")

    assert "neither UTF-8 nor UTF-16" in error_of(text.encode("cp932"))


def test_read_report_says_when_lao_names_were_lost_to_question_marks():
    data = (ZOOM_HEADER + ROW.replace("Noy", "????? ??????", 1)).encode("cp1252")

    assert "only question marks" in error_of(data)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "an image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "an image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an old Office file (.xls or .doc)"),
        (b"<!DOCTYPE html><html><body>Sign in to Zoom</body></html>", "a web page"),
    ],
)
def test_read_report_says_what_a_binary_file_is(data, kind):
    assert error_of(data).startswith(f"This file is {kind}, not a participant report.")


def test_read_report_refuses_bytes_with_nul_that_are_not_utf16():
    assert error_of(b"Name,Email\x00\x01\x02\x00\x00\xff\x00abc\x00\x00\x00") == (
        "This file is not a text file. Download the participants report as CSV from the "
        "meeting tool and upload that."
    )


def test_read_report_refuses_a_damaged_xlsx():
    assert error_of(b"PK\x03\x04" + b"\x00" * 100) == (
        "The file is not a readable Excel (.xlsx) workbook."
    )


def test_read_report_reads_an_xlsx_saved_from_a_zoom_report():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name (original name)", "Email", "Total duration (minutes)", "Guest"])
    sheet.append(["ນ້ອຍ ສຸກສະຫວັນ", None, 55, "Yes"])
    sheet.append(["Noy Phommachanh", "noy.p@ngo-a.example.la", 62.0, "No"])
    buffer = io.BytesIO()
    book.save(buffer)

    report = read_report(buffer.getvalue(), time_zone="Asia/Vientiane")

    assert (report.format, report.minutes) == ("zoom_meeting", 117)
    assert [p.name for p in report.participants] == ["ນ້ອຍ ສຸກສະຫວັນ", "Noy Phommachanh"]


def test_read_report_refuses_a_file_over_the_size_limit():
    assert error_of(b"a" * (MAX_BYTES + 1)) == (
        "The file is larger than 10 MB; a participant report is much smaller."
    )


def test_read_report_refuses_more_rows_than_the_limit():
    data = (ZOOM_HEADER + ROW * (MAX_ROWS + 1)).encode()

    assert error_of(data) == "The file has more than 20,000 rows; a report may have at most 20,000."


def test_read_report_names_the_row_and_column_of_an_unreadable_time():
    data = (ZOOM_HEADER + ROW + ROW.replace("05/29/2026 02:00:00 PM", "yesterday")).encode()

    assert error_of(data) == "Row 3: “yesterday” in the column “Join time” cannot be read."


def test_read_report_names_the_row_and_column_of_an_unreadable_duration():
    data = b"name,email,minutes\nNoy,,an hour\nDara,,30\n"

    assert error_of(data) == "Row 2: “an hour” in the column “minutes” cannot be read."


@pytest.mark.fuzz
@given(st.binary(max_size=3000))
def test_read_report_raises_only_report_errors_on_arbitrary_bytes(data):
    try:
        result = read_report(data, time_zone="Asia/Vientiane")
    except ReportError:
        return
    assert isinstance(result, Report)


@pytest.mark.fuzz
@given(
    st.sampled_from(ALL_FIXTURES),
    st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=4)), max_size=6),
    st.integers(min_value=0),
)
def test_read_report_raises_only_report_errors_on_mutated_fixtures(path, edits, cut):
    data = bytearray(path.read_bytes())
    for position, replacement in edits:
        at = position % (len(data) + 1)
        data[at : at + len(replacement)] = replacement
    data = data[: len(data) - cut % 40] if cut % 3 == 0 else data

    try:
        result = read_report(bytes(data), time_zone="Asia/Vientiane")
    except ReportError:
        return
    assert result.rows == sum(p.rows for p in result.participants)
    assert all(p.minutes >= 0 for p in result.participants)
