from django.urls import path

from haven.audit import views

app_name = "audit"
urlpatterns = [
    path("pupil/<uuid:pupil_id>/", views.pupil_access, name="pupil_access"),
]
