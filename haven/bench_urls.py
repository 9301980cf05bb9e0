"""Haven's URLs and the benchmark's floor view (haven/bench_settings.py only)."""

from django.urls import include, path

from haven.system.bench import floor

urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("haven.urls")),
]
