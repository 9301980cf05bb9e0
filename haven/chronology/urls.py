from django.urls import path

from haven.chronology import views

app_name = "chronology"
urlpatterns = [
    path("<uuid:pk>/", views.pupil, name="pupil"),
]
