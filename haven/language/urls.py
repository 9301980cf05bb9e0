from django.urls import path

from haven.language import views

app_name = "language"
urlpatterns = [path("check/", views.check, name="check")]
