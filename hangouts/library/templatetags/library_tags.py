"""The hangout page's "Slides, recordings and notes" section (programme/hangout_detail.html)."""

from __future__ import annotations

from typing import Any

from django import template

from hangouts.library.models import Resource
from hangouts.library.views import may_add

register = template.Library()


@register.inclusion_tag("library/hangout_resources.html", takes_context=True)
def hangout_resources(context: template.Context) -> dict[str, Any]:
    """The hangout's resources the visitor may see (one query), and whether they may add one
    (organisers and the hangout's presenters, from the page's prefetched presenters)."""
    hangout, organiser, member = context["hangout"], context["is_organiser"], context["member"]
    members_only = organiser or member is not None
    resources = (
        Resource.objects.filter(hangout=hangout)
        .visible(members_only=members_only, drafts=organiser)
        .order_by("kind", "-created_at", "-pk")
    )
    return {
        "network": context["network"],
        "hangout": hangout,
        "resources": list(resources),
        "can_add": may_add(hangout, organiser, member),
    }
