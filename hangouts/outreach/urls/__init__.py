"""Outreach addresses, one module per area, all under /<network>/."""

from hangouts.outreach.urls import feeds, mail, posts

app_name = "outreach"
urlpatterns = [*posts.urlpatterns, *mail.urlpatterns, *feeds.urlpatterns]
