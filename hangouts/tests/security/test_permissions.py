"""Every URL of the project, requested as every persona, against the matrix in matrix.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from hangouts.tests.security.conftest import PERSONAS, Persona
from hangouts.tests.security.matrix import POST, ROWS, Row, url_names
from hangouts.tests.security.world import World

if TYPE_CHECKING:  # the test client's response type exists in the stubs only
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


pytestmark = pytest.mark.usefixtures("quick_documents")

REDIRECTS = {301, 302, 303, 307, 308}
CELLS = [(name, persona) for name in sorted(ROWS) for persona in PERSONAS]


def outcome(response: Response, w: World) -> str:
    """ "ok", "sign-in" or the refusing status code, as in the matrix."""
    status = response.status_code
    if status in REDIRECTS:
        path = urlsplit(response["Location"]).path
        sign_in = {reverse("accounts:sign_in"), reverse("network:sign_in", args=[w.slug])}
        return "sign-in" if path in sign_in else "ok"
    return "ok" if 200 <= status < 300 else str(status)


def request(client: Client, name: str, row: Row, w: World, **kwargs: object) -> Response:
    url = reverse(name, kwargs={**row.kwargs(w), **kwargs})
    if row.method == POST:
        return client.post(url, row.data(w))
    return client.get(url)


def test_matrix_has_a_row_for_every_url() -> None:
    names = url_names()
    assert sorted(names - ROWS.keys()) == [], "add a row to ROWS in matrix.py for each new URL"
    assert sorted(ROWS.keys() - names) == [], "these rows name no URL any more"


@pytest.mark.parametrize(("name", "persona"), CELLS, ids=[f"{n}-{p}" for n, p in CELLS])
def test_url_obeys_the_matrix(
    name: str, persona: Persona, w: World, as_persona: Callable[..., Client]
) -> None:
    row = ROWS[name]
    response = request(as_persona(persona), name, row, w)
    assert outcome(response, w) == row.outcomes()[persona], (
        f"{row.method} {name} as {persona}: {response.status_code} {response.get('Location', '')}"
    )


ACTIONS = sorted(name for name, row in ROWS.items() if row.method == POST)


@pytest.mark.parametrize("name", ACTIONS)
def test_action_refuses_get(name: str, w: World, as_persona: Callable[..., Client]) -> None:
    url = reverse(name, kwargs=ROWS[name].kwargs(w))
    assert as_persona(Persona.ORGANISER).get(url).status_code == 405


# Rows whose address names an object of the network (or a token tied to it).
OBJECT_KEYS = {"pk", "member_pk", "topic_pk", "entry", "import_pk", "announcement", "token"}


def scoped(row: Row, w: World) -> bool:
    keys = set(row.kwargs(w))
    return "network" in keys and bool(keys & OBJECT_KEYS)


@pytest.mark.django_db
def test_some_urls_name_objects_of_a_network(world: World) -> None:
    assert len([name for name, row in ROWS.items() if scoped(row, world)]) > 40


@pytest.mark.parametrize("name", sorted(ROWS))
def test_url_of_network_a_under_network_b_is_not_found(
    name: str, w: World, as_persona: Callable[..., Client]
) -> None:
    """The outsider asks for network A's object with their own network's slug: 404, no data."""
    row = ROWS[name]
    if not scoped(row, w):
        pytest.skip("the address names no object of a network")
    response = request(as_persona(Persona.OUTSIDER), name, row, w, network=w.other_network.slug)
    # 410 is the app's "this link is not valid" page of the personal-link routes; where
    # organisers may not act at all (members' own actions), the outsider is refused first.
    refused = {"403", "404"} if row.outcomes()[Persona.ORGANISER] == "403" else {"404", "410"}
    assert str(response.status_code) in refused, response.status_code
    text = response.content.decode(errors="replace")
    assert w.member.name not in text and w.scheduled.title not in text


# A draft hangout is the organisers' until it is scheduled: nobody else learns it exists.
DRAFT_PAGES = [
    "programme:hangout_detail",
    "programme:hangout_ics",
    "participation:rsvp_by_phone",
]
DRAFT_CELLS = [(name, persona) for name in DRAFT_PAGES for persona in PERSONAS]


@pytest.mark.parametrize(("name", "persona"), DRAFT_CELLS, ids=[f"{n}-{p}" for n, p in DRAFT_CELLS])
def test_draft_hangout_is_for_organisers_only(
    name: str, persona: Persona, w: World, as_persona: Callable[..., Client]
) -> None:
    url = reverse(name, kwargs={"network": w.slug, "pk": w.draft.pk})
    response = as_persona(persona).get(url)
    if persona is Persona.ORGANISER and name != "participation:rsvp_by_phone":
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert w.draft.title not in response.text


def test_draft_hangout_is_on_no_public_page(w: World) -> None:
    pages = [
        reverse("programme:hangout_list", args=[w.slug]),
        reverse("programme:presenter_profile", args=[w.slug, w.presenter.pk]),
        reverse("awards:volunteer_profile", args=[w.slug, w.presenter.pk]),
        reverse("outreach:network_feed", args=[w.slug]),
        reverse("outreach:personal_feed", args=[w.slug, w.feed_link.token]),
    ]
    for page in pages:
        response = Client().get(page)
        assert response.status_code == 200 and w.draft.title not in response.text, page


@pytest.mark.parametrize(
    "name", ["network:directory", "programme:topic_propose", "programme:offer_create"]
)
def test_member_taken_off_the_roster_loses_member_pages(
    name: str, w: World, as_persona: Callable[..., Client]
) -> None:
    """Still signed in after an organiser deactivated them: refused like any non-member."""
    client = as_persona(Persona.MEMBER)
    w.member.deactivate()
    assert client.get(reverse(name, args=[w.slug])).status_code == 403


# The outsider names network A's member in a form of their own network B.
FOREIGN_MEMBER_FORMS: dict[str, Callable[[World], tuple[str, dict[str, object]]]] = {
    "programme:offer_invite": lambda w: (
        reverse("programme:offer_invite", args=[w.other_network.slug]),
        {"member": w.member.pk, "subject": "Nutrition"},
    ),
    "awards:month_nominate": lambda w: (
        reverse("awards:month_nominate", args=[w.other_network.slug, w.award_year, w.award_month]),
        {"nominate-member": w.member.pk, "nominate-reason": "Notes"},
    ),
    "awards:month_award": lambda w: (
        reverse("awards:month_award", args=[w.other_network.slug, w.award_year, w.award_month]),
        {"award-member": w.presenter.pk, "award-citation": "Thank you"},
    ),
    "participation:attendance": lambda w: (
        reverse("participation:attendance", args=[w.other_network.slug, w.other_held.pk]),
        {"member": w.member.pk, "minutes": "50"},
    ),
}


@pytest.mark.parametrize("name", sorted(FOREIGN_MEMBER_FORMS))
def test_form_refuses_a_member_of_another_network(
    name: str, w: World, as_persona: Callable[..., Client]
) -> None:
    from hangouts.awards.models import Award, Nomination
    from hangouts.participation.models import Attendance
    from hangouts.programme.models import PresentationOffer

    url, data = FOREIGN_MEMBER_FORMS[name](w)
    response = as_persona(Persona.OUTSIDER).post(url, data)

    assert response.status_code in (200, 400)  # the form again, with its error
    foreign = [w.member.pk, w.presenter.pk]
    assert not PresentationOffer.objects.filter(network=w.other_network).exists()
    assert not Nomination.objects.filter(member__in=foreign, network=w.other_network).exists()
    assert not Award.objects.filter(network=w.other_network).exists()
    assert not Attendance.objects.filter(hangout=w.other_held).exists()


# An object of one hangout asked for under another hangout of the same network: 404.
OTHER_HANGOUT: dict[str, Callable[[World], dict[str, object]]] = {
    "participation:attendance_remove": lambda w: {"entry": w.attendance.pk},
    "participation:import_preview": lambda w: {"import_pk": w.attendance_import.pk},
    "participation:import_review": lambda w: {"import_pk": w.attendance_import.pk},
    "participation:import_decide": lambda w: {"import_pk": w.attendance_import.pk},
    "outreach:announcement_posted": lambda w: {"announcement": w.announcement.pk},
}


@pytest.mark.parametrize("name", sorted(OTHER_HANGOUT))
def test_object_of_another_hangout_is_not_found(
    name: str, w: World, as_persona: Callable[..., Client]
) -> None:
    row = ROWS[name]
    # The attendance rows and import belong to the held hangout, the announcement to the
    # scheduled one: ask for each under the other.
    owner = row.kwargs(w)["pk"]
    other = w.scheduled.pk if owner == w.held.pk else w.held.pk
    response = request(
        as_persona(Persona.ORGANISER), name, row, w, pk=other, **OTHER_HANGOUT[name](w)
    )
    assert response.status_code == 404
