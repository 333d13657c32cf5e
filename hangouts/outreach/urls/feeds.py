"""Outreach addresses: feeds (see views/feeds.py)."""

from django.urls import path

from hangouts.outreach.views import feeds as views

urlpatterns = [
    path("<slug:network>/calendar.ics", views.network_feed, name="network_feed"),
    path("<slug:network>/calendar/", views.feed_links, name="feed_links"),
    path("<slug:network>/calendar/new/", views.personal_feed_new, name="personal_feed_new"),
    path("<slug:network>/calendar/<str:token>.ics", views.personal_feed, name="personal_feed"),
]
