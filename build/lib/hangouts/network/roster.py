"""Roster import: read a CSV/XLSX file, plan what it would change, and apply the plan atomically.

The plan is computed the same way for the preview and for the import, so what the organiser
confirmed is what happens. Rules:
- a row that matches exactly one member by email or phone updates that member (empty cells
  change nothing);
- a row that matches several members (by email, by phone, or one by each), or a member that
  another row already matched, is a conflict: it is listed and never merged by itself;
- if any row is invalid, nothing is imported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hangouts.lib.phones import PhoneError, normalize_phone
from hangouts.lib.tabular import Table, TableError, read_table
from hangouts.network.models import Member, Network, Organisation, Province, StaffLevel

# Accepted headers (after lower-casing, spaces to "_") for each column, Lao headers included.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "name_lo", "ຊື່", "ຊື່_ແລະ_ນາມສະກຸນ"),
    "name_latin": ("name_latin", "name_en", "latin_name", "ຊື່_(ອັກສອນລາແຕັງ)", "ຊື່ພາສາອັງກິດ"),
    "organisation": ("organisation", "organization", "ອົງການ"),
    "province": ("province", "ແຂວງ"),
    "staff_level": ("staff_level", "level", "ລະດັບພະນັກງານ"),
    "gender": ("gender", "sex", "ເພດ"),
    "phone": ("phone", "whatsapp", "mobile", "ເບີໂທ"),
    "email": ("email", "e_mail", "ອີເມວ"),
    "language": ("language", "ພາສາ"),
    "consent": ("consent", "consent_to_contact", "ຍິນຍອມ"),
}
GENDERS = {
    "female": "female",
    "f": "female",
    "woman": "female",
    "ຍິງ": "female",
    "ເພດຍິງ": "female",
    "male": "male",
    "m": "male",
    "man": "male",
    "ຊາຍ": "male",
    "ເພດຊາຍ": "male",
    "other": "other",
    "ອື່ນໆ": "other",
}
YES = {"yes", "y", "true", "1", "ແມ່ນ", "ຍິນຍອມ", "ເຫັນດີ"}
NO = {"no", "n", "false", "0", "ບໍ່", "ບໍ່ຍິນຍອມ"}
# What a roster row may set: the same fields organisers edit in the member form.
UPDATABLE = Member.ROSTER_FIELDS


def member_field(name: str) -> models.Field:
    field = Member._meta.get_field(name)
    assert isinstance(field, models.Field)  # UPDATABLE lists concrete fields only
    return field


@dataclass
class RowPlan:
    number: int
    values: dict[str, Any]
    member: Member | None = None
    # For updates: field -> (old, new) as text, for the preview.
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    new_organisation: str = ""

    @property
    def label(self) -> str:
        return str(self.values.get("name") or "")

    def labelled_changes(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) for the preview, in the reader's language."""
        return [
            (str(member_field(name).verbose_name), old, new)
            for name, (old, new) in self.changes.items()
        ]


@dataclass
class RosterPlan:
    creates: list[RowPlan] = field(default_factory=list)
    updates: list[RowPlan] = field(default_factory=list)
    unchanged: list[RowPlan] = field(default_factory=list)
    conflicts: list[RowPlan] = field(default_factory=list)
    errors: list[RowPlan] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    file_error: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.file_error and not self.errors

    def summary(self) -> dict[str, int]:
        return {
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": len(self.unchanged),
            "conflicts": len(self.conflicts),
            "errors": len(self.errors),
            "new_organisations": len(self.new_organisations),
        }


class Lookups:
    """Everything a row is checked against, loaded once (a fixed number of queries)."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.staff_levels: dict[str, StaffLevel] = {}
        for level in StaffLevel.objects.filter(network=network):
            self.staff_levels[level.name.casefold()] = level
            if level.name_en:
                self.staff_levels[level.name_en.casefold()] = level
        self.provinces: dict[str, Province] = {}
        for province in Province.objects.filter(country=network.country):
            for key in (province.code, province.name, province.name_en):
                self.provinces[key.casefold()] = province
            # "ວຽງຈັນ" alone is ambiguous in Lao PDR: only full names and codes are accepted.
        self.organisations: dict[str, Organisation] = {}
        for organisation in Organisation.objects.filter(network=network):
            for key in (organisation.name, organisation.name_en, organisation.acronym):
                if key:
                    self.organisations.setdefault(key.casefold(), organisation)
        self.by_email: dict[str, list[Member]] = defaultdict(list)
        self.by_phone: dict[str, list[Member]] = defaultdict(list)
        members = Member.objects.filter(network=network).select_related(
            "organisation", "province", "staff_level"
        )
        for member in members:
            if member.email:
                self.by_email[member.email.lower()].append(member)
            if member.phone:
                self.by_phone[member.phone].append(member)


def column_map(headers: list[str]) -> dict[str, str]:
    """Our column name -> the file's header."""
    found: dict[str, str] = {}
    for column, aliases in COLUMNS.items():
        for header in headers:
            if header in aliases:
                found.setdefault(column, header)
    return found


def plan_roster(network: Network, content: bytes, file_name: str = "") -> RosterPlan:
    plan = RosterPlan()
    try:
        table: Table = read_table(content, file_name)
    except TableError as error:
        plan.file_error = str(error)
        return plan
    columns = column_map(table.headers)
    if "name" not in columns:
        plan.file_error = _(
            "The file has no “name” column. The first row must hold the column names."
        )
        return plan
    lookups = Lookups(network)
    matched: dict[int, int] = {}  # member id -> row number that matched it
    for number, raw in table.rows:
        row = read_row(number, {c: raw.get(h, "") for c, h in columns.items()}, lookups)
        if row.problems:
            plan.errors.append(row)
            continue
        classify(row, lookups, matched, plan)
    plan.new_organisations = sorted(
        {r.new_organisation for r in plan.creates + plan.updates if r.new_organisation}
    )
    return plan


def read_row(number: int, cells: dict[str, str], lookups: Lookups) -> RowPlan:
    row = RowPlan(number=number, values={})
    values = row.values
    values["name"] = cells.get("name", "")
    if not values["name"]:
        row.problems.append(_("The name is missing."))
    values["name_latin"] = cells.get("name_latin", "")
    if text := cells.get("organisation", ""):
        organisation = lookups.organisations.get(text.casefold())
        values["organisation"] = organisation
        if organisation is None:
            row.new_organisation = text
    if text := cells.get("province", ""):
        values["province"] = lookups.provinces.get(text.casefold())
        if values["province"] is None:
            row.problems.append(_("Unknown province: “%(value)s”.") % {"value": text})
    if text := cells.get("staff_level", ""):
        values["staff_level"] = lookups.staff_levels.get(text.casefold())
        if values["staff_level"] is None:
            row.problems.append(
                _("Unknown staff level: “%(value)s”. Use one of: %(choices)s.")
                % {
                    "value": text,
                    "choices": ", ".join(
                        sorted({level.name for level in lookups.staff_levels.values()})
                    ),
                }
            )
    if text := cells.get("gender", ""):
        values["gender"] = GENDERS.get(text.casefold())
        if values["gender"] is None:
            row.problems.append(_("Unknown gender: “%(value)s”.") % {"value": text})
    if text := cells.get("phone", ""):
        try:
            values["phone"] = normalize_phone(text, lookups.network.phone_region)
        except PhoneError:
            row.problems.append(_("Not a phone number: “%(value)s”.") % {"value": text})
    if text := cells.get("email", "").lower():
        try:
            validate_email(text)
            values["email"] = text
        except ValidationError:
            row.problems.append(_("Not an email address: “%(value)s”.") % {"value": text})
    if text := cells.get("language", "").lower():
        values["language"] = {
            "lo": "lo",
            "lao": "lo",
            "ລາວ": "lo",
            "en": "en",
            "english": "en",
            "ອັງກິດ": "en",
        }.get(text)
        if values["language"] is None:
            row.problems.append(
                _("Unknown language: “%(value)s” (use lo or en).") % {"value": text}
            )
    if text := cells.get("consent", "").casefold():
        if text not in YES | NO:
            row.problems.append(_("Consent must be yes or no, not “%(value)s”.") % {"value": text})
        values["consent_to_contact"] = text in YES
    # Empty cells mean "no change" for an update.
    row.values = {k: v for k, v in values.items() if v not in ("", None) or k == "name"}
    return row


def classify(row: RowPlan, lookups: Lookups, matched: dict[int, int], plan: RosterPlan) -> None:
    candidates: dict[int, Member] = {}
    if email := row.values.get("email"):
        candidates.update({m.pk: m for m in lookups.by_email.get(email, [])})
    if phone := row.values.get("phone"):
        candidates.update({m.pk: m for m in lookups.by_phone.get(phone, [])})
    if len(candidates) > 1:
        names = ", ".join(sorted(m.name for m in candidates.values()))
        row.problems.append(
            _("Matches several members (%(names)s); edit them by hand.") % {"names": names}
        )
        plan.conflicts.append(row)
        return
    if not candidates:
        plan.creates.append(row)
        return
    member = next(iter(candidates.values()))
    if member.pk in matched:
        row.problems.append(
            _("Row %(row)d already matches the same member (%(name)s).")
            % {"row": matched[member.pk], "name": member.name}
        )
        plan.conflicts.append(row)
        return
    matched[member.pk] = row.number
    row.member = member
    for name in UPDATABLE:
        if name not in row.values:
            continue
        old, new = getattr(member, name), row.values[name]
        if name == "organisation" and new is None:
            row.changes[name] = (str(old or ""), row.new_organisation)
        elif old != new:
            row.changes[name] = (display(name, old), display(name, new))
    (plan.updates if row.changes or not member.is_active else plan.unchanged).append(row)


def display(name: str, value: object) -> str:
    """A value as the preview shows it: choice labels, yes/no, names."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    choices = dict(member_field(name).flatchoices)
    if choices and value in choices:
        return str(choices[value])
    return "" if value is None else str(value)


@transaction.atomic
def apply_roster(network: Network, plan: RosterPlan) -> dict[str, int]:
    """Write a valid plan: new organisations, new and updated members. Skips conflicts."""
    if not plan.is_valid:
        raise ValueError("An invalid roster plan cannot be applied.")
    created = Organisation.objects.bulk_create(
        [Organisation(network=network, name=name) for name in plan.new_organisations]
    )
    new_organisations = {o.name: o for o in created}

    def organisation_of(row: RowPlan) -> Organisation | None:
        if row.new_organisation:
            return new_organisations[row.new_organisation]
        return row.values.get("organisation")

    Member.objects.bulk_create(
        [
            Member(
                network=network,
                **{k: v for k, v in row.values.items() if k != "organisation"},
                organisation=organisation_of(row),
            )
            for row in plan.creates
        ]
    )
    updated: list[Member] = []
    now = timezone.now()
    for row in plan.updates:
        member = row.member
        assert member is not None  # an update always has its member
        for name, value in row.values.items():
            setattr(member, name, value)
        if "organisation" in row.values or row.new_organisation:
            member.organisation = organisation_of(row)
        member.is_active = True  # a returning member comes back onto the roster
        member.updated_at = now
        updated.append(member)
    Member.objects.bulk_update(updated, [*UPDATABLE, "is_active", "updated_at"])
    return plan.summary()
