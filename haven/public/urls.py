from django.urls import path

from haven.public import views

app_name = "public"
urlpatterns = [
    path("", views.landing, name="landing"),
]
