"""Who answered and who came: RSVPs and attendance."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
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
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    first_join = models.DateTimeField(_("first joined"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["hangout", "member"],
                condition=Q(member__isnull=False),
                name="one_attendance_per_member_and_hangout",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(guest_name=""),
                name="attendance_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hangout_id} · {self.member_id or self.guest_name}"
