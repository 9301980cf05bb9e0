from django.urls import path

from haven.outofhours import views

app_name = "outofhours"
urlpatterns = [
    path("<slug:school>/", views.index, name="index"),
    path("<slug:school>/closed-days/add/", views.add_closure, name="add_closure"),
    path("<slug:school>/closed-days/calendar/", views.read_calendar, name="read_calendar"),
    path("<slug:school>/closed-days/calendar/save/", views.save_calendar, name="save_calendar"),
    path(
        "<slug:school>/closed-days/<int:closure_id>/remove/",
        views.remove_closure,
        name="remove_closure",
    ),
    path("<slug:school>/on-call/add/", views.add_shift, name="add_shift"),
    path("<slug:school>/on-call/<int:shift_id>/remove/", views.remove_shift, name="remove_shift"),
]
