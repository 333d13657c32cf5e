import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import PASSWORD


@pytest.mark.django_db
def test_organiser_signs_in_with_email_and_password(client, organiser, network):
    response = client.post(
        reverse("accounts:sign_in"),
        {"username": "organiser@example.org", "password": PASSWORD, "next": "/sun-csa-lao/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/sun-csa-lao/"
    assert int(client.session["_auth_user_id"]) == organiser.pk


@pytest.mark.django_db
def test_wrong_password_gets_a_lao_message(client, organiser):
    response = client.post(
        reverse("accounts:sign_in"), {"username": "organiser@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "ອີເມວ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ" in response.text


@pytest.mark.django_db
def test_sign_in_ignores_a_next_address_on_another_site(client, organiser):
    response = client.post(
        reverse("accounts:sign_in"),
        {"username": "organiser@example.org", "password": PASSWORD, "next": "https://evil.example"},
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_password_sign_in_is_rate_limited_even_for_the_right_password(client, organiser, settings):
    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_sign_in": (3, 60)}
    url = reverse("accounts:sign_in")
    for _ in range(3):
        client.post(url, {"username": "organiser@example.org", "password": "wrong"})
    response = client.post(url, {"username": "organiser@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_out_ends_the_session(organiser_client):
    response = organiser_client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert "_auth_user_id" not in organiser_client.session


@pytest.mark.django_db
def test_sign_out_refuses_a_get(organiser_client):
    assert organiser_client.get(reverse("accounts:sign_out")).status_code == 405
