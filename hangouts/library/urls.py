from django.urls import path

from hangouts.library import views

app_name = "library"
urlpatterns = [
    path("<slug:network>/library/", views.library_index, name="library"),
    path("<slug:network>/library/<int:pk>/", views.resource_detail, name="resource_detail"),
    path(
        "<slug:network>/library/<int:pk>/<str:file_name>",
        views.resource_file,
        name="resource_file",
    ),
    path(
        "<slug:network>/hangouts/<int:pk>/resources/add/",
        views.resource_add,
        name="resource_add",
    ),
    path("<slug:network>/search/", views.search_page, name="search"),
]
