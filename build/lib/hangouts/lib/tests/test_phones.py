import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hangouts.lib.phones import PhoneError, format_phone, normalize_phone, whatsapp_link


@pytest.mark.parametrize(
    "raw",
    ["020 5551 2345", "02055512345", "+856 20 5551 2345", "00856 20 5551 2345", "໐໒໐ ໕໕໕໑ ໒໓໔໕"],
)
def test_normalize_phone_reads_lao_mobiles_in_every_usual_form(raw):
    assert normalize_phone(raw, "LA") == "+8562055512345"


@pytest.mark.parametrize("raw", ["", "hello", "020 555", "+856 20 1555 1234"])
def test_normalize_phone_rejects_what_cannot_be_dialled(raw):
    with pytest.raises(PhoneError):
        normalize_phone(raw, "LA")


def test_normalize_phone_keeps_foreign_numbers_given_in_international_form():
    assert normalize_phone("+66 81 234 5678", "LA") == "+66812345678"


@settings(max_examples=50)
@given(st.text(max_size=30))
def test_normalize_phone_either_returns_e164_or_raises(raw):
    try:
        result = normalize_phone(raw, "LA")
    except PhoneError:
        return
    assert result.startswith("+") and result[1:].isdigit()


def test_format_phone_groups_digits_for_reading():
    assert format_phone("+8562055512345") == "+856 20 55 512 345"
    assert format_phone("") == ""


def test_whatsapp_link_carries_the_number_and_the_encoded_lao_text():
    link = whatsapp_link("+8562055512345", "ສະບາຍດີ & link")
    assert link.startswith("https://wa.me/8562055512345?text=")
    assert "%E0%BA%AA" in link and "%26" in link and " " not in link
