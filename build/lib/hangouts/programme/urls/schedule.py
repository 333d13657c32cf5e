"""Organisers' planning: series, scheduling and managing hangouts; presenters."""

from django.urls import path

from hangouts.programme.views import schedule as views

urlpatterns = [
    path("<slug:network>/series/", views.series_list, name="series_list"),
    path("<slug:network>/series/add/", views.series_edit, name="series_create"),
    path("<slug:network>/series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("<slug:network>/series/<int:pk>/plan/", views.series_plan, name="series_plan"),
    path(
        "<slug:network>/series/<int:pk>/plan/start/",
        views.series_plan_start,
        name="series_plan_start",
    ),
    path(
        "<slug:network>/series/<int:pk>/zoom-meeting/",
        views.series_zoom_meeting,
        name="series_zoom_meeting",
    ),
    path(
        "<slug:network>/topics/<int:topic_pk>/schedule/",
        views.hangout_create,
        name="hangout_create",
    ),
    path("<slug:network>/hangouts/<int:pk>/manage/", views.hangout_manage, name="hangout_manage"),
    path("<slug:network>/presenters/offer/", views.offer_create, name="offer_create"),
    path("<slug:network>/presenters/offers/", views.offer_list, name="offer_list"),
    path("<slug:network>/presenters/invite/", views.offer_invite, name="offer_invite"),
    path("<slug:network>/presenters/offers/<int:pk>/", views.offer_settle, name="offer_settle"),
    path("<slug:network>/presenters/mix/", views.presenter_mix, name="presenter_mix"),
    path(
        "<slug:network>/presenters/<int:member_pk>/",
        views.presenter_profile,
        name="presenter_profile",
    ),
]
