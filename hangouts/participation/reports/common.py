"""What every report reader shares: bytes to rows, header keys, times, durations, people.

Decoding: a UTF-8 or UTF-16 byte-order mark decides; UTF-16 without a mark is recognised by its
NUL bytes; else UTF-8, and only when that fails and the text shows no sign of being damaged UTF-8,
Windows-1252 (Excel's "CSV (Comma delimited)" on a Western Windows). Lao never goes through
Windows-1252: damaged UTF-8 that holds any valid non-ASCII letter is refused, not guessed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from hangouts.participation.reports import Participant, ReportError

MAX_BYTES = 10 * 1024 * 1024  # a 20,000-row Teams report in UTF-16 is ~6 MB
MAX_ROWS = 20_000
HEADER_SCAN_ROWS = 40  # preambles and summaries come before the table
YES = frozenset({"yes", "y", "true", "1", "oui", "sí", "si", "ja", "はい", "ແມ່ນ"})
NO_VALUE = frozenset({"", "-", "--", "—", "n/a"})

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


# ---------------------------------------------------------------------------------------------
# Bytes to text


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


# ---------------------------------------------------------------------------------------------
# Text to rows


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


# ---------------------------------------------------------------------------------------------
# Headers


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


# ---------------------------------------------------------------------------------------------
# Times


def _compile(pattern: str) -> re.Pattern[str]:
    tokens = {
        "%Y": r"(?P<Y>\d{4})",
        "%y": r"(?P<y>\d{2})",
        "%m": r"(?P<m>\d{1,2})",
        "%d": r"(?P<d>\d{1,2})",
        "%H": r"(?P<H>\d{1,2})",
        "%M": r"(?P<M>\d{2})",
        "%S": r"(?P<S>\d{2})",
        "%p": r"(?P<p>[ap]\.?m\.?)",
        "%b": r"(?P<b>[^\W\d_]{3,10}\.?)",
    }
    parts = re.split(r"(%[A-Za-z])", pattern)
    return re.compile("".join(tokens.get(p, re.escape(p)) for p in parts), re.IGNORECASE)


# Tried in this order; the first that reads every time of a file is used for the whole file, so
# a day-first file (13/04/2021) is not read month-first. ISO 8601 is tried before all of them.
TIME_FORMATS = [
    _compile(f)
    for f in (
        "%m/%d/%Y %H:%M:%S %p",
        "%m/%d/%Y %H:%M %p",
        "%m/%d/%y %H:%M:%S %p",
        "%m/%d/%y %H:%M %p",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %H:%M:%S %p",
        "%d/%m/%Y %H:%M %p",
        "%d/%m/%y %H:%M:%S",
        "%d/%m/%y %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y-%m-%d %H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%d-%m-%Y %H:%M:%S",
        "%d-%m-%Y %H:%M",
        "%b %d %Y %H:%M:%S",
        "%b %d %Y %H:%M",
        "%b %d %Y %H:%M:%S %p",
        "%b %d %Y %H:%M %p",
        "%d %b %Y %H:%M:%S",
        "%d %b %Y %H:%M",
    )
]
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "janv"),
            ("feb", "fév", "fev", "févr"),
            ("mar", "mars"),
            ("apr", "avr"),
            ("may", "mai"),
            ("jun", "juin"),
            ("jul", "juil"),
            ("aug", "aoû", "aou"),
            ("sep", "sept"),
            ("oct",),
            ("nov",),
            ("dec", "déc"),
        ),
        start=1,
    )
    for name in names
}


TIME_NOISE = re.compile(r"[,\u00a0\u202f]|\s\s|\s(?:à|a las|um)\s")


def clean_time(value: str) -> str:
    """'13/04/2021 à 09:01:31' → '13/04/2021 09:01:31'; 'Mar 22, 2025 7:13 PM' → no comma."""
    if not TIME_NOISE.search(value):
        return value.strip()
    text = value.replace("\u00a0", " ").replace("\u202f", " ").replace(",", " ")
    text = re.sub(r"\s(?:à|a las|um)\s", " ", text)
    return " ".join(text.split())


def _from_match(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    try:
        year = int(parts["Y"]) if parts.get("Y") else 2000 + int(parts["y"])
        if parts.get("b"):
            name = parts["b"].rstrip(".").casefold()
            month = MONTHS.get(name[:4]) or MONTHS[name[:3]]
        else:
            month = int(parts["m"])
        hour = int(parts["H"])
        if parts.get("p"):
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if parts["p"][0] in "pP" else 0)
        return datetime(
            year, month, int(parts["d"]), hour, int(parts["M"]), int(parts.get("S") or 0)
        )
    except (KeyError, ValueError):
        return None


def _iso(text: str) -> datetime | None:
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):
        return None
    try:
        return datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None


def _with(pattern: re.Pattern[str] | None) -> Callable[[str], datetime | None]:
    if pattern is None:
        return _iso

    def parse(text: str) -> datetime | None:
        match = pattern.fullmatch(text)
        return _from_match(match) if match else None

    return parse


class Clock:
    """Reads a file's times in one format, chosen from all of them, into aware datetimes."""

    def __init__(self, values: Iterable[str], zone: tzinfo, *, source_zone: tzinfo | None = None):
        self.zone = zone
        self.source_zone = source_zone or zone
        texts = {v: clean_time(v) for v in set(values) if v.strip() not in NO_VALUE}
        distinct = set(texts.values())
        self.parsers = [_with(None), *(_with(p) for p in TIME_FORMATS)]
        self.parse: Callable[[str], datetime | None] = self._any
        self.known: dict[str, datetime | None] = {}
        for parser in self.parsers:
            parsed: dict[str, datetime] = {}
            for text in distinct:
                if (moment := parser(text)) is None:
                    break
                parsed[text] = moment
            else:
                self.parse = parser
                self.known = {raw: self._aware(parsed[text]) for raw, text in texts.items()}
                break

    def _any(self, text: str) -> datetime | None:
        return next((d for p in self.parsers if (d := p(text)) is not None), None)

    def _aware(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.source_zone)
        return moment if moment.tzinfo is self.zone else moment.astimezone(self.zone)

    def __call__(self, value: str) -> datetime | None:
        """The time, aware; None for an empty or unreadable value."""
        if value in self.known:
            return self.known[value]
        text = clean_time(value)
        moment = self.parse(text) if text not in NO_VALUE else None
        found = self._aware(moment) if moment is not None else None
        self.known[value] = found
        return found


# ---------------------------------------------------------------------------------------------
# Durations

UNITS = {
    **dict.fromkeys(
        ("h", "hr", "hrs", "hour", "hours", "heure", "heures", "godz", "std", "時間", "ຊົ່ວໂມງ"),
        3600,
    ),
    **dict.fromkeys(
        ("m", "min", "mins", "minute", "minutes", "minuten", "分", "ນາທີ", "mn"),
        60,
    ),
    **dict.fromkeys(
        ("s", "sec", "secs", "second", "seconds", "sek", "seconde", "secondes", "秒", "ວິນາທີ"),
        1,
    ),
}
CLOCK_DURATION = re.compile(r"(\d+):(\d{2})(?::(\d{2}))?")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+\.?)")


def seconds_of(value: str) -> int | None:
    """'128' (minutes), '01:32:29', '1h 27m 51s', '2 h 44 m', '1 hr 2 min', '30 sec' → seconds.

    None for an empty value ('--' included); ValueError for text that is not a duration.
    """
    text = " ".join(value.replace("\u00a0", " ").casefold().split())
    if text in NO_VALUE:
        return None
    if NUMBER.fullmatch(text):
        return round(float(text.replace(",", ".")) * 60)
    if match := CLOCK_DURATION.fullmatch(text):
        hours, minutes, secs = match.groups()
        return int(hours) * 3600 + int(minutes) * 60 + int(secs or 0)
    total, end = 0, 0
    for part in PART.finditer(text):
        if text[end : part.start()].strip():
            raise ValueError(value)
        unit = UNITS.get(part.group(2).rstrip("."))
        if unit is None:
            raise ValueError(value)
        total += round(float(part.group(1).replace(",", ".")) * unit)
        end = part.end()
    if end == 0 or text[end:].strip():
        raise ValueError(value)
    return total


def rounded_minutes(seconds: int) -> int:
    """To the nearest minute, halves up (30 s → 1 min)."""
    return (max(seconds, 0) + 30) // 60


# ---------------------------------------------------------------------------------------------
# Rows to people

ROLE_RANK = {"host": 5, "organiser": 5, "co-host": 4, "presenter": 3, "panelist": 3}


@dataclass
class Row:
    """One participant row of a report, as a reader understood it."""

    name: str
    email: str = ""
    start: datetime | None = None  # with `end`: a stretch of continuous presence
    end: datetime | None = None
    seconds: int | None = None  # the file's duration, used when the row has no stretch
    first: datetime | None = None  # outer bounds when the file gives them without a stretch
    last: datetime | None = None
    role: str = "attendee"
    key: str = ""  # who this row belongs to, when neither email nor name can say
    rows: int = 1  # report rows this stands for (Teams events: one person's joins and leaves)


def person_key(row: Row) -> str:
    if row.key:
        return row.key
    if row.email:
        return "email:" + row.email
    return "name:" + unicodedata.normalize("NFC", " ".join(row.name.split())).casefold()


def merged_seconds(stretches: list[tuple[datetime, datetime]]) -> int:
    """Seconds covered by the stretches, overlaps counted once."""
    total, current_start, current_end = 0.0, None, None
    for start, end in sorted(stretches):
        if current_end is None or current_start is None or start > current_end:
            if current_end is not None and current_start is not None:
                total += (current_end - current_start).total_seconds()
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_end is not None and current_start is not None:
        total += (current_end - current_start).total_seconds()
    return round(total)


def people(rows: list[Row]) -> list[Participant]:
    """Rows merged per person (email, else the name case-folded), in the order first seen."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(person_key(row), []).append(row)
    return [participant(group) for group in groups.values()]


def participant(group: list[Row]) -> Participant:
    stretches = [(r.start, max(r.start, r.end)) for r in group if r.start and r.end]
    loose = sum(r.seconds or 0 for r in group if not (r.start and r.end))
    starts = [t for r in group for t in (r.start, r.first) if t is not None]
    ends = [t for r in group for t in (r.end, r.last) if t is not None]
    role = max((r.role for r in group), key=lambda role: ROLE_RANK.get(role, 1))
    return Participant(
        name=group[0].name,
        email=next((r.email for r in group if r.email), ""),
        minutes=rounded_minutes(merged_seconds(stretches) + loose),
        first_join=min(starts, default=None),
        last_leave=max(ends, default=None),
        is_host=role in ("host", "organiser"),
        role=role,
        rows=sum(r.rows for r in group),
    )


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


HOST_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*\((?P<email>[^()\s]+@[^()\s]+)\)\s*$")


def with_host(found: list[Participant], *, email: str, name: str) -> list[Participant]:
    """Marks the participant the file names as its host (by email, else by the exact name)."""
    from dataclasses import replace

    email, wanted = email.casefold(), key(name)
    index = next((i for i, p in enumerate(found) if email and p.email == email), None)
    if index is None and wanted:
        index = next((i for i, p in enumerate(found) if key(p.name) == wanted), None)
    if index is None:
        return found
    found = list(found)
    found[index] = replace(found[index], is_host=True, role="host")
    return found


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
