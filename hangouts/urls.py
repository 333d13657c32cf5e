from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("hangouts.accounts.urls")),
    path("", include("hangouts.ops.urls")),
    path("", include("hangouts.programme.urls")),
    path("", include("hangouts.participation.urls")),
    path("", include("hangouts.outreach.urls")),
    path("", include("hangouts.awards.urls")),
    path("", include("hangouts.library.urls")),
    path("", include("hangouts.reports.urls")),
    path("whatsapp/", include("hangouts.integrations.whatsapp.urls")),
    path("zoom/", include("hangouts.integrations.zoom.urls")),
    path("", include("hangouts.network.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
