"""The WhatsApp Cloud API webhook (optional channel)."""

from django.urls import URLPattern

app_name = "whatsapp"
urlpatterns: list[URLPattern] = []
