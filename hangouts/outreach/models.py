"""Outreach: the wording of messages, the outbox that sends them, and what is due when.

- MessageTemplate: a network's own wording of one kind of message in one language (the defaults
  are in code, `messages.py`, so that a fresh network speaks Lao from the start).
- Mailing: one send of one kind of message to many members (a hangout's invitations): the
  progress bar and the list of failures.
- OutboxMessage: one row per recipient and message, rendered when queued, claimed by a
  conditional update so that two workers never send the same row.
- Announcement: a moment at which the network is told about a hangout (the invitation, each
  reminder, the end, a change or cancellation): the ready group text goes on the organisers'
  "to post" list from `due_at` until ticked, and the worker sends what is due then.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangouts.network.models import Member, Network
from hangouts.programme.models import Hangout


class MessageTemplate(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="message_templates")
    kind = models.CharField(_("message"), max_length=40)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["network", "kind", "language"], name="one_template_per_kind_and_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


class Mailing(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="mailings")
    hangout = models.ForeignKey(
        Hangout, on_delete=models.CASCADE, null=True, blank=True, related_name="mailings"
    )
    kind = models.CharField(max_length=40)
    # The hangout's sequence when it was sent: an invitation goes again after a change.
    sequence = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    prepared_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The task preparing and sending it, and when it was (re)started or last rendered a batch:
    # the sweep restarts a mailing whose task died with its worker (idle for a few minutes),
    # never one whose task still waits in the queue.
    task_id = models.CharField(max_length=64, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            # Two web processes promoting at once must find the same mailing, not make two
            # (get_or_create relies on this; tests/test_many_machines.py found it missing).
            models.UniqueConstraint(
                fields=["hangout", "kind", "sequence"],
                condition=models.Q(hangout__isnull=False),
                name="one_mailing_per_hangout_kind_and_sequence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.hangout_id} · {self.created_at:%Y-%m-%d %H:%M}"


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Accepted by the mail server")
        REFUSED = "refused", _("Refused")
        UNKNOWN = "unknown", _("Unknown: the sender stopped while sending")
        DROPPED = "dropped", _("Dropped")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        WHATSAPP = "whatsapp", _("WhatsApp")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="outbox")
    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    hangout = models.ForeignKey(
        Hangout, on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    # A member, or nobody for messages to organisers (their address is in `to`).
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    to = models.CharField(max_length=254)
    language = models.CharField(max_length=8)
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    html = models.TextField(blank=True)
    # An iCalendar invitation (METHOD:REQUEST or CANCEL) sent with the message, if any.
    calendar = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # The same message is never queued twice: e.g. "invitation:<hangout>:<sequence>:<member>".
    key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["status", "claimed_at"]),
            models.Index(fields=["mailing", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → #{self.member_id or '-'} ({self.status})"


class AnnouncementQuerySet(models.QuerySet["Announcement"]):
    def due(self, now: datetime | None = None) -> AnnouncementQuerySet:
        return self.filter(dispatched_at__isnull=True, due_at__lte=now or timezone.now())

    def to_post(self) -> AnnouncementQuerySet:
        """Due group texts that no organiser has ticked as posted yet."""
        return self.filter(due_at__lte=timezone.now(), posted_at__isnull=True)


class Announcement(models.Model):
    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")
        ENDED = "ended", _("After the hangout")
        CHANGED = "changed", _("Change notice")
        CANCELLED = "cancelled", _("Cancellation")

    hangout = models.ForeignKey(Hangout, on_delete=models.CASCADE, related_name="announcements")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # For reminders: how long before the start (e.g. 24 and 1); 0 otherwise.
    hours_before = models.PositiveSmallIntegerField(default=0)
    # For changes and cancellations: the hangout's sequence it tells about.
    sequence = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["due_at"]
        indexes: ClassVar = [models.Index(fields=["dispatched_at", "due_at"])]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["hangout", "kind", "hours_before", "sequence"],
                name="one_announcement_per_moment",
            ),
            models.CheckConstraint(
                condition=~Q(kind="reminder") | Q(hours_before__gt=0),
                name="reminder_has_hours_before",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.hangout_id} · {self.due_at:%Y-%m-%d %H:%M}"
