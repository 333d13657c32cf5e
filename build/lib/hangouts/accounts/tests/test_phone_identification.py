"""Phone identification: finds the member, never reveals whether a number is on the roster."""

import pytest

from hangouts.accounts.actions import identify_member_by_phone
from hangouts.network.forms import PhoneIdentificationForm


@pytest.mark.django_db
def test_identifies_the_member_by_a_local_number(member, network):
    found = identify_member_by_phone(network, name="ສຸກສະຫວັນ", phone="020 5551 2345")
    assert found == member


@pytest.mark.django_db
def test_a_shared_office_phone_is_told_apart_by_name(make_member, network):
    make_member(name="ທ້າວ ບຸນມີ ສີຫາລາດ", name_latin="Bounmy Sihalath", phone="+8562055500000")
    noy = make_member(name="ນາງ ນ້ອຍ ແກ້ວມະນີ", name_latin="Noy Keomany", phone="+8562055500000")
    assert identify_member_by_phone(network, name="noy keomany", phone="02055500000") == noy
    assert identify_member_by_phone(network, name="ນ້ອຍ", phone="02055500000") == noy
    assert identify_member_by_phone(network, name="Someone", phone="02055500000") is None


@pytest.mark.django_db
def test_an_unknown_or_invalid_number_identifies_nobody(member, network, other_network):
    assert identify_member_by_phone(network, name="X", phone="020 5551 0000") is None
    assert identify_member_by_phone(network, name="X", phone="123") is None
    assert identify_member_by_phone(other_network, name="ສຸກສະຫວັນ", phone="+8562055512345") is None


@pytest.mark.django_db
def test_ignores_members_who_left(member, network):
    member.deactivate()
    assert identify_member_by_phone(network, name="ສຸກສະຫວັນ", phone="02055512345") is None


@pytest.mark.django_db
def test_phone_identification_form_cleans_to_e164_and_explains_a_bad_number(network):
    good = PhoneIdentificationForm({"name": "Noy", "phone": "020 5551 2345"}, network=network)
    assert good.is_valid() and good.cleaned_data["phone"] == "+8562055512345"
    bad = PhoneIdentificationForm({"name": "Noy", "phone": "abc"}, network=network)
    assert not bad.is_valid() and "phone" in bad.errors


@pytest.mark.django_db
def test_identify_from_a_posted_form_finds_the_member_or_a_guest(rf, member, network):
    from hangouts.accounts.identification import identify

    found = identify(rf.post("/", {"name": "ສຸກສະຫວັນ", "phone": "020 5551 2345"}), network)
    guest = identify(rf.post("/", {"name": "Guest", "phone": "020 5551 0000"}), network)
    bad = identify(rf.post("/", {"name": "Guest", "phone": "x"}), network)
    shown = identify(rf.get("/"), network)
    assert (found.member, found.identified) == (member, True)
    assert (guest.member, guest.identified) == (None, True)
    assert (bad.identified, shown.identified, shown.form.is_bound) == (False, False, False)


@pytest.mark.django_db
def test_identify_is_rate_limited_per_address(rf, member, network, settings):
    from django.core.cache import cache

    from hangouts.accounts.identification import identify

    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "phone_identification": (2, 60)}
    results = [
        identify(rf.post("/", {"name": "X", "phone": f"020 5551 000{i}"}), network)
        for i in range(3)
    ]
    assert [r.limited for r in results] == [False, False, True]
    assert results[2].member is None and not results[2].identified
