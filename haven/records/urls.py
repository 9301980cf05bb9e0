from django.urls import path

from haven.records import views

app_name = "records"
urlpatterns = [
    path("<slug:school>/", views.queue, name="queue"),
    path("<slug:school>/policy/", views.set_policy, name="policy"),
    path("pupil/<uuid:pupil_id>/", views.pupil, name="pupil"),
    path("pupil/<uuid:pupil_id>/hold/", views.place_hold, name="hold"),
    path("pupil/<uuid:pupil_id>/release/", views.release_hold, name="release"),
    path("pupil/<uuid:pupil_id>/delete/", views.delete, name="delete"),
]
