from django.urls import path

from hangouts.participation import views

app_name = "participation"
attendance = "<slug:network>/hangouts/<int:pk>/attendance"
urlpatterns = [
    path("<slug:network>/hangouts/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<slug:network>/hangouts/<int:pk>/answer/", views.rsvp_by_phone, name="rsvp_by_phone"),
    path("<slug:network>/hangouts/<int:pk>/rsvps/", views.rsvp_list, name="rsvp_list"),
    path(f"{attendance}/", views.attendance, name="attendance"),
    path(f"{attendance}/<int:entry>/remove/", views.attendance_remove, name="attendance_remove"),
    path(f"{attendance}/import/", views.import_upload, name="import_upload"),
    path(f"{attendance}/import/zoom/", views.import_from_zoom, name="import_from_zoom"),
    path(f"{attendance}/import/<int:import_pk>/", views.import_preview, name="import_preview"),
    path(
        f"{attendance}/import/<int:import_pk>/review/",
        views.import_review,
        name="import_review",
    ),
    path(
        f"{attendance}/import/<int:import_pk>/decide/",
        views.import_decide,
        name="import_decide",
    ),
    path(
        "<slug:network>/hangouts/<int:pk>/check-in/<str:token>/",
        views.check_in,
        name="check_in",
    ),
    path("<slug:network>/rsvp/<str:token>/", views.rsvp_personal, name="rsvp_personal"),
    path("<slug:network>/hangouts/<int:pk>/feedback/", views.feedback, name="feedback"),
    path(
        "<slug:network>/hangouts/<int:pk>/feedback/summary/",
        views.feedback_summary_page,
        name="feedback_summary",
    ),
    path("<slug:network>/hangouts/<int:pk>/look-back/", views.look_back_page, name="look_back"),
    path("<slug:network>/feedback/<str:token>/", views.feedback_personal, name="feedback_personal"),
]
