"""Outreach addresses: feeds (see views/feeds.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
