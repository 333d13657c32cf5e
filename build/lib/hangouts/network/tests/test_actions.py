import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from hangouts.accounts.models import OrganiserInvitation, User
from hangouts.network.actions import invite_organiser
from hangouts.network.models import Member, Province, StaffLevel


@pytest.mark.django_db
def test_create_network_brings_the_eighteen_lao_divisions_with_corrected_names(network):
    provinces = Province.objects.filter(country="LA")
    assert provinces.count() == 18
    capital = provinces.get(code="LA-VT")
    assert (capital.name, capital.name_en, capital.is_capital) == (
        "ນະຄອນຫຼວງວຽງຈັນ",
        "Vientiane Capital",
        True,
    )
    assert provinces.get(code="LA-VI").name == "ແຂວງວຽງຈັນ"
    assert list(provinces.filter(is_capital=True)) == [capital]


@pytest.mark.django_db
def test_create_network_in_another_country_follows_that_country(network, other_network):
    assert Province.objects.filter(country="KH").count() == 25
    assert Province.objects.filter(country="LA").count() == 18  # not loaded twice
    assert other_network.phone_region == "KH"
    with translation.override("en"):
        assert "Khmer New Year's Day" in other_network.public_holidays(2026).values()


@pytest.mark.django_db
def test_create_network_seeds_default_staff_levels(network):
    levels = StaffLevel.objects.filter(network=network)
    assert levels.count() == 4
    assert {level.seniority for level in levels} == {"senior", "middle", "junior"}


@pytest.mark.django_db
def test_public_holidays_follow_the_network_country_in_lao(network):
    with translation.override("lo"):
        assert "ບຸນປີໃໝ່ລາວ" in network.public_holidays(2026).values()


@pytest.mark.django_db
def test_invite_organiser_adds_the_person_and_emails_a_password_link(
    network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, path = invite_organiser(network, email="Noy@Example.org", name="Noy")
    assert user.email == "noy@example.org"
    assert network.organisers.filter(pk=user.pk).exists()
    assert len(mail.outbox) == 1
    assert path in mail.outbox[0].body
    assert OrganiserInvitation.objects.get().emailed_at is not None


@pytest.mark.django_db
def test_invitation_task_sends_once_when_run_twice(network, django_capture_on_commit_callbacks):
    from hangouts.accounts.tasks import send_organiser_invitation

    with django_capture_on_commit_callbacks(execute=True):
        invite_organiser(network, email="noy@example.org")
    invitation = OrganiserInvitation.objects.get()
    assert send_organiser_invitation.call(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_invite_organiser_command_reuses_an_existing_account(network, capsys):
    existing = User.objects.create_user("noy@example.org", "a long password 123")
    call_command("invite_organiser", network.slug, "noy@example.org")
    assert list(network.organisers.all()) == [existing]
    assert "/accounts/set-password/" in capsys.readouterr().out


@pytest.mark.django_db
def test_create_network_command_refuses_a_bad_time_zone():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="time_zone"):
        call_command("create_network", "x", "--name", "X", "--time-zone", "Mars/Olympus")


@pytest.mark.django_db
def test_member_deactivate_keeps_the_record(member):
    member.deactivate()
    member.refresh_from_db()
    assert member.is_active is False
    assert Member.objects.filter(pk=member.pk).exists()
