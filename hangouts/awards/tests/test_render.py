"""The certificate and the card, rendered and checked as a person would: the name is in the PDF,
every character has a glyph in the font, the image is the right size and not blank."""

import io
import unicodedata

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops
from pypdf import PdfReader

from hangouts.awards import card as card_module
from hangouts.awards.card import HEIGHT, WIDTH, CardError, card_png, card_text
from hangouts.awards.documents import annual_pdf, certificate_pdf
from hangouts.awards.text import BOLD, REGULAR, ZWSP

A4_LANDSCAPE = (841.89, 595.28)  # points


def comparable(text: str) -> str:
    """Text as a PDF gives it back: HarfBuzz draws ຳ (AM) as two glyphs, ໍ and າ, and the PDF
    maps the ໍ glyph to nothing, so compare decomposed, without ໍ, spaces or ZWSP."""
    text = unicodedata.normalize("NFKD", text).replace("\u0ecd", "")
    return "".join(char for char in text if not char.isspace() and char != ZWSP)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return comparable("".join(page.extract_text() for page in reader.pages))


def visible(text: str) -> set[str]:
    return {char for char in text if not char.isspace() and char != ZWSP}


def missing_glyphs(path, text: str) -> set[str]:
    cmap = TTFont(path).getBestCmap()
    return {char for char in visible(text) if ord(char) not in cmap}


@pytest.mark.django_db
def test_certificate_is_an_a4_landscape_pdf_with_the_lao_name_and_citation(award):
    content = certificate_pdf(award)

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (841.9, 595.3)
    text = pdf_text(content)
    assert "ນາງສຸກສະຫວັນພົມມະຈັນ" in text  # the name comes back exactly
    assert comparable(award.citation) in text
    assert "ມີນາ2026" in text
    assert comparable(award.network.name) in text
    # Only our shipped font is embedded: no fallback font drew any character.
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Hangouts-Lao" in name for name in fonts)


@pytest.mark.django_db
def test_certificate_font_covers_every_character_of_name_and_citation(award):
    member = award.member
    text = " ".join(
        [member.name, member.name_latin, award.citation, award.citation_en, award.network.name]
    )
    assert missing_glyphs(REGULAR, text) == set()
    assert missing_glyphs(BOLD, text) == set()


@pytest.mark.django_db
def test_certificate_wraps_the_longest_lao_citation_on_one_page(award):
    award.citation = ("ຂໍຂອບໃຈທີ່ໄດ້ນຳສະເໜີຫົວຂໍ້ອາຫານເສີມສຳລັບເດັກ" * 14)[:600]  # no space at all
    reader = PdfReader(io.BytesIO(certificate_pdf(award)))
    assert len(reader.pages) == 1
    lines: list[tuple[float, float]] = []

    def visit(text, cm, tm, font, size):
        if "ອາຫານ" in text:
            lines.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    reader.pages[0].extract_text(visitor_text=visit)
    # Without U+200B, Pango would set the citation on one line running off the page.
    assert len({round(y) for _x, y in lines}) >= 5
    assert all(0 < x < A4_LANDSCAPE[0] / 2 for x, _y in lines)  # lines start left of centre


@pytest.mark.django_db
def test_card_is_1200_by_630_and_not_blank(award):
    image = Image.open(io.BytesIO(card_png(award)))

    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT)
    body = image.convert("RGB").crop((0, 170, WIDTH, HEIGHT))
    white = Image.new("RGB", body.size, (255, 255, 255))
    ink = ImageChops.difference(body, white).getbbox()
    assert ink is not None
    left, top, right, bottom = ink
    assert right - left > 600 and bottom - top > 200  # name, organisation and citation drawn
    assert len(body.getcolors(maxcolors=100_000) or []) > 20  # anti-aliased text, not a box


@pytest.mark.django_db
def test_card_preview_is_half_size_and_light_enough_for_the_share_page(award):
    data = card_png(award, preview=True)
    image = Image.open(io.BytesIO(data))

    assert image.size == (WIDTH // 2, HEIGHT // 2)
    assert len(data) < 20_000  # the share page's budget is 30 KB in all; the full card is ~60 KB
    body = image.convert("RGB").crop((0, 85, WIDTH // 2, HEIGHT // 2))
    assert ImageChops.difference(body, Image.new("RGB", body.size, "white")).getbbox()


@pytest.mark.django_db
def test_card_font_covers_every_character_drawn(award):
    content = card_text(award)
    text = " ".join([content.network, content.heading, content.name, content.citation])
    assert missing_glyphs(REGULAR, text) == set()
    assert missing_glyphs(BOLD, text) == set()


@pytest.mark.django_db
def test_card_cuts_a_very_long_citation_with_an_ellipsis(award):
    award.citation = "ຂໍຂອບໃຈທີ່ໄດ້ນຳສະເໜີ " * 80
    image = Image.open(io.BytesIO(card_png(award)))
    assert image.size == (WIDTH, HEIGHT)


@pytest.mark.django_db
def test_card_refuses_to_draw_without_raqm(award, monkeypatch):
    card_module.font.cache_clear()
    monkeypatch.setattr(card_module.features, "check", lambda name: False)
    with pytest.raises(CardError):
        card_png(award)
    card_module.font.cache_clear()


@pytest.mark.django_db
def test_annual_pdf_lists_the_years_volunteer(award):
    text = pdf_text(annual_pdf(award.network, 2026))
    assert "ນາງສຸກສະຫວັນພົມມະຈັນ" in text
    assert comparable("ອາຫານເສີມສຳລັບເດັກ") in text  # the hangout she presented


@pytest.mark.django_db
def test_certificate_carries_the_networks_logo(award, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    logo = io.BytesIO()
    Image.new("RGB", (120, 60), (11, 93, 75)).save(logo, format="PNG")
    award.network.logo.save("logo.png", ContentFile(logo.getvalue()))

    page = PdfReader(io.BytesIO(certificate_pdf(award))).pages[0]

    images = [name for name, obj in page["/Resources"].get("/XObject", {}).items()]
    assert len(images) == 1
