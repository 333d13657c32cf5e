"""Personal links: one per member, purpose and subject; reusable; never sign in; revocable."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from hangouts.accounts.actions import issue_personal_link, resolve_personal_link
from hangouts.accounts.models import PersonalLink

RSVP = PersonalLink.Purpose.RSVP


@pytest.mark.django_db
def test_personal_link_is_reused_for_the_same_purpose_and_subject(member):
    first = issue_personal_link(member, purpose=RSVP, subject_id=7)
    again = issue_personal_link(member, purpose=RSVP, subject_id=7)
    other = issue_personal_link(member, purpose=RSVP, subject_id=8)
    assert first.token == again.token != other.token
    assert resolve_personal_link(first.token, purpose=RSVP).member == member
    assert resolve_personal_link(first.token, purpose=RSVP).member == member  # reusable


@pytest.mark.django_db
def test_personal_link_does_only_its_own_purpose(member):
    link = issue_personal_link(member, purpose=RSVP, subject_id=7)
    assert resolve_personal_link(link.token, purpose=PersonalLink.Purpose.FEEDBACK) is None


@pytest.mark.django_db
def test_personal_link_expires(member):
    link = issue_personal_link(
        member, purpose=RSVP, subject_id=7, expires_at=timezone.now() + timedelta(days=14)
    )
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert resolve_personal_link(link.token, purpose=RSVP) is None


@pytest.mark.django_db
def test_a_revoked_personal_link_stays_dead_and_a_new_one_replaces_it(member):
    link = issue_personal_link(member, purpose=RSVP, subject_id=7)
    old_token = link.token
    link.revoke()
    assert resolve_personal_link(old_token, purpose=RSVP) is None
    new = issue_personal_link(member, purpose=RSVP, subject_id=7)
    assert new.token != old_token
    assert resolve_personal_link(old_token, purpose=RSVP) is None
    assert resolve_personal_link(new.token, purpose=RSVP) is not None


@pytest.mark.django_db
def test_personal_link_of_a_member_who_left_does_nothing(member):
    link = issue_personal_link(member, purpose=RSVP)
    member.deactivate()
    assert resolve_personal_link(link.token, purpose=RSVP) is None


@pytest.mark.django_db
def test_personal_link_token_is_not_a_sign_in_link_token(member):
    from hangouts.accounts.actions import use_sign_in_link

    link = issue_personal_link(member, purpose=RSVP)
    assert use_sign_in_link(link.token) is None
    assert resolve_personal_link("garbage", purpose=RSVP) is None


@pytest.mark.django_db
def test_issuing_again_follows_a_moved_hangout(member):
    later = timezone.now() + timedelta(days=30)
    issue_personal_link(member, purpose=RSVP, subject_id=7, expires_at=timezone.now())
    link = issue_personal_link(member, purpose=RSVP, subject_id=7, expires_at=later)
    assert PersonalLink.objects.get().expires_at == later == link.expires_at
