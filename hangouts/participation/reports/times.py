"""Times and durations as meeting tools write them: one format per file, aware datetimes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo

NO_VALUE = frozenset({"", "-", "--", "—", "n/a"})


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
