"""One data set for the security suite: two networks, every persona, one of each object.

Built once for the package (see conftest.py) inside a transaction that is rolled back at the
end; each test runs in a savepoint of it, so a POST in one test never leaks into the next.
Every text a person can type carries a `<script>` payload, so every page of the matrix also
shows that hostile text is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.cookies import SimpleCookie

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from conftest import PASSWORD
from hangouts.accounts.actions import ensure_member_user, issue_personal_link, issue_sign_in_link
from hangouts.accounts.models import PersonalLink, User
from hangouts.awards.actions import choose_volunteer
from hangouts.awards.models import Award
from hangouts.library.models import PDF, Resource
from hangouts.network.actions import create_network
from hangouts.network.models import Member, Network, Organisation, Province, RosterImport
from hangouts.ops.models import WorkerHeartbeat
from hangouts.outreach.models import Announcement
from hangouts.participation.links import check_in_token
from hangouts.participation.models import Attendance, AttendanceImport
from hangouts.programme.actions.series import create_series
from hangouts.programme.actions.topics import propose_topic
from hangouts.programme.models import Hangout, PresentationOffer, Presenter, Series, Topic


def payload(field: str) -> str:
    """Hostile text for one field: a live tag if a page ever forgets to escape it."""
    return f'<script>alert("{field}")</script>'


SLIDES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

PAYLOAD_FIELDS = (
    "topic",
    "hangout",
    "description",
    "member",
    "organisation",
    "citation",
    "resource",
)
MEMBER_PHONE = "+8562055512345"
PRESENTER_PHONE = "+8562055554321"
JOIN_LINK = "https://meet.jit.si/security-suite-room-0123456789abcdef"


@dataclass
class World:
    network: Network
    other_network: Network
    organiser: User
    invited: User
    outsider: User
    member: Member
    presenter: Member
    organisation: Organisation
    topic: Topic
    other_topic: Topic
    series: Series
    scheduled: Hangout
    held: Hangout
    draft: Hangout
    other_held: Hangout
    award: Award
    resource: Resource
    attendance: Attendance
    attendance_import: AttendanceImport
    roster_import: RosterImport
    announcement: Announcement
    offer: PresentationOffer
    rsvp_link: PersonalLink
    feed_link: PersonalLink
    unsubscribe_link: PersonalLink
    feedback_link: PersonalLink
    sign_in_token: str
    set_password_uid: str
    set_password_token: str
    # Each persona's cookies (a signed-in session, or what phone identification left behind),
    # made once by conftest.py so that a test costs one request.
    cookies: dict[str, SimpleCookie] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.network.slug

    @property
    def award_year(self) -> int:
        return self.award.month.year

    @property
    def award_month(self) -> int:
        return self.award.month.month

    @property
    def check_in_token(self) -> str:
        return check_in_token(self.scheduled.pk)


def build_world() -> World:
    now = timezone.now()
    network = create_network(
        slug="sun-csa-lao",
        name="ພັນທະມິດ SUN ລາວ",
        name_en="SUN CSA Lao",
        country="LA",
        email="hangouts@example.org",
    )
    other = create_network(
        slug="sun-csa-kh", name="SUN CSA Cambodia", name_en="SUN CSA Cambodia", country="KH"
    )
    organiser = User.objects.create_user("organiser@example.org", PASSWORD, name="ນາງ ວັນນະພອນ")
    network.organisers.add(organiser)
    network.public_summary = True  # the public reach page is on
    network.save(update_fields=["public_summary"])
    # Invited, has not chosen a password yet: the set-password link is theirs (a user who signs
    # in would change the token, which hashes the last sign-in).
    invited = User.objects.create_user("invited@example.org", None, name="Invited")
    network.organisers.add(invited)
    outsider = User.objects.create_user("outsider@example.org", PASSWORD, name="Outsider")
    other.organisers.add(outsider)
    organisation = Organisation.objects.create(
        network=network,
        name=payload("organisation"),
        acronym="CDA",
        size=Organisation.Size.SMALL,
        province=Province.objects.get(code="LA-LP"),
    )

    def make_member(name: str, phone: str, email: str) -> Member:
        member = Member.objects.create(
            network=network,
            name=name,
            organisation=organisation,
            province=organisation.province,
            consent_to_contact=True,
            phone=phone,
            email=email,
        )
        ensure_member_user(member)
        return member

    member = make_member(payload("member"), MEMBER_PHONE, "member@example.org")
    presenter = make_member("ທ້າວ ບຸນມີ", PRESENTER_PHONE, "presenter@example.org")
    topic = propose_topic(
        network, member=member, title=payload("topic"), description=payload("description")
    )
    other_topic = propose_topic(network, member=presenter, title="Packaging for markets")
    series = create_series(network, name="Friday Hangouts")

    def make_hangout(starts_at: datetime, status: str) -> Hangout:
        hangout = Hangout.objects.create(
            network=network,
            series=series,
            topic=topic,
            title=payload("hangout"),
            description=payload("description"),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            status=status,
            meeting_url=JOIN_LINK,
        )
        Presenter.objects.create(hangout=hangout, member=presenter)
        return hangout

    scheduled = make_hangout(now + timedelta(days=10), Hangout.Status.SCHEDULED)
    held = make_hangout(now - timedelta(days=20), Hangout.Status.HELD)
    draft = make_hangout(now + timedelta(days=40), Hangout.Status.DRAFT)
    draft.title = "Not announced yet"
    draft.save(update_fields=["title"])
    other_held = Hangout.objects.create(
        network=other,
        title="Cambodia hangout",
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=1),
        status=Hangout.Status.HELD,
    )
    # Slides for members only: the stricter case of the library's pages and file.
    resource = Resource(
        network=network,
        hangout=held,
        kind=Resource.Kind.SLIDES,
        title=payload("resource"),
        visibility=Resource.Visibility.MEMBERS,
        content_type=PDF,
        file_name="slides.pdf",
        file_size=len(SLIDES),
        added_by=organiser,
    )
    resource.file.save("slides.pdf", ContentFile(SLIDES), save=False)
    resource.save()
    award = choose_volunteer(
        network,
        month=timezone.localtime(held.starts_at).date().replace(day=1),
        member=presenter,
        citation=payload("citation"),
        by=organiser,
    )
    attendance_import = AttendanceImport.objects.create(
        hangout=held, file_name="zoom.csv", content=b"Name,Email\n", created_by=organiser
    )
    attendance = Attendance.objects.create(
        hangout=held, member=member, minutes=55, source=Attendance.Source.MANUAL
    )
    roster_import = RosterImport.objects.create(
        network=network, uploaded_by=organiser, file_name="roster.csv", content=b"name,phone\n"
    )
    announcement = Announcement.objects.create(
        hangout=scheduled, kind=Announcement.Kind.INVITATION, due_at=now - timedelta(hours=1)
    )
    offer = PresentationOffer.objects.create(network=network, member=member, subject="Nutrition")
    WorkerHeartbeat.objects.create(worker_id="security-suite")
    expires = scheduled.ends_at + timedelta(days=14)
    return World(
        network=network,
        other_network=other,
        organiser=organiser,
        invited=invited,
        outsider=outsider,
        member=member,
        presenter=presenter,
        organisation=organisation,
        topic=topic,
        other_topic=other_topic,
        series=series,
        scheduled=scheduled,
        held=held,
        draft=draft,
        other_held=other_held,
        award=award,
        resource=resource,
        attendance=attendance,
        attendance_import=attendance_import,
        roster_import=roster_import,
        announcement=announcement,
        offer=offer,
        rsvp_link=issue_personal_link(
            member,
            purpose=PersonalLink.Purpose.RSVP,
            subject_id=scheduled.pk,
            expires_at=expires,
        ),
        feed_link=issue_personal_link(member, purpose=PersonalLink.Purpose.CALENDAR_FEED),
        unsubscribe_link=issue_personal_link(member, purpose=PersonalLink.Purpose.UNSUBSCRIBE),
        feedback_link=issue_personal_link(
            member,
            purpose=PersonalLink.Purpose.FEEDBACK,
            subject_id=held.pk,
            expires_at=now + timedelta(days=7),  # still valid; its form may be closed
        ),
        sign_in_token=issue_sign_in_link(
            ensure_member_user(member), next_path=network.get_absolute_url()
        ).token,
        set_password_uid=urlsafe_base64_encode(force_bytes(invited.pk)),
        set_password_token=default_token_generator.make_token(invited),
    )
