from django.urls import include, path

from haven.system import views as system_views

urlpatterns = [
    path("", include("haven.public.urls")),
    path("account/", include("haven.accounts.urls")),
    path("concerns/", include("haven.concerns.urls")),
    path("cases/", include("haven.cases.urls")),
    path("pupils/", include("haven.chronology.urls")),
    path("audit/", include("haven.audit.urls")),
    path("school/", include("haven.schools.urls")),
    path("language/", include("haven.language.urls")),
    path("out-of-hours/", include("haven.outofhours.urls")),
    path("curriculum/", include("haven.curriculum.urls")),
    path("records/", include("haven.records.urls")),
    path("reports/", include("haven.reports.urls")),
    path("health/", system_views.health, name="health"),
]
