"""Outreach addresses: posts (see views/posts.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
