from django.urls import path

from haven.curriculum import views

app_name = "curriculum"

urlpatterns = [
    path("<slug:school>/", views.home, name="home"),
    path("<slug:school>/guidance/", views.guidance, name="guidance"),
    path("<slug:school>/programme/", views.programme, name="programme"),
    path("<slug:school>/lessons/new/", views.add_lesson, name="add_lesson"),
    path("<slug:school>/plan/", views.plan, name="plan"),
    path("<slug:school>/plan/import/", views.import_plan, name="import_plan"),
    path("<slug:school>/plan/import/save/", views.import_plan_save, name="import_plan_save"),
    path("<slug:school>/plan/<int:plan_id>/delivered/", views.delivered, name="delivered"),
    path("<slug:school>/sessions/new/", views.responsive_session, name="responsive_session"),
]
