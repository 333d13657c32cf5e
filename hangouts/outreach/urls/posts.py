"""Outreach addresses: posts (see views/posts.py)."""

from django.urls import path

from hangouts.outreach.views import posts as views

urlpatterns = [
    path("<slug:network>/messages/", views.message_list, name="message_list"),
    path(
        "<slug:network>/messages/<slug:kind>/<str:language>/",
        views.message_edit,
        name="message_edit",
    ),
    path(
        "<slug:network>/hangouts/<int:pk>/outreach/",
        views.hangout_outreach,
        name="hangout_outreach",
    ),
    path(
        "<slug:network>/hangouts/<int:pk>/outreach/<int:announcement>/posted/",
        views.announcement_posted,
        name="announcement_posted",
    ),
]
