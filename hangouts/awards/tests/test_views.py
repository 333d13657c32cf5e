"""Pages: happy paths, who may see what, bad input, and query counts."""

import csv
import gzip
import io
import re
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import signed_in
from hangouts.accounts.actions import ensure_member_user
from hangouts.awards.models import Award, AwardRevision, Nomination
from hangouts.awards.tests.conftest import CITATION, MARCH, VIENTIANE
from hangouts.network.models import Member
from hangouts.outreach.models import MessageTemplate


def url(name, network, **kwargs):
    return reverse(f"awards:{name}", kwargs={"network": network.slug, **kwargs})


def month_url(name, network, month=MARCH):
    return url(name, network, year=month.year, month=month.month)


# Volunteers page (public) ---------------------------------------------------------------------


@pytest.mark.django_db
def test_volunteer_list_shows_awardees_to_anyone_without_contacts(client, award, member):
    page = client.get(url("volunteer_list", award.network))
    html = page.content.decode()
    assert member.name in html
    assert CITATION in html
    assert member.phone not in html and member.email not in html
    assert "certificate.pdf" not in html  # documents are for the member and organisers
    assert len(page.content) < 30_000


def add_awards(network, make_member, make_hangout, count, start_year=2020):
    for i in range(count):
        month = date(start_year + i // 12, i % 12 + 1, 1)
        winner = make_member(name=f"ສະມາຊິກ {i}")
        Award.objects.create(network=network, month=month, member=winner, citation="ຂອບໃຈ")


@pytest.mark.django_db
def test_volunteer_list_queries_do_not_grow_with_awards(client, network, make_member, make_hangout):
    add_awards(network, make_member, make_hangout, 2)
    with CaptureQueriesContext(connection) as small:
        client.get(url("volunteer_list", network))
    add_awards(network, make_member, make_hangout, 30, start_year=2023)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url("volunteer_list", network))
    assert page.content.decode().count("<li>") >= 32
    # the UI language (middleware), the network, the awards with members and organisations
    assert len(small) == len(large) == 3


@pytest.mark.django_db
def test_volunteer_profile_shows_awards_and_presentations(client, award, member):
    html = client.get(url("volunteer_profile", award.network, member_pk=member.pk)).content.decode()
    assert "ອາຫານເສີມສຳລັບເດັກ" in html  # the hangout she presented
    assert CITATION in html
    assert "certificate.pdf" not in html


@pytest.mark.django_db
def test_volunteer_profile_offers_the_documents_to_the_member_herself(member_client, award, member):
    html = member_client.get(url("volunteer_profile", award.network, member_pk=member.pk)).content
    assert b"certificate.pdf" in html and b"card.png" in html


@pytest.mark.django_db
def test_volunteer_profile_is_not_found_for_a_member_without_record(
    client, network, other_network, make_member, award
):
    quiet = make_member(name="ທ້າວ ງຽບ")
    assert client.get(url("volunteer_profile", network, member_pk=quiet.pk)).status_code == 404
    other = url("volunteer_profile", other_network, member_pk=award.member_id)
    assert client.get(other).status_code == 404


# Organisers' month page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_month_page_lists_candidates_with_what_they_did(
    organiser_client, network, march_hangout, member
):
    html = organiser_client.get(month_url("month_manage", network)).content.decode()
    assert member.name in html
    assert "ອາຫານເສີມສຳລັບເດັກ" in html
    assert 'name="award-citation"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member_client", "outsider_client", "client"])
def test_month_page_refuses_everyone_but_organisers(request, who, network, march_hangout):
    visitor = request.getfixturevalue(who)
    assert visitor.get(month_url("month_manage", network)).status_code == 403
    post = visitor.post(month_url("month_award", network), {"award-citation": "x"})
    assert post.status_code == 403
    assert not Award.objects.exists()


@pytest.mark.django_db
def test_organiser_chooses_the_volunteer_then_gets_the_posts(
    organiser_client, network, member, march_hangout
):
    response = organiser_client.post(
        month_url("month_award", network),
        {"award-member": member.pk, "award-citation": CITATION, "award-citation_en": ""},
    )
    award = Award.objects.get(network=network, month=MARCH)
    assert response.status_code == 302
    assert response["Location"] == url("award_share", network, pk=award.pk)
    page = organiser_client.get(response["Location"]).content.decode()
    assert "https://wa.me/?text=" in page
    assert member.name in page and CITATION in page


@pytest.mark.django_db
def test_choosing_someone_who_is_no_candidate_is_refused(
    organiser_client, network, make_member, march_hangout
):
    stranger = make_member(name="ທ້າວ ບໍ່ມີ")
    response = organiser_client.post(
        month_url("month_award", network), {"award-member": stranger.pk, "award-citation": "x"}
    )
    assert response.status_code == 400
    assert not Award.objects.exists()


@pytest.mark.django_db
def test_nominated_member_becomes_a_candidate_and_can_be_chosen(
    organiser_client, network, make_member
):
    helper = make_member(name="ນາງ ແສງ")
    organiser_client.post(
        month_url("month_nominate", network),
        {"nominate-member": helper.pk, "nominate-reason": "interpreted the hangout"},
    )
    assert Nomination.objects.get().reason == "interpreted the hangout"
    assert (
        "interpreted the hangout"
        in organiser_client.get(month_url("month_manage", network)).content.decode()
    )
    organiser_client.post(
        month_url("month_award", network), {"award-member": helper.pk, "award-citation": "ຂອບໃຈ"}
    )
    assert Award.objects.get().member == helper


@pytest.mark.django_db
def test_nominate_refuses_a_member_of_another_network(organiser_client, network, other_network):
    stranger = Member.objects.create(network=other_network, name="Sok")
    response = organiser_client.post(
        month_url("month_nominate", network),
        {"nominate-member": stranger.pk, "nominate-reason": "x"},
    )
    assert response.status_code == 400
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_correcting_keeps_the_history_on_the_month_page(
    organiser_client, network, award, make_member, make_hangout
):
    make_hangout(
        datetime(2026, 3, 6, 14, tzinfo=VIENTIANE),
        team=[(make_member(name="ທ້າວ ຄຳ"), "note_taker")],
    )
    other = Member.objects.get(name="ທ້າວ ຄຳ")
    organiser_client.post(
        month_url("month_award", network),
        {"award-member": other.pk, "award-citation": "ຂອບໃຈທີ່ຈົດບັນທຶກ"},
    )
    award.refresh_from_db()
    assert award.member == other
    assert AwardRevision.objects.get(award=award).member == award.revisions.get().member
    html = organiser_client.get(month_url("month_manage", network)).content.decode()
    assert 'id="history"' in html
    assert "ນາງ ສຸກສະຫວັນ ພົມມະຈັນ" in html.split('id="history"')[1]  # "it was: …"


@pytest.mark.django_db
def test_month_page_rejects_an_impossible_month(organiser_client, network):
    assert (
        organiser_client.get(url("month_manage", network, year=2026, month=13)).status_code == 404
    )


# Certificate and card: the member herself and organisers only ---------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["award_certificate", "award_card"])
def test_documents_for_the_member_and_organisers(name, member_client, organiser_client, award):
    for visitor in (member_client, organiser_client):
        response = visitor.get(url(name, award.network, pk=award.pk))
        assert response.status_code == 200
        assert response["Content-Type"] in ("application/pdf", "image/png")
        assert response.content[:4] in (b"%PDF", b"\x89PNG")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["award_certificate", "award_card"])
def test_documents_refused_to_other_members_and_outsiders(
    name, outsider_client, award, make_member
):
    colleague = ensure_member_user(make_member(name="ທ້າວ ອື່ນ", email="other@example.org"))
    for visitor in (signed_in(colleague), outsider_client):
        assert visitor.get(url(name, award.network, pk=award.pk)).status_code == 403


@pytest.mark.django_db
def test_documents_send_anonymous_visitors_to_sign_in(client, award):
    response = client.get(url("award_certificate", award.network, pk=award.pk))
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


@pytest.mark.django_db
def test_share_page_uses_the_networks_own_wording(organiser_client, award):
    MessageTemplate.objects.create(
        network=award.network, kind="award_announcement", language="lo", body="ຂອບໃຈ {name}!"
    )
    html = organiser_client.get(url("award_share", award.network, pk=award.pk)).content.decode()
    assert f"ຂອບໃຈ {award.member.name}!" in html


@pytest.mark.django_db
def test_share_page_is_for_organisers_only(member_client, award):
    assert member_client.get(url("award_share", award.network, pk=award.pk)).status_code == 403


# Annual list ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_annual_csv_matches_the_years_awards(member_client, network, award, make_member):
    Award.objects.create(
        network=network, month=date(2025, 12, 1), member=make_member(name="ປີກາຍ"), citation="x"
    )
    Award.objects.create(
        network=network, month=date(2026, 11, 1), member=make_member(name="=SUM(A1)"), citation="ok"
    )
    response = member_client.get(url("annual_csv", network, year=2026))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    awards = [row for row in rows[1:] if row[6]]
    assert [(row[0], row[2]) for row in awards] == [
        ("2026-03", "ນາງ ສຸກສະຫວັນ ພົມມະຈັນ"),
        ("2026-11", "'=SUM(A1)"),  # a spreadsheet formula is quoted, not run
    ]
    presenters = [row for row in rows[1:] if not row[6]]
    assert [(row[0], row[2], row[5]) for row in presenters] == [
        ("2026-03-27", "ນາງ ສຸກສະຫວັນ ພົມມະຈັນ", "ອາຫານເສີມສຳລັບເດັກ")
    ]


@pytest.mark.django_db
def test_annual_page_is_public_and_downloads_are_for_the_network(client, outsider_client, award):
    page = client.get(url("annual_list", award.network, year=2026)).content.decode()
    assert award.member.name in page
    assert outsider_client.get(url("annual_csv", award.network, year=2026)).status_code == 403
    assert client.get(url("annual_pdf", award.network, year=2026)).status_code == 403
    assert client.get(url("annual_list", award.network, year=1999)).status_code == 404


@pytest.mark.django_db
def test_network_home_links_to_the_volunteers(client, network):
    assert url("volunteer_list", network).encode() in client.get(network.get_absolute_url()).content


def test_award_announcements_are_registered_message_kinds():
    from hangouts.outreach import messages

    page, group = messages.KINDS["award_announcement"], messages.KINDS["group_award_announcement"]
    assert page.channel == messages.Channel.PAGE and group.channel == messages.Channel.GROUP
    assert {"name", "citation", "month", "volunteers_link"} <= set(page.placeholders)
    messages.check_template(page, str(page.body))  # the default wording uses only its own


@pytest.mark.django_db
def test_share_page_weighs_under_its_budget_with_the_card_preview(organiser_client, award):
    html = organiser_client.get(url("award_share", award.network, pk=award.pk)).content
    image = re.search(rb'<img src="([^"]+)"', html)
    assert image is not None and b"size=preview" in image.group(1)
    preview = organiser_client.get(image.group(1).decode().replace("&amp;", "&")).content

    # HTML compressed as Caddy sends it, plus the preview (PNG does not compress further);
    # the stylesheet (< 5 KB) is counted by the browser tests.
    assert len(gzip.compress(html)) + len(preview) < 25_000
