"""Login accounts and the links that stand in for passwords.

A sign-in link signs a person in once; a personal link does one thing for one member and never
signs in. Neither stores a secret: the token is an HMAC of the row's id (django.core.signing),
so the same link can be put in several messages and is checked without a lookup by token.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SIGN_IN_LINK_LIFETIME = timedelta(minutes=15)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str | None, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email) if email else None, **fields)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An organiser signs in with email and password; a member's user has no email of its own."""

    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email or f"#{self.pk}"

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class SignedLinkMixin(models.Model):
    """A row whose URL token is an HMAC of its id."""

    SALT: ClassVar[str]

    class Meta:
        abstract = True

    @property
    def token(self) -> str:
        return signing.Signer(salt=self.SALT, sep=".").sign(str(self.pk))

    @classmethod
    def pk_from_token(cls, token: str) -> int | None:
        try:
            return int(signing.Signer(salt=cls.SALT, sep=".").unsign(token))
        except (signing.BadSignature, ValueError):
            return None


class SignInLink(SignedLinkMixin):
    """One use, 15 minutes, confirmed by a POST so that link previews do not use it up."""

    SALT = "hangouts.sign-in-link"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_links")
    # Where to go after signing in, e.g. the member's network.
    next_path = models.CharField(max_length=300, default="/")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Set before the email is handed to the mail server, so a retried task never sends twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")
        indexes: ClassVar = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class PersonalLink(SignedLinkMixin):
    """One per member, purpose and subject (e.g. the RSVP link for one hangout).

    Reusable until it expires or is revoked; it does its one thing and never signs in.
    """

    SALT = "hangouts.personal-link"

    class Purpose(models.TextChoices):
        RSVP = "rsvp", _("RSVP")
        FEEDBACK = "feedback", _("Feedback")
        CALENDAR_FEED = "calendar", _("Calendar feed")
        VOTE = "vote", _("Vote")
        CHECK_IN = "check_in", _("Check-in")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribe")

    member = models.ForeignKey(
        "network.Member", on_delete=models.CASCADE, related_name="personal_links"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    # The id of what the link is about (a hangout, a topic…); 0 when it is about the member only.
    subject_id = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member", "purpose", "subject_id"], name="one_personal_link_per_purpose"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.member_id}"

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class OrganiserInvitation(models.Model):
    """An email inviting a person to organise a network; recorded so a retry never sends twice."""

    network = models.ForeignKey("network.Network", on_delete=models.CASCADE)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("organiser invitation")
        verbose_name_plural = _("organiser invitations")

    def __str__(self) -> str:
        return f"{self.user} → {self.network_id}"
