"""Library fixtures: a held hangout with a presenter, tiny real PDF and PPTX files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from hangouts.accounts.models import User
from hangouts.library.models import PDF, Resource
from hangouts.network.models import Member, Network
from hangouts.programme.models import Hangout, Presenter, Theme, Topic

HELD = datetime(2026, 10, 30, 7, tzinfo=UTC)  # a Friday, 14:00 in Vientiane
# A whole (tiny, valid) PDF: what a slides export starts and ends with.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def pptx_bytes() -> bytes:
    """A ZIP with the two members that make a PowerPoint presentation."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def make_hangout(network: Network, **fields: Any) -> Hangout:
    values: dict[str, Any] = {
        "network": network,
        "title": "ການປ່ຽນແປງດິນຟ້າອາກາດ ແລະ ໂພຊະນາການ",
        "starts_at": HELD,
        "ends_at": HELD + timedelta(hours=1),
        "status": Hangout.Status.HELD,
        **fields,
    }
    return Hangout.objects.create(**values)


def add(hangout: Hangout, **fields: Any) -> Resource:
    """A resource saved straight to the database (as an upload would leave it)."""
    content = fields.pop("content", None)
    values: dict[str, Any] = {
        "network": hangout.network,
        "hangout": hangout,
        "kind": Resource.Kind.LINK,
        "title": "ລິ້ງ",
        "url": "https://example.org/page",
        **fields,
    }
    resource = Resource(**values)
    if content is not None:
        resource.kind = Resource.Kind.SLIDES
        resource.content_type = resource.content_type or PDF
        resource.file_name = resource.file_name or "slides.pdf"
        resource.file_size = len(content)
        resource.url = ""
        resource.file.save(resource.file_name, ContentFile(content), save=False)
    resource.save()
    return resource


@pytest.fixture
def theme(network: Network) -> Theme:
    return Theme.objects.get_or_create(network=network, name="ໂພຊະນາການ", name_en="Nutrition")[0]


@pytest.fixture
def hangout(network: Network, theme: Theme) -> Hangout:
    topic = Topic.objects.create(network=network, title="ດິນຟ້າອາກາດ", status=Topic.Status.HELD)
    topic.themes.add(theme)
    return make_hangout(network, topic=topic)


@pytest.fixture
def presenter_user(hangout: Hangout, make_member: Callable[..., Member]) -> User:
    from hangouts.accounts.actions import ensure_member_user

    person = make_member(name="ທ້າວ ບຸນມີ ສີຫາລາດ", email="bounmy@example.org")
    Presenter.objects.create(hangout=hangout, member=person)
    return ensure_member_user(person)


@pytest.fixture
def slides(hangout: Hangout) -> Resource:
    return add(hangout, title="ສະໄລດ໌ ກອງປະຊຸມ", content=PDF_BYTES, file_name="ສະໄລດ໌.pdf")


@pytest.fixture
def private_slides(hangout: Hangout) -> Resource:
    return add(
        hangout,
        title="ບົດລາຍງານພາຍໃນ",
        content=PDF_BYTES,
        file_name="internal.pdf",
        visibility=Resource.Visibility.MEMBERS,
    )


def add_url(hangout: Hangout) -> str:
    return reverse(
        "library:resource_add", kwargs={"network": hangout.network.slug, "pk": hangout.pk}
    )


def file_url(resource: Resource) -> str:
    return resource.file_url(resource.network.slug)
