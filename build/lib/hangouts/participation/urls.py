from django.urls import path

from hangouts.participation import views

app_name = "participation"
urlpatterns = [
    path("<slug:network>/hangouts/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<slug:network>/hangouts/<int:pk>/answer/", views.rsvp_by_phone, name="rsvp_by_phone"),
    path("<slug:network>/hangouts/<int:pk>/rsvps/", views.rsvp_list, name="rsvp_list"),
    path("<slug:network>/hangouts/<int:pk>/attendance/", views.attendance, name="attendance"),
    path(
        "<slug:network>/hangouts/<int:pk>/attendance/<int:entry>/remove/",
        views.attendance_remove,
        name="attendance_remove",
    ),
    path("<slug:network>/rsvp/<str:token>/", views.rsvp_personal, name="rsvp_personal"),
]
