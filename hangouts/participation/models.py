"""Who answered and who came: RSVPs and attendance."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Member
from hangouts.programme.models import Hangout


class RSVP(models.Model):
    """A member's (or an identified guest's) answer for a hangout."""

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Not going")

    class Via(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        PERSONAL_LINK = "personal_link", _("Personal link")
        PHONE = "phone", _("Phone identification")
        ORGANISER = "organiser", _("Organiser")

    hangout = models.ForeignKey(Hangout, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="rsvps"
    )
    guest_name = models.CharField(max_length=200, blank=True)
    guest_phone = models.CharField(max_length=20, blank=True)
    status = models.CharField(_("answer"), max_length=10, choices=Status.choices)
    via = models.CharField(max_length=14, choices=Via.choices, default=Via.SIGNED_IN)
    # When the current status was taken: the waiting list is served in this order.
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering: ClassVar = ["answered_at", "pk"]
        indexes: ClassVar = [models.Index(fields=["hangout", "status", "answered_at"])]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["hangout", "member"],
                condition=Q(member__isnull=False),
                name="one_rsvp_per_member_and_hangout",
            ),
            models.UniqueConstraint(
                fields=["hangout", "guest_phone"],
                condition=Q(member__isnull=True),
                name="one_rsvp_per_guest_phone_and_hangout",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hangout_id} · {self.member_id or self.guest_name}: {self.status}"


class AttendanceQuerySet(models.QuerySet["Attendance"]):
    def with_is_first(self) -> AttendanceQuerySet:
        """Annotate `is_first`: a member's first attended hangout (no attendance at an earlier one).

        Computed when read, not stored: a re-import, a removed entry or an older hangout imported
        later can never leave a stale mark. Guests are never first-timers (we cannot tell).
        """
        earlier = Attendance.objects.filter(
            member=OuterRef("member"), hangout__starts_at__lt=OuterRef("hangout__starts_at")
        )
        return self.annotate(
            is_first=models.Case(
                models.When(member__isnull=True, then=models.Value(False)),
                default=~Exists(earlier),
                output_field=models.BooleanField(),
            )
        )


class Attendance(models.Model):
    """A person was there: a member, or a guest organisers could not match."""

    class Source(models.TextChoices):
        IMPORT = "import", _("Imported report")
        CHECK_IN = "check_in", _("Check-in")
        WEBHOOK = "webhook", _("Meeting tool")
        MANUAL = "manual", _("Entered by an organiser")

    hangout = models.ForeignKey(Hangout, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="attendances"
    )
    guest_name = models.CharField(_("guest's name"), max_length=200, blank=True)
    # A guest who checked in with a phone not on the roster (E.164); organisers only.
    guest_phone = models.CharField(_("guest's phone"), max_length=20, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    first_join = models.DateTimeField(_("first joined"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # The participant report this row came from (or whose minutes it took, for a check-in).
    attendance_import = models.ForeignKey(
        "AttendanceImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["hangout", "member"],
                condition=Q(member__isnull=False),
                name="one_attendance_per_member_and_hangout",
            ),
            models.UniqueConstraint(
                fields=["hangout", "guest_phone"],
                condition=Q(member__isnull=True) & ~Q(guest_phone=""),
                name="one_attendance_per_guest_phone_and_hangout",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(guest_name=""),
                name="attendance_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hangout_id} · {self.member_id or self.guest_name}"


class AttendanceImport(models.Model):
    """An uploaded participant report, kept between its preview, its review and its import.

    The file is stored (like RosterImport) so that the import re-plans from the very bytes the
    organiser previewed; `summary` holds the counts of the last plan applied.
    """

    hangout = models.ForeignKey(Hangout, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()
    format = models.CharField(_("format"), max_length=20, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    # None for an import from the command line.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attendance import")
        verbose_name_plural = _("attendance imports")
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class MemberAlias(models.Model):
    """An organiser's decision about a name in a report, used first by the next imports.

    `key` is the display name folded for matching (numbering prefix removed), or the E.164
    number when the display name was a phone number; `email` is the report's email, if any.
    Either a member, or `is_guest` (someone who is not on the roster).
    """

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="member_aliases"
    )
    key = models.CharField(max_length=200)
    email = models.CharField(max_length=254, blank=True)
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases"
    )
    is_guest = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("member alias")
        verbose_name_plural = _("member aliases")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["network", "key", "email"], name="one_alias_per_name_and_email"
            ),
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(is_guest=False))
                | (Q(member__isnull=True) & Q(is_guest=True)),
                name="alias_is_a_member_or_a_guest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.member_id or 'guest'}"


class Feedback(models.Model):
    """A member's rating and comments after a hangout (or a guest's, keyed by phone).

    One answer per member (or guest phone) and hangout: answering again updates it. An
    anonymous answer keeps its member only so that the person answers once and can correct it;
    organisers and presenters never see whose it is (participation/feedback.py `FeedbackLine`
    is the only way pages read names, and it hides them).
    """

    class Useful(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    class Via(models.TextChoices):
        PERSONAL_LINK = "personal_link", _("Personal link")
        PHONE = "phone", _("Phone identification")
        SIGNED_IN = "signed_in", _("Signed in")

    hangout = models.ForeignKey(Hangout, on_delete=models.CASCADE, related_name="feedback")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    guest_name = models.CharField(max_length=200, blank=True)
    guest_phone = models.CharField(max_length=20, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"))
    useful = models.CharField(_("useful"), max_length=6, choices=Useful.choices)
    will_apply = models.TextField(_("what I will apply in my work"), blank=True)
    next_topic = models.CharField(_("topic I want next"), max_length=200, blank=True)
    next_topic_voted = models.ForeignKey(
        "programme.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_votes",
    )
    # The topic proposed on the board from `next_topic` (made once; a correction makes no other).
    next_topic_proposal = models.ForeignKey(
        "programme.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_proposals",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    via = models.CharField(max_length=14, choices=Via.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering: ClassVar = ["created_at", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["hangout", "member"],
                condition=Q(member__isnull=False),
                name="one_feedback_per_member_and_hangout",
            ),
            models.UniqueConstraint(
                fields=["hangout", "guest_phone"],
                condition=Q(member__isnull=True),
                name="one_feedback_per_guest_phone_and_hangout",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(useful__in=["yes", "partly", "no"]), name="feedback_useful_choice"
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(guest_phone=""),
                name="feedback_from_a_member_or_a_guest_phone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hangout_id} · {self.rating}"
