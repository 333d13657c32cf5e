from django.urls import path

from hangouts.programme.views import hangouts as views

urlpatterns = [
    path("<slug:network>/hangouts/", views.hangout_list, name="hangout_list"),
    path("<slug:network>/hangouts/<int:pk>/", views.hangout_detail, name="hangout_detail"),
    path("<slug:network>/hangouts/<int:pk>/calendar.ics", views.hangout_ics, name="hangout_ics"),
    path("<slug:network>/zoom-guide/", views.zoom_guide, name="zoom_guide"),
]
