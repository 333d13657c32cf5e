"""Ready-to-post texts: the WhatsApp group post and the Facebook post of a hangout.

An organiser posts them by hand (copy, or one tap on the share link): no API, no cost, and the
group is where the network already is. The group post carries the join link, because the group
is the network's identified members; the Facebook post never does (it is public).

Share links. `https://wa.me/?text=<text>` opens WhatsApp with the text ready and a chat picker.
The text is percent-encoded, and Lao takes 3 bytes per character in UTF-8, each written "%XX":
one Lao character costs 9 characters of URL, so a 1,000-character Lao post can make a
9,000-character link. Decision: a share link may be at most SHARE_URL_LIMIT = 8,000 characters.
Why 8,000: RFC 9110 §4.1 recommends that senders and recipients support URIs of at least 8,000
octets, and the common server defaults sit there (nginx 8 KB request-line buffers, Apache
LimitRequestLine 8,190): a longer link risks "414 URI Too Long" from wa.me's own servers, which
answer the link before the app opens (on a phone without the app, always). Browsers accept
far more (Chromium 2 MB), so the browser is not the limit. Not verified on real phones here;
reports of truncated WhatsApp shares (through Android share intents) start at 2,200–3,700
characters of text, far above our posts.
Measured: the default invitations of the 38 demo hangouts are at most 462 characters of text
and 2,340 of URL (the wording still English around Lao values, until translated); a realistic
hangout wholly in Lao (long title, two presenters, Zoom link with pwd) is 568 characters and
3,560 of URL (tests/test_posts.py keeps it under 6,000). A longer custom text still copies
whole: the page warns that the share link may fail, and the Copy button stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from hangouts.outreach import messages
from hangouts.outreach.models import MessageTemplate
from hangouts.outreach.values import absolute, change_values, hangout_values
from hangouts.programme.models import Hangout, HangoutChange

WHATSAPP_SHARE = "https://wa.me/?text="
FACEBOOK_SHARE = "https://www.facebook.com/sharer/sharer.php?"
# See the module docstring: the longest share link we trust to open on a phone.
SHARE_URL_LIMIT = 8000
# The "at most about 1,000 characters" for a group post: shown as a warning only.
POST_TEXT_LIMIT = 1000


@dataclass(frozen=True)
class Post:
    kind: str
    text: str
    share_url: str

    @property
    def link_too_long(self) -> bool:
        return len(self.share_url) > SHARE_URL_LIMIT

    @property
    def text_too_long(self) -> bool:
        return len(self.text) > POST_TEXT_LIMIT


def whatsapp_share_url(text: str) -> str:
    return WHATSAPP_SHARE + quote(text, safe="")


def facebook_share_url(hangout: Hangout) -> str:
    return FACEBOOK_SHARE + urlencode({"u": absolute(hangout.get_absolute_url())})


def group_values(
    hangout: Hangout, *, language: str, change: HangoutChange | None = None
) -> dict[str, str]:
    """The placeholders of a group post: join link included (the group is identified members);
    for a change or cancellation, the old date and the organisers' note."""
    values = hangout_values(hangout, language=language)
    if change is not None:
        values = change_values(
            values, hangout, old_starts_at=change.old_starts_at, note=change.note, language=language
        )
    return values


def build_group_post(
    kind: str,
    *,
    language: str,
    values: Mapping[str, str],
    templates: Mapping[str, MessageTemplate],
) -> Post:
    """A group post from values computed once (a page with several posts renders each cheaply)."""
    text = messages.render(kind, language=language, values=values, templates=templates).text
    return Post(kind=kind, text=text, share_url=whatsapp_share_url(text))


def group_post(
    hangout: Hangout,
    *,
    kind: str = "group_invitation",
    language: str | None = None,
    change: HangoutChange | None = None,
) -> Post:
    """The ready WhatsApp group text of a hangout, in the network's language unless told."""
    language = language or hangout.network.language
    return build_group_post(
        kind,
        language=language,
        values=group_values(hangout, language=language, change=change),
        templates=messages.templates_for(hangout.network, language),
    )


def facebook_post(hangout: Hangout, *, language: str | None = None) -> Post:
    """The Facebook page's text: no join link (public); its share link shares the hangout page."""
    language = language or hangout.network.language
    values = hangout_values(hangout, language=language, with_join_link=False)
    templates = messages.templates_for(hangout.network, language)
    text = messages.render("facebook_post", language=language, values=values, templates=templates)
    return Post(kind="facebook_post", text=text.text, share_url=facebook_share_url(hangout))
