"""CSV, XLSX and PDF exports (data: conftest.py's table, 2026 unless said)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from hangouts.reports.tests.conftest import Story

YEAR = {"period": "2026"}


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def organiser_en(organiser_client: Client) -> Client:
    organiser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return organiser_client


def download(client: Client, story: Story, table: str, fmt: str, **params: str) -> bytes:
    url = reverse("reports:export", args=[story.network.slug, table, fmt])
    response = client.get(url, params or YEAR)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # Excel reads Lao only with the BOM
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_hangouts_csv_lists_the_held_hangouts_formula_safe(
    story: Story, organiser_en: Client
) -> None:
    h1 = story.hangouts["H1"]
    h1.title = "=HYPERLINK(1)"
    h1.save()

    rows = read_csv(download(organiser_en, story, "hangouts", "csv"))

    assert rows[0] == ["Date", "Title", "Series", "Presenters", "Going", "Attended"]
    assert [row[0] for row in rows[1:]] == ["2026-01-01", "2026-01-30", "2026-02-27", "2026-03-27"]
    assert rows[2] == ["2026-01-30", "'=HYPERLINK(1)", "Fridays", "One", "7", "4"]
    assert rows[3][3:] == ["Two", "0", "6"]  # m4 only facilitated


def test_attendance_xlsx_has_one_row_per_attendance(story: Story, organiser_en: Client) -> None:
    book = load_workbook(io.BytesIO(download(organiser_en, story, "attendance", "xlsx")))
    rows = list(book.worksheets[0].iter_rows(values_only=True))

    assert rows[0][:4] == ("Hangout", "Date", "Name", "Member or guest")
    assert len(rows) == 1 + 12
    first = rows[1]  # H5, on 1 January local time: m5 first (by id), then the guest
    assert first[1:] == (
        "2026-01-01",
        "ນາງ ຫ້າ",
        "Member",
        None,
        None,
        None,
        50,
        "Entered by an organiser",
    )
    assert rows[2][2:4] == ("bee ", "Guest")
    m3_at_h2 = next(r for r in rows if r[2] == "ນາງ ສາມ" and r[1] == "2026-02-27")
    assert m3_at_h2[4:7] == ("B International", "Vientiane Capital", "Junior staff or volunteer")


def test_reach_csv_and_xlsx_agree_with_the_figures(story: Story, organiser_en: Client) -> None:
    rows = read_csv(download(organiser_en, story, "reach", "csv"))
    book = load_workbook(io.BytesIO(download(organiser_en, story, "reach", "xlsx")))

    assert rows[0] == ["Table", "Name", "Participants", "Attendances"]
    assert ["Gender", "Female", "3", "6"] in rows
    assert ["Organisations", "B International", "2", "3"] in rows
    assert book.sheetnames == [
        "Organisations",
        "Kinds of organisation",
        "Provinces",
        "Staff levels",
        "Gender",
    ]
    gender = list(book["Gender"].iter_rows(values_only=True))
    assert gender[1] == ("Female", 3, 6) and gender[-1] == ("Guests (not on the roster)", 2, 4)


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def key_lines(text: str) -> list[str]:
    """The numbers that end the key-figure lines, in order."""
    part = text.split("\n", 3)[3]
    return re.findall(r"(?m)\s([\d.]+)$", part)[:6]


@pytest.mark.parametrize("language", ["lo", "en"])
def test_report_pdf_holds_the_figures(story: Story, organiser_en: Client, language: str) -> None:
    url = reverse("reports:report_pdf", args=[story.network.slug])
    response = organiser_en.get(url, {**YEAR, "language": language})

    text = pdf_text(response.content)
    # Held 4, rows 12, unique 7, average 3.0, first-time 4, returning 1.
    assert key_lines(text) == ["4", "12", "7", "3.0", "4", "1"]
    assert "ນະຄອນຫຼວງວຽງຈັນ" in text.replace("\u200b", "").replace(" ", "") or language == "en"
    if language == "en":
        assert "Vientiane Capital" in text and "1 January 2026 – 31 December 2026" in text
