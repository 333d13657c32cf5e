"""Outreach addresses: mail (see views/mail.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
