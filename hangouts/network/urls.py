from django.urls import path

from hangouts.network import views

app_name = "network"
urlpatterns = [
    path("", views.choose, name="choose"),
    path("<slug:network>/", views.home, name="home"),
    path("<slug:network>/sign-in/", views.member_sign_in, name="sign_in"),
    path("<slug:network>/settings/", views.network_settings, name="settings"),
    path("<slug:network>/members/", views.directory, name="directory"),
    path("<slug:network>/members/add/", views.member_edit, name="member_add"),
    path("<slug:network>/members/import/", views.roster_upload, name="roster_upload"),
    path("<slug:network>/members/import/<int:pk>/", views.roster_preview, name="roster_preview"),
    path("<slug:network>/members/<int:pk>/", views.member_detail, name="member_detail"),
    path("<slug:network>/members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path(
        "<slug:network>/members/<int:pk>/deactivate/",
        views.member_deactivate,
        name="member_deactivate",
    ),
    path(
        "<slug:network>/members/<int:pk>/sign-in-link/",
        views.member_sign_in_link,
        name="member_sign_in_link",
    ),
]
