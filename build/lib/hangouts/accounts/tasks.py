"""Background sending for accounts. Each task re-fetches by id and records the send first,
so that a retry never sends twice (at most once: a crash mid-send loses that one email)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from hangouts.accounts.models import OrganiserInvitation, SignInLink
from hangouts.lib.emails import send_templated_email
from hangouts.network.models import Member


@task(queue_name="email")
def send_sign_in_link_email(link_id: int) -> bool:
    if not SignInLink.objects.filter(pk=link_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    ):
        return False
    link = SignInLink.objects.select_related("user").get(pk=link_id)
    member = Member.objects.select_related("network").filter(user=link.user).first()
    if member is None or not member.email:
        return False
    send_templated_email(
        "sign_in_link",
        to=[member.email],
        language=member.language or member.network.language,
        context={"member": member, "network": member.network, "link": link},
    )
    return True


@task(queue_name="email")
def send_organiser_invitation(invitation_id: int) -> bool:
    if not OrganiserInvitation.objects.filter(pk=invitation_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    ):
        return False
    from hangouts.network.actions import password_setup_path

    invitation = OrganiserInvitation.objects.select_related("user", "network").get(pk=invitation_id)
    user, network = invitation.user, invitation.network
    if not user.email:
        return False
    send_templated_email(
        "organiser_invitation",
        to=[user.email],
        language=user.language or network.language,
        context={"user": user, "network": network, "path": password_setup_path(user)},
    )
    return True
