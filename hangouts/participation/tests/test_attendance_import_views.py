"""The organisers' pages of the import: upload, preview, review, decide; who may use them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hangouts.network.models import Member, Network
from hangouts.participation.actions import record_attendance
from hangouts.participation.attendance_import import store_report
from hangouts.participation.models import Attendance, AttendanceImport, MemberAlias
from hangouts.participation.tests.fakes import fake_reader, report
from hangouts.participation.tests.test_attendance import in_english, make_hangout, recorded
from hangouts.programme.models import Hangout

__all__ = ["fake_reader"]
pytestmark = pytest.mark.usefixtures("fake_reader")

FILE = report("Noy Phommachanh;;58", "iPhone;;12", "Kham;kham@hpa.la;40")


@pytest.fixture
def held(network: Network) -> Hangout:
    return make_hangout(network)


@pytest.fixture
def noy(make_member: Callable[..., Member]) -> Member:
    return make_member(name="ນ້ອຍ ພົມມະຈັນ", name_latin="Noy Phommachanh")


@pytest.fixture
def record(held: Hangout, organiser) -> AttendanceImport:
    return store_report(held, content=FILE, file_name="zoom.csv", by=organiser)


def page(name: str, hangout: Hangout, **kwargs: object) -> str:
    return reverse(
        f"participation:{name}",
        kwargs={"network": hangout.network.slug, "pk": hangout.pk, **kwargs},
    )


def upload(name: str, content: bytes) -> dict[str, object]:
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


@pytest.mark.django_db
def test_import_upload_keeps_the_file_and_shows_the_preview(organiser_client, held, noy):
    response = organiser_client.post(page("import_upload", held), upload("zoom.csv", FILE))

    record = AttendanceImport.objects.get()
    assert response["Location"] == page("import_preview", held, import_pk=record.pk)
    assert bytes(record.content) == FILE and record.applied_at is None
    html = in_english(organiser_client).get(response["Location"]).content.decode()
    assert "Noy Phommachanh" in html and "needs review" in html
    assert not Attendance.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty."),  # Django's own FileField message
        (b"\x89PNG\r\n\x1a\n\x00\x00", "This file is an image, not a participant report."),
        (b"name,when\nx,y\n", "This file is not a participant report we can read."),
    ],
)
def test_import_upload_refuses_bad_files_and_keeps_nothing(
    organiser_client, held, content, message
):
    response = in_english(organiser_client).post(
        page("import_upload", held), upload("x.csv", content)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AttendanceImport.objects.exists()


@pytest.mark.django_db
def test_import_upload_refuses_a_file_over_the_size_limit(organiser_client, held, settings):
    big = b"FAKE\n" + b"x;;1\n" * (2 * 1024 * 1024 + 1)

    response = in_english(organiser_client).post(page("import_upload", held), upload("b.csv", big))

    assert "larger than 10 MB" in response.content.decode()
    assert not AttendanceImport.objects.exists()


@pytest.mark.django_db
def test_import_preview_post_applies_and_goes_to_the_attendance(
    organiser_client, held, noy, record
):
    response = organiser_client.post(page("import_preview", held, import_pk=record.pk))

    assert response["Location"] == page("attendance", held)
    assert recorded(held) == [("ນ້ອຍ ພົມມະຈັນ", 58, "import")]
    again = organiser_client.post(page("import_preview", held, import_pk=record.pk))
    assert again.status_code == 302 and Attendance.objects.count() == 1


@pytest.mark.django_db
def test_import_preview_post_of_a_hangout_not_started_says_why(organiser_client, network, noy):
    future = make_hangout(network, days_ago=-2, status=Hangout.Status.SCHEDULED)
    record = store_report(future, content=FILE, file_name="z.csv", by=None)

    response = in_english(organiser_client).post(
        page("import_preview", future, import_pk=record.pk), follow=True
    )

    assert "This hangout has not started yet." in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_import_review_lists_uncertain_people_with_candidates(
    organiser_client, held, noy, make_member, record
):
    make_member(name="Noy Keomany", name_latin="")
    uncertain = store_report(
        held, content=report("015_Noy;;30", "iPhone;;12"), file_name="r.csv", by=None
    )

    html = (
        in_english(organiser_client)
        .get(page("import_review", held, import_pk=uncertain.pk))
        .content.decode()
    )

    assert "015_Noy" in html and "iPhone" in html
    assert "Noy Keomany" in html and "Noy Phommachanh" in html
    assert f"#{noy.pk}" in html  # the roster list for "another member"


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["member", "other", "new", "guest"])
def test_import_decide_remembers_each_kind_of_decision(
    organiser_client, held, noy, record, organisation, choice
):
    data = {
        "person": "1",  # iPhone
        "choice": {"member": str(noy.pk), "other": "other", "new": "new", "guest": "guest"}[choice],
        "other": f"Noy Phommachanh · CDA #{noy.pk}",
        "name": "ແສງ ດາວ",
        "organisation": "CDA",
    }

    response = organiser_client.post(page("import_decide", held, import_pk=record.pk), data)

    assert response["Location"] == page("import_review", held, import_pk=record.pk)
    alias = MemberAlias.objects.get()
    assert alias.key == "iphone"
    if choice == "guest":
        assert alias.is_guest and alias.member is None
    elif choice == "new":
        assert alias.member.name == "ແສງ ດາວ" and alias.member.organisation == organisation
    else:
        assert alias.member == noy


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"person": "1", "choice": "new", "name": ""}, "Give the new member"),
        ({"person": "1", "choice": "other", "other": "Noy"}, "Choose a member from the list."),
        ({"person": "1", "choice": "999999"}, "Choose a member from the list."),
        ({"person": "1", "choice": "maybe"}, "Choose what to do with this person."),
        (
            {"person": "1", "choice": "new", "name": "X", "organisation": "Nowhere"},
            "Unknown organisation",
        ),
        ({"person": "99", "choice": "guest"}, "This person is not in the report."),
    ],
)
def test_import_decide_bad_input_is_explained_and_saves_nothing(
    organiser_client, held, noy, record, data, message
):
    response = in_english(organiser_client).post(
        page("import_decide", held, import_pk=record.pk), data, follow=True
    )

    assert message in response.content.decode()
    assert not MemberAlias.objects.exists()
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_import_decide_refuses_a_member_of_another_network(
    organiser_client, held, record, other_network
):
    stranger = Member.objects.create(network=other_network, name="Stranger")

    organiser_client.post(
        page("import_decide", held, import_pk=record.pk),
        {"person": "1", "choice": str(stranger.pk)},
    )

    assert not MemberAlias.objects.exists()


@pytest.mark.django_db
def test_import_pages_are_for_the_networks_organisers_only(
    member_client, outsider_client, client, held, record, noy
):
    pages = [
        page("import_upload", held),
        page("import_preview", held, import_pk=record.pk),
        page("import_review", held, import_pk=record.pk),
    ]
    for visitor in (member_client, outsider_client, client):
        for address in pages:
            assert visitor.get(address).status_code == 403
        assert visitor.post(pages[1]).status_code == 403
        decide = page("import_decide", held, import_pk=record.pk)
        assert visitor.post(decide, {"person": "1", "choice": "guest"}).status_code == 403
        assert visitor.post(pages[0], upload("z.csv", FILE)).status_code == 403

    assert not Attendance.objects.exists() and not MemberAlias.objects.exists()
    assert AttendanceImport.objects.count() == 1


@pytest.mark.django_db
def test_import_of_another_hangout_is_not_found(organiser_client, held, record, network):
    other = make_hangout(network, title="Other")

    response = organiser_client.get(page("import_preview", other, import_pk=record.pk))

    assert response.status_code == 404


@pytest.mark.django_db
def test_attendance_page_links_the_import_and_the_check_in(organiser_client, held, record):
    html = in_english(organiser_client).get(page("attendance", held)).content.decode()

    assert page("import_upload", held) in html
    assert page("import_preview", held, import_pk=record.pk) in html
    assert "/check-in/" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["import_preview", "import_review"])
def test_import_pages_run_the_same_number_of_queries_for_10_and_100_people(
    organiser_client, held, make_member, name
):
    for i in range(40):
        make_member(name=f"Member {i} Sisouk", name_latin="", email=f"m{i}@x.la")

    def count(size: int) -> int:
        lines = [f"{i:03d}_Member {i};{f'm{i}@x.la' if i % 3 else ''};5" for i in range(size)]
        record = store_report(held, content=report(*lines), file_name="r.csv", by=None)
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(page(name, held, import_pk=record.pk))
        assert response.status_code == 200
        return len(queries)

    assert count(10) == count(100)


@pytest.mark.django_db
def test_attendance_page_marks_first_timers(organiser_client, held, noy, organiser, network):
    record_attendance(held, by=organiser, member=noy, minutes=30)
    html = in_english(organiser_client).get(page("attendance", held)).content.decode()
    later = make_hangout(network, days_ago=1, title="Later")
    record_attendance(later, by=organiser, member=noy, minutes=30)
    later_html = in_english(organiser_client).get(page("attendance", later)).content.decode()

    assert "first time" in html
    assert "first time" not in later_html


@pytest.mark.django_db
def test_import_decide_without_a_choice_asks_for_one(organiser_client, held, record):
    response = in_english(organiser_client).post(
        page("import_decide", held, import_pk=record.pk), {"person": "1"}, follow=True
    )

    assert "Choose what to do with this person." in response.content.decode()
    assert not MemberAlias.objects.exists()
