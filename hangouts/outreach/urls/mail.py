"""Outreach addresses: mail (see views/mail.py)."""

from django.urls import URLPattern, path

from hangouts.outreach.views import mail

urlpatterns: list[URLPattern] = [
    path("<slug:network>/unsubscribe/<str:token>/", mail.unsubscribe, name="unsubscribe"),
    path("<slug:network>/hangouts/<int:pk>/invitations/", mail.invitations, name="invitations"),
    path(
        "<slug:network>/hangouts/<int:pk>/invitations/retry/",
        mail.invitations_retry,
        name="invitations_retry",
    ),
    path(
        "<slug:network>/hangouts/<int:pk>/invitations/drop/",
        mail.invitations_drop,
        name="invitations_drop",
    ),
]
