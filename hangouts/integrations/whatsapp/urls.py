"""WhatsApp: the Cloud API webhook (optional channel) and members' opt-in and opt-out."""

from django.urls import path

from hangouts.integrations.whatsapp import views

app_name = "whatsapp"
urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
    path("<slug:network>/members/<int:pk>/opt-in/", views.member_opt_in, name="member_opt_in"),
    path("<slug:network>/members/<int:pk>/opt-out/", views.member_opt_out, name="member_opt_out"),
]
