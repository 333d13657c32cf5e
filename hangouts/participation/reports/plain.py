"""A plain CSV an organiser writes by hand: name, email (optional) and minutes, one row per person
(two rows of the same person are added up). Headers in English or Lao.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from hangouts.participation.reports import Report, ReportError
from hangouts.participation.reports.common import (
    MAX_ROWS,
    TOO_MANY_ROWS,
    Sheet,
    cell,
    check_not_cut,
    columns,
    duration_in,
    email_of,
    header_keys,
)
from hangouts.participation.reports.people import (
    Row,
    people,
)

ALIASES = {
    "name": frozenset({"name", "full name", "ຊື່", "ຊື່ ແລະ ນາມສະກຸນ", "display name"}),
    "email": frozenset({"email", "e-mail", "ອີເມວ", "ອີເມລ"}),
    "minutes": frozenset({"minutes", "ນາທີ", "ເວລາ (ນາທີ)"}),
}


def matches(header: Sequence[str]) -> bool:
    present = set(header)
    return bool(present & ALIASES["name"]) and bool(present & ALIASES["minutes"])


def read(sheet: Sheet, at: int, zone: tzinfo) -> Report:
    header = sheet.rows[at]
    cols = columns(header_keys(header), ALIASES)
    data = [
        (i, row)
        for i, row in enumerate(sheet.rows[at + 1 :], start=at + 1)
        if cell(row, cols["name"]) or cell(row, cols["email"])
    ]
    if len(data) > MAX_ROWS:
        raise ReportError(TOO_MANY_ROWS)
    if data:
        check_not_cut(sheet, data[-1][0], {"minutes": cols["minutes"]})
    rows = []
    for index, row in data:
        seconds = duration_in(sheet, index, row, cols["minutes"], header)
        email = email_of(cell(row, cols["email"]))
        rows.append(Row(name=cell(row, cols["name"]) or email, email=email, seconds=seconds))
    return Report(format="plain", rows=len(rows), participants=people(rows))
