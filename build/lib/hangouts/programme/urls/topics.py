from django.urls import path

from hangouts.programme.views import topics as views

urlpatterns = [
    path("<slug:network>/topics/", views.topic_list, name="topic_list"),
    path("<slug:network>/topics/propose/", views.topic_propose, name="topic_propose"),
    path("<slug:network>/topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("<slug:network>/topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("<slug:network>/topics/<int:pk>/merge/", views.topic_merge, name="topic_merge"),
    path("<slug:network>/topics/<int:pk>/vote/", views.topic_vote, name="topic_vote"),
    path(
        "<slug:network>/topics/<int:pk>/vote-by-phone/",
        views.topic_vote_by_phone,
        name="topic_vote_by_phone",
    ),
]
