from django.urls import path

from haven.reports import views

app_name = "reports"

urlpatterns = [
    path("trust/<slug:trust>/", views.trust, name="trust"),
    path("trust/<slug:trust>/<slug:school>/", views.trust_school, name="trust_school"),
    path("<slug:school>/", views.dashboard, name="dashboard"),
    path("<slug:school>/behind/<slug:figure>/", views.behind, name="behind"),
    path("<slug:school>/governors-report/", views.governors_report, name="governors_report"),
    path("<slug:school>/la-return/", views.la_return, name="la_return"),
    path("<slug:school>/files/<uuid:file_id>/", views.report_file, name="file"),
    path(
        "<slug:school>/files/<uuid:file_id>/download/",
        views.report_download,
        name="file_download",
    ),
]
