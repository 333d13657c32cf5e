"""Network pages: the happy path, the outsider refused, and bad input, for each view."""

import gzip
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hangouts.accounts.models import SignInLink
from hangouts.network.models import Member, Organisation, Province, RosterImport

DATA = Path(__file__).parent / "data"


def url(name: str, network, **kwargs) -> str:
    return reverse(f"network:{name}", kwargs={"network": network.slug, **kwargs})


@pytest.mark.django_db
def test_home_page_is_lao_first_with_a_language_switch(client, network):
    response = client.get(network.get_absolute_url())
    assert response.status_code == 200
    assert '<html lang="lo">' in response.text
    assert response["Content-Language"] == "lo"
    assert network.name in response.text
    assert 'name="language" value="en"' in response.text
    assert (
        "nonce-" in response["Content-Security-Policy"]
        or "script-src" in response["Content-Security-Policy"]
    )


@pytest.mark.django_db
def test_language_switch_shows_english_on_every_page_after(client, network):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/sun-csa-lao/"})
    assert response.status_code == 302
    page = client.get(network.get_absolute_url())
    assert '<html lang="en">' in page.text
    assert "SUN CSA Lao" in page.text


@pytest.mark.django_db
def test_a_network_without_our_language_is_shown_in_english(client, other_network):
    assert '<html lang="en">' in client.get(other_network.get_absolute_url()).text


@pytest.mark.django_db
def test_member_account_language_wins_over_the_network(member, member_user, network):
    member_user.language = "en"
    member_user.save()
    client = Client()
    client.force_login(member_user)
    assert '<html lang="en">' in client.get(network.get_absolute_url()).text


@pytest.mark.django_db
def test_home_page_stays_within_the_page_budget(client, network):
    html = client.get(network.get_absolute_url()).content
    css = Path(finders.find("css/site.css")).read_bytes()
    assert len(gzip.compress(css)) <= 5 * 1024
    assert len(gzip.compress(html)) + len(gzip.compress(css)) <= 30 * 1024
    assert b"<script" not in html and b"style=" not in html


@pytest.mark.django_db
def test_unknown_network_is_not_found(client, network):
    assert client.get("/nowhere/").status_code == 404


@pytest.mark.django_db
def test_directory_shows_contacts_to_organisers_only(
    organiser_client, member_client, member, network
):
    as_organiser = organiser_client.get(url("directory", network)).text
    as_member = member_client.get(url("directory", network)).text
    for page in (as_organiser, as_member):
        assert member.name in page and member.organisation.name in page
    assert "souksavanh@example.org" in as_organiser and "+856 20" in as_organiser
    assert "souksavanh@example.org" not in as_member and "+856" not in as_member


@pytest.mark.django_db
def test_directory_sends_anonymous_visitors_to_sign_in(client, member, network):
    response = client.get(url("directory", network))
    assert response.status_code == 302
    assert response["Location"].startswith(url("sign_in", network))


@pytest.mark.django_db
def test_directory_refuses_an_outsider(outsider_client, member, network):
    assert outsider_client.get(url("directory", network)).status_code == 403


@pytest.mark.django_db
def test_directory_filters_by_province_organisation_and_staff_level(
    organiser_client, make_member, network, organisation
):
    capital = Province.objects.get(code="LA-VT")
    make_member(name="ນາງ ວຽງ", province=capital)
    make_member(name="ທ້າວ ຫຼວງ")
    page = organiser_client.get(url("directory", network), {"province": capital.pk}).text
    assert "ນາງ ວຽງ" in page and "ທ້າວ ຫຼວງ" not in page
    page = organiser_client.get(url("directory", network), {"q": "ຫຼວງ"}).text
    assert "ທ້າວ ຫຼວງ" in page and "ນາງ ວຽງ" not in page


@pytest.mark.django_db
def test_directory_hides_members_who_left(organiser_client, member, network):
    member.deactivate()
    assert member.name not in organiser_client.get(url("directory", network)).text


@pytest.mark.django_db
def test_directory_runs_the_same_number_of_queries_for_5_and_50_members(
    organiser_client, make_member, network
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(url("directory", network)).status_code == 200
        return len(queries)

    for i in range(5):
        make_member(name=f"ສະມາຊິກ {i}")
    small = count()
    for i in range(45):
        make_member(name=f"ສະມາຊິກ ອື່ນ {i}")
    assert count() == small == 9


@pytest.mark.django_db
def test_organiser_adds_a_member_with_a_local_phone(organiser_client, network, organisation):
    response = organiser_client.post(
        url("member_add", network),
        {
            "name": "ນາງ ແກ້ວ",
            "phone": "020 5551 7777",
            "language": "lo",
            "organisation": organisation.pk,
        },
    )
    member = Member.objects.get(name="ນາງ ແກ້ວ")
    assert response["Location"] == member.get_absolute_url()
    assert member.phone == "+8562055517777" and member.network == network


@pytest.mark.django_db
def test_member_form_refuses_a_bad_phone_and_another_network_organisation(
    organiser_client, network, other_network
):
    foreign = Organisation.objects.create(network=other_network, name="Foreign")
    response = organiser_client.post(
        url("member_add", network),
        {"name": "X", "phone": "12", "language": "lo", "organisation": foreign.pk},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"phone", "organisation"}
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_organiser_edits_and_deactivates_a_member(organiser_client, member, network):
    organiser_client.post(
        url("member_edit", network, pk=member.pk),
        {"name": member.name, "email": "NEW@example.org", "language": "lo"},
    )
    organiser_client.post(url("member_deactivate", network, pk=member.pk))
    member.refresh_from_db()
    assert (member.email, member.is_active) == ("new@example.org", False)


@pytest.mark.django_db
def test_member_pages_refuse_members_and_outsiders(member_client, outsider_client, member, network):
    for client in (member_client, outsider_client):
        assert client.get(url("member_detail", network, pk=member.pk)).status_code == 403
        assert client.post(url("member_deactivate", network, pk=member.pk)).status_code == 403
        assert client.get(url("roster_upload", network)).status_code == 403
    member.refresh_from_db()
    assert member.is_active


@pytest.mark.django_db
def test_organiser_cannot_reach_a_member_of_another_network(outsider_client, member, other_network):
    response = outsider_client.get(url("member_detail", other_network, pk=member.pk))
    assert response.status_code == 404


@pytest.mark.django_db
def test_organiser_shares_a_sign_in_link_on_whatsapp(organiser_client, member, network):
    response = organiser_client.post(
        url("member_sign_in_link", network, pk=member.pk), {"via": "whatsapp"}
    )
    link = SignInLink.objects.get(user__memberships=member)
    assert "https://wa.me/8562055512345?text=" in response.text
    assert link.token in response.text


@pytest.mark.django_db
def test_organiser_emails_a_sign_in_link(organiser_client, member, network, mailoutbox):
    organiser_client.post(url("member_sign_in_link", network, pk=member.pk), {"via": "email"})
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["souksavanh@example.org"]


@pytest.mark.django_db
def test_roster_upload_previews_then_imports_once(organiser_client, network, organisation):
    upload = SimpleUploadedFile("roster.csv", (DATA / "roster_good.csv").read_bytes())
    response = organiser_client.post(url("roster_upload", network), {"file": upload})
    roster_import = RosterImport.objects.get()
    preview_url = url("roster_preview", network, pk=roster_import.pk)
    assert response["Location"] == preview_url
    preview = organiser_client.get(preview_url)
    assert "ກຸ່ມຊາວໜຸ່ມອາສາ ສະຫວັນນະເຂດ" in preview.text
    assert Member.objects.count() == 0
    assert organiser_client.post(preview_url)["Location"] == url("directory", network)
    assert Member.objects.count() == 3
    again = organiser_client.post(preview_url)  # a double click
    assert again.status_code == 200 and Member.objects.count() == 3


@pytest.mark.django_db
def test_roster_upload_with_bad_rows_lists_them_and_imports_nothing(
    organiser_client, network, organisation
):
    upload = SimpleUploadedFile("roster.csv", (DATA / "roster_bad.csv").read_bytes())
    organiser_client.post(url("roster_upload", network), {"file": upload})
    preview_url = url("roster_preview", network, pk=RosterImport.objects.get().pk)
    response = organiser_client.post(preview_url)
    assert response.status_code == 200
    rows = [row.number for row in response.context["plan"].errors]
    assert rows == [3, 4] and "Atlantis" in response.text
    assert Member.objects.count() == 0


@pytest.mark.django_db
def test_roster_upload_refuses_other_file_types(organiser_client, network):
    upload = SimpleUploadedFile("roster.pdf", b"%PDF-1.4")
    response = organiser_client.post(url("roster_upload", network), {"file": upload})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not RosterImport.objects.exists()


@pytest.mark.django_db
def test_roster_preview_of_another_network_is_not_found(organiser_client, network, outsider):
    from hangouts.network.actions import create_network

    third = create_network(slug="third", name="Third", country="LA")
    roster_import = RosterImport.objects.create(
        network=third, uploaded_by=outsider, file_name="x.csv", content=b"name\nX\n"
    )
    third.organisers.add(outsider)
    response = organiser_client.get(url("roster_preview", network, pk=roster_import.pk))
    assert response.status_code == 404


@pytest.mark.django_db
def test_network_list_shows_every_network(client, network, other_network):
    page = client.get("/").text
    assert network.name in page and other_network.name in page


@pytest.mark.django_db
def test_error_pages_speak_lao(client, member_client, network, member):
    missing = client.get("/nowhere/")
    refused = member_client.get(url("roster_upload", network))
    assert "ບໍ່ພົບໜ້ານີ້" in missing.text
    assert "ບໍ່ອະນຸຍາດ" in refused.text and refused.status_code == 403


@pytest.mark.django_db
def test_network_created_in_the_admin_gets_provinces_and_staff_levels(admin_client):
    from hangouts.network.models import Network, StaffLevel

    response = admin_client.post(
        "/admin/network/network/add/",
        {
            "slug": "lao-two",
            "name": "ເຄືອຂ່າຍ",
            "country": "LA",
            "language": "lo",
            "time_zone": "Asia/Vientiane",
            "feedback_days": "7",
            "staff_levels-TOTAL_FORMS": "0",
            "staff_levels-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    network = Network.objects.get(slug="lao-two")
    assert Province.objects.filter(country="LA").count() == 18
    assert StaffLevel.objects.filter(network=network).count() == 4


@pytest.mark.django_db
def test_member_detail_shows_dates_in_lao_in_the_network_time_zone(
    organiser_client, member, network
):
    from datetime import UTC, datetime

    Member.objects.filter(pk=member.pk).update(created_at=datetime(2026, 3, 13, 20, 0, tzinfo=UTC))
    page = organiser_client.get(url("member_detail", network, pk=member.pk)).text
    assert "14 ມີນາ 2026" in page  # 03:00 on 14 March in Vientiane


def make_programme(network, member, *, topics: int, presenters: int):
    from datetime import timedelta

    from django.utils import timezone

    from hangouts.programme.models import Hangout, Presenter, Topic, Vote

    start = timezone.now() + timedelta(days=7)
    hangout = Hangout.objects.create(
        network=network,
        title="ອາຫານປອດໄພ",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        status=Hangout.Status.SCHEDULED,
        meeting_url="https://meet.jit.si/Secret-room-xyz",
    )
    roles = list(Presenter.Role)[:presenters]
    for role in roles:
        Presenter.objects.create(hangout=hangout, member=member, role=role)
    for i in range(topics):
        topic = Topic.objects.create(network=network, title=f"ຫົວຂໍ້ {i}", proposed_by=member)
        Vote.objects.create(topic=topic, member=member)
    return hangout


@pytest.mark.django_db
def test_home_page_shows_the_next_hangout_and_the_top_topics_without_the_join_link(
    client, network, member
):
    hangout = make_programme(network, member, topics=3, presenters=1)
    page = client.get(network.get_absolute_url()).text
    assert hangout.title in page and hangout.get_absolute_url() in page
    assert "ພະຈິກ" in page or "ທັນວາ" in page  # the date in Lao
    assert "ຫົວຂໍ້ 0" in page and "ຫົວຂໍ້ 2" in page
    assert "Secret-room" not in page


@pytest.mark.django_db
def test_home_page_runs_the_same_number_of_queries_for_few_and_many_topics(
    organiser_client, network, member
):
    def count() -> int:
        cache.clear()  # rank the board each time (the home page keeps its ranking a minute)
        with CaptureQueriesContext(connection) as queries:
            organiser_client.get(network.get_absolute_url())
        return len(queries)

    make_programme(network, member, topics=2, presenters=1)
    few = count()
    make_programme(network, member, topics=20, presenters=3)
    assert count() == few == 14
