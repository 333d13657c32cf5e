from django.conf import settings
from django.urls import path

from hangouts.ops import views

app_name = "ops"
urlpatterns = [path("healthz", views.healthz, name="healthz")]
if settings.BENCH_BARE_VIEW:  # bench/load.py only; off everywhere else
    urlpatterns.append(path("bench/bare", views.bench_bare, name="bench_bare"))
