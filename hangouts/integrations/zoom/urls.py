"""Zoom: the event webhook (set its address in the Zoom app as https://<host>/zoom/webhook/)."""

from django.urls import path

from hangouts.integrations.zoom import views

app_name = "zoom"
urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
]
