"""The permission matrix: one row per URL name, what each persona may do there.

Adding a URL is one line in ROWS: its name, how to build its kwargs from the World, its
methods, and the six outcomes in persona order (anonymous, phone-identified, member,
presenter, organiser, outsider):

    "library:resource_list": Row(NET, GET, PUBLIC),

Outcomes: "ok" (2xx, or the page's own redirect), "sign-in" (a redirect to a sign-in page),
"403", "404", "410" (the app's "invalid link" page), "405".
Methods: GET (a page), FORM (a page whose form posts back to it: GET checked here, the POST
by the CSRF test), POST (an action: GET must be 405, the POST obeys the matrix; give `data`
when the action needs fields to succeed).

A URL about a new kind of object (a library resource, a report) needs that object in
world.py (a field of World, made in build_world) and a kwargs builder below. Every POST the
matrix lists is also checked for CSRF (test_csrf.py) and every page for escaped user text, no
inline script or style and no one else's phone or email (test_user_text.py): no more lines.

The phone-identified visitor has given name and phone on the group post's RSVP link; that
keeps nothing in the session (test_links.py checks it), so they hold only what it left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from hangouts.tests.security.conftest import PERSONAS, Persona
from hangouts.tests.security.world import World

Kwargs = Callable[[World], dict[str, Any]]
Method = Literal["GET", "FORM", "POST"]
GET: Method = "GET"
FORM: Method = "FORM"
POST: Method = "POST"

# Persona order: anonymous, phone-identified, member, presenter, organiser, outsider.
PUBLIC = "ok ok ok ok ok ok"
# Organiser pages: the app answers 403 to everyone else, signed in or not.
ORGANISERS = "403 403 403 403 ok 403"
# Signed-in members and organisers of the network; visitors are sent to sign in first.
READERS = "sign-in sign-in ok ok ok 403"
# Members only (an organiser without a member record of the network has nothing to answer).
MEMBERS = "sign-in sign-in ok ok 403 403"
# A personal or shared link: the token is the authority, whoever holds it.
TOKEN = PUBLIC


@dataclass(frozen=True)
class Row:
    kwargs: Kwargs
    method: Method
    expect: str
    # The POST body (POST rows and the CSRF test); the view's own validation may refuse it.
    data: Callable[[World], dict[str, Any]] = field(default=lambda w: {})

    def outcomes(self) -> dict[Persona, str]:
        words = self.expect.split()
        assert len(words) == len(PERSONAS), self.expect
        return dict(zip(PERSONAS, words, strict=True))


# kwargs builders ----------------------------------------------------------------------------
def NONE(w: World) -> dict[str, Any]:
    return {}


def NET(w: World) -> dict[str, Any]:
    return {"network": w.slug}


def SCHEDULED(w: World) -> dict[str, Any]:
    return {"network": w.slug, "pk": w.scheduled.pk}


def HELD(w: World) -> dict[str, Any]:
    return {"network": w.slug, "pk": w.held.pk}


def TOPIC(w: World) -> dict[str, Any]:
    return {"network": w.slug, "pk": w.topic.pk}


def SERIES(w: World) -> dict[str, Any]:
    return {"network": w.slug, "pk": w.series.pk}


def MEMBER(w: World) -> dict[str, Any]:
    return {"network": w.slug, "pk": w.member.pk}


def PRESENTER(w: World) -> dict[str, Any]:
    return {"network": w.slug, "member_pk": w.presenter.pk}


def AWARD(w: World) -> dict[str, Any]:
    return {"network": w.slug, "pk": w.award.pk}


def YEAR(w: World) -> dict[str, Any]:
    return {"network": w.slug, "year": w.award_year}


def MONTH(w: World) -> dict[str, Any]:
    return {"network": w.slug, "year": w.award_year, "month": w.award_month}


def RESOURCE(w: World) -> dict[str, Any]:
    return {"network": w.slug, "pk": w.resource.pk}


def RESOURCE_FILE(w: World) -> dict[str, Any]:
    return {**RESOURCE(w), "file_name": w.resource.file_name}


def IMPORT(w: World) -> dict[str, Any]:
    return {**HELD(w), "import_pk": w.attendance_import.pk}


def kw(**builders: Callable[[World], Any]) -> Kwargs:
    """kwargs from one builder per name, e.g. kw(network=lambda w: w.slug)."""
    return lambda w: {name: build(w) for name, build in builders.items()}


def slug(w: World) -> str:
    return w.slug


ROWS: dict[str, Row] = {
    # Django's language switch (the footer's form); a GET just redirects back.
    "set_language": Row(NONE, FORM, PUBLIC, data=lambda w: {"language": "en"}),
    # accounts
    "accounts:sign_in": Row(NONE, FORM, PUBLIC),
    "accounts:sign_in_link": Row(kw(token=lambda w: w.sign_in_token), FORM, TOKEN),
    "accounts:sign_out": Row(NONE, POST, PUBLIC),
    "accounts:set_password": Row(
        kw(uidb64=lambda w: w.set_password_uid, token=lambda w: w.set_password_token),
        FORM,
        TOKEN,
    ),
    # network
    "network:choose": Row(NONE, GET, PUBLIC),
    "network:home": Row(NET, GET, PUBLIC),
    "network:sign_in": Row(NET, FORM, PUBLIC),
    "network:directory": Row(NET, GET, READERS),
    "network:member_add": Row(NET, FORM, ORGANISERS),
    "network:roster_upload": Row(NET, FORM, ORGANISERS),
    "network:roster_preview": Row(
        kw(network=slug, pk=lambda w: w.roster_import.pk), FORM, ORGANISERS
    ),
    "network:member_detail": Row(MEMBER, GET, ORGANISERS),
    "network:member_edit": Row(MEMBER, FORM, ORGANISERS),
    "network:member_deactivate": Row(MEMBER, POST, ORGANISERS),
    "network:member_sign_in_link": Row(MEMBER, POST, ORGANISERS),
    "network:settings": Row(NET, FORM, ORGANISERS),
    # ops
    "ops:healthz": Row(NONE, GET, PUBLIC),
    # programme: topics
    "programme:topic_list": Row(NET, GET, PUBLIC),
    "programme:topic_propose": Row(NET, FORM, READERS),
    "programme:topic_detail": Row(TOPIC, GET, PUBLIC),
    "programme:topic_edit": Row(
        TOPIC, POST, ORGANISERS, data=lambda w: {"public_title": "Food", "status": "proposed"}
    ),
    "programme:topic_merge": Row(
        kw(network=slug, pk=lambda w: w.other_topic.pk),
        POST,
        ORGANISERS,
        data=lambda w: {"into": w.topic.pk},
    ),
    "programme:topic_vote": Row(TOPIC, POST, MEMBERS, data=lambda w: {"action": "vote"}),
    "programme:topic_vote_by_phone": Row(TOPIC, FORM, PUBLIC),
    # programme: schedule
    "programme:series_list": Row(NET, GET, ORGANISERS),
    "programme:series_create": Row(NET, FORM, ORGANISERS),
    "programme:series_edit": Row(SERIES, FORM, ORGANISERS),
    "programme:series_plan": Row(SERIES, FORM, ORGANISERS),
    "programme:series_plan_start": Row(SERIES, GET, ORGANISERS),
    "programme:series_zoom_meeting": Row(SERIES, POST, ORGANISERS),
    "programme:hangout_create": Row(
        kw(network=slug, topic_pk=lambda w: w.topic.pk), FORM, ORGANISERS
    ),
    "programme:hangout_manage": Row(SCHEDULED, FORM, ORGANISERS),
    "programme:offer_create": Row(NET, FORM, MEMBERS),
    "programme:offer_list": Row(NET, GET, ORGANISERS),
    "programme:offer_invite": Row(
        NET, POST, ORGANISERS, data=lambda w: {"member": w.member.pk, "subject": "Nutrition"}
    ),
    "programme:offer_settle": Row(
        kw(network=slug, pk=lambda w: w.offer.pk),
        POST,
        ORGANISERS,
        data=lambda w: {"status": "declined"},
    ),
    "programme:presenter_mix": Row(NET, GET, ORGANISERS),
    "programme:presenter_profile": Row(PRESENTER, GET, PUBLIC),
    # programme: hangouts
    "programme:hangout_list": Row(NET, GET, PUBLIC),
    "programme:hangout_detail": Row(SCHEDULED, GET, PUBLIC),
    "programme:hangout_ics": Row(SCHEDULED, GET, PUBLIC),
    "programme:zoom_guide": Row(NET, GET, PUBLIC),
    # participation
    "participation:rsvp": Row(SCHEDULED, POST, MEMBERS, data=lambda w: {"going": "yes"}),
    "participation:rsvp_by_phone": Row(SCHEDULED, FORM, PUBLIC),
    "participation:rsvp_list": Row(SCHEDULED, GET, ORGANISERS),
    "participation:attendance": Row(HELD, FORM, ORGANISERS),
    "participation:attendance_remove": Row(
        kw(network=slug, pk=lambda w: w.held.pk, entry=lambda w: w.attendance.pk),
        POST,
        ORGANISERS,
    ),
    "participation:import_upload": Row(HELD, FORM, ORGANISERS),
    # Zoom is not configured in the tests: the organiser gets the view's own 404.
    "participation:import_from_zoom": Row(HELD, POST, "403 403 403 403 404 403"),
    "participation:import_preview": Row(IMPORT, FORM, ORGANISERS),
    "participation:import_review": Row(IMPORT, FORM, ORGANISERS),
    "participation:import_decide": Row(IMPORT, POST, ORGANISERS),
    "participation:check_in": Row(
        kw(network=slug, pk=lambda w: w.scheduled.pk, token=lambda w: w.check_in_token),
        FORM,
        TOKEN,
    ),
    "participation:rsvp_personal": Row(
        kw(network=slug, token=lambda w: w.rsvp_link.token), FORM, TOKEN
    ),
    # participation: feedback and look back (on the held hangout, which the presenter presented)
    "participation:feedback": Row(HELD, FORM, PUBLIC),
    "participation:feedback_personal": Row(
        kw(network=slug, token=lambda w: w.feedback_link.token), FORM, TOKEN
    ),
    # Organisers, and the hangout's own presenters (not other members).
    "participation:feedback_summary": Row(HELD, GET, "403 403 403 ok ok 403"),
    "participation:look_back": Row(HELD, GET, ORGANISERS),
    # reports
    "reports:dashboard": Row(NET, GET, ORGANISERS),
    "reports:report_pdf": Row(NET, GET, ORGANISERS),
    "reports:export": Row(
        kw(network=slug, table=lambda w: "attendance", fmt=lambda w: "csv"), GET, ORGANISERS
    ),
    "reports:public_summary": Row(NET, GET, PUBLIC),
    # outreach
    "outreach:message_list": Row(NET, GET, ORGANISERS),
    "outreach:message_edit": Row(
        kw(network=slug, kind=lambda w: "group_invitation", language=lambda w: "lo"),
        FORM,
        ORGANISERS,
    ),
    "outreach:hangout_outreach": Row(SCHEDULED, GET, ORGANISERS),
    "outreach:announcement_posted": Row(
        kw(network=slug, pk=lambda w: w.scheduled.pk, announcement=lambda w: w.announcement.pk),
        POST,
        ORGANISERS,
    ),
    "outreach:unsubscribe": Row(
        kw(network=slug, token=lambda w: w.unsubscribe_link.token), FORM, TOKEN
    ),
    "outreach:invitations": Row(SCHEDULED, FORM, ORGANISERS),
    "outreach:invitations_retry": Row(SCHEDULED, POST, ORGANISERS),
    "outreach:invitations_drop": Row(SCHEDULED, POST, ORGANISERS),
    "outreach:network_feed": Row(NET, GET, PUBLIC),
    "outreach:feed_links": Row(NET, GET, PUBLIC),
    "outreach:personal_feed_new": Row(NET, POST, "403 403 ok ok 403 403"),
    "outreach:personal_feed": Row(kw(network=slug, token=lambda w: w.feed_link.token), GET, TOKEN),
    # awards
    "awards:volunteer_list": Row(NET, GET, PUBLIC),
    "awards:volunteer_profile": Row(PRESENTER, GET, PUBLIC),
    "awards:annual_list": Row(YEAR, GET, PUBLIC),
    "awards:annual_pdf": Row(YEAR, GET, READERS),
    "awards:annual_csv": Row(YEAR, GET, READERS),
    "awards:month_manage": Row(MONTH, GET, ORGANISERS),
    "awards:month_nominate": Row(
        MONTH,
        POST,
        ORGANISERS,
        data=lambda w: {"nominate-member": w.member.pk, "nominate-reason": "Notes"},
    ),
    "awards:month_award": Row(
        MONTH,
        POST,
        ORGANISERS,
        data=lambda w: {"award-member": w.presenter.pk, "award-citation": "Thank you"},
    ),
    "awards:award_share": Row(AWARD, GET, ORGANISERS),
    # The award's documents: for the member it was given to (the presenter) and organisers.
    "awards:award_certificate": Row(AWARD, GET, "sign-in sign-in 403 ok ok 403"),
    "awards:award_card": Row(AWARD, GET, "sign-in sign-in 403 ok ok 403"),
    # The library: the world's resource is members-only slides, so visitors and the outsider
    # get 404 (nothing tells them it exists); organisers and the hangout's presenters add.
    "library:library": Row(NET, GET, PUBLIC),
    "library:search": Row(NET, GET, PUBLIC),
    "library:resource_detail": Row(RESOURCE, GET, "404 404 ok ok ok 404"),
    "library:resource_file": Row(RESOURCE_FILE, GET, "404 404 ok ok ok 404"),
    "library:resource_add": Row(HELD, FORM, "sign-in sign-in 403 ok ok 403"),
    # integrations: the webhooks are signed (refused without a signature), see test_csrf.py
    "whatsapp:webhook": Row(NONE, FORM, "403 403 403 403 403 403"),
    "whatsapp:member_opt_in": Row(MEMBER, POST, ORGANISERS),
    "whatsapp:member_opt_out": Row(MEMBER, POST, ORGANISERS),
    "zoom:webhook": Row(NONE, POST, "403 403 403 403 403 403"),
}

# Never in the matrix: Django's admin (its own permission system) and the DEBUG-only media route.
EXCLUDED_PREFIXES = ("admin/",)


def url_names() -> set[str]:
    """Every named URL pattern of the project, found by walking the resolver."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            media = settings.MEDIA_URL.lstrip("/")
            if route.startswith(EXCLUDED_PREFIXES) or (media and route.startswith(media)):
                continue
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, route)
            elif isinstance(entry, URLPattern):
                assert entry.name, f"URL {route} has no name: name it and add a row"
                names.add(namespace + entry.name)

    walk(get_resolver().url_patterns, "", "")
    return names
