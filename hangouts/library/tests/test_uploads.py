"""Adding slides, recordings and notes to a hangout: who may, and which files are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.test import Client, override_settings
from django.utils.datastructures import MultiValueDict

from conftest import signed_in
from hangouts.accounts.models import User
from hangouts.library.models import PDF, PPTX, Resource
from hangouts.library.tests.conftest import PDF_BYTES, add_url, docx_bytes, pptx_bytes
from hangouts.programme.models import Hangout

pytestmark = pytest.mark.django_db


def in_english(client: Client) -> Client:
    client.cookies["hangouts_language"] = "en"
    return client


def upload(client: Client, hangout: Hangout, name: str, content: bytes, **fields: Any) -> Any:
    data = {
        "kind": "slides",
        "title": "ສະໄລດ໌ ໂພຊະນາການ",
        "visibility": "public",
        "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        **fields,
    }
    return in_english(client).post(add_url(hangout), data)


def test_resource_add_stores_a_pdf_under_a_random_name(
    organiser_client: Client, organiser: User, hangout: Hangout
) -> None:
    response = upload(organiser_client, hangout, "ສະໄລດ໌ ປະຊຸມ.pdf", PDF_BYTES)

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.hangout == hangout and resource.added_by == organiser
    assert resource.content_type == PDF and resource.file_size == len(PDF_BYTES)
    assert resource.file_name == "ສະໄລດ໌ ປະຊຸມ.pdf"
    stored = str(resource.file.name)
    assert "ສະໄລດ໌" not in stored and stored.endswith(".pdf")
    assert default_storage.open(stored).read() == PDF_BYTES


def test_resource_add_accepts_a_pptx_from_a_presenter(
    presenter_user: User, hangout: Hangout
) -> None:
    response = upload(signed_in(presenter_user), hangout, "talk.pptx", pptx_bytes())

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.content_type == PPTX and resource.file_name == "talk.pptx"


def test_resource_add_names_a_pdf_without_extension_by_its_content(
    organiser_client: Client, hangout: Hangout
) -> None:
    upload(organiser_client, hangout, "slides", PDF_BYTES)

    assert Resource.objects.get().file_name == "slides.pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("talk.pdf", pptx_bytes(), "is a PowerPoint presentation but its name ends in .pdf"),
        ("talk.pptx", PDF_BYTES, "is a PDF but its name ends in .pptx"),
        ("page.pdf", b"<!doctype html><html><script>alert(1)</script></html>", "not a PDF"),
        ("report.pdf", docx_bytes(), "not a PDF or a PowerPoint (.pptx) presentation"),
        ("broken.pptx", b"PK\x03\x04 not really a zip", "not a PDF or a PowerPoint"),
        ("empty.pdf", b"", "The file is empty"),
    ],
)
def test_resource_add_refuses_files_that_are_not_what_they_say(
    organiser_client: Client, hangout: Hangout, name: str, content: bytes, message: str
) -> None:
    response = upload(organiser_client, hangout, name, content)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Resource.objects.exists()


@override_settings(LIBRARY_MAX_UPLOAD_MB=1)
def test_resource_add_refuses_a_file_over_the_limit_naming_it(
    organiser_client: Client, hangout: Hangout
) -> None:
    content = PDF_BYTES + b"0" * (1024 * 1024)

    response = upload(organiser_client, hangout, "big.pdf", content)

    assert response.status_code == 400
    assert "larger than 1 MB" in response.content.decode()
    assert not Resource.objects.exists()


@override_settings(LIBRARY_MAX_UPLOAD_MB=1)
def test_resource_form_refuses_a_file_over_the_limit_itself() -> None:
    from hangouts.library.forms import ResourceForm

    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    files: MultiValueDict[str, UploadedFile] = MultiValueDict({"file": [big]})
    form = ResourceForm({"kind": "slides", "title": "x", "visibility": "public"}, files)

    assert not form.is_valid()
    assert "larger than 1 MB" in str(form.errors["file"])


def test_resource_add_keeps_a_recording_link_and_refuses_other_schemes(
    organiser_client: Client, hangout: Hangout
) -> None:
    client = in_english(organiser_client)
    bad = client.post(
        add_url(hangout),
        {
            "kind": "recording",
            "title": "ບັນທຶກ",
            "url": "javascript:alert(1)",
            "visibility": "public",
        },
    )
    good = client.post(
        add_url(hangout),
        {
            "kind": "recording",
            "title": "ບັນທຶກ",
            "url": "https://youtu.be/abc",
            "visibility": "members",
        },
    )

    assert bad.status_code == 400
    assert good.status_code == 302
    resource = Resource.objects.get()
    assert (resource.kind, resource.url, resource.visibility) == (
        "recording",
        "https://youtu.be/abc",
        "members",
    )


def test_resource_add_asks_for_what_the_kind_needs(
    organiser_client: Client, hangout: Hangout
) -> None:
    response = in_english(organiser_client).post(
        add_url(hangout), {"kind": "notes", "title": "ບັນທຶກ", "visibility": "public"}
    )

    assert response.status_code == 400
    assert "Write the notes." in response.content.decode()


def test_resource_add_deletes_the_file_when_the_row_cannot_be_saved(
    organiser: User, hangout: Hangout, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hangouts.library.actions import add_resource

    stored: list[str] = []
    real_save = Resource.save

    def failing_save(self: Resource, *args: Any, **kwargs: Any) -> None:
        stored.append(str(self.file.name))
        raise RuntimeError("database went away")

    monkeypatch.setattr(Resource, "save", failing_save)
    file = SimpleUploadedFile("s.pdf", PDF_BYTES, content_type=PDF)

    with pytest.raises(RuntimeError):
        add_resource(hangout, by=organiser, kind="slides", title="x", upload=file)

    monkeypatch.setattr(Resource, "save", real_save)
    assert stored and not default_storage.exists(stored[0])
    assert not Resource.objects.exists()


def test_resource_add_refuses_a_member_who_does_not_present(
    member_client: Client, hangout: Hangout
) -> None:
    response = upload(member_client, hangout, "talk.pdf", PDF_BYTES)

    assert response.status_code == 403
    assert not Resource.objects.exists()


def test_resource_add_refuses_an_outsider(outsider_client: Client, hangout: Hangout) -> None:
    response = upload(outsider_client, hangout, "talk.pdf", PDF_BYTES)

    assert response.status_code == 403
    assert not Resource.objects.exists()


def test_resource_add_sends_anonymous_visitors_to_sign_in(hangout: Hangout) -> None:
    response = upload(Client(), hangout, "talk.pdf", PDF_BYTES)

    assert response.status_code == 302 and "sign-in" in response["Location"]
    assert not Resource.objects.exists()


def test_resource_add_checks_the_csrf_token(organiser: User, hangout: Hangout) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)

    response = upload(client, hangout, "talk.pdf", PDF_BYTES)

    assert response.status_code == 403
    assert not Resource.objects.exists()


def test_hangout_page_offers_adding_to_presenters_not_to_members(
    presenter_user: User, member_client: Client, hangout: Hangout
) -> None:
    presenter_page = signed_in(presenter_user).get(hangout.get_absolute_url()).content.decode()
    member_page = member_client.get(hangout.get_absolute_url()).content.decode()

    assert add_url(hangout) in presenter_page
    assert add_url(hangout) not in member_page


def test_resource_add_does_not_show_a_draft_to_a_presenter(
    presenter_user: User, hangout: Hangout
) -> None:
    Hangout.objects.filter(pk=hangout.pk).update(status=Hangout.Status.DRAFT)

    assert signed_in(presenter_user).get(add_url(hangout)).status_code == 404


def test_resource_add_shows_the_form_with_the_limit(
    organiser_client: Client, hangout: Hangout
) -> None:
    html = in_english(organiser_client).get(add_url(hangout)).content.decode()

    assert "up to 20 MB" in html and 'enctype="multipart/form-data"' in html
    assert str(Resource(title="ສະໄລດ໌")) == "ສະໄລດ໌"
