"""What every report reader shares: bytes to rows, header keys, cells, errors.

Decoding: a UTF-8 or UTF-16 byte-order mark decides; UTF-16 without a mark is recognised by its
NUL bytes; else UTF-8, and only when that fails and the text shows no sign of being damaged UTF-8,
Windows-1252 (Excel's "CSV (Comma delimited)" on a Western Windows). Lao never goes through
Windows-1252: damaged UTF-8 that holds any valid non-ASCII letter is refused, not guessed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from hangouts.participation.reports import ReportError
from hangouts.participation.reports.times import NO_VALUE, Clock, seconds_of

MAX_BYTES = 10 * 1024 * 1024  # a 20,000-row Teams report in UTF-16 is ~6 MB

MAX_ROWS = 20_000

HEADER_SCAN_ROWS = 40  # preambles and summaries come before the table

YES = frozenset({"yes", "y", "true", "1", "oui", "sí", "si", "ja", "はい", "ແມ່ນ"})

TRUNCATED = _(
    "The file seems cut off: row %(row)s is incomplete. Download the report again and upload "
    "the whole file."
)

TRUNCATED_END = _(
    "The file seems cut off: it ends in the middle of a character. Download the report again "
    "and upload the whole file."
)

ENCODING = _(
    "The file's text is neither UTF-8 nor UTF-16, so its letters cannot be read. Open it in a "
    "spreadsheet, save it as “CSV UTF-8”, and upload it again."
)

UNREADABLE_VALUE = _("Row %(row)s: “%(value)s” in the column “%(column)s” cannot be read.")


def message(template: Promise | str, **params: Any) -> str:
    """A translated message with its values, still lazy (it follows the reader's language)."""

    def render() -> str:
        return str(template) % params

    return lazy(render, str)()


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return decode_utf8(data[3:])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode_utf16(data, "utf-16")
    if b"\x00" in data[:4096]:
        sample = data[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return decode_utf16(data, "utf-16-le")
        if even > len(sample) // 4 and odd == 0:
            return decode_utf16(data, "utf-16-be")
        raise ReportError(NOT_TEXT)
    return decode_utf8(data, fallback=True)


def decode_utf8(data: bytes, *, fallback: bool = False) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            raise ReportError(TRUNCATED_END) from None
        damaged = data.decode("utf-8", errors="replace")
        if not fallback or any(ch > "\x7f" and ch != "\ufffd" for ch in damaged):
            raise ReportError(ENCODING) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ReportError(ENCODING) from None


def decode_utf16(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        if error.reason == "truncated data":
            raise ReportError(TRUNCATED_END) from None
        raise ReportError(ENCODING) from None


NOT_TEXT = _(
    "This file is not a text file. Download the participants report as CSV from the meeting "
    "tool and upload that."
)


@dataclass(frozen=True)
class Sheet:
    rows: list[list[str]]  # cells stripped; a blank line is []
    complete: bool = True  # False when the text may have been cut (no final line break)

    def cut_at(self, index: int) -> bool:
        """Row `index` is the last non-blank row of a file that may have been cut."""
        return not self.complete and not any(self.rows[index + 1 :])


def sniff_delimiter(text: str) -> str:
    """Tab, semicolon or comma: whichever a line of the first fifty holds most of."""
    lines = text[:20_000].splitlines()[:50]
    best = {d: max((line.count(d) for line in lines), default=0) for d in ("\t", ";", ",")}
    winner = max(best, key=lambda d: (best[d], d == ","))
    return winner if best[winner] else ","


def split_rows(text: str) -> Sheet:
    if text.count("\n") > MAX_ROWS * 2 + 1000 and text.count("\r") > MAX_ROWS * 2 + 1000:
        raise ReportError(TOO_MANY_ROWS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        rows = [[cell.strip() for cell in row] for row in reader]
    except csv.Error:
        raise ReportError(message(NOT_CSV, row=reader.line_num)) from None
    rows = [row if any(row) else [] for row in rows]
    complete = text.endswith(("\n", "\r"))
    if not complete and text.count('"') % 2 and rows and "\n" in "".join(rows[-1]):
        raise ReportError(message(TRUNCATED, row=len(rows)))
    return Sheet(rows=rows, complete=complete)


NOT_CSV = _("The file is not a readable CSV file (near row %(row)s).")

TOO_MANY_ROWS = message(
    _("The file has more than %(limit)s rows; a report may have at most %(limit)s."),
    limit=f"{MAX_ROWS:,}",
)


def key(cell: str) -> str:
    """A header as we compare it: compatibility-normalised (full-width brackets), case-folded."""
    if cell.isascii():
        return " ".join(cell.lower().strip(" \"'*:").split())
    text = unicodedata.normalize("NFKC", cell).casefold().strip(" \ufeff\"'*:")
    return " ".join(text.split())


def header_keys(row: Sequence[str]) -> list[str]:
    return [key(cell) for cell in row]


def column(header: Sequence[str], aliases: Iterable[str], *, after: int = 0) -> int | None:
    """The first column whose key is an alias, looking from `after` on, then before it."""
    wanted = set(aliases)
    order = [*range(after, len(header)), *range(0, after)]
    return next((i for i in order if header[i] in wanted), None)


def cell(row: Sequence[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def is_yes(value: str) -> bool:
    return value.casefold() in YES


def email_of(value: str) -> str:
    text = value.strip().casefold()
    return text if "@" in text else ""


def unreadable(sheet: Sheet, index: int, column_name: str, value: str) -> ReportError:
    """The error for a value no reader understands: a cut file, or a bad cell."""
    if sheet.cut_at(index):
        return ReportError(message(TRUNCATED, row=index + 1))
    return ReportError(message(UNREADABLE_VALUE, row=index + 1, column=column_name, value=value))


def columns(header: Sequence[str], aliases: dict[str, frozenset[str]]) -> dict[str, int | None]:
    """Each field's column; a field found after the name column wins over an earlier one."""
    name_at = column(header, aliases.get("name", frozenset())) or 0
    return {field: column(header, names, after=name_at) for field, names in aliases.items()}


def check_not_cut(sheet: Sheet, index: int, needed: dict[str, int | None]) -> None:
    """The last row of a file that may have been cut lacks a value we need: it was cut."""
    row = sheet.rows[index]
    if sheet.cut_at(index) and any(not cell(row, i) for i in needed.values() if i is not None):
        raise ReportError(message(TRUNCATED, row=index + 1))


def preamble(rows: list[list[str]]) -> dict[str, str]:
    """Key row / value row pairs above a table ('Topic,ID,Host,…' then its values)."""
    found: dict[str, str] = {}
    for index, row in enumerate(rows[:-1]):
        keys = header_keys(row)
        if not {"topic", "meeting id", "id", "webinar id"} & set(keys):
            continue
        for name, value in zip(keys, rows[index + 1], strict=False):
            found.setdefault(name, value)
    return found


def start_of(values: Iterable[str], zone: tzinfo) -> datetime | None:
    texts = [v for v in values if v and v.strip() not in NO_VALUE]
    return Clock(texts[:1], zone)(texts[0]) if texts else None


def time_in(
    sheet: Sheet, index: int, row: list[str], at: int | None, clock: Clock, header: list[str]
) -> datetime | None:
    """The time in a cell; an error naming the row and column when it cannot be read."""
    value = cell(row, at)
    moment = clock(value)
    if moment is None and value.strip() not in NO_VALUE:
        raise unreadable(sheet, index, cell(header, at), value)
    return moment


def duration_in(
    sheet: Sheet, index: int, row: list[str], at: int | None, header: list[str]
) -> int | None:
    """The seconds of a duration cell; an error naming the row and column when unreadable."""
    try:
        return seconds_of(cell(row, at))
    except ValueError:
        raise unreadable(sheet, index, cell(header, at), cell(row, at)) from None
