"""Phone identification for views that answer from a link shared with everyone.

RSVP, vote, feedback and check-in views call `identify`: it binds the posted name and phone,
applies the rate limit, and finds the member. The view records the answer for the member, or for
a guest when `member` is None, and must answer the person the same way in both cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from hangouts.accounts.actions import identify_member_by_phone
from hangouts.lib.ratelimit import allow, client_address
from hangouts.network.forms import PhoneIdentificationForm
from hangouts.network.models import Member, Network


@dataclass
class Identification:
    form: PhoneIdentificationForm
    member: Member | None = None
    # True when the person gave a valid name and phone (member or guest).
    identified: bool = False
    # True when this address tried too often: the view answers 429 and records nothing.
    limited: bool = False


def identify(request: HttpRequest, network: Network) -> Identification:
    form = PhoneIdentificationForm(request.POST or None, network=network)
    if request.method != "POST":
        return Identification(form=form)
    if not allow("phone_identification", client_address(request)):
        return Identification(form=form, limited=True)
    if not form.is_valid():
        return Identification(form=form)
    member = identify_member_by_phone(
        network, name=form.cleaned_data["name"], phone=form.cleaned_data["phone"]
    )
    return Identification(form=form, member=member, identified=True)
