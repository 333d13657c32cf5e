"""Which reader a file needs: the first row (of the first forty) that a family's `matches` knows
as its table header decides. Every failure is a ReportError with a translated message.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from hangouts.participation.reports import Report, ReportError, meet, plain, teams, zoom
from hangouts.participation.reports.common import (
    HEADER_SCAN_ROWS,
    MAX_BYTES,
    MAX_ROWS,
    TOO_MANY_ROWS,
    Sheet,
    decode,
    header_keys,
    message,
    split_rows,
)


class Family(Protocol):
    def matches(self, header: Sequence[str]) -> bool: ...

    def read(self, sheet: Sheet, at: int, zone: tzinfo) -> Report: ...


FAMILIES: tuple[Family, ...] = (zoom, teams, meet, plain)
TOOL_NAMES = {
    "zoom_meeting": _("Zoom meeting"),
    "zoom_webinar": _("Zoom webinar"),
    "meet": _("Google Meet"),
    "teams": _("Microsoft Teams"),
    "plain": _("plain CSV"),
}
MAGIC = (
    (b"%PDF", _("a PDF document")),
    (b"\x89PNG", _("an image")),
    (b"\xff\xd8\xff", _("an image")),
    (b"GIF8", _("an image")),
    (b"\xd0\xcf\x11\xe0", _("an old Office file (.xls or .doc)")),
    (b"\x1f\x8b", _("a compressed archive")),
    (b"Rar!", _("a compressed archive")),
    (b"7z\xbc\xaf", _("a compressed archive")),
)

EMPTY = _("The file is empty.")
TOO_LARGE = message(
    _("The file is larger than %(limit)s MB; a participant report is much smaller."),
    limit=MAX_BYTES // (1024 * 1024),
)
NOT_A_REPORT = _(
    "This file is %(kind)s, not a participant report. Download the participants report as CSV "
    "from the meeting tool and upload that."
)
NOT_XLSX = _("The file is not a readable Excel (.xlsx) workbook.")
UNKNOWN = _(
    "This file is not a participant report we can read. We read: Zoom meeting participants and "
    "webinar attendee reports, Google Meet attendance reports, Microsoft Teams attendance "
    "reports, and a plain CSV with the columns name, email and minutes."
)
NO_ROWS = _("The file has the headers of a %(tool)s report but no participant rows.")
LOST_LETTERS = _(
    "Some names in the file are only question marks: it was saved in a way that cannot hold Lao "
    "letters. Export the report again from the meeting tool (or save it as “CSV UTF-8”) and "
    "upload that."
)
QUESTION_MARKS = re.compile(r"\?\?")


def read_report(data: bytes, *, time_zone: str) -> Report:
    """The participants of a meeting tool's report; times in `time_zone` (the network's zone).

    Raises ReportError, whose message is translated for the organiser, for anything else than
    a report we read.
    """
    zone = ZoneInfo(time_zone)
    sheet = load(data)
    family, at = detect(sheet)
    report = family.read(sheet, at, zone)
    if not report.participants:
        raise ReportError(message(NO_ROWS, tool=TOOL_NAMES[report.format]))
    for person in report.participants:
        if QUESTION_MARKS.search(person.name) and not any(c.isalpha() for c in person.name):
            raise ReportError(LOST_LETTERS)
    return report


def load(data: bytes) -> Sheet:
    if len(data) > MAX_BYTES:
        raise ReportError(TOO_LARGE)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ReportError(EMPTY)
    for magic, kind in MAGIC:
        if data.startswith(magic):
            raise ReportError(message(NOT_A_REPORT, kind=kind))
    if data.startswith(b"PK\x03\x04"):
        return load_xlsx(data)
    text = decode(data)
    if not text.strip(" \t\r\n\ufeff,;"):
        raise ReportError(EMPTY)
    if text.lstrip(" \ufeff\r\n").lower().startswith(("<!doctype", "<html", "<?xml")):
        raise ReportError(message(NOT_A_REPORT, kind=_("a web page")))
    return split_rows(text)


def load_xlsx(data: bytes) -> Sheet:
    """The first worksheet of an .xlsx workbook, read until the row limit."""
    from openpyxl import load_workbook

    from hangouts.lib.tabular import cell_text

    rows: list[list[str]] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for values in book.worksheets[0].iter_rows(values_only=True):
            row = [cell_text(value).strip() for value in values]
            rows.append(row if any(row) else [])
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise ReportError(TOO_MANY_ROWS)
        book.close()
    except ReportError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on damaged workbooks
        raise ReportError(NOT_XLSX) from None
    if not any(rows):
        raise ReportError(EMPTY)
    return Sheet(rows=rows)


def detect(sheet: Sheet) -> tuple[Family, int]:
    for at, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        header = header_keys(row)
        for family in FAMILIES:
            if family.matches(header):
                return family, at
    raise ReportError(UNKNOWN)
