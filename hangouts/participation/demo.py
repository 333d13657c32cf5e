"""Demo participant reports: the Zoom reports of the Lao network's latest held hangouts.

Called by `hangouts.network.demo.seed_demo` inside its transaction, after the programme exists.
Each report is a Zoom meeting participants CSV (2024 headers, with the meeting-data preamble)
built from the hangout's demo attendance, with the display names people use in Zoom: numbering
prefixes ("015_Name"), "Name (ORG)", "Family, Given", "Name – ORG", Lao script with or without
the title, a member's phone number, an email for the signed-in ones; some rejoin (two rows,
overlapping by a minute), some wait in the waiting room first, the host's account is there.
Each report also holds UNCERTAIN people whom the organiser must decide about: a first name alone
that two or more members share, a nickname with the organisation, and a phone number that is on
nobody's record (all three are members who came).

The report is stored and imported as the web upload does it (`store_report`, then
`apply_attendance_import`): the three are left out of the attendance until the review. The
demo's guests (device names and the like) were marked as guests at earlier imports: they are
remembered guest aliases, so they need no review.

Every display name except the uncertain ones is checked against the roster in memory before it
is written, so that the review holds exactly the uncertain people. A fixed number of queries
(about a dozen per report), never one per row.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hangouts.accounts.models import User
from hangouts.network.models import Member, Network
from hangouts.participation.attendance_import import apply_attendance_import, store_report
from hangouts.participation.matching import Roster, fold, read_display_name
from hangouts.participation.models import Attendance, Feedback, MemberAlias
from hangouts.participation.reports import Participant
from hangouts.programme.models import Hangout

REPORTS = 2  # the latest held hangouts get a report each
HOST_NAME = "SUN CSA Lao Secretariat"
# Lao nicknames, unrelated to the registered name: a name matching cannot find them.
NICKNAMES = ("Tou", "Ket", "Aey", "Nok", "Bee", "Mon", "Tukta", "Noi")
# Numbers no member has given: "+856 20 5551 xxxx".
UNKNOWN_PHONE = "020 5551 {:04d}"
ZOOM_TIME = "%m/%d/%Y %I:%M:%S %p"
ZOOM_2024_HEADER = (
    "Name (original name)",
    "Email",
    "Join time",
    "Leave time",
    "Duration (minutes)",
    "Guest",
    "In waiting room",
)


@dataclass(frozen=True)
class ZoomRow:
    """One row of a Zoom participants report (times aware)."""

    name: str
    email: str
    joined: datetime
    left: datetime
    guest: bool = True
    waiting: bool = False


def zoom_participants_csv(
    *,
    topic: str,
    meeting_id: str,
    host: tuple[str, str],
    rows: Sequence[ZoomRow],
    zone: ZoneInfo,
) -> bytes:
    """A Zoom meeting participants export (2024 header generation, with the meeting-data
    preamble, UTF-8 with a BOM, local times): `host` is (name, email) of the host's account.
    """
    start = min(row.joined for row in rows)
    end = max(row.left for row in rows)

    def local(moment: datetime) -> str:
        return moment.astimezone(zone).strftime(ZOOM_TIME)

    def minutes(since: datetime, until: datetime) -> int:
        return max(1, round((until - since).total_seconds() / 60))

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["Topic", "ID", "Host", "Duration (minutes)", "Start time", "End time", "Participants"]
    )
    people = len({(row.name, row.email) for row in rows if not row.waiting})
    writer.writerow(
        [
            topic,
            meeting_id,
            f"{host[0]} ({host[1]})",
            minutes(start, end),
            local(start),
            local(end),
            people,
        ]
    )
    writer.writerow([])
    writer.writerow(ZOOM_2024_HEADER)
    for row in sorted(rows, key=lambda r: (r.joined, not r.waiting)):
        writer.writerow(
            [
                row.name,
                row.email,
                local(row.joined),
                local(row.left),
                minutes(row.joined, row.left),
                "Yes" if row.guest else "No",
                "Yes" if row.waiting else "No",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def latin_parts(member: Member) -> tuple[str, str]:
    """(given, family) of the member's Latin name ("" when there is none)."""
    words = member.name_latin.split()
    return (words[0], " ".join(words[1:])) if words else ("", "")


def lao_without_title(member: Member) -> str:
    words = member.name.split()
    return " ".join(words[1:]) if len(words) > 2 else member.name


def display_names(rng: random.Random, member: Member, number: int) -> list[str]:
    """The ways this member shows up in Zoom, most likely first (shuffled a little)."""
    given, family = latin_parts(member)
    acronym = member.organisation.acronym if member.organisation else ""
    lao = lao_without_title(member)
    names = [
        f"{given} {family}",
        f"{number:03d}_{given} {family}",
        f"{given} {family} ({acronym})" if acronym else f"{given} {family}",
        lao,
        member.name,
        f"{number:02d}. {lao}",
        f"{family}, {given}",
        f"{lao} – {acronym}" if acronym else lao,
        f"{given} ({given} {family})",
    ]
    rng.shuffle(names)
    if member.phone and rng.random() < 0.1:  # joined by the phone app under their number
        local_number = "0" + member.phone.removeprefix("+856")
        names.insert(0, f"{local_number[:3]} {local_number[3:7]} {local_number[7:]}")
    return [name for name in names if name.strip()]


def matches(roster: Roster, name: str, email: str) -> Member | None:
    found = roster.match(Participant(name=name, email=email))
    return found.member


def certain_name(
    rng: random.Random, roster: Roster, member: Member, number: int
) -> tuple[str, str]:
    """A (display name, email) that the matching gives to this member without review."""
    email = member.email if member.email and rng.random() < 0.3 else ""  # signed in to Zoom
    for name in display_names(rng, member, number):
        found = matches(roster, name, email)
        if found is not None and found.pk == member.pk:
            return name, email
    # Alike names: only the email (or the phone) tells them apart.
    if member.email:
        return member.name, member.email
    return member.name, ""


def uncertain_names(
    rng: random.Random, roster: Roster, members: Sequence[Member], used_phones: set[str]
) -> dict[int, str]:
    """Display names needing review, for up to three of `members`: {member id: display name}.

    A shared first name (Latin, alone), a nickname with the organisation, an unknown phone.
    """
    chosen: dict[int, str] = {}
    pool = list(members)
    rng.shuffle(pool)

    def needs_review(name: str) -> bool:
        found = roster.match(Participant(name=name))
        return found.needs_review

    shared = next(
        (
            m
            for m in pool
            if len(roster.by_first_word.get(fold(latin_parts(m)[0]), ())) >= 2
            and needs_review(latin_parts(m)[0])
        ),
        None,
    )
    if shared is not None:
        chosen[shared.pk] = latin_parts(shared)[0]
    nicknamed = next((m for m in pool if m.pk not in chosen and m.organisation), None)
    if nicknamed is not None and nicknamed.organisation is not None:
        for nickname in rng.sample(NICKNAMES, len(NICKNAMES)):
            name = f"{nickname} ({nicknamed.organisation.acronym})"
            if needs_review(name):
                chosen[nicknamed.pk] = name
                break
    caller = next((m for m in pool if m.pk not in chosen), None)
    if caller is not None:
        for n in range(1000, 10_000):
            name = UNKNOWN_PHONE.format(n)
            phone = read_display_name(name, roster.network.phone_region).phone
            if phone and phone not in roster.by_phone and phone not in used_phones:
                used_phones.add(phone)
                chosen[caller.pk] = name
                break
    return chosen


def attendance_rows(
    rng: random.Random, name: str, email: str, joined: datetime, minutes: int
) -> list[ZoomRow]:
    """One person's rows: sometimes a wait in the waiting room, sometimes a rejoin."""
    left = joined + timedelta(minutes=minutes)
    rows: list[ZoomRow] = []
    if rng.random() < 0.1:
        rows.append(ZoomRow(name, email, joined - timedelta(minutes=2), joined, waiting=True))
    if minutes >= 20 and rng.random() < 0.15:
        # The connection dropped; they came back on another device a minute before it closed.
        cut = joined + timedelta(minutes=rng.randint(5, minutes - 5))
        rows.append(ZoomRow(name, email, joined, cut))
        rows.append(ZoomRow(name, email, cut - timedelta(minutes=1), left))
    else:
        rows.append(ZoomRow(name, email, joined, left))
    return rows


def report_for(
    rng: random.Random,
    roster: Roster,
    hangout: Hangout,
    attendances: Iterable[Attendance],
    used_phones: set[str],
) -> bytes:
    network = hangout.network
    came = [a for a in attendances if a.member is not None]
    members = [a.member for a in came if a.member is not None]
    uncertain = uncertain_names(rng, roster, members, used_phones)
    rows: list[ZoomRow] = [
        ZoomRow(
            HOST_NAME,
            network.email,
            hangout.starts_at - timedelta(minutes=10),
            hangout.ends_at + timedelta(minutes=3),
            guest=False,
        )
    ]
    for number, attendance in enumerate(attendances, start=1):
        member = attendance.member
        if member is None:
            name, email = attendance.guest_name, ""
        elif member.pk in uncertain:
            name, email = uncertain[member.pk], ""
        else:
            name, email = certain_name(rng, roster, member, number)
        joined = attendance.first_join or hangout.starts_at
        rows += attendance_rows(rng, name, email, joined, attendance.minutes)
    return zoom_participants_csv(
        topic=hangout.title,
        meeting_id=hangout.meeting_id,
        host=(HOST_NAME, network.email),
        rows=rows,
        zone=ZoneInfo(network.time_zone),
    )


def remember_guests(network: Network, names: Iterable[str], by: User) -> None:
    """The demo's guests, marked as guests at earlier imports (one insert)."""
    keys = {read_display_name(name, network.phone_region).key for name in names}
    MemberAlias.objects.bulk_create(
        MemberAlias(network=network, key=key, is_guest=True, created_by=by)
        for key in sorted(keys)
        if key
    )


def seed_demo_imports(
    network: Network, rng: random.Random, *, by: User, guests: Iterable[str]
) -> dict[str, int]:
    """A Zoom report for each of the network's REPORTS latest held hangouts, imported with
    its uncertain people left for the review.

    Returns {"attendance_imports": …, "left_for_review": …, "attendances": change in the
    number of attendance rows (the uncertain members are left out until reviewed),
    "feedback": answers seeded}.
    Side effects: MemberAlias rows (guests), AttendanceImport rows, the hangouts' imported
    Attendance rows replaced by the reports' (as an organiser's import does); demo Feedback.
    """
    remember_guests(network, guests, by)
    hangouts = list(Hangout.objects.for_network(network).past().select_related("network"))
    hangouts = hangouts[:REPORTS]
    attendances = list(
        Attendance.objects.filter(hangout__in=hangouts)
        .select_related("member__organisation")
        .order_by("first_join", "pk")
    )
    roster = Roster(network)
    used_phones: set[str] = set()
    totals = {"attendance_imports": 0, "left_for_review": 0, "attendances": 0}
    for hangout in reversed(hangouts):  # the older first, as they were held
        own = [a for a in attendances if a.hangout_id == hangout.pk]
        content = report_for(rng, roster, hangout, own, used_phones)
        record = store_report(
            hangout, content=content, file_name=f"participants_{hangout.meeting_id}.csv", by=by
        )
        plan = apply_attendance_import(record, by=by)
        written = len({p.member.pk for p in plan.matched if p.member is not None})
        written += len([p for p in plan.guests if not p.already])
        totals["attendance_imports"] += 1
        totals["left_for_review"] += len(plan.needs_review)
        totals["attendances"] += written - len(own)
    totals["feedback"] = seed_demo_feedback(hangouts, rng)
    return totals


# Demo feedback: what attendees wrote, in Lao (what they will apply; the topic they want next).
WILL_APPLY = (
    "ຈະແບ່ງປັນບົດຮຽນນີ້ກັບທີມງານໃນແຂວງ",
    "ຈະນຳໃຊ້ແບບຟອມຕິດຕາມໃນໂຄງການຂອງພວກເຮົາ",
    "ຈະລົມກັບອາສາສະໝັກບ້ານກ່ຽວກັບເລື່ອງນີ້",
    "",
)
WISHES = ("ການຂຽນບົດລາຍງານໃຫ້ຜູ້ໃຫ້ທຶນ", "ການໃຊ້ສື່ສັງຄົມເພື່ອສຸຂະພາບ", "")
FEEDBACK_SHARE = 0.4  # of the members who came, how many answered


def seed_demo_feedback(hangouts: Sequence[Hangout], rng: random.Random) -> int:
    """Feedback from about 40 % of the members who came to the imported hangouts, some of it
    anonymous (their window is closed, so the rows are written directly). Two queries."""
    came = Attendance.objects.filter(hangout__in=hangouts, member__isnull=False).order_by(
        "hangout_id", "member_id"
    )
    rows = [
        Feedback(
            hangout_id=hangout_id,
            member_id=member_id,
            rating=rng.choice((3, 4, 4, 5, 5)),
            useful=rng.choice(("yes", "yes", "partly", "no")),
            will_apply=rng.choice(WILL_APPLY),
            next_topic=rng.choice(WISHES),
            anonymous=rng.random() < 0.25,
            via=Feedback.Via.PERSONAL_LINK,
        )
        for hangout_id, member_id in came.values_list("hangout_id", "member_id")
        if rng.random() < FEEDBACK_SHARE
    ]
    return len(Feedback.objects.bulk_create(rows))
